"""Reflection of plane waves by a planar structure in z < 0, seen from the vacuum in z > 0.

Conventions (docs/theory.md#particles-above-a-surface). Time dependence exp(−iωt); a plane
wave above the surface is exp(i q·ρ ± i kz z) with q the in-plane wavevector (q = |q| = k_∥),
kz = √(k² − q²), Im kz ≥ 0 (kz = iκ for evanescent waves, q > k). Polarisation vectors, with
q̂ the in-plane direction and ŝ = ẑ × q̂:

    s:  ŝ                       (both directions)
    p:  p̂± = (q ẑ ∓ kz q̂)/k    (+: up-going, −: down-going)

The reflection matrix R maps the down-going amplitudes (ŝ, p̂−) onto the up-going ones
(ŝ, p̂+): R[a, b] is the reflected amplitude of polarisation a per unit incident amplitude of
polarisation b, a, b ∈ (s, p) = (0, 1). For an isotropic stack R = diag(r_s, r_p) and on a
half-space of permittivity ε

    r_s = (kz − kz1)/(kz + kz1),   r_p = (ε kz − kz1)/(ε kz + kz1),   kz1 = √(ε k² − q²),

so a perfect conductor has r_s = −1, r_p = +1 and the quasi-static limit (q ≫ k) is
r_p → (ε − 1)/(ε + 1) (Sipe, J. Opt. Soc. Am. B 4, 481 (1987)).

Everything is a function of kz (of the vacuum), passed in as an array, never of q: near the light
line q ≈ k the difference k² − q² loses every digit, while q² = k² − kz² does not.

Films (isotropic) over a half-space (isotropic, or gyrotropic with the field along ±z):
the recursive Airy formula from the bottom up, in which only e^{2i kz_j d_j} with Im kz_j ≥ 0
appears, so nothing grows for evanescent waves or thick lossy films. A gyrotropic half-space
(ε = [[ε1, ε_xy, 0], [−ε_xy, ε1, 0], [0, 0, ε3]], B ∥ ẑ) couples s and p: its two
transmitted eigenmodes are found in closed form and the tangential fields matched at z = 0
(the 4×4 problem of Berreman, J. Opt. Soc. Am. 62, 502 (1972); Yeh, Surf. Sci. 96, 41 (1980)).

Arrays: frequency axis first; kz0 has shape (n, m); matrices come out (n, m, 2, 2).
"""

from __future__ import annotations

import numpy as np

#: A layer whose ε differs from ε·1 by less than this times max |ε_ab| is isotropic (rounding, not physics:
#: a field of 1 µT on InSb makes ε_xy ≈ 1e-7 ε1).
ISOTROPY_TOLERANCE = 1e-13


def upper_root(x):
    """√x on the branch Im ≥ 0 (Re ≥ 0 where it is real): a normal wavevector that decays or leaves."""
    root = np.sqrt(x)
    return np.where(root.imag < 0, -root, root)


def normal_wavevector(eps, k2, kz0):
    """kz = √(ε k² − q²) = √((ε − 1) k² + kz0²) on the branch Im kz ≥ 0.

    eps: broadcastable to kz0, e.g. (n, 1); k2 = k² (n, 1); kz0 (n, m) the vacuum's. Written
    through kz0 so that no k² − q² is ever formed.
    """
    return upper_root((eps - 1) * k2 + kz0 * kz0)


def interface(eps_i, eps_j, kz_i, kz_j, k2):
    """Fresnel reflection (r_s, r_p) from medium i (above) onto medium j (below).

    r_s = (kz_i − kz_j)/(kz_i + kz_j) and r_p = (ε_j kz_i − ε_i kz_j)/(ε_j kz_i + ε_i kz_j), with the
    numerators multiplied out by kz_j² = kz_i² + (ε_j − ε_i) k²:

        r_s = (ε_i − ε_j) k²/(kz_i + kz_j)²,
        r_p = (ε_j − ε_i) [(ε_i + ε_j) kz_i² − ε_i² k²]/(ε_j kz_i + ε_i kz_j)²,

    which keep their digits where kz_i ≈ kz_j (q ≫ k, or ε_i ≈ ε_j). Both change sign when i and
    j are exchanged.
    """
    total = kz_i + kz_j
    r_s = (eps_i - eps_j) * k2 / (total * total)
    denominator = eps_j * kz_i + eps_i * kz_j
    r_p = (eps_j - eps_i) * ((eps_i + eps_j) * kz_i * kz_i - eps_i * eps_i * k2) / (denominator * denominator)
    return r_s, r_p


