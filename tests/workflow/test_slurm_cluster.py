"""The cluster path, tested for real (issue 14).

The test study runs through snakemake-executor-plugin-slurm with the repository's profile
(workflow/profiles/slurm), as docs/cluster.md says, on a one-node SLURM cluster that
tests/cluster/slurm-loopback.sh stands up on loopback; every NetCDF result must equal the
local run's, and every job must have got what the profile asks for, capped to the small
partition it ran in, in the partition and account it was given. Where the cluster cannot
run (not root, SLURM or munge missing, daemons not coming up) the test is skipped with the
reason (`python -m pytest` reports skips with -rs).

The profile's own logic (account and partition from SBATCH_*, the caps, the status
command) is checked without a cluster too, against stand-in SLURM commands.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import netCDF4
import pytest
import xarray as xr

from snakemake_runner import REPOSITORY, TEST_CONFIG, copy_workflow

CLUSTER = REPOSITORY / "tests" / "cluster" / "slurm-loopback.sh"
PROFILE = REPOSITORY / "workflow" / "profiles" / "slurm" / "config.yaml"
#: The loopback cluster's non-default partition: a job in `debug` did not get the one asked for.
PARTITION = "photodrag"
ACCOUNT = "photodrag-ci"
#: Bound of the SLURM run (3-6 min on 2 busy cores; CI must stay well under 30 min): SIGINT,
#: as snakemake ignores SIGTERM while it waits on jobs, then SIGKILL 30 s later.
RUN_LIMIT_S = 720


# --- the profile's logic, against stand-in SLURM commands ------------------------------

def fake_slurm(bin_dir: Path, partitions: dict[str, str], default: str, accounting: str) -> Path:
    """`sinfo` and `scontrol` that describe ``partitions`` ({name: "CPUs|MB|time limit"})."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    cases = "\n".join(f'    *--partition={name}\\ *) echo "{line}" ;;' for name, line in partitions.items())
    names = "\\n".join(f"{name}*" if name == default else name for name in partitions)
    (bin_dir / "sinfo").write_text(
        "#!/bin/sh\n"
        'case "$*" in\n'
        f"{cases}\n"
        f'    *--format=%P*) printf "{names}\\n" ;;\n'
        "esac\n")
    (bin_dir / "scontrol").write_text(f'#!/bin/sh\necho "AccountingStorageType   = {accounting}"\n')
    for tool in ("sinfo", "scontrol"):
        (bin_dir / tool).chmod(0o755)
    return bin_dir


def read_profile(env: dict[str, str]) -> tuple[dict, str]:
    """The profile as Snakemake reads it (a YTE template) in environment ``env``, and its notes."""
    code = ("import json, sys, yte; "
            "print(json.dumps(yte.process_yaml(open(sys.argv[1]), require_use_yte=True)))")
    result = subprocess.run([sys.executable, "-c", code, str(PROFILE)], env=env,
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout), result.stderr


def environment(path: str, **extra: str) -> dict[str, str]:
    """This process's environment with PATH ``path`` and ``extra``, without SLURM's own variables."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SBATCH_", "SLURM_"))}
    return {**keep, "PATH": path, **extra}


def test_profile_without_slurm_is_as_written(tmp_path):
    """No SLURM on the machine: the profile's own numbers, nothing guessed."""
    profile, notes = read_profile(environment(str(tmp_path / "no-slurm")))
    assert notes == ""
    assert "slurm-status-command" not in profile
    assert profile["default-resources"] == {"mem_mb": 2000, "runtime": 15}
    assert profile["set-threads"] == {"spectra_chunk": 8, "omega_grid": 8}
    assert profile["set-resources"]["spectra_chunk"] == {"mem_mb": 16000, "runtime": 240}


@pytest.mark.parametrize(("time_limit", "minutes"), [
    ("infinite", None), ("2-00:00:00", 2880), ("1:00:00", 60), ("30:00", 30), ("4:30:59", 270)])
def test_profile_capped_to_the_partition(tmp_path, time_limit, minutes):
    """Account and partition from SBATCH_*; requests above the partition's largest node capped."""
    bin_dir = fake_slurm(tmp_path / "bin", {"big": "64|512000|infinite", "small": f"2|1000+|{time_limit}"},
                         default="big", accounting="accounting_storage/slurmdbd")
    env = environment(str(bin_dir), SBATCH_ACCOUNT="proj42", SBATCH_PARTITION="small")
    profile, notes = read_profile(env)
    runtime = (lambda asked: asked if minutes is None else min(asked, minutes))
    assert profile["default-resources"] == {"slurm_account": "proj42", "slurm_partition": "small",
                                            "mem_mb": 1000, "runtime": runtime(15)}
    assert profile["set-threads"] == {"spectra_chunk": 2, "omega_grid": 2}
    assert profile["set-resources"]["spectra_chunk"] == {"mem_mb": 1000, "runtime": runtime(240)}
    assert profile["set-resources"]["material_table"] == {"mem_mb": 1000, "runtime": runtime(5)}
    assert "slurm-status-command" not in profile          # accounting on: the plugin's sacct
    assert "spectra_chunk asks for threads 8 CPUs, partition small offers 2: capped" in notes


