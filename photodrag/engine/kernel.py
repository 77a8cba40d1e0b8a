"""Many-body transmission of N fluctuating dipoles, batched over frequency.

Physics (docs/theory.md). With A = blockdiag(α_i) and G the 3N×3N matrix of free-space
blocks G0(r_i − r_j) (zero diagonal blocks), the dressed Green tensor is
𝔾 = G (1 − k² A G)⁻¹ and

    𝒯_{j→i} = 4 k⁴ Tr[𝔾_ij χ_j 𝔾_ij† χ_i]                       (emitter j, absorber i)
    𝒯_{j→b} = 4 k² Tr[T_{:,j}† ImG T_{:,j} χ_j],   T = (1 − k² A G)⁻¹
    𝒯_{b→i} = 4 k² Tr[L_{i,:} ImG L_{i,:}† χ_i],   L = (1 − k² G A)⁻¹

How it is computed. Let Λ = A⁻¹ = blockdiag(α_i⁻¹) and S = Λ − k² G. Then
1 − k²AG = A S, so T = S⁻¹Λ, L = ΛS⁻¹ and, off the diagonal, 𝔾_ij = (Λ S⁻¹ Λ)_ij / k².
With χ_j = α_j ξ_j α_j† (emitting side) and χ_i = α_i† ξ_i α_i (absorbing side),
where ξ = −(α0⁻¹ − α0⁻¹†)/(2i) (photodrag.engine.polarizability), every α cancels:

    𝒯_{j→i} = 4 Tr[(S⁻¹)_ij ξ_j (S⁻¹)_ij† ξ_i]
    𝒯_{j→b} = 4 k² Tr[(S⁻¹† ImG S⁻¹)_jj ξ_j]
    𝒯_{b→i} = 4 k² Tr[(S⁻¹ ImG S⁻¹†)_ii ξ_i]

So one dense inverse of S per frequency gives every pair, and the two bath channels
come from two different products (neither is derived from the other or from the
pairs, so the energy balance between them is a real check). Nothing is symmetrised:
non-reciprocity (B ≠ 0) enters through ξ and Λ and is kept exactly.

Cost (issue 7: the LAPACK floor is the one inverse). The inverse itself is LAPACK's
getrf + getri in place on S, from numpy's own OpenBLAS (photodrag.engine.lapack; 20–25 % faster
than numpy.linalg.inv, with a third of its memory). ImG, the (3N)² real symmetric PSD
matrix of Im G0 blocks, is numerically low-rank for a cluster of a few wavelengths (rank
≈ 160 of 1500 for 500 dipoles in a 3 µm cube at 1e-13). From 3N = LOW_RANK_MIN_SIZE on it
is replaced, per ω, by a pivoted-Cholesky factor F (3N × r) with Tr(ImG − F Fᵀ) ≤ 1e-13
Tr ImG, built from the r pivot rows alone (ImG is never formed), and the bath channels become

    S⁻¹† ImG S⁻¹ = U† U,  U = Fᵀ S⁻¹      (to the bath: a left product)
    S⁻¹ ImG S⁻¹† = V V†,  V = S⁻¹ F       (from the bath: a right product)

two different O(N² r) products instead of two O(N³) ones. The pairs cost O(N²) per ω,
taken in cache-sized slabs (isotropic particles, ξ_i ∝ 1, need one pass over S⁻¹). The
geometry (distances, unit vectors) is computed once per call, not per chunk. For small N
everything is dense BLAS products on ω stacks, in chunks small enough to stay in cache
(CACHE_STACK_BYTES), written into buffers allocated once per call: fresh arrays cost a page
fault per 4 KiB, which at N = 8 cost more than all the arithmetic. No loop in Python runs
over frequencies or pairs (only over ω chunks, slabs of rows, and, for matrices of ≥ 384²,
one LAPACK call per ω); BLAS runs with whatever threads the environment gives it
(OMP_NUM_THREADS, OPENBLAS_NUM_THREADS), and nothing here starts threads of its own.

Nothing above needs the blocks to be electric dipoles of distinct particles: block_transmission
takes any set of 3×3 dipole blocks with their α⁻¹ and ξ and a geometry that fills S and ImG, which
is how photodrag.engine.multipole runs Mie polarizabilities and the 6N electric + magnetic problem
(photodrag.engine.coupling) on this same code; and low_rank_channels takes any S with a factor of
its ImG and dissipation kernels that are diagonal within blocks of any size, which is how
photodrag.engine.tmatrix runs spheres with 2L(L+2) multipole modes each.

Arrays: frequency axis first, tensor axes last. Pair arrays are indexed
[omega, emitter, absorber].
"""

