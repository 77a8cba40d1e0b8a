"""A permittivity given as a table of (ω, Re ε, Im ε), linearly interpolated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..checks import check_reals, is_number
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
    def from_csv(cls, path, name: str | None = None) -> "Tabulated":
        """Read a CSV file with one header row and columns ω (rad/s), Re ε, Im ε.

        Further columns are ignored, so a file with extra data can be read as is. Lines
        starting with ``#`` are comments. A file whose first row is numbers (no header) is
        refused rather than read without its first row.
        """
        path = Path(path)
        table = _read_table(path)
        return cls(
            name=name or path.stem,
            reference=str(path),
            omega=table[:, 0],
            values=table[:, 1] + 1j * table[:, 2],
        )

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


def _read_table(path: Path) -> np.ndarray:
    """The (ω, Re ε, Im ε) columns of a CSV table, shape (rows, 3); ValueError naming the file and line.

    The header is the first line that is not a comment, or, where that is already data, a
    commented line of column names right before it (what numpy.savetxt writes: "# w,re,im").
    """
    if not path.is_file():
        raise ValueError(f"permittivity table {path} does not exist")
    numbered = [(n, line.strip()) for n, line in enumerate(path.read_text().splitlines(), start=1) if line.strip()]
    data = [(n, line) for n, line in numbered if not line.startswith("#")]
    if not data:
        raise ValueError(f"{path}: empty (a header row and rows of ω (rad/s), Re ε, Im ε are needed)")
    if is_number(data[0][1].split(",")[0]):
        before = [line for n, line in numbered if n < data[0][0]]
        names = before[-1].lstrip("#").split(",") if before else []
        if len(names) < 3 or any(is_number(name) for name in names):
            raise ValueError(f"{path}: the first row {data[0][1]!r} is data, not a header: start the file with a "
                             "header row such as 'omega_rad_s,eps_real,eps_imag'")
    else:
        data = data[1:]
    rows = []
    for number, line in data:
        fields = line.split(",")
        if len(fields) < 3:
            raise ValueError(f"{path}, line {number}: {len(fields)} column(s); ω (rad/s), Re ε and Im ε are needed")
        try:
            rows.append([float(field) for field in fields[:3]])
        except ValueError:
            raise ValueError(f"{path}, line {number}: {line!r} does not start with three numbers ω (rad/s), Re ε, "
                             "Im ε") from None
    if not rows:
        raise ValueError(f"{path}: a header but no data rows")
    return np.array(rows)
