"""Many-body transmission of electric dipoles above a planar surface: every pair, the far field and the surface.

Physics (docs/theory.md#channels-above-a-surface). The Green tensor of the environment is
G0 + G_R; G_R (photodrag.engine.reflected) enters S off the diagonal, with G0, and on it (each
particle's own reflected field dresses its polarizability):

    S = Λ − k² (G + G_R),      X = S⁻¹,      𝒯_{j→i} = 4 Tr[X_ij ξ_j X_ij† ξ_i]   (as in vacuum).

The environment absorbs what the dipoles radiate through K = ImH(𝐆), the Hermitian imaginary
part of the whole 3N×3N matrix 𝐆 of blocks G0(r_i − r_j) (diagonal: k/(6π) 1) + G_R(r_i, r_j);
ImH(S) = −(Ξ + k² K) is the same identity as in vacuum. K splits into the far field (plane waves
leaving to z → +∞) and the surface (everything the structure absorbs, or carries away into its
half-space):

    K = A_far + A_surf = C_far + C_surf,

A for absorption (the channels to a body, 𝒯_{j→body} = 4k² Tr[(X† A X)_jj ξ_j]) and C for
emission (𝒯_{body→i} = 4k² Tr[(X C X†)_ii ξ_i]); A ≠ C only for a non-reciprocal surface.
A_far and C_far are low rank (propagating waves only) and come as factors
(photodrag.engine.surface_channels.far_field_factors). The kernel forms the channels to and from
the whole environment with K, and the far field's with its factors; the surface's are their
difference. That A_far + A_surf = K = C_far + C_surf, with A_surf and C_surf computed directly
from the flux into the structure (1 − R†R and ImH R), is checked in
tests/physics/test_surface_energy_balance.py to 1e-10: so the surface channel is the flux into
the structure, and the dataset's energy balance checks the inversion and the split.

Cost per ω: the fill of G_R (a table per ω), one inverse, a pivoted Cholesky of K and two triangular
products with its factor (real ones on a reciprocal surface, where K is real: checked, not assumed), and
the far field's O(N² r) products; the far-field factors cost O(r T N) (photodrag.engine.hemisphere).
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from .chunks import Workspace, frequencies_per_chunk, over_chunks
from .interaction import LOW_RANK_TOLERANCE, Geometry, imag_green_matrix, row_slabs
from .kernel import channel_from, channel_to, pair_transmissions, times_real_right
from .lapack import inverse_in_place, numpy_cholesky
from .reflected import PairGeometry, fill_reflected_green
from .surface_channels import far_field_factors

#: Complex (3N)² arrays held per ω: S (overwritten by S⁻¹), G_R (then the rows of the environment's
#: products), K with the temporary of its symmetrisation (complex above a magneto-optical surface), and
#: the work of numpy's inverse below photodrag.engine.lapack.IN_PLACE_MIN_SIZE; in units of 16 (3N)² bytes.
STACKS_PER_OMEGA = 5


def bytes_per_omega(n_particles: int) -> int:
    """Peak memory the surface kernel holds per frequency, in bytes (3N×3N stacks and the far-field
    factors, of rank ≲ 3N)."""
    m = 3 * n_particles
    return STACKS_PER_OMEGA * 16 * m * m + 32 * m * min(m, 1024)


def environment_kernel(k, geometry: Geometry, reflected: np.ndarray, symmetric: bool, out=None) -> np.ndarray:
    """K = ImH(𝐆) of the environment, (n, 3N, 3N), 1/m: real where G_R is symmetric, else complex Hermitian.

    Im G0 (dense, photodrag.engine.interaction.imag_green_matrix, k/(6π) 1 on the diagonal) plus
    ImH(G_R) = (Im G_R + Im G_Rᵀ)/2 − i (Re G_R − Re G_Rᵀ)/2. symmetric: whether G_Rᵀ = G_R, as
    photodrag.engine.reflected.fill_reflected_green found it on the entries it wrote (a reciprocal
    surface): then ImH(G_R) = Im G_R, K is real, its products with S⁻¹ are real ones, and only its
    upper triangle (row ≤ column) is written, all that its Cholesky factor reads (:func:`_factor`):
    half the work of Im G0. Where G_R is not symmetric the whole Hermitian K is formed (its imaginary
    part still zero where only Im G_R is asymmetric). out: an optional real (n, 3N, 3N) buffer for a real K.
    """
    if symmetric:
        real = imag_green_matrix(k, geometry, out=out, upper=True)
        for part in row_slabs(reflected.shape[0], geometry.n_particles):   # the slabs imag_green_matrix wrote
            rows, first = slice(3 * part.start, 3 * part.stop), 3 * part.start
            real[:, rows, first:] += reflected[:, rows, first:].imag
        return real
    real = imag_green_matrix(k, geometry, out=out)
    real += reflected.imag
    real += real.transpose(0, 2, 1)              # Im G0 is symmetric: 2 Im G0 + Im G_R + Im G_Rᵀ (numpy buffers the overlap)
    real *= 0.5
    transposed = reflected.real.transpose(0, 2, 1)
    if np.array_equal(reflected.real, transposed):
        return real
    return real - 0.5j * (reflected.real - transposed)


def _environment_channels(X, K, xi, k2, buffer, rebuild):
    """𝒯 to and from the whole environment, (n, N) each: 4k² Tr[(X†KX)_jj ξ_j], 4k² Tr[(XKX†)_ii ξ_i].

    K is factored in its own memory by Cholesky, Pᵀ K P ≈ U_K† U_K with U_K upper trapezoidal (rank × 3N):
    without pivots (P = 1, full rank) where K is positive definite, as it is near a surface, else pivoted
    to its numerical rank (the neglected trace ≤ LOW_RANK_TOLERANCE Tr K, the bound of the vacuum kernel's
    factor of ImG; photodrag.engine.lapack.numpy_cholesky). Either reads K's upper triangle alone (row ≤
    column: a real K may hold nothing else, :func:`environment_kernel`). The two channels then come from
    two different triangular products: XKX† = W†W with W = U_K Pᵀ X† written into `buffer` (n, 3N, 3N)
    complex, then X†KX = U†U with U = U_K Pᵀ X in X's own memory where there are no pivots
    (:func:`_trace_channel` of each); neither is derived from the other. Together about half the flops
    of the dense K X and X K (:func:`_dense_environment_channels`, the fallback where numpy's OpenBLAS
    does not provide pstrf and trmm). rebuild(w) writes K[w] again (the factorisation overwrites it);
    buffer[w] is not written before K[w] is factored. X and K are consumed.
    """
    routines = numpy_cholesky()
    if routines is None:
        return _dense_environment_channels(X, _whole(K), xi, k2)
    n, size, _ = X.shape
    to_environment, from_environment = np.empty((n, size // 3)), np.empty((n, size // 3))
    for w in range(n):  # one LAPACK factorisation per ω: a (3N)³/3 step beside the products
        pivots, rank = _factor(routines, K[w], lambda: rebuild(w))
        rows = _permuted(X[w].T, pivots, buffer[w])                             # Pᵀ Xᵀ = conj(Pᵀ X†)
        if np.iscomplexobj(K):
            np.conjugate(rows, out=rows)
            _upper_times(routines, K[w], rank, rows)
            from_environment[w] = _trace_channel(rows[:rank], xi[w], k2[w])
        else:   # a real U_K: W = conj(U_K Pᵀ Xᵀ), and Tr[W†W ξ] = Tr[conj(W)†conj(W) ξᵀ] (ξ Hermitian)
            _upper_times(routines, K[w], rank, rows)
            from_environment[w] = _trace_channel(rows[:rank], xi[w].swapaxes(-1, -2), k2[w])
        rows = X[w] if pivots is None else _permuted(X[w], pivots, buffer[w])  # Pᵀ X; unpermuted, X's own memory
        _upper_times(routines, K[w], rank, rows)
        to_environment[w] = _trace_channel(rows[:rank], xi[w], k2[w])
    return to_environment, from_environment


def _factor(routines, K, rebuild) -> tuple[np.ndarray | None, int]:
    """(pivots, rank) of the Cholesky factor of K (C-contiguous), in K's memory: unpivoted where K is positive
    definite (pivots None: nothing of X to permute, and LAPACK's blocked potrf), else pivoted down to its
    numerical rank (pstrf, trace bound LOW_RANK_TOLERANCE) on K written again by rebuild(): potrf overwrites
    the triangle it reads before it finds a pivot that is not positive, so nothing of K is copied aside
    for the rare second try."""
    if routines.cholesky(K):
        return None, K.shape[0]
    rebuild()
    return routines.factor(K, LOW_RANK_TOLERANCE)


def _whole(K):
    """K with its lower triangle from its upper one (a real K of which only the upper triangle was written)."""
    if np.iscomplexobj(K):
        return K
    lower = np.tril_indices(K.shape[-1], -1)
    for matrix in K:
        matrix[lower] = matrix.T[lower]
    return K


def _permuted(A, pivots, out):
    """Pᵀ A into out: the rows of A in the order of the pivots (A itself without them)."""
    if pivots is None:
        np.copyto(out, A)
        return out
    return np.take(A, pivots, axis=0, out=out)


def _trace_channel(U, xi, k2):
    """4k² Re Tr[(U†U)_jj ξ_j] per particle j, (N,), for U (q, 3N) complex and ξ (N, 3, 3) of one ω.

    photodrag.engine.kernel.channel_to for U = A = B, without its (q, N, 3) temporaries: the 3×3 diagonal
    blocks of U†U first; for isotropic particles (ξ_j = s_j 1) only their traces, one sum of squares.
    """
    q, size = U.shape
    if np.array_equal(xi, xi[:, :1, :1] * np.eye(3)):
        parts = U.view(np.float64)           # column sums of squares first: einsum's fastest loop, 2.5x the (q, N, 6) one
        return 4 * k2 * np.einsum("qc,qc->c", parts, parts).reshape(-1, 6).sum(axis=1) * xi[:, 0, 0].real
    blocks = U.reshape(q, size // 3, 3)
    gram = np.einsum("qja,qjb->jab", np.conj(blocks), blocks)
    return 4 * k2 * np.einsum("jab,jba->j", gram, xi).real


def _upper_times(routines, factored, rank, rows):
    """rows[:rank] ← Lᵀ rows, Lᵀ (rank × 3N) the upper trapezoid of factored's first rank rows: the triangle
    by trmm in place, the rest (rank < 3N) by one product. A real factor works on the rows' real view."""
    view = rows.view(np.float64) if factored.dtype == np.float64 else rows
    routines.upper_times(factored, rank, view)
    if rank < factored.shape[0]:
        view[:rank] += factored[:rank, rank:] @ view[rank:]


def _dense_environment_channels(X, K, xi, k2):
    """The same channels from the dense products K X and X K (where numpy's OpenBLAS gives no pstrf/trmm)."""
    if not np.iscomplexobj(K):   # real symmetric K: a real matrix times X on its real view, X times it by slabs
        W = np.matmul(K, X.view(np.float64)).view(np.complex128)
        Y = times_real_right(X, K)
    else:
        W, Y = np.matmul(K, X), np.matmul(X, K)
    return channel_to(X, W, xi, k2), channel_from(Y, X, xi, k2)


def surface_chunk(k, reflector, geometry: Geometry, pairs: PairGeometry, positions, inverse_alpha, xi,
                  workspace=None, green_method="auto"):
    """All transmissions of one stack of frequencies above a surface.

    Parameters
    ----------
    k : (n,) rad/m
    reflector : photodrag.engine.reflection.Reflector of the surface at these frequencies
    geometry : photodrag.engine.interaction.Geometry of the particles (the free-space blocks)
    pairs : photodrag.engine.reflected.PairGeometry of the particles (the reflected blocks)
    positions : (N, 3) m, every z > 0
    inverse_alpha, xi : (n, N, 3, 3) complex, α⁻¹ and the dissipation kernels ξ in m⁻³
    workspace : photodrag.engine.chunks.Workspace, optional
    green_method : how G_R is filled (photodrag.engine.reflected.fill_reflected_green's method): "auto"
        (tabulated for ≥ DIRECT_MAX_PAIRS pairs), "table", or "direct" (summed pair by pair: a reference)

    Returns
    -------
    pair (n, N, N) [ω, emitter, absorber], zero diagonal; to_far, from_far, to_surface,
    from_surface (n, N) each: the channels to and from the far field (z → +∞) and the surface.
    """
    workspace = Workspace() if workspace is None else workspace
    n, N = inverse_alpha.shape[:2]
    size = 3 * N
    k2 = (k**2)[:, None]
    reflected = workspace.get("G_R", (n, size, size))
    symmetric = fill_reflected_green(reflector, pairs, reflected, method=green_method)
    K = environment_kernel(k, geometry, reflected, symmetric, out=workspace.get("K", (n, size, size), float))
    S = geometry.interaction_matrix(k, inverse_alpha, out=workspace.get("S", (n, size, size)))
    reflected.view(np.float64)[...] *= -k2[..., None]                 # S −= k² G_R; G_R is read again only
    S += reflected                                                    # where K must be rebuilt (rare)

    def rebuild(w):  # K[w] again, from −k² G_R still in its buffer when K[w] is factored
        K[w] = environment_kernel(k[w:w + 1], geometry, reflected[w:w + 1] / -k2[w], symmetric)[0]
    X = inverse_in_place(S)
    F_absorb, F_emit = far_field_factors(reflector, positions)      # A_far = F_absorb† F_absorb, C_far alike
    U = np.matmul(F_absorb, X)
    to_far = channel_to(U, U, xi, k2)
    V = np.matmul(X, F_emit.conj().swapaxes(1, 2))
    from_far = channel_from(V, V, xi, k2)
    del U, V
    pair = pair_transmissions(X, xi).transpose(0, 2, 1).copy()        # [ω, emitter, absorber]
    pair[:, np.arange(N), np.arange(N)] = 0.0
    to_environment, from_environment = _environment_channels(X, K, xi, k2, reflected, rebuild)   # G_R's buffer as work
    return pair, to_far, from_far, to_environment - to_far, from_environment - from_far


def transmission(omega, system, kernels, *, memory_bytes: int, progress=None, green_method="auto"):
    """Transmissions of a System above its surface on a frequency grid, in chunks that bound memory.

    ``kernels(eps, k)`` gives (α⁻¹, ξ) of the particles' electric dipoles, (n, N, 3, 3) each, in the
    System's polarizability model; green_method as :func:`surface_chunk`'s. Returns (pair, to_far, from_far, to_surface, from_surface) over
    the whole grid, as :func:`surface_chunk`.
    """
    omega = np.asarray(omega, dtype=float)
    N = system.n_particles
    geometry = Geometry(system.separations())
    pairs = PairGeometry(system.positions)
    workspace = Workspace()

    def chunk(omega_part):
        k = omega_part / constants.c
        inverse_alpha, xi = kernels(system.epsilon(omega_part), k)
        reflector = system.surface.reflector(omega_part, system.B)
        return surface_chunk(k, reflector, geometry, pairs, system.positions, inverse_alpha, xi, workspace,
                             green_method)

    step = frequencies_per_chunk(N, memory_bytes, bytes_per_omega(N))
    return over_chunks(omega, step, chunk, [(N, N), (N,), (N,), (N,), (N,)], progress)
