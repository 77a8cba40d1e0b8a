"""Thermal photon drag between a drive row and a passive row (paper eqs. 4, 10, 13).

The drive row's first particle is held at T_hot and its last at T_cold by two
thermostats; every other particle relaxes (photodrag.thermal.temperatures). Then

* ΔT_p = T(passive[0]) − T(passive[-1]), the temperature difference induced in the
  passive row (paper: T_{N+1} − T_{2N});
* φ_i = Σ_{j≠i} q_{j→i}, the net power particle i receives from the other particles
  (paper eq. 3; thermostat and bath not included);
* J = φ_N − φ_1 with 1 = drive[0] and N = drive[-1] (paper eqs. 4 and 13);
* R_D = ΔT_p / J (paper eq. 10), in K/W.

With the bath off and two thermostats, φ_1 = −P_hot and φ_N = −P_cold = P_hot, so the
paper's J is **twice** the heat P_hot carried from the hot to the cold thermostat. Both
numbers are returned; the definition used for R_D is stated in the output's attributes.
"""

from __future__ import annotations

import operator

import numpy as np
import xarray as xr

from ..checks import check_temperature
from .temperatures import DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE_K, steady_state

DRAG_DEFINITION = (
    "delta_T_passive = T(passive[0]) - T(passive[-1]); J = phi_N - phi_1 (paper eqs. 4, 13) with "
    "1 = drive[0] (T_hot), N = drive[-1] (T_cold) and phi_i = sum_j heat_flow[j, i] the net power particle i "
    "receives from the other particles; drag_resistance R_D = delta_T_passive / J (paper eq. 10). "
    "With the bath off J = 2 x hot_thermostat_power."
)


def _indices(values, what: str, n: int) -> list[int]:
    try:
        indices = [operator.index(v) for v in values]
    except TypeError:
        raise ValueError(f"{what} must be a list of particle indices (integers), got {values!r}") from None
    if len(indices) < 2:
        raise ValueError(f"{what} needs at least two particles (its first and last), got {indices}")
    if len(set(indices)) != len(indices):
        raise ValueError(f"{what} lists a particle twice: {indices}")
    bad = [i for i in indices if not 0 <= i < n]
    if bad:
        raise ValueError(f"{what} has particle indices {bad} out of range: the system has particles 0..{n - 1}")
    return indices


def drag(
    spec: xr.Dataset,
    drive=(0, 1),
    passive=(2, 3),
    T_hot: float = 350.0,
    T_cold: float = 300.0,
    method: str = "linear",
    bath: float | None = None,
    *,
    T_ref: float | None = None,
    tol: float = DEFAULT_TOLERANCE_K,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> xr.Dataset:
    """Drag resistance: the passive row's response to heat driven along the drive row.

    Parameters
    ----------
    spec : xarray.Dataset
        Output of :func:`photodrag.spectra`.
    drive : sequence of int
        Drive row in order; ``drive[0]`` is held at ``T_hot`` and ``drive[-1]`` at ``T_cold``,
        particles between them relax.
    passive : sequence of int
        Passive row in order (``passive[0]`` faces ``drive[0]``); all its particles relax.
        Must not share a particle with ``drive``.
    T_hot, T_cold : float
        Thermostat temperatures in K; they must differ.
    method : {"linear", "nonlinear"}
        See :func:`photodrag.steady_state`.
    bath : float or None
        Bath temperature in K, or None for no bath (as in the paper).
    T_ref : float or None
        Expansion temperature of the linear model in K; default ``T_cold`` (the paper takes
        its conductances at 300 K = T_2).
    tol, max_iterations
        See :func:`photodrag.steady_state`.

    Returns
    -------
    xarray.Dataset
        The steady state (:func:`photodrag.steady_state`) plus the scalars
        delta_T_passive (K), J (W, paper's driving power φ_N − φ_1),
        hot_thermostat_power (W, heat injected by the hot thermostat) and
        drag_resistance (K/W, ΔT_p / J). Attributes drive, passive, T_hot_K, T_cold_K and
        drag_definition state what was computed.
    """
    n = spec.sizes["emitter"]
    drive = _indices(drive, "drive", n)
    passive = _indices(passive, "passive", n)
    shared = sorted(set(drive) & set(passive))
    if shared:
        raise ValueError(f"drive and passive rows overlap: particles {shared} are in both")
    T_hot = check_temperature(T_hot, "T_hot")
    T_cold = check_temperature(T_cold, "T_cold")
    if T_hot == T_cold:
        raise ValueError(f"T_hot and T_cold are both {T_hot} K: drag needs a temperature difference")
    T_ref = T_cold if T_ref is None else T_ref

    state = steady_state(
        spec, {drive[0]: T_hot, drive[-1]: T_cold}, method=method, T_ref=T_ref, bath=bath,
        tol=tol, max_iterations=max_iterations,
    )
    received = state["heat_flow"].sum("emitter").rename(absorber="particle")  # φ_i, eq. 3
    delta_T = state["temperature"].sel(particle=passive[0]) - state["temperature"].sel(particle=passive[-1])
    J = received.sel(particle=drive[-1]) - received.sel(particle=drive[0])
    hot_power = state["thermostat_power"].sel(thermostat=drive[0])
    if float(J) == 0.0:
        raise ValueError("the driving power J is exactly zero: the drive particles do not exchange heat on this grid")
    scalars = {
        "delta_T_passive": (delta_T, {"units": "K", "long_name": "temperature difference in the passive row, "
                                      "first minus last"}),
        "J": (J, {"units": "W", "long_name": "driving power phi_N - phi_1 (paper eqs. 4, 13)"}),
        "hot_thermostat_power": (hot_power, {"units": "W", "long_name": "heat injected by the hot thermostat"}),
        "drag_resistance": (delta_T / J, {"units": "K/W", "long_name": "thermal drag resistance delta_T_passive / J"}),
    }
    for name, (value, attrs) in scalars.items():
        state[name] = xr.DataArray(float(value), attrs=attrs)
    state.attrs.update(
        title="photodrag thermal drag",
        drive=np.array(drive),
        passive=np.array(passive),
        T_hot_K=T_hot,
        T_cold_K=T_cold,
        drag_definition=DRAG_DEFINITION,
    )
    return state
