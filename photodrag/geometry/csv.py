"""Particles from a CSV file: one row per particle, a header naming the columns and their units.

Columns: ``x_<unit>, y_<unit>, z_<unit>`` (required), ``radius_<unit>`` and ``material``
(optional), with <unit> one of m, um, nm. Lines starting with ``#`` are comments. Example::

    x_nm,y_nm,z_nm,radius_nm,material
    0,0,0,100,SiC
    400,0,0,100,Au
"""

from __future__ import annotations

import csv as _csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..checks import is_number
from ..system import System

#: Length units accepted in CSV column names, in metres.
LENGTH_UNITS = {"m": 1.0, "um": 1e-6, "nm": 1e-9}


@dataclass(frozen=True)
class Particles:
    """What a particle CSV holds: positions (N, 3) m, radii (N,) m or None, materials (N,) or None."""

    positions: np.ndarray
    radii: np.ndarray | None
    materials: list[str] | None


def read_particles(path) -> Particles:
    """The particles of a CSV file (module docstring); ValueError naming the file and the problem."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"particle file {path} does not exist")
    with path.open(newline="") as stream:
        lines = [line for line in stream if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ValueError(f"{path}: no particles (a header row and at least one data row are needed)")
    reader = _csv.reader(lines)
    header = [name.strip() for name in next(reader)]
    if any(is_number(name) for name in header):
        raise ValueError(f"{path}: the first row {header} is data, not a header: start the file with a header "
                         "row such as 'x_nm,y_nm,z_nm,radius_nm,material'")
    rows = [[value.strip() for value in row] for row in reader]
    if not rows:
        raise ValueError(f"{path}: a header but no particles")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise ValueError(f"{path}: data row {number - 1} has {len(row)} values for the {len(header)} "
                             f"columns {header}")

    def column(quantity: str) -> np.ndarray | None:
        matches = [k for k, name in enumerate(header) if "_" in name and name.rsplit("_", 1)[0] == quantity]
        if not matches:
            return None
        k = matches[0]
        unit = header[k].rsplit("_", 1)[1]
        if unit not in LENGTH_UNITS:
            raise ValueError(f"{path}: column {header[k]!r} has unknown length unit {unit!r}; "
                             f"use one of {list(LENGTH_UNITS)}")
        try:
            return np.array([float(row[k]) for row in rows]) * LENGTH_UNITS[unit]
        except ValueError as error:
            raise ValueError(f"{path}: column {header[k]!r}: {error}") from None

    axes = [column(q) for q in ("x", "y", "z")]
    if any(a is None for a in axes):
        raise ValueError(f"{path}: needs columns x_<unit>, y_<unit>, z_<unit> (unit m, um or nm); found {header}")
    materials = [row[header.index("material")] for row in rows] if "material" in header else None
    return Particles(np.column_stack(axes), column("radius"), materials)


def from_csv(path, radius: float | None = None, material=None, B=None, **model) -> System:
    """A System from a particle CSV file (module docstring).

    Parameters
    ----------
    path : str or Path
    radius : float, optional
        Radius in m for every particle when the file has no radius column.
    material : str or Material, optional
        Material for every particle when the file has no material column.
    B : array_like, shape (3,), or None
        Magnetic field in tesla.
    **model
        ``dipoles`` and ``polarizability``, passed to photodrag.System.
    """
    particles = read_particles(path)
    radii = particles.radii if particles.radii is not None else radius
    if radii is None:
        raise ValueError(f"{path}: no radius_<unit> column and no radius argument")
    materials = particles.materials if particles.materials is not None else material
    if materials is None:
        raise ValueError(f"{path}: no material column and no material argument")
    return System(particles.positions, radii, materials, B=B, **model)
