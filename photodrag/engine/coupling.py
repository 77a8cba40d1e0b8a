"""The matrices of coupled electric and magnetic dipoles: S = Λ − k²𝒢 and Im 𝒢 (6N×6N).

Dipoles and fields (docs/magnetic-dipoles.md): d = (p/ε0, Z0 m) and F = (E, Z0 H), so that
d = α F with α = blockdiag(α_E, α_H) per sphere and the field of the dipoles is
F_i = k² Σ_j 𝒢_ij d_j with

    𝒢_ij = [[G0, −G_EM], [G_EM, G0]](r_i − r_j)          (photodrag.engine.green).

This 𝒢 is not symmetric (G_EM is odd in r), and its Hermitian part has imaginary E–M blocks.
The kernel works instead with the magnetic components multiplied by i, d' = (p/ε0, i Z0 m),
F' = (E, i Z0 H): a similarity U 𝒢 U⁻¹ with U = blockdiag(1, i 1) that leaves every
transmission unchanged (U is unitary and commutes with the particles' block-diagonal α and
ξ), and in which

    𝒢'_ij = [[G0, i G_EM], [i G_EM, G0]](r_i − r_j)

is symmetric, its Hermitian imaginary part Im 𝒢' real symmetric (blocks Im G0 and
Re[c] [r̂]× = −k j1(kr)/(4π) [r̂]×, diagonal k/(6π) 1 for both kinds). So the 3N kernel's
machinery (real low-rank factor of ImG, real products) applies as it is.

Layout: the electric blocks of all N particles first (particle order), then the magnetic
blocks of the particles that carry one (increasing index). Arrays: frequency axis first.
"""

from __future__ import annotations

import numpy as np

from .green import cross_green_terms, green_terms, imag_cross_green_terms, imag_green_terms
from .interaction import Geometry, fill_blocks, imag_green_rows, low_rank_factor

#: Row a of the cross-product matrix [u]×, e_a × u: component b is _CROSS_SIGN[a, b] · u[_CROSS_SOURCE[a, b]].
_CROSS_SOURCE = np.array([[0, 2, 1], [2, 1, 0], [1, 0, 2]])
_CROSS_SIGN = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])