def transmission(eps_i, eps_j, kz_i, kz_j):
    """Fresnel transmission (t_s, t_p) from medium i onto medium j.

    For the amplitudes of ŝ and of p̂ = (q ẑ ∓ kz q̂)/(k n), unit vectors of each medium
    (n = √ε, principal root, the same root as :func:`gyrotropic_halfspace` uses):
    t_s = 2 kz_i/(kz_i + kz_j), t_p = 2 n_i n_j kz_i/(ε_j kz_i + ε_i kz_j).
    """
    t_s = 2 * kz_i / (kz_i + kz_j)
    t_p = 2 * np.sqrt(eps_i) * np.sqrt(eps_j) * kz_i / (eps_j * kz_i + eps_i * kz_j)
    return t_s, t_p


def isotropic_stack(eps, thickness, k2, kz0):
    """(r_s, r_p), each (n, m), of isotropic films on an isotropic half-space.

    eps: (n, L + 1) complex, the films from the top down and then the half-space;
    thickness: (L,) m; k2 = k² (n, 1) in 1/m²; kz0: (n, m) the vacuum's normal wavevector.
    Recursive Airy formula from the bottom up, R ← (r + R e)/(1 + r R e) with
    e = exp(2i kz_j d_j), |e| ≤ 1: no exponential that grows.
    """
    layers = eps.shape[1]
    kz = [normal_wavevector(eps[:, j, None], k2, kz0) for j in range(layers)]
    above = [np.ones((eps.shape[0], 1))] + [eps[:, j, None] for j in range(layers - 1)]
    kz_above = [kz0] + kz[:-1]
    r_s, r_p = interface(above[-1], eps[:, -1, None], kz_above[-1], kz[-1], k2)
    for j in range(layers - 2, -1, -1):  # the films, bottom up (a few layers, each a whole array)
        phase = np.exp(2j * kz[j] * thickness[j])
        top_s, top_p = interface(above[j], eps[:, j, None], kz_above[j], kz[j], k2)
        r_s = (top_s + r_s * phase) / (1 + top_s * r_s * phase)
        r_p = (top_p + r_p * phase) / (1 + top_p * r_p * phase)
    return r_s, r_p


