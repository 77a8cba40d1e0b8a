"""Fault corpus, refusals inside jobs (issue 22, class 6) and the warnings jobs raise (issue 20).

A refusal raised while a job runs prints one line, its message and the log that holds the full
trace, as a config error does when the Snakefile is parsed; no refusal reaches the user as a
traceback (an error that is no refusal, a bug, keeps its traceback). A grid of the materials
stage too large to build is refused when the config is parsed, naming its key; a log that hits a
file-size limit says so once, naming it. Warnings raised inside jobs are printed at the end of
the run and listed on the report's front page, not only in a job's log.
"""

import copy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from faults import ChildError, Registry, check, in_child
from photodrag import study
from photodrag.study import feedback
from snakemake_runner import copy_workflow, snakemake

REPOSITORY = Path(__file__).resolve().parents[2]
BASE = yaml.safe_load((REPOSITORY / "config/test/config.yaml").read_text())
CASES = Registry()


def _parse(edit):
    config = copy.deepcopy(BASE)
    edit(config)
    return study.Plan(feedback.prepare(config, [], REPOSITORY / "config/schema.yaml"))


@CASES.case(study.ConfigError, "materials.omega_rad_s: num = 10000000000 is outside 1..1e+07")
def case_config_materials_grid_of_ten_billion_points(_):  # issue 22: refused only when its job ran, unnamed
    _parse(lambda c: c["materials"]["omega_rad_s"].update(num=10**10))


@CASES.case(study.ConfigError, "materials.field_maps.InSb.omega_rad_s: num = 100000000")
def case_config_field_map_grid_too_large(_):
    _parse(lambda c: c["materials"]["field_maps"]["InSb"]["omega_rad_s"].update(num=10**8))


@CASES.case(ChildError, "could not write job.log: OSError: [Errno 27] File too large", "the job goes on without its log")
def case_a_job_log_that_hits_a_file_size_limit(directory):  # issue 22: a raw OSError traceback per record
    in_child("""
        import io as text, logging, sys
        from photodrag import io
        sys.stderr = captured = text.StringIO()
        io.log_to("job.log")
        for k in range(3):
            logging.getLogger("photodrag.progress").info("progress %d: %s", k, "x" * 400)
        said = captured.getvalue()
        assert "Traceback" not in said and said.count("could not write") == 1, said
        raise OSError(said.strip())
        """, directory, file_size_limit=200)


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_a_clear_message_and_no_partial_output(name, tmp_path, monkeypatch):
    check(CASES[name], tmp_path, monkeypatch)


# --- no refusal reaches the user as a traceback ---------------------------------------------------

REFUSALS = {
    "corrupt file": ("from photodrag.integrity import CorruptFileError as E", "E('results/x.nc', 'truncated')"),
    "config error": ("from photodrag.study import ConfigError as E", "E('studies.a.hall: needs four particles')"),
    "write error": ("from photodrag.io import WriteError as E", "E('results/x.nc', OSError(27, 'File too large'))"),
    "bad value": ("E = ValueError", "E('T must be positive')"),
    "missing file": ("E = FileNotFoundError", "E('no such result file: results/x.nc')"),
    "no convergence": ("from photodrag.thermal import ConvergenceError as E", "E('steady state not converged')"),
    "chained": ("from photodrag.integrity import CorruptFileError as E",
                "E('results/x.nc', 'truncated') from KeyError('cache')"),
}


def _job(directory: Path, statement: str) -> subprocess.CompletedProcess:
    """A workflow job's script in miniature: photodrag.io.log_to, then ``statement``."""
    code = f"from photodrag import io\nio.log_to('job.log')\n{statement}\n"
    return subprocess.run([sys.executable, "-c", code], cwd=directory, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_a_refusal_in_a_job_is_one_line_and_its_trace_is_in_the_log(kind, tmp_path):
    setup, error = REFUSALS[kind]
    done = _job(tmp_path, f"{setup}\nraise {error}")
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.rstrip().endswith("[full trace: job.log]"), done.stderr
    assert "Traceback" in (tmp_path / "job.log").read_text()


def test_an_error_that_is_no_refusal_keeps_its_traceback(tmp_path):
    done = _job(tmp_path, "None + 1  # a bug, not a refusal")
    assert done.returncode == 1 and "Traceback" in done.stderr and "TypeError" in done.stderr


# --- in the workflow: one line from a job, the warnings at the end of the run and in the report ------------

SMALL = textwrap.dedent("""
    resources:
      spectra: {threads: 1, mem_mb: 500, runtime_min: 10}
    materials:
      omega_rad_s: {start: 1.6e+14, stop: 1.9e+14, num: 10}
      field_maps:
        InSb: {B_tesla: [0, 5], radius_nm: 100, omega_rad_s: {start: 1.6e+14, stop: 1.9e+14, num: 10}}
    systems:
      close:                      # two spheres 2.5 radii apart: a DipoleValidityWarning inside the spectra job
        geometry: positions
        positions_nm: [[0, 0, 0], [250, 0, 0]]
        radius_nm: 100
        materials: SiC
        omega_rad_s: {start: 1.6e+14, stop: 1.9e+14, num: 12}
    studies:
      close:
        system: close
        conductance: {T_K: 300}
    figures:
      field_map:
        kind: field_map
        field_maps: [InSb]
        caption: A field map (fault test).
        style: {width_in: 4.0, height_in: 2.5, dpi: 40}
    """)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    workdir = copy_workflow(tmp_path_factory.mktemp("jobs") / "workflow")
    (workdir / "small.yaml").write_text(SMALL)
    return workdir, snakemake(workdir, "--cores", "2", config="small.yaml")


def test_warnings_raised_inside_jobs_reach_the_end_of_the_run_and_the_report(small_run):
    workdir, done = small_run
    said = done.stderr
    assert "photodrag: 1 warning(s) raised inside the jobs that made these results:" in said, said
    assert "DipoleValidityWarning: 1 particle pair(s) closer than 3 radii" in said
    assert "[results/logs/spectra/close/omega-1-of-1.log]" in said
    snakemake(workdir, "--report", "results/report.html", config="small.yaml")
    html = (workdir / "results/report.html").read_text()
    assert "Warnings raised by the jobs" in html and "DipoleValidityWarning" in html


def test_a_damaged_input_stops_its_job_with_one_line(small_run):
    """Issue 22: a truncated field map printed a KeyError, an OSError and the CorruptFileError, each with its trace."""
    workdir, _ = small_run
    field_map = workdir / "results/materials/field_maps/InSb.nc"
    field_map.write_bytes(field_map.read_bytes()[:3000])
    done = snakemake(workdir, "results/figures/field_map.png", "--forcerun", "figure", "--cores", "1", check=False,
                     config="small.yaml")
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    line = [text for text in done.stderr.splitlines() if text.startswith("CorruptFileError:")]
    assert len(line) == 1 and "results/materials/field_maps/InSb.nc: not a readable NetCDF file" in line[0]
    assert line[0].endswith("[full trace: results/logs/figures/field_map.log]")
    assert "Traceback" in (workdir / "results/logs/figures/field_map.log").read_text()
