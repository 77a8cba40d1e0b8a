"""The example studies of config/examples/ end to end: the thermal Hall square, the magnetoresistance of
an InSb chain and a relaxing cluster, each with its figure, and the physics their files must show."""

import numpy as np
import pytest

from photodrag import io
from snakemake_runner import copy_workflow, snakemake


def run_example(tmp_path, name):
    workdir = copy_workflow(tmp_path / name)
    snakemake(workdir, "--cores", "2", config=f"config/examples/{name}.yaml")
    return workdir


@pytest.mark.slow
def test_hall_square_is_odd_in_B_and_zero_without_a_field(tmp_path):
    workdir = run_example(tmp_path, "hall_square")
    result = io.read_netcdf(workdir / "results/thermal/hall.nc")
    ratio = result["relative_hall_temperature"]
    assert ratio.dims == ("B",) and ratio["B"].attrs["units"] == "T" and ratio.sizes["B"] == 21
    assert abs(float(ratio.sel(B=0.0))) < 1e-12
    np.testing.assert_allclose(ratio.values, -ratio.values[::-1], rtol=1e-9, atol=1e-14)  # odd in B
    assert 0.02 < float(abs(ratio).max()) < 0.1
    np.testing.assert_allclose(result["hall_temperature"].values, 10.0 * ratio.values, rtol=1e-12)
    assert result.attrs["hall_method"] == "nonlinear"
    spectra = io.read_netcdf(workdir / "results/spectra/square.nc")
    assert spectra["transmission"].dims == ("B", "omega", "emitter", "absorber")
    np.testing.assert_allclose(spectra["magnetic_field"].sel(xyz="z").values, spectra["B"].values)
    assert (workdir / "results/figures/hall_ratio.png").stat().st_size > 10_000
    assert len(list((workdir / "results/materials").glob("InSb_B*.nc"))) == 21  # one ε table per field


@pytest.mark.slow
def test_magnetoresistance_is_even_in_B_and_zero_at_zero_field(tmp_path):
    workdir = run_example(tmp_path, "magnetoresistance_chain")
    result = io.read_netcdf(workdir / "results/thermal/chain.nc")
    change = result["magnetoresistance"]
    assert change.dims == ("B",) and float(change.sel(B=0.0)) == 0.0
    np.testing.assert_allclose(change.values, change.values[::-1], rtol=1e-9, atol=1e-12)  # even in B
    assert float(change.max()) > 0.1
    resistance = result["thermal_resistance"]
    assert resistance.attrs["units"] == "K/W"
    np.testing.assert_allclose(resistance.values, 1.0 / result["magnetoresistance_heat_carried"].values, rtol=1e-12)
    assert (workdir / "results/figures/magnetoresistance.png").stat().st_size > 10_000


@pytest.mark.slow
def test_relaxation_cools_to_the_bath_and_conserves_energy(tmp_path):
    workdir = run_example(tmp_path, "relaxation")
    result = io.read_netcdf(workdir / "results/thermal/cooling.nc")
    T = result["relaxation_temperature"]
    assert T.dims == ("time", "particle") and result["time"].attrs["units"] == "s"
    assert float(T.isel(time=0, particle=0)) == 400.0
    assert np.all(np.abs(T.isel(time=-1).values - 300.0) < 1.0)  # 2 s is several times the slowest time constant
    stored, bath = result["relaxation_stored_energy"].values, result["relaxation_bath_energy"].values
    assert float(result["relaxation_max_energy_residual"]) <= 1e-9 * np.max(np.abs(stored))
    np.testing.assert_allclose(stored, bath, rtol=1e-6, atol=1e-9 * np.max(np.abs(stored)))
    rates = result["relaxation_rate"].values
    assert np.all(rates > 0) and rates.max() / rates.min() > 10  # a slow collective mode and fast local ones
    assert (workdir / "results/figures/temperatures.png").stat().st_size > 10_000
