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

Numerics. The propagating integrals are one plane-wave quadrature per ω: Gauss–Legendre in θ
(photodrag.engine.sommerfeld.propagating_nodes, refined where R varies) times the trapezoid rule
in φ, exact for the Fourier modes |n| < M of e^{iq·(ρ_i − ρ_j)} (M a little above k Δρ_max). Each
node is a row of a factor: A_far = F† F with F's rows √weight · u (a matrix of 2·nodes × 3N that
is never multiplied out), compressed per ω to its numerical rank by
photodrag.engine.interaction.low_rank_factor, whose pivot rows F[:, p]† F cost one product each.
The surface kernels are dense: the propagating part w† (1 − R†R) w (t (1 − RR†) t†) compressed in
the same way and multiplied out, plus S from the reflected tensor's fill.

Engine interface (per call, an ω stack): far_field_factors(reflector, positions) -> (F_abs, F_emit),
each (n, r, 3N), A_far ≈ F_abs† F_abs, C_far ≈ F_emit† F_emit; surface_kernels(reflector, positions)
-> (A_surf, C_surf), each (n, 3N, 3N). The bath channels of photodrag.engine.kernel become, with
X = S⁻¹, 𝒯_{j→far} = 4k² Tr[(X† A_far X)_jj ξ_j] (U = F_abs X) and 𝒯_{far→i} = 4k² Tr[(X C_far X†)_ii ξ_i]
(V = X F_emit†), and the surface's channels the same with A_surf, C_surf.

