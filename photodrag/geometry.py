"""Builders for the paper's particle arrangements; each returns a :class:`photodrag.System`.

All distances are centre-to-centre, in metres (a gap between surfaces is the distance
minus the two radii). Particle numbering is part of each builder's contract, so that the
thermostat, drive and passive indices of photodrag.steady_state and photodrag.drag can be
written down from it:

* :func:`two_rows` — row 0 is particles 0..n−1 along +x, row 1 is n..2n−1, displaced by h
  along +z (the axis a field usually takes, as for the rings); particle n+k faces particle k.
  For n = 2 these are the paper's two dimers (its 1, 2 = drive, 3 facing 1, 4 facing 2;
  here 0-based: drive 0, 1 and passive 2, 3).
* :func:`coaxial_rings` — ring r (r = 0..m−1) lies in the plane z = r·h around the z axis;
  its particles r·n + p sit at the azimuth 2πp/n, counter-clockwise seen from +z, and each
  sits directly above the same p of the ring below. A field B = (0, 0, B_z) is along the axis.
* :func:`from_positions` and :func:`from_csv` — arbitrary centres.

The System itself checks overlaps and warns (DipoleValidityWarning) for pairs closer
than 3 radii.
"""

from __future__ import annotations

import csv
import operator
from pathlib import Path

import numpy as np

from .system import System

#: Paper Fig. 2b, "crossed" SiC/gold dimers: the two SiC particles sit on a diagonal.
CROSSED_SIC_AU = ("SiC", "Au", "Au", "SiC")

#: Length units accepted in CSV column names, in metres.
LENGTH_UNITS = {"m": 1.0, "um": 1e-6, "nm": 1e-9}


def _count(value, what: str, minimum: int) -> int:
    try:
        count = operator.index(value)
    except TypeError:
        raise ValueError(f"{what} must be an integer, got {value!r}") from None
    if count < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {count}")
    return count


def _length(value, what: str) -> float:
    length = float(value)
    if not np.isfinite(length) or length <= 0:
        raise ValueError(f"{what} must be a finite, positive length in m, got {value!r}")
    return length


def _per_particle(materials, n: int):
    """A single material for all, or a list of n."""
    if isinstance(materials, (str,)) or not hasattr(materials, "__len__"):
        return materials
    if len(materials) != n:
        raise ValueError(f"got {len(materials)} materials for {n} particles")
    return list(materials)


def two_rows(n: int, d: float, h: float, radius: float, materials, B=None, **model) -> System:
    """Two parallel rows of n particles; dimers when n = 2 (paper Figs. 1b, 2, 3).

    Parameters
    ----------
    n : int
        Particles per row (≥ 1).
    d : float
        Centre-to-centre distance between neighbours within a row, in m (along +x).
    h : float
        Centre-to-centre distance between the rows, in m (along +z).
    radius : float or array_like, shape (2n,)
        Sphere radii in m.
    materials : str, Material, or sequence of 2n of them
        Row 0 first, then row 1; e.g. :data:`CROSSED_SIC_AU` for the paper's Fig. 2b.
    B : array_like, shape (3,), or None
        Magnetic field in tesla (physical convention).
    **model
        ``dipoles`` and ``polarizability``, passed to photodrag.System (default: the paper's model).

    Returns
    -------
    photodrag.System
        Particle k of row 0 at (k·d, 0, 0), particle n+k of row 1 at (k·d, 0, h).
    """
    n = _count(n, "n (particles per row)", 1)
    d = _length(d, "d (intra-row centre-to-centre distance)") if n > 1 else 0.0
    h = _length(h, "h (centre-to-centre distance between rows)")
    along = np.arange(n) * d
    row0 = np.column_stack([along, np.zeros(n), np.zeros(n)])
    row1 = row0 + np.array([0.0, 0.0, h])
    return System(np.vstack([row0, row1]), radius, _per_particle(materials, 2 * n), B=B, **model)


def dimers(d: float, h: float, radius: float, materials, B=None, **model) -> System:
    """Two parallel dimers (paper Fig. 2): :func:`two_rows` with n = 2.

    Drive dimer = particles 0, 1; passive dimer = 2 (facing 0), 3 (facing 1). ``d`` is the
    centre-to-centre distance within a dimer and ``h`` between the dimers, both in m.
    """
    return two_rows(2, d, h, radius, materials, B=B, **model)


