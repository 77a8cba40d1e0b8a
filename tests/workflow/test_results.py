"""What a complete run of config/test/config.yaml leaves under results/: readable paths,
self-describing NetCDF, logs, benchmarks, BLAS threads, the report and the archives."""

import hashlib
import json
import re
import tarfile

import numpy as np
import pytest
import yaml

import photodrag
from photodrag import io, study
from photodrag.study import feedback
from snakemake_runner import REPOSITORY, TEST_CONFIG, snakemake

EXPECTED = [
    "results/materials/SiC.nc", "results/materials/InSb_B1T.nc", "results/materials/InSb_B5T.nc",
    "results/spectra/sic_dimers.nc", "results/spectra/insb_rings_B1T.nc", "results/spectra/insb_rings_B5T.nc",
    "results/thermal/drag.nc", "results/thermal/rings_B1T.nc", "results/thermal/rings_B5T.nc",
    "results/materials/field_maps/InSb.nc",
    *[f"results/figures/{name}.{suffix}" for name in ("drag", "conductance", "rings", "field_map", "materials")
      for suffix in ("png", "pdf")],
]


def test_results_have_readable_paths_and_chunks_are_cleaned_up(completed_run):
    for path in EXPECTED:
        assert (completed_run / path).stat().st_size > 0, path
    assert not list((completed_run / "results" / "spectra").rglob("omega-*.nc"))  # temp(), merged away


def test_every_result_file_describes_itself(completed_run):
    for path in (completed_run / "results").rglob("*.nc"):
        dataset = io.read_netcdf(path)
        for name, variable in dataset.variables.items():
            assert "long_name" in variable.attrs, (path.name, name)
            if variable.dtype.kind in "fc":
                assert "units" in variable.attrs, (path.name, name)
        assert dataset.attrs["Conventions"].startswith("CF-")
        assert dataset.attrs["source"] == f"photodrag {photodrag.__version__}"
        assert dataset.attrs["title"] and dataset.attrs["history"]
        assert isinstance(io.read_config_attr(dataset), dict)


def test_results_hold_the_sweeps_and_the_physics(completed_run):
    spectra = io.read_netcdf(completed_run / "results/spectra/sic_dimers.nc")
    assert spectra["transmission"].dims == ("h", "omega", "emitter", "absorber")
    assert spectra.sizes["h"] == 3 and spectra.sizes["omega"] == 48  # 40 in the SiC band, 8 log-spaced
    assert spectra.attrs["omega_chunks"] == 2 and spectra.attrs["energy_balance_residual"] < 1e-10
    drag = io.read_netcdf(completed_run / "results/thermal/drag.nc")
    assert drag["drag_resistance"].dims == ("h",) and drag["drag_resistance"].attrs["units"] == "K/W"
    assert io.read_config_attr(drag)["config"]["drag"]["T_hot_K"] == 350
    assert drag.attrs["drag_method"] == "linear" and drag.attrs["drag_bath"] == "off"  # diagnostics in the file
    assert drag["drag_iterations"].dims == ("h",) and "drag_definition" in drag.attrs
    rings = io.read_netcdf(completed_run / "results/thermal/rings_B5T.nc")
    assert rings["supercurrent_spectrum"].dims == ("h", "omega", "emitter", "absorber")
    np.testing.assert_array_equal(rings["magnetic_field"].values, [0, 0, 5.0])
    assert rings["steady_state_temperature"].dims == ("h", "particle")
    assert (rings["steady_state_temperature"].sel(particle=0) == 310.0).all()
    insb = io.read_netcdf(completed_run / "results/materials/InSb_B5T.nc")
    assert insb["epsilon"].dtype == complex
    np.testing.assert_array_equal(insb["epsilon"].values,
                                  photodrag.material("InSb").epsilon(insb["omega"].values, (0, 0, 5.0)))


