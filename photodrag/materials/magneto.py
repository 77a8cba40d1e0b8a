"""Magneto-optical (gyrotropic) semiconductor: polar phonon plus magnetised free carriers.

For B along +z, in the physical convention (conduction electrons of charge −e,
time dependence exp(−iωt)), docs/theory.md gives

    ε = [[ε1, +iε2, 0], [−iε2, ε1, 0], [0, 0, ε3]]

    ε1 = ε∞ (1 + (ω_L² − ω_T²)/(ω_T² − ω² − iΓω) + ω_p² (ω + iγ)/(ω [ω_c² − (ω + iγ)²]))
    ε2 = ε∞ ω_p² ω_c / (ω [(ω + iγ)² − ω_c²])
    ε3 = ε∞ (1 + (ω_L² − ω_T²)/(ω_T² − ω² − iΓω) − ω_p² / (ω (ω + iγ)))

with ω_p² = n e² / (m* ε0 ε∞) and ω_c = e|B|/m*. The cyclotron resonance then belongs
to the counter-clockwise polarisation (1, i, 0), as the electron's equation of motion
requires. The paper (its eq. 15) writes [[ε1, −iε2], [iε2, ε1]]: that is this tensor
at −B. Here B is always the physical field.

For a field along any unit vector b̂ the tensor is written without choosing axes:
ε = ε1 (1 − b̂b̂) + ε3 b̂b̂ − iε2 [b̂]×, where [b̂]× v = b̂ × v; for b̂ = ẑ this is the
matrix above.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import constants

from .base import Material, check_rates


def cross_matrix(b: np.ndarray) -> np.ndarray:
    """The matrix [b]× with [b]× v = b × v, shape (3, 3)."""
    return np.array([[0.0, -b[2], b[1]], [b[2], 0.0, -b[0]], [-b[1], b[0], 0.0]])


@dataclass(frozen=True, kw_only=True)
class MagnetoOptical(Material):
    """Polar semiconductor with magnetised free electrons (InSb-like).

    Parameters (SI): eps_inf; omega_L, omega_T, Gamma (phonon, rad/s); gamma (carrier
    damping, rad/s); carrier_density (m⁻³); effective_mass (kg).
    """

    name: str = "MagnetoOptical"
    eps_inf: float
    omega_L: float
    omega_T: float
    Gamma: float
    gamma: float
    carrier_density: float
    effective_mass: float

    def __post_init__(self):
        super().__post_init__()
        check_rates(self.name, Gamma=self.Gamma, gamma=self.gamma)
        if not (np.isfinite(self.carrier_density) and self.carrier_density >= 0):
            raise ValueError(f"material {self.name!r}: carrier_density must be ≥ 0 (m⁻³), got {self.carrier_density!r}")
        if not (np.isfinite(self.effective_mass) and self.effective_mass > 0):
            raise ValueError(f"material {self.name!r}: effective_mass must be > 0 (kg), got {self.effective_mass!r}")

    @property
    def magneto_optical(self) -> bool:
        return True

    @property
    def omega_p(self) -> float:
        """Screened plasma frequency of the free carriers (rad/s)."""
        return np.sqrt(
            self.carrier_density * constants.e**2 / (self.effective_mass * constants.epsilon_0 * self.eps_inf)
        )

    def cyclotron_frequency(self, B_magnitude: float) -> float:
        """ω_c = e|B|/m* in rad/s for a field magnitude in tesla."""
        return constants.e * abs(B_magnitude) / self.effective_mass

    def components(self, omega: np.ndarray, B_magnitude: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ε1, ε2, ε3), each of shape (n_omega,), for |B| in tesla."""
        omega = np.asarray(omega, dtype=float)
        wc = self.cyclotron_frequency(B_magnitude)
        wp2 = self.omega_p**2
        phonon = (self.omega_L**2 - self.omega_T**2) / (self.omega_T**2 - omega**2 - 1j * self.Gamma * omega)
        damped = omega + 1j * self.gamma
        eps1 = self.eps_inf * (1 + phonon + wp2 * damped / (omega * (wc**2 - damped**2)))
        eps2 = self.eps_inf * wp2 * wc / (omega * (damped**2 - wc**2))
        eps3 = self.eps_inf * (1 + phonon - wp2 / (omega * damped))
        return eps1, eps2, eps3

    def _epsilon(self, omega, B):
        magnitude = float(np.linalg.norm(B))
        b = B / magnitude if magnitude > 0 else np.array([0.0, 0.0, 1.0])
        eps1, eps2, eps3 = self.components(omega, magnitude)
        along = np.outer(b, b)
        return (
            eps1[:, None, None] * (np.eye(3) - along)
            + eps3[:, None, None] * along
            - 1j * eps2[:, None, None] * cross_matrix(b)
        )
