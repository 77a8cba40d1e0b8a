"""Spectra under a magnetic field: one field, or a sweep of fields along a fixed direction.

A single-field spectra Dataset (photodrag.spectra) has dims (omega, emitter, absorber) and
``magnetic_field (xyz)`` in T. A field sweep is such Datasets concatenated along a new
dimension ``B``: its coordinate is the signed magnitude in T along a fixed unit vector û,
and ``magnetic_field`` has dims (B, xyz), equal to B·û. Functions that take either apply
themselves to each field in turn (:func:`over_field`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import xarray as xr

from ..materials import material as named_material


class FieldIndependenceWarning(UserWarning):
    """A magnetic field is swept over particles none of which responds to it."""


def magneto_optical(names) -> list[bool | None]:
    """For each material name: True if ε depends on B, False if not, None for a name photodrag does not know."""
    flags = []
    for name in names:
        try:
            flags.append(named_material(str(name)).magneto_optical)
        except ValueError:
            flags.append(None)
    return flags


def warn_if_field_independent(names, B_values) -> None:
    """Warn (FieldIndependenceWarning) when several fields are asked of particles that do not depend on B.

    Parameters
    ----------
    names : sequence of str
        Material names of the particles.
    B_values : sequence of float
        The fields of the sweep, in T.

    A name photodrag does not know may be a magneto-optical user model, so it never warns.
    """
    if len(np.unique(np.asarray(B_values, dtype=float))) < 2:
        return
    flags = magneto_optical(names)
    if not any(flag is None or flag for flag in flags):
        warnings.warn(
            f"the field is swept over {len(np.unique(B_values))} values, but no particle is magneto-optical "
            f"(materials: {', '.join(sorted(set(map(str, names))))}): nothing depends on B, every field gives the "
            "same result",
            FieldIndependenceWarning,
            stacklevel=3,
        )


def _particle_materials(spectra: xr.Dataset) -> list[str]:
    materials = spectra["material"]
    if "B" in materials.dims:
        materials = materials.isel(B=0)
    return [str(m) for m in materials.values]


def over_field(spectra: xr.Dataset, compute: Callable[[xr.Dataset], xr.Dataset]) -> xr.Dataset:
    """``compute`` applied to a single-field Dataset, or to each field of a sweep and concatenated along B.

    A sweep over particles none of which is magneto-optical warns (FieldIndependenceWarning).
    """
    if "B" not in spectra.dims:
        return compute(spectra)
    if "material" in spectra:
        warn_if_field_independent(_particle_materials(spectra), spectra["B"].values)
    parts = [compute(spectra.isel(B=k)) for k in range(spectra.sizes["B"])]  # one solve per field, a handful
    return xr.concat(parts, dim=spectra["B"], combine_attrs="drop_conflicts")


def field_axis(spectra: xr.Dataset) -> np.ndarray | None:
    """The unit vector û along which B is counted (B = 0 alone: None).

    For a sweep, û is magnetic_field / B at any non-zero B; for one field, B/|B|.
    """
    field = spectra["magnetic_field"].values
    if "B" in spectra.dims:
        B = spectra["B"].values
        nonzero = np.flatnonzero(B != 0)
        if nonzero.size == 0:
            return None
        k = int(nonzero[0])
        return field[k] / B[k]
    magnitude = float(np.linalg.norm(field))
    return None if magnitude == 0 else field / magnitude


def require_single_field(spectra: xr.Dataset, what: str) -> None:
    """Refuse a field sweep where ``what`` (a function's name) takes the spectra of one field."""
    if "B" in spectra.dims:
        raise ValueError(
            f"{what} takes the spectra of one field; this Dataset sweeps B over {spectra.sizes['B']} values: "
            "select one with spectra.sel(B=...)"
        )
