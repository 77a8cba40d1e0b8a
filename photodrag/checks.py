"""Validation of the numbers users hand to photodrag, with messages that name what is wrong.

One implementation of each check, shared by the Python API, the config parser and the
workflow's stages: a temperature is a finite, positive number of kelvin wherever it is
given, and the message says which temperature it was; an ω grid is strictly increasing and
its quadrature weights belong to it wherever spectra are made or integrated
(docs/robustness.md lists every guard and its policy).
"""

from __future__ import annotations

import numbers
import operator

import numpy as np
import xarray as xr


def _shown(value) -> str:
    """``value`` for a message: its repr, cut to 80 characters."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return f"an array of shape {value.shape} ({value.dtype})"
    text = " ".join(repr(value).split())
    return text if len(text) <= 80 else text[:77] + "..."


def check_real(value, what: str, expected: str = "a real number") -> float:
    """``value`` as a float: one real number, never text, a bool, a complex number or None.

    ``float("5")`` would read text and ``float(5j)`` raise a TypeError from inside; this is the
    one reading of a scalar argument, with a ValueError that names ``what``, the value given and
    ``expected`` (e.g. "a positive number of kelvin").
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise ValueError(f"{what} must be {expected}, got {_shown(value)}")
    if isinstance(value, np.ndarray) and (value.ndim != 0 or value.dtype.kind not in "iuf"):
        raise ValueError(f"{what} must be {expected}, got {_shown(value)}")
    return float(value)


def check_reals(values, what: str, expected: str = "real numbers") -> np.ndarray:
    """``values`` as a float array of real numbers: a complex array (even with zero imaginary
    parts: numpy would drop them with a warning), text, bools or None are refused, naming ``what``."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError):  # ragged nested lists
        raise ValueError(f"{what} must be {expected}, got {_shown(values)}") from None
    if array.dtype.kind not in "iuf":
        kind = {"c": "complex numbers", "b": "booleans", "U": "text", "S": "text"}.get(array.dtype.kind, "")
        if isinstance(values, np.ndarray):
            got = f"an array of {kind or values.dtype} of shape {values.shape}"
        else:
            got = f"{kind} {_shown(values)}" if kind else _shown(values)
        raise ValueError(f"{what} must be {expected}, got {got}")
    return np.asarray(array, dtype=float)  # no copy when it is floats already (a broadcast view stays one)


def check_count(value, what: str, minimum: int) -> int:
    """``value`` as an integer ≥ ``minimum`` (an integral float such as 1e9 is accepted); ValueError naming ``what``."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{what} must be an integer, got {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            number = int(value)
        else:
            raise ValueError(f"{what} must be an integer, got {_shown(value)}") from None
    if number < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {number}")
    return number


