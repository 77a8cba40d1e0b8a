"""Memory a computation will need, checked against what the machine can give before allocating.

A grid of 10¹⁰ frequencies, or a million particles, would otherwise die deep in numpy's
allocator (or in the kernel's out-of-memory killer) after minutes of work, with a message
that names neither the cause nor the key to change. :func:`require` refuses it up front.
"""

from __future__ import annotations

import os
from pathlib import Path


def _read_int(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None  # cgroup v2 writes "max" for no limit


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _cgroup_dirs() -> list[tuple[Path, str, str]]:
    """(directory, limit file, usage file) of the process's memory cgroup and its ancestors, v2 and v1."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        number, controllers, relative = line.split(":", 2)
        if number == "0" and controllers == "":
            root, files = Path("/sys/fs/cgroup"), ("memory.max", "memory.current")
        elif "memory" in controllers.split(","):
            root, files = Path("/sys/fs/cgroup/memory"), ("memory.limit_in_bytes", "memory.usage_in_bytes")
        else:
            continue
        leaf = root / relative.lstrip("/")
        found += [(directory, *files) for directory in (leaf, *leaf.parents) if directory.is_relative_to(root)]
    return found


def _cgroup_headroom() -> int | None:
    """What the process's memory cgroups (a container, a SLURM job) still allow, or None without a limit."""
    headroom = None
    for directory, limit_file, usage_file in _cgroup_dirs():
        limit = _read_int(directory / limit_file)
        if limit is None or limit >= 1 << 60:  # unreadable, "max" (v2) or v1's "no limit"
            continue
        left = max(0, limit - (_read_int(directory / usage_file) or 0))
        headroom = left if headroom is None else min(headroom, left)
    return headroom


def available_bytes() -> int | None:
    """Bytes this process can still allocate: the system's available memory, capped by its
    cgroup's limit (a container or a SLURM job), or None where neither can be read."""
    values = [v for v in (_meminfo_available(), _cgroup_headroom()) if v is not None]
    return min(values) if values else None


def gib(n_bytes: float) -> str:
    """A byte count for a message: '3.2 GiB', '120 MiB'."""
    if n_bytes >= 1 << 30:
        return f"{n_bytes / (1 << 30):.3g} GiB"
    return f"{n_bytes / (1 << 20):.3g} MiB"


def require(n_bytes: float, what: str, advice: str) -> None:
    """Raise ValueError when ``what`` needs more than :func:`available_bytes`.

    ``what`` says what is being computed and from which sizes (it names the keys: N particles,
    n_omega frequencies), ``advice`` what to change. Nothing is checked where the available
    memory cannot be determined.
    """
    available = available_bytes()
    if available is not None and n_bytes > available:
        raise ValueError(f"{what} needs about {gib(n_bytes)} of memory, more than the {gib(available)} available: "
                         f"{advice}")
