"""What a figure's style selects from its datasets, with an error naming the key when it selects nothing.

* ``<dim>_nm`` / ``<dim>_um`` (e.g. ``h_nm: [400]``): values of a swept length, in those units;
* ``T_K``: temperatures of a ``temperature`` dimension;
* ``pair`` / ``pairs`` / ``particles``: particle indices, 0-based as in the files.

Kinds that show one sweep point (matrices, maps) take the selected value of every swept
dimension, and the first value of those the style does not name (their notes say which).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import labels
from ..units import length_keys

def _isin(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    return np.array([np.any(np.isclose(v, wanted, rtol=1e-6, atol=0)) for v in values], dtype=bool)


def select(name: str, dataset: xr.Dataset, array: xr.DataArray, style: dict) -> xr.DataArray:
    """``array`` keeping only the swept values and temperatures the style names (all when it names none)."""
    for key, (dim, scale) in length_keys(style).items():
        if dim not in array.dims:
            continue
        wanted = np.atleast_1d(np.asarray(style[key], dtype=float)) * scale
        keep = _isin(dataset[dim].values, wanted)
        if not keep.any():
            shown = [float(f"{v / scale:.6g}") for v in dataset[dim].values]
            raise ValueError(f"style.{key} = {style[key]} selects no value of {dim} in {name}, which has {shown}")
        array = array.isel({dim: np.flatnonzero(keep)})
    if "T_K" in style and "temperature" in array.dims:
        wanted = np.atleast_1d(np.asarray(style["T_K"], dtype=float))
        keep = _isin(dataset["temperature"].values, wanted)
        if not keep.any():
            raise ValueError(f"style.T_K = {style['T_K']} selects no temperature of {name}, which has "
                             f"{dataset['temperature'].values.tolist()} K")
        array = array.isel(temperature=np.flatnonzero(keep))
    return array


def one_point(name: str, dataset: xr.Dataset, array: xr.DataArray, style: dict) -> tuple[xr.DataArray, str]:
    """``array`` at one sweep point (and temperature): the style's selection, else each first value.

    Returns the array and a text naming the point ('h = 400 nm, T = 300 K').
    """
    array = select(name, dataset, array, style)
    said = []
    for dim in [d for d in array.dims if d not in ("emitter", "absorber", "particle", "xyz", "omega")]:
        value = float(array[dim].values[0]) if dim in array.coords else None
        array = array.isel({dim: 0})
        if value is not None:
            units = dataset[dim].attrs.get("units", "")
            said.append(f"{dim} = {labels.length(value)}" if units == "m" else f"{dim} = {labels.number(value)} {units}")
    return array, ", ".join(said)


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
