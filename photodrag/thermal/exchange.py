"""The spectra of one system on plain arrays, with the powers and conductances they give.

Conventions (docs/theory.md#conventions): 𝒯 is indexed [omega, emitter, absorber]; the
power absorber i takes from emitter j at T_j is P_{j→i}(T_j) = ∫ dω/2π Θ(ω, T_j) 𝒯_{j→i}(ω),
integrated with the dataset's quadrature weights through
:func:`photodrag.integrate.thermal_weight`, the one implementation of the spectral integral.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ..checks import check_spectra
from ..integrate import quadrature_weights, thermal_weight


@dataclass(frozen=True)
class Exchange:
    """The spectra of one system (no sweep dimensions), on plain arrays.

    Attributes
    ----------
    omega : ndarray, shape (n_omega,)
        Angular frequencies in rad/s.
    weight : ndarray, shape (n_omega,)
        Quadrature weights in rad/s (∫ f dω ≈ Σ weight·f).
    pair : ndarray, shape (n_omega, N, N)
        𝒯_{emitter→absorber}.
    to_bath, from_bath : ndarray, shape (n_omega, N)
        𝒯_{i→b} and 𝒯_{b→i}.
    """

    omega: np.ndarray
    weight: np.ndarray
    pair: np.ndarray
    to_bath: np.ndarray
    from_bath: np.ndarray

    @classmethod
    def from_spectra(cls, spec: xr.Dataset) -> "Exchange":
        check_spectra(spec)
        extra = [d for d in spec["transmission"].dims if d not in ("omega", "emitter", "absorber")]
        if extra:
            raise ValueError(
                f"these spectra are swept along {extra}: select one sweep point first, "
                f"e.g. spec.isel({extra[0]}=0), or loop over the points")
        return cls(
            omega=spec["omega"].values,
            weight=quadrature_weights(spec).values,
            pair=spec["transmission"].transpose("omega", "emitter", "absorber").values,
            to_bath=spec["transmission_to_bath"].transpose("omega", "emitter").values,
            from_bath=spec["transmission_from_bath"].transpose("omega", "absorber").values,
        )

    @property
    def n_particles(self) -> int:
        return self.pair.shape[1]

    def _per_particle(self, T: np.ndarray, derivative: bool) -> np.ndarray:
        """The spectral factor at each particle's temperature T (N,), shape (n_omega, N)."""
        return thermal_weight(self.omega[:, None], self.weight[:, None], np.asarray(T)[None, :], derivative=derivative)

    def _uniform(self, T: float, derivative: bool) -> np.ndarray:
        return thermal_weight(self.omega, self.weight, T, derivative=derivative)

    def emitted(self, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Powers in W at particle temperatures T (N,): P_{e→a}(T_e) (N, N) and P_{i→b}(T_i) (N,)."""
        theta = self._per_particle(T, derivative=False)
        return np.einsum("we,wea->ea", theta, self.pair), np.einsum("we,we->e", theta, self.to_bath)

    def conductances(self, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """G_{e→a}(T_e) (N, N) and G_{i→b}(T_i) (N,) in W/K at particle temperatures T (N,)."""
        slope = self._per_particle(T, derivative=True)
        return np.einsum("we,wea->ea", slope, self.pair), np.einsum("we,we->e", slope, self.to_bath)

    def from_bath_power(self, T_bath: float) -> np.ndarray:
        """P_{b→i}(T_b) in W, shape (N,)."""
        return self._uniform(T_bath, derivative=False) @ self.from_bath

    def from_bath_conductance(self, T_bath: float) -> np.ndarray:
        """G_{b→i}(T_b) in W/K, shape (N,)."""
        return self._uniform(T_bath, derivative=True) @ self.from_bath

    def persistent(self, T: float) -> tuple[np.ndarray, np.ndarray]:
        """Persistent currents at a uniform T, in W (paper eq. 14).

        Returns φ_{e→a} = P_{e→a}(T) − P_{a→e}(T) = ∫ dω/2π Θ [𝒯_{e→a} − 𝒯_{a→e}] (N, N),
        antisymmetric to the last bit, and φ_{i→b} = ∫ dω/2π Θ [𝒯_{i→b} − 𝒯_{b→i}] (N,).
        In a reciprocal system both vanish to round-off; nothing is symmetrised.
        """
        one_way, _ = self.emitted(np.full(self.n_particles, T))
        return one_way - one_way.T, self._uniform(T, derivative=False) @ (self.to_bath - self.from_bath)
