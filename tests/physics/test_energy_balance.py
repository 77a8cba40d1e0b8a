"""Energy balance (docs/theory.md): for every particle and frequency, what it receives from the
other particles and the bath equals what it gives to them, with B ≠ 0 included. The two bath
channels come from different products in the kernel, so this is a real check."""

import numpy as np

import photodrag
from photodrag.diagnostics import energy_balance_residual

from physics_systems import BAND


def _balance(spec):
    t = spec["transmission"].values  # [ω, emitter, absorber]
    received = t.sum(axis=1) + spec["transmission_from_bath"].values
    given = t.sum(axis=2) + spec["transmission_to_bath"].values
    return received, given


def test_energy_balance_with_field(mixed_magnetic_spectra):
    received, given = _balance(mixed_magnetic_spectra)
    np.testing.assert_allclose(received, given, rtol=1e-10, atol=0)


def test_energy_balance_without_field(reciprocal_system):
    received, given = _balance(photodrag.spectra(reciprocal_system, BAND))
    np.testing.assert_allclose(received, given, rtol=1e-10, atol=0)


def test_bath_channels_differ_particle_by_particle_when_non_reciprocal(mixed_magnetic_spectra):
    # The balance is not trivially true channel by channel: with B ≠ 0 a particle can
    # radiate to the bath more than it absorbs from it at the same frequency.
    to_bath = mixed_magnetic_spectra["transmission_to_bath"].values
    from_bath = mixed_magnetic_spectra["transmission_from_bath"].values
    assert np.max(np.abs(to_bath - from_bath) / to_bath) > 1e-6


def test_stored_residual_is_the_worst_over_omega(mixed_magnetic_spectra):
    residual = energy_balance_residual(mixed_magnetic_spectra)
    assert residual.dims == ("omega",)
    assert mixed_magnetic_spectra.attrs["energy_balance_residual"] == float(residual.max())
    assert mixed_magnetic_spectra.attrs["energy_balance_residual"] < 1e-10


def test_single_particle_emits_what_it_absorbs():
    spec = photodrag.spectra(photodrag.System([[0, 0, 0]], 30e-9, "InSb", B=(0, 0, 3.0)), BAND)
    np.testing.assert_allclose(
        spec["transmission_to_bath"].values, spec["transmission_from_bath"].values, rtol=1e-10
    )


def test_residual_keeps_extra_dimensions(mixed_magnetic_spectra):
    """A study stacks spectra along sweep dimensions: the residual is computed per sweep point."""
    import xarray as xr

    stacked = xr.concat([mixed_magnetic_spectra, mixed_magnetic_spectra * 2], dim="h")
    residual = energy_balance_residual(stacked)
    assert set(residual.dims) == {"h", "omega"}
    np.testing.assert_allclose(residual.sel(h=0).values, energy_balance_residual(mixed_magnetic_spectra).values)


def test_energy_balance_with_magnetic_dipoles_and_field(multipole_magnetic_spectra):
    """6N model (or Mie electric dipoles), mixed Au/SiC/InSb under an oblique field, per particle and ω."""
    received, given = _balance(multipole_magnetic_spectra)
    np.testing.assert_allclose(received, given, rtol=1e-10, atol=0)
    assert multipole_magnetic_spectra.attrs["energy_balance_residual"] < 1e-10


def test_energy_balance_with_magnetic_dipoles_without_field(multipole_reciprocal_system):
    received, given = _balance(photodrag.spectra(multipole_reciprocal_system, BAND))
    np.testing.assert_allclose(received, given, rtol=1e-10, atol=0)


def test_energy_balance_with_multipoles(multipole_cluster_spectra):
    """Exact spheres (multipoles to L = 4, gaps from 5 nm): the same two bath products, the same balance."""
    received, given = _balance(multipole_cluster_spectra)
    np.testing.assert_allclose(received, given, rtol=1e-10, atol=0)
    assert multipole_cluster_spectra.attrs["energy_balance_residual"] < 1e-12


def test_single_sphere_with_multipoles_emits_what_it_absorbs():
    """Kirchhoff for one gold sphere of 3 µm (kR ≈ 2, every multipole to L = 12 radiating)."""
    spec = photodrag.spectra(photodrag.System([[0, 0, 0]], 3e-6, "Au", multipole_order=12), BAND[::20])
    np.testing.assert_allclose(spec["transmission_to_bath"].values, spec["transmission_from_bath"].values, rtol=1e-10)
