"""Checks on spectra that the physics must satisfy; nothing here is ever imposed."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .checks import check_spectra
from .deprecation import renamed_arguments


@renamed_arguments(spec="spectra")
def energy_balance_residual(spectra: xr.Dataset) -> xr.DataArray:
    """Relative energy-balance residual per frequency, dims (omega,) (and any others spectra has).

    For each particle i: received = Σ_j 𝒯_{j→i} + 𝒯_{b→i} (+ 𝒯_{s→i} above a surface), given =
    Σ_j 𝒯_{i→j} + 𝒯_{i→b} (+ 𝒯_{i→s}). The residual at ω is max_i |received − given| / max_i given
    (dimensionless).
    """
    check_spectra(spectra)
    to_environment, from_environment = (sum(spectra[f"transmission_{way}_{r}"] for r in ("bath", "surface")
                                            if f"transmission_{way}_{r}" in spectra) for way in ("to", "from"))
    residual = xr.apply_ufunc(
        energy_balance_residual_array, spectra["transmission"], to_environment, from_environment,
        input_core_dims=[["emitter", "absorber"], ["emitter"], ["absorber"]])
    return residual.assign_attrs(units="1", long_name="relative energy-balance residual")


def energy_balance_residual_array(pair: np.ndarray, to_environment: np.ndarray,
                                  from_environment: np.ndarray) -> np.ndarray:
    """:func:`energy_balance_residual` on plain arrays, over the trailing axes: pair
    (..., emitter, absorber), to_environment (..., emitter) and from_environment (..., absorber) the
    channels to and from everything that is not a particle (bath, and surface); returns (...)."""
    received = pair.sum(axis=-2) + from_environment
    given = pair.sum(axis=-1) + to_environment
    scale = given.max(axis=-1)
    return np.abs(received - given).max(axis=-1) / np.where(scale > 0, scale, 1.0)


@renamed_arguments(spec="spectra")
def reciprocity_residual(spectra: xr.Dataset) -> xr.DataArray:
    """max_{i,j} |𝒯_{i→j} − 𝒯_{j→i}| / max 𝒯 per frequency: zero for a reciprocal system."""
    t = spectra["transmission"]
    swapped = t.rename(emitter="absorber", absorber="emitter").transpose(*t.dims)
    scale = t.max(("emitter", "absorber"))
    asymmetry = abs(t - swapped).max(("emitter", "absorber"))
    return (asymmetry / xr.where(scale > 0, scale, 1.0)).assign_attrs(units="1", long_name="relative non-reciprocity")
