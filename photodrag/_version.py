"""The version of photodrag: the installed package's metadata (pyproject.toml), one source for every file it writes."""

from importlib import metadata

try:  # the workflow's reruns and the files' ``source`` attribute follow the installed version
    __version__ = metadata.version("photodrag")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
