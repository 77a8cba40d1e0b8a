"""Spectral integrals of transmission spectra: powers and conductances.

The power that `absorber` takes from the fluctuations of `emitter` is
P = ∫₀^∞ dω/2π Θ(ω, T_emitter) 𝒯(ω) and the conductance G = ∫₀^∞ dω/2π ∂Θ/∂T 𝒯(ω)
(docs/theory.md#spectral-integrals). The integral runs over the spectra's ω grid only
(nothing is added outside it), with the quadrature weights stored in the dataset
('quadrature_weight', rad/s) when present, else the trapezoid rule on the grid.

This module is the one implementation of that integral: :func:`thermal_weight` is the
array core (weights × Θ/2π or × ∂Θ/∂T/2π on plain arrays), used by the thermal solvers
(photodrag.thermal), the adaptive grid (photodrag.grid) and the xarray wrappers below.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from . import planck
from .checks import check_increasing, check_quadrature_weights, check_spectra, check_temperature
from .deprecation import renamed_arguments


def trapezoid_weights(omega: np.ndarray) -> np.ndarray:
    """Weights (rad/s) of the trapezoid rule on increasing nodes ω (rad/s), shape (n_omega,)."""
    spacing = np.diff(omega)
    weights = np.zeros_like(omega, dtype=float)
    weights[:-1] += spacing / 2
    weights[1:] += spacing / 2
    return weights


def thermal_weight(omega, weight, T, *, derivative: bool = False) -> np.ndarray:
    """The factors that turn a spectrum into a power or a conductance, on plain arrays.

    Returns w(ω)·Θ(ω, T)/2π in J·rad/s (Σ over ω of it times 𝒯 is a power in W) or, with
    ``derivative``, w(ω)·∂Θ/∂T(ω, T)/2π in J·rad/(s·K) (times 𝒯, summed: a conductance in W/K).
    ``omega`` (rad/s), ``weight`` (rad/s, the quadrature weights) and ``T`` (K) broadcast
    against each other, e.g. omega (n_omega, 1) against T (1, N) for one temperature per particle.
    """
    factor = planck.dtheta_dT(omega, T) if derivative else planck.theta(omega, T)
    return np.asarray(weight) * factor / (2 * np.pi)


@renamed_arguments(spec="spectra")
def quadrature_weights(spectra: xr.Dataset) -> xr.DataArray:
    """Weights w(ω) in rad/s with ∫ f dω ≈ Σ w f on the spectra's grid.

    Every integral of spectra goes through here, so here the grid is checked: ω strictly
    increasing (a descending or shuffled grid is refused, not sorted: the fix is one
    ``spectra.sortby("omega")``, which carries stored weights along), and stored weights must be
    a quadrature rule on these nodes (:func:`photodrag.checks.check_quadrature_weights`).
    """
    check_spectra(spectra)
    omega = spectra["omega"].values
    check_increasing(omega, "the spectra's omega",
                     'sort the dataset with spectra.sortby("omega") (stored quadrature weights move with it)')
    if "quadrature_weight" in spectra:
        stored = spectra["quadrature_weight"]
        if stored.dims != ("omega",):
            raise ValueError(f"quadrature_weight must have the one dimension omega, got {stored.dims}: "
                             "select one sweep point first")
        check_quadrature_weights(omega, stored.values, "the spectra's quadrature_weight")
        return stored
    if omega.size < 2:
        raise ValueError("integrating a spectrum needs at least two frequencies or stored quadrature weights")
    return xr.DataArray(trapezoid_weights(omega), dims="omega", coords={"omega": spectra["omega"]}, attrs={"units": "rad/s"})


def _integrate(spectra: xr.Dataset, name: str, T: float, derivative: bool) -> xr.DataArray:
    weight = quadrature_weights(spectra).values  # checks spectra and its grid first
    factor = thermal_weight(spectra["omega"].values, weight, T, derivative=derivative)
    return spectra[name].dot(xr.DataArray(factor, dims="omega"), dim="omega")


@renamed_arguments(spec="spectra")
def conductance(spectra: xr.Dataset, T) -> xr.DataArray:
    """Conductance matrix G_{emitter→absorber}(T) in W/K, dims (emitter, absorber).

    G_{j→i} = ∫ dω/2π ∂Θ/∂T(ω, T) 𝒯_{j→i}(ω). The diagonal is zero (no self-exchange).
    """
    T = check_temperature(T, "T")
    return _integrate(spectra, "transmission", T, derivative=True).assign_attrs(
        units="W/K",
        long_name="thermal conductance from emitter to absorber",
        temperature_K=T,
    )


@renamed_arguments(spec="spectra")
def bath_conductance(spectra: xr.Dataset, T) -> tuple[xr.DataArray, xr.DataArray]:
    """(to_bath, from_bath) conductances in W/K at temperature T, dims (emitter,) and (absorber,)."""
    return _reservoir_conductance(spectra, T, "bath")


def surface_conductance(spectra: xr.Dataset, T) -> tuple[xr.DataArray, xr.DataArray]:
    """(to_surface, from_surface) conductances in W/K at temperature T, dims (emitter,) and (absorber,).

    For spectra of particles above a surface (ValueError otherwise).
    """
    if "transmission_to_surface" not in spectra:
        raise ValueError("these spectra have no surface channel: they were computed for particles in vacuum")
    return _reservoir_conductance(spectra, T, "surface")


def _reservoir_conductance(spectra: xr.Dataset, T, reservoir: str) -> tuple[xr.DataArray, xr.DataArray]:
    T = check_temperature(T, "T")
    to = _integrate(spectra, f"transmission_to_{reservoir}", T, derivative=True)
    back = _integrate(spectra, f"transmission_from_{reservoir}", T, derivative=True)
    return (
        to.assign_attrs(units="W/K", long_name=f"thermal conductance from particle to {reservoir}", temperature_K=T),
        back.assign_attrs(units="W/K", long_name=f"thermal conductance from {reservoir} to particle", temperature_K=T),
    )
