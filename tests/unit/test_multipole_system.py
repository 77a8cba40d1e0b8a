"""System(multipole_order=...): what it accepts and refuses, what the dataset says, and that the dipole
models are untouched by it."""

import warnings

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag.engine import order_convergence

R = 100e-9
TOUCHING = [[0, 0, 0], [2.1 * R, 0, 0]]
CLOSE = [[0, 0, 0], [2.5 * R, 0, 0]]
FAR = [[0, 0, 0], [4 * R, 0, 0]]
OMEGA = np.linspace(1.7e14, 1.8e14, 5)


@pytest.mark.parametrize("order, tol, match", [
    (0, None, "integer L ≥ 1"), (-2, None, "integer L ≥ 1"), (2.5, None, "integer L ≥ 1"), (True, None, "integer L ≥ 1"),
    ("Auto", None, "unknown multipole_order='Auto'.*'auto'"), ("3", None, "unknown multipole_order"),
    (3, 1e-3, "multipole_tol applies to multipole_order='auto' only"),
    (None, 1e-3, "multipole_tol applies to multipole_order='auto' only"),
    ("auto", 0.0, "between 0 and 1"), ("auto", 1.5, "between 0 and 1"), ("auto", "tight", "between 0 and 1"),
])
def test_bad_orders_and_tolerances(order, tol, match):
    with pytest.raises(ValueError, match=match):
        photodrag.System(FAR, R, "SiC", multipole_order=order, multipole_tol=tol)


@pytest.mark.parametrize("model", [{"dipoles": "electric", "polarizability": "mie"},
                                   {"dipoles": "electric+magnetic", "polarizability": "quasistatic"}])
def test_another_dipole_model_is_refused(model):
    with pytest.raises(ValueError, match="takes dipoles='electric\\+magnetic' and polarizability='mie'"):
        photodrag.System(FAR, R, "SiC", multipole_order=2, **model)


def test_the_model_is_implied_and_recorded():
    system = photodrag.System(FAR, R, "SiC", multipole_order=3)
    assert (system.dipoles, system.polarizability, system.multipole_order) == ("electric+magnetic", "mie", 3)
    explicit = photodrag.System(FAR, R, "SiC", dipoles="electric+magnetic", polarizability="mie", multipole_order=3)
    assert explicit.uses_multipoles and system.multipole_tol is None
    auto = photodrag.System(FAR, R, "SiC", multipole_order="auto")
    assert auto.multipole_tol == 1e-3


@pytest.mark.parametrize("order", [2, "auto"])
def test_anisotropic_particles_are_refused_beyond_the_dipoles(order):
    with pytest.raises(ValueError, match=r"particles \[1\] \(InSb under the field B = \[0.0, 0.0, 2.0\] T\) are anisotropic"):
        photodrag.System(FAR, R, ["SiC", "InSb"], B=(0, 0, 2.0), multipole_order=order)
    photodrag.System(FAR, R, ["SiC", "InSb"], multipole_order=order)                  # no field: isotropic InSb
    with pytest.raises(ValueError, match="anisotropic"):
        photodrag.System(FAR, R, ["SiC", "InSb"], multipole_order=order).with_field((1.0, 0, 0))


def test_first_order_with_an_anisotropic_particle_is_the_6n_model():
    """multipole_order=1 is dipoles="electric+magnetic", polarizability="mie", which keeps an InSb
    sphere under a field in its quasi-static electric dipole: the same kernel, the same numbers."""
    with pytest.warns(photodrag.AnisotropicParticleWarning):
        first = photodrag.System(FAR, R, ["SiC", "InSb"], B=(0, 0, 2.0), multipole_order=1)
    with pytest.warns(photodrag.AnisotropicParticleWarning):
        dipoles = photodrag.System(FAR, R, ["SiC", "InSb"], B=(0, 0, 2.0), dipoles="electric+magnetic", polarizability="mie")
    assert not first.uses_multipoles
    np.testing.assert_array_equal(photodrag.spectra(first, OMEGA)["transmission"], photodrag.spectra(dipoles, OMEGA)["transmission"])