def test_every_job_logged_and_benchmarked_with_blas_threads_from_threads(completed_run):
    logs = sorted((completed_run / "results" / "logs").rglob("*.log"))
    benchmarks = sorted((completed_run / "results" / "benchmarks").rglob("*.tsv"))
    assert len(logs) == len(benchmarks) == 19  # every job but `all`
    for log in logs:
        threads = re.search(r"(\d+) thread\(s\); BLAS threads \{'OMP_NUM_THREADS': '(\d+)', "
                            r"'OPENBLAS_NUM_THREADS': '(\d+)', 'MKL_NUM_THREADS': '(\d+)'\}", log.read_text())
        assert threads and len(set(threads.groups())) == 1, log
    chunk_log = (completed_run / "results/logs/spectra/sic_dimers/omega-1-of-2.log").read_text()
    assert "3 sweep points" in chunk_log and "done in" in chunk_log
    # the run's summary reads exactly these logs (photodrag.study.summary.LOGS, which the rules name their logs from)
    config = feedback.prepare(yaml.safe_load((REPOSITORY / TEST_CONFIG).read_text()), [], REPOSITORY / "config/schema.yaml")
    assert sorted(study.summary.job_logs(study.Plan(config))) == sorted(
        str(log.relative_to(completed_run)) for log in logs)


@pytest.mark.slow
def test_report_has_every_figure_with_its_caption(run_copy):
    snakemake(run_copy, "--report", "results/report.html")
    html = (run_copy / "results/report.html").read_text()
    for caption in ("Drag resistance of two SiC dimers", "Pair conductances of the SiC dimers",
                    "Supercurrent spectrum between ring neighbours", "Permittivities of SiC",
                    "Absorption of one InSb sphere per circular polarisation"):
        assert caption in html


@pytest.mark.slow
def test_archive_bundles_a_study_with_a_checking_manifest(run_copy):
    result = snakemake(run_copy, "--cores", "2", "archive")
    assert "archive_study" in result.stdout + result.stderr
    with tarfile.open(run_copy / "results/archive/rings.tar.gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    source = {name for name in members if name.startswith("rings/source/")}  # the workflow that ran
    assert {"rings/source/Snakefile", "rings/source/config/schema.yaml", "rings/source/workflow/rules/spectra.smk",
            "rings/source/workflow/scripts/spectra.py"} <= source
    assert set(members) - source == {
        "rings/SHA256SUMS", "rings/config.json", "rings/provenance.json", "rings/RERUN.md",
        "rings/ro-crate-metadata.json",
        "rings/thermal/rings_B1T.nc", "rings/thermal/rings_B5T.nc",
        "rings/spectra/insb_rings_B1T.nc", "rings/spectra/insb_rings_B5T.nc",
        "rings/materials/InSb_B1T.nc", "rings/materials/InSb_B5T.nc",
        "rings/materials/field_maps/InSb.nc",  # the rings figure's inset: the archive reruns its figures too
        "rings/figures/rings.png", "rings/figures/rings.pdf",
    }
    rerun = members["rings/RERUN.md"].decode()
    assert "snakemake --cores 8 --configfile rings/config.json" in rerun
    assert "inputs" not in rerun  # no files read: no step that copies them (it would fail verbatim)
    lines = members["rings/SHA256SUMS"].decode().splitlines()
    assert len(lines) == len(members) - 1
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256(members[f"rings/{name}"]).hexdigest() == digest, name
    config = json.loads(members["rings/config.json"])
    assert sorted(config) == ["figures", "materials", "resources", "studies", "systems"]  # a complete config
    assert list(config["systems"]) == ["insb_rings"] and list(config["figures"]) == ["rings"]
    assert config["systems"]["insb_rings"]["omega_chunks"] == 1 and config["resources"]["spectra"]["threads"] == 1
    provenance = json.loads(members["rings/provenance.json"])
    assert provenance["photodrag"] == photodrag.__version__ and "numpy" in provenance["packages"]
    assert provenance["python"] and provenance["platform"]
    assert (run_copy / "results/archive/drag.tar.gz").exists()
