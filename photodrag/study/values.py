"""Values of a workflow config: sweeps, ω grids, field labels, config errors.

Units are carried by key names (photodrag.units; docs/theory.md#conventions: SI inside, units
at the edges): ``_nm`` nanometres, ``_um`` micrometres, ``_K`` kelvin, ``_tesla`` tesla, ``_rad_s`` rad/s.

A sweepable value is a number, a list of numbers, a range ``{start, stop, num, spacing:
linear|log}`` or an explicit ``{values: [...]}`` (the spelling to use where a plain list
means something else, as for a per-particle ``radius_nm``).
"""

from __future__ import annotations

import numpy as np

from ..checks import check_count
from ..checks import closest  # noqa: F401  (the config's messages import it from here)
from ..integrate import trapezoid_weights

#: The most values one sweep or ω grid may hold: beyond it a typo (num: 1e10) would exhaust memory.
MAX_VALUES = 10_000_000

#: The most sweep points one system may have (the product of its sweeps): each point is a spectra
#: computation over the whole ω grid, and three sweeps of 1000 would exhaust memory listing them.
MAX_POINTS = 100_000


def is_sweep(sweep) -> bool:
    """True for a list or a range / explicit values, false for a single number."""
    return isinstance(sweep, (dict, list, tuple))


def sweep_values(sweep, where: str = "value", distinct: bool = True) -> list[float]:
    """The values of a sweep in config units: a number, a list, ``{start, stop, num, spacing}`` or ``{values}``.

    ``spacing: log`` spaces the values geometrically (start and stop must be > 0). ``where``
    names the key in error messages. A sweep that gives a value twice is refused (each value is
    one point of a dimension of the result files, and a repeated one would be computed twice and
    selected ambiguously); ``distinct=False`` leaves that to the caller. A range of one value
    must start where it stops: ``{start: 0, stop: 5, num: 1}`` would silently drop its stop.
    """
    values = _sweep_values(sweep, where)
    if distinct and len(set(values)) != len(values):
        repeated = sorted({v for v in values if values.count(v) > 1})
        shown = values if len(values) <= 12 else f"{values[:12]} ..."
        raise ConfigError(f"{where}: the sweep repeats {', '.join(f'{v:g}' for v in repeated)} ({shown}): each value "
                         "is one point of a dimension of the result files; give each value once")
    return values


def _sweep_values(sweep, where: str) -> list[float]:
    """The values of a sweep (:func:`sweep_values`), repeats not checked."""
    if isinstance(sweep, dict):
        if "values" in sweep:
            return _sweep_values(list(sweep["values"]), where)
        try:
            start, stop, num = float(sweep["start"]), float(sweep["stop"]), check_count(sweep["num"], "num", 0)
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{where}: a range needs numbers start, stop and an integer num, got {sweep!r}") from None
        if not 1 <= num <= MAX_VALUES:
            raise ConfigError(f"{where}: num = {sweep['num']!r} is outside 1..{MAX_VALUES:.0e}; "
                             "a grid this large would not fit in memory")
        if num == 1 and start != stop:
            raise ConfigError(f"{where}: a range of num: 1 from start {start:g} to stop {stop:g} would hold only its "
                             f"start; give num ≥ 2, or the one value alone ({start:g})")
        spacing = sweep.get("spacing", "linear")
        if spacing == "log":
            if start <= 0 or stop <= 0:
                raise ConfigError(f"{where}: a log-spaced sweep needs positive start and stop, got {start}, {stop}")
            values = np.geomspace(start, stop, num)
        elif spacing == "linear":
            values = np.linspace(start, stop, num)
        else:
            raise ConfigError(f"{where}: sweep spacing must be 'linear' or 'log', got {spacing!r}")
        return [float(v) for v in values]
    if isinstance(sweep, (list, tuple)):
        if not sweep:
            raise ConfigError(f"{where}: an empty list")
        try:
            return [float(v) for v in sweep]
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: a sweep must list numbers, got {sweep!r}") from None
    try:
        return [float(sweep)]
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: expected a number, a list or a range, got {sweep!r}") from None


def omega_grid(omega_rad_s, where: str = "omega_rad_s") -> tuple[np.ndarray, np.ndarray]:
    """(ω, w): the angular frequencies (rad/s) of ``omega_rad_s`` and trapezoid weights (rad/s).

    ``omega_rad_s`` is a range ``{start, stop, num, spacing}`` or a list of ranges, whose union
    (sorted, duplicates removed) is the grid: e.g. a dense linear band over a resonance
    plus a broad log-spaced part for a Drude metal. The weights belong to the whole grid,
    so that ω chunks computed as separate jobs integrate, once merged, exactly as the
    unsplit grid would.
    """
    ranges = isinstance(omega_rad_s, (list, tuple)) and omega_rad_s and isinstance(omega_rad_s[0], dict)
    parts = omega_rad_s if ranges else [omega_rad_s]
    omega = np.unique(np.concatenate([np.asarray(sweep_values(part, where), dtype=float) for part in parts]))
    if omega.size > MAX_VALUES:
        raise ConfigError(f"{where}: {omega.size} frequencies exceed {MAX_VALUES:.0e}")
    if omega.size < 2 or np.any(omega <= 0):
        raise ConfigError(f"{where} must give at least two distinct, positive frequencies (rad/s)")
    return omega, trapezoid_weights(omega)


def is_adaptive(omega_rad_s) -> bool:
    """True for an ``omega_rad_s`` of the form ``{adaptive: {tol, T_range_K, ...}}``."""
    return isinstance(omega_rad_s, dict) and "adaptive" in omega_rad_s


def number_label(value: float) -> str:
    """A file-name-safe rendering of a number: 5.0 -> '5', 0.25 -> '0.25', -1 -> 'm1'."""
    text = f"{value:g}".replace("+", "")
    return text.replace("-", "m")


def field_label(B) -> str:
    """'B5T' for 5 T along z, 'Bx1_y0_z2T' otherwise, '' for no field."""
    if B is None:
        return ""
    x, y, z = B
    if x == 0 and y == 0:
        return f"B{number_label(z)}T"
    return f"Bx{number_label(x)}_y{number_label(y)}_z{number_label(z)}T"


class ConfigError(ValueError):
    """A config value that cannot be used; the message names where it is and what would be valid."""
