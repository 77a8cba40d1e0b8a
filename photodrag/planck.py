"""Planck's mean oscillator energy Θ(ω, T) = ħω / (e^{ħω/k_BT} − 1) and ∂Θ/∂T.

Both are written with e^{−x}, x = ħω/(k_B T), so that neither overflows nor warns
for any ω > 0 and T > 0: Θ = ħω e^{−x} / (1 − e^{−x}), ∂Θ/∂T = k_B x² e^{−x} / (1 − e^{−x})².
Units: ω rad/s, T K; Θ in J, ∂Θ/∂T in J/K. Inputs broadcast against each other.
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