def test_profile_default_partition_and_no_accounting(tmp_path):
    """No SBATCH_*: the default partition's limits, no account; squeue without accounting."""
    bin_dir = fake_slurm(tmp_path / "bin", {"big": "64|512000|infinite", "small": "2|1000|30:00"},
                         default="small", accounting="accounting_storage/none")
    profile, _ = read_profile(environment(str(bin_dir)))
    assert profile["default-resources"] == {"slurm_partition": "small", "mem_mb": 1000, "runtime": 15}
    assert profile["set-resources"]["spectra_chunk"] == {"mem_mb": 1000, "runtime": 30}
    assert profile["slurm-status-command"] == "squeue"


def test_snakemake_keeps_rule_resources_beside_account_and_partition(tmp_path, monkeypatch):
    """Read by Snakemake itself: SBATCH_* add to the defaults, every rule keeps its own resources."""
    from snakemake.cli import parse_args

    bin_dir = fake_slurm(tmp_path / "bin", {"small": "64|512000|infinite"}, default="small",
                         accounting="accounting_storage/slurmdbd")       # ample: nothing capped
    monkeypatch.chdir(REPOSITORY)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")      # the plugin's options run `which`
    monkeypatch.setenv("SBATCH_ACCOUNT", "proj42")
    monkeypatch.setenv("SBATCH_PARTITION", "small")
    _, args = parse_args(["--workflow-profile", str(PROFILE.parent), "--dry-run"])
    written = read_profile(environment(str(tmp_path / "no-slurm")))[0]
    assert {k: args.default_resources[k].raw for k in ("slurm_account", "slurm_partition", "mem_mb", "runtime")} \
        == {"slurm_account": "proj42", "slurm_partition": "small", **written["default-resources"]}
    assert {rule: {k: v.raw for k, v in resources.items()} for rule, resources in args.set_resources.items()} \
        == written["set-resources"]
    assert {rule: v.raw for rule, v in args.set_threads.items()} == written["set-threads"]


# --- the test study on a loopback cluster ----------------------------------------------

@pytest.fixture(scope="module")
def slurm_cluster(tmp_path_factory):
    """The loopback cluster's directory (its slurm.conf in etc/); stopped by PID afterwards."""
    directory = tmp_path_factory.mktemp("slurm")
    try:
        started = subprocess.run([str(CLUSTER), "start", str(directory)], capture_output=True,
                                 text=True, timeout=180)
    except subprocess.TimeoutExpired:
        subprocess.run([str(CLUSTER), "stop", str(directory)], timeout=180)
        pytest.skip("SLURM loopback cluster: start did not finish within 180 s")
    if started.returncode != 0:
        pytest.skip(started.stderr.strip() or f"SLURM loopback cluster: start exited {started.returncode}")
    try:
        yield directory
    finally:
        stopped = subprocess.run([str(CLUSTER), "stop", str(directory)], capture_output=True,
                                 text=True, timeout=180)
        assert stopped.returncode == 0, f"stopping the loopback cluster: {stopped.stderr}"


def cluster_limits(directory: Path) -> dict[str, int]:
    """CPUs and memory (MB) of the loopback node and the partition's time limit (min), from slurm.conf."""
    conf = (directory / "etc" / "slurm.conf").read_text()
    node = re.search(r"^NodeName=.*$", conf, flags=re.MULTILINE).group(0)
    partition = re.search(rf"^PartitionName={PARTITION} .*$", conf, flags=re.MULTILINE).group(0)
    return {"threads": int(re.search(r"\bCPUs=(\d+)", node).group(1)),
            "mem_mb": int(re.search(r"\bRealMemory=(\d+)", node).group(1)),
            "runtime": int(re.search(r"\bMaxTime=(\d+)", partition).group(1))}


def submitted_jobs(log: str) -> dict[int, str]:
    """SLURM job id -> rule, from the plugin's "submitted with SLURM jobid" lines."""
    found = re.findall(r"submitted with SLURM jobid (\d+) \(log: \S*/rule_(\w+)/", log)
    return {int(job): rule for job, rule in found}


def granted(directory: Path) -> dict[int, dict[str, str]]:
    """What the scheduler granted each finished job (jobcomp/filetxt records), by job id."""
    records = {}
    for line in (directory / "log" / "jobcomp.log").read_text().splitlines():
        fields = dict(item.split("=", 1) for item in line.split() if "=" in item)
        tres = dict(item.split("=", 1) for item in fields["Tres"].split(","))
        records[int(fields["JobId"])] = {**fields, "cpus": int(tres["cpu"]),
                                         "mem_mb": int(tres["mem"].removesuffix("M"))}
    return records


