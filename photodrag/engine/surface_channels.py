"""Where the environment's dissipation goes: the far field (z → +∞) and the structure below.

Physics (docs/theory.md#particles-above-a-surface). For N dipoles above the surface, the
environment's dissipation kernel is K = ImH(𝐆), 𝐆 the 3N×3N matrix of blocks
G0(r_i − r_j) + G_R(r_i, r_j) (on the diagonal Im G0(0) = k/(6π) 1 plus G_R(r_i, r_i)), ImH(M) =
(M − M†)/2i. Plane waves above the surface, kz = √(k² − q²), d²q/kz = k sin θ dθ dφ for q < k,
polarisation vectors E± = [ŝ, p̂±] (3×2, photodrag.engine.reflection), R the reflection matrix:

Absorption kernels (p† A p ∝ the power that dipole currents p deliver to each channel):

    A_far(i, j)  = (1/16π²) ∫_{q<k} d²q/kz u_i† u_j,     u_j = e^{−iq·ρ_j} [e^{−ikz z_j} E+ᵀ + e^{ikz z_j} R E−ᵀ]
    A_surf(i, j) = (1/16π²) ∫_{q<k} d²q/kz w_i† (1 − R†R) w_j  +  S(i, j),   w_j = e^{−iq·ρ_j + ikz z_j} E−ᵀ

(u: the up-going waves, direct and reflected, that reach z → +∞; w: the down-going waves that
fall on the surface, of which 1 − R†R is not sent back). Emission kernels (field correlations at
the particles from the fluctuations of each channel, ∝ ⟨E_i E_j†⟩):

    C_far(i, j)  = (1/16π²) ∫_{q<k} d²q/kz v_i v_j†,     v_i = e^{iq·ρ_i} [e^{−ikz z_i} E− + e^{ikz z_i} E+ R]
    C_surf(i, j) = (1/16π²) ∫_{q<k} d²q/kz t_i (1 − R R†) t_j†  +  S(i, j),   t_i = e^{iq·ρ_i + ikz z_i} E+

(v: waves arriving from z = +∞ and their reflection; t: what the structure sends up, whose
correlations are 1 − RR† by Kirchhoff's law for a body in equilibrium). The evanescent waves
carry no power to the far field; both kernels get the same near-field part

    S(i, j) = the Sommerfeld integrals of G_R over q > k with R replaced by ImH(R)

(photodrag.engine.reflected, kind "loss"). Energy conservation is A_far + A_surf = K = C_far + C_surf;
it is not built in (u, w, v, t and S are computed on their own), it is what the tests check. At
B = 0, C = Aᵀ for each channel; under a field, C(B) = A(−B)ᵀ (Onsager).

Numerics. The propagating integrals are one θ quadrature per ω (photodrag.engine.sommerfeld's
propagating nodes, refined where R varies) with the azimuth integrated in closed form: every kernel
is a sum of terms E_σ M E_τᵀ between phases, whose rows photodrag.engine.hemisphere writes with Bessel
functions (the terms of each kernel are listed below). A_far and C_far are never formed: each is
compressed per ω to its numerical rank by pivoted Cholesky on the rows of its pivots alone
(photodrag.engine.hemisphere.factor, Tr(A − F† F) ≤ 1e-13 Tr A, as photodrag.engine.interaction's
factor of ImG). The surface kernels are dense: the propagating part w† (1 − R†R) w
(t (1 − RR†) t†) factored in the same way and multiplied out, plus S from the reflected tensor's fill.

Engine interface (per call, an ω stack): far_field_factors(reflector, positions) -> (F_abs, F_emit),
each (n, r, 3N), A_far ≈ F_abs† F_abs, C_far ≈ F_emit† F_emit; surface_kernels(reflector, positions)
-> (A_surf, C_surf), each (n, 3N, 3N). The bath channels of photodrag.engine.kernel become, with
X = S⁻¹, 𝒯_{j→far} = 4k² Tr[(X† A_far X)_jj ξ_j] (U = F_abs X) and 𝒯_{far→i} = 4k² Tr[(X C_far X†)_ii ξ_i]
(V = X F_emit†), and the surface's channels the same with A_surf, C_surf.

Arrays: frequency axis first; factors (n, r, 3N) with A ≈ F† F; kernels (n, 3N, 3N), 1/m.
"""