from __future__ import annotations

import logging

import numpy as np
from scipy import constants

from .chunks import DEFAULT_MEMORY_BYTES, Workspace, frequencies_per_chunk, over_chunks
from .interaction import LOW_RANK_MIN_SIZE, Geometry
from .lapack import inverse_in_place
from .polarizability import hermitian_imag, inverse_quasistatic, radiative_term

log = logging.getLogger(__name__)

#: Bytes of one slab of rows in the pair and bath steps: small enough that the several passes
#: over a slab run in cache, large enough that the loop over slabs costs nothing.
SLAB_BYTES = 1 << 19

#: Bytes of the real split buffer in S⁻¹ F (tall slabs keep that product at BLAS speed).
PRODUCT_SLAB_BYTES = 4 << 20


def particle_kernels(eps, radii, k):
    """(Λ, ξ): α⁻¹ = α0⁻¹ − i k³/(6π) 1 and ξ = −(α0⁻¹ − α0⁻¹†)/(2i), each (n, N, 3, 3) in m⁻³.

    photodrag.engine.polarizability's inverse_polarizability and dissipation_kernel, with α0⁻¹
    computed once for both.
    """
    inverse_alpha0 = inverse_quasistatic(eps, np.asarray(radii, dtype=float)[None, :])
    xi = -hermitian_imag(inverse_alpha0)
    inverse_alpha0 -= 1j * radiative_term(k)[:, None, None, None] * np.eye(3)
    return inverse_alpha0, xi


def _is_scalar(xi) -> bool:
    """True when every ξ_i is a multiple of the identity (isotropic particles)."""
    off_diagonal = xi[..., [0, 0, 1, 1, 2, 2], [1, 2, 0, 2, 0, 1]]
    diagonal = xi[..., [0, 1, 2], [0, 1, 2]]
    return bool(np.all(off_diagonal == 0) and np.all(diagonal == diagonal[..., :1]))


def _times_block_diagonal(A, blocks, out):
    """out = A · blockdiag(blocks_j) for A (n, p, 3N) complex and blocks (n, N, 3, 3); out like A.

    When every particle has the same block (one material and radius: the usual cluster), it is
    one (p·N × 3)(3 × 3) product per ω; otherwise N products of a column block of A, a
    (p × 3) matrix with row stride 3N that BLAS takes as it lies, times its 3 × 3 block.
    """
    n, p, size = A.shape
    N = size // 3
    if np.all(blocks == blocks[:, :1]):
        np.matmul(A.reshape(n, p * N, 3), blocks[:, 0], out=out.reshape(n, p * N, 3))
    else:
        np.matmul(A.reshape(n, p, N, 3).transpose(0, 2, 1, 3), blocks,
                  out=out.reshape(n, p, N, 3).transpose(0, 2, 1, 3))
    return out


def _diagonal_block_traces(left, right, n_particles):
    """Re Σ_q Σ_a conj(left[q, ja]) right[q, ja] per particle j, for (n, 3N, 3N) complex stacks.

    Over the real views, Re(conj(x) y) = Re x Re y + Im x Im y: one einsum, no conjugate copy.
    """
    column_sums = np.einsum("nqc,nqc->nc", left.view(np.float64), right.view(np.float64))     # (n, 2·3N)
    return column_sums.reshape(left.shape[0], n_particles, 6).sum(axis=-1)


