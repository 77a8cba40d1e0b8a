"""Results on disk: self-describing NetCDF, progress logs and archives.

NetCDF files are written with the netcdf4 engine, CF-style global attributes
(``Conventions``, ``title``, ``source`` = the photodrag version, ``history``) and the
config subtree that produced them (``config``, JSON). Nothing in a file depends on when it
was written (``history`` names the rule and version, not the time), so a rerun writes the
same bytes and the same content digests; the time of a run is in an archive's provenance. NetCDF has no complex type, so a
complex variable is stored with a trailing dimension ``complex`` = (real, imag) and
the attribute ``complex_encoding``; :func:`read_netcdf` turns it back into a complex
array, so a write/read round trip is exact.

Writes are atomic: the file is written beside its target as ``<name>.partial`` and
renamed over it only when complete, so a job killed mid-write leaves either the old
file or no file, never a truncated one; a write that fails (a full disk) raises
:class:`WriteError` naming the path and leaves nothing under its name.

Reads are verified (photodrag.integrity): every numeric variable carries HDF5 Fletcher-32
checksums and every variable a content digest; a truncated, corrupted or edited file is
refused with :class:`CorruptFileError`, naming the path and the command that recomputes it.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io as _io
import json
import logging
import os
import re
import shutil
import sys
import tarfile
import warnings
from importlib import metadata
from pathlib import Path

import numpy as np
import xarray as xr

from . import integrity, memory
from ._version import __version__
from .integrity import CorruptFileError  # noqa: F401  (io.CorruptFileError is what readers catch)
from .plain import plain

CONVENTIONS = "CF-1.10"
COMPLEX_DIM = "complex"
COMPLEX_ENCODING = "complex value stored as (real, imag) along the trailing dimension 'complex'"
PARTIAL_SUFFIX = ".partial"


def _attribute(value):
    """An attribute value netCDF can hold: numbers, strings, numeric arrays; others become JSON."""
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (str, int, float, np.integer, np.floating)):
        return value
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value
    return json.dumps(plain(value), sort_keys=True)


def _clean_attrs(attrs: dict) -> dict:
    return {str(k): _attribute(v) for k, v in attrs.items() if v is not None}


def encode_complex(dataset: xr.Dataset) -> xr.Dataset:
    """Replace every complex variable by a real one with a trailing (real, imag) dimension."""
    out = dataset.copy()
    for name in list(out.variables):
        variable = out[name]
        if np.iscomplexobj(variable.values):
            if name in out.dims:
                raise ValueError(f"coordinate {name!r} is complex: a dimension must be real")
            pair = np.stack([variable.values.real, variable.values.imag], axis=-1)
            out[name] = (variable.dims + (COMPLEX_DIM,), pair,
                         {**variable.attrs, "complex_encoding": COMPLEX_ENCODING})
    if any(COMPLEX_DIM in out[v].dims for v in out.variables):
        out = out.assign_coords({COMPLEX_DIM: (COMPLEX_DIM, ["real", "imag"], {"long_name": "part of a complex value"})})
    return out


def decode_complex(dataset: xr.Dataset) -> xr.Dataset:
    """Undo :func:`encode_complex`."""
    out = dataset.copy()
    for name in list(out.data_vars):
        variable = out[name]
        if variable.attrs.get("complex_encoding") == COMPLEX_ENCODING:
            attrs = {k: v for k, v in variable.attrs.items() if k != "complex_encoding"}
            values = variable.sel({COMPLEX_DIM: "real"}).values + 1j * variable.sel({COMPLEX_DIM: "imag"}).values
            out[name] = (variable.dims[:-1], values, attrs)
    if COMPLEX_DIM in out.dims and not any(COMPLEX_DIM in out[v].dims for v in out.data_vars):
        out = out.drop_vars(COMPLEX_DIM)
    return out


def write_netcdf(dataset: xr.Dataset, path, *, title: str, config=None, history: str = "") -> Path:
    """Write ``dataset`` to ``path`` (NetCDF4, atomic) with CF global attributes and provenance.

    Parameters
    ----------
    dataset : xarray.Dataset
        Every data variable should carry ``units`` (or be dimensionless text) and ``long_name``.
    path : path-like
        Target file; its directory is created.
    title : str
        The ``title`` global attribute.
    config : dict, optional
        The config subtree that produced the file, stored as JSON in the ``config`` attribute.
    history : str
        What produced it; prefixed with the photodrag version (no time stamp, so that a rerun
        writes the same file).
    """
    path = Path(path)
    out = encode_complex(dataset)
    for name in out.variables:
        out[name].attrs = _clean_attrs(out[name].attrs)
    attrs = _clean_attrs(dataset.attrs)
    attrs.update(
        Conventions=CONVENTIONS,
        title=title,
        source=f"photodrag {__version__}",
        history=f"photodrag {__version__}: {history}".rstrip(": "),
        references="Thermal photon drag in many-body systems (the paper photodrag implements); docs/theory.md of the photodrag repository (conventions and formulas)",
    )
    if config is not None:
        attrs["config"] = _attribute(config)
    out.attrs = attrs
    out.attrs[integrity.DIGEST_ATTRIBUTE] = json.dumps(integrity.digests(out), sort_keys=True)
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        out.to_netcdf(partial, engine="netcdf4", format="NETCDF4", encoding=_encoding(out))
        os.replace(partial, path)
    except (OSError, RuntimeError) as error:  # netCDF4 reports a full disk as RuntimeError("NetCDF: HDF error")
        raise WriteError(path, error) from error
    finally:
        with contextlib.suppress(OSError):  # where the directory could not even be made
            partial.unlink(missing_ok=True)
    return path


def _encoding(dataset: xr.Dataset) -> dict:
    """Fletcher-32 checksums on every numeric variable with dimensions (HDF5 verifies them on
    every read; a scalar cannot carry a filter), zlib on the floating-point ones."""
    encoding = {}
    for name, variable in dataset.variables.items():
        if variable.ndim and variable.dtype.kind in "fiub":
            encoding[name] = {"fletcher32": True, **({"zlib": True, "complevel": 1} if variable.dtype.kind == "f" else {})}
    return encoding


class WriteError(OSError):
    """A result could not be written (full disk, no permission, ...); nothing is left under its name."""

    def __init__(self, path, error: BaseException):
        path = Path(path)
        directory = next((p for p in (path.parent, *path.parents) if p.is_dir()), Path("."))
        try:
            free = f"{memory.gib(shutil.disk_usage(directory).free)} free"
        except OSError:
            free = "free space unknown"
        super().__init__(f"could not write {path}: {type(error).__name__}: {error} ({free} on the file system of "
                         f"{directory}). Check that the disk is not full and the directory is writable; no file was "
                         f"left under {path.name}")


def read_netcdf(path) -> xr.Dataset:
    """Read a file written by :func:`write_netcdf` into memory (complex variables restored).

    Verified on reading (photodrag.integrity): HDF5's checksums of every chunk and the
    content digest of every variable. Raises CorruptFileError (a ValueError) naming the path
    and the command that recomputes it for a truncated, corrupted or edited file, and
    FileNotFoundError for a missing one.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such result file: {path}")
    try:
        with xr.open_dataset(path, engine="netcdf4") as dataset:
            loaded = dataset.load()
    except MemoryError:
        raise
    except Exception as error:  # a damaged file fails in many ways (OSError, RuntimeError, AttributeError, ...)
        problem = "an empty file" if path.stat().st_size == 0 else f"not a readable NetCDF file ({error})"
        raise integrity.CorruptFileError(path, f"{problem}: truncated or corrupted") from error
    return decode_complex(integrity.verify(loaded, path))


