"""Heat supercurrents: persistent heat flows at thermal equilibrium (paper eq. 14).

At a uniform temperature T every particle and the bath share one Θ(ω, T), yet in a
non-reciprocal system (B ≠ 0, broken mirror symmetry) the pair exchange does not cancel:

    φ_{i→j} = ∫₀^∞ dω/2π Θ(ω, T) [𝒯_{i→j}(ω) − 𝒯_{j→i}(ω)]     (W, positive: flows i → j)

and its spectrum "normalised by the Planck oscillator energy" is 𝒯_{i→j}(ω) − 𝒯_{j→i}(ω).
Spectra are indexed [omega, emitter, absorber] as everywhere in photodrag; here the
emitter index is the particle the current leaves. φ is formed as P_{i→j} − P_{j→i} from
one-way powers on the same grid and weights, so it is antisymmetric to the last bit and a
reciprocal system gives zero to round-off (≈1e-16 of the one-way powers); nothing is
symmetrised.

Each particle's persistent currents balance once the bath is counted:
Σ_j φ_{i→j} + φ_{i→b} = 0 with φ_{i→b} = ∫ dω/2π Θ [𝒯_{i→b} − 𝒯_{b→i}] — a consequence
of the engine's per-frequency energy balance, checked in the tests, never imposed.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..checks import check_particles, check_temperature
from ..deprecation import renamed_arguments
from .exchange import Exchange


@renamed_arguments(spec="spectra")
def supercurrent_spectrum(spectra: xr.Dataset) -> xr.DataArray:
    """𝒯_{emitter→absorber}(ω) − 𝒯_{absorber→emitter}(ω), dimensionless, dims (omega, emitter, absorber).

    The supercurrent spectrum normalised by the Planck oscillator energy (paper Fig. 4).
    """
    t = spectra["transmission"].transpose("omega", "emitter", "absorber")
    swapped = xr.DataArray(np.swapaxes(t.values, 1, 2), dims=t.dims, coords=t.coords)
    return (t - swapped).assign_attrs(
        units="1",
        long_name="supercurrent spectrum T_{emitter->absorber} - T_{absorber->emitter}",
    )


@renamed_arguments(spec="spectra")
def supercurrent(spectra: xr.Dataset, T: float) -> xr.DataArray:
    """Persistent heat current between every pair at a uniform temperature (paper eq. 14).

    Parameters
    ----------
    spectra : xarray.Dataset
        Output of :func:`photodrag.spectra` (integrated with its quadrature weights).
    T : float
        Temperature of all particles and of the bath, in K.

    Returns
    -------
    xarray.DataArray, dims (emitter, absorber), W
        Net persistent flow from emitter to absorber; antisymmetric, zero diagonal.
    """
    T = check_temperature(T, "T")
    pair, _ = Exchange.from_spectra(spectra).persistent(T)
    coords = {name: spectra[name] for name in ("emitter", "absorber")}
    return xr.DataArray(pair, dims=("emitter", "absorber"), coords=coords, attrs={
        "units": "W",
        "long_name": "persistent heat current from emitter to absorber",
        "temperature_K": T,
        "definition": "int_0^inf domega/2pi Theta(omega, T) [T_{emitter->absorber} - T_{absorber->emitter}]",
    })


@renamed_arguments(spec="spectra")
def supercurrent_to_bath(spectra: xr.Dataset, T: float) -> xr.DataArray:
    """Persistent heat current from each particle to the bath at a uniform T, dims (particle,), W.

    φ_{i→b} = ∫ dω/2π Θ(ω, T) [𝒯_{i→b} − 𝒯_{b→i}]; it closes each particle's balance:
    ``supercurrent(spectra, T).sum("absorber") + supercurrent_to_bath(spectra, T) == 0`` (plus
    :func:`supercurrent_to_surface` above a surface).
    """
    return _to_reservoir(spectra, T, "bath")


def supercurrent_to_surface(spectra: xr.Dataset, T: float) -> xr.DataArray:
    """Persistent heat current from each particle to the surface below it at a uniform T, dims (particle,), W.

    φ_{i→s} = ∫ dω/2π Θ(ω, T) [𝒯_{i→s} − 𝒯_{s→i}]: with the bath's, it closes each particle's balance,
    ``supercurrent(...).sum("absorber") + supercurrent_to_bath(...) + supercurrent_to_surface(...) == 0``.
    ValueError for spectra without a surface.
    """
    return _to_reservoir(spectra, T, "surface")


def _to_reservoir(spectra: xr.Dataset, T: float, reservoir: str) -> xr.DataArray:
    T = check_temperature(T, "T")
    exchange = Exchange.from_spectra(spectra)
    if reservoir not in exchange.reservoirs:
        raise ValueError(f"these spectra have no {reservoir} channel (particles in vacuum): no current to the "
                         f"{reservoir}")
    _, to_reservoir = exchange.persistent(T)
    return xr.DataArray(to_reservoir[reservoir], dims="particle", coords={"particle": spectra["emitter"].values},
                        attrs={"units": "W", "long_name": f"persistent heat current from particle to {reservoir}",
                               "temperature_K": T})


def circulation(current: xr.DataArray, ring) -> xr.DataArray:
    """Sum of a pair quantity along a closed ring of particles.

    Parameters
    ----------
    current : xarray.DataArray with dims emitter and absorber
        E.g. :func:`supercurrent` (W) or :func:`supercurrent_spectrum` (per ω).
    ring : sequence of int
        Particles in the order they are visited; the last links back to the first.

    Returns
    -------
    xarray.DataArray
        Σ_k current[ring[k] → ring[k+1]], the remaining dims of ``current`` kept
        (a scalar in W for :func:`supercurrent`). For n identical links it is n times
        the current on one link.
    """
    ring = check_particles(ring, "ring", current.sizes["emitter"], minimum=2)
    source = xr.DataArray(ring, dims="link")
    target = xr.DataArray(ring[1:] + ring[:1], dims="link")
    links = current.isel(emitter=source, absorber=target, drop=True)
    return links.sum("link").assign_attrs(
        units=current.attrs.get("units", ""),
        long_name=f"circulation of {current.attrs.get('long_name', current.name or 'current')} around ring {ring}",
        ring=np.array(ring),
    )
