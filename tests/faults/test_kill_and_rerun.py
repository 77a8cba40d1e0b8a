"""kill -9 in every stage of the workflow, then a rerun: identical data (issue 14).

A study with every stage (material tables, a field map, an adaptive ω grid, two ω chunks, their
merge, a thermal study, two figures, an archive) runs once to the end. Then, stage by stage, one
job is killed with SIGKILL at the instant before its finished output would be renamed into
place (kill_hook/sitecustomize.py: deterministic, no timing race); the run fails, nothing is
left under the output's name; a plain rerun rebuilds it with exactly the data of the first run.
A result corrupted on disk stops the next job with the command that recomputes it, and that
command restores identical data.
"""

import json
import os
import shutil
import tarfile
from pathlib import Path

import numpy as np
import pytest

from photodrag import io
from snakemake_runner import copy_run, copy_workflow, edit_config, snakemake

HOOK = Path(__file__).resolve().parent / "kill_hook"

SYSTEM = {"geometry": "rows", "per_row": 2, "radius_nm": 100, "d_nm": 400, "h_nm": [400, 1600],
          "materials": ["SiC", "Au", "Au", "SiC"], "B_tesla": None,
          "omega_rad_s": {"adaptive": {"tol": 1e-3, "T_range_K": [300, 350]}}, "omega_chunks": 2}
