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

    Raises ValueError for a wrong shape, or a value that is not finite and positive (naming the particle).
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
    return capacity