Arrays: frequency axis first; factors (n, r, 3N) with A ≈ F† F; kernels (n, 3N, 3N), 1/m.
"""

from __future__ import annotations

import numpy as np

from . import reflected, sommerfeld
from .interaction import LOW_RANK_TOLERANCE, low_rank_factor

#: Trapezoid points in φ: M ≥ kΔρ_max + PHI_MARGIN + 4 (kΔρ_max)^⅓, so that the Bessel tail J_M(kΔρ)
#: of the omitted modes is below rounding (measured: the energy identity to 4e-13 at kΔρ = 4 and 12).
PHI_MARGIN = 12

_FACTOR = 1 / (16 * np.pi**2)


def plane_waves(single, positions):
    """Nodes and polarisations of one frequency's hemisphere quadrature.

    single: a Reflector of one frequency; positions (N, 3) m. Returns (weight (T, M), phase (T, M, N) =
    e^{−iq·ρ_j}, rise (T, N) = e^{i kz z_j}, E_up, E_down (T, M, 3, 2), R (T, 2, 2)).
    """
    k = single.k[0]
    centred = positions - positions.mean(axis=0) * [1, 1, 0]   # phases of an in-plane origin among the points
    spread = np.ptp(centred[:, :2], axis=0)
    rho_max, Z_max = float(np.hypot(*spread)), 2 * float(positions[:, 2].max())
    theta, w_theta = sommerfeld.propagating_nodes(single, rho_max, Z_max, widest=np.pi / 2)
    reach = k * rho_max
    M = int(2 * np.ceil((reach + PHI_MARGIN + 4 * np.cbrt(reach)) / 2))
    phi = 2 * np.pi * np.arange(M) / M
    q, kz = k * np.sin(theta), k * np.cos(theta)
    weight = _FACTOR * (k * np.sin(theta) * w_theta)[:, None] * np.full(M, 2 * np.pi / M)
    cos, sin = np.cos(phi), np.sin(phi)
    phase = np.exp(-1j * q[:, None, None] * (cos[:, None] * centred[:, 0] + sin[:, None] * centred[:, 1]))
    rise = np.exp(1j * kz[:, None] * positions[:, 2])
    s_vector = np.stack([-sin, cos, np.zeros(M)], axis=-1)                      # ẑ × q̂
    in_plane = np.stack([cos, sin, np.zeros(M)], axis=-1)                       # q̂
    zhat = np.array([0.0, 0.0, 1.0])
    polarisations = []
    for sign in (1, -1):  # p̂± = (q ẑ ∓ kz q̂)/k
        p_vector = (q[:, None, None] * zhat - sign * kz[:, None, None] * in_plane) / k
        polarisations.append(np.stack([np.broadcast_to(s_vector, p_vector.shape), p_vector], axis=-1))
    R = single.matrix(kz[None].astype(complex))[0]
    return weight, phase, rise, polarisations[0], polarisations[1], R


def _rows(weight, phase, amplitudes, vectors):
    """Factor rows √weight · phase_j · Σ amplitude_j · vector, shape (T·M·2, 3N), row (t, l, a), column 3j + c.

    weight (T, M); phase (T, M, N); amplitudes: a list of (T, N) arrays, vectors: the matching list of
    (T, M, 3, 2) polarisation matrices (column a the polarisation of the row). Built in the rows'
    own layout (T, M, a, N, c): no transposed copy of the large array.
    """
    T, M, N = phase.shape
    rows = sum(amplitude[:, None, None, :, None] * np.swapaxes(vector, -1, -2)[:, :, :, None, :]
               for amplitude, vector in zip(amplitudes, vectors))
    rows *= (np.sqrt(weight)[:, :, None] * phase)[:, :, None, :, None]
    return rows.reshape(T * M * 2, 3 * N)


def far_field_rows(single, positions):
    """(F_abs, F_emit), each (2·nodes, 3N) complex: A_far = F_abs† F_abs, C_far = F_emit† F_emit (one ω).

    F_abs's rows are u_j (direct and reflected up-going waves); F_emit's are conj(v_j), whose phase
    conj(e^{iq·ρ_j}) is the same e^{−iq·ρ_j}.
    """
    weight, phase, rise, up, down, R = plane_waves(single, positions)
    fall = np.conj(rise)
    absorbing = _rows(weight, phase, [fall, rise], [up, down @ np.swapaxes(R, -1, -2)[:, None]])   # E+, E− Rᵀ
    emitting = _rows(weight, phase, [rise, fall], [down, np.conj(up @ R[:, None])])               # conj(E−), conj(E+ R)
    return absorbing, emitting


def far_field_factors(reflector, positions, rtol=LOW_RANK_TOLERANCE):
    """Low-rank factors of the far-field kernels: (F_abs, F_emit), each (n, r, 3N) complex, 1/m^½.

    A_far ≈ F_abs† F_abs and C_far ≈ F_emit† F_emit with Tr(A − F†F) ≤ rtol Tr A per ω (r: the
    largest rank over the ω stack; rows beyond an ω's own rank are zero). reflector: a
    photodrag.engine.reflection.Reflector; positions (N, 3) m, z > 0. The kernels are never formed.
    """
    positions = reflected.check_heights(positions, "particle")
    factors = ([], [])
    for w in range(reflector.k.size):  # one quadrature per ω (its θ nodes follow that ω's reflection)
        for out, rows in zip(factors, far_field_rows(reflector.take(w), positions)):
            out.append(compress(rows, rows))
    return tuple(_stack(parts) for parts in factors)


def compress(rows, weighted, rtol=LOW_RANK_TOLERANCE):
    """Low-rank factor G (r, 3N) of A = rows† weighted (Hermitian PSD), A ≈ G† G, by
    photodrag.engine.interaction.low_rank_factor: each pivot row of A is one product rows[:, p]† weighted."""
    diagonal = (np.conj(rows) * weighted).real.sum(axis=0)[None]
    return low_rank_factor(diagonal, lambda pivot: (np.conj(rows[:, pivot[0]]) @ weighted)[None], rtol)[0]


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
    eye = np.eye(2)
    for w in range(reflector.k.size):  # one quadrature per ω
        weight, phase, rise, up, down, R = plane_waves(reflector.take(w), positions)
        Rh = np.conj(np.swapaxes(R, -1, -2))
        T, M = weight.shape
        incoming = _rows(weight, phase, [rise], [down])             # w_j: the waves that fall on the surface
        outgoing = _rows(weight, phase, [np.conj(rise)], [up])      # conj(t_j): the waves it sends up
        for kernel, rows, loss in ((absorbed, incoming, eye - Rh @ R), (emitted, outgoing, eye - R @ Rh)):
            weighted = (loss[:, None] @ rows.reshape(T, M, 2, -1)).reshape(rows.shape)   # (1 − R†R) per node
            factor = compress(rows, weighted)
            kernel[w] += np.conj(factor.T) @ factor
    return absorbed, emitted
