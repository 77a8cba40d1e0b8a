"""Units carried by the names of config keys and figure styles (docs/theory.md#conventions: SI inside).

``_nm`` nanometres, ``_um`` micrometres, ``_m`` metres, ``_K`` kelvin, ``_tesla`` tesla,
``_rad_s`` rad/s: a key ``h_nm`` holds the quantity ``h`` in nanometres, which enters the
package as ``h`` in metres. The config parser (photodrag.study) and the figures' selections
(photodrag.plots) read key names through this one table.
"""

from __future__ import annotations

#: SI factor of each unit suffix a config key may carry.
UNIT_SCALE = {"nm": 1e-9, "um": 1e-6, "m": 1.0, "K": 1.0, "tesla": 1.0, "rad_s": 1.0}

#: Length suffixes a geometry key may carry, with their SI factors.
LENGTH_SUFFIXES = {"nm": 1e-9, "um": 1e-6}


def split_unit(key: str) -> tuple[str, float]:
    """('h', 1e-9) for 'h_nm': the quantity's name and the SI factor of its unit suffix."""
    for suffix, scale in sorted(UNIT_SCALE.items(), key=lambda item: -len(item[0])):
        if key.endswith("_" + suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix) - 1], scale
    raise ValueError(f"config key {key!r} carries no unit suffix (one of {', '.join(UNIT_SCALE)})")


def is_length_key(key) -> bool:
    """True for a key such as 'gap_nm' or 'h_um' (a length in the units its suffix names)."""
    return isinstance(key, str) and any(key.endswith("_" + s) and len(key) > len(s) + 1 for s in LENGTH_SUFFIXES)


def length_keys(mapping) -> dict[str, tuple[str, float]]:
    """{'h_nm': ('h', 1e-9)} for the keys of ``mapping`` that are lengths (a figure style's selections)."""
    return {key: split_unit(key) for key in mapping if is_length_key(key)}
