"""Inputs that are what a stage's parameters say: every result file a job reads is checked against the plan.

Each NetCDF file of the workflow stores the spec that made it (its global attribute ``config``:
the plain form of an ε table, a field map, a system or a study). :func:`expected` gives, for
every such file of a plan, the spec it must hold; a rule hands its jobs the entries of their
inputs (``params.inputs``), and :func:`read` refuses a file whose stored spec differs, naming
what it holds and what the job needs: a spectra file replaced by another field's, a thermal
file copied from another run, a file made before the config changed. A file is checked
first for damage (photodrag.io.read_netcdf verifies its content digests).
"""

from __future__ import annotations

import json

import xarray as xr

from .. import io
from ..integrity import CorruptFileError
from ..plain import plain


def _canonical(config) -> str:
    return json.dumps(plain(config), sort_keys=True)


def expected(plan) -> dict[str, dict]:
    """{result file: the spec (plain form) it must store} for every NetCDF file the jobs of ``plan`` write."""
    files = {f"results/materials/{name}.nc": table.plain() for name, table in plan.tables.items()}
    files.update({f"results/materials/field_maps/{name}.nc": entry for name, entry in plan.field_maps.items()})
    for name, system in plan.systems.items():
        for path in plan.grid_file(name) + plan.chunk_files(name) + [f"results/spectra/{name}.nc"]:
            files[path] = system.plain()
    files.update({f"results/thermal/{name}.nc": study.plain() for name, study in plan.studies.items()})
    return files


def describe(config) -> str:
    """What a stored spec is, in a few words: its name and, for a system or its study, its field."""
    if not isinstance(config, dict):
        return f"{config!r:.60}"
    name = config.get("name")
    inner = config.get("config") if isinstance(config.get("config"), dict) else config
    field = inner.get("B_tesla")
    what = f"{name!r}" if name else "a field map"
    if "system" in config and isinstance(config["system"], str):
        what += f" (study of system {config['system']!r})"
    elif field is not None and not isinstance(field, (list, dict)):
        what += f" (B_tesla {field:g})"
    return what


def _differences(found: dict, wanted: dict, prefix: str = "") -> list[str]:
    """The keys (dotted) whose values differ between two specs."""
    keys = []
    for key in sorted(set(found) | set(wanted)):
        a, b = found.get(key), wanted.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            keys += _differences(a, b, f"{prefix}{key}.")
        elif _canonical(a) != _canonical(b):
            keys.append(f"{prefix}{key}")
    return keys


def check(dataset: xr.Dataset, path, wanted) -> None:
    """Refuse ``dataset`` (read from ``path``) unless its stored spec is ``wanted`` (CorruptFileError)."""
    if "config" not in dataset.attrs:
        raise CorruptFileError(path, f"it stores no config, so it cannot be told apart from another file; this job "
                                     f"needs {describe(wanted)}")
    try:
        found = json.loads(dataset.attrs["config"])
    except (TypeError, ValueError):
        raise CorruptFileError(path, "its config attribute is not readable JSON") from None
    if _canonical(found) == _canonical(wanted):
        return
    if describe(found) != describe(wanted):
        problem = f"it holds {describe(found)}, but this job needs {describe(wanted)}: the file was replaced"
    else:
        shown = _differences(found, wanted) if isinstance(found, dict) and isinstance(wanted, dict) else []
        problem = (f"it was made from another config of {describe(wanted)} than this run's (they differ in "
                   f"{', '.join(shown[:6]) or 'form'}): it was copied from another run or made before the config "
                   "changed")
    raise CorruptFileError(path, problem)


def read(path, inputs: dict | None) -> xr.Dataset:
    """Read a result file (photodrag.io.read_netcdf) and check its stored spec against ``inputs[path]``.

    ``inputs`` maps the job's input files to the specs they must store (``params.inputs``: the
    entries of :func:`expected`); a path it does not list is read without this check.
    """
    dataset = io.read_netcdf(path)
    if inputs and str(path) in inputs:
        check(dataset, path, inputs[str(path)])
    return dataset
