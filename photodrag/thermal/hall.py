"""The photon thermal Hall effect (Ben-Abdallah, PRL 116, 084301, 2016).

Four particles on a square; two on one diagonal are held by thermostats at T_hot and
T_cold, the two on the other diagonal are free. Without a field the square's mirror
symmetry through the thermostated diagonal gives the free pair equal temperatures. A
magnetic field normal to the square breaks that symmetry in magneto-optical particles
(the exchange is no longer reciprocal), and a temperature difference appears across the
free diagonal, odd in B:

    ΔT_H = T(free[0]) − T(free[1]),    relative Hall temperature ΔT_H / (T_hot − T_cold).

In the paper's numbering 1 = hot, 2 = cold, 3 = free[0], 4 = free[1], so the relative
Hall temperature is its (T3 − T4)/(T1 − T2). The sign depends on the order of the free
pair relative to the field: ``handedness`` is +1 when free[0] lies counter-clockwise of the
hot particle seen from the tip of the field axis û (right-handed about û), −1 when
clockwise. For :func:`photodrag.geometry.coaxial_rings` (1, 4, ...) with hot = 0, cold = 2
and the default free = (1, 3), a field along +z gives handedness +1. B is the physical
field (the paper's InSb tensor is the physical one at −B: its signs are those at −B here).
"""

from __future__ import annotations


import numpy as np
import xarray as xr

from .field import field_axis, steady_states
from ..checks import check_particle, check_temperature
from .temperatures import DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE_K

HALL_DEFINITION = (
    "hall_temperature = T(free[0]) - T(free[1]); relative_hall_temperature = hall_temperature / (T_hot - T_cold) "
    "(the paper's (T3 - T4)/(T1 - T2) with 1 = hot, 2 = cold, 3 = free[0], 4 = free[1]); handedness = +1 when "
    "free[0] is counter-clockwise of hot seen from the tip of the field axis"
)


def _particle(value, what: str) -> int:
    return check_particle(value, what, 4)


def _roles(hot, cold, free) -> tuple[int, int, tuple[int, int]]:
    hot, cold = _particle(hot, "hot"), _particle(cold, "cold")
    if hot == cold:
        raise ValueError(f"hot and cold are both particle {hot}: the thermostats need two particles")
    others = tuple(p for p in range(4) if p not in (hot, cold))
    if free is None:
        return hot, cold, others
    free = tuple(_particle(p, "free") for p in free)
    if len(free) != 2 or sorted(free) != list(others):
        raise ValueError(
            f"free must be the two particles other than hot and cold, {others} in either order; got {free}"
        )
    return hot, cold, free


def handedness(positions: np.ndarray, hot: int, first: int, axis: np.ndarray | None) -> int:
    """+1 if ``first`` is counter-clockwise of ``hot`` about the square's centre seen from the tip of ``axis``, −1 if
    clockwise, 0 without an axis (no field) or when the three lie on a line through it."""
    if axis is None:
        return 0
    centre = positions.mean(axis=0)
    turn = float(np.cross(positions[hot] - centre, positions[first] - centre) @ axis)
    scale = float(np.linalg.norm(positions[hot] - centre) * np.linalg.norm(positions[first] - centre))
    return 0 if abs(turn) <= 1e-12 * scale else int(np.sign(turn))


def hall(
    spec: xr.Dataset,
    hot: int = 0,
    cold: int = 2,
    T_hot: float = 310.0,
    T_cold: float = 300.0,
    *,
    free=None,
    method: str = "nonlinear",
    bath: float | None = None,
    T_ref: float | None = None,
    tol: float = DEFAULT_TOLERANCE_K,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> xr.Dataset:
    """Hall temperature difference of the free pair of a four-particle square.

    Parameters
    ----------
    spec : xarray.Dataset
        Spectra of four particles (:func:`photodrag.spectra`), one field or a sweep along B.
    hot, cold : int
        The thermostated particles (one diagonal), held at ``T_hot`` and ``T_cold`` (K).
    T_hot, T_cold : float
        Thermostat temperatures in K; they must differ.
    free : pair of int, optional
        The free pair in the order that defines the sign (default: the other two, lower
        index first).
    method : {"nonlinear", "linear"}
        Model of :func:`photodrag.steady_state` (default: the exact Landauer balance).
    bath : float or None
        Bath temperature in K, or None for no bath.
    T_ref : float, optional
        Newton's starting point (nonlinear) or the expansion temperature (linear), K;
        default ``T_cold``.
    tol, max_iterations
        See :func:`photodrag.steady_state`.

    Returns
    -------
    xarray.Dataset
        hall_temperature (K), relative_hall_temperature (1), and the steady state's
        temperature (particle) K, thermostat_power (thermostat) W, heat_flow (emitter,
        absorber) W, bath_power (particle) W, max_residual_W; each with a leading B
        dimension for a sweep. Attributes: hot, cold, free, T_hot_K, T_cold_K, method,
        bath, handedness (see the module docstring), hall_definition.

    Raises
    ------
    ValueError
        Not four particles, bad indices, equal or invalid temperatures.
    """
    n = spec.sizes["emitter"]
    if n != 4:
        raise ValueError(
            f"the thermal Hall set-up needs exactly four particles (two thermostated on one diagonal of a square, "
            f"two free on the other); these spectra have {n}"
        )
    hot, cold, free = _roles(hot, cold, free)
    T_hot = check_temperature(T_hot, "T_hot")
    T_cold = check_temperature(T_cold, "T_cold")
    if T_hot == T_cold:
        raise ValueError(f"T_hot and T_cold are both {T_hot} K: the Hall effect needs a temperature difference")
    drive = T_hot - T_cold

    def derive(state):
        delta = float(state["temperature"][free[0]] - state["temperature"][free[1]])
        return {
            "hall_temperature": (delta, {
                "units": "K", "long_name": "Hall temperature difference T(free[0]) - T(free[1])"}),
            "relative_hall_temperature": (delta / drive, {
                "units": "1", "long_name": "relative Hall temperature (T(free[0]) - T(free[1]))/(T_hot - T_cold)"}),
        }

    result = steady_states(
        spec, {hot: T_hot, cold: T_cold}, derive, method=method, bath=bath,
        T_ref=T_cold if T_ref is None else T_ref, tol=tol, max_iterations=max_iterations,
    )
    positions = spec["position"].values
    positions = positions[0] if positions.ndim == 3 else positions
    result.attrs = {
        "title": "photodrag photon thermal Hall effect",
        "hot": hot,
        "cold": cold,
        "free": np.array(free),
        "T_hot_K": T_hot,
        "T_cold_K": T_cold,
        "method": method,
        "bath": "off" if bath is None else f"{float(bath)} K",
        "handedness": handedness(positions, hot, free[0], field_axis(spec)),
        "hall_definition": HALL_DEFINITION,
        "reference": "Ben-Abdallah, PRL 116, 084301 (2016)",
    }
    return result
