"""A run killed during spectra, rerun with --rerun-incomplete, completes with no corrupt file
and the same numbers as an uninterrupted run."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from photodrag import io
from snakemake_runner import TEST_CONFIG, copy_workflow, edit_config, snakemake

#: A system whose spectra take several seconds: 30 particles, 6 sweep points, 2 ω chunks.
SLOW = {
    "geometry": "rows", "per_row": 15, "radius_nm": 100, "d_nm": 400,
    "h_nm": {"start": 400, "stop": 4000, "num": 6, "spacing": "log"},
    "materials": "SiC", "B_tesla": None,
    "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 200}, "omega_chunks": 2,
}
TARGET = "results/spectra/slow.nc"


def _with_slow_system(workdir):
    edit_config(workdir, lambda config: config["systems"].update(slow=SLOW))
    return workdir


def _wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.slow
def test_killed_during_spectra_then_rerun_incomplete_gives_the_same_numbers(tmp_path):
    reference = _with_slow_system(copy_workflow(tmp_path / "uninterrupted"))
    snakemake(reference, "--cores", "2", TARGET)

    workdir = _with_slow_system(copy_workflow(tmp_path / "interrupted"))
    run = subprocess.Popen([sys.executable, "-m", "snakemake", "--configfile", TEST_CONFIG, "--cores", "2", TARGET],
                           cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    logs = workdir / "results" / "logs" / "spectra" / "slow"

    def spectra_under_way():
        return any(": started" in log.read_text() for log in logs.glob("*.log"))

    try:
        _wait_for(spectra_under_way, 120, "the spectra jobs to get under way")
        time.sleep(1.0)  # into the kernel's work
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # snakemake and its jobs, without warning
        run.wait()

    assert not (workdir / TARGET).exists()
    for path in (workdir / "results").rglob("*.nc"):  # nothing half-written under a result's name
        io.read_netcdf(path)

    snakemake(workdir, "--unlock")
    snakemake(workdir, "--cores", "2", "--rerun-incomplete", TARGET)
    resumed, expected = io.read_netcdf(workdir / TARGET), io.read_netcdf(reference / TARGET)
    for name in ("transmission", "transmission_to_bath", "transmission_from_bath", "quadrature_weight"):
        np.testing.assert_allclose(resumed[name].values, expected[name].values, rtol=1e-12, atol=0, err_msg=name)
    np.testing.assert_array_equal(resumed["h"].values, expected["h"].values)
    assert not list((workdir / "results").rglob("*.partial"))
    assert "Nothing to be done" in snakemake(workdir, "--dry-run", TARGET).stdout
