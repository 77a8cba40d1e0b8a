"""Dipolar Mie coefficients a1, b1 of an isotropic sphere, and the polarizabilities they give.

Conventions (docs/theory.md, docs/magnetic-dipoles.md): time dependence exp(−iωt), so an
absorbing sphere has Im ε > 0 and the relative index is m = √ε with Im m ≥ 0; size parameter
x = kR with k = ω/c; coefficients as in Bohren & Huffman, *Absorption and Scattering of Light
by Small Particles* (1983), eq. 4.53 (ξ1 = ψ1 + iχ1, χ1 = x y1). The polarizabilities, in m³,

    α_E = 6πi a1 / k³    (p = ε0 α_E E),
    α_H = 6πi b1 / k³    (m = α_H H),

reduce to the Clausius–Mossotti α0 = 4πR³ (ε − 1)/(ε + 2) and to
α_H0 = (2π/15) R³ (kR)² (ε − 1) as kR → 0, radiative correction included.

Every coefficient is written as a = A/(A + iB), so that

    α⁻¹ = (k³/6π) B/A − i k³/(6π),

the bare inverse α0⁻¹ = (k³/6π) B/A followed by the radiation reaction of a point dipole:
exactly the form of photodrag.engine.polarizability, so the many-body kernel takes Mie spheres as it
takes quasi-static ones. B/A is real for a lossless sphere, so the dissipation kernel
ξ = −Im α0⁻¹ = −(k³/6π) Im(B/A) vanishes there without any subtraction.

Numerics: ψ1(mx)'s logarithmic derivative D1 = ψ1'/ψ1 is formed from f(z) = 1/z − cot z,
D1(z) = 1/f(z) − 1/z, which stays finite where ψ1 itself over- or underflows (a metal's
|Im mx| of hundreds). The small-x limit of b1 is of order x⁵ while its numerator's two
terms are of order x; there the numerator is rewritten as ψ1(x)[h(mx) − m h(x)]/(f(x) f(mx))
with h(z) = f(z) − z/3 = z³/45 + …, which has no cancellation left but the physical one, ε − 1.
Stable from kR = 1e-4 to about 5 and for |m kR| up to the hundreds (tests/unit/test_mie.py).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .green import j1_over_x_series

#: Below this |z| the functions f and h come from their Taylor series (the closed form loses
#: up to two digits to cancellation there); the series converges for |z| < π.
SERIES_RADIUS = 1.0


def _bernoulli(count: int) -> list[Fraction]:
    """B_0 … B_count exactly, from Σ_{j≤n} C(n+1, j) B_j = 0 (scipy's floats are off by 1e-12)."""
    numbers = [Fraction(1)]
    for n in range(1, count + 1):
        numbers.append(-sum(math.comb(n + 1, j) * numbers[j] for j in range(n)) / (n + 1))
    return numbers


#: Taylor coefficients of f(z) = 1/z − cot z = Σ_n c_n z^(2n−1), c_n = 2^(2n) |B_2n| / (2n)!,
#: n = 1…24: the last term is below 1e-23 at |z| = 1.
_F_SERIES = np.array([float(2 ** (2 * n) * abs(b) / math.factorial(2 * n))
                      for n, b in zip(range(1, 25), _bernoulli(48)[2::2])])


def _series(z2, coefficients):
    """Σ_n coefficients[n] (z²)^n by Horner's rule; z2 any array."""
    total = np.full_like(z2, coefficients[-1])
    for c in coefficients[-2::-1]:
        total *= z2
        total += c
    return total


def _f_and_h(z):
    """f(z) = 1/z − cot z and h(z) = f(z) − z/3, for real or complex z ≠ 0 (any shape)."""
    z = np.asarray(z)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = 1 / z - 1 / np.tan(z)  # complex tan → ±i for large |Im z|: no overflow
    small = np.abs(z) < SERIES_RADIUS
    if np.any(small):
        zs = z[small]
        h_small = zs**3 * _series(zs * zs, _F_SERIES[1:])  # c_2 z³ + c_3 z⁵ + …
        f = np.where(small, 0, f)
        f[small] = zs / 3 + h_small
    h = f - z / 3
    if np.any(small):
        h[small] = h_small
    return f, h


def _riccati_bessel(x):
    """ψ1(x) = x j1(x), ψ1'(x), χ1(x) = x y1(x), χ1'(x) for real x > 0 (any shape)."""
    x = np.asarray(x, dtype=float)
    sin, cos = np.sin(x), np.cos(x)
    small = x < SERIES_RADIUS
    with np.errstate(invalid="ignore"):
        psi = sin / x - cos
    if np.any(small):  # ψ1 = x²/3 − x⁴/30 + …, which the closed form cancels to: x² (j1/x) from its series
        xs = x[small]
        psi[small] = xs**2 * j1_over_x_series(xs)
    psi_prime = sin - psi / x
    chi = -cos / x - sin
    chi_prime = sin / x + cos / x**2 - cos
    return psi, psi_prime, chi, chi_prime


def _coefficient_parts(eps, x):
    """(A_a, B_a, A_b, B_b) with a1 = A_a/(A_a + i B_a), b1 = A_b/(A_b + i B_b).

    eps: complex relative permittivity, x = kR > 0, broadcast together.
    """
    eps, x = np.broadcast_arrays(np.asarray(eps, dtype=complex), np.asarray(x, dtype=float))
    m = np.sqrt(eps)  # principal root: Im m ≥ 0 when Im ε ≥ 0
    y = m * x
    psi, psi_prime, chi, chi_prime = _riccati_bessel(x)
    f_x, h_x = _f_and_h(x)
    f_y, h_y = _f_and_h(y)
    d_y = 1 / f_y - 1 / y                                 # D1(mx) = ψ1'(mx)/ψ1(mx)
    small = x < SERIES_RADIUS
    # For small x, ψ1'(x) = ψ1(x) D1(x) with D1(x) = 1/f(x) − 1/x (f(x) has no zero below π).
    d_x = np.where(small, 1 / np.where(small, f_x, 1.0) - 1 / x, 0.0)
    A_a = np.where(small, psi * (m * d_x - d_y), m * psi_prime - psi * d_y)
    B_a = m * chi_prime - chi * d_y
    # D1(x) − m D1(mx) = (h(mx) − m h(x)) / (f(x) f(mx)): the x/3 terms cancel analytically.
    A_b = np.where(small, psi * (h_y - m * h_x) / (f_x * f_y), psi_prime - m * psi * d_y)
    B_b = chi_prime - m * chi * d_y
    return A_a, B_a, A_b, B_b


def coefficients(eps, x):
    """The dipolar Mie coefficients (a1, b1), dimensionless, exp(−iωt) convention.

    eps: relative permittivity (complex, Im ε ≥ 0 for loss); x = kR, size parameter (> 0);
    any shapes that broadcast. Bohren & Huffman eq. 4.53 with the index m = √ε.
    """
    A_a, B_a, A_b, B_b = _coefficient_parts(eps, x)
    return A_a / (A_a + 1j * B_a), A_b / (A_b + 1j * B_b)


def inverse_bare_polarizabilities(eps, radius, k):
    """(α0_E⁻¹, α0_H⁻¹) in m⁻³: the exact dipolar Mie spheres without their radiation reaction.

    α_E⁻¹ = α0_E⁻¹ − i k³/(6π) and α_H⁻¹ = α0_H⁻¹ − i k³/(6π) give α_E = 6πi a1/k³ and
    α_H = 6πi b1/k³ exactly. eps: (n, ...) complex; radius: m, broadcast against eps;
    k: (n,) rad/m along eps's leading axis. Raises ValueError where ε = 1 (no sphere to polarise).
    """
    eps = np.asarray(eps, dtype=complex)
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * (eps.ndim - 1))
    A_a, B_a, A_b, B_b = _coefficient_parts(eps, k * np.asarray(radius, dtype=float))
    if np.any(A_a == 0) or np.any(A_b == 0):
        raise ValueError("ε = 1: a particle indistinguishable from vacuum does not polarise")
    scale = k**3 / (6 * np.pi)
    return scale * B_a / A_a, scale * B_b / A_b


