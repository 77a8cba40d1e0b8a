"""Integrity of the result files: content digests written with the data and verified on reading.

Two layers, both checked by :func:`photodrag.io.read_netcdf`:

* **Per-chunk checksums** (HDF5's Fletcher-32 filter on every numeric variable, set by
  :func:`photodrag.io.write_netcdf`): a flipped bit or a torn block on disk makes HDF5 refuse
  to read that chunk.
* **A content digest per variable** (SHA-256 of its dimensions, attributes and values in a
  canonical byte form; one more for the global attributes), stored as the global attribute
  :data:`DIGEST_ATTRIBUTE`: catches what the checksums cannot, damage to attributes (HDF5
  does not checksum them in the files netCDF writes) and a value changed through the netCDF
  library itself (which recomputes the checksums), e.g. one stored ω edited by 1 %.

A file that fails either is refused with :class:`CorruptFileError`, whose message names the
path and the command that recomputes it. Files without the attribute (older photodrag
versions, other programs) are read unverified.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import xarray as xr

#: Global attribute holding {variable name: SHA-256 hex digest} as JSON.
DIGEST_ATTRIBUTE = "photodrag_content_sha256"


class CorruptFileError(ValueError):
    """A result file that is truncated, corrupted or edited since photodrag wrote it."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        super().__init__(
            f"{path}: {problem}. The file cannot be trusted; if the workflow made it, recompute it with "
            f"`rm {path}; snakemake --cores 1 {path}` (add --configfile <your config> if it came from one)")


def _canonical(values: np.ndarray) -> bytes:
    """The values of a variable as bytes that survive a NetCDF round trip unchanged."""
    kind = values.dtype.kind
    if kind == "f":
        canonical = np.where(np.isnan(values), np.nan, values).astype("<f8")  # one NaN bit pattern
    elif kind in "iu":
        canonical = values.astype("<i8")
    elif kind == "b":
        canonical = values.astype("u1")
    elif kind == "M":
        canonical = values.astype("datetime64[ns]").view("<i8")
    else:  # text: str, bytes or objects holding them
        return "\x1f".join(v.decode() if isinstance(v, bytes) else str(v) for v in values.ravel()).encode()
    return np.ascontiguousarray(canonical).tobytes()


#: The key of the global attributes' digest among the variables' ones.
GLOBAL_ATTRIBUTES = "/"


def _attribute_text(attrs: dict) -> str:
    """Attributes as canonical JSON: numbers and arrays as lists (NetCDF reads a length-1 array as a scalar)."""
    def plain(value):
        if isinstance(value, (str, bytes)):
            return value.decode() if isinstance(value, bytes) else value
        return np.atleast_1d(np.asarray(value)).tolist()
    return json.dumps({str(k): plain(v) for k, v in attrs.items() if k != DIGEST_ATTRIBUTE}, sort_keys=True)


def variable_digest(variable: xr.Variable) -> str:
    """SHA-256 of a variable's dimensions, shape, attributes and values (hex)."""
    digest = hashlib.sha256(json.dumps([list(variable.dims), list(variable.shape)]).encode())
    digest.update(_attribute_text(variable.attrs).encode())
    digest.update(_canonical(np.asarray(variable.values)))
    return digest.hexdigest()


def digests(dataset: xr.Dataset) -> dict[str, str]:
    """{name: digest} of every variable of ``dataset`` (coordinates included) and of its global
    attributes (key :data:`GLOBAL_ATTRIBUTES`)."""
    found = {str(name): variable_digest(dataset.variables[name]) for name in sorted(dataset.variables, key=str)}
    found[GLOBAL_ATTRIBUTES] = hashlib.sha256(_attribute_text(dataset.attrs).encode()).hexdigest()
    return found


def verify(dataset: xr.Dataset, path) -> xr.Dataset:
    """``dataset`` (as read, before any decoding) without its digest attribute, after checking it.

    Raises CorruptFileError naming the variables whose values differ from what was written,
    and those missing or added.
    """
    stored = dataset.attrs.get(DIGEST_ATTRIBUTE)
    if stored is None:
        return dataset
    try:
        expected = json.loads(stored)
    except (TypeError, ValueError):
        raise CorruptFileError(path, f"its {DIGEST_ATTRIBUTE} attribute is not readable") from None
    found = digests(dataset)
    changed = sorted(("global attributes" if name == GLOBAL_ATTRIBUTES else name)
                     for name in expected.keys() & found.keys() if expected[name] != found[name])
    missing, added = sorted(expected.keys() - found.keys()), sorted(found.keys() - expected.keys())
    if changed or missing or added:
        parts = [f"{label} {names}" for label, names in
                 (("values changed in", changed), ("variables missing:", missing), ("variables added:", added)) if names]
        raise CorruptFileError(path, "its content is not what photodrag wrote (" + "; ".join(parts) + ")")
    out = dataset.copy()
    del out.attrs[DIGEST_ATTRIBUTE]
    return out