def test_validity_warning_only_for_dipoles():
    with pytest.warns(photodrag.DipoleValidityWarning):
        photodrag.System(TOUCHING, R, "SiC", multipole_order=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        photodrag.System(TOUCHING, R, "SiC", multipole_order=2)
        photodrag.System(TOUCHING, R, "SiC", multipole_order="auto")


def test_copies_keep_the_order():
    system = photodrag.System(TOUCHING, R, ["SiC", "Au"], multipole_order="auto", multipole_tol=1e-2)
    for copy in (system.with_field((0, 0, 1.0)), system.rotated(np.eye(3), shift=(1e-6, 0, 0)), system.with_model()):
        assert (copy.multipole_order, copy.multipole_tol) == ("auto", 1e-2)
    assert system.with_model(multipole_order=4).multipole_tol is None
    with pytest.warns(photodrag.DipoleValidityWarning):
        off = system.with_model(multipole_order=None)
    assert (off.multipole_order, off.dipoles, off.polarizability) == (None, "electric+magnetic", "mie")
    on = photodrag.System(FAR, R, "SiC").with_model(multipole_order=2)
    assert (on.dipoles, on.polarizability) == ("electric+magnetic", "mie")
    assert photodrag.geometry.dimers(4 * R, 4 * R, R, ["SiC", "Au", "Au", "SiC"], multipole_order=2).multipole_order == 2


def test_dataset_of_a_fixed_order(tmp_path):
    spec = photodrag.spectra(photodrag.System(TOUCHING, R, ["SiC", "Au"], multipole_order=3), OMEGA)
    assert spec.attrs["multipole_order"] == 3
    assert (spec.attrs["dipoles"], spec.attrs["polarizability"]) == ("electric+magnetic", "mie")
    assert list(spec["dipole_model"].values) == ["electric+magnetic"] * 2
    assert spec.attrs["energy_balance_residual"] < 1e-12
    assert "multipole_order_used" not in spec
    path = tmp_path / "spectra.nc"
    spec.to_netcdf(path)
    with xr.open_dataset(path) as back:
        assert back.attrs["multipole_order"] == 3


def test_dataset_of_auto():
    spec = photodrag.spectra(photodrag.System(CLOSE, R, ["SiC", "Au"], multipole_order="auto", multipole_tol=1e-2),
                             OMEGA)
    used, error = spec["multipole_order_used"], spec["multipole_truncation_error_estimate"]
    assert used.dims == error.dims == ("omega",)
    for variable in (used, error):
        assert variable.attrs["units"] == "1" and variable.attrs["long_name"]
    assert np.all(error <= 1e-2) and np.all(used >= 2)
    assert spec.attrs["multipole_order"] == "auto" and spec.attrs["multipole_tol"] == 1e-2
    assert spec.attrs["multipole_order_max_used"] == int(used.max())
    assert spec.attrs["multipole_relative_error_estimate"] == float(error.max())
    assert spec.attrs["multipole_converged"] == 1
    fixed = photodrag.spectra(photodrag.System(CLOSE, R, ["SiC", "Au"], multipole_order=int(used[0])), OMEGA[:1])
    np.testing.assert_allclose(spec["transmission"][:1], fixed["transmission"], rtol=1e-13)


def test_auto_that_stops_short_warns_and_says_so(monkeypatch):
    monkeypatch.setattr(order_convergence, "ORDER_SEQUENCE", (1, 2))
    system = photodrag.System(TOUCHING, R, ["SiC", "Au"], multipole_order="auto", multipole_tol=1e-6)
    with pytest.warns(photodrag.MultipoleConvergenceWarning, match="did not reach multipole_tol=1e-06 at 5 of 5"):
        spec = photodrag.spectra(system, OMEGA)
    assert spec.attrs["multipole_converged"] == 0
    assert np.all(spec["multipole_order_used"] == 2) and np.all(spec["multipole_truncation_error_estimate"] > 1e-6)


def test_by_dipole_is_for_dipoles():
    with pytest.raises(ValueError, match="by_dipole=True gives the channels between dipoles"):
        photodrag.spectra(photodrag.System(FAR, R, "SiC", multipole_order=2), OMEGA, by_dipole=True)


def test_size_warning_follows_the_order():
    """kR > L at every frequency is refused politely (a length in nm given as metres, say); kR = 2 with L = 3 is fine."""
    with pytest.warns(photodrag.ParticleSizeWarning, match="kR > 3 at every frequency.*multipoles to order L = 3"):
        photodrag.spectra(photodrag.System([[0, 0, 0]], 7e-6, "SiC", multipole_order=3), OMEGA[:1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        photodrag.spectra(photodrag.System([[0, 0, 0]], 3.2e-6, "SiC", multipole_order=3), OMEGA[:1])


def test_default_model_untouched():
    """No multipole attribute or variable unless asked for; the default is today's kernel."""
    spec = photodrag.spectra(photodrag.System(FAR, R, "SiC"), OMEGA)
    assert not [name for name in list(spec.attrs) + list(spec.variables) if "multipole" in name]


def test_adaptive_grid_keeps_the_orders_of_the_frequencies_it_keeps():
    """photodrag.adaptive_spectra over an "auto" system: multipole_order_used and its estimate travel with
    the Gauss nodes kept, and the attributes sum up those nodes, not the first round's."""
    system = photodrag.System([[0, 0, 0], [4 * 20e-9, 0, 0]], 20e-9, ["SiC", "SiC"], multipole_order="auto",
                              multipole_tol=5e-2)
    with pytest.warns(photodrag.grid.GridConvergenceWarning):     # a budget of four panels, on purpose
        spec = photodrag.adaptive_spectra(system, T_range=(295, 305), tol=1e-6, n_temperatures=2,
                                          omega_range=(1.70e14, 1.80e14), max_points=60)
    used, error = spec["multipole_order_used"], spec["multipole_truncation_error_estimate"]
    assert used.sizes["omega"] == spec.sizes["omega"] and np.all(used >= 2)
    assert spec.attrs["multipole_order_max_used"] == int(used.max())
    assert spec.attrs["multipole_relative_error_estimate"] == float(error.max()) <= 5e-2
