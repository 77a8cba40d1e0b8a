"""A permittivity given as a table of (ω, Re ε, Im ε), linearly interpolated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..checks import check_reals
from ..tables import column_name, numbers, read_table, split_unit
from ..units import SPECTRAL_ALIASES, SPECTRAL_UNITS, SpectralUnit
from .base import PASSIVITY_TOLERANCE, Material, isotropic


@dataclass(frozen=True, kw_only=True, eq=False)  # arrays: compare by identity
class Tabulated(Material):
    """Isotropic ε sampled at angular frequencies (rad/s, strictly increasing).

    Re ε and Im ε are interpolated linearly and separately; asking for an ω outside
    the table raises ValueError (no extrapolation).
    """

    name: str = "tabulated"
    omega: np.ndarray = field(repr=False)
    values: np.ndarray = field(repr=False)

    def __post_init__(self):
        super().__post_init__()
        omega = check_reals(self.omega, f"tabulated permittivity {self.name!r}: omega", "angular frequencies in rad/s")
        values = np.asarray(self.values)
        if values.dtype.kind not in "iufc":
            raise ValueError(f"tabulated permittivity {self.name!r}: values must be numbers (complex ε), got "
                             f"{self.values!r:.80}")
        values = values.astype(complex)
        if omega.ndim != 1 or omega.shape != values.shape or omega.size < 2:
            raise ValueError("a tabulated permittivity needs matching 1-D arrays of at least two ω and ε values")
        if not (np.all(np.isfinite(omega)) and np.all(np.isfinite(values))):
            raise ValueError(f"tabulated permittivity {self.name!r} contains NaN or infinity")
        if np.any(np.diff(omega) <= 0) or omega[0] <= 0:
            raise ValueError(f"tabulated permittivity {self.name!r}: ω must be positive and strictly increasing")
        gain = np.flatnonzero(values.imag < -PASSIVITY_TOLERANCE * np.abs(values))
        if gain.size:  # linear interpolation keeps Im ε ≥ 0 between rows that have it, so rows suffice
            k = int(gain[0])
            source = f" ({self.reference})" if self.reference else ""
            raise ValueError(
                f"tabulated permittivity {self.name!r}{source} is not passive: Im ε = {values.imag[k]:.4g} < 0 at "
                f"ω = {omega[k]:.6g} rad/s (row {k + 1}; {gain.size} of {omega.size} rows). photodrag uses exp(−iωt), "
                "where loss is Im ε > 0: a table in the exp(+iωt) convention needs its Im ε negated (values.conj())")
        object.__setattr__(self, "omega", omega)
        object.__setattr__(self, "values", values)

    @property
    def valid_range(self) -> tuple[float, float]:
        return (float(self.omega[0]), float(self.omega[-1]))

    @classmethod
    def from_csv(cls, path, name: str | None = None, *, ignore=()) -> "Tabulated":
        """Read an ε table from a CSV file whose header names its columns (:func:`read_columns`).

        One spectral column, ``omega_rad_s`` (or ``frequency_Hz``, ``energy_eV``,
        ``wavenumber_cm-1``, ``wavelength_um``: the unit comes from the name), and either
        ``eps_real``, ``eps_imag`` or ``n``, ``k`` (ε = (n + ik)²). A column of another name is
        refused unless ``ignore`` names it. Lines starting with ``#`` are comments; a file whose
        first row is numbers (no header) is refused rather than read without its first row.
        """
        omega, values = read_columns(path, ignore)  # refuses a path that is not a file name
        return cls(name=name or Path(path).stem, reference=str(path), omega=omega, values=values)

    def _epsilon(self, omega, B):
        low, high = self.valid_range
        outside = (omega < low * (1 - 1e-12)) | (omega > high * (1 + 1e-12))
        if np.any(outside):
            raise ValueError(
                f"tabulated permittivity {self.name!r} covers ω from {low:.6g} to {high:.6g} rad/s; "
                f"asked for {omega[outside].min():.6g}..{omega[outside].max():.6g} rad/s"
            )
        eps = np.interp(omega, self.omega, self.values.real) + 1j * np.interp(omega, self.omega, self.values.imag)
        return isotropic(eps)


#: Names of the spectral column (canonical, photodrag.tables.column_name) and the kinds of unit each may carry.
SPECTRAL_NAMES = {
    **dict.fromkeys(("omega", "w", "ω", "angular_frequency"), ("angular frequency", "photon energy", "wavenumber")),
    **dict.fromkeys(("frequency", "freq", "f", "nu", "ν"), ("angular frequency", "frequency", "photon energy",
                                                            "wavenumber")),
    **dict.fromkeys(("energy", "e", "photon_energy", "hv"), ("photon energy",)),
    **dict.fromkeys(("wavenumber", "wave_number"), ("wavenumber",)),
    **dict.fromkeys(("wavelength", "lambda", "λ", "wl"), ("wavelength",)),
}

#: Names of the value columns, compared without separators, with epsilon and ε written eps, real re, imag im.
VALUE_NAMES = {
    **dict.fromkeys(("epsre", "reeps", "eps1", "e1", "eps'", "re"), "eps_real"),
    **dict.fromkeys(("epsim", "imeps", "eps2", "e2", "eps''", "im"), "eps_imag"),
    **dict.fromkeys(("n", "nre", "ren"), "n"),
    **dict.fromkeys(("k", "kappa", "κ", "nim", "imn"), "k"),
}

EXAMPLE = "omega_rad_s,eps_real,eps_imag"


def value_name(column: str) -> str | None:
    """'eps_real', 'eps_imag', 'n' or 'k' for a canonical column name that is one of them, else None."""
    text = column.replace("epsilon", "eps").replace("ε", "eps").replace("real", "re").replace("imag", "im")
    return VALUE_NAMES.get(re.sub(r"[_\-.]", "", text))


def spectral_unit(column: str, shown: str, path: Path) -> SpectralUnit | None:
    """The unit of a spectral column (None when ``column`` names no spectral quantity); ValueError
    for a spectral name with no unit or one that contradicts it (``omega_Hz``)."""
    spellings = [*SPECTRAL_UNITS, *SPECTRAL_ALIASES]
    quantity, unit = split_unit(column, spellings)
    if quantity not in SPECTRAL_NAMES:
        return None
    if unit is None:
        if quantity in ("omega", "w", "ω"):
            return SPECTRAL_UNITS["rad/s"]  # ω's SI unit, as photodrag uses everywhere
        units: dict[str, str] = {}
        for unit in SPECTRAL_UNITS.values():  # the first unit of each kind the name may carry
            if unit.kind in SPECTRAL_NAMES[quantity]:
                units.setdefault(unit.kind, unit.symbol.replace("⁻¹", "-1").replace("/", "_").replace("µ", "u"))
        names = " or ".join(f"{quantity}_{symbol}" for symbol in units.values())
        raise ValueError(f"{path}: column {shown!r} states no unit: name it {names} (the unit comes from the name)")
    spectral = SPECTRAL_UNITS[SPECTRAL_ALIASES.get(unit, unit)]
    if spectral.kind not in SPECTRAL_NAMES[quantity]:
        raise ValueError(f"{path}: column {shown!r} gives {quantity} in {spectral.symbol}, a unit of {spectral.kind}: "
                         "ambiguous; name it omega_rad_s (angular frequency), frequency_Hz (ω/2π), energy_eV or "
                         "wavelength_um")
    return spectral


def _columns(table, ignore) -> tuple[int, SpectralUnit, dict[str, int]]:
    """(index of the spectral column, its unit, {value name: index}) of a table; ValueError naming what is wrong."""
    skipped = {column_name(str(name)) for name in ignore}
    spectral, values = [], {}
    for k, (shown, column) in enumerate(zip(table.names, table.columns)):
        unit = spectral_unit(column, shown, table.path)
        if unit is not None:
            spectral.append((k, unit))
        elif value_name(column) is not None and value_name(column) not in values:
            values[value_name(column)] = k
        elif column not in skipped:
            given = "a second column of " + value_name(column) if value_name(column) else "unknown column"
            raise ValueError(f"{table.path}: {given} {shown!r}: an ε table has one spectral column ({EXAMPLE.split(',')[0]}, "
                             "frequency_Hz, energy_eV, wavelength_um, ...) and eps_real, eps_imag or n, k; "
                             f"Tabulated.from_csv(..., ignore=[{shown!r}]) skips a column of your own")
    if len(spectral) != 1:
        found = [table.names[k] for k, _ in spectral]
        raise ValueError(f"{table.path}: {len(spectral)} spectral columns {found}: give exactly one, e.g. omega_rad_s; "
                         f"the columns are {table.names}")
    pairs = [pair for pair in (("eps_real", "eps_imag"), ("n", "k")) if set(pair) & set(values)]
    if len(pairs) != 1 or not set(pairs[0]) <= set(values):
        given = ", ".join(table.names[k] for k in values.values()) or "no value column"
        raise ValueError(f"{table.path}: the columns {table.names} give {given}: an ε table needs either eps_real, "
                         f"eps_imag (Re ε, Im ε) or n, k (the refractive index), one pair, e.g. '{EXAMPLE}'")
    return spectral[0][0], spectral[0][1], {name: values[name] for name in pairs[0]}


def read_columns(path, ignore=()) -> tuple[np.ndarray, np.ndarray]:
    """(ω in rad/s, increasing; ε, complex) of an ε table read by its column names; ValueError naming
    the file, the line or the column. A table in wavelength (ω decreasing down the rows) is reversed."""
    table = read_table(path, "permittivity table", EXAMPLE, "frequencies")
    k, unit, values = _columns(table, ignore)
    omega = unit.to_omega(numbers(table, table.columns[k]))
    first, second = (np.array(numbers(table, table.columns[values[name]])) for name in values)
    eps = first + 1j * second if "eps_real" in values else (first + 1j * second) ** 2
    if omega.size > 1 and np.all(np.diff(omega) < 0):
        omega, eps = omega[::-1], eps[::-1]
    return omega, eps
