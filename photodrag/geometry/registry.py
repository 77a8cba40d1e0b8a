"""The geometries a workflow config may name, each placed by one function of photodrag.geometry.layouts.

This is the one list of config geometries (the schema's enum is checked against it in the
tests). A kind declares its keys, so that the config parser knows which are counts, which
are lengths (every length may be swept) and which are its own:

* ``counts``: integer keys, each with its minimum;
* ``lengths``: scalar length quantities (config keys ``<name>_nm`` or ``<name>_um``);
  ``one_of`` lists alternatives of which exactly one is given;
* ``vectors``: length quantities with three components (``box``), or one or three
  (``spacing`` of a lattice); component c of quantity q is the length ``q_c``;
* ``keys``: keys of its own that are neither (a lattice's ``shape``, the listed
  ``positions_nm``, a CSV's ``file``), read by its hook ``parse``; ``files`` names those of
  them that are input files (editing one reruns the system).

``parse(keys)`` reads the kind's own keys from a :class:`ConfigKeys` and returns parameters
for ``place``; a kind whose particles bring their own radii (m) or materials returns them as
``radii`` and ``materials`` (None where it has none), used where the config gives none.
Per-particle values (``positions_nm``) are :class:`Entry` values: a number, or the name of a
length key of the system (``gap_nm``, or ``-gap_nm`` for its negative), which may be swept.

``place(params)`` takes the counts, the lengths in SI units (vector components as ``q_x``,
``q_y``, ``q_z``, or ``q`` alone) and the parsed parameters, every Entry resolved to m
(:func:`resolve`), and returns the centres (N, 3) in m.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from . import layouts
from ..units import length_key, split_unit
from .csv import read_particles

AXES = ("x", "y", "z")


@dataclass(frozen=True)
class Entry:
    """A per-particle value of a config list: ``factor`` in m, or ``factor`` (a sign) × the length ``length``.

    ``key`` is the config key that a named entry names (``gap_nm`` for ``-gap_nm``).
    """

    factor: float
    length: str | None = None
    key: str | None = None

    def at(self, lengths: dict[str, float]) -> float:
        """The value in m, given every length of the system in m."""
        return self.factor if self.length is None else self.factor * lengths[self.length]


def entries(value) -> Iterator[Entry]:
    """Every Entry in a parsed parameter (an Entry, or lists of them)."""
    if isinstance(value, Entry):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from entries(item)


def resolve(value, lengths: dict[str, float]):
    """A parsed parameter with every Entry replaced by its value in m (:meth:`Entry.at`)."""
    if isinstance(value, Entry):
        return value.at(lengths)
    if isinstance(value, list):
        return [resolve(item, lengths) for item in value]
    return value


class ConfigKeys(Protocol):
    """What a kind's ``parse`` hook reads: one config system, where its keys are, its per-particle entries.

    Its methods raise ValueError with a message naming the key (``systems.<name>.<key>: ...``).
    """

    config: dict

    def where(self, key: str | None = None) -> str:
        """'systems.<name>' or 'systems.<name>.<key>', for messages."""

    def require(self, key: str, kind_of: type):
        """The value of ``key``, which must be of type ``kind_of``."""

    def entry(self, value, at: str, scale: float = 1e-9) -> Entry:
        """A per-particle entry (a number, × ``scale`` to m, or the name of a length key); ``at`` names it in messages."""


@dataclass(frozen=True)
class GeometryKind:
    """A config geometry: its keys, how it reads its own, and how it places particles."""

    name: str
    description: str
    counts: dict[str, int] = field(default_factory=dict)
    lengths: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()
    vectors: dict[str, tuple[int, ...]] = field(default_factory=dict)
    keys: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    parse: Callable[[ConfigKeys], dict] = lambda keys: {}
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


def _shape(keys: ConfigKeys) -> dict:
    """A lattice's ``shape``: three counts [nx, ny, nz]."""
    return {"shape": [layouts.count(v, f"shape[{a}]", 1) for a, v in enumerate(keys.require("shape", list))]}


def _positions(keys: ConfigKeys) -> dict:
    """The listed centres ``positions_nm`` (or ``positions_um``): three entries per particle."""
    try:
        key = length_key(keys.config, "positions")
    except ValueError as error:
        raise ValueError(f"{keys.where()}: {error}") from None
    if key is None:
        raise ValueError(f"{keys.where()}: geometry positions needs positions_nm (or positions_um)")
    rows, where, scale = keys.require(key, list), keys.where(key), split_unit(key)[1]
    centres = []
    for p, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != 3:
            raise ValueError(f"{where}[{p}]: a position is three coordinates [x, y, z], got {row!r}")
        centres.append([keys.entry(v, f"{where}[{p}][{c}]", scale) for c, v in enumerate(row)])
    return {"centres": centres}


def _particle_file(keys: ConfigKeys) -> dict:
    """The particles of the CSV ``file``: centres, and radii and materials where it has those columns.

    A radius or materials given both by the file and by the config is refused: which one was meant
    cannot be known, and using either would ignore the other without a word.
    """
    path = keys.require("file", str)
    try:
        particles = read_particles(path)
    except ValueError as error:
        raise ValueError(f"{keys.where('file')}: {error}") from None
    for quantity, config_keys in (("radius", ("radius_nm", "radius_um")), ("material", ("materials",))):
        given = [key for key in config_keys if key in keys.config]
        if given and quantity in particles.columns:
            raise ValueError(f"{keys.where(given[0])}: the particle file {path} gives each particle's {quantity} "
                             f"(column {particles.columns[quantity]!r}): give it in one place, here or in the file")
    return {"centres": particles.positions, "radii": particles.radii, "materials": particles.materials}


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
                 "(i sx, j sy, k sz)", vectors={"spacing": (1, 3)}, keys=("shape",), parse=_shape,
                 place=lambda p: layouts.lattice(p["shape"], _vector(p, "spacing")), builder="lattice"),
    GeometryKind("random", "n particles drawn uniformly in a box about the origin, no two closer than min_distance; "
                 "the same seed gives the same cluster", counts={"n": 1, "seed": 0}, lengths=("min_distance",),
                 vectors={"box": (3,)},
                 place=lambda p: layouts.random_cluster(p["n"], _vector(p, "box"), p["min_distance"], p["seed"]),
                 builder="random_cluster"),
    GeometryKind("positions", "particle centres listed in positions_nm; a coordinate may name a length key of the "
                 "system, which may then be swept", keys=("positions_nm", "positions_um"), parse=_positions,
                 place=lambda p: np.array(p["centres"]),
                 builder="from_positions"),
    GeometryKind("csv", "particles read from a CSV file (photodrag.geometry.from_csv): columns x_<u>, y_<u>, z_<u>, "
                 "optional radius_<u> and material", keys=("file",), files=("file",), parse=_particle_file,
                 place=lambda p: p["centres"], builder="from_csv"),
)}


def geometry_kind(name: str) -> GeometryKind:
    """The config geometry ``name``; ValueError listing the known ones otherwise."""
    try:
        return GEOMETRIES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown geometry {name!r}; known: {', '.join(GEOMETRIES)}") from None
