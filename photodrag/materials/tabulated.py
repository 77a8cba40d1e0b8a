"""A permittivity given as a table of (ω, Re ε, Im ε), linearly interpolated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .base import Material, isotropic


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
        omega = np.asarray(self.omega, dtype=float)
        values = np.asarray(self.values, dtype=complex)
        if omega.ndim != 1 or omega.shape != values.shape or omega.size < 2:
            raise ValueError("a tabulated permittivity needs matching 1-D arrays of at least two ω and ε values")
        if not (np.all(np.isfinite(omega)) and np.all(np.isfinite(values))):
            raise ValueError(f"tabulated permittivity {self.name!r} contains NaN or infinity")
        if np.any(np.diff(omega) <= 0) or omega[0] <= 0:
            raise ValueError(f"tabulated permittivity {self.name!r}: ω must be positive and strictly increasing")
        object.__setattr__(self, "omega", omega)
        object.__setattr__(self, "values", values)

    @property
    def valid_range(self) -> tuple[float, float]:
        return (float(self.omega[0]), float(self.omega[-1]))

    @classmethod
    def from_csv(cls, path, name: str | None = None) -> "Tabulated":
        """Read a CSV file with one header row and columns ω (rad/s), Re ε, Im ε.

        Further columns are ignored, so a file with extra data can be read as is.
        """
        path = Path(path)
        table = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1, 2), ndmin=2)
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
