"""Vector spherical waves: the translation coefficients that couple spheres, to any order L.

Conventions (docs/theory.md, "Exact multipoles"). Time dependence exp(−iωt), k = ω/c. With the
orthonormal spherical harmonics Y_lm (Condon–Shortley phase) and X_lm = L Y_lm/√(l(l+1)),
L = −i r × ∇, the waves of degree l and order m are

    M_lm = z_l(kr) X_lm(r̂),   N_lm = ∇ × M_lm / k,

regular with z_l = j_l, outgoing with z_l = h_l = j_l + i y_l. An outgoing wave about sphere j
is a sum of regular waves about sphere i (|r − r_i| < |r_i − r_j|),

    W_q(r − r_j) = Σ_q' A_q'q(r_i − r_j) W_q'(r − r_i),   A = J + i Y,

J the regular-to-regular coefficients (j_p in place of h_p below), real in the basis used
here. Along +z (r_i − r_j = d ẑ) the order m is kept, and for the same kind (M→M, N→N) and
for the other kind (M↔N)

    A^m_l'l(kd) = Σ_p a^m_l'lp h_p(kd),   B^m_l'l(kd) = i Σ_p b^m_l'lp h_p(kd),

with the vector Gaunt coefficients a, b written through Wigner 3j symbols (Tsang, Kong & Shin,
*Theory of Microwave Remote Sensing*, 1985; the formulas of treams.special.tl_vsw_A and
tl_vsw_B, whose normalisation this basis shares, so the coefficients are the same numbers): see
:func:`axial_coefficients`. The 3j symbols come from the Schulten–Gordon three-term recurrence
run from both ends (:func:`wigner_3j_column`), never from factorials: every coefficient to a
few 1e-15 relative up to L = 30, including the exponentially small ones of the sectoral corner
m ≈ l ≈ l' (checked against 250-digit values), and y_p enters scaled so that nothing overflows.
A general direction is the axial coefficients rotated, A(r) = R A_z(|r|) Rᵀ, with Wigner's
D^l(φ, θ, 0) from d^l(θ) = exp(−iθ J_y) by one eigendecomposition of J_y per l.

Real basis. Each degree is written in the real spherical harmonics (μ > 0: cos μφ, μ < 0:
sin |μ|φ; the standard transform U, coefficients c_real = conj(U) c), in which J and Y are
real and R is a real rotation. At l = 1 the basis is Cartesian: μ = 1, −1, 0 are x, y, z.

Layout of one sphere's modes (2L(L+2) of them): kind (0 electric, the N waves; 1 magnetic, the
M waves), then l = 1 … L, then μ = −l … l: index kind·L(L+2) + l(l+1) − 1 + μ.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy import special

#: The two kinds of multipole, in the order of the modes of a sphere.
KINDS = ("electric", "magnetic")

#: Cap on the exponent of a scaled y_p term. Where a coefficient is allowed (p ≤ l + l') the
#: scaled term is at most of order one for spheres that do not overlap; the cap only keeps the
#: terms that multiply a zero coefficient finite.
MAX_EXPONENT = 700.0


def modes_per_sphere(order: int) -> int:
    """2L(L+2): the electric and magnetic multipoles of degree 1 … L and all their orders."""
    return 2 * order * (order + 2)


def mode_degrees(order: int) -> np.ndarray:
    """Degree l of every mode of one sphere, shape (2L(L+2),), in the layout above."""
    one_kind = np.concatenate([np.full(2 * l + 1, l) for l in range(1, order + 1)])
    return np.concatenate([one_kind, one_kind])


def wigner_3j_column(order: int, m, l1, l2) -> np.ndarray:
    """The Wigner 3j symbols (p l1 l2; 0 m −m) for p = 0 … 2L+1, shape (T, 2L+2), for T triples (m, l1, l2).

    By the three-term recurrence in p of Schulten & Gordon (J. Math. Phys. 16, 1961 (1975)),
    p A(p+1) f(p+1) + B(p) f(p) + (p+1) A(p) f(p−1) = 0 with
    A(p) = p √((p² − (l1 − l2)²)((l1 + l2 + 1)² − p²)) and B(p) = −2m (2p+1) p (p+1),
    run upward from p = |l1 − l2| and downward from p = l1 + l2, each in the direction in which the
    symbols grow, to the point where the recurrence is most oscillatory (largest discriminant
    4p(p+1)A(p)A(p+1) − B(p)²), matched there by least squares over five points and normalised by
    Σ_p (2p+1) f(p)² = 1 with the sign (−1)^(l1−l2) at p = l1 + l2 (Luscombe & Luban, Phys. Rev. E
    57, 7274 (1998)). Every symbol to a few 1e-15 relative, however small, where closed forms
    through factorials lose them all (treams' own lose 1e-2 at L = 30). Zero outside the triangle.
    """
    P = 2 * order + 2
    m, l1, l2 = (np.asarray(v, dtype=float) for v in (m, l1, l2))
    rows = np.arange(m.size)
    p = np.arange(P + 1, dtype=float)
    A = p * np.sqrt(np.maximum((p * p - (l1 - l2)[:, None] ** 2) * ((l1 + l2 + 1)[:, None] ** 2 - p * p), 0.0))
    B = -2 * m[:, None] * (2 * p + 1) * p * (p + 1)
    low, high = np.abs(l1 - l2).astype(int), (l1 + l2).astype(int)
    inside = (p[None, :-1] >= low[:, None]) & (p[None, :-1] <= high[:, None])
    discriminant = 4 * p[:-1] * (p[:-1] + 1) * A[:, :-1] * A[:, 1:] - B[:, :-1] ** 2
    match = np.argmax(np.where(inside, discriminant, -np.inf), axis=1)
    first, last = np.maximum(match - 2, low), np.minimum(match + 2, high)
    up, down = np.zeros((m.size, P + 2)), np.zeros((m.size, P + 2))
    up[rows, low] = 1.0
    for q in range(P):  # upward in p, batched over the triples
        go = (q >= low) & (q < last)
        if q == 0:  # p = 0 needs l1 = l2: (1 l l; 0 m −m)/(0 l l; 0 m −m) = m/√(l(l+1))
            up[go, 1] = m[go] / np.sqrt(l1[go] * (l1[go] + 1))
        elif go.any():
            up[go, q + 1] = (-B[go, q] * up[go, q] - (q + 1) * A[go, q] * up[go, q - 1]) / (q * A[go, q + 1])
    down[rows, high] = 1.0
    for q in range(P, 0, -1):  # downward in p
        go = (q <= high) & (q > first)
        if go.any():
            down[go, q - 1] = (-B[go, q] * down[go, q] - q * A[go, q + 1] * down[go, q + 1]) / ((q + 1) * A[go, q])
    window = (p >= first[:, None]) & (p <= last[:, None])
    ratio = (np.where(window, up[:, :-1] * down[:, :-1], 0).sum(axis=1)
             / np.where(window, down[:, :-1] ** 2, 0).sum(axis=1))
    f = np.where(p <= match[:, None], up[:, :-1], ratio[:, None] * down[:, :-1])
    f = np.where((p >= low[:, None]) & (p <= high[:, None]), f, 0.0)
    norm = np.sqrt(((2 * p + 1) * f * f).sum(axis=1)) * np.sign(f[rows, high]) * (-1.0) ** (l1 - l2)
    return f[:, :P] / norm[:, None]


@functools.lru_cache(maxsize=8)
def axial_coefficients(order: int):
    """(a, b), real, shape (L+1, L+1, L+1, 2L+2) [m, l', l, p]: the axial coefficients above, for every m.

    Computed once per order and cached (2 × 8 (L+1)³(2L+2) bytes: 0.9 GB at L = 70; beyond that take
    them an order m at a time, :func:`axial_coefficients_of`).
    """
    return axial_coefficients_of(order, np.arange(order + 1))


def axial_coefficients_of(order: int, m_values) -> tuple[np.ndarray, np.ndarray]:
    """(a, b), real, shape (len(m_values), L+1, L+1, 2L+2) [m, l', l, p]: the axial coefficients of these m ≥ 0.

    A^m_l'l = Σ_p a[m, l', l, p] h_p(kd), B^m_l'l = i Σ_p b[m, l', l, p] h_p(kd), for m ≥ 0
    (A^{−m} = A^m, B^{−m} = −B^m); zero where m > min(l, l') or l, l' = 0. From the Gaunt
    coefficients as 3j symbols (Tsang, Kong & Shin, *Theory of Microwave Remote Sensing*, 1985):

        a = (−1)^m i^(l'−l+p) (2p+1)/2 √((2l+1)(2l'+1)/(l(l+1)l'(l'+1))) (l l' p; m −m 0)(l l' p; 0 0 0)
            × [l(l+1) + l'(l'+1) − p(p+1)],
        b = (−1)^m i^(l'−l+p−1) (2p+1)/2 √(…) (l l' p; m −m 0)(l l' p−1; 0 0 0) √([(l+l'+1)² − p²][p² − (l−l')²]),

    real where they do not vanish (l + l' + p even for a, odd for b).
    """
    L = order
    m_values = np.asarray(m_values, dtype=int)
    row, lp, l = (g.ravel() for g in np.meshgrid(np.arange(m_values.size), np.arange(1, L + 1), np.arange(1, L + 1),
                                                 indexing="ij"))
    m = m_values[row]
    keep = m <= np.minimum(l, lp)
    row, m, lp, l = row[keep], m[keep], lp[keep], l[keep]
    p = np.arange(2 * L + 2)
    ordered = wigner_3j_column(L, m, l, lp)                     # (p l l'; 0 m −m) = (l l' p; m −m 0)
    parity = wigner_3j_column(L, np.zeros_like(m), l, lp)       # (l l' p; 0 0 0)
    parity_below = np.concatenate([np.zeros((m.size, 1)), parity[:, :-1]], axis=1)       # (l l' p−1; 0 0 0)
    lp_, l_, m_ = lp[:, None], l[:, None], m[:, None]
    prefactor = (-1.0) ** m_ * (2 * p + 1) / 2 * np.sqrt((2 * l_ + 1) * (2 * lp_ + 1) / (l_ * (l_ + 1) * lp_ * (lp_ + 1)))
    phase_a = np.where(((lp_ - l_ + p) // 2) % 2 == 0, 1.0, -1.0)          # i^(l'−l+p) where l'−l+p is even
    phase_b = np.where(((lp_ - l_ + p - 1) // 2) % 2 == 0, 1.0, -1.0)      # i^(l'−l+p−1) where it is odd
    same = prefactor * ordered * parity * (l_ * (l_ + 1) + lp_ * (lp_ + 1) - p * (p + 1)) * phase_a
    other = prefactor * ordered * parity_below * np.sqrt(np.maximum(((l_ + lp_ + 1) ** 2 - p * p)
                                                                    * (p * p - (l_ - lp_) ** 2), 0)) * phase_b
    a, b = (np.zeros((m_values.size, L + 1, L + 1, 2 * L + 2)) for _ in range(2))
    a[row, lp, l] = np.where((lp_ + l_ + p) % 2 == 0, same, 0.0)
    b[row, lp, l] = np.where((lp_ + l_ + p) % 2 == 1, other, 0.0)
    return a, b


def real_harmonics_transform(degree: int) -> np.ndarray:
    """conj(U) for degree l, (2l+1, 2l+1) [μ + l, m + l]: real-basis coefficients = conj(U) @ complex ones.

    U is the standard transform to real spherical harmonics (Condon–Shortley phase):
    μ > 0: (Y_{l,−μ} + (−1)^μ Y_{lμ})/√2, μ < 0: i (Y_{l,−|μ|} − (−1)^|μ| Y_{l|μ|})/√2, μ = 0: Y_l0.
    """
    l = degree
    U = np.zeros((2 * l + 1, 2 * l + 1), dtype=complex)
    U[l, l] = 1
    for mu in range(1, l + 1):
        U[l + mu, l - mu], U[l + mu, l + mu] = 1 / np.sqrt(2), (-1) ** mu / np.sqrt(2)
        U[l - mu, l - mu], U[l - mu, l + mu] = 1j / np.sqrt(2), -1j * (-1) ** mu / np.sqrt(2)
    return U.conj()


@functools.lru_cache(maxsize=64)
def _jy_eigensystem(degree: int):
    """Eigenvalues and eigenvectors of J_y in the basis |l, m⟩, m = −l … l."""
    m = np.arange(-degree, degree)
    raising = np.diag(np.sqrt(degree * (degree + 1) - m * (m + 1.0)), -1)     # ⟨m+1|J+|m⟩
    return np.linalg.eigh((raising - raising.T) / 2j)


def real_rotations(order: int, polar: np.ndarray, azimuth: np.ndarray) -> list[np.ndarray]:
    """The rotation taking ẑ to (θ, φ), in the real basis of each degree: [l − 1] (P, 2l+1, 2l+1).

    R = conj(U) D^l(φ, θ, 0) Uᵀ with D^l_m'm = e^{−im'φ} d^l_m'm(θ); real orthogonal. polar θ and
    azimuth φ: (P,) radians. Then A(r) = R A_z(|r|) Rᵀ in this basis.
    """
    rotations = []
    for l in range(1, order + 1):  # one eigensystem per degree; everything else batched over pairs
        values, vectors = _jy_eigensystem(l)
        small_d = np.matmul(vectors * np.exp(-1j * np.multiply.outer(polar, values))[:, None, :], vectors.conj().T)
        m = np.arange(-l, l + 1)
        D = np.exp(-1j * np.multiply.outer(azimuth, m))[:, :, None] * small_d.real
        W = real_harmonics_transform(l)
        rotations.append(np.matmul(np.matmul(W, D), W.conj().T).real)
    return rotations


def log_mode_scale(order: int, x: np.ndarray) -> np.ndarray:
    """ln ρ_l(x) for l = 1 … L, shape x.shape + (L,): the scale of a sphere's modes of degree l.

    ρ_l(x)² = min(1, x^(2l+1) / ((2l+1)!! (2l−1)!!)), x = kR: about |a_l| of a small sphere,
    so that in the scaled problem (tmatrix) every mode's inverse polarizability and every
    coupling between touching spheres are of order one instead of spanning hundreds of decades
    (at L = 30 and kR = 0.06 the unscaled ones reach 1e170 and the LU would overflow). Any
    positive diagonal scale leaves every transmission unchanged; this one is a choice.
    """
    l = np.arange(1, order + 1)
    log_double_factorials = (special.gammaln(2 * l + 2) + special.gammaln(2 * l + 1)
                             - 2 * l * np.log(2) - 2 * special.gammaln(l + 1))   # ln (2l+1)!! (2l−1)!!
    x = np.asarray(x, dtype=float)[..., None]
    return 0.5 * np.minimum(0.0, (2 * l + 1) * np.log(x) - log_double_factorials)


def radial_terms(order: int, x: np.ndarray):
    """j_p(x), and y_p(x) as mantissa · exp(exponent), for p = 0 … 2L+1: each x.shape + (2L+2,).

    y_p grows like (2p−1)!!/x^(p+1) and overflows for small x at the degrees needed (p = 61 at
    x < 5e-4), so below x = 1 it is carried as ŷ_p = y_p x^(p+1)/(2p−1)!! with the logarithm of
    the rest; ŷ follows from y's own (stable, upward) recurrence,
    ŷ_{p+1} = ŷ_p − ŷ_{p−1} x²/((2p+1)(2p−1)), from ŷ_0 = −cos x, ŷ_1 = −cos x − x sin x.
    """
    p = np.arange(2 * order + 2)
    x = np.asarray(x, dtype=float)
    j = special.spherical_jn(p, x[..., None])
    small = x < 1
    xs = np.where(small, x, 1.0)
    mantissa = np.empty(x.shape + (p.size,))
    mantissa[..., 0] = -np.cos(xs)
    mantissa[..., 1] = -np.cos(xs) - xs * np.sin(xs)
    for q in range(1, p.size - 1):  # the recurrence over degrees, batched over every x
        mantissa[..., q + 1] = mantissa[..., q] - mantissa[..., q - 1] * xs**2 / ((2 * q + 1) * (2 * q - 1))
    log_double_factorial = special.gammaln(2 * p + 1) - p * np.log(2) - special.gammaln(p + 1)   # ln (2p−1)!!
    exponent = np.where(small[..., None], log_double_factorial - (p + 1) * np.log(xs)[..., None], 0.0)
    mantissa = np.where(small[..., None], mantissa, special.spherical_yn(p, np.where(small, 1.0, x)[..., None]))
    return j, mantissa, exponent


def axial_translation(order: int, kd: np.ndarray, log_scale_to: np.ndarray, log_scale_from: np.ndarray,
                      m_values=None):
    """Scaled axial coefficients ρ_l' A^m_l'l ρ_l and ρ_l' β^m_l'l ρ_l (B = iβ), complex.

    kd: (...) ; log_scale_to, log_scale_from: (..., L), ln ρ of the receiving and emitting sphere;
    m_values: the orders m wanted (default all, 0 … L, from the cache). Returns (A, β), each
    (..., len(m), L+1, L+1) [m, l', l] (index 0 of l', l unused), regular part real and outgoing
    part imaginary: J + iY.
    """
    L = order
    a, b = axial_coefficients(L) if m_values is None else axial_coefficients_of(L, m_values)
    j, mantissa, exponent = radial_terms(L, kd)
    pad = np.zeros(log_scale_to.shape[:-1] + (1,))
    weight = (np.concatenate([pad, log_scale_to], -1)[..., :, None] +
              np.concatenate([pad, log_scale_from], -1)[..., None, :])[..., None]   # (..., l', l, 1)
    # where the coefficients vanish (p > l + l') the scaled y_p may exceed any float: cap its exponent
    outgoing = np.exp(np.minimum(exponent[..., None, None, :] + weight, MAX_EXPONENT))
    terms = j[..., None, None, :] * np.exp(weight) + 1j * mantissa[..., None, None, :] * outgoing   # (..., l', l, p)
    shape = terms.shape[:-3]
    flat = np.moveaxis(terms.reshape((-1,) + terms.shape[-3:]), 0, 2)             # (l', l, batch, p)
    A = np.matmul(flat, a.transpose(1, 2, 3, 0))                                  # (l', l, batch, m)
    beta = np.matmul(flat, b.transpose(1, 2, 3, 0))
    def arrange(c):
        return np.moveaxis(c, (2, 3), (0, 1)).reshape(shape + (a.shape[0], L + 1, L + 1))   # (..., m, l', l)
    return arrange(A), arrange(beta)


def padded_rotations(rotations: list[np.ndarray]) -> np.ndarray:
    """The real rotations of :func:`real_rotations` in one array (P, L, 2L+1, 2L+1), zero-padded.

    Entry [p, l − 1, ν + L, μ + L] is R^l_νμ of pair p; zero where |ν| or |μ| exceeds l.
    """
    L = len(rotations)
    out = np.zeros((rotations[0].shape[0], L, 2 * L + 1, 2 * L + 1))
    for l, rotation in enumerate(rotations, start=1):
        out[:, l - 1, L - l:L + l + 1, L - l:L + l + 1] = rotation
    return out


def translation_blocks(order: int, kd: np.ndarray, rotations: np.ndarray, log_scale_to: np.ndarray,
                       log_scale_from: np.ndarray) -> np.ndarray:
    """ρ_i A(r_i − r_j) ρ_j for a set of pairs, complex (n, P, 2L(L+2), 2L(L+2)), in the real basis.

    kd: (n, P), k |r_i − r_j|; rotations: (P, L, 2L+1, 2L+1) from :func:`padded_rotations` of the
    directions of r_i − r_j; log_scale_to, log_scale_from: (n, P, L), ln ρ of sphere i and of
    sphere j (:func:`log_mode_scale`). Real part: the scaled regular coefficients J (the bath
    kernel); imaginary part: the outgoing ones' Y. Rows: the modes of sphere i; columns: sphere j.

    A(r) = R A_z Rᵀ per pair, A_z diagonal in the real index μ for the same kind and pairing
    μ with −μ for the other (entries +β^|μ| at μ > 0, −β^|μ| at μ < 0; B = iβ in the complex
    basis). Rows are built one degree l' at a time: A_z Rᵀ is an elementwise product of the
    axial coefficients with rotation entries, then R^l' multiplies from the left.
    """
    L = order
    K = order * (order + 2)
    A, beta = axial_translation(L, kd, log_scale_to, log_scale_from)              # (n, P, m, l', l)
    column_l = mode_degrees(L)[:K]
    column_mu = np.arange(K) - (column_l * (column_l + 1) - 1)
    n, P = kd.shape
    out = np.empty((n, P, 2 * K, 2 * K), dtype=complex)
    for lp in range(1, L + 1):  # degrees of the receiving sphere: one batched product each
        mu = np.arange(-lp, lp + 1)
        rows = slice(lp * lp - 1, lp * (lp + 2))
        same = A[:, :, np.abs(mu)[:, None], lp, column_l[None, :]]                    # (n, P, 2l'+1, K)
        same *= rotations[None, :, column_l[None, :] - 1, column_mu[None, :] + L, mu[:, None] + L]
        other = beta[:, :, np.abs(mu)[:, None], lp, column_l[None, :]] * np.sign(mu)[:, None]
        other *= rotations[None, :, column_l[None, :] - 1, column_mu[None, :] + L, -mu[:, None] + L]
        left = rotations[None, :, lp - 1, L - lp:L + lp + 1, L - lp:L + lp + 1]             # R^l' (1, P, 2l'+1, 2l'+1)
        for block, columns in ((same, slice(0, K)), (other, slice(K, 2 * K))):          # real R on the real view
            out[:, :, rows, columns] = np.matmul(left, np.ascontiguousarray(block).view(np.float64)).view(np.complex128)
    # the magnetic rows repeat the electric ones: M→M as N→N, M→N as N→M
    out[:, :, K:, K:] = out[:, :, :K, :K]
    out[:, :, K:, :K] = out[:, :, :K, K:]
    return out
