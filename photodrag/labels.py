"""Numbers as people read them in figures, notes and reports: lengths, fields, particle lists.

SI values in, text out (nm for lengths, T for fields); one place for each rendering so that
a figure's notes and the report's front page say the same thing the same way.
"""

from __future__ import annotations

from collections import Counter

import numpy as np


def number(value: float, digits: int = 4) -> str:
    """A number with up to ``digits`` significant digits, minus as U+2212: −5, 0.25, 1.2e+11."""
    return f"{float(value):.{digits}g}".replace("-", "\u2212")


def length(value_m: float) -> str:
    """'400 nm', or '2.5 µm' from 1 µm on."""
    value = float(value_m)
    if abs(value) >= 1e-6:
        return f"{number(value / 1e-6)} \u00b5m"
    return f"{number(value / 1e-9)} nm"


def field(B) -> str:
    """'no field', 'B = 5 T along z' or 'B = (1, 0, 2) T'."""
    if B is None:
        return "no field"
    B = np.asarray(B, dtype=float)
    if not np.any(B):
        return "B = 0"
    if B[0] == 0 and B[1] == 0:
        return f"B = {number(B[2])} T along z"
    return "B = (" + ", ".join(number(c) for c in B) + ") T"


def materials(names) -> str:
    """'2 SiC, 2 Au' for a list of per-particle names."""
    return ", ".join(f"{count} {name}" for name, count in Counter(map(str, names)).items())


def particles(indices) -> str:
    """'0, 1' for particle indices (0-based, as in the files)."""
    return ", ".join(str(int(i)) for i in np.ravel(indices))
