"""The matrices of the many-body problem: S = Λ − k²G and ImG, and a low-rank factor of ImG.

Notation (docs/theory.md, photodrag.engine.kernel): N particles, m = 3N; G is the m×m matrix of free-space
blocks G0(r_i − r_j) with zero diagonal blocks, Λ = blockdiag(α_i⁻¹), ImG the m×m real
symmetric matrix of blocks Im G0(r_i − r_j) with k/(6π) 1 on the diagonal. Every block is
a 1 + b r̂r̂ with scalars a, b from photodrag.engine.green; the geometry (distances, unit vectors)
is computed once per system and shared by all frequencies.

Arrays: frequency axis first; a stack of matrices is (n, m, m), row 3i + a, column 3j + b.
"""

from __future__ import annotations

import numpy as np

from .green import green_terms, imag_green_terms

#: From this matrix size 3N on, ImG is factored (below it a factor would have full rank and not pay).
LOW_RANK_MIN_SIZE = 96

#: ImG is replaced by a factor F Fᵀ whose neglected part has a trace ≤ this × Tr ImG (per ω).
LOW_RANK_TOLERANCE = 1e-13

#: Bytes of the rows of S written in one pass (coefficients, dyads and output stay in cache).
FILL_SLAB_BYTES = 1 << 20


class Geometry:
    """Pair distances, unit vectors and dyads of a set of particles, shared by every frequency.

    separations: (N, N, 3) m, r_i − r_j. Attributes: distance (N, N) m, with 1 on the
    diagonal as a placeholder (diagonal blocks are always written separately); unit (N, N, 3),
    r̂_ij, zero on the diagonal; dyads (N, 3, 3N), r̂r̂ laid out [i, a, 3j + b]. Memory:
    104 N² bytes (the dyads, 8 (3N)², are kept because rebuilding them per frequency cost a
    third of filling S).
    """

    def __init__(self, separations: np.ndarray):
        separations = np.asarray(separations, dtype=float)
        N = self.n_particles = separations.shape[0]
        self.distance = np.sqrt(np.einsum("ijk,ijk->ij", separations, separations))
        self.distance[np.diag_indices(N)] = 1.0
        self.unit = separations / self.distance[..., None]
        unit_rows = np.ascontiguousarray(self.unit.transpose(0, 2, 1))   # [i, a, j]
        dyads = np.empty((N, 3, N, 3))
        for a in range(3):  # nine products over whole rows, not 3 × 3 loops per pair
            for b in range(3):
                np.multiply(unit_rows[:, a], unit_rows[:, b], out=dyads[:, a, :, b])
        self.dyads = dyads.reshape(N, 3, 3 * N)

    # The interface photodrag.engine.kernel.block_transmission uses (photodrag.engine.coupling.DipoleGeometry has it too).
    def interaction_matrix(self, k, inverse_alpha, out=None):
        """:func:`interaction_matrix` of this geometry."""
        return interaction_matrix(k, self, inverse_alpha, out)

    def imag_green_matrix(self, k, out=None):
        """:func:`imag_green_matrix` of this geometry."""
        return imag_green_matrix(k, self, out)

    def imag_green_factor(self, k):
        """:func:`imag_green_factor` of this geometry."""
        return imag_green_factor(k, self)


