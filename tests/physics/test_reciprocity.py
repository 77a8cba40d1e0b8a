"""Reciprocity at B = 0: 𝒯_{j→i} = 𝒯_{i→j}. Checked, never imposed: the kernel computes
both directions independently."""

import numpy as np

import photodrag
from photodrag.diagnostics import reciprocity_residual

from physics_systems import BAND


def test_reciprocal_without_field(reciprocal_system):
    spec = photodrag.spectra(reciprocal_system, BAND)
    t = spec["transmission"].values
    np.testing.assert_allclose(t, t.transpose(0, 2, 1), rtol=1e-9, atol=1e-12 * t.max())
    assert float(reciprocity_residual(spec).max()) < 1e-9


def test_field_breaks_reciprocity(mixed_magnetic_spectra):
    # Not a law, but the premise of supercurrents: without it the Onsager test below is vacuous.
    assert float(reciprocity_residual(mixed_magnetic_spectra).max()) > 1e-4


def test_field_on_non_magnetic_particles_changes_nothing(reciprocal_system):
    silicon_carbide_only = photodrag.System(reciprocal_system.positions, reciprocal_system.radii, "SiC")
    with_field = silicon_carbide_only.with_field((0, 0, 7.0))
    a = photodrag.spectra(silicon_carbide_only, BAND)["transmission"].values
    b = photodrag.spectra(with_field, BAND)["transmission"].values
    np.testing.assert_array_equal(a, b)


def test_reciprocal_with_magnetic_dipoles_without_field(multipole_reciprocal_system):
    """6N model at B = 0: 𝒯_{j→i} = 𝒯_{i→j} for every pair, and channel by channel,
    𝒯(dipole s of j → dipole t of i) = 𝒯(dipole t of i → dipole s of j)."""
    spec = photodrag.spectra(multipole_reciprocal_system, BAND, by_dipole=True)
    t = spec["transmission"].values
    np.testing.assert_allclose(t, t.transpose(0, 2, 1), rtol=1e-9, atol=1e-12 * t.max())
    channels = spec["transmission_by_dipole"].values
    np.testing.assert_allclose(channels, channels.transpose(0, 2, 1, 4, 3), rtol=1e-9, atol=1e-12 * t.max())
    assert float(reciprocity_residual(spec).max()) < 1e-9


def test_field_breaks_reciprocity_with_magnetic_dipoles(multipole_magnetic_spectra):
    assert float(reciprocity_residual(multipole_magnetic_spectra).max()) > 1e-4


def test_reciprocal_with_multipoles(multipole_cluster_spectra):
    """Exact spheres at B = 0: every ordered pair of spheres is translated from its own direction, and
    𝒯_{j→i} = 𝒯_{i→j} follows from Lorentz reciprocity of the translation coefficients, A(r)ᵀ = A(−r)."""
    t = multipole_cluster_spectra["transmission"].values
    np.testing.assert_allclose(t, t.transpose(0, 2, 1), rtol=1e-9, atol=1e-12 * t.max())
    assert float(reciprocity_residual(multipole_cluster_spectra).max()) < 1e-10
