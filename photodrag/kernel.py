"""Many-body transmission of N fluctuating dipoles, batched over frequency.

Physics (physics.md). With A = blockdiag(α_i) and G the 3N×3N matrix of free-space
blocks G0(r_i − r_j) (zero diagonal blocks), the dressed Green tensor is
𝔾 = G (1 − k² A G)⁻¹ and

    𝒯_{j→i} = 4 k⁴ Tr[𝔾_ij χ_j 𝔾_ij† χ_i]                       (emitter j, absorber i)
    𝒯_{j→b} = 4 k² Tr[T_{:,j}† ImG T_{:,j} χ_j],   T = (1 − k² A G)⁻¹
    𝒯_{b→i} = 4 k² Tr[L_{i,:} ImG L_{i,:}† χ_i],   L = (1 − k² G A)⁻¹

How it is computed. Let Λ = A⁻¹ = blockdiag(α_i⁻¹) and S = Λ − k² G. Then
1 − k²AG = A S, so T = S⁻¹Λ, L = ΛS⁻¹ and, off the diagonal, 𝔾_ij = (Λ S⁻¹ Λ)_ij / k².
With χ_j = α_j ξ_j α_j† (emitting side) and χ_i = α_i† ξ_i α_i (absorbing side),
where ξ = −(α0⁻¹ − α0⁻¹†)/(2i) (photodrag.polarizability), every α cancels:

    𝒯_{j→i} = 4 Tr[(S⁻¹)_ij ξ_j (S⁻¹)_ij† ξ_i]
    𝒯_{j→b} = 4 k² Tr[(S⁻¹† ImG S⁻¹)_jj ξ_j]
    𝒯_{b→i} = 4 k² Tr[(S⁻¹ ImG S⁻¹†)_ii ξ_i]

So one dense inverse of S per frequency gives every pair, and the two bath channels
come from two different products (neither is derived from the other or from the
pairs, so the energy balance between them is a real check). Nothing is symmetrised:
non-reciprocity (B ≠ 0) enters through ξ and Λ and is kept exactly.

Cost (issue 7: the LAPACK floor is the one inverse). ImG, the (3N)² real symmetric PSD
matrix of Im G0 blocks, is numerically low-rank for a cluster of a few wavelengths (rank
≈ 160 of 1500 for 500 dipoles in a 3 µm cube at 1e-13). From 3N = LOW_RANK_MIN_SIZE on it
is replaced, per ω, by a pivoted-Cholesky factor F (3N × r) with Tr(ImG − F Fᵀ) ≤ 1e-13
Tr ImG, and the bath channels become

    S⁻¹† ImG S⁻¹ = U† U,  U = Fᵀ S⁻¹      (to the bath: a left product)
    S⁻¹ ImG S⁻¹† = V V†,  V = S⁻¹ F       (from the bath: a right product)

two different O(N² r) products instead of two O(N³) ones. The pairs cost O(N²) per ω,
taken in cache-sized slabs (isotropic particles, ξ_i ∝ 1, need one pass over S⁻¹). For
small N everything is dense BLAS products on ω stacks, and ω is processed in chunks small
enough to stay in cache (CACHE_STACK_BYTES). No loop in Python runs over frequencies or
pairs; BLAS runs with whatever threads the environment gives it (OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS), and nothing here starts threads of its own.

Arrays: frequency axis first, tensor axes last. Pair arrays are indexed
[omega, emitter, absorber].
"""

from __future__ import annotations

import logging
import time

import numpy as np
from scipy import constants

from .green import green_coefficients, imag_green_coefficients
from .polarizability import hermitian_imag, inverse_quasistatic, radiative_term

log = logging.getLogger(__name__)

#: Default bound on the memory the kernel holds at once, in bytes.
DEFAULT_MEMORY_BYTES = 1 << 30

#: ImG is replaced by a factor F Fᵀ whose neglected part has a trace ≤ this × Tr ImG (per ω).
LOW_RANK_TOLERANCE = 1e-13