def _dense_channels(X, xi, imag_green, k2, workspace, S_buffer):
    """All channels for small N (ImG dense), from P = S⁻¹Ξ and Q = ΞS⁻¹ (Ξ = blockdiag(ξ_i)):

    𝒯_{j→i} = 4 Re Σ_ab P[ia, jb] conj(Q[ia, jb])                   (= 4 Tr[S⁻¹_ij ξ_j S⁻¹_ij† ξ_i]),
    𝒯_{j→b} = 4k² Re Σ_a Σ_q conj(S⁻¹[q, ja]) (ImG P)[q, ja]         (= 4k² Tr[(S⁻¹† ImG S⁻¹)_jj ξ_j]),
    𝒯_{b→i} = 4k² Re Σ_a Σ_q conj(S⁻¹ᵀ[q, ia]) (ImG Qᵀ)[q, ia]       (= 4k² Tr[(S⁻¹ ImG S⁻¹†)_ii ξ_i]).

    ImG (real, symmetric) multiplies from the left in both bath channels, one real BLAS
    product per ω on a complex stack's real view; the third line is the transpose of
    Re Σ (Q ImG)[ia, q] conj(S⁻¹[ia, q]), so it runs on S⁻¹ᵀ (in the buffer of S, free by then)
    and Qᵀ = S⁻¹ᵀ Ξᵀ. The two bath channels stay two different products. For isotropic
    particles (ξ_i = s_i 1) P and Q are S⁻¹ scaled, so the scalings are applied to the sums.
    """
    n, size, _ = X.shape
    N = size // 3
    W = workspace.get("ImG_times", (n, size, 2 * size), float)
    X_t = S_buffer
    np.copyto(X_t, X.transpose(0, 2, 1))
    if _is_scalar(xi):
        s = xi[..., 0, 0].real                                                      # (n, N)
        X_parts = X.view(np.float64).reshape(n, N, 3, N, 6)
        absorbed = np.einsum("niajc,niajc->nij", X_parts, X_parts) * s[:, :, None] * s[:, None, :]
        np.matmul(imag_green, X.view(np.float64), out=W)
        to_bath = _diagonal_block_traces(X, W, N) * s
        np.matmul(imag_green, X_t.view(np.float64), out=W)
        from_bath = _diagonal_block_traces(X_t, W, N) * s
    else:
        P = _times_block_diagonal(X, xi, workspace.get("P", X.shape))
        Q_t = _times_block_diagonal(X_t, xi.swapaxes(-1, -2), workspace.get("Q_t", X.shape))   # (ΞS⁻¹)ᵀ
        Q = workspace.get("Q", X.shape)
        np.copyto(Q, Q_t.transpose(0, 2, 1))
        absorbed = np.einsum("niajc,niajc->nij", P.view(np.float64).reshape(n, N, 3, N, 6),
                             Q.view(np.float64).reshape(n, N, 3, N, 6))             # [ω, i, j]
        np.matmul(imag_green, P.view(np.float64), out=W)
        to_bath = _diagonal_block_traces(X, W, N)
        np.matmul(imag_green, Q_t.view(np.float64), out=W)
        from_bath = _diagonal_block_traces(X_t, W, N)
    pair = absorbed.transpose(0, 2, 1) * 4                                          # [ω, emitter, absorber]
    pair[:, np.arange(N), np.arange(N)] = 0.0
    return pair, 4 * k2 * to_bath, 4 * k2 * from_bath


def channel_to(A, B, xi, k2):
    """𝒯_{j→b} = 4k² Re Σ_q Tr[(A_{q,j})† B_{q,j} ξ_j] with S⁻¹† ImG S⁻¹ = A† B; A, B: (n, q, 3N).

    Any channel to a body outside the particles takes this form with that body's absorption
    kernel in place of ImG (the far field and the surface of photodrag.engine.surface_kernel).

    xi: (n, N, 3, 3) blocks, or (n, N, b) the diagonals of diagonal kernels (blocks of b rows).
    """
    n, q, size = B.shape
    if xi.ndim == 3:
        return 4 * k2 * _weighted_column_sums(A, B, xi)
    N = size // 3
    B_xi = np.matmul(B.reshape(n, q, N, 3).transpose(0, 2, 1, 3), xi)       # (n, N, q, 3): B_j ξ_j
    B_xi *= A.reshape(n, q, N, 3).transpose(0, 2, 1, 3).conj()
    return 4 * k2 * B_xi.real.sum(axis=(2, 3))


