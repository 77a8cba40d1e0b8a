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

Cost per ω: the fill of G_R (a table per ω), one inverse, and two dense products with K (real
ones on a reciprocal surface, where K is real: checked, not assumed), on top of the vacuum kernel's
O(N² r) far-field products.
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from .chunks import Workspace, frequencies_per_chunk, over_chunks
from .interaction import Geometry, imag_green_matrix
from .kernel import channel_from, channel_to, pair_transmissions, times_real_right
from .lapack import inverse_in_place
from .reflected import PairGeometry, reflected_green_matrix
from .surface_channels import far_field_factors

#: Complex (3N)² arrays held per ω: S, G_R, K (real, or complex above a magneto-optical surface),
#: the products K X and X K; in units of 16 (3N)² bytes, with room for the inverse's work.
STACKS_PER_OMEGA = 6


def bytes_per_omega(n_particles: int) -> int:
    """Peak memory the surface kernel holds per frequency, in bytes (3N×3N complex stacks and the
    far-field factors, of rank ≲ 3N)."""
    m = 3 * n_particles
    return STACKS_PER_OMEGA * 16 * m * m + 32 * m * min(m, 1024)


def environment_kernel(k, geometry: Geometry, reflected: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """K = ImH(𝐆) of the environment as (real part, imaginary part or None), each (n, 3N, 3N), 1/m.

    The real part is Im G0 (dense, photodrag.engine.interaction.imag_green_matrix, k/(6π) 1 on the
    diagonal) plus (Im G_R + Im G_Rᵀ)/2; the imaginary part is −(Re G_R − Re G_Rᵀ)/2, zero where
    G_R is symmetric (a reciprocal surface), and then None so that the products stay real.
    """
    real = imag_green_matrix(k, geometry)
    transposed = reflected.transpose(0, 2, 1)
    real += (reflected.imag + transposed.imag) / 2
    antisymmetric = reflected.real - transposed.real
    if not np.any(antisymmetric):
        return real, None
    return real, -antisymmetric / 2


def _environment_channels(X, K_real, K_imag, xi, k2):
    """𝒯 to and from the whole environment, (n, N) each: 4k² Tr[(X†KX)_jj ξ_j], 4k² Tr[(XKX†)_ii ξ_i]."""
    if K_imag is None:   # real symmetric K: a real matrix times X on its real view, X times it by slabs
        W = np.matmul(K_real, X.view(np.float64)).view(np.complex128)
        Y = times_real_right(X, K_real)
    else:
        K = K_real + 1j * K_imag
        W, Y = np.matmul(K, X), np.matmul(X, K)
    return channel_to(X, W, xi, k2), channel_from(Y, X, xi, k2)


def surface_chunk(k, reflector, geometry: Geometry, pairs: PairGeometry, positions, inverse_alpha, xi,
                  workspace=None):
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

    Returns
    -------
    pair (n, N, N) [ω, emitter, absorber], zero diagonal; to_far, from_far, to_surface,
    from_surface (n, N) each: the channels to and from the far field (z → +∞) and the surface.
    """
    workspace = Workspace() if workspace is None else workspace
    n, N = inverse_alpha.shape[:2]
    size = 3 * N
    k2 = (k**2)[:, None]
    reflected = reflected_green_matrix(reflector, pairs, out=workspace.get("G_R", (n, size, size)))
    K_real, K_imag = environment_kernel(k, geometry, reflected)
    S = geometry.interaction_matrix(k, inverse_alpha, out=workspace.get("S", (n, size, size)))
    reflected *= -k2[..., None]                                       # G_R is not needed again: S −= k² G_R
    S += reflected
    X = inverse_in_place(S)
    to_environment, from_environment = _environment_channels(X, K_real, K_imag, xi, k2)
    F_absorb, F_emit = far_field_factors(reflector, positions)      # A_far = F_absorb† F_absorb, C_far alike
    U = np.matmul(F_absorb, X)
    to_far = channel_to(U, U, xi, k2)
    V = np.matmul(X, F_emit.conj().swapaxes(1, 2))
    from_far = channel_from(V, V, xi, k2)
    pair = pair_transmissions(X, xi).transpose(0, 2, 1).copy()        # [ω, emitter, absorber]
    pair[:, np.arange(N), np.arange(N)] = 0.0
    return pair, to_far, from_far, to_environment - to_far, from_environment - from_far


def transmission(omega, system, kernels, *, memory_bytes: int, progress=None):
    """Transmissions of a System above its surface on a frequency grid, in chunks that bound memory.

    ``kernels(eps, k)`` gives (α⁻¹, ξ) of the particles' electric dipoles, (n, N, 3, 3) each, in the
    System's polarizability model. Returns (pair, to_far, from_far, to_surface, from_surface) over
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
        return surface_chunk(k, reflector, geometry, pairs, system.positions, inverse_alpha, xi, workspace)

    step = frequencies_per_chunk(N, memory_bytes, bytes_per_omega(N))
    return over_chunks(omega, step, chunk, [(N, N), (N,), (N,), (N,), (N,)], progress)
