"""The range a physicist expects of every quantity in a config, checked when the Snakefile is parsed.

A value far outside its range is most often a unit slip: metres in a ``_nm`` key
(``radius_nm: 100e-9``), an ω in eV or THz, a field in gauss. It stops the parse with the key, the
value and the likely slip (``1e-07 nm ...: did you mean 1e-07 m = 100 nm?``), before a job computes
a plausible-looking 1e-66 W/K. :data:`QUANTITIES` is the one table: a key's quantity comes from its
name (its unit suffix), so a new key with a known suffix is checked without a line here. An ω grid
must also reach into the thermal window of the temperatures of the studies that use it
(photodrag.planck.thermal_window), or its spectra carry no heat.

To insist, list the key in ``allow_unusual``: at the top of the config (for every key of that
name), in a system, a study or a field map (for its keys only): ``allow_unusual: [radius_nm]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..checks import closest
from ..planck import thermal_window
from ..units import SPECTRAL_UNITS, split_unit
from .values import ConfigError

#: The key that lists the keys whose unusual values are meant.
ALLOW = "allow_unusual"


@dataclass(frozen=True)
class Slip:
    """A unit a value may have been written in by mistake: ``to_si`` reads the number typed in that unit."""

    unit: str
    to_si: Callable[[float], float]


@dataclass(frozen=True)
class Quantity:
    """A quantity of a config, with the range (SI, of |value|) a physicist expects and the slips that leave it."""

    name: str
    low: float
    high: float
    span: str                      # the range as a message says it
    zero: bool = False             # 0 is a value of its own (a coordinate, no field)
    slips: tuple[Slip, ...] = ()

    def holds(self, value_si: float) -> bool:
        return (self.zero and value_si == 0) or self.low <= abs(value_si) <= self.high


def _scaled(unit: str, factor: float) -> Slip:
    return Slip(unit, lambda value: value * factor)


def _spectral(key: str, label: str) -> Slip:
    unit = SPECTRAL_UNITS[key]
    return Slip(label, lambda value: float(unit.to_omega(value)) if value > 0 else 0.0)


LENGTH_SLIPS = (_scaled("m", 1.0), _scaled("µm", 1e-6), _scaled("nm", 1e-9))
RADIUS = Quantity("a particle radius", 1e-9, 100e-6, "1 nm to 100 µm", slips=LENGTH_SLIPS)
LENGTH = Quantity("a length", 1e-9, 1e-2, "1 nm to 1 cm, or 0 for a coordinate", zero=True, slips=LENGTH_SLIPS)
OMEGA = Quantity("an angular frequency", 1e11, 1e17, "1e11 to 1e17 rad/s",
                 slips=(_spectral("ev", "eV"), _spectral("thz", "THz"), _spectral("cm-1", "cm⁻¹"),
                        _spectral("um", "µm (a wavelength)")))
FIELD = Quantity("a magnetic field", 0.0, 100.0, "|B| ≤ 100 T", zero=True,
                 slips=(_scaled("G (gauss)", 1e-4), _scaled("mT", 1e-3)))
TEMPERATURE = Quantity("a temperature", 1.0, 5000.0, "1 to 5000 K", slips=(_scaled("mK", 1e-3),))

#: Config keys, by a pattern of their whole name, and the quantity each holds (None: no range here);
#: the first pattern that matches decides. Units come from the suffix (photodrag.units).
QUANTITIES: tuple[tuple[str, Quantity | None], ...] = (
    (r"radius_(nm|um)", RADIUS),
    (r".+_J_K", None),             # heat capacities (J/K), not temperatures
    (r".+_(nm|um)", LENGTH),
    (r".+_rad_s", OMEGA),
    (r".+_tesla", FIELD),
    (r".+_K", TEMPERATURE),
)

#: How a message writes the unit of each key suffix.
SYMBOLS = {"nm": "nm", "um": "µm", "rad_s": "rad/s", "tesla": "T", "K": "K"}


def quantity(key) -> Quantity | None:
    """The quantity a config key holds, from its name (:data:`QUANTITIES`), or None."""
    if not isinstance(key, str):
        return None
    return next((q for pattern, q in QUANTITIES if re.fullmatch(pattern, key)), None)


def numbers(value) -> list[float]:
    """The numbers a quantity's value gives: a number, the items of lists, a range's start and stop, {values}."""
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, list):
        return [number for item in value for number in numbers(item)]
    if isinstance(value, dict):
        return [number for key in ("start", "stop", "values") if key in value for number in numbers(value[key])]
    return []  # None, the name of a length key, an adaptive grid (its keys are walked)


@dataclass(frozen=True)
class Found:
    """A quantity's value in a config: where it is, its key, its numbers (config units), the scope it may be allowed in."""

    where: str
    key: str
    values: list[float]
    scope: str       # 'systems.<name>', 'studies.<name>', 'materials.field_maps.<name>' or '' (the top)


