"""Particles from a CSV file: one row per particle, a header naming the columns and their units.

Columns, read by name in any order (case, spaces, brackets and a byte-order mark do not matter:
photodrag.tables): ``x_<unit>, y_<unit>, z_<unit>`` (required), ``radius_<unit>`` and
``material`` (optional), with <unit> one of m, um (or µm), nm. A column of another name, a
length without a unit (``radius``) or a quantity given twice is refused, never skipped. Lines
starting with ``#`` are comments. Example::

    x_nm,y_nm,z_nm,radius_nm,material
    0,0,0,100,SiC
    400,0,0,100,Au
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..checks import closest
from ..system import System
from ..tables import Table, column_name, numbers, read_table, split_unit

#: Length units accepted in CSV column names, in metres.
LENGTH_UNITS = {"m": 1.0, "um": 1e-6, "nm": 1e-9}

#: The length quantities of a particle file, and the column of materials.
LENGTHS, MATERIAL = ("x", "y", "z", "radius"), "material"

EXAMPLE = "x_nm,y_nm,z_nm,radius_nm,material"


@dataclass(frozen=True)
class Particles:
    """What a particle CSV holds: positions (N, 3) m, radii (N,) m or None, materials (N,) or None.

    ``columns`` maps each quantity the file gives (x, y, z, radius, material) to its column as written.
    """

    positions: np.ndarray
    radii: np.ndarray | None
    materials: list[str] | None
    columns: dict[str, str]


def _quantities(table: Table, ignore) -> dict[str, int]:
    """{quantity: column index} of a particle file's header; ValueError for an unknown, unitless or repeated one."""
    skipped = {column_name(str(name)) for name in ignore}
    found: dict[str, int] = {}
    valid = [f"{q}_<unit>" for q in LENGTHS] + [MATERIAL]
    for k, (shown, column) in enumerate(zip(table.names, table.columns)):
        quantity, unit = split_unit(column, LENGTH_UNITS)
        stem, _, suffix = column.partition("_")
        if column in (MATERIAL, "materials"):
            quantity = MATERIAL
        elif unit is None and stem in LENGTHS:
            what = f"has unknown length unit {suffix!r}" if suffix else "states no length unit"
            raise ValueError(f"{table.path}: column {shown!r} {what}: name it {stem}_nm, {stem}_um or {stem}_m (the "
                             "unit comes from the name)")
        elif quantity not in LENGTHS:
            if column in skipped:
                continue
            raise ValueError(f"{table.path}: unknown column {shown!r}{closest(column, [*LENGTHS, MATERIAL])}; a "
                             f"particle file has the columns {', '.join(valid)} (unit m, um or nm): remove it "
                             f"(photodrag.geometry.from_csv(..., ignore=[{shown!r}]) skips it)")
        if quantity in found:
            raise ValueError(f"{table.path}: columns {table.names[found[quantity]]!r} and {shown!r} both give "
                             f"{quantity}: keep one")
        found[quantity] = k
    if any(q not in found for q in LENGTHS[:3]):
        raise ValueError(f"{table.path}: needs columns x_<unit>, y_<unit>, z_<unit> (unit m, um or nm); found "
                         f"{table.names}")
    return found


def read_particles(path, ignore=()) -> Particles:
    """The particles of a CSV file (module docstring); ValueError naming the file, the line or the column.

    ``ignore`` names columns of your own to skip (any other unknown column is refused).
    """
    table = read_table(path, "particle file", EXAMPLE, "particles")
    found = _quantities(table, ignore)

    def lengths(quantity: str) -> np.ndarray | None:
        if quantity not in found:
            return None
        column = table.columns[found[quantity]]
        return np.array(numbers(table, column)) * LENGTH_UNITS[split_unit(column, LENGTH_UNITS)[1]]

    materials = None
    if MATERIAL in found:
        materials = table.column(table.columns[found[MATERIAL]])
        empty = [line for (line, _), name in zip(table.rows, materials) if not name]
        if empty:
            raise ValueError(f"{table.path}, line {empty[0]}: no material in column "
                             f"{table.names[found[MATERIAL]]!r}")
    columns = {quantity: table.names[k] for quantity, k in found.items()}
    return Particles(np.column_stack([lengths(q) for q in LENGTHS[:3]]), lengths("radius"), materials, columns)


def from_csv(path, radius: float | None = None, material=None, B=None, *, ignore=(), **model) -> System:
    """A System from a particle CSV file (module docstring).

    Parameters
    ----------
    path : str or Path
    radius : float, optional
        Radius in m for every particle, when the file has no radius column (refused when it has one:
        the radius is given in one place).
    material : str or Material, optional
        Material for every particle, when the file has no material column (refused when it has one).
    B : array_like, shape (3,), or None
        Magnetic field in tesla.
    ignore : sequence of str
        Columns of your own to skip; any other unknown column is refused.
    **model
        ``dipoles`` and ``polarizability``, passed to photodrag.System.
    """
    particles = read_particles(path, ignore)
    for given, quantity, argument in ((radius, "radius", "radius"), (material, MATERIAL, "material")):
        if given is not None and quantity in particles.columns:
            raise ValueError(f"{path}: the file gives each particle's {quantity} (column "
                             f"{particles.columns[quantity]!r}) and {argument}= was given too: give it in one place")
    radii = particles.radii if particles.radii is not None else radius
    if radii is None:
        raise ValueError(f"{path}: no radius_<unit> column and no radius argument")
    materials = particles.materials if particles.materials is not None else material
    if materials is None:
        raise ValueError(f"{path}: no material column and no material argument")
    return System(particles.positions, radii, materials, B=B, **model)
