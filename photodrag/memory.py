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


def _cgroup_headroom() -> int | None:
    """What the process's memory cgroup still allows (v2, else v1), or None without a limit."""
    root = Path("/sys/fs/cgroup")
    limit, usage = _read_int(root / "memory.max"), _read_int(root / "memory.current")
    if limit is None:
        limit, usage = _read_int(root / "memory/memory.limit_in_bytes"), _read_int(root / "memory/memory.usage_in_bytes")
        if limit is not None and limit >= 1 << 60:  # v1's "no limit"
            limit = None
    if limit is None:
        return None
    return max(0, limit - (usage or 0))


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
