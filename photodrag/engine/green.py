"""Free-space dyadic Green tensor of the electric field (docs/theory.md).

E(r) = (k²/ε0) G0(r − r') p, time dependence exp(−iωt), k = ω/c:

    G0(r) = e^{ikr}/(4πr) [ (1 + i/(kr) − 1/(kr)²) 1 + (−1 − 3i/(kr) + 3/(kr)²) r̂r̂ ]

G0 is symmetric and even in r; the Green tensor of a vacuum is reciprocal, and all
non-reciprocity comes from the particles. Its imaginary part, which carries the
coupling to the far field (the bath), is evaluated with spherical Bessel functions,

    Im G0(r) = k/(4π) [ (j0 − j1/x) 1 + (3 j1/x − j0) r̂r̂ ],   x = kr,

which is free of the cancellation of the 1/x³ terms at kr ≪ 1 and tends to k/(6π) 1
as r → 0 (the diagonal blocks of docs/theory.md's ImG_full).

Magnetic dipoles (docs/magnetic-dipoles.md). With fields (E, Z0 H) and dipoles (p/ε0, Z0 m),
a magnetic dipole radiates Z0 H = k² G0 Z0 m (the same tensor), and the two kinds couple
through the electric–magnetic Green tensor

    G_EM(r) = e^{ikr}/(4πr) (1 + i/(kr)) [r̂]×,   [r̂]× v = r̂ × v,

Z0 H = k² G_EM p/ε0 for an electric dipole and E = −k² G_EM Z0 m for a magnetic one
(Jackson, Classical Electrodynamics, 3rd ed., §§ 9.2–9.3). G_EM is odd in r and
antisymmetric. Re[e^{ix}(1 + i/x)/(4πr)] = −k j1(x)/(4π), which vanishes at r → 0.
"""

from __future__ import annotations

import math

import numpy as np


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
    return green_terms(k, distance)


def green_terms(k: np.ndarray, distance: np.ndarray):
    """(a, b) of :func:`green_coefficients` for k and distance that broadcast as they are.

    Written in real arithmetic (cos and sin of x = kr, one reciprocal): complex exp and
    complex division cost several times more on the N² pairs of every frequency.
    """
    x = k * distance
    scale = np.broadcast_to(1 / (4 * np.pi * distance), x.shape)
    cos = np.cos(x)
    cos *= scale
    sin = np.sin(x, out=x)  # x is not needed again: reuse its memory (every temporary costs page faults at large N)
    sin *= scale
    inv_x = np.divide(1.0, k * distance)
    # a = e^{ix}/(4πr) (1 − 1/x² + i/x), b = e^{ix}/(4πr) (−1 + 3/x² − 3i/x)
    u = np.multiply(inv_x, inv_x)
    u -= 1                       # −(1 − 1/x²)
    a = np.empty(x.shape, dtype=complex)
    b = np.empty(x.shape, dtype=complex)
    work = np.multiply(sin, inv_x)
    np.multiply(cos, u, out=a.real)
    a.real += work
    np.negative(a.real, out=a.real)
    b.real[...] = work
    b.real *= 3
    np.multiply(cos, inv_x, out=work)
    np.multiply(sin, u, out=a.imag)
    np.subtract(work, a.imag, out=a.imag)
    np.multiply(work, -3, out=b.imag)
    u *= 3
    u += 2                       # −1 + 3/x²
    np.multiply(cos, u, out=work)
    b.real += work
    np.multiply(sin, u, out=work)
    b.imag += work
    return a, b


#: Taylor coefficients of j1(x)/x in x² (used for x < 1): (−1)^m / (2^m m! (2m + 3)!!).
_J1_OVER_X_SERIES = np.array([(-1) ** m / (2**m * math.factorial(m) * math.prod(range(1, 2 * m + 4, 2)))
                              for m in range(10)])