#: From this matrix size 3N on, ImG is factored (below it a factor would have full rank and not pay).
LOW_RANK_MIN_SIZE = 96

#: For small N, a chunk holds at most this many bytes per (n, 3N, 3N) complex stack.
CACHE_STACK_BYTES = 1 << 20

#: For larger N, a chunk holds at most this many bytes per stack (one ω if a matrix is larger).
LARGE_STACK_BYTES = 8 << 20

#: Bytes of one slab of rows in the fill and pair steps: small enough that the several passes
#: over a slab run in cache, large enough that the loop over slabs costs nothing.
SLAB_BYTES = 1 << 19


def bytes_per_omega(n_particles: int) -> int:
    """Peak memory the kernel holds per frequency, in bytes (n = 3N).

    numpy.linalg.inv holds S, its working copy and S⁻¹ at once: 48 n² bytes. With the
    low-rank ImG (3N ≥ LOW_RANK_MIN_SIZE), ImG (real, 8 n²) is built and factored before S
    exists, and after the inverse only S⁻¹, one real split copy of it (16 n²) and O(n r)
    arrays are held: 56 n² in all. With the dense ImG (small N), S⁻¹, ImG and the products
    S⁻¹Ξ, ΞS⁻¹ and ImG S⁻¹Ξ are held together: 72 n², 80 n² with the O(N²) arrays.
    Checked against tracemalloc (plus the inverse's untraced work copy) for N = 8 … 300.
    """
    n = 3 * n_particles
    if n >= LOW_RANK_MIN_SIZE:
        return 56 * n * n + 4096 * n
    return 80 * n * n + 1024 * n


