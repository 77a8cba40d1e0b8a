"""The geometries a workflow config may name, each placed by one function of photodrag.geometry.layouts.

This is the one list of config geometries (the schema's enum is checked against it in the
tests). A kind declares its keys, so that the config parser knows which are counts, which
are lengths (every length may be swept) and which is a file:

* ``counts``: integer keys, each with its minimum;
* ``lengths``: scalar length quantities (config keys ``<name>_nm`` or ``<name>_um``);
  ``one_of`` lists alternatives of which exactly one is given;
* ``vectors``: length quantities with three components (``box``), or one or three
  (``spacing`` of a lattice); component c of quantity q is the length ``q_c``.

``place(params)`` takes the counts and the lengths in SI units (vector components as
``q_x``, ``q_y``, ``q_z``, or ``q`` alone) and returns the centres (N, 3) in m.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import layouts

AXES = ("x", "y", "z")


@dataclass(frozen=True)
class GeometryKind:
    """A config geometry: its keys and how it places particles."""

    name: str
    description: str
    counts: dict[str, int] = field(default_factory=dict)
    lengths: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()
    vectors: dict[str, tuple[int, ...]] = field(default_factory=dict)
    place: Callable[[dict], np.ndarray] | None = None
    builder: str = ""  # the Python builder of photodrag.geometry that places the same way

    @property
    def length_names(self) -> tuple[str, ...]:
        """Every scalar length quantity the kind may take (vector quantities excluded)."""
        return self.lengths + self.one_of


def _vector(params: dict, name: str) -> list[float]:
    """A vector quantity from its components ``name_x`` ... or its single value ``name``."""
    if name in params:
        return [params[name]] * 3
    return [params[f"{name}_{axis}"] for axis in AXES]


def _ring(params: dict) -> np.ndarray:
    n = params["n"]
    rho = layouts.ring_radius(n, params.get("ring_radius"), params.get("neighbour_distance"))
    return layouts.coaxial_rings(1, n, rho, 1.0)


GEOMETRIES: dict[str, GeometryKind] = {kind.name: kind for kind in (
    GeometryKind("rows", "two parallel rows along x, the second h above the first along z; particle per_row + k "
                 "faces particle k", counts={"per_row": 1}, lengths=("d", "h"),
                 place=lambda p: layouts.two_rows(p["per_row"], p["d"], p["h"]), builder="two_rows"),
    GeometryKind("rings", "two coaxial rings about z, h apart; particle r per_ring + p at azimuth 2 pi p / per_ring",
                 counts={"per_ring": 2}, lengths=("ring_radius", "h"),
                 place=lambda p: layouts.coaxial_rings(2, p["per_ring"], p["ring_radius"], p["h"]),
                 builder="coaxial_rings"),
    GeometryKind("ring", "one ring of n particles in the xy plane about the origin, particle p at azimuth 2 pi p / n",
                 counts={"n": 2}, one_of=("ring_radius", "neighbour_distance"), place=_ring, builder="ring"),
    GeometryKind("chain", "n particles along x, particle k at (k spacing, 0, 0)", counts={"n": 1},
                 lengths=("spacing",), place=lambda p: layouts.chain(p["n"], p["spacing"]), builder="chain"),
    GeometryKind("lattice", "a simple lattice of shape [nx, ny, nz]; particle i + nx (j + ny k) at "
                 "(i sx, j sy, k sz)", vectors={"spacing": (1, 3)},
                 place=lambda p: layouts.lattice(p["shape"], _vector(p, "spacing")), builder="lattice"),
    GeometryKind("random", "n particles drawn uniformly in a box about the origin, no two closer than min_distance; "
                 "the same seed gives the same cluster", counts={"n": 1, "seed": 0}, lengths=("min_distance",),
                 vectors={"box": (3,)},
                 place=lambda p: layouts.random_cluster(p["n"], _vector(p, "box"), p["min_distance"], p["seed"]),
                 builder="random_cluster"),
    GeometryKind("positions", "particle centres listed in positions_nm; a coordinate may name a length key of the "
                 "system, which may then be swept", builder="from_positions"),
    GeometryKind("csv", "particles read from a CSV file (photodrag.geometry.from_csv): columns x_<u>, y_<u>, z_<u>, "
                 "optional radius_<u> and material", builder="from_csv"),
)}


def geometry_kind(name: str) -> GeometryKind:
    """The config geometry ``name``; ValueError listing the known ones otherwise."""
    try:
        return GEOMETRIES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown geometry {name!r}; known: {', '.join(GEOMETRIES)}") from None
