"""Checks on spectra that the physics must satisfy; nothing here is ever imposed."""

from __future__ import annotations

import numpy as np
import xarray as xr


def energy_balance_residual(spec: xr.Dataset) -> xr.DataArray:
    """Relative energy-balance residual per frequency, dims (omega,).

    For each particle i: received = Σ_j 𝒯_{j→i} + 𝒯_{b→i}, given = Σ_j 𝒯_{i→j} + 𝒯_{i→b}.
    The residual at ω is max_i |received − given| / max_i given (dimensionless).
    """
    received = spec["transmission"].sum("emitter").rename(absorber="particle") + spec[
        "transmission_from_bath"
    ].rename(absorber="particle")
    given = spec["transmission"].sum("absorber").rename(emitter="particle") + spec["transmission_to_bath"].rename(
        emitter="particle"
    )
    scale = given.max("particle")
    residual = abs(received - given).max("particle") / xr.where(scale > 0, scale, 1.0)
    return residual.assign_attrs(units="1", long_name="relative energy-balance residual")


def reciprocity_residual(spec: xr.Dataset) -> xr.DataArray:
    """max_{i,j} |𝒯_{i→j} − 𝒯_{j→i}| / max 𝒯 per frequency: zero for a reciprocal system."""
    t = spec["transmission"]
    swapped = t.rename(emitter="absorber", absorber="emitter").transpose(*t.dims)
    scale = t.max(("emitter", "absorber"))
    asymmetry = abs(t - swapped).max(("emitter", "absorber"))
    return (asymmetry / xr.where(scale > 0, scale, 1.0)).assign_attrs(units="1", long_name="relative non-reciprocity")