def chunk_length(n_particles: int, memory_bytes: int = DEFAULT_MEMORY_BYTES) -> int:
    """How many frequencies to process at once so that the kernel stays within memory_bytes."""
    return max(1, int(memory_bytes // bytes_per_omega(n_particles)))


def _step(n_particles: int, memory_bytes: int) -> int:
    """Frequencies per chunk: within memory_bytes and, below that, few enough that the
    stacks stay small.

    Small N (32 stacks fit in CACHE_STACK_BYTES): as many ω as fill CACHE_STACK_BYTES, so the
    dozen passes over the stacks run from cache (1.5× faster at N = 8 than one chunk of
    2000 ω). Larger N: at most 32 ω and at most LARGE_STACK_BYTES per stack, one ω when a
    single matrix is larger. Fresh arrays of hundreds of MiB cost page faults on every
    element written; measured per ω on 2 cores: N = 100, 4 ω per chunk 1.8–2.2× the bare
    inverse against 2.8–3.2× with 32; N = 500, 1 ω 1.16× against 1.46× with 8; N = 1000,
    1 ω 1.11× against 1.28× with 2.
    """
    per_omega = 16 * (3 * n_particles) ** 2  # one complex (3N)² matrix
    if 32 * per_omega <= CACHE_STACK_BYTES:
        stacked = CACHE_STACK_BYTES // per_omega
    else:
        stacked = max(1, min(32, LARGE_STACK_BYTES // per_omega))
    return min(chunk_length(n_particles, memory_bytes), stacked)


def _geometry(separations):
    """(distance, unit, dyad) of every pair: distance (N, N) m with 1 on the diagonal (a
    placeholder: diagonal blocks are set apart), unit vectors r̂_ij (N, N, 3) (zero on the
    diagonal), and the dyads r̂r̂ laid out as (N, 3, 3N): [i, a, 3j + b] = (r̂_ij)_a (r̂_ij)_b."""
    N = separations.shape[0]
    distance = np.linalg.norm(separations, axis=-1)
    distance[np.diag_indices(N)] = 1.0
    unit = separations / distance[..., None]
    unit_rows = np.ascontiguousarray(unit.transpose(0, 2, 1))   # [i, a, j]
    dyad = np.empty((N, 3, N, 3))
    for a in range(3):
        for b in range(3):
            np.multiply(unit_rows[:, a], unit_rows[:, b], out=dyad[:, a, :, b])
    return distance, unit, dyad.reshape(N, 3, 3 * N)


def _fill(out, a, b, dyad, diagonal):
    """out (n, 3N, 3N) ← blocks a_ij 1 + b_ij r̂r̂ off the diagonal, diagonal[:, i] on it.

    a, b: (n, N, N), any values on the diagonal; dyad from :func:`_geometry`; diagonal:
    (n, N, 3, 3). Written row by row of the output with inner loops over 3N (no 3×3 loops).
    """
    n, N = a.shape[:2]
    rows = out.reshape(n, N, 3, 3 * N)                                  # [ω, i, a, 3j + b]
    np.multiply(np.repeat(b, 3, axis=-1)[:, :, None, :], dyad[None], out=rows)
    for c in range(3):
        rows[:, :, c, c::3] += a
    index = np.arange(N)
    out.reshape(n, N, 3, N, 3)[:, index, :, index, :] = diagonal.transpose(1, 0, 2, 3)
    return out


def interaction_matrix(k, separations, inverse_alpha, *, geometry=None):
    """S = Λ − k² G, shape (n, 3N, 3N) complex, in m⁻³.

    k: (n,) rad/m; separations: (N, N, 3) m (r_i − r_j); inverse_alpha: (n, N, 3, 3) m⁻³.
    """
    distance, _, dyad = _geometry(separations) if geometry is None else geometry
    a, b = green_coefficients(k, distance)
    minus_k2 = -(np.asarray(k, dtype=float) ** 2)[:, None, None]
    a *= minus_k2
    b *= minus_k2
    n, N = a.shape[:2]
    return _fill(np.empty((n, 3 * N, 3 * N), dtype=complex), a, b, dyad, inverse_alpha)


def imag_green_matrix(k, separations, *, geometry=None):
    """ImG_full of physics.md: blocks Im G0(r_i − r_j), diagonal k/(6π) 1; (n, 3N, 3N) real, 1/m."""
    distance, _, dyad = _geometry(separations) if geometry is None else geometry
    a, b = imag_green_coefficients(k, distance)
    n, N = a.shape[:2]
    diagonal = np.broadcast_to((np.asarray(k, dtype=float) / (6 * np.pi))[:, None, None, None] * np.eye(3), (n, N, 3, 3))
    return _fill(np.empty((n, 3 * N, 3 * N)), a, b, dyad, diagonal)


def particle_kernels(eps, radii, k):
    """(Λ, ξ): α⁻¹ = α0⁻¹ − i k³/(6π) 1 and ξ = −(α0⁻¹ − α0⁻¹†)/(2i), each (n, N, 3, 3) in m⁻³.

    photodrag.polarizability's inverse_polarizability and dissipation_kernel, with α0⁻¹
    computed once for both.
    """
    inverse_alpha0 = inverse_quasistatic(eps, np.asarray(radii, dtype=float)[None, :])
    xi = -hermitian_imag(inverse_alpha0)
    inverse_alpha0 -= 1j * radiative_term(k)[:, None, None, None] * np.eye(3)
    return inverse_alpha0, xi


def low_rank_factor(matrix, rtol=LOW_RANK_TOLERANCE):
    """Pivoted Cholesky of a stack of real symmetric PSD matrices, truncated per ω.

    matrix: (n, m, m). Returns Fᵀ, shape (n, r, m), with matrix ≈ F Fᵀ and, for every ω,
    Tr(matrix − F Fᵀ) ≤ rtol · Tr(matrix) (rows beyond an ω's own rank are zero).
    Cost O(m r²) per ω; only r rows of the matrix are read.
    """
    n, m, _ = matrix.shape
    w = np.arange(n)
    residual = np.diagonal(matrix, axis1=1, axis2=2).copy()
    budget = rtol * residual.sum(axis=1)
    rows = np.empty((n, min(m, 64), m))
    r = 0
    while r < m:
        np.maximum(residual, 0, out=residual)
        active = residual.sum(axis=1) > budget
        if not active.any():
            break
        if r == rows.shape[1]:
            rows = np.concatenate([rows, np.empty((n, min(m, 2 * r) - r, m))], axis=1)
        pivot = residual.argmax(axis=1)
        column = matrix[w, pivot, :]  # a row: the matrix is symmetric
        if r:
            column -= np.matmul(rows[w, :r, pivot][:, None, :], rows[:, :r, :])[:, 0, :]
        column *= (active / np.sqrt(np.where(active, residual[w, pivot], 1.0)))[:, None]
        rows[:, r, :] = column
        residual -= column**2
        r += 1
    return rows[:, :r, :]


def _times_real(X, R):
    """X R for complex X (n, p, q) and real R (n, q, s): one real product on [Re X; Im X]."""
    n, p, q = X.shape
    split = np.empty((n, 2, p, q))
    split[:, 0] = X.real
    split[:, 1] = X.imag
    product = np.matmul(split.reshape(n, 2 * p, q), R).reshape(n, 2, p, -1)
    out = product[:, 1] * 1j
    out += product[:, 0]
    return out


def _bath_to(A, B, xi, k2):
    """𝒯_{j→b} = 4k² Re Σ_q Tr[(A_{q,j})† B_{q,j} ξ_j] with S⁻¹† ImG S⁻¹ = A† B; A, B: (n, q, 3N)."""
    n, q, size = B.shape
    N = size // 3
    B_xi = np.matmul(B.reshape(n, q, N, 3).transpose(0, 2, 1, 3), xi)       # (n, N, q, 3): B_j ξ_j
    B_xi *= A.reshape(n, q, N, 3).transpose(0, 2, 1, 3).conj()
    return 4 * k2 * B_xi.real.sum(axis=(2, 3))


def _bath_from(C, D, xi, k2):
    """𝒯_{b→i} = 4k² Re Σ_q Tr[C_{i,q} D_{i,q}† ξ_i] with S⁻¹ ImG S⁻¹† = C D†; C, D: (n, 3N, q)."""
    n, size, q = C.shape
    N = size // 3
    xi_C = np.matmul(xi, C.reshape(n, N, 3, q))                               # (n, N, 3, q): ξ_i C_i
    xi_C *= D.reshape(n, N, 3, q).conj()
    return 4 * k2 * xi_C.real.sum(axis=(2, 3))


def _dense_channels(X, xi, imag_green, k2):
    """All channels for small N (ImG dense), from P = S⁻¹Ξ and Q = ΞS⁻¹, Ξ = blockdiag(ξ_i):

    𝒯_{j→i} = 4 Re Σ_ab P[ia, jb] conj(Q[ia, jb])                  (= 4 Tr[S⁻¹_ij ξ_j S⁻¹_ij† ξ_i]),
    𝒯_{j→b} = 4k² Re Σ_a Σ_q conj(S⁻¹[q, ja]) (ImG P)[q, ja]        (= 4k² Tr[(S⁻¹† ImG S⁻¹)_jj ξ_j]),
    𝒯_{b→i} = 4k² Re Σ_a Σ_q (Q ImG)[ia, q] conj(S⁻¹[ia, q])        (= 4k² Tr[(S⁻¹ ImG S⁻¹†)_ii ξ_i]).

    P and Q are formed block by block, in the layouts [j, ia, b] and [i, jb, a] in which ImG
    (real, symmetric) multiplies them from the left as real products; the sums are einsums
    over the real views (Re conj(x) y = Re x Re y + Im x Im y).
    """
    n, size, _ = X.shape
    N = size // 3
    P = np.matmul(X.reshape(n, size, N, 3).transpose(0, 2, 1, 3), xi)               # [ω, j, ia, b]
    Q = np.matmul(X.reshape(n, N, 3, size).swapaxes(2, 3), xi.swapaxes(2, 3))       # [ω, i, jb, a] = (ξ_i S⁻¹_i·)ᵀ
    imag_green = imag_green[:, None]
    X_parts = X.view(np.float64)
    ImG_P = np.matmul(imag_green, P.view(np.float64))                               # [ω, j, q, (b, re/im)]
    to_bath = np.einsum("nqjc,njqc->nj", X_parts.reshape(n, size, N, 6), ImG_P)
    del ImG_P
    Q_ImG = np.matmul(imag_green, Q.view(np.float64)).reshape(n, N, size, 3, 2)     # [ω, i, q, a, re/im] = (Q ImG)[ia, q]
    from_bath = np.einsum("niaqt,niqat->ni", X_parts.reshape(n, N, 3, size, 2), Q_ImG)
    del Q_ImG
    absorbed = np.einsum("njiabt,nijbat->nij", P.view(np.float64).reshape(n, N, N, 3, 3, 2),
                         Q.view(np.float64).reshape(n, N, N, 3, 3, 2))               # [ω, i, j]
    pair = absorbed.transpose(0, 2, 1) * 4                                          # [ω, emitter, absorber]
    pair[:, np.arange(N), np.arange(N)] = 0.0
    return pair, 4 * k2 * to_bath, 4 * k2 * from_bath


def _is_scalar(xi) -> bool:
    """True when every ξ_i is a multiple of the identity (isotropic particles)."""
    off_diagonal = xi[..., [0, 0, 1, 1, 2, 2], [1, 2, 0, 2, 0, 1]]
    diagonal = xi[..., [0, 1, 2], [0, 1, 2]]
    return bool(np.all(off_diagonal == 0) and np.all(diagonal == diagonal[..., :1]))


def _pairs(X, xi):
    """𝒯_{j→i} = 4 Re Σ_ab (X_ij ξ_j)_ab conj(ξ_i X_ij)_ab, returned [ω, absorber i, emitter j].

    The identity holds because ξ_i is Hermitian: Tr[X ξ_j X† ξ_i] = Σ (Xξ_j) ∘ conj(ξ_i X).
    For isotropic particles (ξ_i = s_i 1) it is 4 s_i s_j Σ_ab |X_ij,ab|². Absorbers are taken
    in slabs of SLAB_BYTES, so that the passes over a slab run in cache.
    """
    n, size, _ = X.shape
    N = size // 3
    blocks = X.reshape(n, N, 3, N, 3)
    out = np.empty((n, N, N))
    slab = max(1, SLAB_BYTES // (16 * n * 3 * size))
    scalar = _is_scalar(xi)
    for start in range(0, N, slab):  # slabs of absorbers, not pairs: each slab is one batched product
        part = slice(start, min(start + slab, N))
        rows = blocks[:, part]                                                # (n, m, 3, N, 3)
        m = rows.shape[1]
        if scalar:
            re_im = rows.view(np.float64)                                     # (n, m, 3, N, 6)
            out[:, part] = np.einsum("nmajb,nmajb->nmj", re_im, re_im)
            continue
        left = np.matmul(xi[:, part], rows.reshape(n, m, 3, size))            # ξ_i X_ij: [ω, i, a, jb]
        right = np.matmul(rows.reshape(n, 3 * m, N, 3).transpose(0, 2, 1, 3), xi)  # X_ij ξ_j: [ω, j, ia, b]
        # Re Σ_ab conj(left) right = Σ over the real views (re·re + im·im)
        out[:, part] = np.einsum("niajbt,njiabt->nij", left.view(np.float64).reshape(n, m, 3, N, 3, 2),
                                 right.view(np.float64).reshape(n, N, m, 3, 3, 2))
    if scalar:
        s = xi[..., 0, 0].real
        out *= s[:, :, None]
        out *= s[:, None, :]
    out *= 4
    return out


def transmission_chunk(k, separations, eps, radii):
    """All transmissions for one stack of frequencies.

    Parameters
    ----------
    k : (n,) rad/m
    separations : (N, N, 3) m, r_i − r_j
    eps : (n, N, 3, 3) relative permittivity of each particle
    radii : (N,) m

    Returns
    -------
    pair : (n, N, N) float, 𝒯_{j→i} at [:, j, i] (emitter, absorber); zero diagonal
    to_bath : (n, N) float, 𝒯_{j→b}
    from_bath : (n, N) float, 𝒯_{b→i}
    """
    k = np.asarray(k, dtype=float)
    n, N = eps.shape[:2]
    size = 3 * N
    k2 = (k**2)[:, None]
    geometry = _geometry(separations)
    inverse_alpha, xi = particle_kernels(eps, radii, k)

    # ImG first, so that it is factored (and, when large, freed) before S exists.
    imag_green = imag_green_matrix(k, separations, geometry=geometry)
    factor_t = low_rank_factor(imag_green) if size >= LOW_RANK_MIN_SIZE else None   # Fᵀ: ImG ≈ F Fᵀ
    if factor_t is not None:
        del imag_green

    S = interaction_matrix(k, separations, inverse_alpha, geometry=geometry)
    del geometry, inverse_alpha  # the dyads take as much memory as a real (3N)² matrix
    X = np.linalg.inv(S)                                                                     # S⁻¹
    del S

    # Bath channels, from two different products of S⁻¹ with ImG (never one from the other).
    X_real = X.view(np.float64)  # (n, 3N, 2·3N): a real matrix times X is a real product on this view
    if factor_t is None:
        return _dense_channels(X, xi, imag_green, k2)
    # S⁻¹† ImG S⁻¹ = U† U and S⁻¹ ImG S⁻¹† = V V†, with U = Fᵀ S⁻¹ and V = S⁻¹ F.
    U = np.matmul(factor_t, X_real).view(np.complex128)
    to_bath = _bath_to(U, U, xi, k2)
    del U
    V = _times_real(X, factor_t.swapaxes(1, 2))
    from_bath = _bath_from(V, V, xi, k2)
    del V

    absorbed = _pairs(X, xi)                                                                 # [ω, i, j]
    del X
    pair = absorbed.transpose(0, 2, 1).copy()                                                # [ω, emitter, absorber]
    pair[:, np.arange(N), np.arange(N)] = 0.0
    return pair, to_bath, from_bath


def transmission(omega, separations, eps_of, radii, *, memory_bytes=DEFAULT_MEMORY_BYTES, progress=None):
    """Transmissions on a frequency grid, processed in chunks that bound memory.

    eps_of(omega_chunk) -> (n_chunk, N, 3, 3) gives the permittivities, so that no
    more than one chunk of them is ever held. progress, if given, is called with
    (fraction_done, elapsed_seconds) after every chunk. Returns (pair, to_bath,
    from_bath) as in :func:`transmission_chunk` over the whole grid.
    """
    omega = np.asarray(omega, dtype=float)
    N = separations.shape[0]
    step = _step(N, memory_bytes)
    pair = np.empty((omega.size, N, N))
    to_bath = np.empty((omega.size, N))
    from_bath = np.empty((omega.size, N))
    start_time = time.perf_counter()
    for start in range(0, omega.size, step):  # chunks, not frequencies: each chunk is one batched solve
        part = slice(start, min(start + step, omega.size))
        k = omega[part] / constants.c
        pair[part], to_bath[part], from_bath[part] = transmission_chunk(k, separations, eps_of(omega[part]), radii)
        if progress is not None:
            progress(part.stop / omega.size, time.perf_counter() - start_time)
    return pair, to_bath, from_bath
