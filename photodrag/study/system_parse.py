"""A config system parsed into a frozen value: its geometry, lengths and sweeps, radii, materials and field.

:func:`parse_system` is a pure function of one system's config subtree: it checks every key
and returns a :class:`ParsedSystem`, built once with all its fields. The geometry's own keys
are read by its parse hook in the registry (photodrag.geometry.GEOMETRIES); this module
knows no geometry by name. Every length may be swept: a swept ``<name>_nm`` becomes the
dimension ``<name>`` (in m), several sweeps one dimension each (sorted by name). Per-particle
lists (``positions_nm``, a ``radius_nm`` list) hold numbers or the name of a length key of the
same system (``gap_nm``, or ``-gap_nm`` for its negative), which may itself be swept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..engine.dipoles import DIPOLE_MODELS, POLARIZABILITY_MODELS, particle_models
from ..geometry import GEOMETRIES, GeometryKind, geometry_kind
from ..geometry.layouts import count
from ..geometry.registry import Entry, entries, resolve
from ..materials import NAMED, material
from ..materials.base import as_field
from ..checks import misspelling
from ..plain import plain
from ..units import is_length_key, length_key, split_unit
from ..surface import Surface
from ..system import MULTIPOLE_MODEL, PAPER_MODEL, check_multipole
from .surfaces import parse_surface
from .values import MAX_POINTS, ConfigError, closest, is_adaptive, is_sweep, omega_grid, sweep_values

#: The keys of the exact-multipole model (photodrag.System's arguments), absent by default: the dipole model.
MULTIPOLE_KEYS = ("multipole_order", "multipole_tol")

#: Keys every system may have, whatever its geometry (besides the geometry's own).
GENERAL_KEYS = ("geometry", "materials", "B_tesla", "B_direction", "omega_rad_s", "omega_chunks", "radius_nm",
                "radius_um", "dipoles", "polarizability", *MULTIPOLE_KEYS, "allow_unusual", "surface")

#: Lengths every system may have: ``height`` lifts the whole geometry above its surface (photodrag.study.surfaces).
GENERAL_LENGTHS = ("height",)

#: The values of the optional keys a system leaves out.
DEFAULTS = {"omega_chunks": 1, "B_tesla": None, "B_direction": [0.0, 0.0, 1.0], "dipoles": DIPOLE_MODELS[0],
            "polarizability": POLARIZABILITY_MODELS[0]}


@dataclass(frozen=True, eq=False)
class ParsedSystem:
    """One config system, parsed (:func:`parse_system`); lengths in m.

    ``config`` is the normalised subtree (defaults filled, ``B_tesla`` one number or None,
    plain builtins). ``placement`` is what the geometry's ``place`` takes besides the lengths:
    the counts and the parameters its parse hook read, per-particle entries unresolved.
    """

    name: str
    family: str
    config: dict
    kind: GeometryKind = field(repr=False)
    placement: dict = field(repr=False)
    fixed_lengths: dict[str, float] = field(repr=False)  # the lengths that are not swept
    axes: dict[str, np.ndarray] = field(repr=False)      # the sweeps: lengths (m) sorted by name, then B (T)
    length_keys: dict[str, str] = field(repr=False)      # each length's config key ('spacing_nm[0]' for a component)
    radii: list[Entry] | None = field(repr=False)        # radius_nm as a list, one entry per particle; else None
    materials: list[str] = field(repr=False)
    n_particles: int = field(repr=False)
    B: list[float] | None = field(repr=False)            # the field (3-vector, T); None without one or under a sweep
    surface: Surface | None = field(repr=False)          # the structure under the particles, or None for vacuum

    def where(self, key: str | None = None) -> str:
        """'systems.<family>' or 'systems.<family>.<key>', for messages."""
        return where(self.family, key)

    @property
    def adaptive(self) -> bool:
        """True when the ω grid is built adaptively (``omega_rad_s: {adaptive: {...}}``)."""
        return is_adaptive(self.config["omega_rad_s"])

    def omega_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """The explicit ω grid (rad/s) and its trapezoid weights (rad/s)."""
        try:
            return omega_grid(self.config["omega_rad_s"], self.where("omega_rad_s"))
        except ValueError as error:
            raise ConfigError(str(error)) from None


@dataclass(frozen=True)
class Length:
    """One length of a system: its name, config key ('spacing_nm[0]' for a component), values in m."""

    name: str
    key: str
    values: np.ndarray
    swept: bool


@dataclass(frozen=True)
class SystemKeys:
    """One config system's keys as a geometry's parse hook reads them (photodrag.geometry.registry.ConfigKeys).

    ``free`` maps the length keys of the user's own (``gap_nm``) to their names, ``declared``
    the config keys of the geometry's lengths to theirs: what a per-particle entry may name.
    """

    family: str
    config: dict
    kind: GeometryKind
    free: dict[str, str] = field(default_factory=dict)
    declared: dict[str, str] = field(default_factory=dict)

    def where(self, key: str | None = None) -> str:
        return where(self.family, key)

    def require(self, key: str, kind_of: type):
        value = self.config.get(key)
        if not isinstance(value, kind_of):
            raise ConfigError(f"{self.where()}: geometry {self.config['geometry']} needs '{key}' "
                              f"({kind_of.__name__}), got {value!r}")
        return value

    def entry(self, value, at: str, scale: float = 1e-9) -> Entry:
        """A per-particle entry: a number (× ``scale``, the SI factor of the list's unit) or the name of a length
        key ('gap_nm', '-gap_nm')."""
        if not isinstance(value, str):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{at}: expected a number or the name of a length key, got {value!r}")
            return Entry(float(value) * scale)  # numbers in a *_nm list are nanometres, in a *_um list µm
        sign, key = -1.0 if value.startswith("-") else 1.0, value.lstrip("+-").strip()
        names = {**self.declared, **self.free}
        if key in names:
            return Entry(sign, names[key], key)
        if key in self.config:
            raise ConfigError(f"{at}: {key!r} is not a length key of {self.where()} (a length key ends in "
                              f"_nm or _um)")
        lengths = sorted(set(self.free) | {k for k in self.config if is_length_key(k)
                                           and k not in ("radius_nm", "radius_um", *self.kind.keys)})
        raise ConfigError(f"{at}: {value!r} names no length key of {self.where()}"
                          f"{closest(key, lengths)}; its length keys: {lengths or 'none'}")


def where(family: str, key: str | None = None) -> str:
    """'systems.<family>' or 'systems.<family>.<key>': where a message points in the config."""
    return f"systems.{family}" + (f".{key}" if key is not None else "")


def own_keys(kind: GeometryKind) -> set[str]:
    """The keys a system of geometry ``kind`` may have besides its lengths."""
    return set(GENERAL_KEYS) | set(kind.counts) | set(kind.keys)


def describe_point(length_keys: dict[str, str], point: dict[str, float]) -> str:
    """'h_nm = 400' for a sweep point, in the config's own keys and units."""
    parts = []
    for name, value in point.items():
        if name == "B":
            parts.append(f"B_tesla = {value:g}")
            continue
        key = length_keys[name].split("[")[0]
        parts.append(f"{length_keys[name]} = {value / split_unit(key)[1]:g}")
    return ", ".join(parts) or "its only point"


def place(kind: GeometryKind, placement: dict, lengths: dict[str, float], at: str) -> np.ndarray:
    """The centres (N, 3) in m for the given lengths (m); a ConfigError naming ``at`` if they cannot be placed."""
    try:
        return kind.place({**lengths, **{name: resolve(value, lengths) for name, value in placement.items()}})
    except ValueError as error:
        raise ConfigError(f"{at}: {error}") from None


def parse_system(name: str, family: str, config: dict) -> ParsedSystem:
    """System ``name`` of the config system ``family``, its subtree ``config`` checked and parsed.

    Raises ConfigError (a ValueError) naming the key and what would be valid.
    """
    config = plain({**DEFAULTS, **config})
    try:
        kind = geometry_kind(config.get("geometry"))
    except ValueError as error:
        raise ConfigError(f"{where(family, 'geometry')}: {error}") from None
    keys = SystemKeys(family, config, kind)
    _refuse_keys_of_other_geometries(keys)
    counts = _counts(keys)
    lengths, free = _declared_lengths(keys)
    keys = replace(keys, free=free, declared={length.key: length.name for length in lengths})
    try:
        own = kind.parse(keys)
    except ValueError as error:
        raise ConfigError(str(error)) from None
    radius_key, radii = _radius_entries(keys, own)
    lengths = _referenced_lengths(keys, lengths, [*own.values(), radii or []])
    if radius_key is not None and radii is None:
        lengths = _with(keys, lengths, "radius", radius_key, config[radius_key], positive=True)
    fixed = {length.name: float(length.values[0]) for length in lengths if not length.swept}
    axes = dict(sorted(((length.name, length.values) for length in lengths if length.swept), key=lambda a: a[0]))
    length_keys = {length.name: length.key for length in lengths}
    placement = {**counts, **own}
    first = {dimension: float(values[0]) for dimension, values in axes.items()}
    n = len(place(kind, placement, {**fixed, **first}, f"{keys.where()} at {describe_point(length_keys, first)}"))
    materials = _materials(keys, own.get("materials"), n)
    if radii is not None and len(radii) != n:
        raise ConfigError(f"{keys.where(radius_key)}: lists {len(radii)} radii for {n} particles; give one per "
                          "particle, or one value (a sweep as {values: [...]} or {start, stop, num})")
    B, field_sweep = _field(keys)
    if field_sweep is not None:
        axes["B"] = field_sweep
    _check_points(keys, axes, length_keys)
    surface = parse_surface(config.get("surface"), keys.where("surface"))
    _multipoles(keys, materials, [B] if field_sweep is None else [as_field(b, config["B_direction"])
                                                                    for b in field_sweep], surface)
    if surface is None and "height" in length_keys:
        raise ConfigError(f"{keys.where(length_keys['height'])}: lifts the geometry above a surface, and the system "
                          f"has none: give {keys.where('surface')} (e.g. surface: SiC), or leave the height out")
    parsed = ParsedSystem(name, family, config, kind, placement, fixed, axes, length_keys, radii, materials, n, B,
                          surface)
    if not parsed.adaptive:
        parsed.omega_grid()  # a grid of 1e10 frequencies stops the parse, not a job
    return parsed


def _check_points(keys: SystemKeys, axes: dict[str, np.ndarray], length_keys: dict[str, str]) -> None:
    """Refuse sweeps whose points (the product of their sizes) exceed MAX_POINTS, before any point is built."""
    sizes = {length_keys.get(name, "B_tesla"): len(values) for name, values in axes.items()}
    total = int(np.prod(list(sizes.values()), dtype=float))
    if total > MAX_POINTS:
        shown = " × ".join(f"{size} ({key})" for key, size in sizes.items())
        raise ConfigError(f"{keys.where()}: its sweeps give {shown} = {total:.3g} points, more than {MAX_POINTS:,}; "
                          "each point is a spectra computation over the whole ω grid: sweep fewer values")


def _refuse_keys_of_other_geometries(keys: SystemKeys) -> None:
    """A ConfigError for the first key that belongs to another geometry only."""
    own = own_keys(keys.kind)
    others = {key for other in GEOMETRIES.values() for key in (*other.counts, *other.keys)}
    for key in keys.config:
        if key in others and key not in own:
            raise ConfigError(f"{keys.where(key)}: does not apply to geometry {keys.kind.name}, which takes "
                              f"{', '.join(sorted(own - set(GENERAL_KEYS)) or ['no keys of its own'])} besides "
                              "its lengths")


def _counts(keys: SystemKeys) -> dict[str, int]:
    """The geometry's counts, each an integer at least its minimum."""
    config, kind, counts = keys.config, keys.kind, {}
    for key, minimum in kind.counts.items():
        if key not in config:
            raise ConfigError(f"{keys.where()}: geometry {kind.name} needs '{key}'")
        try:
            counts[key] = count(config[key], key, minimum)
        except ValueError as error:
            raise ConfigError(f"{keys.where(key)}: {error}") from None
    return counts


def _length(keys: SystemKeys, name: str, key: str, raw, positive: bool, label: str | None = None) -> Length:
    """The length ``name`` of config key ``key`` (value ``raw``, a number or a sweep in the key's unit)."""
    values = np.asarray(sweep_values(raw, keys.where(key)), dtype=float) * split_unit(key)[1]
    bad = ~np.isfinite(values) | ((values <= 0) if positive else False)
    if np.any(bad):
        what = "finite, positive lengths" if positive else "finite lengths"
        raise ConfigError(f"{keys.where(key)}: needs {what}, got {raw!r}")
    return Length(name, label or key, values, is_sweep(raw))


def _with(keys: SystemKeys, lengths: list[Length], name: str, key: str, raw, positive: bool,
          label: str | None = None) -> list[Length]:
    """``lengths`` and the length ``name`` of ``key``; a ConfigError if another key gave it already."""
    given = {length.name: length.key for length in lengths}
    if name in given:
        raise ConfigError(f"{keys.where(key)}: the length {name!r} is given twice ({given[name]} and {key})")
    return [*lengths, _length(keys, name, key, raw, positive, label)]


def _declared_lengths(keys: SystemKeys) -> tuple[list[Length], dict[str, str]]:
    """The geometry's lengths (config order), and the other length keys by name (the user's own)."""
    kind, own, lengths, free = keys.kind, own_keys(keys.kind), [], {}
    for key, raw in keys.config.items():
        if key in own or not is_length_key(key):
            continue
        name = split_unit(key)[0]
        if name in kind.vectors:
            sizes = kind.vectors[name]
            if isinstance(raw, list) and len(raw) == 3 and 3 in sizes:
                for axis, component in enumerate(raw):
                    lengths = _with(keys, lengths, f"{name}_{'xyz'[axis]}", key, component, True, f"{key}[{axis}]")
            elif 1 in sizes and not isinstance(raw, list):
                lengths = _with(keys, lengths, name, key, raw, positive=True)
            else:
                shapes = " or ".join("one length (or a range)" if s == 1 else "three lengths [x, y, z]" for s in sizes)
                raise ConfigError(f"{keys.where(key)}: give {shapes}, got {raw!r}")
        elif name in kind.length_names or name in GENERAL_LENGTHS:
            lengths = _with(keys, lengths, name, key, raw, positive=True)
        else:
            free[key] = name
    names = {length.name for length in lengths}
    missing = [n for n in kind.lengths if n not in names]
    missing += [n for n in kind.vectors if n not in names and f"{n}_x" not in names]
    if missing:
        raise ConfigError(f"{keys.where()}: geometry {kind.name} needs {', '.join(m + '_nm' for m in missing)} (or "
                          f"{missing[0]}_um){misspelling(missing[0] + '_nm', free)}")
    if kind.one_of and sum(n in names for n in kind.one_of) != 1:
        raise ConfigError(f"{keys.where()}: geometry {kind.name} needs exactly one of "
                          f"{' and '.join(n + '_nm' for n in kind.one_of)}")
    return lengths, free


def _radius_entries(keys: SystemKeys, own: dict) -> tuple[str | None, list[Entry] | None]:
    """(the radius key given, ``radius_nm`` or ``radius_um``; a list of them as entries, or None for one value
    (a length) or the geometry's own radii)."""
    try:
        key = length_key(keys.config, "radius")
    except ValueError as error:
        raise ConfigError(f"{keys.where()}: {error}") from None
    if key is None:
        if own.get("radii") is None:
            raise ConfigError(f"{keys.where()}: needs radius_nm or radius_um (one length, a sweep, or one per "
                              f"particle){misspelling('radius_nm', keys.free)}")
        return None, None
    radius = keys.config[key]
    if isinstance(radius, list):
        return key, [keys.entry(v, f"{keys.where(key)}[{p}]", split_unit(key)[1]) for p, v in enumerate(radius)]
    return key, None


def _referenced_lengths(keys: SystemKeys, lengths: list[Length], parameters: list) -> list[Length]:
    """``lengths`` and the user's own length keys that the per-particle entries name; refuse the others."""
    referenced = list(dict.fromkeys(e.key for e in entries(parameters) if e.key in keys.free))
    for key in referenced:
        if keys.free[key] not in {length.name for length in lengths}:
            lengths = [*lengths, _length(keys, keys.free[key], key, keys.config[key], positive=False)]
    unused = sorted(set(keys.free) - set(referenced))
    if unused:
        options = [k for k in keys.config if k not in keys.free] + [n + "_nm" for n in
                                                                      (*keys.kind.length_names, *keys.kind.vectors)]
        raise ConfigError(f"{keys.where(unused[0])}: unknown key{closest(unused[0], options)}; a length key that "
                          "is not part of the geometry must be named by a coordinate or a radius of the system")
    return lengths


def _materials(keys: SystemKeys, own: list[str] | None, n: int) -> list[str]:
    """One material name per particle: the config's, or the geometry's own (a CSV's column)."""
    names = keys.config.get("materials")
    if names is None:
        names = own
    if names is None:
        raise ConfigError(f"{keys.where()}: needs materials (one name, or one per particle)")
    names = [names] * n if isinstance(names, str) else list(names)
    if len(names) != n:
        raise ConfigError(f"{keys.where('materials')}: lists {len(names)} materials for the {n} particles "
                          f"of geometry {keys.kind.name}; give one name or {n}")
    for p, name in enumerate(names):
        if name not in NAMED:
            raise ConfigError(f"{keys.where('materials')}[{p}]: unknown material {name!r}"
                              f"{closest(name, NAMED)}; known: {', '.join(NAMED)}")
    return names


def _multipoles(keys: SystemKeys, materials: list[str], fields: list, surface: Surface | None) -> None:
    """Refuse, naming the key, what photodrag.System refuses of multipole_order and multipole_tol: a bad order or
    tolerance, a tolerance without 'auto', multipoles above a surface or with a dipole model other than theirs,
    an order beyond 1 for particles a field makes anisotropic (at any of the system's ``fields``)."""
    order, tol = keys.config.get("multipole_order"), keys.config.get("multipole_tol")
    if order is None and tol is None:
        return
    if order is None:
        raise ConfigError(f"{keys.where('multipole_tol')}: applies to multipole_order: auto only; give "
                          "multipole_order: auto, or leave multipole_tol out")
    for key, checked in (("multipole_order", (order, None)), ("multipole_tol", (order, tol))):
        try:
            order, _ = check_multipole(*checked)
        except ValueError as error:
            raise ConfigError(f"{keys.where(key)}: {error}") from None
    at = keys.where("multipole_order")
    if surface is not None:
        raise ConfigError(f"{at}: exact multipoles are for particles in vacuum (their reflection by a surface is not "
                          "implemented); leave out multipole_order or the surface")
    model = (keys.config["dipoles"], keys.config["polarizability"])
    if model not in (PAPER_MODEL, MULTIPOLE_MODEL):
        raise ConfigError(f"{at}: the multipoles are electric and magnetic with Mie coefficients: they take dipoles: "
                          f"{MULTIPOLE_MODEL[0]} and polarizability: {MULTIPOLE_MODEL[1]} (or neither), got "
                          f"dipoles: {model[0]}, polarizability: {model[1]}")
    for field in fields if order != 1 else []:
        held = np.flatnonzero(particle_models([material(m) for m in materials], field, *MULTIPOLE_MODEL).anisotropic)
        if held.size:
            names = ", ".join(sorted({materials[i] for i in held}))
            raise ConfigError(f"{at}: {order} needs isotropic spheres, and particles {held[:10].tolist()} ({names} "
                              f"under B = {plain(field)} T) are anisotropic: they have no Mie multipoles beyond the "
                              "dipoles; use multipole_order: 1 (their electric dipole), or no field")


def _field(keys: SystemKeys) -> tuple[list[float] | None, np.ndarray | None]:
    """(B, sweep): one field (a 3-vector in T, or None) and no sweep, or None and the values of a B sweep (T)."""
    raw, direction, at = keys.config["B_tesla"], keys.config["B_direction"], keys.where("B_tesla")
    try:
        as_field(1.0, direction)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{keys.where('B_direction')}: {error}") from None
    if isinstance(raw, dict):
        return None, np.asarray(sweep_values(raw, at), dtype=float)
    if isinstance(raw, list):
        raise ConfigError(f"{at}: a list makes one system per value; parse it with photodrag.study.Plan")
    return plain(as_field(raw, direction)), None