def j1_over_x_series(x: np.ndarray) -> np.ndarray:
    """j1(x)/x from its Taylor series in x² (Horner, ten terms): exact to rounding for x < 1."""
    x2 = x * x
    series = np.full_like(x2, _J1_OVER_X_SERIES[-1])
    for c in _J1_OVER_X_SERIES[-2::-1]:
        series *= x2
        series += c
    return series


def imag_green_coefficients(k: np.ndarray, distance: np.ndarray):
    """Real scalars (a, b) with Im G0 = a 1 + b r̂r̂, in 1/m; finite at distance 0.

    k: (n_omega,) rad/m; distance: (...) m. Returns arrays of shape (n_omega, ...).
    """
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * np.ndim(distance))
    return imag_green_terms(k, k * distance)


def imag_green_terms(k: np.ndarray, x: np.ndarray):
    """(a, b) of :func:`imag_green_coefficients` from k (rad/m) and x = kr, broadcasting as given.

    j0 = sin x/x and j1/x = (sin x/x − cos x)/x² are written out (a few times faster than
    scipy's spherical_jn on N² arguments); where x < 1, j1/x comes from its Taylor series,
    so that no cancellation is ever taken.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        j0 = np.sin(x) / x
        j1_over_x = (j0 - np.cos(x)) / (x * x)
    small = x < 1
    if small.all():  # a cluster smaller than a wavelength: no masked copies
        j1_over_x = j1_over_x_series(x)
        j0[x == 0] = 1.0
    elif small.any():
        j1_over_x[small] = j1_over_x_series(x[small])
        j0[x == 0] = 1.0
    prefactor = k / (4 * np.pi)
    a = j0 - j1_over_x
    a *= prefactor
    j1_over_x *= 3
    j1_over_x -= j0
    j1_over_x *= prefactor
    return a, j1_over_x


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


def cross_green_terms(k: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """The scalar c with G_EM = c [r̂]×, c = e^{ikr}/(4πr) (1 + i/(kr)), complex, 1/m.

    k and distance (m) broadcast as they are.
    """
    x = k * distance
    return (np.cos(x) + 1j * np.sin(x)) / (4 * np.pi * distance) * (1 + 1j / x)


def imag_cross_green_terms(k: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Re c of :func:`cross_green_terms` = −k j1(x)/(4π) from k (rad/m) and x = kr, real, 1/m; 0 at x = 0.

    j1(x) = x (j1/x), with the Taylor series of j1/x below x = 1 (no cancellation).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        j1_over_x = (np.sin(x) / x - np.cos(x)) / (x * x)
    small = x < 1
    if np.any(small):
        j1_over_x = np.where(small, j1_over_x_series(np.where(small, x, 0.0)), j1_over_x)
    return -k / (4 * np.pi) * x * j1_over_x


def cross_product_matrix(unit: np.ndarray) -> np.ndarray:
    """[u]× for vectors u (..., 3): the (..., 3, 3) matrix with [u]× v = u × v."""
    out = np.zeros(unit.shape + (3,), dtype=unit.dtype)
    out[..., 0, 1], out[..., 0, 2] = -unit[..., 2], unit[..., 1]
    out[..., 1, 0], out[..., 1, 2] = unit[..., 2], -unit[..., 0]
    out[..., 2, 0], out[..., 2, 1] = -unit[..., 1], unit[..., 0]
    return out


def free_space_green_cross(separation, k) -> np.ndarray:
    """G_EM(r) for separation vectors r (..., 3) in m and k (n_omega,) rad/m: (n_omega, ..., 3, 3), 1/m.

    Z0 H(r) = k² G_EM(r − r') p/ε0 and E(r) = −k² G_EM(r − r') Z0 m.
    """
    distance, _ = _split(separation)
    if np.any(distance == 0):
        raise ValueError("the free-space Green tensor is singular at zero separation")
    unit = np.asarray(separation, dtype=float) / distance[..., None]
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * np.ndim(distance))
    return cross_green_terms(k, distance)[..., None, None] * cross_product_matrix(unit)