def coaxial_rings(
    m: int,
    n: int,
    radius: float,
    materials,
    *,
    h: float,
    ring_radius: float | None = None,
    neighbour_distance: float | None = None,
    B=None,
    **model,
) -> System:
    """m coaxial rings of n particles each, around the z axis (paper Fig. 4: m = 2, n = 4).

    Parameters
    ----------
    m : int
        Number of rings (≥ 1).
    n : int
        Particles per ring (≥ 2).
    radius : float or array_like, shape (m·n,)
        Sphere radii in m.
    materials : str, Material, or sequence of m·n of them
        Ring 0 first.
    h : float
        Axial centre-to-centre distance between successive rings, in m (ignored for m = 1).
    ring_radius, neighbour_distance : float
        Give exactly one, in m: the distance of the centres from the axis, or the
        centre-to-centre distance between neighbours on a ring, 2·ring_radius·sin(π/n).
    B : array_like, shape (3,), or None
        Magnetic field in tesla; (0, 0, B_z) lies along the ring axis.
    **model
        ``dipoles`` and ``polarizability``, passed to photodrag.System.

    Returns
    -------
    photodrag.System
        Particle r·n + p at (ρ cos 2πp/n, ρ sin 2πp/n, r·h).
    """
    m = _count(m, "m (number of rings)", 1)
    n = _count(n, "n (particles per ring)", 2)
    if (ring_radius is None) == (neighbour_distance is None):
        raise ValueError("give exactly one of ring_radius and neighbour_distance (m)")
    if ring_radius is not None:
        rho = _length(ring_radius, "ring_radius")
    else:
        rho = _length(neighbour_distance, "neighbour_distance") / (2 * np.sin(np.pi / n))
    h = _length(h, "h (axial distance between rings)") if m > 1 else 0.0
    azimuth = 2 * np.pi * np.arange(n) / n
    ring = np.column_stack([rho * np.cos(azimuth), rho * np.sin(azimuth), np.zeros(n)])
    positions = np.vstack([ring + np.array([0.0, 0.0, r * h]) for r in range(m)])
    return System(positions, radius, _per_particle(materials, m * n), B=B, **model)


def from_positions(positions, radius, materials, B=None, **model) -> System:
    """A System from a list of centres (N, 3) in m; radius and materials per particle or shared;
    ``model``: dipoles and polarizability, passed to photodrag.System."""
    positions = np.asarray(positions, dtype=float)
    return System(positions, radius, materials, B=B, **model)


def from_csv(path, radius: float | None = None, material=None, B=None, **model) -> System:
    """A System from a CSV file with a header row.

    Columns: ``x_<unit>, y_<unit>, z_<unit>`` (required) and ``radius_<unit>``,
    ``material`` (optional; else the ``radius`` and ``material`` arguments apply to all),
    with <unit> one of m, um, nm. Lines starting with ``#`` are comments. Example::

        x_nm,y_nm,z_nm,radius_nm,material
        0,0,0,100,SiC
        400,0,0,100,Au

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
    path = Path(path)
    with path.open(newline="") as stream:
        rows = list(csv.DictReader(line for line in stream if line.strip() and not line.lstrip().startswith("#")))
    if not rows:
        raise ValueError(f"{path}: no particles (a header row and at least one data row are needed)")
    header = [name.strip() for name in rows[0].keys()]
    rows = [{key.strip(): (value or "").strip() for key, value in row.items()} for row in rows]

    def column(quantity: str) -> np.ndarray | None:
        matches = [name for name in header if name.rsplit("_", 1)[0] == quantity and "_" in name]
        if not matches:
            return None
        name = matches[0]
        unit = name.rsplit("_", 1)[1]
        if unit not in LENGTH_UNITS:
            raise ValueError(f"{path}: column {name!r} has unknown length unit {unit!r}; use one of {list(LENGTH_UNITS)}")
        try:
            return np.array([float(row[name]) for row in rows]) * LENGTH_UNITS[unit]
        except ValueError as error:
            raise ValueError(f"{path}: column {name!r}: {error}") from None

    axes = [column(q) for q in ("x", "y", "z")]
    if any(a is None for a in axes):
        raise ValueError(f"{path}: needs columns x_<unit>, y_<unit>, z_<unit> (unit m, um or nm); found {header}")
    radii = column("radius")
    if radii is None:
        if radius is None:
            raise ValueError(f"{path}: no radius_<unit> column and no radius argument")
        radii = radius
    if "material" in header:
        materials = [row["material"] for row in rows]
    elif material is not None:
        materials = material
    else:
        raise ValueError(f"{path}: no material column and no material argument")
    return System(np.column_stack(axes), radii, materials, B=B, **model)
