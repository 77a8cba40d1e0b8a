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

Arrays: frequency axis first, tensor axes last. Pair arrays are indexed
[omega, emitter, absorber].
"""

from __future__ import annotations

import logging
import time

import numpy as np
from scipy import constants

from .green import green_coefficients, imag_green_coefficients
from .polarizability import dissipation_kernel, inverse_polarizability

log = logging.getLogger(__name__)

#: Default bound on the memory the kernel holds at once, in bytes.
DEFAULT_MEMORY_BYTES = 1 << 30

#: How many (3N)×(3N) complex arrays the kernel holds per frequency at its peak.
_ARRAYS_PER_OMEGA = 6


def bytes_per_omega(n_particles: int) -> int:
    """Approximate peak memory of the kernel per frequency in bytes."""
    return _ARRAYS_PER_OMEGA * 16 * (3 * n_particles) ** 2


def chunk_length(n_particles: int, memory_bytes: int = DEFAULT_MEMORY_BYTES) -> int:
    """How many frequencies to process at once so that the kernel stays within memory_bytes."""
    return max(1, int(memory_bytes // bytes_per_omega(n_particles)))


def _assemble(blocks_scalar_a, blocks_scalar_b, rr, diagonal):
    """A (n, 3N, 3N) matrix from off-diagonal blocks a 1 + b r̂r̂ and given diagonal blocks.

    blocks_scalar_a/b: (n, N, N) with anything on the diagonal (overwritten);
    rr: (N, N, 3, 3); diagonal: (n, N, 3, 3).
    """
    n, N = blocks_scalar_a.shape[:2]
    out = np.empty((n, N, 3, N, 3), dtype=np.result_type(blocks_scalar_a, diagonal))
    view = out.transpose(0, 1, 3, 2, 4)  # (n, N_i, N_j, 3, 3), shares memory with out
    view[...] = blocks_scalar_b[..., None, None] * rr
    view += blocks_scalar_a[..., None, None] * np.eye(3)
    index = np.arange(N)
    view[:, index, index] = diagonal
    return out.reshape(n, 3 * N, 3 * N)


def interaction_matrix(k, separations, inverse_alpha):
    """S = Λ − k² G, shape (n, 3N, 3N) complex, in m⁻³.

    k: (n,) rad/m; separations: (N, N, 3) m (r_i − r_j); inverse_alpha: (n, N, 3, 3) m⁻³.
    """
    N = separations.shape[0]
    distance = np.linalg.norm(separations, axis=-1)
    distance[np.diag_indices(N)] = 1.0  # placeholder: diagonal blocks are replaced below
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = separations / distance[..., None]
    rr = unit[..., :, None] * unit[..., None, :]
    a, b = green_coefficients(k, distance)
    k2 = (np.asarray(k) ** 2)[:, None, None]
    return _assemble(-k2 * a, -k2 * b, rr, inverse_alpha)


def imag_green_matrix(k, separations):
    """ImG_full of physics.md: blocks Im G0(r_i − r_j), diagonal k/(6π) 1; (n, 3N, 3N) real, 1/m."""
    N = separations.shape[0]
    distance = np.linalg.norm(separations, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(distance[..., None] > 0, separations / np.where(distance > 0, distance, 1)[..., None], 0.0)
    rr = unit[..., :, None] * unit[..., None, :]
    a, b = imag_green_coefficients(k, distance)
    diagonal = (np.asarray(k) / (6 * np.pi))[:, None, None, None] * np.broadcast_to(np.eye(3), (1, N, 3, 3))
    return _assemble(a, b, rr, diagonal)


def _blocks(matrix, N):
    """View a (n, 3N, 3N) stack as (n, N_row, N_col, 3, 3) blocks (no copy)."""
    return matrix.reshape(matrix.shape[0], N, 3, N, 3).transpose(0, 1, 3, 2, 4)


def _trace_product(a, b):
    """Tr[a b] over the last two axes, for stacks of 3×3 matrices."""
    return np.einsum("...ij,...ji->...", a, b)


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
    n, N = eps.shape[:2]
    xi = dissipation_kernel(eps, radii[None, :])                        # (n, N, 3, 3)
    S = interaction_matrix(k, separations, inverse_polarizability(eps, radii[None, :], k))
    S_inv = np.linalg.inv(S)
    del S

    blocks = _blocks(S_inv, N)                                          # [ω, i, j] = (S⁻¹)_ij
    # 𝒯_{j→i} = 4 Tr[(S⁻¹)_ij ξ_j (S⁻¹)_ij† ξ_i] = 4 Σ (ξ_i (S⁻¹)_ij ξ_j) ∘ conj((S⁻¹)_ij)
    weighted = xi[:, :, None] @ blocks @ xi[:, None, :]
    absorbed_from = 4 * np.einsum("nijab,nijab->nij", weighted, blocks.conj()).real  # [ω, i, j]
    pair = absorbed_from.transpose(0, 2, 1).copy()                      # [ω, emitter j, absorber i]
    pair[:, np.arange(N), np.arange(N)] = 0.0
    del weighted, absorbed_from

    imag_green = imag_green_matrix(k, separations).real
    k2 = (np.asarray(k) ** 2)[:, None]
    # Real ImG times complex S⁻¹ as two real products: half the work of a complex one.
    radiated = np.matmul(imag_green, S_inv.real) + 1j * np.matmul(imag_green, S_inv.imag)  # ImG S⁻¹
    # (S⁻¹† ImG S⁻¹)_jj = Σ_rows conj(S⁻¹[:, j-block]) ImG S⁻¹[:, j-block]
    columns = S_inv.reshape(n, 3 * N, N, 3)
    outgoing = np.einsum("nrja,nrjb->njab", columns.conj(), radiated.reshape(n, 3 * N, N, 3))
    to_bath = 4 * k2 * _trace_product(outgoing, xi).real
    del radiated, outgoing

    received = np.matmul(S_inv.real, imag_green) + 1j * np.matmul(S_inv.imag, imag_green)  # S⁻¹ ImG
    rows = S_inv.reshape(n, N, 3, 3 * N)
    incoming = np.einsum("niar,nibr->niab", received.reshape(n, N, 3, 3 * N), rows.conj())
    from_bath = 4 * k2 * _trace_product(incoming, xi).real
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
    step = chunk_length(N, memory_bytes)
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
