"""Isotropic dispersive models: Drude and Lorentz oscillators (with a Drude term).

ε(ω) = ε∞ + Σ_k Δε_k ω_k² / (ω_k² − ω² − iγ_k ω) − ω_p² / (ω (ω + iγ_p))

with exp(−iωt), so loss is Im ε > 0. All frequencies and rates in rad/s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_real
from .base import Material, check_rates, isotropic


@dataclass(frozen=True)
class Oscillator:
    """One Lorentz term Δε ω0² / (ω0² − ω² − iγω).

    strength: Δε (dimensionless); omega_0, gamma: rad/s.
    """

    strength: float
    omega_0: float
    gamma: float

    def __post_init__(self):
        for name in ("strength", "omega_0", "gamma"):
            check_real(getattr(self, name), f"Oscillator {name}", "a real number")

    def __call__(self, omega: np.ndarray) -> np.ndarray:
        w0sq = self.omega_0**2
        return self.strength * w0sq / (w0sq - omega**2 - 1j * self.gamma * omega)


@dataclass(frozen=True, kw_only=True)
class Drude(Material):
    """Free-carrier model ε = ε∞ − ω_p² / (ω(ω + iγ)); omega_p and gamma in rad/s."""

    name: str = "Drude"
    omega_p: float
    gamma: float
    eps_inf: float = 1.0

    def __post_init__(self):
        super().__post_init__()
        check_rates(self.name, gamma=self.gamma)

    def _epsilon(self, omega, B):
        return isotropic(self.eps_inf - self.omega_p**2 / (omega * (omega + 1j * self.gamma)))


@dataclass(frozen=True, kw_only=True)
class Lorentz(Material):
    """Sum of Lorentz oscillators on ε∞, with an optional Drude term (omega_p = 0: none)."""

    name: str = "Lorentz"
    eps_inf: float
    oscillators: tuple[Oscillator, ...] = ()
    omega_p: float = 0.0
    gamma_p: float = 0.0

    def __post_init__(self):
        super().__post_init__()
        bad = [k for k, o in enumerate(self.oscillators) if not isinstance(o, Oscillator)]
        if bad:
            raise ValueError(f"material {self.name!r}: oscillators[{bad[0]}] must be an Oscillator(strength, omega_0, "
                             f"gamma), got {self.oscillators[bad[0]]!r}")
        check_rates(self.name, gamma_p=self.gamma_p,
                    **{f"oscillators[{k}].gamma": o.gamma for k, o in enumerate(self.oscillators)})
        for k, oscillator in enumerate(self.oscillators):
            if not (np.isfinite(oscillator.strength) and oscillator.strength >= 0):
                raise ValueError(
                    f"material {self.name!r}: oscillators[{k}].strength must be ≥ 0, got {oscillator.strength!r} "
                    "(a negative strength is gain; with from_lo_to it means omega_L < omega_T)")

    @classmethod
    def from_lo_to(cls, *, eps_inf, omega_L, omega_T, gamma, **kwargs) -> "Lorentz":
        """The polar-crystal form ε∞ (ω² − ω_L² + iγω) / (ω² − ω_T² + iγω).

        It equals ε∞ + Δε ω_T²/(ω_T² − ω² − iγω) with Δε = ε∞ (ω_L² − ω_T²)/ω_T²
        (Lyddane–Sachs–Teller), which is how it is stored.
        """
        where = f"material {kwargs.get('name', cls.name)!r}: "
        eps_inf, omega_L, omega_T = (check_real(value, where + key, "a real number") for key, value in
                                     (("eps_inf", eps_inf), ("omega_L", omega_L), ("omega_T", omega_T)))
        strength = eps_inf * (omega_L**2 - omega_T**2) / omega_T**2
        return cls(eps_inf=eps_inf, oscillators=(Oscillator(strength, omega_T, gamma),), **kwargs)

    def _epsilon(self, omega, B):
        eps = np.full(omega.shape, self.eps_inf, dtype=complex)
        for oscillator in self.oscillators:  # a handful of terms, not a hot loop
            eps += oscillator(omega)
        if self.omega_p:
            eps -= self.omega_p**2 / (omega * (omega + 1j * self.gamma_p))
        return isotropic(eps)
