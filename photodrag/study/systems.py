"""One system of a workflow config: its geometry at every sweep point, materials, field, ω grid.

A config system names a geometry (photodrag.geometry.GEOMETRIES), its counts and lengths,
the particles' radii and materials, a field and an ω grid; :func:`parse_system`
(photodrag.study.system_parse) parses it into a frozen value, and :class:`SystemSpec` is
that value with what the stages ask of it: its sweep points, the particles at each, the
photodrag.System of each. A swept length ``<name>_nm`` becomes the dimension ``<name>``
(in m) of the system's result files. Lists of ``B_tesla`` values expand into one system per
value (photodrag.study.common).
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np

from ..geometry.registry import resolve
from ..materials.base import as_field
from ..plain import plain
from ..system import (
    DipoleValidityWarning, System, check_above_surface, check_overlaps, close_pairs, require_pair_memory,
)
from ..thermal.field import warn_if_field_independent
from .materials import material_table_name
from .system_parse import MULTIPOLE_KEYS, ParsedSystem, describe_point, parse_system, place
from .values import ConfigError

#: What each swept length means, for the long_name of its coordinate.
SWEEP_LONG_NAMES = {
    "h": "separation of the two rows (rings), centre to centre",
    "d": "distance between neighbours in a row, centre to centre",
    "radius": "particle radius",
    "ring_radius": "ring radius (particle centres)",
    "neighbour_distance": "distance between neighbours on the ring, centre to centre",
    "spacing": "lattice or chain spacing, centre to centre",
    "min_distance": "smallest centre distance of the random cluster",
    "height": "height of the geometry's z = 0 above the surface",
}


@dataclass(frozen=True, eq=False, init=False)
class SystemSpec(ParsedSystem):
    """One expanded system: its file name, the config family it came from and its parsed config subtree.

    ``SystemSpec(name, family, config)`` parses ``config`` (:func:`parse_system`, a pure
    function; a ConfigError names what is wrong) and holds every field of the result:
    ``config`` is the normalised subtree (defaults filled, ``B_tesla`` one number or None);
    :meth:`plain` is what Snakemake's params hold and :meth:`from_plain` reads it back.
    Lengths are kept in SI units (m).
    """

    def __init__(self, name: str, family: str, config: dict):
        super().__init__(**vars(parse_system(name, family, config)))

    def field(self, magnitude) -> list[float] | None:
        """A field magnitude (T, or None) as the 3-vector along B_direction, a list in T (photodrag's as_field)."""
        return plain(as_field(magnitude, self.config["B_direction"]))

    def field_at(self, point: dict[str, float]) -> list[float] | None:
        """The field (3-vector, T) at a sweep point: the swept B along B_direction, or the system's one field."""
        if "B" in point:
            return self.field(point["B"])
        return self.B

    @property
    def fields(self) -> list:
        """Every field the system takes (3-vectors in T, or None): one, or one per value of a B sweep."""
        if "B" in self.axes:
            return [self.field(b) for b in self.axes["B"]]
        return [self.B]

    # ------------------------------------------------------------------ sweep points

    def points(self) -> list[dict[str, float]]:
        """Every sweep point as {dimension: value in m}, in outer-product order, the last dimension fastest."""
        names = list(self.axes)
        return [dict(zip(names, map(float, values))) for values in itertools.product(*self.axes.values())]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.axes.values())

    def lengths_at(self, point: dict[str, float]) -> dict[str, float]:
        """Every length of the geometry in m at one sweep point."""
        return {**self.fixed_lengths, **{name: point[name] for name in self.axes if name != "B"}}

    def layout(self, point: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Centres (N, 3) and radii (N,) in m at one sweep point."""
        lengths = self.lengths_at(point)
        positions = place(self.kind, self.placement, lengths, f"{self.where()} at {self.describe_point(point)}")
        if self.radii is not None:
            radii = np.array(resolve(self.radii, lengths))
        elif "radius" in lengths:
            radii = np.full(len(positions), lengths["radius"])
        else:
            radii = self.placement["radii"]  # the geometry's own (a CSV's column)
        if "height" in lengths:  # the whole geometry lifted above its surface
            positions = positions + [0.0, 0.0, lengths["height"]]
        return positions, radii

    def system(self, point: dict[str, float], **options) -> System:
        """The photodrag.System of one sweep point (``options`` are passed on to System)."""
        positions, radii = self.layout(point)
        model = {key: self.config.get(key) for key in ("dipoles", "polarizability", *MULTIPOLE_KEYS)}
        return System(positions, radii, self.materials, B=self.field_at(point), surface=self.surface, **model,
                      **options)

    def describe_point(self, point: dict[str, float]) -> str:
        """'h_nm = 400' for a sweep point, in the config's own keys and units."""
        return describe_point(self.length_keys, point)

    def check(self) -> list[str]:
        """Refuse overlapping or coincident particles at any sweep point, naming the system, point and pair; return
        the warnings the jobs' model would raise, one line each naming the system and the point (printed when the
        Snakefile is parsed): pairs closer than 3 radii (DipoleValidityWarning), radii below 1 nm or with kR > 1
        at every frequency (ParticleSizeWarning), a field swept over particles that ignore it
        (FieldIndependenceWarning), and whatever else photodrag.System warns of."""
        try:
            require_pair_memory(self.n_particles)
        except ValueError as error:
            raise ConfigError(f"{self.where()}: {error}") from None
        close, largest = [], None
        for point in self.points():
            positions, radii = self.layout(point)
            if radii is None or np.any(radii <= 0) or not np.all(np.isfinite(positions)):
                raise ConfigError(f"{self.where()} at {self.describe_point(point)}: radii must be positive and "
                                  "positions finite")
            try:
                check_overlaps(positions, radii)
                if self.surface is not None:
                    check_above_surface(positions, radii)
            except ValueError as error:
                raise ConfigError(f"{self.where()} at {self.describe_point(point)}: {error}") from None
            if close_pairs(positions, radii):
                close.append(point)
            if largest is None or radii.max() > largest[1]:
                largest = (point, radii.max())
        return self._warnings(close, largest[0])

    def _warnings(self, close: list[dict], largest: dict) -> list[str]:
        """What :meth:`check` returns: the System's warnings at the first point with close pairs and at the
        point with the largest radius, and the field sweep's."""
        notes = []
        for point in {self.describe_point(p): p for p in [*close[:1], largest]}.values():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    system = self.system(point)
                except ValueError as error:
                    raise ConfigError(f"{self.where()} at {self.describe_point(point)}: {error}") from None
                if not self.adaptive:
                    system.warn_size_parameter(self.omega_grid()[0])
                if "B" in self.axes:
                    warn_if_field_independent(self.materials, self.axes["B"])
            more = f" (and at {len(close) - 1} more of {len(self.points())} sweep points)" if len(close) > 1 else ""
            for warning in caught:
                at, extra = "", ""
                if issubclass(warning.category, DipoleValidityWarning) and close[:1] == [point] and self.axes:
                    at, extra = f" at {self.describe_point(point)}", more
                notes.append(f"{self.where()}{at}: {warning.category.__name__}: {warning.message}{extra}")
        return list(dict.fromkeys(notes))

    # ------------------------------------------------------------------ the rest of the system

    @property
    def material_tables(self) -> list[str]:
        return sorted({material_table_name(m, B) for m in self.materials for B in self.fields})

    @property
    def n_chunks(self) -> int:
        return int(self.config["omega_chunks"])

    @property
    def input_files(self) -> list[str]:
        """Files the system reads (a CSV geometry's file), so that editing them reruns its spectra."""
        return [self.config[key] for key in self.kind.files]

    def plain(self) -> dict:
        """The plain form of the spec (Snakemake params, file attributes); :meth:`from_plain` reads it."""
        return {"name": self.name, "family": self.family, "config": self.config}

    @classmethod
    def from_plain(cls, value: dict) -> "SystemSpec":
        return cls(value["name"], value["family"], value["config"])

    def sweep_coords(self) -> dict[str, tuple]:
        """The sweep dimensions as xarray coordinate tuples (values in m)."""
        out = {}
        for name, values in self.axes.items():
            if name == "B":
                direction = np.round(as_field(1.0, self.config["B_direction"]), 12)
                axis = {(1.0, 0.0, 0.0): "x", (0.0, 1.0, 0.0): "y", (0.0, 0.0, 1.0): "z"}.get(tuple(direction))
                along = axis or "(" + ", ".join(f"{c:g}" for c in direction) + ")"
                out[name] = (name, values, {"units": "T", "config_key": "B_tesla", "direction": direction.tolist(),
                                            "long_name": f"magnetic field B along {along} (physical sign)"})
                continue
            out[name] = (name, values, {"units": "m", "config_key": self.length_keys[name],
                                        "long_name": SWEEP_LONG_NAMES.get(name, f"length {name} "
                                                                          f"(config key {self.length_keys[name]})")})
        return out