def expected_request(rule: str, profile: dict, limits: dict[str, int]) -> dict[str, int]:
    """What the profile as written asks for a job of ``rule``, capped to the loopback partition."""
    resources = {**profile["default-resources"], **profile["set-resources"].get(rule, {})}
    threads = profile["set-threads"].get(rule, 1)      # the study's other rules: one thread
    return {"cpus": min(threads, limits["threads"]), "mem_mb": min(resources["mem_mb"], limits["mem_mb"]),
            "runtime": min(resources["runtime"], limits["runtime"])}


def netcdf_groups(path: Path) -> list[str]:
    """Every group of a NetCDF file ("/" first)."""
    with netCDF4.Dataset(path) as root:
        groups, todo = [], [root]
        while todo:
            group = todo.pop()
            groups.append(group.path)
            todo += list(group.groups.values())
    return sorted(groups)


def assert_same_data(path: Path, reference: Path):
    """Data variables and coordinates exactly equal, as stored (attributes such as history ignored)."""
    assert netcdf_groups(path) == netcdf_groups(reference), path
    for group in netcdf_groups(path):
        with (xr.open_dataset(path, group=group, decode_cf=False) as got,
              xr.open_dataset(reference, group=group, decode_cf=False) as want):
            assert set(got.variables) == set(want.variables), (path, group)
            assert {k: v.dtype for k, v in got.variables.items()} == {k: v.dtype for k, v in want.variables.items()}
            xr.testing.assert_equal(got.load(), want.load())


@pytest.mark.slow
def test_test_study_through_slurm_equals_local_run(slurm_cluster, completed_run, tmp_path, capsys):
    workdir = copy_workflow(tmp_path / "workflow")
    env = {**os.environ, "SLURM_CONF": str(slurm_cluster / "etc" / "slurm.conf"),
           "SBATCH_ACCOUNT": ACCOUNT, "SBATCH_PARTITION": PARTITION}
    command = ["timeout", "-s", "INT", "-k", "30", str(RUN_LIMIT_S), sys.executable, "-m", "snakemake",
               "--configfile", TEST_CONFIG, "--workflow-profile", "workflow/profiles/slurm"]
    start = time.monotonic()
    run = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    log = run.stdout + run.stderr
    jobs = submitted_jobs(log)
    with capsys.disabled():
        print(f"\n[SLURM loopback] test study: {len(jobs)} SLURM jobs, {elapsed:.0f} s "
              f"(exit {run.returncode})")
    assert run.returncode == 0, f"{' '.join(command)} exited {run.returncode}:\n{log[-6000:]}"

    # What each job really got, from the scheduler's records.
    profile = read_profile(environment(str(tmp_path / "no-slurm")))[0]    # as written
    limits = cluster_limits(slurm_cluster)
    records = granted(slurm_cluster)
    assert jobs and set(jobs) <= set(records), f"jobs without a completion record: {set(jobs) - set(records)}"
    for job, rule in jobs.items():
        record = records[job]
        want = expected_request(rule, profile, limits)
        got = {"cpus": record["cpus"], "mem_mb": record["mem_mb"], "runtime": int(record["TimeLimit"])}
        assert (record["JobState"], record["Partition"], record["Account"]) == ("COMPLETED", PARTITION, ACCOUNT), (rule, record)
        assert got == want, f"SLURM job {job} of rule {rule}: got {got}, the profile asks for {want}"

    # The same numbers as the local run, file by file.
    local = sorted(p.relative_to(completed_run) for p in (completed_run / "results").rglob("*.nc"))
    cluster = sorted(p.relative_to(workdir) for p in (workdir / "results").rglob("*.nc"))
    assert cluster == local and local, f"NetCDF files differ: SLURM {cluster}, local {local}"
    for name in local:
        assert_same_data(workdir / name, completed_run / name)


def test_comparison_sees_one_changed_value_and_ignores_history(tmp_path):
    """The comparison above: blind to attributes, not to one changed value or a missing group."""
    data = xr.Dataset({"G": ("h", [1.0, 2.0, 3.0])}, coords={"h": [4e-7, 8e-7, 1.6e-6]})
    data.to_netcdf(reference := tmp_path / "reference.nc", engine="netcdf4")
    data.assign_attrs(history="another day").to_netcdf(same := tmp_path / "same.nc", engine="netcdf4")
    assert_same_data(same, reference)
    data.copy(data={"G": [1.0, 2.0, 3.0000000000000004]}).to_netcdf(changed := tmp_path / "changed.nc", engine="netcdf4")
    with pytest.raises(AssertionError):
        assert_same_data(changed, reference)
    data.to_netcdf(grouped := tmp_path / "grouped.nc", engine="netcdf4")
    data.to_netcdf(grouped, group="extra", mode="a", engine="netcdf4")
    with pytest.raises(AssertionError):
        assert_same_data(grouped, reference)
