"""One system of a workflow config, parsed: its geometry at every sweep point, materials, field, ω grid.

A config system names a geometry (photodrag.geometry.GEOMETRIES), its counts and lengths,
the particles' radii and materials, a field and an ω grid. Every length may be swept; a
swept length ``<name>_nm`` becomes the dimension ``<name>`` (in m) of the system's result
files, several sweeps one dimension each (sorted by name). Per-particle lists (coordinates
of ``positions_nm``, entries of a ``radius_nm`` list) hold numbers or the name of a length
key of the same system (``gap_nm``, or ``-gap_nm`` for its negative), which may itself be
swept. Lists of ``B_tesla`` values expand into one system per value (photodrag.study.common).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .. import geometry
from ..engine.dipoles import DIPOLE_MODELS, POLARIZABILITY_MODELS
from ..materials import NAMED
from ..materials.base import as_field
from ..system import System, check_overlaps
from ..thermal.field import warn_if_field_independent
from ..plain import plain
from ..units import is_length_key, split_unit
from .values import ConfigError, closest, is_adaptive, is_sweep, omega_grid, sweep_values
from .materials import material_table_name

#: What each swept length means, for the long_name of its coordinate.
SWEEP_LONG_NAMES = {
    "h": "separation of the two rows (rings), centre to centre",
    "d": "distance between neighbours in a row, centre to centre",
    "radius": "particle radius",
    "ring_radius": "ring radius (particle centres)",
    "neighbour_distance": "distance between neighbours on the ring, centre to centre",
    "spacing": "lattice or chain spacing, centre to centre",
    "min_distance": "smallest centre distance of the random cluster",
}

#: Keys every system may have, whatever its geometry (besides the geometry's own).
GENERAL_KEYS = ("geometry", "materials", "B_tesla", "B_direction", "omega_rad_s", "omega_chunks", "radius_nm",
                "dipoles", "polarizability")

#: Keys that belong to one geometry only.
GEOMETRY_KEYS = {"lattice": ("shape",), "csv": ("file",), "positions": ("positions_nm",)}


def _named(entry) -> tuple[str, float] | None:
    """('gap_nm', sign) for a per-particle entry naming a length key ('gap_nm' or '-gap_nm')."""
    if not isinstance(entry, str):
        return None
    sign = -1.0 if entry.startswith("-") else 1.0
    return entry.lstrip("+-").strip(), sign


@dataclass(frozen=True, eq=False)
class SystemSpec:
    """One expanded system: its file name, the config family it came from and its config subtree.

    ``config`` is the normalised subtree (defaults filled, ``B_tesla`` one number or None);
    :meth:`plain` is what Snakemake's params hold and :meth:`from_plain` reads it back.
    Lengths are kept in SI units (m).
    """

    name: str
    family: str
    config: dict

    def __post_init__(self):
        config = dict(self.config)
        config.setdefault("omega_chunks", 1)
        config.setdefault("B_tesla", None)
        config.setdefault("B_direction", [0.0, 0.0, 1.0])
        config.setdefault("dipoles", DIPOLE_MODELS[0])
        config.setdefault("polarizability", POLARIZABILITY_MODELS[0])
        object.__setattr__(self, "config", plain(config))
        self._parse()

    # ------------------------------------------------------------------ parsing

    def _where(self, key=None) -> str:
        return f"systems.{self.family}" + (f".{key}" if key is not None else "")

    def _parse(self) -> None:
        config, where = self.config, self._where
        try:
            kind = geometry.geometry_kind(config.get("geometry"))
        except ValueError as error:
            raise ConfigError(f"{where('geometry')}: {error}") from None
        own = set(GENERAL_KEYS) | set(kind.counts) | set(GEOMETRY_KEYS.get(kind.name, ()))
        others = {key for keys_of in GEOMETRY_KEYS.values() for key in keys_of}
        others |= {key for other in geometry.GEOMETRIES.values() for key in other.counts}
        for key in config:
            if key in others and key not in own:
                raise ConfigError(f"{where(key)}: does not apply to geometry {kind.name}, which takes "
                                  f"{', '.join(sorted(own - set(GENERAL_KEYS)) or ['no keys of its own'])} besides "
                                  "its lengths")
        counts = {}
        for key, minimum in kind.counts.items():
            if key not in config:
                raise ConfigError(f"{where()}: geometry {kind.name} needs '{key}'")
            try:
                counts[key] = geometry.layouts.count(config[key], key, minimum)
            except ValueError as error:
                raise ConfigError(f"{where(key)}: {error}") from None
        if kind.name == "lattice":
            counts["shape"] = [geometry.layouts.count(v, f"shape[{a}]", 1) for a, v in
                               enumerate(self._require("shape", list))]
        fixed, axes, keys = {}, {}, {}

        def add(name, key, raw, positive):
            if name in keys:
                raise ConfigError(f"{where(key)}: the length {name!r} is given twice ({keys[name]} and {key})")
            keys[name] = key
            scale = split_unit(key)[1]
            values = np.asarray(sweep_values(raw, where(key)), dtype=float) * scale
            bad = ~np.isfinite(values) | ((values <= 0) if positive else False)
            if np.any(bad):
                what = "finite, positive lengths" if positive else "finite lengths"
                raise ConfigError(f"{where(key)}: needs {what}, got {raw!r}")
            if is_sweep(raw):
                axes[name] = values
            else:
                fixed[name] = float(values[0])

        declared = set(kind.length_names) | set(kind.vectors)
        free = {}
        for key, raw in config.items():
            if key in own or not is_length_key(key):
                continue
            name, _ = split_unit(key)
            if name in kind.vectors:
                sizes = kind.vectors[name]
                if isinstance(raw, list) and len(raw) == 3 and 3 in sizes:
                    for axis, component in zip("xyz", raw):
                        add(f"{name}_{axis}", key, component, positive=True)
                        keys[f"{name}_{axis}"] = f"{key}[{'xyz'.index(axis)}]"
                elif 1 in sizes and not isinstance(raw, list):
                    add(name, key, raw, positive=True)
                else:
                    shapes = " or ".join("one length (or a range)" if s == 1 else "three lengths [x, y, z]"
                                         for s in sizes)
                    raise ConfigError(f"{where(key)}: give {shapes}, got {raw!r}")
            elif name in declared:
                add(name, key, raw, positive=True)
            else:
                free[key] = (name, raw)
        missing = [n for n in kind.lengths if n not in keys]
        missing += [n for n in kind.vectors if n not in keys and f"{n}_x" not in keys]
        if missing:
            raise ConfigError(f"{where()}: geometry {kind.name} needs {', '.join(m + '_nm' for m in missing)}")
        if kind.one_of and sum(n in keys for n in kind.one_of) != 1:
            raise ConfigError(f"{where()}: geometry {kind.name} needs exactly one of "
                              f"{' and '.join(n + '_nm' for n in kind.one_of)}")
        referenced = set()

        def entry(value, at):
            """A per-particle entry: a number (config units) or a name; returns (name|None, value)."""
            named = _named(value)
            if named is None:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ConfigError(f"{at}: expected a number or the name of a length key, got {value!r}")
                return None, float(value) * 1e-9  # numbers in a *_nm list are nanometres
            key, sign = named
            if key in free:
                name, raw = free[key]
                if name not in keys:
                    add(name, key, raw, positive=False)
                referenced.add(key)
                return name, sign
            by_key = {k: n for n, k in keys.items()}
            if key in by_key:
                return by_key[key], sign
            lengths = sorted(set(free) | {k for k in config if is_length_key(k) and k not in ("positions_nm", "radius_nm")})
            if key in config:
                raise ConfigError(f"{at}: {key!r} is not a length key of {self._where()} (a length key ends in "
                                  f"_nm or _um)")
            raise ConfigError(f"{at}: {value!r} names no length key of {self._where()}"
                              f"{closest(key, lengths)}; its length keys: {lengths or 'none'}")

        template = None
        if kind.name == "positions":
            rows = self._require("positions_nm", list)
            template = []
            for p, row in enumerate(rows):
                if not isinstance(row, list) or len(row) != 3:
                    raise ConfigError(f"{where('positions_nm')}[{p}]: a position is three coordinates [x, y, z], "
                                      f"got {row!r}")
                template.append([entry(v, f"{where('positions_nm')}[{p}][{c}]") for c, v in enumerate(row)])
        particles = None
        if kind.name == "csv":
            try:
                particles = geometry.read_particles(self._require("file", str))
            except ValueError as error:
                raise ConfigError(f"{where('file')}: {error}") from None
        radius = config.get("radius_nm")
        if isinstance(radius, list):
            radius = [entry(v, f"{where('radius_nm')}[{p}]") for p, v in enumerate(radius)]
        elif radius is not None:
            add("radius", "radius_nm", radius, positive=True)
        elif particles is None or particles.radii is None:
            raise ConfigError(f"{where()}: needs radius_nm (one length, a sweep, or one per particle)")
        unused = sorted(set(free) - referenced)
        if unused:
            options = [k for k in config if k not in free] + [n + "_nm" for n in declared]
            raise ConfigError(f"{where(unused[0])}: unknown key{closest(unused[0], options)}; a length key that is "
                              "not part of the geometry must be named by a coordinate or a radius of the system")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "_counts", counts)
        object.__setattr__(self, "_fixed", fixed)
        object.__setattr__(self, "axes", dict(sorted(axes.items())))
        object.__setattr__(self, "length_keys", keys)
        object.__setattr__(self, "_template", template)
        object.__setattr__(self, "_radius", radius)
        object.__setattr__(self, "_particles", particles)
        n = len(self.layout(self.points()[0])[0])
        object.__setattr__(self, "n_particles", n)
        object.__setattr__(self, "materials", self._materials(n, particles))
        if isinstance(radius, list) and len(radius) != n:
            raise ConfigError(f"{where('radius_nm')}: lists {len(radius)} radii for {n} particles; give one per "
                              "particle, or one value (a sweep as {values: [...]} or {start, stop, num})")
        self._parse_field()
        if not self.adaptive:
            self.omega_grid()  # a grid of 1e10 frequencies stops the parse, not a job

    def _parse_field(self) -> None:
        """B: one field (a 3-vector in T, or None), or a sweep {start, stop, num} / {values} giving dimension B."""
        raw, direction = self.config["B_tesla"], self.config["B_direction"]
        where = self._where("B_tesla")
        try:
            as_field(1.0, direction)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{self._where('B_direction')}: {error}") from None
        if isinstance(raw, dict):
            values = np.asarray(sweep_values(raw, where), dtype=float)
            if len(set(values.tolist())) != values.size:
                raise ConfigError(f"{where}: the field sweep repeats a value: {values.tolist()}")
            object.__setattr__(self, "axes", {**self.axes, "B": values})
            object.__setattr__(self, "B", None)
            warn_if_field_independent(self.materials, values)
        elif isinstance(raw, list):
            raise ConfigError(f"{where}: a list makes one system per value; parse it with photodrag.study.Plan")
        else:
            object.__setattr__(self, "B", self.field(raw))

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

    def _require(self, key, kind_of):
        value = self.config.get(key)
        if not isinstance(value, kind_of):
            raise ConfigError(f"{self._where()}: geometry {self.config['geometry']} needs '{key}' "
                              f"({kind_of.__name__}), got {value!r}")
        return value

    def _materials(self, n: int, particles) -> list[str]:
        names = self.config.get("materials")
        if names is None and particles is not None and particles.materials is not None:
            names = particles.materials
        if names is None:
            raise ConfigError(f"{self._where()}: needs materials (one name, or one per particle)")
        names = [names] * n if isinstance(names, str) else list(names)
        if len(names) != n:
            raise ConfigError(f"{self._where('materials')}: lists {len(names)} materials for the {n} particles "
                              f"of geometry {self.kind.name}; give one name or {n}")
        for p, name in enumerate(names):
            if name not in NAMED:
                raise ConfigError(f"{self._where('materials')}[{p}]: unknown material {name!r}"
                                  f"{closest(name, NAMED)}; known: {', '.join(NAMED)}")
        return names

    # ------------------------------------------------------------------ sweep points

    def points(self) -> list[dict[str, float]]:
        """Every sweep point as {dimension: value in m}, in outer-product order, the last dimension fastest."""
        names = list(self.axes)
        return [dict(zip(names, map(float, values))) for values in itertools.product(*self.axes.values())]

    @property
    def fixed_lengths(self) -> dict[str, float]:
        """The lengths of the geometry that are not swept, in m."""
        return dict(self._fixed)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.axes.values())

    def lengths_at(self, point: dict[str, float]) -> dict[str, float]:
        """Every length of the geometry in m at one sweep point."""
        return {**self._fixed, **{name: point[name] for name in self.axes if name != "B"}}

    def _resolve(self, entry, lengths) -> float:
        name, value = entry
        return value if name is None else value * lengths[name]

    def layout(self, point: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Centres (N, 3) and radii (N,) in m at one sweep point."""
        lengths = self.lengths_at(point)
        if self.kind.name == "positions":
            positions = np.array([[self._resolve(c, lengths) for c in row] for row in self._template])
        elif self.kind.name == "csv":
            positions = self._particles.positions
        else:
            try:
                positions = self.kind.place({**self._counts, **lengths})
            except ValueError as error:
                raise ConfigError(f"{self._where()} at {self.describe_point(point)}: {error}") from None
        n = len(positions)
        if isinstance(self._radius, list):
            radii = np.array([self._resolve(r, lengths) for r in self._radius]) if len(self._radius) == n else None
        elif "radius" in lengths:
            radii = np.full(n, lengths["radius"])
        else:
            radii = self._particles.radii
        return positions, radii

    def system(self, point: dict[str, float], **options) -> System:
        """The photodrag.System of one sweep point (``options`` are passed on to System)."""
        positions, radii = self.layout(point)
        model = {"dipoles": self.config["dipoles"], "polarizability": self.config["polarizability"]}
        return System(positions, radii, self.materials, B=self.field_at(point), **model, **options)

    def describe_point(self, point: dict[str, float]) -> str:
        """'h_nm = 400' for a sweep point, in the config's own keys and units."""
        parts = []
        for name, value in point.items():
            if name == "B":
                parts.append(f"B_tesla = {value:g}")
                continue
            key = self.length_keys[name].split("[")[0]
            parts.append(f"{self.length_keys[name]} = {value / split_unit(key)[1]:g}")
        return ", ".join(parts) or "its only point"

    def check(self) -> None:
        """Refuse overlapping or coincident particles at any sweep point, naming the system, point and pair."""
        for point in self.points():
            positions, radii = self.layout(point)
            if radii is None or np.any(radii <= 0) or not np.all(np.isfinite(positions)):
                raise ConfigError(f"{self._where()} at {self.describe_point(point)}: radii must be positive and "
                                  "positions finite")
            try:
                check_overlaps(positions, radii)
            except ValueError as error:
                raise ConfigError(f"{self._where()} at {self.describe_point(point)}: {error}") from None

    # ------------------------------------------------------------------ the rest of the system

    @property
    def material_tables(self) -> list[str]:
        return sorted({material_table_name(m, B) for m in self.materials for B in self.fields})

    @property
    def n_chunks(self) -> int:
        return int(self.config["omega_chunks"])

    @property
    def adaptive(self) -> bool:
        """True when the ω grid is built adaptively (``omega_rad_s: {adaptive: {...}}``)."""
        return is_adaptive(self.config["omega_rad_s"])

    def omega_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """The explicit ω grid (rad/s) and its trapezoid weights (rad/s)."""
        try:
            return omega_grid(self.config["omega_rad_s"], self._where("omega_rad_s"))
        except ValueError as error:
            raise ConfigError(str(error)) from None

    @property
    def input_files(self) -> list[str]:
        """Files the system reads (a CSV geometry's file), so that editing them reruns its spectra."""
        return [self.config["file"]] if self.kind.name == "csv" else []

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