def read_config_attr(dataset: xr.Dataset) -> dict:
    """The config subtree stored in a file's ``config`` attribute."""
    return json.loads(dataset.attrs["config"])


#: The logger of the Python warnings a job raises, one line each, so that the run's summary can collect them.
WARNINGS_LOGGER = "photodrag.warnings"
_WARNING_LINE = re.compile(rf" {re.escape(WARNINGS_LOGGER)} WARNING: (?P<category>[A-Za-z_]\w*): (?P<message>.*)$")

#: Loggers whose INFO records a job's log keeps; of every other library (fontTools subsetting a PDF's fonts,
#: matplotlib's mathtext), only warnings and errors.
OWN_LOGGERS = ("root", "photodrag", "py.warnings")


def _ours_or_a_warning(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING or record.name.split(".")[0] in OWN_LOGGERS


class _JobLog(logging.FileHandler):
    """A job's log file. A record that cannot be written (a full disk, a file-size limit) is reported once, in
    one line naming the log (as :class:`WriteError` names a result), and the job goes on."""

    def __init__(self, path):
        self.path, self.failed = Path(path), False
        super().__init__(path, mode="w")

    def handleError(self, record):
        if not self.failed:
            self.failed = True
            sys.stderr.write(f"{WriteError(self.path, sys.exc_info()[1])}; the job goes on without its log\n")


def _log_warning(message, category, filename, lineno, file=None, line=None):
    """warnings.showwarning for a job: one line in its log, which :func:`logged_warnings` reads back."""
    logging.getLogger(WARNINGS_LOGGER).warning("%s: %s", category.__name__, " ".join(str(message).split()))


def logged_warnings(path) -> list[tuple[str, str]]:
    """The warnings a job logged (:func:`log_to`), as (category, message) in order; none for a missing log."""
    path = Path(path)
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", errors="replace") as handle:
        return [(m["category"], m["message"]) for m in map(_WARNING_LINE.search, handle) if m]


def is_refusal(error: BaseException) -> bool:
    """True for an error that refuses bad input or a fault with a message of its own (a ValueError, an OSError,
    an error photodrag defines): what a user is shown in one line, not as a traceback."""
    return isinstance(error, (ValueError, OSError)) or type(error).__module__.split(".")[0] == "photodrag"


def log_to(path, threads: int | None = None, level: int = logging.INFO) -> None:
    """Send photodrag's log records (progress included) and Python warnings to ``path``: a workflow job's log
    (of other libraries, only their warnings and errors, not their INFO chatter).

    Each warning is one line (``photodrag.warnings WARNING: <category>: <message>``; :func:`logged_warnings`
    reads them back for the run's summary). An error that ends the job goes to the log with its full
    trace; on stderr a refusal (:func:`is_refusal`) prints one line, its message and where the trace is,
    anything else its traceback. With ``threads`` (a job's thread count) it also records the BLAS thread
    settings, which Snakemake sets from the rule's ``threads`` before the script starts.
    """
    try:
        handler = _JobLog(path)
    except OSError as error:
        raise WriteError(path, error) from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    handler.addFilter(_ours_or_a_warning)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    warnings.showwarning = _log_warning
    default_hook = sys.excepthook

    def log_and_exit(kind, error, trace):  # a failing job says why in its own log, and in one line on stderr
        root.error("%s: %s", kind.__name__, error, exc_info=(kind, error, trace))
        if is_refusal(error):
            sys.stderr.write(f"{kind.__name__}: {error} [full trace: {path}]\n")
        else:
            default_hook(kind, error, trace)

    sys.excepthook = log_and_exit
    if threads is not None:
        blas = {key: os.environ.get(key) for key in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
        root.info("photodrag %s, %d thread(s); BLAS threads %s", __version__, threads, blas)


def package_versions() -> dict[str, str]:
    """Installed distributions and their versions, sorted by name."""
    versions = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            versions[name] = dist.version
    return dict(sorted(versions.items(), key=lambda item: item[0].lower()))


def sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive(path, files: dict[str, str | os.PathLike], generated: dict[str, bytes], name: str) -> Path:
    """Bundle files into ``path`` (.tar.gz, written atomically) under the directory ``name``.

    ``files`` maps the name each file takes inside the archive to where it is now;
    ``generated`` maps further member names to their contents. ``SHA256SUMS`` (for every other
    member, ``sha256sum -c`` format) is added.
    """
    path = Path(path)
    generated = dict(generated)
    manifest = [f"{sha256(source)}  {arcname}" for arcname, source in sorted(files.items())]
    manifest += [f"{hashlib.sha256(data).hexdigest()}  {arcname}" for arcname, data in sorted(generated.items())]
    generated["SHA256SUMS"] = ("\n".join(manifest) + "\n").encode()
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_tar(partial, files, generated, name)
        os.replace(partial, path)
    except OSError as error:
        raise WriteError(path, error) from error
    finally:
        with contextlib.suppress(OSError):  # where the directory could not even be made
            partial.unlink(missing_ok=True)
    return path


def _write_tar(partial: Path, files: dict, generated: dict, name: str) -> None:
    """The tarball of :func:`archive` at ``partial``."""
    with tarfile.open(partial, "w:gz") as tar:
        for arcname, source in sorted(files.items()):
            tar.add(source, arcname=f"{name}/{arcname}")
        for arcname, data in generated.items():
            info = tarfile.TarInfo(f"{name}/{arcname}")
            info.size = len(data)
            info.mtime = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
            tar.addfile(info, _io.BytesIO(data))
