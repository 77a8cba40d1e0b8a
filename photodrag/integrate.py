"""Spectral integrals of transmission spectra: powers and conductances.

Power absorbed by `absorber` from the fluctuations of `emitter`:
P = ∫₀^∞ dω/2π Θ(ω, T_emitter) 𝒯(ω); conductance G = ∫₀^∞ dω/2π ∂Θ/∂T 𝒯(ω).
The integral runs over the spectra's ω grid only (nothing is added outside it),
with the quadrature weights stored in the dataset ('quadrature_weight', rad/s)
when present, else the trapezoid rule on the grid.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from . import planck


def trapezoid_weights(omega: np.ndarray) -> np.ndarray:
    """Weights (rad/s) of the trapezoid rule on increasing nodes ω (rad/s), shape (n_omega,)."""
    spacing = np.diff(omega)
    weights = np.zeros_like(omega, dtype=float)
    weights[:-1] += spacing / 2
    weights[1:] += spacing / 2
    return weights


def quadrature_weights(spec: xr.Dataset) -> xr.DataArray:
    """Weights w(ω) in rad/s with ∫ f dω ≈ Σ w f on the spectra's grid."""
    if "quadrature_weight" in spec:
        return spec["quadrature_weight"]
    omega = spec["omega"].values
    if omega.size < 2:
        raise ValueError("integrating a spectrum needs at least two frequencies or stored quadrature weights")
    return xr.DataArray(trapezoid_weights(omega), dims="omega", coords={"omega": spec["omega"]}, attrs={"units": "rad/s"})


def _check_temperature(T) -> float:
    T = float(T)
    if not np.isfinite(T) or T <= 0:
        raise ValueError(f"temperature must be finite and positive (K), got {T}")
    return T


def conductance(spec: xr.Dataset, T) -> xr.DataArray:
    """Conductance matrix G_{emitter→absorber}(T) in W/K, dims (emitter, absorber).

    G_{j→i} = ∫ dω/2π ∂Θ/∂T(ω, T) 𝒯_{j→i}(ω). The diagonal is zero (no self-exchange).
    """
    T = _check_temperature(T)
    weight = quadrature_weights(spec) * planck.dtheta_dT(spec["omega"], T) / (2 * np.pi)
    result = (spec["transmission"] * weight).sum("omega")
    return result.assign_attrs(
        units="W/K",
        long_name="thermal conductance from emitter to absorber",
        temperature_K=T,
    )


def bath_conductance(spec: xr.Dataset, T) -> tuple[xr.DataArray, xr.DataArray]:
    """(to_bath, from_bath) conductances in W/K at temperature T, dims (emitter,) and (absorber,)."""
    T = _check_temperature(T)
    weight = quadrature_weights(spec) * planck.dtheta_dT(spec["omega"], T) / (2 * np.pi)
    to_bath = (spec["transmission_to_bath"] * weight).sum("omega")
    from_bath = (spec["transmission_from_bath"] * weight).sum("omega")
    return (
        to_bath.assign_attrs(units="W/K", long_name="thermal conductance from particle to bath", temperature_K=T),
        from_bath.assign_attrs(units="W/K", long_name="thermal conductance from bath to particle", temperature_K=T),
    )
