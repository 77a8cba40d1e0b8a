"""The propagating plane-wave kernels above a surface in Bessel form: rows, diagonals, low-rank factors.

Physics (docs/theory.md#channels-the-far-field-and-the-surface). The far field's kernels, and the
propagating part of the surface's, are sums of terms

    (1/16π²) ∫_{q<k} d²q/kz  e^{iq·(ρ_i − ρ_j)} e^{ikz (s_i z_i + s_j z_j)}  E_σ M E_τᵀ      (3×3 blocks, 1/m)

with E_± = [ŝ, p̂±] (3×2; ŝ = ẑ × q̂, p̂± = (q ẑ ∓ kz q̂)/k, real for propagating waves), M a 2×2 matrix
of each plane wave (1, R, R†, R†R, 1 − R†R, …; R the reflection matrix) and signs σ, τ, s_i, s_j = ±1
(photodrag.engine.surface_channels lists the terms of each kernel). The azimuth of q integrates in
closed form, as for G_R: with β the azimuth of q from ρ_i − ρ_j, x = qρ, u = kz/k, v = q/k,
⟨e^{ix cos β}⟩ = J0, ⟨cos β e^{ix cos β}⟩ = iJ1, ⟨cos² β …⟩ = (J0 − J2)/2, ⟨sin² β …⟩ = (J0 + J2)/2, and in
the frame (ρ̂, ẑ × ρ̂, ẑ) the block of one term is

    xx, yy = iso J0 ± d J2,      iso, d = (M_ss ± στu² M_pp)/2
    xy, yx = ±anti J0 + sym J2,  anti, sym = u (τ M_sp ∓ σ M_ps)/2
    xz, zx = −iσuv M_pp J1, −iτuv M_pp J1,   yz, zy = iv M_sp J1, iv M_ps J1,   zz = v² M_pp J0

(σ = +, τ = −, M = R gives the ten integrals of photodrag.engine.sommerfeld); the pair's block is
Q(φ) block Q(φ)ᵀ, φ the azimuth of ρ_i − ρ_j. What is left is one integral over θ (q = k sin θ,
d²q/kz = k sin θ dθ dφ), on the propagating nodes of photodrag.engine.sommerfeld: the rule of the
plane-wave quadrature these kernels were first written with (those θ nodes times a trapezoid rule in
φ exact for every Fourier mode above rounding), which they match to rounding (tests/unit/test_hemisphere.py).

Cost. The three rows of a particle p against all N particles cost O(T N) for T θ nodes (J0 and J1 of
q_t ρ_pj, then real matrix products over θ), where the plane waves cost O(T M N) for M ≈ kΔρ + 20
azimuths. A low-rank factor (:func:`factor`) needs the rows of its pivots only: pivoted Cholesky by
particle, three rows at a time, O(r T N + r² N) for rank r; the rows of a particle are formed once for
every kernel of the set (the far field's absorption and emission share their pivots at B = 0).

The θ nodes are those R needs. Where R varies sharply (just above SiC's LO frequency, Re ε between 0 and
1, total reflection sets in near grazing incidence) that is 60–120 nodes, while the rest of every term,
J_n(k sin θ ρ) e^{±ik cos θ z}, is entire in θ with a bandwidth of about k(ρ_max + Z_max). There the sum is
carried onto Chebyshev–Lobatto points in θ: Σ_t C_t g(θ_t) = Σ_s [Σ_t C_t ℓ_s(θ_t)] g(θ_s), exact for g of
degree below their number (GEOMETRY_NODES plus two per radian of k(ρ_max + Z_max)); measured 2e-15 of
the rows, and checked against the plane waves on R's own nodes (tests/unit/test_hemisphere.py).

Arrays: one frequency; kernels (3N, 3N) in the layout of photodrag.engine.interaction (row 3i + a),
rows (kernels, 3, 3N), factors (r, 3N) with kernel ≈ F† F.
"""

