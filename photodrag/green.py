"""Free-space dyadic Green tensor of the electric field (physics.md).

E(r) = (k²/ε0) G0(r − r') p, time dependence exp(−iωt), k = ω/c:

    G0(r) = e^{ikr}/(4πr) [ (1 + i/(kr) − 1/(kr)²) 1 + (−1 − 3i/(kr) + 3/(kr)²) r̂r̂ ]

G0 is symmetric and even in r; the Green tensor of a vacuum is reciprocal, and all
non-reciprocity comes from the particles. Its imaginary part, which carries the
coupling to the far field (the bath), is evaluated with spherical Bessel functions,

    Im G0(r) = k/(4π) [ (j0 − j1/x) 1 + (3 j1/x − j0) r̂r̂ ],   x = kr,

which is free of the cancellation of the 1/x³ terms at kr ≪ 1 and tends to k/(6π) 1
as r → 0 (the diagonal blocks of physics.md's ImG_full).
"""

from __future__ import annotations

import numpy as np
from scipy.special import spherical_jn


def _split(separation: np.ndarray):
    """Distances (...,) and outer products r̂r̂ (..., 3, 3) of separation vectors (..., 3)."""
    separation = np.asarray(separation, dtype=float)
    distance = np.linalg.norm(separation, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = separation / distance[..., None]
    return distance, unit[..., :, None] * unit[..., None, :]


def green_coefficients(k: np.ndarray, distance: np.ndarray):
    """Scalars (a, b) with G0 = a 1 + b r̂r̂, in 1/m.

    k: (n_omega,) rad/m; distance: (...) m. Returns arrays of shape (n_omega, ...).
    """
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * np.ndim(distance))
    x = k * distance
    inv_x = 1 / x
    phase = np.exp(1j * x) / (4 * np.pi * distance)
    a = phase * (1 + 1j * inv_x - inv_x**2)
    b = phase * (-1 - 3j * inv_x + 3 * inv_x**2)
    return a, b


def imag_green_coefficients(k: np.ndarray, distance: np.ndarray):
    """Real scalars (a, b) with Im G0 = a 1 + b r̂r̂, in 1/m; finite at distance 0."""
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * np.ndim(distance))
    x = k * distance
    j0 = spherical_jn(0, x)
    with np.errstate(invalid="ignore", divide="ignore"):
        # scipy's j1 keeps full relative precision down to tiny x; only x = 0 needs its limit
        j1_over_x = np.where(x > 0, spherical_jn(1, x) / x, 1 / 3)
    prefactor = k / (4 * np.pi)
    return prefactor * (j0 - j1_over_x), prefactor * (3 * j1_over_x - j0)


def free_space_green(separation, k) -> np.ndarray:
    """G0(r) for separation vectors r (..., 3) in m and k (n_omega,) rad/m: (n_omega, ..., 3, 3), 1/m."""
    distance, rr = _split(separation)
    if np.any(distance == 0):
        raise ValueError("the free-space Green tensor is singular at zero separation")
    a, b = green_coefficients(k, distance)
    return a[..., None, None] * np.eye(3) + b[..., None, None] * rr


def free_space_green_imag(separation, k) -> np.ndarray:
    """Im G0(r), shape (n_omega, ..., 3, 3) in 1/m; k/(6π) 1 at zero separation."""
    distance, rr = _split(separation)
    rr = np.where(distance[..., None, None] > 0, rr, 0.0)
    a, b = imag_green_coefficients(k, distance)
    return a[..., None, None] * np.eye(3) + b[..., None, None] * rr
