"""Heat capacities of the particles of a spectra Dataset, in J/K.

By default each sphere's heat capacity is its material's volumetric heat capacity
(J m⁻³ K⁻¹, near 300 K, stored on the named material models with a citation) times its
volume 4πR³/3. The material is looked up by the name the spectra store, so a user model
that is not in photodrag's registry has no default: pass the heat capacities explicitly.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..checks import check_reals
from ..materials import material as named_material


#: The range of volumetric heat capacities (J m⁻³ K⁻¹) a particle's heat capacity is checked against: solids
#: hold 1e6-4e6 near 300 K, and down to ~0.1 near 1 K (phonons as T³; a metal's electrons as T); beyond
#: these bounds the value is not a particle's heat capacity in J/K but a slip of units.
PLAUSIBLE_PER_VOLUME = (1e-3, 1e8)


def check_plausible(capacity, radius) -> None:
    """Refuse heat capacities (J/K, (N,)) that no sphere of these radii (m, (N,)) can have (ValueError).

    A specific heat in J/(kg K) (700 for SiC) or a volumetric one in J/(m³ K) given where a particle's
    J/K is meant is 17 to 21 orders of magnitude too large: a relaxation with it freezes. The message
    names the particle, its value per volume and the likely slip.
    """
    capacity, radius = np.broadcast_arrays(np.asarray(capacity, dtype=float), np.asarray(radius, dtype=float))
    per_volume = capacity / sphere_volume(radius)
    low, high = PLAUSIBLE_PER_VOLUME
    bad = np.flatnonzero((per_volume < low) | (per_volume > high))
    if bad.size:
        k = int(bad[0])
        slip = "a specific heat in J/(kg K) or J/(m³ K) where the particle's J/K is meant" if per_volume[k] > high \
            else "a value in the wrong unit"
        raise ValueError(
            f"heat capacity of particle {k}: {capacity[k]:.4g} J/K is {per_volume[k]:.3g} J/(m³ K) for a sphere of "
            f"radius {radius[k]:.3g} m, outside {low:g}-{high:g} J/(m³ K) (solids: 1e6-4e6 near 300 K): {slip}? A "
            f"particle's heat capacity is c ρ (4π/3) R³, about {2e6 * sphere_volume(radius[k]):.2g} J/K here"
            + (f" ({bad.size} particles are outside)" if bad.size > 1 else ""))


def sphere_volume(radius: np.ndarray) -> np.ndarray:
    """4πR³/3 in m³ for radii R in m."""
    return 4 * np.pi * np.asarray(radius, dtype=float) ** 3 / 3


def default_heat_capacities(spectra: xr.Dataset) -> np.ndarray:
    """Volumetric heat capacity of each particle's named material times its volume, J/K, shape (N,).

    Raises
    ------
    ValueError
        When the spectra carry no radii or material names, or a particle's material has no
        volumetric heat capacity (a user model, or a name photodrag does not know); the
        message names the particle and says to pass ``heat_capacity``.
    """
    for name in ("radius", "material"):
        if name not in spectra:
            raise ValueError(
                f"the spectra Dataset has no {name!r} variable, so the default heat capacities cannot be formed: "
                "pass heat_capacity (N,) in J/K"
            )
    names = [str(m) for m in spectra["material"].values]
    capacities = []
    for index, name in enumerate(names):
        try:
            per_volume = named_material(name).volumetric_heat_capacity
        except ValueError:
            per_volume = None
        if per_volume is None:
            raise ValueError(
                f"particle {index} is of material {name!r}, which has no volumetric heat capacity in photodrag's "
                "registry (named materials with one: SiC, Au, InSb, InSb-ZhuFan): pass heat_capacity (N,) in J/K"
            )
        capacities.append(per_volume)
    return np.array(capacities) * sphere_volume(spectra["radius"].values)


def heat_capacities(spectra: xr.Dataset, heat_capacity=None) -> np.ndarray:
    """The particles' heat capacities in J/K, shape (N,): ``heat_capacity`` checked, or the defaults.

    Raises ValueError for a wrong shape, a value that is not finite and positive (naming the particle), or one
    that no sphere of the spectra's radii can have (:func:`check_plausible`).
    """
    n = spectra.sizes["emitter"]
    if heat_capacity is None:
        return default_heat_capacities(spectra)
    capacity = check_reals(heat_capacity, "heat_capacity", f"{n} numbers in J/K")
    if capacity.shape != (n,):
        raise ValueError(f"heat_capacity must have shape ({n},) in J/K (one per particle), got shape {capacity.shape}")
    bad = np.flatnonzero(~(np.isfinite(capacity) & (capacity > 0)))
    if bad.size:
        raise ValueError(
            f"heat capacities must be finite and positive (J/K); particles {bad.tolist()} have {capacity[bad].tolist()}"
        )
    if "radius" in spectra:
        check_plausible(capacity, spectra["radius"].values)
    return capacity