def polarizabilities(eps, radius, k):
    """(α_E, α_H) = (6πi a1/k³, 6πi b1/k³) in m³; shapes as :func:`inverse_bare_polarizabilities`."""
    inverse_e, inverse_h = inverse_bare_polarizabilities(eps, radius, k)
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * (np.ndim(inverse_e) - 1))
    reaction = 1j * k**3 / (6 * np.pi)
    return 1 / (inverse_e - reaction), 1 / (inverse_h - reaction)


def quasistatic_magnetic(eps, radius, k):
    """The quasi-static magnetic polarizability α_H0 of a sphere in m³ (no radiation reaction).

    α_H0 = 6πR³ h(y)/y − (2π/15) R³ (kR)²,   y = √ε kR,   h(y) = 1/y − cot y − y/3:

    the leading term of 6πi b1/k³ as kR → 0 at fixed y, i.e. the field outside quasi-static
    and the eddy currents inside with their skin effect. For |y| ≪ 1 it is
    (2π/15) R³ (kR)² (ε − 1), the lowest order of b1 at fixed ε; for |ε| ≫ 1 it is the
    eddy-current polarizability of a conducting sphere, −2πR³ [1 − 3/y² + 3 cot(y)/y]
    (Landau & Lifshitz, *Electrodynamics of Continuous Media*, §59). Valid for kR ≪ 1 at any
    skin depth. eps: (n, ...) complex; radius: m; k: (n,) rad/m along eps's leading axis.
    """
    eps = np.asarray(eps, dtype=complex)
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * (eps.ndim - 1))
    radius = np.asarray(radius, dtype=float)
    x = k * radius
    y = np.sqrt(eps) * x
    _, h = _f_and_h(y)
    return 6 * np.pi * radius**3 * h / y - 2 * np.pi / 15 * radius**3 * x**2
