"""A system's ``surface`` key, parsed: the planar structure under the particles (photodrag.Surface).

    surface: SiC                                           # a SiC half-space in z < 0
    surface: {material: Au, films: [{material: SiC, thickness_nm: 50}]}   # films from the top down

With a surface, the system's ``height_nm`` (or ``height_um``, sweepable: dimension ``height``)
lifts the whole geometry along z: every centre of the geometry's layout goes up by it, so the
geometry's z = 0 sits at that height above the surface. Every particle must then lie above
the surface (z − R > 0), which photodrag.System checks at every sweep point when the config is
parsed.
"""

from __future__ import annotations

from ..materials import NAMED
from ..surface import Surface
from ..units import length_key, split_unit
from .values import ConfigError, closest

#: Keys of a ``surface`` entry and of each of its films.
SURFACE_KEYS = ("material", "films")
FILM_KEYS = ("material", "thickness_nm", "thickness_um")


def _material(name, at: str) -> str:
    if name not in NAMED:
        raise ConfigError(f"{at}: unknown material {name!r}{closest(name, NAMED)}; known: {', '.join(NAMED)}")
    return name


def _check_keys(entry, keys, at: str, shape: str) -> None:
    """Refuse an entry that is not a mapping (``shape`` says what it should be) or has a key not in ``keys``."""
    if not isinstance(entry, dict):
        raise ConfigError(f"{at}: {shape}, got {entry!r}")
    unknown = sorted(set(entry) - set(keys))
    if unknown:
        raise ConfigError(f"{at}.{unknown[0]}: unknown key{closest(unknown[0], keys)}; it takes {', '.join(keys)}")


def _film(film, at: str) -> tuple[str, float]:
    """(material, thickness in m) of one film entry {material, thickness_nm | thickness_um}."""
    _check_keys(film, FILM_KEYS, at, "a film is {material: <name>, thickness_nm: <number>}")
    try:
        key = length_key(film, "thickness")
    except ValueError as error:
        raise ConfigError(f"{at}: {error}") from None
    if key is None:
        raise ConfigError(f"{at}: needs thickness_nm (or thickness_um)")
    thickness = film[key]
    if isinstance(thickness, bool) or not isinstance(thickness, (int, float)) or not thickness > 0:
        raise ConfigError(f"{at}.{key}: a film's thickness is a positive number, got {thickness!r}")
    return _material(film.get("material"), f"{at}.material"), float(thickness) * split_unit(key)[1]


def parse_surface(entry, at: str) -> Surface | None:
    """The photodrag.Surface of a system's ``surface`` entry (a material name, or {material, films}), or None
    without one; ConfigError naming the key of what is wrong."""
    if entry is None:
        return None
    if isinstance(entry, str):
        entry = {"material": entry}
    _check_keys(entry, SURFACE_KEYS, at, "a surface is a material name or {material: <name>, films: [...]}")
    material = _material(entry.get("material"), f"{at}.material")
    films = entry.get("films", [])
    if not isinstance(films, list):
        raise ConfigError(f"{at}.films: a list of films from the top down, got {films!r}")
    return Surface(material, films=[_film(film, f"{at}.films[{k}]") for k, film in enumerate(films)])
