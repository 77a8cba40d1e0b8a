"""The adaptive grid's error estimate is honest: against a 10× refined reference (each panel
cut in ten, 15-point Kronrod rule) it is within 3× of the true error, and the true error of
every conductance, bath conductance and supercurrent is below the tolerance. Systems: the
paper's SiC dimers, the crossed Au/SiC dimers and the InSb rings under B (photodrag.grid)."""

import numpy as np
import pytest

import photodrag
from photodrag import grid

R = 100e-9
TOL = 1e-4


def _dimers(materials):
    d, h = 4 * R, 4 * R
    return photodrag.System([[0, 0, 0], [d, 0, 0], [0, h, 0], [d, h, 0]], R, materials)


def _rings(B):
    angle = np.arange(4) * np.pi / 2
    ring = 1.01 * 3 * R / np.sqrt(2) * np.stack([np.cos(angle), np.sin(angle), np.zeros(4)], axis=1)
    return photodrag.System(np.concatenate([ring, ring + [0, 0, 3.1 * R]]), R, "InSb", B=B)


SYSTEMS = {
    "SiC": lambda: _dimers("SiC"),
    "Au/SiC": lambda: _dimers(["SiC", "Au", "Au", "SiC"]),
    "InSb": lambda: _rings((0.0, 0.0, 5.0)),
    "InSb-oblique-1T": lambda: _rings((0.3, 0.0, 1.0)),
}


@pytest.fixture(scope="module", params=sorted(SYSTEMS))
def case(request):
    system = SYSTEMS[request.param]()
    spec = grid.adaptive_spectra(system, (250.0, 400.0), tol=TOL)
    temperatures = spec["grid_temperature"].values
    reference = grid.refined_reference(system, spec["grid_panel_edge"].values, temperatures)
    return request.param, system, spec, grid.integrals(spec, temperatures), reference


def _estimates(spec):
    out = {"conductance": spec["conductance_error_estimate"].values,
           "bath_conductance": spec["bath_conductance_error_estimate"].transpose(
               "grid_temperature", "bath_channel", "particle").values,
           "power": spec["power_error_estimate"].values}
    if "supercurrent_error_estimate" in spec:
        out["supercurrent"] = spec["supercurrent_error_estimate"].values
    return out


def test_grid_converged_and_true_error_below_tolerance(case):
    name, _, spec, values, reference = case
    assert spec.attrs["grid_converged"] == 1
    assert spec.attrs["grid_relative_error_estimate"] <= TOL
    for key, error in grid.relative_error(values, reference).items():
        assert error.max() <= TOL, (name, key, error.max())


def test_error_estimate_within_three_times_the_true_error(case):
    name, _, spec, values, reference = case
    estimates = _estimates(spec)
    assert set(estimates) == set(reference)
    checked = 0
    for key, ref in reference.items():
        true = np.abs(values[key] - ref)
        scale = np.abs(ref).max()
        # below 1e-12 of the largest value the reference itself is not exact enough to judge
        judged = true > 1e-12 * scale
        ratio = estimates[key][judged] / true[judged]
        checked += ratio.size
        assert np.all((ratio >= 1 / 3) & (ratio <= 3)), (name, key, ratio.min(), ratio.max())
        # and the worst estimated relative error matches the worst true one
        worst_true = grid.relative_error(values, reference)[key].max()
        bound = {k: reference[k] + estimates[k] for k in reference}
        worst_estimate = grid.relative_error(bound, reference)[key].max()
        assert worst_true / 3 <= worst_estimate <= 3 * worst_true, (name, key, worst_true, worst_estimate)
    assert checked > 0


def test_supercurrent_controlled_only_with_field(case):
    name, system, spec, _, _ = case
    assert ("supercurrent_error_estimate" in spec) == (system.B is not None and bool(np.any(system.B != 0)))


def test_conductance_uses_the_stored_rule(case):
    _, _, spec, values, _ = case
    T = float(spec["grid_temperature"][0])
    np.testing.assert_allclose(photodrag.conductance(spec, T).values, values["conductance"][0], rtol=1e-12, atol=0)


def test_range_truncation_is_negligible():
    # The default range [1e-3 kT_min/ħ, 40 kT_max/ħ] leaves out less than 1e-8 of the integrals:
    # extending it by a decade on both sides changes nothing at that level.
    system = _dimers(["SiC", "Au", "Au", "SiC"])
    low, high = grid.default_omega_range(system, (250.0, 400.0))
    base = grid.adaptive_spectra(system, (250.0, 400.0), tol=1e-6)
    wide = grid.adaptive_spectra(system, (250.0, 400.0), tol=1e-6, omega_range=(low / 10, high * 10))
    T = base["grid_temperature"].values
    for key, error in grid.relative_error(grid.integrals(base, T), grid.integrals(wide, T)).items():
        assert error.max() < 1e-5, (key, error.max())


def test_fewer_points_than_a_uniform_grid_of_equal_accuracy():
    # SiC dimers: a uniform trapezoid grid on the same range needs thousands of points for
    # 1e-4; the adaptive grid uses (all evaluations counted) at most a fifth of that.
    system = _dimers("SiC")
    spec = grid.adaptive_spectra(system, (250.0, 400.0), tol=TOL)
    T = spec["grid_temperature"].values
    edges = spec["grid_panel_edge"].values
    reference = grid.refined_reference(system, edges, T)
    n_uniform = 5 * spec.attrs["grid_points_evaluated"]
    uniform = photodrag.spectra(system, np.linspace(edges[0], edges[-1], n_uniform))
    error = max(e.max() for e in grid.relative_error(grid.integrals(uniform, T), reference).values())
    assert error > TOL
