"""What a figure's style selects from its datasets, with an error naming the key when it selects nothing.

Any swept dimension can be selected, in the units of the config key that swept it:

* ``<dim>_nm`` / ``<dim>_um`` (e.g. ``h_nm: [400]``): values of a swept length;
* ``B_tesla``: values of a field swept inside a system (dimension ``B``);
* ``T_K``: temperatures of a ``temperature`` dimension;
* ``pair`` / ``pairs`` / ``particles``: particle indices, 0-based as in the files.

Kinds that show one sweep point (matrices, maps) take the selected value of every swept
dimension and, of a dimension the style does not select, the first value; their notes say so
and name the key that chooses. The config parser (photodrag.study.figures) checks the same
keys against the swept values before any job runs, and :func:`choose_x` is the one rule, for
both, of which dimension a curve runs along when the style does not say.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import labels
from ..units import length_keys

#: Style keys that select values of a dimension that is not a length: key -> (dimension, SI factor).
SELECTORS = {"B_tesla": ("B", 1.0), "T_K": ("temperature", 1.0)}

#: Dimensions that index particles or tensor parts, never the axis of a curve.
PARTICLE_DIMS = ("emitter", "absorber", "particle", "xyz")


def selection_keys(style: dict) -> dict[str, tuple[str, float]]:
    """{'h_nm': ('h', 1e-9), 'B_tesla': ('B', 1.0), ...} for the keys of ``style`` that select values."""
    return {**{key: value for key, value in SELECTORS.items() if key in style}, **length_keys(style)}


def key_of(dataset: xr.Dataset, dim: str) -> str:
    """The style key that selects values of ``dim`` ('h_nm', 'B_tesla', 'T_K')."""
    named = {d: k for k, (d, _) in SELECTORS.items()}
    return named.get(dim) or str(dataset[dim].attrs.get("config_key", f"{dim}_nm"))


def choose_x(sizes: dict[str, int]) -> str | None:
    """The dimension curves run along when the style names none: the only one besides temperature, else
    the only one with more than one value, else None (the style must say, with ``x``)."""
    free = list(sizes)
    for candidates in ([d for d in free if d != "temperature"], [d for d in free if sizes[d] > 1], free):
        if len(candidates) == 1:
            return candidates[0]
    return None


def _isin(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    return np.array([np.any(np.isclose(v, wanted, rtol=1e-6, atol=0)) for v in values], dtype=bool)


def select(name: str, dataset: xr.Dataset, array: xr.DataArray, style: dict) -> xr.DataArray:
    """``array`` keeping only the swept values and temperatures the style names (all when it names none)."""
    for key, (dim, scale) in selection_keys(style).items():
        if dim not in array.dims:
            continue
        wanted = np.atleast_1d(np.asarray(style[key], dtype=float)) * scale
        keep = _isin(dataset[dim].values, wanted)
        if not keep.any():
            shown = [float(f"{v / scale:.6g}") for v in dataset[dim].values]
            raise ValueError(f"style.{key} = {style[key]} selects no value of {dim} in {name}, which has {shown}")
        array = array.isel({dim: np.flatnonzero(keep)})
    return array


def one_point(name: str, dataset: xr.Dataset, array: xr.DataArray, style: dict) -> tuple[xr.DataArray, str]:
    """``array`` at one sweep point (and temperature): the style's selection, else each first value.

    Returns the array and a text naming the point ('h = 400 nm, T = 300 K'); a value taken as the
    first of several says so, and names the key that chooses another.
    """
    array = select(name, dataset, array, style)
    said = []
    for dim in [d for d in array.dims if d not in (*PARTICLE_DIMS, "omega")]:
        value = float(array[dim].values[0]) if dim in array.coords else None
        count = array.sizes[dim]
        array = array.isel({dim: 0})
        if value is None:
            continue
        units = dataset[dim].attrs.get("units", "")
        text = f"{dim} = {labels.length(value)}" if units == "m" else f"{dim} = {labels.number(value)} {units}"
        said.append(text + (f" (the first of {count}; style.{key_of(dataset, dim)} chooses)" if count > 1 else ""))
    return array, ", ".join(said)


def at_point(dataset: xr.Dataset, array: xr.DataArray) -> xr.Dataset:
    """``dataset`` at the sweep point :func:`one_point` took ``array`` at (its scalar coordinates), so that the
    geometry, field and every other variable drawn with it are those of the same point."""
    point = {d: array.coords[d].values for d in array.coords if d in dataset.dims and array.coords[d].ndim == 0}
    return dataset.sel(point)


def pairs(style: dict, n: int) -> list[tuple[int, int]]:
    """The pairs a figure shows: ``pairs`` (a list of [i, j]), ``pair`` (one), or every i < j."""
    if "pairs" in style:
        chosen = [tuple(int(v) for v in p) for p in style["pairs"]]
    elif "pair" in style:
        chosen = [tuple(int(v) for v in style["pair"])]
    else:
        chosen = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for i, j in chosen:
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise ValueError(f"style pair ({i}, {j}) is not a pair of distinct particles 0..{n - 1}")
    return chosen
