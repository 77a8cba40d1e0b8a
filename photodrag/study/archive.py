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

import copy
import itertools
import json
import platform
import subprocess
import sys
import time
from pathlib import PurePosixPath

from .. import io
from .._version import __version__
from ..geometry.registry import geometry_kind
from . import crate, origin

RERUN = """# Rerunning {name}

From the root of a photodrag checkout (or an unpacked release) with photodrag installed:

    tar xzf {name}.tar.gz
{copy}    snakemake --cores 8 --configfile {name}/config.json

This recomputes every file of the archive into results/, byte for byte; to check:

    (cd results && sha256sum --check --ignore-missing ../{name}/SHA256SUMS)
{moved}
`provenance.json` gives the versions that made it and when; `ro-crate-metadata.json` says the
same as an RO-Crate (Workflow Run Crate profile).
"""

#: The step of RERUN.md that puts the files the systems read where config.json names them.
COPY_INPUTS = "    cp -r {name}/inputs/. .            # the files the systems read\n"

#: Where an input named by an absolute path or a path through '..' is stored, under inputs/.
EXTERNAL = "external"


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


def safe_inputs(files: dict, config: dict) -> tuple[dict, dict, dict]:
    """The archive's members with every input under a safe relative name, and the config that reads them there.

    An input (a member ``inputs/<path>``) named in the config by a relative path inside the working
    directory keeps that path: the rerun copies ``inputs/`` into its checkout. One named by an absolute
    path or a path through ``..`` would be packed under that path (which ``tar`` refuses, or unpacks
    outside the archive) and reread live by the rerun: it is stored as ``inputs/external/<file name>``
    instead, and the config's systems are rewritten to read ``external/<file name>``. Returns the
    members, the config and {original path: new path} of the inputs moved.
    """
    out, moved = {}, {}
    taken = {a.removeprefix("inputs/") for a in files if a.startswith("inputs/")}
    for arcname, source in files.items():
        original = arcname.removeprefix("inputs/")
        if arcname == original or _is_safe(original):
            out[arcname] = source
            continue
        file_name = PurePosixPath(original).name
        target = next(t for k in itertools.count(1) if (t := f"{EXTERNAL}/{'' if k == 1 else f'{k}-'}{file_name}")
                      not in taken)
        taken.add(target)
        moved[original] = target
        out[f"inputs/{target}"] = source
    if not moved:
        return files, config, {}
    config = copy.deepcopy(config)
    for entry in config.get("systems", {}).values():
        for key in geometry_kind(entry["geometry"]).files:
            entry[key] = moved.get(entry.get(key), entry.get(key))
    return out, config, moved


def _is_safe(path: str) -> bool:
    """A relative path that stays inside the directory it is taken from."""
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts and "\\" not in path


def verify(files: dict, inputs: dict | None) -> None:
    """Refuse to pack a result file that is damaged, edited or not what the plan says (photodrag.study.origin)."""
    for source in files.values():
        if str(source).endswith(".nc"):
            origin.read(source, inputs)


def _rerun_notes(name: str, files: dict, moved: dict) -> str:
    """RERUN.md of the archive of study ``name``: the steps that apply to it."""
    copy_step = COPY_INPUTS.format(name=name) if any(a.startswith("inputs/") for a in files) else ""
    notes = "".join(f"\nThe run read `{original}`; config.json reads the archived copy, `{target}` (copied into "
                    "place above), so the spectra of its system record that path in their `config` attribute and "
                    "their SHA-256 differs from the archived file's; every variable is identical.\n"
                    for original, target in moved.items())
    return RERUN.format(name=name, copy=copy_step, moved=notes)


def write(path, files: dict, config: dict, name: str, inputs: dict | None = None) -> None:
    """Write the archive of study ``name``: ``files`` maps names inside it to paths; ``config`` is complete.

    Every NetCDF file is checked before it is packed (its content digests, and with ``inputs``, the spec
    it stores: photodrag.study.origin), so that SHA256SUMS never vouches for a damaged or foreign file.
    Inputs named by an absolute path or through ``..`` are stored under ``inputs/external/`` and the
    archived config reads them there (:func:`safe_inputs`). The run's times (first and last result file
    written, and the archive's own) go into ``provenance.json`` under ``run`` and into the RO-Crate, not
    into any result file.
    """
    verify(files, inputs)
    files, config, moved = safe_inputs(files, config)
    archived = crate.iso(time.time())
    record = {**provenance(), "run": {**crate.run_times(files), "archived": archived}}
    generated = {
        "config.json": json.dumps(config, indent=2, sort_keys=True).encode(),
        "provenance.json": json.dumps(record, indent=2, sort_keys=True).encode(),
        "RERUN.md": _rerun_notes(name, files, moved).encode(),
    }
    generated[crate.METADATA] = json.dumps(crate.metadata(name, files, generated, record, archived), indent=2,
                                           ensure_ascii=False).encode()
    io.archive(path, files, generated, name=name)
