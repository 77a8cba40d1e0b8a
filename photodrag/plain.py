"""Plain Python builtins from config values and numpy data: the form Snakemake params and file attributes hold."""

from __future__ import annotations

import numpy as np


def plain(value):
    """``value`` as plain Python builtins, dict keys sorted (for Snakemake params and attrs).

    numpy scalars and arrays become float/int/bool/lists, tuples become lists; the
    result's repr depends only on the values, never on numpy's version or dict order.
    """
    if isinstance(value, dict):
        return {str(key): plain(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} {value!r} in a config subtree")
