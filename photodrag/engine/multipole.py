"""Transmission spectra beyond the paper's model: Mie polarizabilities, magnetic dipoles (6N×6N).

Each particle carries the dipoles that photodrag.engine.dipoles assigns it: an electric one always,
a magnetic one in the "electric+magnetic" model (isotropic spheres only). Every dipole is a
3×3 block of S = Λ − k²𝒢' (photodrag.engine.coupling) with its own α⁻¹ and dissipation kernel
ξ = −Im α0⁻¹, and photodrag.engine.kernel.block_transmission gives the transmission between every
pair of dipoles. For the pair of particles j → i it sums the four channels,

    𝒯_{j→i} = Σ_{s ∈ {E, M} of j} Σ_{t ∈ {E, M} of i} 4 Tr[(S⁻¹)_ts ξ_s (S⁻¹)_ts† ξ_t],

which is 4 Tr[(S⁻¹)_ij Ξ_j (S⁻¹)_ij† Ξ_i] over the particles' 6×6 blocks (Ξ block-diagonal in
E, M): the 𝒯 of docs/theory.md with 6×6 Green tensors. The bath channels add the particle's dipoles
alike; the channels within one particle (E ↔ M of the same sphere) are, like the diagonal
of the 3N model, not a transmission and are left out of both sides of the energy balance.
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from . import mie
from .chunks import DEFAULT_MEMORY_BYTES, Workspace, bytes_per_omega_blocks, frequencies_per_chunk, over_chunks
from .coupling import DipoleGeometry
from .dipoles import DIPOLE_KINDS
from .interaction import Geometry
from .kernel import block_transmission, particle_kernels
from .polarizability import radiative_term

#: Relative size of the anisotropic part of ε above which a sphere is not isotropic for Mie theory.
ISOTROPY_TOLERANCE = 1e-12


def isotropic_permittivity(eps: np.ndarray, particles) -> np.ndarray:
    """The scalar ε of the given particles, (n, len(particles)); eps (n, N, 3, 3).

    Raises ValueError naming the particle where ε is not a multiple of the identity.
    """
    eps = eps[:, particles]
    scalar = np.trace(eps, axis1=-2, axis2=-1) / 3
    deviation = np.abs(eps - scalar[..., None, None] * np.eye(3)).max(axis=(-2, -1))
    bad = deviation > ISOTROPY_TOLERANCE * np.abs(scalar)
    if np.any(bad):
        particle = np.asarray(particles)[np.flatnonzero(bad.any(axis=0))[0]]
        raise ValueError(f"particle {particle} has an anisotropic permittivity: Mie polarizabilities and a "
                         "magnetic dipole need an isotropic sphere")
    return scalar


def _scalar_blocks(inverse_bare, k):
    """(Λ, ξ) as (…, 3, 3) multiples of the identity from α0⁻¹ (n, p): α⁻¹ = α0⁻¹ − i k³/6π, ξ = −Im α0⁻¹."""
    reaction = radiative_term(k)[:, None]
    identity = np.eye(3)
    return ((inverse_bare - 1j * reaction)[..., None, None] * identity,
            (-inverse_bare.imag)[..., None, None] * identity + 0j)


def dipole_kernels(eps, radii, k, models):
    """(Λ, ξ) of every dipole block, each (n, B, 3, 3) complex in m⁻³, in photodrag.engine.coupling's layout.

    eps: (n, N, 3, 3); radii: (N,) m; k: (n,) rad/m; models: photodrag.engine.dipoles.ParticleModels.
    Electric blocks: the tensor Clausius–Mossotti α0 (quasistatic) or 6πi a1/k³ (mie); magnetic
    blocks: α_H0 (photodrag.engine.mie.quasistatic_magnetic) or 6πi b1/k³; radiative correction in all.
    """
    radii = np.asarray(radii, dtype=float)
    inverse_alpha, xi = particle_kernels(eps, radii, k)          # quasi-static electric, every particle
    mie_particles, magnetic = models.mie, models.magnetic
    if mie_particles.size:
        eps_mie = isotropic_permittivity(eps, mie_particles)
        inverse_e, _ = mie.inverse_bare_polarizabilities(eps_mie, radii[mie_particles], k)
        inverse_alpha[:, mie_particles], xi[:, mie_particles] = _scalar_blocks(inverse_e, k)
    if magnetic.size == 0:
        return inverse_alpha, xi
    eps_h = isotropic_permittivity(eps, magnetic)
    inverse_h = np.empty(eps_h.shape, dtype=complex)
    by_mie = np.array([models.polarizability[p] == "mie" for p in magnetic])
    if by_mie.any():
        _, inverse_h[:, by_mie] = mie.inverse_bare_polarizabilities(eps_h[:, by_mie], radii[magnetic[by_mie]], k)
    if not by_mie.all():
        alpha_h0 = mie.quasistatic_magnetic(eps_h[:, ~by_mie], radii[magnetic[~by_mie]], k)
        if np.any(alpha_h0 == 0):
            raise ValueError("ε = 1: a particle indistinguishable from vacuum does not polarise")
        inverse_h[:, ~by_mie] = 1 / alpha_h0
    lam_h, xi_h = _scalar_blocks(inverse_h, k)
    return np.concatenate([inverse_alpha, lam_h], axis=1), np.concatenate([xi, xi_h], axis=1)


def _block_owners(models):
    """(particle, kind) of every block: kind 0 electric, 1 magnetic (indices into DIPOLE_KINDS)."""
    N = len(models.dipole)
    particle = np.concatenate([np.arange(N), models.magnetic])
    kind = np.concatenate([np.zeros(N, dtype=int), np.ones(models.magnetic.size, dtype=int)])
    return particle, kind


def transmission(omega, system, *, memory_bytes: int = DEFAULT_MEMORY_BYTES, progress=None, by_dipole: bool = True):
    """Transmissions of a System in its own model, on a frequency grid in chunks that bound memory.

    Parameters
    ----------
    omega : (n_omega,) rad/s
    system : photodrag.System (any dipoles / polarizability)
    memory_bytes : bound on what the kernel holds at once
    progress : callable(fraction_done, elapsed_seconds), optional
    by_dipole : whether to return the channels (else None in their place: nothing of that size is kept)

    Returns
    -------
    pair : (n_omega, N, N), 𝒯 [ω, emitter, absorber], zero diagonal
    to_bath : (n_omega, N); from_bath : (n_omega, N)
    by_dipole : (n_omega, N, N, K, K), 𝒯 per pair of dipoles [ω, emitter, absorber, emitter_dipole,
        absorber_dipole], K = 1 (electric only) or 2 (DIPOLE_KINDS order); pair is its sum over the
        last two axes, and a particle without a magnetic dipole has zeros in that channel.
    """
    omega = np.asarray(omega, dtype=float)
    models = system.models
    N, B = system.n_particles, models.n_blocks
    kinds = 1 if system.dipoles == "electric" else len(DIPOLE_KINDS)
    if models.magnetic.size:
        geometry = DipoleGeometry(system.separations(), models.magnetic)
    else:
        geometry = Geometry(system.separations())
    particle, kind = _block_owners(models)
    workspace = Workspace()

    def chunk(omega_part):
        k = omega_part / constants.c
        inverse_alpha, xi = dipole_kernels(system.epsilon(omega_part), system.radii, k, models)
        pair_blocks, to_blocks, from_blocks = block_transmission(k, geometry, inverse_alpha, xi, workspace)
        channels = np.zeros((k.size, N, N, kinds, kinds))
        channels[:, particle[:, None], particle[None, :], kind[:, None], kind[None, :]] = pair_blocks
        channels[:, np.arange(N), np.arange(N)] = 0.0        # within one sphere: not a transmission
        to_bath, from_bath = to_blocks[:, :N].copy(), from_blocks[:, :N].copy()
        to_bath[:, models.magnetic] += to_blocks[:, N:]
        from_bath[:, models.magnetic] += from_blocks[:, N:]
        return (channels.sum(axis=(-2, -1)), to_bath, from_bath) + ((channels,) if by_dipole else ())

    # the kernel's own memory for B blocks, plus the per-dipole arrays (block pairs, by_dipole, pair)
    per_omega = bytes_per_omega_blocks(B) + 8 * B * B + 8 * N * N * (kinds * kinds + 1)
    step = frequencies_per_chunk(B, memory_bytes, per_omega)
    shapes = [(N, N), (N,), (N,)] + ([(N, N, kinds, kinds)] if by_dipole else [])
    results = over_chunks(omega, step, chunk, shapes, progress)
    return results if by_dipole else results + (None,)
