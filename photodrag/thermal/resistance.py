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

import numpy as np
import xarray as xr

from ..checks import check_particles
from ..deprecation import renamed_arguments
from .exchange import Exchange
from .held import HeldPair
from .options import DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE_K, SolverOptions
from .temperatures import solve

DRAG_DEFINITION = (
    "delta_T_passive = T(passive[0]) - T(passive[-1]); J = phi_N - phi_1 (paper eqs. 4, 13) with "
    "1 = drive[0] (T_hot), N = drive[-1] (T_cold) and phi_i = sum_j heat_flow[j, i] the net power particle i "
    "receives from the other particles; drag_resistance R_D = delta_T_passive / J (paper eq. 10). "
    "With the bath off J = 2 x hot_thermostat_power."
)


@renamed_arguments(positional=("method", "bath"), spec="spectra", method="model", bath="T_bath")
def drag(
    spectra: xr.Dataset, drive=(0, 1), passive=(2, 3), T_hot: float = 350.0, T_cold: float = 300.0, *,
    model: str = "linear", T_bath: float | None = None, T_surface: float | None = None, T_ref: float | None = None,
    tol: float = DEFAULT_TOLERANCE_K, max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> xr.Dataset:
    """Drag resistance: the passive row's response to heat driven along the drive row.

    Parameters
    ----------
    spectra : xarray.Dataset
        Output of :func:`photodrag.spectra`.
    drive : sequence of int
        Drive row in order; ``drive[0]`` is held at ``T_hot`` and ``drive[-1]`` at ``T_cold``,
        particles between them relax.
    passive : sequence of int
        Passive row in order (``passive[0]`` faces ``drive[0]``); all its particles relax.
        Must not share a particle with ``drive``.
    T_hot, T_cold : float
        Thermostat temperatures in K; they must differ.
    model : {"linear", "nonlinear"}
        See :func:`photodrag.steady_state` (default: the paper's linear model).
    T_bath : float or None
        Bath temperature in K, or None for no bath (as in the paper).
    T_surface : float or None
        Temperature of the surface in K (spectra above a surface only, and then required).
    T_ref : float or None
        Expansion temperature of the linear model in K; default ``T_cold`` (the paper takes
        its conductances at 300 K = T_2).
    tol, max_iterations
        See :func:`photodrag.steady_state`. ``method=`` and ``bath=`` (also by position) are
        deprecated spellings of ``model=`` and ``T_bath=``.

    Returns
    -------
    xarray.Dataset
        The steady state (:func:`photodrag.steady_state`) plus the scalars
        delta_T_passive (K), J (W, paper's driving power φ_N − φ_1),
        hot_thermostat_power (W, heat injected by the hot thermostat) and
        drag_resistance (K/W, ΔT_p / J). Attributes drive, passive, T_hot_K, T_cold_K and
        drag_definition state what was computed.
    """
    exchange = Exchange.from_spectra(spectra)
    n = exchange.n_particles
    drive = check_particles(drive, "drive", n, minimum=2)
    passive = check_particles(passive, "passive", n, minimum=2)
    shared = sorted(set(drive) & set(passive))
    if shared:
        raise ValueError(f"drive and passive rows overlap: particles {shared} are in both")
    pair = HeldPair.checked(drive[0], drive[-1], T_hot, T_cold, n, "drag")
    options = SolverOptions.checked(model, pair.T_cold if T_ref is None else T_ref, T_bath, tol, max_iterations,
                                    T_surface)

    state = solve(spectra, exchange, pair.thermostats, options)
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
        T_hot_K=pair.T_hot,
        T_cold_K=pair.T_cold,
        drag_definition=DRAG_DEFINITION,
    )
    return state