CONFIG = {
    "resources": {"spectra": {"threads": 1, "mem_mb": 500, "runtime_min": 10}},
    "materials": {"omega_rad_s": {"start": 1.0e14, "stop": 2.5e14, "num": 30, "spacing": "log"},
                  "field_maps": {"InSb": {"B_tesla": [0, 5], "radius_nm": 100,
                                          "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 20}}}},
    "systems": {"crossed": SYSTEM},
    "studies": {"drag": {"system": "crossed", "drag": {"drive": [0, 1], "passive": [2, 3], "T_hot_K": 350,
                                                       "T_cold_K": 300, "method": "linear", "bath_K": None}}},
    "figures": {"drag": {"kind": "drag", "studies": ["drag"], "caption": "Drag (fault test).",
                         "style": {"width_in": 5.0, "height_in": 3.0, "dpi": 50, "yscale": "log"}},
                "field_map": {"kind": "field_map", "field_maps": ["InSb"], "caption": "Field map (fault test).",
                              "style": {"width_in": 4.0, "height_in": 2.5, "dpi": 50}}},
}

#: Per stage (rule): the output whose job is killed, the targets that rebuild it, the files compared.
STAGES = {
    "material_table": ("results/materials/SiC.nc", ["results/materials/SiC.nc"], ["results/materials/SiC.nc"]),
    "field_map": ("results/materials/field_maps/InSb.nc", ["results/materials/field_maps/InSb.nc"],
                  ["results/materials/field_maps/InSb.nc"]),
    "omega_grid": ("results/grids/crossed.nc", ["results/grids/crossed.nc"], ["results/grids/crossed.nc"]),
    # the chunks are temporary: rebuilt and checked through the merged spectra they make
    "spectra_chunk": ("results/spectra/chunks/crossed/omega-1-of-2.nc", ["results/spectra/crossed.nc"],
                      ["results/spectra/crossed.nc"]),
    "spectra": ("results/spectra/crossed.nc", ["results/spectra/crossed.nc"], ["results/spectra/crossed.nc"]),
    "thermal": ("results/thermal/drag.nc", ["results/thermal/drag.nc"], ["results/thermal/drag.nc"]),
    "figure": ("results/figures/drag.pdf", ["results/figures/drag.png", "results/figures/drag.pdf"],
               ["results/figures/drag.png", "results/figures/drag.pdf"]),
    "archive_study": ("results/archive/drag.tar.gz", ["results/archive/drag.tar.gz"], ["results/archive/drag.tar.gz"]),
}


def _same_attrs(got: dict, expected: dict, ignore=()) -> bool:
    keys = set(expected) - set(ignore)
    return set(got) - set(ignore) == keys and all(np.array_equal(got[k], expected[k]) for k in keys)


#: The archive's members that record when the run happened (and so differ between runs), and those keys.
RUN_RECORDS = ("provenance.json", "ro-crate-metadata.json")
TIME_KEYS = ("run", "startTime", "endTime", "datePublished")


def _without_times(path: Path):
    """A JSON member with the times of the run left out."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in TIME_KEYS}
        return [strip(v) for v in value] if isinstance(value, list) else value
    return strip(json.loads(path.read_text()))


def assert_same_data(path: Path, reference: Path) -> None:
    """NetCDF: every variable and attribute; archives: every member's bytes but the times of the run in
    provenance.json and ro-crate-metadata.json; figures: the bytes."""
    if path.suffix == ".nc":
        got, expected = io.read_netcdf(path), io.read_netcdf(reference)
        assert sorted(map(str, got.variables)) == sorted(map(str, expected.variables)), path
        for name in expected.variables:
            np.testing.assert_array_equal(got[name].values, expected[name].values, err_msg=f"{path}: {name}")
            assert _same_attrs(got[name].attrs, expected[name].attrs), f"{path}: {name}"
        assert _same_attrs(got.attrs, expected.attrs), path
    elif path.name.endswith(".tar.gz"):  # the members as above (results rebuilt before carry new time stamps)
        unpacked = {}
        for which, archive in (("got", path), ("expected", reference)):
            unpacked[which] = path.parent / f"{path.name}.{which}"
            with tarfile.open(archive) as tar:
                tar.extractall(unpacked[which], filter="data")
        members = sorted(p.relative_to(unpacked["expected"]) for p in unpacked["expected"].rglob("*") if p.is_file())
        assert members == sorted(p.relative_to(unpacked["got"]) for p in unpacked["got"].rglob("*") if p.is_file())
        for member in members:
            if member.name in RUN_RECORDS:
                assert _without_times(unpacked["got"] / member) == _without_times(unpacked["expected"] / member)
            elif member.name != "SHA256SUMS":  # over the members with the run's times
                assert_same_data(unpacked["got"] / member, unpacked["expected"] / member)
        for directory in unpacked.values():
            shutil.rmtree(directory)
    else:
        assert path.read_bytes() == reference.read_bytes(), path


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The study run once to the end, archive included (read-only)."""
    workdir = copy_workflow(tmp_path_factory.mktemp("reference") / "workflow")
    edit_config(workdir, lambda config: (config.clear(), config.update(CONFIG)))
    snakemake(workdir, "--cores", "2", "all", "archive")
    return workdir


@pytest.fixture(scope="module")
def victim(reference, tmp_path_factory):
    """A copy of the reference run on which each stage is killed and rerun in turn."""
    return copy_run(reference, tmp_path_factory.mktemp("killed") / "workflow")


@pytest.mark.slow
@pytest.mark.parametrize("stage", list(STAGES))
def test_killed_in_every_stage_then_rerun_gives_identical_data(stage, reference, victim):
    killed, targets, compared = STAGES[stage]
    for path in compared:
        (victim / path).unlink()
    env = {"PHOTODRAG_TEST_KILL_AT": killed,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(HOOK), os.environ.get("PYTHONPATH")]))}
    run = snakemake(victim, "--cores", "1", *targets, env=env, check=False)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert f"Error in rule {stage}:" in output and "died with <Signals.SIGKILL: 9>" in output, output
    results = victim / "results"
    partial = [p.name for p in results.rglob("*partial")]
    assert any(Path(killed).name in name for name in partial), partial  # killed after writing, before the rename
    for path in [killed, *compared]:
        assert not (victim / path).exists(), f"{path} left behind by the killed {stage} job"

    snakemake(victim, "--cores", "1", *targets)
    assert not list(results.rglob("*partial")), list(results.rglob("*partial"))
    for path in compared:
        assert_same_data(victim / path, reference / path)


@pytest.mark.slow
def test_a_corrupted_result_stops_the_next_job_with_the_command_that_recomputes_it(reference, tmp_path):
    workdir = copy_run(reference, tmp_path / "workflow")
    spectra = workdir / "results/spectra/crossed.nc"
    damaged = bytearray(spectra.read_bytes())
    os.truncate(spectra, len(damaged) // 2)  # a copy cut short, a full disk under another program
    run = snakemake(workdir, "--cores", "1", "results/thermal/drag.nc", check=False)
    output = run.stdout + run.stderr
    command = "rm results/spectra/crossed.nc; snakemake --cores 1 results/spectra/crossed.nc"
    assert run.returncode != 0 and "results/spectra/crossed.nc: not a readable NetCDF file" in output, output
    assert command in output, output
    assert not (workdir / "results/thermal/drag.nc").exists()

    spectra.unlink()  # what the message says, then the study again
    snakemake(workdir, "--cores", "1", "results/spectra/crossed.nc")
    snakemake(workdir, "--cores", "1", "results/thermal/drag.nc")
    for path in ("results/spectra/crossed.nc", "results/thermal/drag.nc"):
        assert_same_data(workdir / path, reference / path)
    shutil.rmtree(workdir)
