"""Validation of the numbers users hand to photodrag, with messages that name what is wrong.

One implementation of each check, shared by the Python API, the config parser and the
workflow's stages: a temperature is a finite, positive number of kelvin wherever it is
given, and the message says which temperature it was.
"""

from __future__ import annotations

import numbers
import operator

import numpy as np


def check_temperature(value, what: str = "temperature") -> float:
    """``value`` as a float temperature in K.

    Raises
    ------
    ValueError
        When ``value`` is not a single finite number > 0 (a list, a string, NaN, 0 K, ...);
        the message names ``what`` and the value given.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise ValueError(f"{what} must be a single temperature in K (a number > 0), got {value!r}")
    if isinstance(value, np.ndarray) and value.ndim != 0:
        raise ValueError(f"{what} must be a single temperature in K, got an array of shape {value.shape}")
    T = float(value)
    if not np.isfinite(T) or T <= 0:
        raise ValueError(f"{what} must be a finite, positive temperature in K, got {T}")
    return T


def check_temperatures(values, what: str = "temperatures") -> np.ndarray:
    """A 1-d array of temperatures in K from a number or a sequence; each checked as above."""
    array = np.atleast_1d(np.asarray(values, dtype=object))
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{what} must be a temperature in K or a non-empty list of them, got {values!r}")
    return np.array([check_temperature(v, f"{what}[{k}]") for k, v in enumerate(array)], dtype=float)


def check_particle(value, what: str, n: int) -> int:
    """``value`` as a particle index 0..n−1; ValueError naming ``what`` otherwise (0-based, as in the files)."""
    try:
        index = operator.index(value)
    except TypeError:
        raise ValueError(f"{what} must be a particle index (an integer), got {value!r}") from None
    if not 0 <= index < n:
        raise ValueError(f"{what} = {index} is out of range: the system has particles 0..{n - 1}")
    return index
