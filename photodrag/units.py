"""Units carried by the names of config keys, figure styles and table columns (docs/theory.md#conventions: SI inside).

``_nm`` nanometres, ``_um`` micrometres, ``_m`` metres, ``_K`` kelvin, ``_tesla`` tesla,
``_rad_s`` rad/s: a key ``h_nm`` holds the quantity ``h`` in nanometres, which enters the
package as ``h`` in metres. The config parser (photodrag.study) and the figures' selections
(photodrag.plots) read key names through this one table. :data:`SPECTRAL_UNITS` says how a
frequency, a photon energy, a wavenumber or a wavelength becomes an angular frequency: the
columns of an ε table (photodrag.materials.tabulated) and the slips the config's range checks
name (an ω written in eV) read them there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import constants

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


def length_key(mapping, stem: str) -> str | None:
    """The key of the length ``stem`` that ``mapping`` gives: ``radius_nm`` or ``radius_um`` for 'radius', None
    for neither; ValueError when it gives both (every length may be written in nm or in µm, once)."""
    given = [f"{stem}_{suffix}" for suffix in LENGTH_SUFFIXES if f"{stem}_{suffix}" in mapping]
    if len(given) > 1:
        raise ValueError(f"{' and '.join(given)} give the same length {stem!r}: give one of them")
    return given[0] if given else None


def length_keys(mapping) -> dict[str, tuple[str, float]]:
    """{'h_nm': ('h', 1e-9)} for the keys of ``mapping`` that are lengths (a figure style's selections)."""
    return {key: split_unit(key) for key in mapping if is_length_key(key)}


@dataclass(frozen=True)
class SpectralUnit:
    """A unit of the spectral axis: what it measures and its SI factor.

    ``to_omega`` turns values in this unit into angular frequencies in rad/s: ω = factor × value
    for a frequency, a photon energy or a wavenumber, ω = 2πc / (factor × value) for a wavelength.
    """

    kind: str      # angular frequency, frequency, photon energy, wavenumber or wavelength
    symbol: str    # as a message writes it
    factor: float

    def to_omega(self, values) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        if self.kind == "wavelength":
            return 2 * np.pi * constants.c / (self.factor * values)
        return self.factor * values


#: The spectral units a column name (or a slip in a config) may carry, by their canonical spelling.
SPECTRAL_UNITS = {
    "rad/s": SpectralUnit("angular frequency", "rad/s", 1.0),
    "hz": SpectralUnit("frequency", "Hz", 2 * np.pi),
    "khz": SpectralUnit("frequency", "kHz", 2 * np.pi * 1e3),
    "mhz": SpectralUnit("frequency", "MHz", 2 * np.pi * 1e6),
    "ghz": SpectralUnit("frequency", "GHz", 2 * np.pi * 1e9),
    "thz": SpectralUnit("frequency", "THz", 2 * np.pi * 1e12),
    "ev": SpectralUnit("photon energy", "eV", constants.e / constants.hbar),
    "mev": SpectralUnit("photon energy", "meV", 1e-3 * constants.e / constants.hbar),
    "cm-1": SpectralUnit("wavenumber", "cm⁻¹", 2 * np.pi * constants.c * 100),
    "um": SpectralUnit("wavelength", "µm", 1e-6),
    "nm": SpectralUnit("wavelength", "nm", 1e-9),
}

#: Other spellings of the spectral units (canonical: lower case, µ written u).
SPECTRAL_ALIASES = {"rad_s": "rad/s", "rad_per_s": "rad/s", "rad/sec": "rad/s", "rads": "rad/s", "cm^-1": "cm-1",
                    "1/cm": "cm-1", "cm⁻¹": "cm-1", "micron": "um", "microns": "um"}