def gyrotropic_halfspace(eps, k2, kz0, eps_in=1.0):
    """Reflection matrix (n, m, 2, 2) of a gyrotropic half-space under an isotropic medium ε_in.

    eps: (n, 3, 3) of the form [[ε1, ε_xy, 0], [−ε_xy, ε1, 0], [0, 0, ε3]] (B along ±z);
    k2 = k² (n, 1); kz0 (n, m) the vacuum's normal wavevector; eps_in (n, 1) or 1: the medium
    the waves come from (the lowest film, or the vacuum), to whose (s, p) basis R refers.

    Modes. With q along x̂ and a transmitted wave exp(i(q x − kz z)), K = (q, 0, −kz), the wave
    equation (K Kᵀ − K² 1 + k² ε) E = 0, written for D = k²ε1 − q² − kz², is

        ε3 D² + q² (ε3 − ε1) D + k² ε_xy² (k² ε3 − q²) = 0,

    whose two roots give kz² = k²ε1 − q² − D and the fields E = (C D, k²ε_xy C, q kz D),
    C = k²ε3 − q² (from the two rows of the wave equation that hold ε_xy once). The larger root
    comes from the quadratic formula, the other from the product of the roots: neither loses digits.

    Matching. The two modes fix the half-space's admittance, H_t = Y E_t (tangential Z0 H and E,
    Y = [H_1 H_2][E_1 E_2]⁻¹, 2×2). Above it, with u' = diag(1, −1) u (the p amplitudes counted
    along −p̂+), E_y = d_s + u_s, Z0 H_x = (kz/k)(d_s − u_s), E_x = (kz/kn)(d_p + u'_p),
    −Z0 H_y = n (d_p − u'_p), so that N (d − u') = Y' A (d + u') with N = diag(kz/k, n),
    A = diag(1, kz/kn), Y' = diag(1, −1) Y [[0, 1], [1, 0]], and

        R = diag(1, −1) (N + Y'A)⁻¹ (N − Y'A).

    Two 2×2 inverses whose matrices stay well conditioned for q ≫ k, where the 4×4 system of
    Berreman's method spans four orders of magnitude and loses the small r_sp, r_ps.
    """
    eps1 = eps[:, 0, 0][:, None]
    gyration = eps[:, 0, 1][:, None]
    eps3 = eps[:, 2, 2][:, None]
    q2 = k2 - kz0 * kz0
    q = np.sqrt(q2)
    C = k2 * eps3 - q2
    linear = q2 * (eps3 - eps1)
    constant = k2 * gyration * gyration * C
    root = np.sqrt(linear * linear - 4 * eps3 * constant)
    root = np.where((np.conj(linear) * root).real < 0, -root, root)
    large = -(linear + root) / (2 * eps3)
    small = constant / (eps3 * large)
    k = np.sqrt(k2)
    E = np.empty(kz0.shape + (2, 2), dtype=complex)   # [..., (x, y), mode]
    H = np.empty(kz0.shape + (2, 2), dtype=complex)
    for mode, D in enumerate((large, small)):
        kz = upper_root((eps1 - 1) * k2 + kz0 * kz0 - D)
        field = np.stack([C * D, k2 * gyration * C, q * kz * D], axis=-1)
        scale = np.abs(field).max(axis=-1)   # the scale of a mode is free; keep it O(1)
        E[..., mode] = field[..., :2] / scale[..., None]
        H[..., 0, mode] = kz * E[..., 1, mode] / k
        # Z0 H_y = −(kz E_x + q E_z)/k = −kz D (C + q²)/k = −k ε3 kz D: no difference of large terms.
        H[..., 1, mode] = -k * eps3 * kz * D / scale
    Y = H @ inverse_2x2(E)
    kz_in = normal_wavevector(eps_in, k2, kz0)
    n_in = np.sqrt(eps_in) * np.ones_like(kz_in)
    admittance = np.stack([np.stack([Y[..., 0, 1], Y[..., 0, 0]], -1),
                           np.stack([-Y[..., 1, 1], -Y[..., 1, 0]], -1)], -2)   # Y' = diag(1, −1) Y [[0, 1], [1, 0]]
    admittance *= np.stack([np.ones_like(kz_in), kz_in / (k * n_in)], axis=-1)[..., None, :]   # Y'A
    diagonal = np.stack([kz_in / k, n_in], axis=-1)[..., None] * np.eye(2)                    # N
    plus, minus = diagonal + admittance, diagonal - admittance
    R = inverse_2x2(plus) @ minus
    R[..., 1, :] *= -1
    return R


def inverse_2x2(M):
    """Inverses of a stack of 2×2 matrices (..., 2, 2), by the adjugate."""
    determinant = M[..., 0, 0] * M[..., 1, 1] - M[..., 0, 1] * M[..., 1, 0]
    adjugate = np.stack([np.stack([M[..., 1, 1], -M[..., 0, 1]], -1),
                         np.stack([-M[..., 1, 0], M[..., 0, 0]], -1)], -2)
    return adjugate / determinant[..., None, None]