def found(node, where: str, scope: str) -> Iterator[Found]:
    """Every value of a quantity below ``node`` (a config subtree at ``where``)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == ALLOW:
                continue
            at = f"{where}.{key}" if where else str(key)
            if quantity(key) is not None and numbers(value):
                yield Found(at, key, numbers(value), scope)
            yield from found(value, at, scope)
    elif isinstance(node, list):
        for k, item in enumerate(node):
            yield from found(item, f"{where}[{k}]", scope)


def scopes(config: dict) -> Iterator[tuple[str, dict]]:
    """(scope, subtree) of every part of a config whose values have a range: systems, studies, materials."""
    for part in ("systems", "studies"):
        for name, entry in (config.get(part) or {}).items():
            yield f"{part}.{name}", entry
    materials = config.get("materials") or {}
    yield "", {"materials": {k: v for k, v in materials.items() if k != "field_maps"}}
    for name, entry in (materials.get("field_maps") or {}).items():
        yield f"materials.field_maps.{name}", entry


def symbol(key: str) -> str:
    """The unit of a key with a range, as a message writes it: 'nm', 'µm', 'rad/s', 'T', 'K'."""
    return next(text for suffix, text in SYMBOLS.items() if key.endswith("_" + suffix))


def _span(values: list[float], scale: float = 1.0) -> str:
    """'0.1 to 0.13' for several values, '1e-07' for one (values / scale)."""
    return " to ".join(dict.fromkeys(f"{v / scale:.6g}" for v in (min(values), max(values))))


def _slips(quantity_: Quantity, key: str, values: list[float]) -> str:
    """': did you mean 0.1 eV = 1.519e+14 rad/s?' for the slips that bring every value into range, or ''."""
    scale, shown = split_unit(key)[1], []
    for slip in quantity_.slips:
        meant = [slip.to_si(v) for v in values]
        if slip.to_si(1.0) != scale and all(quantity_.holds(m) for m in meant):
            shown.append(f"{_span(values)} {slip.unit} = {_span(meant, scale)} {symbol(key)}")
    return (": did you mean " + ", or ".join(shown) + "?") if shown else ""


def _insist(key: str, scope: str) -> str:
    return f"To insist, add {ALLOW}: [{key}] to {scope or 'the top of the config'}"


def check_value(item: Found, allowed: set[str]) -> None:
    """Refuse the values of ``item`` outside its quantity's range, naming the key, the value and the likely slip."""
    q, scale = quantity(item.key), split_unit(item.key)[1]
    outside = [v for v in item.values if not q.holds(v * scale)]
    if not outside or item.key in allowed:
        return
    slips = _slips(q, item.key, item.values)  # a slip writes every value of the key in one wrong unit
    raise ConfigError(f"{item.where}: {_span(outside)} {symbol(item.key)} is outside the range of {q.name} ({q.span})"
                      f"{slips}{' ' if slips else '. '}{_insist(item.key, item.scope)}")


def _allowed(config: dict) -> dict[str, set[str]]:
    """{scope: the keys its allow_unusual lists, with the top's}; refuses an entry that names no key with a range."""
    items = [item for scope, entry in scopes(config) for item in found(entry, scope, scope)]
    allowed = {}
    for scope, entry in [("", config), *((s, e) for s, e in scopes(config) if s)]:
        listed = entry.get(ALLOW) or [] if isinstance(entry, dict) else []
        keys = sorted({item.key for item in items if not scope or item.scope == scope})
        for name in listed:
            if name not in keys:
                raise ConfigError(f"{scope + '.' if scope else ''}{ALLOW}: {name!r} names no key with a range "
                                  f"{'in ' + scope if scope else 'in the config'}{closest(name, keys)}; keys with a "
                                  f"range there: {', '.join(keys) or 'none'}")
        allowed[scope] = set(listed)
    return {scope: names | allowed[""] for scope, names in allowed.items()}


def _check_window(config: dict, items: list[Found], allowed: dict[str, set[str]]) -> None:
    """Refuse an ω grid that misses the thermal window of the temperatures of the studies on its system."""
    for name, system in (config.get("systems") or {}).items():
        grid = system.get("omega_rad_s")
        omega = numbers(grid) or numbers((grid or {}).get("adaptive", {}).get("omega_range_rad_s")
                                         if isinstance(grid, dict) else None)
        scopes_ = {f"studies.{s}" for s, study in (config.get("studies") or {}).items() if study.get("system") == name}
        T = [v for item in items if item.scope in scopes_ | {f"systems.{name}"} and quantity(item.key) is TEMPERATURE
             for v in item.values]
        if not omega or not T or "omega_rad_s" in allowed.get(f"systems.{name}", set()) or min(T) <= 0:
            continue
        low, high = thermal_window(min(T), max(T))
        if max(omega) < low or min(omega) > high:
            side = "below" if max(omega) < low else "above"
            raise ConfigError(f"systems.{name}.omega_rad_s: the grid {_span(omega)} rad/s lies {side} the thermal "
                              f"window of its studies' temperatures ({_span(T)} K: Θ(ω, T) carries the heat between "
                              f"{low:.2g} and {high:.2g} rad/s), so its spectra would carry no heat. "
                              f"{_insist('omega_rad_s', f'systems.{name}')}")


def check(config: dict) -> None:
    """Refuse a config value outside the range of its quantity, or an ω grid outside the thermal window
    (module docstring); ConfigError naming the key, the value, the likely slip and how to insist."""
    allowed = _allowed(config)
    items = [item for scope, entry in scopes(config) for item in found(entry, scope, scope)]
    for item in items:
        check_value(item, allowed.get(item.scope, allowed[""]))
    _check_window(config, items, allowed)
