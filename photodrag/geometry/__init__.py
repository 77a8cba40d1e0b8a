"""Particle arrangements: Python builders (each returns a photodrag.System), their layouts on
plain arrays, particle CSV files, and the registry of the workflow's config geometries.

All distances are centre to centre, in m; particles are numbered from 0 as in every result
file (the numbering of each builder is in its docstring).
"""

from .builders import (
    CROSSED_SIC_AU,
    chain,
    coaxial_rings,
    dimers,
    from_positions,
    lattice,
    random_cluster,
    ring,
    two_rows,
)
from .csv import LENGTH_UNITS, from_csv, read_particles
from .registry import GEOMETRIES, GeometryKind, geometry_kind

__all__ = [
    "CROSSED_SIC_AU", "two_rows", "dimers", "coaxial_rings", "ring", "chain", "lattice", "random_cluster",
    "from_positions", "from_csv", "read_particles", "LENGTH_UNITS", "GEOMETRIES", "GeometryKind", "geometry_kind",
]