from __future__ import annotations

import numpy as np

from . import sommerfeld, tabulation

#: The nine integrals of a block in the pair's frame, in this order, and the Bessel order of each.
LOCAL = ("iso", "d", "anti", "sym", "xz", "zx", "yz", "zy", "zz")
ORDERS = np.array([0, 2, 0, 2, 1, 1, 1, 1, 0])

#: The rest of a term, J_n(k sin θ ρ) e^{±ik cos θ z}, is entire in θ with a bandwidth of about k(ρ_max + Z_max):
#: where R needs more θ nodes than that (sharp reflection near grazing incidence), the θ sum is carried onto
#: this many Chebyshev–Lobatto points in θ ∈ [0, π/2], plus two per radian of k(ρ_max + Z_max).
GEOMETRY_NODES = 32

#: A particle's second and third components become pivots with its first while their residual diagonal
#: is at least this fraction of the largest (below, they wait for the greedy choice of a later step).
RELATIVE_PIVOT = 1e-2


def local_coefficients(sigma: int, tau: int, M: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(9, T) complex: the factor of J_n(qρ) in each of the nine integrals of one term, the i of iJ1 included.

    sigma, tau: ±1 (E_σ on the left, E_τ on the right); M (T, 2, 2) at the θ nodes; u = cos θ, v = sin θ (T,).
    """
    ss, sp, ps, pp = M[:, 0, 0], M[:, 0, 1], M[:, 1, 0], M[:, 1, 1]
    st, uv = sigma * tau * u * u * pp, u * v * pp
    return np.stack([(ss + st) / 2, (ss - st) / 2, u * (tau * sp - sigma * ps) / 2, u * (tau * sp + sigma * ps) / 2,
                     -1j * sigma * uv, -1j * tau * uv, 1j * v * sp, 1j * v * ps, v * v * pp])


def rotated_rows(integrals: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """Rows (κ, 3, 3N) of particle p from the nine integrals (κ, 9, N) of its pairs in their own frames.

    cos, sin (N,): the azimuth of ρ_p − ρ_j (any, here 1 and 0, where ρ = 0). The in-plane part is
    iso 1 + anti [[0, 1], [−1, 0]] + d diag(1, −1) + sym [[0, 1], [1, 0]]: the rotation leaves the first two
    and turns the last two by 2φ; (xz, yz) is turned as a vector, (zx, zy) as a row.
    """
    iso, d, anti, sym, xz, zx, yz, zy, zz = np.moveaxis(integrals, 1, 0)
    cos2, sin2 = cos * cos - sin * sin, 2 * sin * cos
    turned_d, turned_sym = d * cos2 - sym * sin2, d * sin2 + sym * cos2
    kernels, N = integrals.shape[0], integrals.shape[-1]
    out = np.empty((kernels, 3, N, 3), dtype=complex)
    out[:, 0, :, 0], out[:, 0, :, 1] = iso + turned_d, anti + turned_sym
    out[:, 1, :, 0], out[:, 1, :, 1] = turned_sym - anti, iso - turned_d
    out[:, 0, :, 2], out[:, 1, :, 2] = cos * xz - sin * yz, sin * xz + cos * yz
    out[:, 2, :, 0], out[:, 2, :, 1] = cos * zx - sin * zy, sin * zx + cos * zy
    out[:, 2, :, 2] = zz
    return out.reshape(kernels, 3, 3 * N)


class Hemisphere:
    """A set of propagating kernels at one frequency and N points: their rows (cached) and diagonals.

    single: a photodrag.engine.reflection.Reflector of one frequency; positions (N, 3) m, z > 0;
    terms(R) -> a list of kernels, each a list of terms (σ, τ, M, s_i, s_j), M (T, 2, 2) computed from
    R (T, 2, 2), the reflection matrix at the θ nodes.
    """

    def __init__(self, single, positions: np.ndarray, terms):
        k = single.k[0]
        spread = np.ptp(positions[:, :2], axis=0)
        rho_max, Z_max = float(np.hypot(*spread)), 2 * float(positions[:, 2].max())
        theta, w_theta = sommerfeld.propagating_nodes(single, rho_max, Z_max, widest=np.pi / 2)
        u, v = np.cos(theta), np.sin(theta)
        weight = k * v * w_theta / (8 * np.pi)        # (1/16π²) k sin θ dθ times 2π, the azimuth's mean
        kernels = terms(single.matrix((k * u)[None].astype(complex))[0])
        coefficients = np.zeros((len(kernels), 9, 2, 2, theta.size), dtype=complex)   # [κ, X, s_i, s_j, θ]
        for index, kernel in enumerate(kernels):
            for sigma, tau, M, s_i, s_j in kernel:   # a handful of terms
                coefficients[index, :, (1 - s_i) // 2, (1 - s_j) // 2] += weight * local_coefficients(sigma, tau, M, u, v)
        points = GEOMETRY_NODES + 2 * int(np.ceil(k * (rho_max + Z_max)))
        if theta.size > points:  # Σ_t C_t g(θ_t) = Σ_s [Σ_t C_t ℓ_s(θ_t)] g(θ_s) for g of degree < points
            theta, basis = _lobatto_basis(theta, points)
            coefficients = coefficients @ basis
            u, v = np.cos(theta), np.sin(theta)
        #: The integrals that are not zero for every term (the s–p mixing ones only where R mixes).
        self.active = np.flatnonzero(np.any(coefficients != 0, axis=(0, 2, 3, 4)))
        self.coefficients = coefficients
        self.q = k * v
        phase = (k * u)[:, None] * positions[:, 2]
        self.cos, self.sin = np.cos(phase), np.sin(phase)                   # (T, N): e^{±ikz z_j}
        self.positions = positions
        self._rows: dict[int, np.ndarray] = {}

    @property
    def n_kernels(self) -> int:
        return self.coefficients.shape[0]

    def diagonal(self) -> np.ndarray:
        """(κ, 3N) real: every kernel's diagonal (ρ = 0: J0 = 1, J1 = J2 = 0, so xx = yy = iso and zz)."""
        a = self.coefficients[:, [0, 8]]                                     # iso, zz: (κ, 2, s_i, s_j, θ)
        twice = (self.cos + 1j * self.sin) ** 2                               # e^{2ikz z_j}
        values = a[:, :, 0, 0] @ twice + a[:, :, 1, 1] @ np.conj(twice)
        values += (a[:, :, 0, 1] + a[:, :, 1, 0]).sum(axis=-1)[..., None]     # s_i = −s_j: no dependence on z
        iso, zz = values.real[:, 0], values.real[:, 1]
        return np.stack([iso, iso, zz], axis=-1).reshape(self.n_kernels, -1)

    def rows(self, p: int) -> np.ndarray:
        """Rows 3p, 3p + 1, 3p + 2 of every kernel, (κ, 3, 3N) complex, 1/m (formed once per particle)."""
        if p not in self._rows:
            self._rows[p] = self._compute_rows(p)
        return self._rows[p]

    def _compute_rows(self, p: int) -> np.ndarray:
        """Σ_θ J_n(q ρ_pj) [α(θ) cos(kz z_j) + β(θ) sin(kz z_j)] for every active integral, then rotated."""
        N = self.positions.shape[0]
        rise = self.cos[:, p] + 1j * self.sin[:, p]                           # e^{ikz z_p}
        a = self.coefficients[:, self.active]
        by_j = a[:, :, 0] * rise + a[:, :, 1] * np.conj(rise)                 # (κ, X, s_j, θ): s_i summed
        weights = np.concatenate([by_j[:, :, 0] + by_j[:, :, 1], 1j * (by_j[:, :, 0] - by_j[:, :, 1])], axis=-1)
        separation = self.positions[p, :2] - self.positions[:, :2]
        rho = np.hypot(separation[:, 0], separation[:, 1])
        integrals = np.zeros((self.n_kernels, 9, N), dtype=complex)
        for order, J in enumerate(sommerfeld.bessel(self.q[:, None] * rho)):
            chosen = ORDERS[self.active] == order
            if not chosen.any():
                continue
            basis = np.concatenate([J * self.cos, J * self.sin])               # (2T, N), real
            part = weights[:, chosen]                                          # (κ, X_n, 2T), complex
            product = np.stack([part.real, part.imag]).reshape(-1, basis.shape[0]) @ basis   # one real product
            product = product.reshape((2,) + part.shape[:2] + (N,))
            integrals[:, self.active[chosen]] = product[0] + 1j * product[1]
        safe = np.where(rho > 0, rho, 1.0)
        cos = np.where(rho > 0, separation[:, 0] / safe, 1.0)
        sin = np.where(rho > 0, separation[:, 1] / safe, 0.0)
        return rotated_rows(integrals, cos, sin)

    def factors(self, rtol: float) -> list[np.ndarray]:
        """Low-rank factors F (r, 3N) of every kernel, kernel ≈ F† F, Tr(kernel − F† F) ≤ rtol Tr(kernel)."""
        diagonal = self.diagonal()
        return [factor(diagonal[index], lambda p, index=index: self.rows(p)[index], rtol)
                for index in range(self.n_kernels)]


def _lobatto_basis(theta: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """(nodes (S,), basis (T, S)): the Chebyshev–Lobatto points of [0, π/2] and their Lagrange polynomials at
    theta (T,) (photodrag.engine.tabulation.lagrange_basis on [−1, 1] mapped there)."""
    nodes, _ = tabulation.lobatto_points(points)
    return np.pi / 4 * (1 + nodes), tabulation.lagrange_basis(4 / np.pi * theta - 1, points)


def factor(diagonal: np.ndarray, rows, rtol: float) -> np.ndarray:
    """Pivoted Cholesky of a Hermitian PSD (3N, 3N) matrix by particles: F (r, 3N), matrix ≈ F† F.

    diagonal (3N,) real; rows(p) -> (3, 3N) complex, rows 3p to 3p + 2 of the matrix. Each step takes the
    particle of the largest residual diagonal, subtracts the factor so far from its three rows, and makes
    pivots of its components from the largest down, while their residual diagonal is ≥ RELATIVE_PIVOT × the
    largest of all. It stops when the residual's trace is ≤ rtol × the trace: Tr(matrix − F† F) ≤ rtol
    Tr(matrix), the bound of photodrag.engine.interaction.low_rank_factor.
    """
    m = diagonal.size
    residual = np.array(diagonal, dtype=float)
    budget = rtol * residual.sum()
    out = np.empty((min(m, 64), m), dtype=complex)
    r = 0
    while r < m:
        np.maximum(residual, 0, out=residual)
        if residual.sum() <= budget:
            break
        largest = residual.max()
        p = int(residual.argmax()) // 3
        block = rows(p) - (np.conj(out[:r, 3 * p:3 * p + 3]).T @ out[:r] if r else 0)
        for _ in range(3):  # the particle's components, largest residual first
            own = residual[3 * p:3 * p + 3]
            if r == m:
                break
            c = int(own.argmax())
            if not own[c] >= RELATIVE_PIVOT * largest or own[c] <= 0:
                break
            if r == out.shape[0]:
                out = np.concatenate([out, np.empty((min(m, 2 * r) - r, m), dtype=complex)])
            column = block[c] / np.sqrt(own[c])
            out[r] = column
            r += 1
            residual -= (column * np.conj(column)).real
            block -= np.conj(column[3 * p:3 * p + 3])[:, None] * column       # the particle's other rows
    return out[:r]