def row_slabs(n: int, n_particles: int):
    """Slices of particles whose rows of an (n, 3N, 3N) complex stack fill FILL_SLAB_BYTES."""
    per_particle = n * 3 * 3 * n_particles * 16
    step = max(1, FILL_SLAB_BYTES // per_particle)
    return [slice(start, min(start + step, n_particles)) for start in range(0, n_particles, step)]


def fill_blocks(out, k, geometry, coefficients, scale, diagonal, upper=False):
    """out (n, 3N, 3N) ← scale·(a 1 + b r̂r̂) off the diagonal blocks, diagonal[:, i] on them.

    coefficients(k (n, 1, 1), distance (p, N)) -> (a, b), each (n, p, N). Row slabs of
    particles at a time; inner loops run over whole rows of 3N (no 3×3 loops). upper: write only
    the blocks (i, j) with j ≥ the first particle of i's slab, which hold the upper triangle (row ≤
    column) of a symmetric matrix; the rest of out is left as it was.
    """
    n, size, _ = out.shape
    N = size // 3
    k_column = k[:, None, None]
    rows = out.reshape(n, N, 3, size)
    for part in row_slabs(n, N):  # slabs of rows, not pairs: each slab is a few array passes
        first = part.start if upper else 0
        a, b = coefficients(k_column, geometry.distance[part, first:])
        if scale is not None:
            a *= scale
            b *= scale
        slab = rows[:, part, :, 3 * first:]
        b = np.repeat(b, 3, axis=-1)[:, :, None, :]
        dyads = geometry.dyads[part, :, 3 * first:]
        if np.iscomplexobj(out):  # real times real into each half of the complex view: no casting loops
            halves = slab.view(np.float64).reshape(slab.shape + (2,))
            np.multiply(b.real, dyads, out=halves[..., 0])
            np.multiply(b.imag, dyads, out=halves[..., 1])
        else:
            np.multiply(b, dyads, out=slab)
        for c in range(3):
            slab[:, :, c, c::3] += a
    index = np.arange(N)
    out.reshape(n, N, 3, N, 3)[:, index, :, index, :] = diagonal.transpose(1, 0, 2, 3)
    return out


def interaction_matrix(k, geometry: Geometry, inverse_alpha, out=None):
    """S = Λ − k² G, shape (n, 3N, 3N) complex, in m⁻³.

    k: (n,) rad/m; inverse_alpha: (n, N, 3, 3) m⁻³ (Λ's blocks α_i⁻¹); out: optional
    C-contiguous complex buffer of that shape to write into.
    """
    k = np.asarray(k, dtype=float)
    n, N = inverse_alpha.shape[:2]
    if out is None:
        out = np.empty((n, 3 * N, 3 * N), dtype=complex)
    return fill_blocks(out, k, geometry, green_terms, -(k**2)[:, None, None], inverse_alpha)


def imag_green_matrix(k, geometry: Geometry, out=None, upper=False):
    """ImG of docs/theory.md: blocks Im G0(r_i − r_j), diagonal k/(6π) 1; (n, 3N, 3N) real, 1/m.

    upper: write only what holds its upper triangle (fill_blocks), half the work where that is all that is read.
    """
    k = np.asarray(k, dtype=float)
    n, N = k.size, geometry.n_particles
    if out is None:
        out = np.empty((n, 3 * N, 3 * N))
    diagonal = np.broadcast_to((k / (6 * np.pi))[:, None, None, None] * np.eye(3), (n, N, 3, 3))
    return fill_blocks(out, k, geometry, lambda kc, d: imag_green_terms(kc, kc * d), None, diagonal, upper)


def imag_green_rows(k, geometry: Geometry, pivot) -> np.ndarray:
    """Row pivot[w] of ImG at k[w], for each w: shape (n, 3N), 1/m; O(N) per row.

    k: (n,) rad/m; pivot: (n,) integers in [0, 3N), row 3p + a (particle p, component a).
    """
    particle, component = np.divmod(np.asarray(pivot), 3)
    w = np.arange(particle.size)
    k = np.asarray(k, dtype=float)[:, None]
    a, b = imag_green_terms(k, k * geometry.distance[particle])           # (n, N)
    a[w, particle] = k[:, 0] / (6 * np.pi)                                # the diagonal block k/(6π) 1
    unit = geometry.unit[particle]                                        # (n, N, 3), zero at j = p
    row = unit * (b * unit[w, :, component])[:, :, None]                  # b r̂_a r̂_b
    row[w, :, component] += a
    return row.reshape(particle.size, -1)


def low_rank_factor(diagonal, row, rtol=LOW_RANK_TOLERANCE):
    """Pivoted Cholesky of a stack of Hermitian PSD matrices (real symmetric or complex), truncated per ω.

    diagonal: (n, m), the matrices' (real) diagonals; row(pivot) -> (n, m) gives row pivot[w] of
    matrix w, real or complex. Returns Fᵀ, shape (n, r, m), with matrix ≈ F Fᵀ for real matrices and
    matrix ≈ (Fᵀ)† Fᵀ for complex ones (row i, column j ≈ Σ_r conj(Fᵀ[r, i]) Fᵀ[r, j]), and, for every
    ω, Tr(matrix − the product) ≤ rtol · Tr(matrix) (rows beyond an ω's own rank are zero).
    Cost O(m r²) per ω; only the r pivot rows of a matrix are ever formed.
    """
    n, m = diagonal.shape
    w = np.arange(n)
    residual = np.array(diagonal, dtype=float)
    budget = rtol * residual.sum(axis=1)
    rows = np.empty((n, min(m, 64), m))
    r = 0
    while r < m:
        np.maximum(residual, 0, out=residual)
        active = residual.sum(axis=1) > budget
        if not active.any():
            break
        pivot = residual.argmax(axis=1)
        column = row(pivot)  # the pivot row; its conjugate is the pivot column
        if r == 0 and np.iscomplexobj(column):
            rows = rows.astype(column.dtype)
        if r == rows.shape[1]:
            rows = np.concatenate([rows, np.empty((n, min(m, 2 * r) - r, m), dtype=rows.dtype)], axis=1)
        if r:
            column -= np.matmul(np.conj(rows[w, :r, pivot])[:, None, :], rows[:, :r, :])[:, 0, :]
        column *= (active / np.sqrt(np.where(active, residual[w, pivot], 1.0)))[:, None]
        rows[:, r, :] = column
        residual -= (column * np.conj(column)).real
        r += 1
    return rows[:, :r, :]


def imag_green_factor(k, geometry: Geometry, rtol=LOW_RANK_TOLERANCE) -> np.ndarray:
    """Fᵀ with ImG ≈ F Fᵀ per ω, shape (n, r, 3N), 1/m^½; ImG itself is never formed."""
    k = np.asarray(k, dtype=float)
    diagonal = np.repeat((k / (6 * np.pi))[:, None], 3 * geometry.n_particles, axis=1)
    return low_rank_factor(diagonal, lambda pivot: imag_green_rows(k, geometry, pivot), rtol)
