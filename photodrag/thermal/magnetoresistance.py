"""Thermal resistance between two thermostated particles, and its change under a field
(thermal magnetoresistance: Latella & Ben-Abdallah, PRL 118, 173902, 2017).

Particle ``hot`` is held at T_hot and ``cold`` at T_cold; every other particle relaxes
(photodrag.steady_state). The heat carried is the net power the cold particle receives
from all the other particles,

    P = Σ_j heat_flow[j, cold]     (W; with the bath off it is the hot thermostat's power),

and the thermal resistance is R = (T_hot − T_cold) / P in K/W. Its magnetoresistance is
(R(B) − R(0)) / R(0) over a field sweep that contains B = 0.

For a chain of particles on a line, a mirror through the line maps the system under B
onto the system under −B (B is a pseudovector), and with Onsager's relation the exchange
is reciprocal at every B: R is even in B. That is a check, not something imposed.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..deprecation import renamed_arguments
from .held import HeldPair, held_states
from .options import DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE_K, SolverOptions

#: Fields up to this size (T) count as B = 0, the reference of the magnetoresistance.
ZERO_FIELD_T = 1e-9

REFERENCE = "Latella & Ben-Abdallah, PRL 118, 173902 (2017)"

RESISTANCE_DEFINITION = (
    "resistance = (T_hot - T_cold) / heat_carried, heat_carried = sum_j heat_flow[j, cold]: net power the cold "
    "particle receives from all other particles (bath and thermostat not included); others free"
)


@renamed_arguments(spec="spectra", method="model", bath="T_bath")
def thermal_resistance(
    spectra: xr.Dataset, hot: int, cold: int, T_hot: float = 301.0, T_cold: float = 300.0, *,
    model: str = "nonlinear", T_bath: float | None = None, T_surface: float | None = None, T_ref: float | None = None,
    tol: float = DEFAULT_TOLERANCE_K, max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> xr.Dataset:
    """Thermal resistance between two thermostated particles, the others free.

    Parameters
    ----------
    spectra : xarray.Dataset
        Spectra (:func:`photodrag.spectra`), one field or a sweep along B.
    hot, cold : int
        The thermostated particles.
    T_hot, T_cold : float
        Their temperatures in K; they must differ.
    model, T_bath, T_surface, T_ref, tol, max_iterations
        As in :func:`photodrag.thermal.hall` (default: exact Landauer balance, no bath,
        T_ref = T_cold); ``method=`` and ``bath=`` are deprecated spellings.

    Returns
    -------
    xarray.Dataset
        resistance (K/W), heat_carried (W), and the steady state's temperature (particle),
        thermostat_power (thermostat), heat_flow (emitter, absorber), bath_power
        (particle), max_residual_W; each with a leading B dimension for a sweep.
        Attributes: hot, cold, T_hot_K, T_cold_K, method, bath, resistance_definition.
    """
    pair = HeldPair.checked(hot, cold, T_hot, T_cold, spectra.sizes["emitter"], "a resistance")
    options = SolverOptions.checked(model, pair.T_cold if T_ref is None else T_ref, T_bath, tol, max_iterations,
                                    T_surface)

    def derive(state):
        carried = float(state["heat_flow"].sel(absorber=pair.cold).sum("emitter"))
        if carried == 0.0:
            raise ValueError(f"no heat reaches particle {pair.cold}: the resistance is infinite on this frequency grid")
        return {
            "heat_carried": (carried, {
                "units": "W", "long_name": "net power the cold particle receives from the others"}),
            "resistance": ((pair.T_hot - pair.T_cold) / carried, {"units": "K/W", "long_name": "thermal resistance"}),
        }

    result = held_states(spectra, pair, options, derive)
    result.attrs = {
        "title": "photodrag thermal resistance",
        **pair.attrs(),
        "method": options.model,
        "bath": "off" if options.T_bath is None else f"{options.T_bath} K",
        **options.surface_attrs(),
        "resistance_definition": RESISTANCE_DEFINITION,
    }
    return result


@renamed_arguments(spec="spectra")
def magnetoresistance(spectra: xr.Dataset, hot: int, cold: int, T_hot: float = 301.0, T_cold: float = 300.0,
                      **options) -> xr.Dataset:
    """Thermal resistance against B and its relative change (R(B) − R(0))/R(0).

    Parameters
    ----------
    spectra : xarray.Dataset
        A field sweep: spectra concatenated along ``B`` (T), which must contain B = 0
        (|B| ≤ 1e-9 T) exactly once.
    hot, cold, T_hot, T_cold, **options
        As in :func:`thermal_resistance`.

    Returns
    -------
    xarray.Dataset
        :func:`thermal_resistance`'s output plus relative_change (B), dimensionless.

    Raises
    ------
    ValueError
        Spectra of a single field, or a sweep without B = 0 (R(0) is the reference; the
        message lists the fields).
    """
    if "B" not in spectra.dims:
        raise ValueError(
            "magnetoresistance needs spectra swept over B (concatenated along a dimension 'B' that contains 0); "
            "for one field use photodrag.thermal.thermal_resistance"
        )
    _zero_field(spectra["B"])  # before the solves: a sweep without its reference is refused at once
    result = thermal_resistance(spectra, hot, cold, T_hot, T_cold, **options)
    result["relative_change"] = relative_change(result["resistance"])
    result.attrs["reference"] = REFERENCE
    return result


def _zero_field(B: xr.DataArray) -> int:
    """The index of B = 0 (|B| ≤ ZERO_FIELD_T) in a field sweep; ValueError unless it is there exactly once."""
    zero = np.flatnonzero(np.abs(B.values) <= ZERO_FIELD_T)
    if zero.size != 1:
        raise ValueError(
            f"magnetoresistance needs B = 0 exactly once in the sweep as its reference R(0); the sweep has "
            f"B = {B.values.tolist()} T"
        )
    return int(zero[0])


def relative_change(resistance: xr.DataArray) -> xr.DataArray:
    """(R(B) − R(0))/R(0), dimensionless, of resistances along a field sweep ``B`` that contains 0 once."""
    reference = resistance.isel(B=_zero_field(resistance["B"]))
    return ((resistance - reference) / reference).assign_attrs(
        units="1", long_name="thermal magnetoresistance (R(B) - R(0))/R(0)", reference=REFERENCE)