def check_flag(value, what: str) -> bool:
    """``value`` as a bool: True or False only (a text "no" would be true)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{what} must be True or False, got {_shown(value)}")
    return bool(value)


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


def check_increasing(omega: np.ndarray, what: str = "omega", hint: str = "") -> None:
    """Raise ValueError unless the 1-d frequencies ``omega`` (rad/s) are strictly increasing.

    A descending grid makes every trapezoid weight negative (a conductance with the wrong sign)
    and a shuffled one a sum of signed pieces; a repeated frequency is integrated twice. The
    message names the first offending entry; ``hint`` says how to repair it where it came from.
    """
    step = np.diff(omega)
    bad = np.flatnonzero(~(step > 0))
    if bad.size:
        k = int(bad[0]) + 1
        how = "repeats" if step[k - 1] == 0 else "is below"
        raise ValueError(
            f"{what} must be strictly increasing (rad/s): {what}[{k}] = {omega[k]:.10g} {how} "
            f"{what}[{k - 1}] = {omega[k - 1]:.10g} ({bad.size} of {step.size} steps are not increasing)"
            + (f"; {hint}" if hint else ""))


#: Relative tolerance of :func:`check_quadrature_weights` on the cells the weights give the nodes.
CELL_TOLERANCE = 1e-8


def check_quadrature_weights(omega: np.ndarray, weight, what: str = "quadrature_weight") -> np.ndarray:
    """``weight`` as a float array after checking that it is a quadrature rule on the grid ``omega``.

    omega (n_omega,) rad/s, strictly increasing; weight (n_omega,) rad/s. Beyond the shape and
    w > 0, the weights must *tile* the ω axis: laid end to end from some start a, the cell
    [a + Σ_{k<j} w_k, a + Σ_{k≤j} w_k] of width w_j must contain its node ω_j, for every j.
    The trapezoid rule (a = ω_0), Simpson's rule and Gauss–Legendre panels (the separation
    theorem of Chebyshev, Markov and Stieltjes) all satisfy it, and so does any contiguous
    slice of them (a workflow chunk, which carries its part of the whole grid's weights). Weights
    that no longer belong to their nodes do not: every other ω dropped (the integral halves),
    weights scaled, a stored ω moved by more than its cell. Raises ValueError naming ``what``.
    """
    weight = check_reals(weight, what, "quadrature weights in rad/s (real numbers, one per frequency)")
    if weight.shape != omega.shape:
        raise ValueError(f"{what} has shape {weight.shape}, but the ω grid has {omega.shape}: one weight "
                         "(rad/s) per frequency")
    if not np.all(np.isfinite(weight)):
        raise ValueError(f"{what} contains NaN or infinity at {np.flatnonzero(~np.isfinite(weight)).size} "
                         "frequencies")
    if np.any(weight <= 0):
        k = int(np.flatnonzero(weight <= 0)[0])
        raise ValueError(f"{what} must be positive (rad/s); {what}[{k}] = {weight[k]:.6g} at ω = {omega[k]:.10g} rad/s")
    edges = np.concatenate([[0.0], np.cumsum(weight)])              # cell j is [a + edges[j], a + edges[j+1]]
    tolerance = CELL_TOLERANCE * edges[-1] + 8 * np.finfo(float).eps * float(omega[-1])
    start = float(np.min(omega - edges[:-1]))                        # the latest start a every node allows
    beyond = np.flatnonzero(omega - edges[1:] > start + tolerance)   # nodes past the end of their cell
    if beyond.size:
        k = int(beyond[0])
        raise ValueError(
            f"{what} does not belong to this ω grid: laid end to end the weights give ω[{k}] = {omega[k]:.10g} rad/s "
            f"the cell [{start + edges[k]:.10g}, {start + edges[k + 1]:.10g}] rad/s, which does not contain it "
            f"(the weights add up to {edges[-1]:.6g} rad/s over a grid spanning {omega[-1] - omega[0]:.6g} rad/s). "
            "Frequencies were probably removed, moved or reordered after the weights were computed (e.g. "
            "spectra.isel(omega=slice(None, None, 2)) keeps the old weights): recompute the spectra on the grid you "
            "want, or drop 'quadrature_weight' to integrate with the trapezoid rule")
    return weight


def check_spectra(spectra, what: str = "spectra") -> None:
    """Raise ValueError unless ``spectra`` looks like the output of :func:`photodrag.spectra`."""
    if not isinstance(spectra, xr.Dataset):
        raise ValueError(f"{what} must be the xarray.Dataset that photodrag.spectra returns, got "
                         f"{type(spectra).__name__} {spectra!r:.60}")
    for name in ("transmission", "transmission_to_bath", "transmission_from_bath"):
        if name not in spectra:
            raise ValueError(f"the spectra Dataset has no {name!r} variable: pass the output of photodrag.spectra")


def check_particle(value, what: str, n: int) -> int:
    """``value`` as a particle index 0..n−1; ValueError naming ``what`` otherwise (0-based, as in the files).

    The one particle-index check of the package: thermostats, the ends of a drag, Hall or
    resistance experiment and the rows of a drag all go through it.
    """
    try:
        index = operator.index(value)
    except TypeError:
        raise ValueError(f"{what} must be a particle index (an integer); {value!r} is not a particle index") from None
    if not 0 <= index < n:
        raise ValueError(f"{what} = {index} is out of range: the system has particles 0..{n - 1}")
    return index


def check_particles(values, what: str, n: int, minimum: int = 1) -> list[int]:
    """A row of distinct particle indices (at least ``minimum``), each checked by :func:`check_particle`."""
    try:
        values = list(values)
    except TypeError:
        raise ValueError(f"{what} must be a list of particle indices (integers), got {values!r}") from None
    indices = [check_particle(v, f"{what}[{k}]", n) for k, v in enumerate(values)]
    if len(indices) < minimum:
        count = {1: "one particle", 2: "two particles"}.get(minimum, f"{minimum} particles")
        raise ValueError(f"{what} needs at least {count}, got {indices}")
    if len(set(indices)) != len(indices):
        raise ValueError(f"{what} lists a particle twice: {indices}")
    return indices


def closest_option(word: str, options) -> str | None:
    """The option closest to ``word`` (a misspelling of it, or a prefix), or None when none is close."""
    import difflib

    word, options = str(word), [str(o) for o in options]
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    match = match or [o for o in options if len(o) >= 2 and (word.startswith(o) or o.startswith(word))][:1]
    return match[0] if match else None


def closest(word: str, options) -> str:
    """' (did you mean 'x'?)' for the option closest to ``word``, or '' when none is close."""
    match = closest_option(word, options)
    return f" (did you mean {match!r}?)" if match else ""


def misspelling(missing: str, given) -> str:
    """"; is 'radus_nm' a misspelling of it?" when one of the keys ``given`` is close to the ``missing`` one, else ''."""
    match = closest_option(missing, [k for k in given if isinstance(k, str)])
    return f"; is {match!r} a misspelling of it?" if match else ""
