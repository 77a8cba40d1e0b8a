"""N isotropic spheres with electric and magnetic multipoles to order L: the exact many-sphere problem.

Physics (docs/theory.md, "Exact multipoles"). Each sphere i carries the amplitudes d of its
outgoing multipoles (2L(L+2) modes: electric and magnetic, l = 1 … L, μ = −l … l, in the real
basis of photodrag.engine.spherical_waves). The field of all the others arrives at i as regular
waves with amplitudes F_i = (ik³/6π) Σ_j A(r_i − r_j) d_j, and d_i = α_i F_i + (fluctuations) with
the multipole polarizabilities α_l = 6πi a_l/k³ and 6πi b_l/k³ (photodrag.engine.mie_orders); these
units make the l = 1 modes exactly photodrag's dipoles d = (p/ε0, i Z0 m) and F = (E, i Z0 H) at the
centre (x, y, z components; docs/magnetic-dipoles.md). So the problem has the form of the dipole
kernel (photodrag.engine.kernel), with m = 2L(L+2)·N rows:

    S = Λ − (ik³/6π) A_off,   Λ = diag((k³/6π)(B_l/A_l − i)),   ξ = −(k³/6π) Im(B_l/A_l),
    ImG = (k/6π) J            (the regular-to-regular coefficients; J_ii = 1),

and ImH(S) = −(Ξ + k² ImG) because A = J + iY with A(r)ᵀ = A(−r). Every transmission is the
kernel's trace formula (Krüger, Bimonte, Emig & Kardar, PRB 86, 115423 (2012), with the N-body
scattering matrix): 𝒯_{j→i} = 4 Tr[(S⁻¹)_ij Ξ_j (S⁻¹)_ij† Ξ_i], 𝒯_{j→b} = 4k² Tr[(S⁻¹† ImG S⁻¹)_jj Ξ_j],
𝒯_{b→i} = 4k² Tr[(S⁻¹ ImG S⁻¹†)_ii Ξ_i].

Scaling. The problem is solved in the modes scaled by σ = √(6π/k³) ρ_l(kR_i) (a real diagonal,
which leaves every transmission unchanged): S' = σSσ has diagonal ρ²(B/A) − iρ² and off-diagonal
blocks −i ρ_i A ρ_j, Ξ' = −ρ² Im(B/A), and k²ImG' = ρ J ρ = −Im S'_off (diagonal ρ²), read back from
S' itself before the inverse. Without it S spans 1e±170 at L = 30 and the LU overflows.

Arrays: frequency axis first; pair arrays [omega, emitter, absorber].
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from . import mie_orders
from .chunks import DEFAULT_MEMORY_BYTES, Workspace, frequencies_per_chunk, over_chunks
from .interaction import low_rank_factor
from .kernel import low_rank_channels
from .lapack import IN_PLACE_MIN_SIZE, numpy_getri
from .spherical_waves import mode_degrees, modes_per_sphere, padded_rotations, real_rotations, translation_blocks

#: Bytes of the coupling blocks (and their intermediates) filled at once.
FILL_BYTES = 32 << 20

#: Tolerance of the low-rank factor of the scaled bath kernel (as photodrag.engine.interaction's).
LOW_RANK_TOLERANCE = 1e-13


def bytes_per_omega(n_spheres: int, order: int) -> int:
    """Peak memory of the multipole kernel per frequency, in bytes (fill buffers not counted).

    S (overwritten by S⁻¹ with the in-place inverse from m = photodrag.engine.lapack.IN_PLACE_MIN_SIZE
    on; numpy.linalg.inv holds three such matrices below that), the factor of the bath kernel and
    the bath products (O(m r), r ≤ 512 counted), and the per-row sums of the pairs (8 m N).
    """
    m = modes_per_sphere(order) * n_spheres
    matrices = 16 if m >= IN_PLACE_MIN_SIZE and numpy_getri() is not None else 48
    return matrices * m * m + 8192 * m + 8 * m * n_spheres


class SphereCluster:
    """The geometry of N spheres for multipoles to order L, shared by every frequency.

    positions (N, 3) m, radii (N,) m, order L ≥ 1. Attributes: order, n_spheres, modes (per sphere),
    size (m = modes · N), emitter/absorber of every ordered pair (i ≠ j; the pair's rows are i's,
    its columns j's), distance (P,) m, rotations (P, L, 2L+1, 2L+1). Both orders of every pair are
    computed from their own direction: nothing is copied from the reverse pair (no symmetry imposed).
    """

    def __init__(self, positions, radii, order: int):
        positions = np.asarray(positions, dtype=float)
        self.order = int(order)
        self.radii = np.asarray(radii, dtype=float)
        self.n_spheres = positions.shape[0]
        self.modes = modes_per_sphere(self.order)
        self.size = self.modes * self.n_spheres
        i, j = np.nonzero(~np.eye(self.n_spheres, dtype=bool))
        self.absorber, self.emitter = i, j
        separation = positions[i] - positions[j]                               # r_i − r_j
        self.distance = np.linalg.norm(separation, axis=-1)
        polar = np.arccos(np.clip(separation[:, 2] / np.where(self.distance > 0, self.distance, 1), -1, 1))
        azimuth = np.arctan2(separation[:, 1], separation[:, 0])
        self.rotations = padded_rotations(real_rotations(self.order, polar, azimuth))

    def _pair_slabs(self, n: int):
        """Slices of pairs whose coupling blocks and intermediates fit in FILL_BYTES for n frequencies."""
        L = self.order
        per_pair = n * 16 * (self.modes**2 + 4 * L * L * (2 * L + 2))
        step = max(1, FILL_BYTES // per_pair)
        return [slice(s, min(s + step, self.distance.size)) for s in range(0, self.distance.size, step)]

    def interaction_matrix(self, k, log_scale, diagonal, out):
        """S' (n, m, m) complex, written into out: diagonal entries `diagonal` (n, m), blocks −i ρ_i A ρ_j.

        k: (n,) rad/m; log_scale: (n, N, L) ln ρ_l(kR_i). Diagonal blocks are otherwise zero.
        """
        n, N, M = k.size, self.n_spheres, self.modes
        blocks_view = out.reshape(n, N, M, N, M)
        index = np.arange(N)
        blocks_view[:, index, :, index, :] = 0
        for part in self._pair_slabs(n):  # slabs of pairs: each slab is a few batched products per degree
            i, j = self.absorber[part], self.emitter[part]
            blocks = translation_blocks(self.order, k[:, None] * self.distance[part], self.rotations[part],
                                        log_scale[:, i], log_scale[:, j])
            blocks *= -1j
            blocks_view[:, i, :, j, :] = np.moveaxis(blocks, 1, 0)
        out.reshape(n, -1)[:, :: self.size + 1] = diagonal
        return out

    def bath_factor(self, S, diagonal):
        """Fᵀ (n, r, m) with k²ImG' ≈ F Fᵀ, from S' before its inverse: rows −Im S', diagonal ρ² (n, m)."""
        w = np.arange(S.shape[0])

        def row(pivot):
            values = -S[w, pivot].imag
            values[w, pivot] = diagonal[w, pivot]
            return values

        return low_rank_factor(diagonal, row, LOW_RANK_TOLERANCE)


def mode_kernels(eps, radii, k, order: int):
    """The scaled diagonals of one frequency stack: (Λ', Ξ', ρ², ln ρ).

    eps: (n, N) complex scalar permittivities; radii (N,) m; k (n,) rad/m. Returns Λ' = ρ²(B/A − i)
    and ρ² as (n, N·modes), Ξ' = −ρ² Im(B/A) as (n, N, modes), and ln ρ as (n, N, L).
    """
    electric, magnetic, log_scale = mie_orders.scaled_ratios(eps, k[:, None] * radii[None, :], order)
    degree = mode_degrees(order) - 1
    K = degree.size // 2
    ratio = np.concatenate([electric[..., degree[:K]], magnetic[..., degree[K:]]], axis=-1)   # (n, N, modes)
    scale2 = np.exp(2 * log_scale[..., degree])
    n = k.size
    return (ratio - 1j * scale2).reshape(n, -1), -ratio.imag, scale2.reshape(n, -1), log_scale


def transmission_chunk(k, cluster: SphereCluster, eps, workspace=None):
    """(pair, to_bath, from_bath) of one frequency stack, as photodrag.engine.kernel.transmission_chunk.

    k: (n,) rad/m; eps: (n, N) complex scalar permittivities of the spheres.
    """
    workspace = Workspace() if workspace is None else workspace
    n, m = k.size, cluster.size
    inverse_alpha, xi, scale2, log_scale = mode_kernels(eps, cluster.radii, k, cluster.order)
    S = cluster.interaction_matrix(k, log_scale, inverse_alpha, workspace.get("S", (n, m, m)))
    factor_t = cluster.bath_factor(S, scale2)
    factor = np.ascontiguousarray(factor_t.swapaxes(1, 2))
    return low_rank_channels(S, factor_t, xi, np.ones((n, 1)), factor)


def transmission(omega, positions, radii, eps_of, order: int, *, memory_bytes: int = DEFAULT_MEMORY_BYTES,
                 progress=None):
    """Transmissions of N spheres with multipoles to order L, on a frequency grid in chunks.

    Parameters
    ----------
    omega : (n_omega,) rad/s
    positions : (N, 3) m; radii : (N,) m
    eps_of : callable(omega_chunk) -> (n_chunk, N) complex, the spheres' scalar permittivities
    order : L ≥ 1
    memory_bytes : bound on what the kernel holds at once
    progress : callable(fraction_done, elapsed_seconds), optional

    Returns
    -------
    pair (n_omega, N, N) [ω, emitter, absorber] with zero diagonal, to_bath (n_omega, N),
    from_bath (n_omega, N); dimensionless.
    """
    omega = np.asarray(omega, dtype=float)
    cluster = SphereCluster(positions, radii, order)
    N = cluster.n_spheres
    workspace = Workspace()

    def chunk(omega_part):
        return transmission_chunk(omega_part / constants.c, cluster, eps_of(omega_part), workspace)

    step = frequencies_per_chunk(N, memory_bytes, bytes_per_omega(N, order), matrix_size=cluster.size)
    return over_chunks(omega, step, chunk, [(N, N), (N,), (N,)], progress)


def working_bytes(n_spheres: int, n_omega: int, order: int, memory_bytes: int = DEFAULT_MEMORY_BYTES) -> int:
    """Peak memory of a multipole spectra call in bytes: its results, one chunk's work, the geometry.

    Results 8 n_ω (N² + 2N); work: the chunk's frequencies × :func:`bytes_per_omega` plus the fill
    buffers (FILL_BYTES, twice); geometry: the rotations of the N(N−1) ordered pairs.
    """
    m = modes_per_sphere(order) * n_spheres
    per_omega = bytes_per_omega(n_spheres, order)
    step = min(n_omega, frequencies_per_chunk(n_spheres, memory_bytes, per_omega, matrix_size=m))
    pairs = n_spheres * (n_spheres - 1)
    return 8 * n_omega * (n_spheres**2 + 2 * n_spheres) + step * per_omega + 2 * FILL_BYTES + 8 * pairs * order * (2 * order + 1) ** 2