from __future__ import annotations

import numpy as np

from . import reflected
from .hemisphere import Hemisphere
from .interaction import LOW_RANK_TOLERANCE

_EYE = np.eye(2)


def _dagger(M):
    return np.conj(np.swapaxes(M, -1, -2))


def far_field_terms(R):
    """The terms (σ, τ, M, s_i, s_j) of A_far and C_far (photodrag.engine.hemisphere), R (T, 2, 2) at the θ nodes.

    u_i† u_j = e^{iq·ρ_ij} [e^{ikz(z_i − z_j)} E+E+ᵀ + e^{ikz(z_i + z_j)} E+RE−ᵀ + e^{−ikz(z_i + z_j)} E−R†E+ᵀ
    + e^{−ikz(z_i − z_j)} E−R†RE−ᵀ] (E± real for propagating waves), and v_i v_j† likewise with E−, E+R.
    """
    Rh = _dagger(R)
    one = np.broadcast_to(_EYE, R.shape)
    absorbing = [(1, 1, one, 1, -1), (1, -1, R, 1, 1), (-1, 1, Rh, -1, -1), (-1, -1, Rh @ R, -1, 1)]
    emitting = [(-1, -1, one, -1, 1), (-1, 1, Rh, -1, -1), (1, -1, R, 1, 1), (1, 1, R @ Rh, 1, -1)]
    return [absorbing, emitting]


def surface_terms(R):
    """The terms of the propagating parts of A_surf, w_i† (1 − R†R) w_j, and C_surf, t_i (1 − RR†) t_j†."""
    Rh = _dagger(R)
    return [[(-1, -1, _EYE - Rh @ R, -1, 1)], [(1, 1, _EYE - R @ Rh, 1, -1)]]


def far_field_factors(reflector, positions, rtol=LOW_RANK_TOLERANCE):
    """Low-rank factors of the far-field kernels: (F_abs, F_emit), each (n, r, 3N) complex, 1/m^½.

    A_far ≈ F_abs† F_abs and C_far ≈ F_emit† F_emit with Tr(A − F†F) ≤ rtol Tr A per ω (r: the
    largest rank over the ω stack; rows beyond an ω's own rank are zero). reflector: a
    photodrag.engine.reflection.Reflector; positions (N, 3) m, z > 0. The kernels are never formed.
    """
    positions = reflected.check_heights(positions, "particle")
    factors = ([], [])
    for w in range(reflector.k.size):  # one quadrature per ω (its θ nodes follow that ω's reflection)
        for out, part in zip(factors, Hemisphere(reflector.take(w), positions, far_field_terms).factors(rtol)):
            out.append(part)
    return tuple(_stack(parts) for parts in factors)


def _stack(parts):
    """(n, r, m) from per-ω (r_w, m) arrays, padded with zero rows to the largest r_w."""
    r = max(part.shape[0] for part in parts)
    out = np.zeros((len(parts), r, parts[0].shape[1]), dtype=complex)
    for w, part in enumerate(parts):
        out[w, :part.shape[0]] = part
    return out


def surface_kernels(reflector, positions, tolerance=None, method="auto"):
    """(A_surf, C_surf), each (n, 3N, 3N) complex, 1/m: what the structure absorbs and emits.

    The propagating part from the plane waves that fall on the surface, w† (1 − R†R) w, or leave
    it, t (1 − RR†) t†, each compressed like the far-field kernels and multiplied out; the
    evanescent part S from photodrag.engine.reflected.reflected_green_matrix with kind "loss"
    (tolerance and method passed on: its table's error bound, or "direct").
    """
    positions = reflected.check_heights(positions, "particle")
    geometry = reflected.PairGeometry(positions)
    options = {} if tolerance is None else {"tolerance": tolerance}
    near = reflected.reflected_green_matrix(reflector, geometry, kind="loss", method=method, **options)
    absorbed, emitted = near, near.copy()
    for w in range(reflector.k.size):  # one quadrature per ω
        factors = Hemisphere(reflector.take(w), positions, surface_terms).factors(LOW_RANK_TOLERANCE)
        for kernel, factor in zip((absorbed, emitted), factors):
            kernel[w] += np.conj(factor.T) @ factor
    return absorbed, emitted
