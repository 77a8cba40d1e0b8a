"""Stage archive (workflow/rules/archive.smk): one tarball per study that reruns itself.

An archive holds the study's results and figures (with every other study its figures
show), the files its systems read, ``config.json`` (a complete config: every key, defaults
filled in, enough to rerun exactly these files), the workflow that ran under ``source/``,
``provenance.json`` (Python, platform, photodrag and every installed package, the git commit
when run in a checkout, the time of the run), ``ro-crate-metadata.json`` (the same as an
RO-Crate, Workflow Run Crate profile: photodrag.study.crate), a ``RERUN.md`` saying how, and
``SHA256SUMS`` over all of it. The result files hold no time, so a rerun reproduces them byte
for byte and ``SHA256SUMS`` checks it.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time

from .. import io
from .._version import __version__
from . import crate

RERUN = """# Rerunning {name}

From the root of a photodrag checkout (or an unpacked release) with photodrag installed:

    tar xzf {name}.tar.gz
{copy}    snakemake --cores 8 --configfile {name}/config.json

This recomputes every file of the archive into results/, byte for byte; to check:

    (cd results && sha256sum --check --ignore-missing ../{name}/SHA256SUMS)

`provenance.json` gives the versions that made it and when; `ro-crate-metadata.json` says the
same as an RO-Crate (Workflow Run Crate profile).
"""

#: The step of RERUN.md that puts the files the systems read (a csv geometry's) where the config names them.
COPY_INPUTS = "    cp -r {name}/inputs/. .            # the files the systems read, at their paths\n"


def rerun_text(name: str, files) -> str:
    """RERUN.md of study ``name`` whose archive holds ``files`` (names inside it): only the steps that apply."""
    has_inputs = any(str(member).startswith("inputs/") for member in files)
    return RERUN.format(name=name, copy=COPY_INPUTS.format(name=name) if has_inputs else "")


def git_commit(directory=".") -> dict | None:
    """{'commit': hash, 'dirty': bool} of the git checkout ``directory`` is in, or None outside one."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=directory, capture_output=True, text=True,
                                timeout=10)
        if commit.returncode != 0:
            return None
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=directory,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}


def provenance(directory=".") -> dict:
    """What produced the results: versions of Python, photodrag and every package, the platform, the commit."""
    return {
        "photodrag": __version__,
        "python": sys.version,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "git": git_commit(directory),
        "packages": io.package_versions(),
    }


def write(path, files: dict, config: dict, name: str) -> None:
    """Write the archive of study ``name``: ``files`` maps names inside it to paths; ``config`` is complete.

    The run's times (first and last result file written, and the archive's own) go into
    ``provenance.json`` under ``run`` and into the RO-Crate, not into any result file.
    """
    archived = crate.iso(time.time())
    record = {**provenance(), "run": {**crate.run_times(files), "archived": archived}}
    generated = {
        "config.json": json.dumps(config, indent=2, sort_keys=True).encode(),
        "provenance.json": json.dumps(record, indent=2, sort_keys=True).encode(),
        "RERUN.md": rerun_text(name, files).encode(),
    }
    generated[crate.METADATA] = json.dumps(crate.metadata(name, files, generated, record, archived), indent=2,
                                           ensure_ascii=False).encode()
    io.archive(path, files, generated, name=name)
