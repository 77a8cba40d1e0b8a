"""Drive `python -m snakemake` as a subprocess on a copy of the workflow, and read what it plans."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[2]
#: What a copy of the workflow needs: the Snakefile, the rules and scripts, the configs.
WORKFLOW_FILES = ("Snakefile", "workflow", "config")
TEST_CONFIG = "config/test/config.yaml"


def copy_workflow(target: Path) -> Path:
    """A fresh copy of the workflow (no results) in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in WORKFLOW_FILES:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def copy_run(source: Path, target: Path) -> Path:
    """A copy of a workflow directory with its results and Snakemake's records, times kept."""
    shutil.copytree(source, target, symlinks=True)
    return target


def snakemake(workdir: Path, *args: str, env: dict | None = None, check: bool = True, timeout: float = 300,
              config: str = TEST_CONFIG):
    """Run ``python -m snakemake`` in ``workdir`` on ``config`` (the test config); returns the CompletedProcess."""
    command = [sys.executable, "-m", "snakemake", *args, "--configfile", config]
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def planned(workdir: Path, *args: str, env: dict | None = None) -> dict[str, int]:
    """The jobs a run would execute, per rule ({} when there is nothing to do), from a dry run."""
    result = snakemake(workdir, "--dry-run", *args, env=env)
    text = result.stdout + result.stderr
    if "Nothing to be done" in text:
        return {}
    table = text.split("Job stats:", 1)[1]
    jobs = {}
    for line in table.splitlines()[3:]:
        match = re.fullmatch(r"(\S+)\s+(\d+)", line.strip())
        if not match:
            break
        jobs[match.group(1)] = int(match.group(2))
    jobs.pop("total", None)
    return jobs


def jobs_of(workdir: Path, rule: str, *args: str, env: dict | None = None) -> list[str]:
    """The outputs of the planned jobs of one rule (a dry run's job descriptions)."""
    result = snakemake(workdir, "--dry-run", *args, env=env)
    outputs = []
    for block in re.split(r"\n(?=\[|rule |localrule )", result.stdout):
        header = re.search(r"^(?:local)?rule (\w+):", block, flags=re.MULTILINE)
        output = re.search(r"^\s+output: (.*)$", block, flags=re.MULTILINE)
        if header and header.group(1) == rule and output:
            outputs += [p.strip() for p in output.group(1).split(",")]
    return sorted(outputs)


def edit_config(workdir: Path, edit) -> dict:
    """Apply ``edit(config)`` to the test config of a workflow copy and save it."""
    path = workdir / TEST_CONFIG
    config = yaml.safe_load(path.read_text())
    edit(config)
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return config
