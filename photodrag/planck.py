"""Planck's mean oscillator energy Θ(ω, T) = ħω / (e^{ħω/k_BT} − 1) and ∂Θ/∂T.

Both are written with e^{−x}, x = ħω/(k_B T), so that neither overflows nor warns
for any ω > 0 and T > 0: Θ = ħω e^{−x} / (1 − e^{−x}), ∂Θ/∂T = k_B x² e^{−x} / (1 − e^{−x})².
Units: ω rad/s, T K; Θ in J, ∂Θ/∂T in J/K. Inputs broadcast against each other.

:func:`thermal_window` is where Θ carries the heat at temperatures T_min..T_max: the one
definition of the range the adaptive grids integrate over (photodrag.grid) and the range a
config's ω grid must reach into (photodrag.study.ranges).
"""

from __future__ import annotations

import numpy as np
from scipy import constants


def _reduced(omega, T):
    omega = np.asarray(omega, dtype=float)
    T = np.asarray(T, dtype=float)
    if np.any(T <= 0) or not np.all(np.isfinite(T)):
        raise ValueError("temperatures must be finite and positive (K)")
    return omega, constants.hbar * omega / (constants.k * T)


def theta(omega, T) -> np.ndarray:
    """Θ(ω, T) in J."""
    omega, x = _reduced(omega, T)
    decay = np.exp(-x)
    return constants.hbar * omega * decay / -np.expm1(-x)


def dtheta_dT(omega, T) -> np.ndarray:
    """∂Θ/∂T(ω, T) in J/K."""
    _, x = _reduced(omega, T)
    decay = np.exp(-x)
    # the ratio x / (1 − e^{−x}) is taken first so that tiny x never forms 0/0
    return constants.k * (x / np.expm1(-x)) ** 2 * decay


#: The thermal window in units of k_B T/ħ: from X_LOW at the lowest temperature to X_HIGH at the highest
#: (at x = 40, Θ is 4e-16 of k_B T; below x = 1e-3 a grid holds a negligible share of the spectrum).
X_LOW, X_HIGH = 1e-3, 40.0


def thermal_window(T_min: float, T_max: float) -> tuple[float, float]:
    """[X_LOW k_B T_min/ħ, X_HIGH k_B T_max/ħ] in rad/s: where Θ(ω, T) carries the heat for T in [T_min, T_max] K."""
    return X_LOW * constants.k * T_min / constants.hbar, X_HIGH * constants.k * T_max / constants.hbar
