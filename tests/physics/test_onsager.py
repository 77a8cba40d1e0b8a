"""Onsager–Casimir: 𝒯_{j→i}(B) = 𝒯_{i→j}(−B), for every pair and frequency; the bath
channels swap: 𝒯_{i→b}(B) = 𝒯_{b→i}(−B)."""

import numpy as np
import pytest

import photodrag

from physics_systems import BAND


def test_pairs_swap_under_field_reversal(mixed_magnetic_system, mixed_magnetic_spectra):
    reversed_field = photodrag.spectra(mixed_magnetic_system.with_field(-mixed_magnetic_system.B), BAND)
    forward = mixed_magnetic_spectra["transmission"].values
    backward = reversed_field["transmission"].values
    np.testing.assert_allclose(forward, backward.transpose(0, 2, 1), rtol=1e-9, atol=1e-12 * forward.max())


def test_bath_channels_swap_under_field_reversal(mixed_magnetic_system, mixed_magnetic_spectra):
    reversed_field = photodrag.spectra(mixed_magnetic_system.with_field(-mixed_magnetic_system.B), BAND)
    np.testing.assert_allclose(
        mixed_magnetic_spectra["transmission_to_bath"].values,
        reversed_field["transmission_from_bath"].values,
        rtol=1e-9,
    )


def test_pairs_and_channels_swap_under_field_reversal_with_magnetic_dipoles(multipole_magnetic_system,
                                                                          multipole_magnetic_spectra):
    """6N model: 𝒯_{j→i}(B) = 𝒯_{i→j}(−B), pair by pair and dipole channel by channel; bath channels swap."""
    with pytest.warns(photodrag.AnisotropicParticleWarning):
        reversed_system = multipole_magnetic_system.with_field(-multipole_magnetic_system.B)
    reversed_field = photodrag.spectra(reversed_system, BAND, by_dipole=True)
    forward = multipole_magnetic_spectra["transmission"].values
    np.testing.assert_allclose(forward, reversed_field["transmission"].values.transpose(0, 2, 1), rtol=1e-9,
                               atol=1e-12 * forward.max())
    np.testing.assert_allclose(multipole_magnetic_spectra["transmission_by_dipole"].values,
                               reversed_field["transmission_by_dipole"].values.transpose(0, 2, 1, 4, 3), rtol=1e-9,
                               atol=1e-12 * forward.max())
    np.testing.assert_allclose(multipole_magnetic_spectra["transmission_to_bath"].values,
                               reversed_field["transmission_from_bath"].values, rtol=1e-9)