def films_over(bottom, eps, thickness, k2, kz0):
    """Reflection matrix (n, m, 2, 2) of isotropic films on top of a structure of reflection `bottom`.

    bottom: (n, m, 2, 2), the reflection of what lies under the lowest film, in that film's
    (s, p) basis; eps: (n, L) the films from the top down; thickness (L,) m. Matrix form of the
    Airy recursion (one film at a time, bottom up), with X = e^{2i kz_j d_j} R:

        R ← r + t↑ X (1 + r X)⁻¹ t↓,

    r, t↓ the Fresnel matrices diag(s, p) of the interface above film j seen from above, t↑ from
    below; for an isotropic R it reduces to (r + X)/(1 + r X).
    """
    result = bottom
    for j in range(eps.shape[1] - 1, -1, -1):  # a few films, each over whole arrays
        eps_j = eps[:, j, None]
        eps_above = eps[:, j - 1, None] if j else np.ones_like(eps_j)
        kz_j = normal_wavevector(eps_j, k2, kz0)
        kz_above = normal_wavevector(eps_above, k2, kz0)
        X = np.exp(2j * kz_j * thickness[j])[..., None, None] * result
        r = np.stack(interface(eps_above, eps_j, kz_above, kz_j, k2), axis=-1)
        down = np.stack(transmission(eps_above, eps_j, kz_above, kz_j), axis=-1)
        up = np.stack(transmission(eps_j, eps_above, kz_j, kz_above), axis=-1)
        M = r[..., :, None] * X
        M[..., 0, 0] += 1
        M[..., 1, 1] += 1
        result = up[..., :, None] * (X @ inverse_2x2(M)) * down[..., None, :]
        result[..., 0, 0] += r[..., 0]
        result[..., 1, 1] += r[..., 1]
    return result


