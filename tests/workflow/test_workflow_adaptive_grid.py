"""Adaptive ω grids in the workflow (issue 7): built once per system by rule omega_grid, split
into ω chunks like an explicit grid, integrated by the thermal stage with exactly its weights."""

import numpy as np
import pytest

import photodrag
from photodrag import io, study
from snakemake_runner import copy_workflow, edit_config, jobs_of, planned, snakemake

SYSTEM = {"geometry": "rows", "per_row": 2, "radius_nm": 100, "d_nm": 400, "h_nm": [400, 1600],
          "materials": ["SiC", "Au", "Au", "SiC"], "B_tesla": None,
          "omega_rad_s": {"adaptive": {"tol": 1e-3, "T_range_K": [300, 350]}}, "omega_chunks": 2}
DRAG = {"drive": [0, 1], "passive": [2, 3], "T_hot_K": 350, "T_cold_K": 300, "method": "linear", "bath_K": None}


@pytest.fixture(scope="module")
def built():
    spec = study.SystemSpec("crossed", "crossed", SYSTEM)
    grid = study.spectra.adaptive_grid(spec, 10**8)
    spectra = study.spectra.merge_chunks([study.spectra.chunk(spec, k, 2, 10**8, grid=grid) for k in range(2)])
    return spec, grid, spectra


def test_the_grid_is_one_gauss_rule_for_every_sweep_point(built):
    spec, grid, spectra = built
    assert spec.adaptive and not study.SystemSpec("x", "x", {**SYSTEM, "omega_rad_s": {
        "start": 1e14, "stop": 2e14, "num": 5}}).adaptive
    edges = grid["grid_panel_edge"].values
    assert grid.sizes["omega"] == 7 * (edges.size - 1)
    assert np.all(np.diff(grid["omega"].values) > 0) and np.all(grid["quadrature_weight"].values > 0)
    np.testing.assert_allclose(grid["quadrature_weight"].sum(), edges[-1] - edges[0], rtol=1e-12)
    assert grid["grid_relative_error_estimate"].dims == ("h",)
    assert np.all(grid["grid_relative_error_estimate"].values <= 1e-3) and np.all(grid["grid_converged"] == 1)
    # the chunks carry exactly the grid's nodes and weights
    np.testing.assert_array_equal(spectra["omega"].values, grid["omega"].values)
    np.testing.assert_array_equal(spectra["quadrature_weight"].values, grid["quadrature_weight"].values)


def test_the_adaptive_integrals_meet_the_tolerance_against_a_dense_grid(built):
    spec, _, spectra = built
    dense = {"start": 1.0e12, "stop": 6.0e15, "num": 3000, "spacing": "log"}
    band = {"start": 1.4e14, "stop": 2.0e14, "num": 6001}
    reference = study.spectra.chunk(study.SystemSpec("d", "d", {**SYSTEM, "omega_rad_s": [band, dense]}),
                                    0, 1, 10**8)
    for T in (300.0, 350.0):
        G = photodrag.conductance(spectra, T).values
        G_ref = photodrag.conductance(reference, T).values
        off = ~np.eye(4, dtype=bool)
        np.testing.assert_allclose(G[:, off], G_ref[:, off], rtol=2e-3)


def test_an_unbuilt_adaptive_grid_is_refused():
    spec = study.SystemSpec("crossed", "crossed", SYSTEM)
    with pytest.raises(ValueError, match="adaptive"):
        study.spectra.chunk(spec, 0, 2, 10**8)


CONFIG = {
    "resources": {"spectra": {"threads": 1, "mem_mb": 500, "runtime_min": 10}},
    "systems": {"crossed": SYSTEM},
    "studies": {"drag": {"system": "crossed", "drag": DRAG}},
    "figures": {"drag": {"kind": "drag", "studies": ["drag"], "caption": "Adaptive grid (test).",
                         "style": {"width_in": 6.0, "height_in": 4.0, "dpi": 50, "yscale": "log"}}},
}


@pytest.mark.slow
def test_the_workflow_builds_splits_caches_and_integrates_the_adaptive_grid(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")

    def replace(config):
        config.clear()
        config.update(CONFIG)

    edit_config(workdir, replace)
    assert planned(workdir) == {"material_table": 2, "omega_grid": 1, "spectra_chunk": 2, "spectra": 1,
                                "thermal": 1, "figure": 1, "all": 1}
    snakemake(workdir, "--cores", "2")
    grid = io.read_netcdf(workdir / "results/grids/crossed.nc")
    spectra = io.read_netcdf(workdir / "results/spectra/crossed.nc")
    np.testing.assert_array_equal(spectra["quadrature_weight"].values, grid["quadrature_weight"].values)
    thermal = io.read_netcdf(workdir / "results/thermal/drag.nc")
    direct = study.thermal.thermal(spectra, study.StudySpec("drag", "drag", "crossed", {"system": "crossed", "drag": DRAG}))
    np.testing.assert_array_equal(thermal["drag_resistance"].values, direct["drag_resistance"].values)
    assert thermal["grid_relative_error_estimate"].dims == ("h",)
    assert planned(workdir) == {}  # cached

    def hotter(config):
        config["studies"]["drag"]["drag"]["T_hot_K"] = 360

    edit_config(workdir, hotter)
    assert set(planned(workdir)) == {"thermal", "figure", "all"}  # a temperature never rebuilds the grid

    def tighter(config):
        config["systems"]["crossed"]["omega_rad_s"]["adaptive"]["tol"] = 1e-4

    edit_config(workdir, tighter)
    assert jobs_of(workdir, "omega_grid") == ["results/grids/crossed.nc"]
    assert planned(workdir)["spectra_chunk"] == 2
