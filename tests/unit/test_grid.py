"""photodrag.grid: the Gauss–Kronrod rule, the resonance finder, the seeds and the dataset."""

import numpy as np
import pytest

import photodrag
from photodrag import grid

R = 100e-9


def test_kronrod_and_gauss_rules_are_exact_to_their_degrees():
    for degree in range(24):
        exact = (1 - (-1) ** (degree + 1)) / (degree + 1)
        kronrod = np.sum(grid.KRONROD_WEIGHTS * grid.NODES**degree)
        gauss = np.sum(grid.GAUSS_WEIGHTS * grid.NODES**degree)
        if degree <= 22:
            assert kronrod == pytest.approx(exact, abs=1e-14)
        if degree <= 13:
            assert gauss == pytest.approx(exact, abs=1e-14)
    nodes, weights = np.polynomial.legendre.leggauss(7)
    np.testing.assert_allclose(grid.NODES[grid.GAUSS_INDEX], nodes, atol=1e-15)
    np.testing.assert_allclose(grid.GAUSS_WEIGHTS[grid.GAUSS_INDEX], weights, atol=1e-15)


def test_panels_map_the_rule():
    nodes, kronrod, gauss = grid.gauss_kronrod_panels([1.0, 2.0, 4.0])
    assert nodes.shape == kronrod.shape == gauss.shape == (2, 15)
    assert np.all((nodes[0] > 1) & (nodes[0] < 2)) and np.all((nodes[1] > 2) & (nodes[1] < 4))
    np.testing.assert_allclose(kronrod.sum(axis=1), [1.0, 2.0])
    np.testing.assert_allclose((kronrod * nodes**3).sum(), (4**4 - 1) / 4)
    np.testing.assert_allclose((gauss * nodes**3).sum(), (4**4 - 1) / 4)


def test_sic_resonances_found_numerically():
    system = photodrag.System([[0, 0, 0]], R, "SiC")
    found = grid.resonances(system, (1e13, 1e15))
    centres = np.array([c for c, _ in found])
    widths = np.array([w for _, w in found])
    for expected in (1.494e14, 1.755e14, 1.825e14):  # ω_T, Fröhlich (ε = −2), ω_L
        nearest = np.argmin(abs(centres - expected))
        assert abs(centres[nearest] - expected) < 0.003 * expected
        assert 0.5 * 0.9e12 < widths[nearest] < 2 * 0.9e12  # width ≈ γ


def test_insb_modes_split_further_with_larger_field():
    def split(B):
        system = photodrag.System([[0, 0, 0]], R, "InSb", B=(0, 0, B))
        centres = [c for c, _ in grid.resonances(system, (1e13, 1e15)) if 1.5e14 < c < 2.1e14]
        return max(centres) - min(centres)

    assert split(5.0) > 2 * split(1.0) > 0


def test_gold_has_no_narrow_resonance():
    system = photodrag.System([[0, 0, 0]], R, "Au")
    assert all(width > 0.5 * centre for centre, width in grid.resonances(system, (1e12, 2e15)))


def test_seed_edges_cover_the_range_and_the_resonances():
    system = photodrag.System([[0, 0, 0]], R, "SiC")
    edges = grid.seed_edges(system, (1e12, 1e15))
    assert edges[0] == 1e12 and edges[-1] == 1e15
    assert np.all(np.diff(edges) > 0)
    near = edges[(edges > 1.7e14) & (edges < 1.8e14)]
    assert np.min(np.diff(near)) < 3e12  # panels about the width γ near the Fröhlich peak


def test_default_range_follows_the_temperatures():
    system = photodrag.System([[0, 0, 0]], R, "SiC")
    low, high = grid.default_omega_range(system, (250, 400))
    assert low < 1e11 and 2e15 < high < 2.2e15
    with pytest.raises(ValueError, match="T_range"):
        grid.default_omega_range(system, (400, 250))


def test_bad_arguments():
    system = photodrag.System([[0, 0, 0]], R, "SiC")
    with pytest.raises(ValueError, match="tol"):
        grid.adaptive_spectra(system, tol=0)
    with pytest.raises(ValueError, match="omega_range"):
        grid.adaptive_spectra(system, omega_range=(2e14, 1e14))
    with pytest.raises(ValueError, match="photodrag.System"):
        grid.adaptive_spectra("SiC")


@pytest.fixture(scope="module")
def small():
    system = photodrag.System([[0, 0, 0], [4 * R, 0, 0]], R, ["SiC", "InSb"], B=(0, 0, 2.0))
    return system, grid.adaptive_spectra(system, (280, 320), tol=1e-3)


def test_dataset_carries_rule_and_estimates(small):
    system, spec = small
    assert spec.attrs["grid_converged"] == 1
    omega = spec["omega"].values
    assert np.all(np.diff(omega) > 0)
    n_panels = spec.sizes["panel_edge"] - 1
    assert spec.sizes["omega"] == 7 * n_panels
    assert spec.attrs["grid_points_evaluated"] >= 15 * n_panels
    np.testing.assert_allclose(spec["quadrature_weight"].sum(), np.ptp(spec["grid_panel_edge"].values), rtol=1e-12)
    assert spec["conductance_error_estimate"].dims == ("grid_temperature", "emitter", "absorber")
    assert spec["supercurrent_error_estimate"].attrs["units"] == "W"
    assert spec["bath_conductance_error_estimate"].sizes["bath_channel"] == 2
    assert spec.attrs["energy_balance_residual"] < 1e-10
    for name, variable in spec.variables.items():
        assert "long_name" in variable.attrs or name in ("material", "xyz", "emitter", "absorber", "particle"), name


def test_spectra_on_the_grid_equal_a_direct_call(small):
    system, spec = small
    direct = photodrag.spectra(system, spec["omega"].values[::37])
    np.testing.assert_allclose(spec["transmission"].values[::37], direct["transmission"].values, rtol=1e-12)


def test_budget_exhausted_warns():
    system = photodrag.System([[0, 0, 0], [4 * R, 0, 0]], R, "SiC")
    with pytest.warns(grid.GridConvergenceWarning, match="max_points"):
        spec = grid.adaptive_spectra(system, tol=1e-12, max_points=500)
    assert spec.attrs["grid_converged"] == 0