class DipoleGeometry:
    """Geometry of N electric dipoles and the magnetic dipoles of particles ``magnetic``.

    separations: (N, N, 3) m, r_i − r_j; magnetic: increasing particle indices. Attributes:
    electric (Geometry of all particles), magnetic (Geometry of the magnetic ones), magnetic_index,
    n_particles, n_blocks = N + len(magnetic). Memory: about 104 (N² + N_m²) bytes.
    """

    def __init__(self, separations: np.ndarray, magnetic):
        separations = np.asarray(separations, dtype=float)
        self.electric = Geometry(separations)
        self.magnetic_index = np.asarray(magnetic, dtype=int)
        N = self.n_particles = self.electric.n_particles
        if self.magnetic_index.size == N and np.array_equal(self.magnetic_index, np.arange(N)):
            self.magnetic = self.electric
        else:
            self.magnetic = Geometry(separations[np.ix_(self.magnetic_index, self.magnetic_index)])
        self.n_blocks = N + self.magnetic_index.size
        # electric particle i (rows) against magnetic particle j (columns); r̂ = 0 for i = j
        self._cross_distance = np.ascontiguousarray(self.electric.distance[:, self.magnetic_index])
        self._cross_unit = np.ascontiguousarray(self.electric.unit[:, self.magnetic_index])

    def _fill_cross(self, out, coefficient):
        """out[:, E, M] ← coefficient_ij [r̂_ij]× and out[:, M, E] ← its transpose; out (n, 3B, 3B)."""
        n = out.shape[0]
        E = 3 * self.n_particles
        N, Nm = self._cross_distance.shape
        upper = out[:, :E, E:].reshape(n, N, 3, Nm, 3)
        unit = self._cross_unit
        for a, b, c, sign in ((0, 1, 2, -1), (0, 2, 1, 1), (1, 0, 2, 1), (1, 2, 0, -1), (2, 0, 1, -1), (2, 1, 0, 1)):
            np.multiply(coefficient, sign * unit[..., c], out=upper[:, :, a, :, b])
        for a in range(3):
            upper[:, :, a, :, a] = 0
        np.copyto(out[:, E:, :E], out[:, :E, E:].transpose(0, 2, 1))

    def interaction_matrix(self, k, inverse_alpha, out=None):
        """S = Λ − k²𝒢' (n, 3B, 3B) complex, m⁻³; inverse_alpha: (n, B, 3, 3) in the block layout."""
        k = np.asarray(k, dtype=float)
        n, size, N = k.size, 3 * self.n_blocks, self.n_particles
        if out is None:
            out = np.empty((n, size, size), dtype=complex)
        scale = -(k**2)[:, None, None]
        E = 3 * N
        fill_blocks(out[:, :E, :E], k, self.electric, green_terms, scale, inverse_alpha[:, :N])
        fill_blocks(out[:, E:, E:], k, self.magnetic, green_terms, scale, inverse_alpha[:, N:])
        self._fill_cross(out, scale * 1j * cross_green_terms(k[:, None, None], self._cross_distance))
        return out

    def imag_green_matrix(self, k, out=None):
        """Im 𝒢' (n, 3B, 3B) real, 1/m: blocks Im G0 and −k j1(kr)/(4π) [r̂]×, diagonal k/(6π) 1."""
        k = np.asarray(k, dtype=float)
        n, size, N = k.size, 3 * self.n_blocks, self.n_particles
        if out is None:
            out = np.empty((n, size, size))
        E = 3 * N
        for part, geometry in ((np.s_[:, :E, :E], self.electric), (np.s_[:, E:, E:], self.magnetic)):
            diagonal = np.broadcast_to((k / (6 * np.pi))[:, None, None, None] * np.eye(3),
                                       (n, geometry.n_particles, 3, 3))
            fill_blocks(out[part], k, geometry, lambda kc, d: imag_green_terms(kc, kc * d), None, diagonal)
        kc = k[:, None, None]
        self._fill_cross(out, imag_cross_green_terms(kc, kc * self._cross_distance))
        return out

    def imag_green_rows(self, k, pivot) -> np.ndarray:
        """Row pivot[w] of Im 𝒢' at k[w], for each w: shape (n, 3B), 1/m; O(N) per row."""
        k = np.asarray(k, dtype=float)
        pivot = np.asarray(pivot)
        n, E = k.size, 3 * self.n_particles
        rows = np.empty((n, 3 * self.n_blocks))
        electric = pivot < E
        for kind_is_electric in (True, False):
            w = np.flatnonzero(electric == kind_is_electric)
            if w.size == 0:
                continue
            if kind_is_electric:  # row of electric particle p: E columns from G0, M columns from G_EM
                same, other = np.s_[:E], np.s_[E:]
                particle, component = np.divmod(pivot[w], 3)
                rows[w, same] = imag_green_rows(k[w], self.electric, pivot[w])
                distance, unit = self._cross_distance[particle], self._cross_unit[particle]
            else:                 # row of the magnetic dipole of particle magnetic_index[l]
                same, other = np.s_[E:], np.s_[:E]
                local, component = np.divmod(pivot[w] - E, 3)
                rows[w, same] = imag_green_rows(k[w], self.magnetic, pivot[w] - E)
                particle = self.magnetic_index[local]
                distance, unit = self.electric.distance[particle], self.electric.unit[particle]
            kc = k[w][:, None]
            coefficient = imag_cross_green_terms(kc, kc * distance)              # (w, columns)
            # row a of [r̂]× is e_a × r̂, whose component b is sign[a, b] r̂[source[a, b]]
            picked = np.take_along_axis(unit, _CROSS_SOURCE[component][:, None, :], axis=-1)
            picked *= _CROSS_SIGN[component][:, None, :] * coefficient[..., None]
            rows[w, other] = picked.reshape(w.size, -1)
        return rows

    def imag_green_factor(self, k) -> np.ndarray:
        """Fᵀ with Im 𝒢' ≈ F Fᵀ per ω, shape (n, r, 3B), 1/m^½; Im 𝒢' itself is never formed."""
        k = np.asarray(k, dtype=float)
        diagonal = np.repeat((k / (6 * np.pi))[:, None], 3 * self.n_blocks, axis=1)
        return low_rank_factor(diagonal, lambda pivot: self.imag_green_rows(k, pivot))