def channel_from(C, D, xi, k2):
    """𝒯_{b→i} = 4k² Re Σ_q Tr[C_{i,q} D_{i,q}† ξ_i] with S⁻¹ ImG S⁻¹† = C D†; C, D: (n, 3N, q).

    The channel from a body outside the particles, with that body's emission kernel in place of ImG.

    xi as in :func:`channel_to`.
    """
    n, size, q = C.shape
    if xi.ndim == 3:
        rows = np.einsum("nac,nac->na", C.view(np.float64), D.view(np.float64))   # Re Σ_q conj(D) C per row
        return 4 * k2 * (rows.reshape(xi.shape) * xi.real).sum(axis=-1)
    N = size // 3
    xi_C = np.matmul(xi, C.reshape(n, N, 3, q))                               # (n, N, 3, q): ξ_i C_i
    xi_C *= D.reshape(n, N, 3, q).conj()
    return 4 * k2 * xi_C.real.sum(axis=(2, 3))


def _weighted_column_sums(A, B, weights):
    """Σ_a w_ia Re Σ_q conj(A[q, ia]) B[q, ia] per block i; A, B (n, q, m), weights (n, N, b), m = N b."""
    columns = np.einsum("nqc,nqc->nc", A.view(np.float64), B.view(np.float64))      # (n, 2m): re·re, im·im
    return (columns.reshape(weights.shape + (2,)).sum(axis=-1) * weights.real).sum(axis=-1)


