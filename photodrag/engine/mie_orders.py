"""Mie coefficients a_l, b_l of an isotropic sphere to any order, stable for lossy metals.

Conventions (docs/theory.md, "Exact multipoles"): exp(−iωt), Im ε > 0 is loss, m = √ε with
Im m ≥ 0, x = kR; Bohren & Huffman, *Absorption and Scattering of Light by Small Particles*
(1983), eqs. 4.88 with ψ_l(x) = x j_l(x), χ_l(x) = −x y_l(x) (their ξ_l = ψ_l − iχ_l = x h_l):

    a_l = A_l / (A_l + i B_l),   A_l = (D_l(mx)/m + l/x) ψ_l − ψ_{l−1},   B_l = −[(D_l(mx)/m + l/x) χ_l − χ_{l−1}],
    b_l = A_l / (A_l + i B_l),   with m D_l(mx) in place of D_l(mx)/m,

D_l = ψ_l'/ψ_l. B_l/A_l is real for a lossless sphere. The multipole polarizabilities
α_l = 6πi a_l/k³ (electric), 6πi b_l/k³ (magnetic), whose inverses are (k³/6π)(B_l/A_l − i),
make the many-body problem of photodrag.engine.tmatrix; at l = 1 they are photodrag.engine.mie's α_E, α_H.

Numerics. D_l(mx) comes from the downward recurrence of u_l(z) = (l+1)/z − D_l(z),
u_{l−1} = 1/((2l+1)/z − u_l), started 16 + 8|mx|^(1/3) orders above max(L, |mx|) (after Wiscombe 1980): stable for
|Im mx| in the hundreds and free of the cancellation of the two (l+1)/z terms in D_l(mx) − D_l(x)
as x → 0. Where x < l + 1 (ψ_l has no zero there) A_l is written ψ_l [(l+1)(1/m² − 1)/x + u_l(x)
− u_l(mx)/m] (electric) and ψ_l [u_l(x) − m u_l(mx)] (magnetic), which keeps only the physical
cancellation ε − 1 where the textbook form loses (x/l)² of its digits (8 digits of b_1 at x = 1e-4).
Everything is returned scaled by the modes' ρ_l (photodrag.engine.spherical_waves.log_mode_scale):
ρ_l² B_l/A_l stays of order one where B_l/A_l itself reaches 1e160 (l = 30, x = 0.06).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from .spherical_waves import radial_terms, log_mode_scale

#: Terms of the power series of j_l(x)(2l+1)!!/x^l below x = 1 (the ratio of terms is ≤ 1/6 and falls).
SERIES_TERMS = 12

#: Orders added above max(L, |mx|) before the downward recurrence of u_l starts, plus
#: TURNING_ORDERS·|mx|^(1/3): a wrong start decays by exp(−2∫ arccosh(l/|z|) dl) on the way down, only
#: ≈ exp(−0.94 t^1.5 / |z|^0.5) over the t orders above l = |z| for a nearly real z, so Wiscombe's
#: +16 alone leaves 5e-8 at |mx| = 52; these orders leave below 1e-16.
EXTRA_ORDERS = 16
TURNING_ORDERS = 8


def log_derivative_complement(order: int, z: np.ndarray) -> np.ndarray:
    """u_l(z) = (l+1)/z − D_l(z), l = 1 … L, shape z.shape + (L,); z real or complex, nonzero."""
    z = np.asarray(z)
    size = float(np.abs(z).max(initial=0.0))
    start = int(max(order, size) + EXTRA_ORDERS + TURNING_ORDERS * size ** (1 / 3))
    u = z / (2 * start + 3)                                            # u_l ≈ z/(2l+3) for l ≫ |z|
    out = np.empty(z.shape + (order,), dtype=np.result_type(z, float))
    for l in range(start, 0, -1):  # downward over orders, batched over every z
        if l <= order:
            out[..., l - 1] = u
        u = 1 / ((2 * l + 1) / z - u)
    return out


def _scaled_riccati(order: int, x: np.ndarray, log_scale: np.ndarray):
    """(ψ_l/ρ_l, ψ_{l−1}/ρ_l, ρ_l χ_l, ρ_l χ_{l−1}) for l = 1 … L, each x.shape + (L,); x > 0 real.

    Below x = 1, j_l is its power series times x^l/(2l+1)!! and y_l the mantissa and exponent of
    photodrag.engine.spherical_waves.radial_terms, so that nothing over- or underflows before ρ is applied.
    """
    x = np.asarray(x, dtype=float)
    l = np.arange(order + 1)
    small = (x < 1)[..., None]
    xs = np.where(x < 1, x, 1.0)[..., None]
    term = np.ones(xs.shape[:-1] + (order + 1,))
    series = term.copy()
    for k in range(1, SERIES_TERMS):  # j_l(x)(2l+1)!!/x^l = Σ_k (−x²/2)^k / (k! (2l+3)(2l+5)…(2l+2k+1))
        term = term * (-xs * xs / 2) / (k * (2 * l + 2 * k + 1))
        series += term
    log_double_factorial = special.gammaln(2 * l + 2) - l * np.log(2) - special.gammaln(l + 1)   # ln (2l+1)!!
    j_exponent = np.where(small, l * np.log(xs) - log_double_factorial, 0.0)
    j_mantissa = np.where(small, series, special.spherical_jn(l, np.where(x < 1, 1.0, x)[..., None]))
    _, y_mantissa, y_exponent = radial_terms(order, x)
    y_mantissa, y_exponent = y_mantissa[..., : order + 1], y_exponent[..., : order + 1]
    x = x[..., None]

    def psi(shift):   # ψ_{l−shift}/ρ_l
        return x * j_mantissa[..., 1 - shift:order + 1 - shift] * np.exp(j_exponent[..., 1 - shift:order + 1 - shift] - log_scale)

    def chi(shift):   # ρ_l χ_{l−shift}
        return -x * y_mantissa[..., 1 - shift:order + 1 - shift] * np.exp(y_exponent[..., 1 - shift:order + 1 - shift] + log_scale)

    return psi(0), psi(1), chi(0), chi(1)


def scaled_ratios(eps, x, order: int):
    """ρ_l² B_l/A_l for the electric (a_l) and magnetic (b_l) multipoles, and ln ρ_l.

    eps: complex relative permittivity; x = kR > 0; broadcast together. Returns (electric,
    magnetic, log_scale), each eps.shape + (L,): complex, complex, real. The inverse
    polarizability of mode (l, kind) in the scaled problem is ρ_l²(B_l/A_l − i).
    Raises ValueError where ε = 1 (a sphere indistinguishable from vacuum scatters nothing).
    """
    eps, x = np.broadcast_arrays(np.asarray(eps, dtype=complex), np.asarray(x, dtype=float))
    if np.any(eps == 1):
        raise ValueError("ε = 1: a particle indistinguishable from vacuum does not polarise")
    log_scale = log_mode_scale(order, x)
    m = np.sqrt(eps)[..., None]                       # principal root: Im m ≥ 0 when Im ε ≥ 0
    l = np.arange(1, order + 1)
    xl = x[..., None]
    u_inside = log_derivative_complement(order, np.sqrt(eps) * x)
    u_outside = log_derivative_complement(order, x)
    d_inside = (l + 1) / (m * xl) - u_inside                                   # D_l(mx)
    psi, psi_below, chi, chi_below = _scaled_riccati(order, x, log_scale)
    near = xl < l + 1
    ratios = []
    for factor, cancellation_free in ((1 / m, (l + 1) * (1 / m**2 - 1) / xl + u_outside - u_inside / m),
                                      (m, u_outside - m * u_inside)):
        bracket = factor * d_inside + l / xl                   # D_l(mx)/m + l/x, or m D_l(mx) + l/x
        A = np.where(near, psi * cancellation_free, bracket * psi - psi_below)     # A_l/ρ_l
        B = -(bracket * chi - chi_below)                                          # ρ_l B_l
        ratios.append(B / A)
    return ratios[0], ratios[1], log_scale


def coefficients(eps, x, order: int):
    """(a_l, b_l) for l = 1 … L, each eps.shape + (L,), dimensionless (exp(−iωt) convention).

    a_l = ρ_l²/(ρ_l² + i ρ_l² B_l/A_l): a coefficient below the smallest float is zero, never NaN.
    """
    electric, magnetic, log_scale = scaled_ratios(eps, x, order)
    scale = np.exp(2 * log_scale)
    return scale / (scale + 1j * electric), scale / (scale + 1j * magnetic)