class Reflector:
    """The reflection of one planar structure at a stack of frequencies, on plain arrays.

    Parameters
    ----------
    k : (n,) rad/m, vacuum wavenumbers ω/c.
    eps : (n, L + 1, 3, 3) complex, relative permittivity tensors of the L films (top down)
        and of the half-space. Films must be isotropic (ε·1); the half-space may be
        gyrotropic about z ([[ε1, ε_xy, 0], [−ε_xy, ε1, 0], [0, 0, ε3]]).
    thickness : (L,) m.

    Attributes: ``isotropic`` (every layer ε·1: R is diagonal), ``k``, ``eps``, ``thickness``.
    """

    def __init__(self, k, eps, thickness=()):
        self.k = np.asarray(k, dtype=float)
        self.eps = np.asarray(eps, dtype=complex)
        self.thickness = np.asarray(thickness, dtype=float).reshape(-1)
        if self.eps.shape != (self.k.size, self.thickness.size + 1, 3, 3):
            raise ValueError(f"eps must have shape (n, L + 1, 3, 3) = {(self.k.size, self.thickness.size + 1, 3, 3)}, "
                             f"got {self.eps.shape}")
        scale = np.abs(self.eps).max(axis=(-1, -2))
        scalar = np.einsum("...ii->...", self.eps) / 3
        anisotropy = np.abs(self.eps - scalar[..., None, None] * np.eye(3)).max(axis=(-1, -2))
        isotropic_layer = np.all(anisotropy <= ISOTROPY_TOLERANCE * scale, axis=0)
        if not isotropic_layer[:-1].all():
            raise ValueError("only the half-space may be anisotropic (gyrotropic about z); a film must be isotropic")
        substrate = self.eps[:, -1]
        off_form = np.abs(substrate[:, [0, 1, 2, 2], [2, 2, 0, 1]]).max(axis=-1)
        off_form = np.maximum(off_form, np.abs(substrate[:, 1, 1] - substrate[:, 0, 0]))
        off_form = np.maximum(off_form, np.abs(substrate[:, 1, 0] + substrate[:, 0, 1]))
        gyration = np.abs(substrate[:, 0, 1])
        if np.any(off_form > ISOTROPY_TOLERANCE * scale[:, -1]) or (
                not isotropic_layer[-1] and np.any(gyration <= ISOTROPY_TOLERANCE * scale[:, -1])):
            raise ValueError("the half-space's ε must be isotropic or gyrotropic about z, "
                             "[[ε1, ε_xy, 0], [−ε_xy, ε1, 0], [0, 0, ε3]] with ε_xy ≠ 0 (a magnetic field along ±z)")
        # Layers isotropic to rounding (InSb at B = 0, whose ε1 and ε3 differ in the last bit) become ε·1.
        self.eps = np.where(isotropic_layer[None, :, None, None], scalar[..., None, None] * np.eye(3), self.eps)
        self.isotropic = bool(isotropic_layer[-1])

    @property
    def k2(self) -> np.ndarray:
        """k² as a column (n, 1), 1/m²."""
        return (self.k**2)[:, None]

    def take(self, index) -> "Reflector":
        """The same structure at the frequencies self.k[index] (index: a slice or integer array)."""
        index = np.atleast_1d(np.arange(self.k.size)[index])
        return Reflector(self.k[index], self.eps[index], self.thickness)

    def matrix(self, kz0) -> np.ndarray:
        """R (n, m, 2, 2) at the vacuum normal wavevectors kz0 (n, m), complex, Im kz0 ≥ 0.

        kz0 = √(k² − q²): real in [0, k] for propagating waves, iκ (κ ≥ 0) for evanescent ones.
        """
        kz0 = np.asarray(kz0, dtype=complex)
        k2 = self.k2
        if self.isotropic:
            r_s, r_p = isotropic_stack(self.eps[..., 0, 0], self.thickness, k2, kz0)
            out = np.zeros(kz0.shape + (2, 2), dtype=complex)
            out[..., 0, 0] = r_s
            out[..., 1, 1] = r_p
            return out
        films = self.eps[:, :-1, 0, 0]
        eps_in = films[:, -1, None] if films.shape[1] else 1.0
        bottom = gyrotropic_halfspace(self.eps[:, -1], k2, kz0, eps_in)
        return films_over(bottom, films, self.thickness, k2, kz0)

    def static_limit(self) -> np.ndarray:
        """β = lim_{q→∞} r_pp, (n,) complex: the image factor of the quasi-static limit.

        (ε − 1)/(ε + 1) of the top layer; for a bare gyrotropic half-space the quasi-static
        fields feel ε_eff = ε3 √(ε1/ε3) = √(ε1 ε3) (Re √ > 0: the potential decays into it), and
        ε_xy drops out (∇·(ε∇φ) has no ε_xy term when ε_xy is antisymmetric).
        """
        top = self.eps[:, 0]
        eps = top[:, 0, 0]
        if not self.isotropic and self.thickness.size == 0:
            eps = top[:, 2, 2] * np.sqrt(top[:, 0, 0] / top[:, 2, 2])
        return (eps - 1) / (eps + 1)

    def polariton(self) -> np.ndarray:
        """q² (n, 1) complex, 1/m², of the surface polariton of a bare isotropic half-space, where
        ε kz + kz1 = 0: q² = k² ε/(ε + 1); (n, 0) for any other structure (whose poles the quadrature
        finds by itself)."""
        if not self.isotropic or self.thickness.size:
            return np.empty((self.k.size, 0), dtype=complex)
        eps = self.eps[:, 0, 0, 0]
        return (self.k**2 * eps / (eps + 1))[:, None]

    def branch_points(self) -> np.ndarray:
        """q² (n, b) complex, 1/m², where a normal wavevector of the half-space vanishes.

        The reflection coefficients have square-root branch points there (on the real q axis for
        a lossless half-space); films, whose kz enter evenly, have none.
        """
        substrate = self.eps[:, -1]
        k2 = self.k**2
        if self.isotropic:
            return (k2 * substrate[:, 0, 0])[:, None]
        eps1, gyration, eps3 = substrate[:, 0, 0], substrate[:, 0, 1], substrate[:, 2, 2]
        return np.stack([k2 * eps3, k2 * (eps1 + gyration**2 / eps1)], axis=-1)