def times_real_right(X, F):
    """X F for complex X (n, p, q) and real F (n, q, s), as real products on slabs of rows.

    A real matrix multiplies a complex one from the left on its real view (n, p, 2q); from the
    right the real and imaginary parts must be apart, so each slab of rows is split into a
    real buffer, [Re X_slab; Im X_slab], and multiplied there (slabs of PRODUCT_SLAB_BYTES:
    tall enough for BLAS to run at full speed).
    """
    n, p, q = X.shape
    out = np.empty((n, p, F.shape[-1]), dtype=complex)
    rows = max(1, PRODUCT_SLAB_BYTES // (16 * n * q))
    split = np.empty((n, 2, min(rows, p), q))
    for start in range(0, p, rows):  # slabs of rows, not pairs: each slab is one batched product
        part = slice(start, min(start + rows, p))
        height = part.stop - start
        piece = split[:, :, :height]
        piece[:, 0] = X[:, part].real
        piece[:, 1] = X[:, part].imag
        product = np.matmul(piece.reshape(n, 2 * height, q), F).reshape(n, 2, height, -1)  # copies the last, short slab
        out[:, part].real = product[:, 0]
        out[:, part].imag = product[:, 1]
    return out


def pair_transmissions(X, xi):
    """𝒯_{j→i} = 4 Re Σ_ab (X_ij ξ_j)_ab conj(ξ_i X_ij)_ab, returned [ω, absorber i, emitter j].

    The identity holds because ξ_i is Hermitian: Tr[X ξ_j X† ξ_i] = Σ (Xξ_j) ∘ conj(ξ_i X).
    For isotropic particles (ξ_i = s_i 1) it is 4 s_i s_j Σ_ab |X_ij,ab|². Absorbers are taken
    in slabs of SLAB_BYTES, so that the passes over a slab run in cache.
    """
    if xi.ndim == 3:
        return _pairs_diagonal(X, xi)
    n, size, _ = X.shape
    N = size // 3
    blocks = X.reshape(n, N, 3, N, 3)
    out = np.empty((n, N, N))
    slab = max(1, SLAB_BYTES // (16 * n * 3 * size))
    scalar = _is_scalar(xi)
    right = None if scalar else np.empty((n, 3 * slab, size), dtype=complex)
    for start in range(0, N, slab):  # slabs of absorbers, not pairs: each slab is one batched product
        part = slice(start, min(start + slab, N))
        rows = blocks[:, part]                                                # (n, m, 3, N, 3)
        m = rows.shape[1]
        if scalar:
            re_im = rows.view(np.float64)                                     # (n, m, 3, N, 6)
            out[:, part] = np.einsum("nmajb,nmajb->nmj", re_im, re_im)
            continue
        left = np.matmul(xi[:, part], rows.reshape(n, m, 3, size))            # ξ_i X_ij: [ω, i, a, jb]
        slab_right = _times_block_diagonal(rows.reshape(n, 3 * m, size), xi, right[:, : 3 * m])  # X_ij ξ_j, same layout
        # Re Σ_ab conj(left) right = Σ over the real views (re·re + im·im)
        out[:, part] = np.einsum("niajc,niajc->nij", left.view(np.float64).reshape(n, m, 3, N, 6),
                                 slab_right.view(np.float64).reshape(n, m, 3, N, 6))
    if scalar:
        s = xi[..., 0, 0].real
        out *= s[:, :, None]
        out *= s[:, None, :]
    out *= 4
    return out


def _pairs_diagonal(X, weights):
    """:func:`_pairs` for diagonal kernels, weights (n, N, b) = the diagonals of ξ_i, blocks of b rows:

    𝒯_{j→i} = 4 Σ_{a∈i} Σ_{c∈j} w_a |X_ac|² w_c. Rows are taken in slabs of SLAB_BYTES whatever
    the block size (a block of a high-order multipole sphere may hold thousands of rows); each
    row's sums over the columns of every block are kept, (n, m, N), and weighted by w_a at the end.
    """
    n, size, _ = X.shape
    N, b = weights.shape[1:]
    column_weights = np.repeat(weights.real, 2, axis=-1)[:, None]                        # (n, 1, N, 2b)
    per_row = np.empty((n, size, N))
    rows = max(1, SLAB_BYTES // (16 * n * size))
    for start in range(0, size, rows):  # slabs of rows, not pairs: each slab is one pass
        part = slice(start, min(start + rows, size))
        re_im = X[:, part].view(np.float64).reshape(n, -1, N, 2 * b)
        per_row[:, part] = np.einsum("nrjc,nrjc->nrj", re_im * column_weights, re_im)
    out = np.einsum("niaj,nia->nij", per_row.reshape(n, N, b, N), weights.real)
    out *= 4
    return out


def transmission_chunk(k, geometry, eps, radii, workspace=None):
    """All transmissions for one stack of frequencies (electric dipoles, quasi-static α).

    Parameters
    ----------
    k : (n,) rad/m
    geometry : photodrag.engine.interaction.Geometry, or separations (N, N, 3) m, r_i − r_j
    eps : (n, N, 3, 3) relative permittivity of each particle
    radii : (N,) m
    workspace : Workspace, optional; buffers to reuse across calls of the same shape

    Returns
    -------
    pair : (n, N, N) float, 𝒯_{j→i} at [:, j, i] (emitter, absorber); zero diagonal
    to_bath : (n, N) float, 𝒯_{j→b}
    from_bath : (n, N) float, 𝒯_{b→i}
    """
    k = np.asarray(k, dtype=float)
    if not isinstance(geometry, Geometry):
        geometry = Geometry(geometry)
    inverse_alpha, xi = particle_kernels(eps, radii, k)
    return block_transmission(k, geometry, inverse_alpha, xi, workspace)


def block_transmission(k, geometry, inverse_alpha, xi, workspace=None):
    """All transmissions between the dipoles of one stack of frequencies, from their kernels.

    A dipole is a 3×3 block of S = Λ − k²G: an electric one here, or, with
    photodrag.engine.coupling.DipoleGeometry, electric and magnetic ones (photodrag.engine.multipole).

    Parameters
    ----------
    k : (n,) rad/m
    geometry : photodrag.engine.interaction.Geometry or photodrag.engine.coupling.DipoleGeometry;
        it fills S and ImG (methods interaction_matrix, imag_green_matrix, imag_green_factor)
    inverse_alpha : (n, M, 3, 3) complex, Λ's diagonal blocks α⁻¹ in m⁻³, one per dipole
    xi : (n, M, 3, 3) complex, the dipoles' dissipation kernels ξ in m⁻³
    workspace : Workspace, optional

    Returns
    -------
    pair (n, M, M), to_bath (n, M), from_bath (n, M), per dipole as in :func:`transmission_chunk`.
    """
    workspace = Workspace() if workspace is None else workspace
    n, N = inverse_alpha.shape[:2]
    size = 3 * N
    k2 = (k**2)[:, None]

    if size < LOW_RANK_MIN_SIZE:
        imag_green = geometry.imag_green_matrix(k, out=workspace.get("ImG", (n, size, size), float))
        S = geometry.interaction_matrix(k, inverse_alpha, out=workspace.get("S", (n, size, size)))
        X = np.linalg.inv(S)                                                                 # S⁻¹
        return _dense_channels(X, xi, imag_green, k2, workspace, S)

    factor_t = geometry.imag_green_factor(k)                                                 # Fᵀ: ImG ≈ F Fᵀ
    S = geometry.interaction_matrix(k, inverse_alpha, out=workspace.get("S", (n, size, size)))
    return low_rank_channels(S, factor_t, xi, k2)


def low_rank_channels(S, factor_t, xi, k2, factor=None):
    """Every pair and both bath channels from S and a factor of ImG; S is consumed (inverted in place).

    Parameters
    ----------
    S : (n, m, m) complex, C-contiguous, the interaction matrix
    factor_t : (n, r, m) real, Fᵀ with ImG ≈ F Fᵀ
    factor : (n, m, r) real, F itself, C-contiguous, optional (default: factor_t's transposed view).
        numpy 2.4 multiplies a stack by a transposed view without BLAS, 250× slower at n = 32,
        m = 96; photodrag.engine.tmatrix passes F contiguous. (The dipole kernel keeps the view, so
        that its results stay the same to the last bit.)
    xi : (n, N, 3, 3) the blocks' dissipation kernels, or (n, N, b) the diagonals of diagonal ones
        (photodrag.engine.tmatrix: blocks of b = 2L(L+2) multipole modes)
    k2 : (n, 1) the factor k² of the bath channels (ones where ImG already carries it)

    Returns
    -------
    pair (n, N, N) [ω, emitter, absorber] with zero diagonal, to_bath (n, N), from_bath (n, N).
    """
    N = xi.shape[1]
    X = inverse_in_place(S)                                                                  # S⁻¹ (in S's memory)

    # Bath channels, from two different products of S⁻¹ with ImG (never one from the other):
    # S⁻¹† ImG S⁻¹ = U† U and S⁻¹ ImG S⁻¹† = V V†, with U = Fᵀ S⁻¹ and V = S⁻¹ F.
    U = np.matmul(factor_t, X.view(np.float64)).view(np.complex128)  # a real Fᵀ on X's real view
    to_bath = channel_to(U, U, xi, k2)
    del U
    V = times_real_right(X, factor_t.swapaxes(1, 2) if factor is None else factor)
    from_bath = channel_from(V, V, xi, k2)
    del V

    absorbed = pair_transmissions(X, xi)                                                                 # [ω, i, j]
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
    geometry = Geometry(separations)
    N = geometry.n_particles
    workspace = Workspace()

    def chunk(omega_part):
        return transmission_chunk(omega_part / constants.c, geometry, eps_of(omega_part), radii, workspace)

    return over_chunks(omega, frequencies_per_chunk(N, memory_bytes), chunk, [(N, N), (N,), (N,)], progress)
