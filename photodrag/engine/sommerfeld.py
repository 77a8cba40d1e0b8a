"""Sommerfeld integrals of the reflected Green tensor: quadrature rules and Bessel sums.

Physics (docs/theory.md#particles-above-a-surface; Novotny & Hecht, Principles of Nano-Optics,
ch. 10; Sipe, J. Opt. Soc. Am. B 4, 481 (1987)). For a source at r' and a point r above the
surface, with ρ = |r_∥ − r'_∥|, φ the azimuth of r_∥ − r'_∥ and Z = z + z', in the frame
(ρ̂, ẑ × ρ̂, ẑ) the reflected Green tensor (E = (k²/ε0) G_R p, 1/m) is

    xx = (S0 − P0)/2 + (S2 + P2)/2     xy = −(A0 + A2)/2    xz = −i X1
    yx = (A0 − A2)/2                   yy = (S0 − P0)/2 − (S2 + P2)/2    yz = i Y1
    zx = i X1                          zy = i W1            zz = Z0

with the ten scalar integrals, u = kz/k, v = q/k, R the (s, p) reflection matrix,

    I[F, n] = (i/4π) ∫_0^∞ (q dq/kz) e^{i kz Z} F(q) J_n(qρ):
    S0, S2 = I[r_ss, 0], I[r_ss, 2]        P0, P2 = I[r_pp u², 0], I[r_pp u², 2]
    Z0 = I[r_pp v², 0]                     X1 = I[r_pp u v, 1]
    A0 = I[u (r_sp + r_ps), 0]             A2 = I[u (r_sp − r_ps), 2]
    Y1 = I[v r_sp, 1]                      W1 = I[v r_ps, 1]

(A0, A2, Y1, W1 vanish unless s and p mix: the magneto-optical surface). The integration runs
on the real axis, split at the light line: q = k sin θ for the propagating waves
(q dq/kz = k sin θ dθ) and kz = iκ for the evanescent ones (q dq/kz = −i dκ), so that the
1/kz singularity disappears and every integrand is smooth apart from the reflection
coefficients' own poles and branch points.

Quasi-static image. For q → ∞, r_pp → β and kz → iq, and the p integrals tend to
(β/4π) ∫ dq e^{−qZ} (q²/k²) (−J0, −J2, J0, iJ1) for (P0, P2, Z0, X1), whose values are
closed forms (L_n = ∫ q² e^{−qZ} J_n(qρ) dq: (2Z² − ρ²)/R⁵, 3ρZ/R⁵, 3ρ²/R⁵, R² = ρ² + Z²):
the field of the image dipole β M p at the mirror point, k² G = β (3R̂R̂ − 1) M/(4πR³),
M = diag(−1, −1, 1). That integrand is subtracted node by node and its closed form added, so
the quadrature integrates only a remainder (kR)² smaller and, for ρ ≫ Z, does not have to
cancel a 1/R³ out of oscillations of much larger size.

Quadrature (one rule per ω, shared by every (ρ, Z) of a set): Gauss–Legendre panels of
GAUSS_ORDER nodes. Panels are split at the half-space's branch points (with a t² substitution,
for the square roots of a lossless medium) and at the surface polariton of a bare half-space,
capped so that the decay κ Z (for every Z of the set that is not already negligible there)
stays within what the rule integrates to rounding, and bisected where the reflection matrix
itself is not resolved (near-axis poles of weakly lossy surfaces, guided modes of films), until
halving a panel changes its integral of R by less than REFINE_TOLERANCE of the whole. Only then
are they cut into pieces over which the Bessel phase q ρ_max stays below MAX_PHASE (R, resolved
on the whole panel, is resolved on every piece), so R is never refined on thousands of panels.

Arrays: a rule holds one frequency; sums come out (points, 10) or (n_ρ, n_Z, 10), complex, 1/m.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.polynomial.legendre import leggauss
from scipy import special

#: Names of the ten scalar integrals, in the order of every (..., 10) array here.
NAMES = ("S0", "S2", "P0", "P2", "Z0", "X1", "A0", "A2", "Y1", "W1")

#: Bessel order of each scalar integral.
ORDERS = np.array([0, 2, 0, 2, 0, 1, 0, 2, 1, 1])

#: Nodes per Gauss–Legendre panel. With 20 nodes a panel integrates e^{iωt} (|ωt| ≤ 12 over the
#: panel's half-length) and e^{−ct} (c ≤ 20) to 1e-15 relative (measured).
GAUSS_ORDER = 20

#: Largest phase of the Bessel function (q ρ_max) across one panel, rad.
MAX_PHASE = 16.0

#: Largest decay κ Z across one panel, for every Z whose integrand is still above rounding there.
MAX_DECAY = 24.0

#: The evanescent integrals stop at κ Z_min = CUTOFF: e^{−45} (κZ)³ < 1e-16.
CUTOFF = 45.0

#: A panel is bisected while halving it changes its integral of the reflection by more than this
#: fraction of the whole integral of |R| (or than 64 ulp of its own, the rounding of the rule). 1e-13
#: left 5e-11 in the far field (ρ = 20 µm) of SiC at 1.775e14 rad/s, whose integrand there is a
#: thousandth of the near field's; 1e-15 costs 2 % more nodes.
REFINE_TOLERANCE = 1e-15

#: Panels shorter than this fraction of their range's scale (k, or π/2 in θ) mean a pole on the real
#: axis (a lossless surface polariton or guided mode).
SMALLEST_PANEL = 1e-12

#: More panels than this in one range: the reflection is not resolvable (a pole on the axis, or noise).
MAX_PANELS = 20_000

_GAUSS = leggauss(GAUSS_ORDER)


@dataclass(frozen=True)
class Rule:
    """Quadrature nodes of the Sommerfeld integrals at one frequency (k in rad/m).

    q (m,) in-plane wavevectors, 1/m; kz (m,) the vacuum's normal wavevector (real, or iκ);
    measure (m,) complex, the weights of ∫ q dq/kz (k sin θ dθ or −i dκ); dq (m,) real, the
    weights of ∫ dq (for the static image); evanescent (m,) bool.
    """

    k: float
    q: np.ndarray
    kz: np.ndarray
    measure: np.ndarray
    dq: np.ndarray
    evanescent: np.ndarray

    @property
    def size(self) -> int:
        return self.q.size


def panel_nodes(edges: np.ndarray, singular: np.ndarray):
    """Gauss–Legendre nodes and weights (P, n) on panels [edges[p], edges[p+1]].

    singular[p] = 1 (−1): the integrand has a square-root branch point at the left (right) end;
    the panel is then mapped by x = a + h t² (x = b − h t²), which makes it smooth.
    """
    t, w = _GAUSS
    a, b = edges[:-1, None], edges[1:, None]
    h = b - a
    s = (t + 1) / 2
    x = a + h * s
    weight = h * w / 2
    left, right = singular[:, None] == 1, singular[:, None] == -1
    x = np.where(left, a + h * s * s, np.where(right, b - h * s * s, x))
    weight = np.where(left | right, weight * 2 * s, weight)
    return x, weight


def _split(edges, singular, which):
    """Bisect the panels where which is True; a singular end stays with its half."""
    middle = (edges[:-1] + edges[1:]) / 2
    new_edges = [edges[:1]]
    new_singular = []
    for p in range(singular.size):  # a few dozen panels, once per refinement level
        if which[p]:
            new_edges.append([middle[p], edges[p + 1]])
            new_singular += [max(singular[p], 0), min(singular[p], 0)]
        else:
            new_edges.append(edges[p + 1:p + 2])
            new_singular.append(singular[p])
    return np.concatenate(new_edges), np.array(new_singular, dtype=int)


def refine(edges, singular, integrand, smallest):
    """Bisect panels until the integral of integrand on each is resolved.

    integrand(x (P, n)) -> (values (P, n, c), rounding (P, n)): the functions to resolve and the
    size their rounding errors scale with (|R| before anything was subtracted from it). A panel
    passes when the rule on it and on its two halves agree to REFINE_TOLERANCE × the largest
    component's ∫|values|, or to 64 ulp of its ∫ rounding. Raises ValueError when a panel would
    become shorter than `smallest` or the panels more than MAX_PANELS.
    """
    while True:
        x, w = panel_nodes(edges, singular)
        halves_edges, halves_singular = _split(edges, singular, np.ones(singular.size, bool))
        hx, hw = panel_nodes(halves_edges, halves_singular)
        values, rounding = integrand(np.concatenate([x, hx]))
        whole = np.einsum("pn,pnc->pc", w, values[:x.shape[0]])
        halves = np.einsum("pn,pnc->pc", hw, values[x.shape[0]:])
        halves = halves[0::2] + halves[1::2]
        size = np.einsum("pn,pnc->c", hw, np.abs(values[x.shape[0]:])).max()
        noise = np.einsum("pn,pn->p", hw, rounding[x.shape[0]:])
        limit = np.maximum(REFINE_TOLERANCE * size, 64 * np.finfo(float).eps * (noise[0::2] + noise[1::2]))
        bad = np.abs(whole - halves).max(axis=1) > limit
        if not bad.any():
            return edges, singular
        if np.any(np.diff(edges)[bad] < smallest) or edges.size > MAX_PANELS:
            raise ValueError(
                "the reflection coefficients cannot be resolved near "
                f"{edges[np.flatnonzero(bad)[0]]:.6g} (θ in rad, or κ in 1/m): a pole on (or within rounding of) "
                "the real axis, i.e. a lossless surface polariton or guided mode; give the materials some loss")
        edges, singular = _split(edges, singular, bad)


def _capped_edges(start, stop, breaks, longest):
    """Edges from start to stop through breaks, no panel longer than longest(left edge)."""
    points = np.unique(np.concatenate([[start, stop], breaks[(breaks > start) & (breaks < stop)]]))
    edges = [start]
    for a, b in zip(points[:-1], points[1:]):  # a few intervals; panels within them are vectorised below
        x = a
        while x < b:
            step = longest(x)
            x = b if x + 1.5 * step >= b else x + step
            edges.append(x)
    return np.array(edges)


def _subdivide(edges, singular, longest):
    """Cut every panel into equal pieces no longer than `longest`; a singular end stays with its piece."""
    pieces = np.maximum(1, np.ceil(np.diff(edges) / longest - 1e-9)).astype(int)
    panel = np.repeat(np.arange(pieces.size), pieces)
    step = np.arange(panel.size) - np.repeat(np.cumsum(pieces) - pieces, pieces)     # piece within its panel
    length = np.diff(edges)[panel] / pieces[panel]
    new_edges = np.append(edges[:-1][panel] + step * length, edges[-1])
    first, last = step == 0, step == pieces[panel] - 1
    flags = singular[panel]
    new_singular = np.where((flags == 1) & first, 1, np.where((flags == -1) & last, -1, 0))
    return new_edges, new_singular


def _singular_flags(edges, branches):
    """1 on panels starting at a branch point, −1 on panels ending at one, else 0."""
    flags = np.zeros(edges.size - 1, dtype=int)
    for b in branches:
        flags[np.isclose(edges[:-1], b, rtol=1e-14, atol=0)] = 1
        flags[np.isclose(edges[1:], b, rtol=1e-14, atol=0)] = -1
    return flags


def propagating_nodes(reflector, rho_max, Z_max, widest=np.pi / 8):
    """θ nodes of the propagating range q = k sin θ, θ ∈ [0, π/2]: (θ, weights), refined on R.

    widest: the longest panel before refinement (π/2 for the plane-wave kernels, whose integrands
    the whole range's 20 nodes often resolve).
    """
    k = reflector.k[0]
    q_branch = np.sqrt(reflector.branch_points()[0])
    near_axis = (np.abs(q_branch.imag) < 0.1 * np.abs(q_branch.real)) & (q_branch.real > 0) & (q_branch.real < k)
    branches = np.arcsin(q_branch.real[near_axis] / k)
    edges = _capped_edges(0.0, np.pi / 2, branches, lambda x: min(widest, MAX_DECAY / max(k * Z_max, 1e-300)))
    singular = _singular_flags(edges, branches)

    def integrand(theta):
        R = reflector.matrix((k * np.cos(theta)).reshape(1, -1))[0].reshape(theta.shape + (4,))
        values = R * np.sin(theta)[..., None]
        return values, np.abs(values).max(axis=-1)

    edges, singular = refine(edges, singular, integrand, SMALLEST_PANEL * np.pi / 2)
    # only now the Bessel and exponential phases k(ρ sin θ + Z cos θ): R needs no more nodes for them
    edges, singular = _subdivide(edges, singular, MAX_PHASE / max(k * (rho_max + Z_max), 1e-300))
    theta, weight = panel_nodes(edges, singular)
    return theta.ravel(), weight.ravel()


def evanescent_nodes(reflector, rho_max, Z_min, Z_max):
    """κ nodes of the evanescent range kz = iκ, κ ∈ [0, CUTOFF/Z_min]: (κ, weights), refined on R."""
    k = reflector.k[0]
    stop = CUTOFF / Z_min
    kappa_branch = np.sqrt(reflector.branch_points()[0] - k * k)
    kappa_branch = np.where(kappa_branch.real < 0, -kappa_branch, kappa_branch)
    near_axis = np.abs(kappa_branch.imag) < 0.1 * np.abs(kappa_branch.real)
    branches = kappa_branch.real[near_axis & (kappa_branch.real > 0)]
    polariton = np.sqrt(reflector.polariton()[0] - k * k)
    polariton = np.where(polariton.real < 0, -polariton, polariton)
    features = np.concatenate([branches, polariton.real[np.abs(polariton.imag) < 0.5 * polariton.real]])

    def longest(kappa):
        reach = min(Z_max, CUTOFF / kappa) if kappa > 0 else Z_max
        return min(MAX_DECAY / reach, max(k, kappa))

    edges = _capped_edges(0.0, stop, features, longest)
    singular = _singular_flags(edges, branches)
    beta = reflector.static_limit()[0]

    def integrand(kappa):
        R = reflector.matrix((1j * kappa).reshape(1, -1))[0].reshape(kappa.shape + (4,))
        weight = np.exp(-kappa * Z_min) * (1 + kappa / k) ** 2
        rounding = np.abs(R).max(axis=-1) * weight
        R[..., 3] -= beta   # the static tail is resolved by the panels' lengths; refine on the rest
        return R * weight[..., None], rounding

    edges, singular = refine(edges, singular, integrand, SMALLEST_PANEL * k)
    if rho_max > 0:  # only now the Bessel phase q ρ: R needs no more nodes for it
        edges, singular = _subdivide(edges, singular, MAX_PHASE / rho_max)
    kappa, weight = panel_nodes(edges, singular)
    return kappa.ravel(), weight.ravel()


def make_rule(reflector, rho_max, Z_min, Z_max) -> Rule:
    """The quadrature rule of one frequency (reflector.k of size 1) for ρ ≤ rho_max, Z in [Z_min, Z_max] (m)."""
    k = reflector.k[0]
    theta, w_theta = propagating_nodes(reflector, rho_max, Z_max)
    kappa, w_kappa = evanescent_nodes(reflector, rho_max, Z_min, Z_max)
    q_evanescent = np.sqrt(k * k + kappa * kappa)
    return Rule(
        k=k,
        q=np.concatenate([k * np.sin(theta), q_evanescent]),
        kz=np.concatenate([k * np.cos(theta) + 0j, 1j * kappa]),
        measure=np.concatenate([k * np.sin(theta) * w_theta + 0j, -1j * w_kappa]),
        dq=np.concatenate([k * np.cos(theta) * w_theta, kappa / q_evanescent * w_kappa]),
        evanescent=np.concatenate([np.zeros(theta.size, bool), np.ones(kappa.size, bool)]),
    )


def weights(rule: Rule, reflector, kind: str = "green"):
    """(full, static) of :func:`spectral_weights` for one of the two kernels, and the β used.

    kind "green": the reflected Green tensor G_R itself. kind "loss": the same integrals with
    R replaced by ImH(R) = (R − R†)/2i on the evanescent waves and by 0 on the propagating ones,
    β by Im β: the evanescent part of what the structure absorbs (docs/theory.md).
    """
    R = reflector.matrix(rule.kz[None])[0]
    beta = reflector.static_limit()[0]
    if kind == "loss":
        R = np.where(rule.evanescent[:, None, None], (R - np.conj(np.swapaxes(R, -1, -2))) / 2j, 0)
        beta = beta.imag
    elif kind != "green":
        raise ValueError(f"kind must be 'green' or 'loss', got {kind!r}")
    return (*spectral_weights(rule, R, beta), beta)


def spectral_weights(rule: Rule, R: np.ndarray, beta: complex):
    """(full, static), each (m, 10) complex: the integrands of the ten integrals without J_n and e^{...Z}.

    full[:, X] = (i/4π) · measure · F_X (to be multiplied by J_n(qρ) e^{i kz Z}); static[:, X] the
    quasi-static image's (β/4π) · dq · (q²/k²) · (−1, −1, 1, i) on P0, P2, Z0, X1 (to be multiplied
    by J_n(qρ) e^{−qZ} and subtracted). R: (m, 2, 2) the reflection matrix at the nodes.
    """
    k = rule.k
    u, v = rule.kz / k, rule.q / k
    r_ss, r_sp, r_ps, r_pp = R[:, 0, 0], R[:, 0, 1], R[:, 1, 0], R[:, 1, 1]
    F = np.stack([r_ss, r_ss, r_pp * u * u, r_pp * u * u, r_pp * v * v, r_pp * u * v,
                  u * (r_sp + r_ps), u * (r_sp - r_ps), v * r_sp, v * r_ps], axis=-1)
    full = (0.25j / np.pi) * rule.measure[:, None] * F
    static = np.zeros_like(full)
    image = (beta / (4 * np.pi)) * rule.dq * v * v
    static[:, 2] = static[:, 3] = -image
    static[:, 4] = image
    static[:, 5] = 1j * image
    return full, static


def image_geometry(rho, Z) -> np.ndarray:
    """(L0, L1, L2) (3, ...) of the static image, 1/m³: L_n = ∫ q² e^{−qZ} J_n(qρ) dq.

    L0 = (2Z² − ρ²)/R⁵, L1 = 3ρZ/R⁵, L2 = 3ρ²/R⁵ with R² = ρ² + Z² (ρ, Z in m, broadcasting).
    """
    rho, Z = np.broadcast_arrays(np.asarray(rho, dtype=float), np.asarray(Z, dtype=float))
    R2 = rho * rho + Z * Z
    scale = 1 / (R2 * R2 * np.sqrt(R2))
    return np.stack([(2 * Z * Z - rho * rho) * scale, 3 * rho * Z * scale, 3 * rho * rho * scale])


def add_image(integrals, beta, k, image) -> None:
    """Add the static image's closed forms to integrals (..., 10) in place: (β/4πk²)(−L0, −L2, L0, iL1)
    on P0, P2, Z0, X1; image: (L0, L1, L2) from :func:`image_geometry`."""
    factor = beta / (4 * np.pi * k * k)
    integrals[..., 2] -= factor * image[0]
    integrals[..., 3] -= factor * image[2]
    integrals[..., 4] += factor * image[0]
    integrals[..., 5] += 1j * factor * image[1]


def image_integrals(beta, k, rho, Z) -> np.ndarray:
    """The static image's integrals alone (..., 10) complex, 1/m, at ρ, Z (m): zero but P0, P2, Z0, X1."""
    image = image_geometry(rho, Z)
    out = np.zeros(image.shape[1:] + (10,), dtype=complex)
    add_image(out, beta, k, image)
    return out


def bessel(x: np.ndarray):
    """(J0, J1, J2) of real x ≥ 0, J2 = 2 J1/x − J0 (0 at x = 0; its error is absolute, ≤ 1e-16)."""
    j0 = special.j0(x)
    j1 = special.j1(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        j2 = np.where(x > 0, 2 * j1 / x - j0, 0.0)
    return j0, j1, j2


def sums_at_points(rule: Rule, full, static, rho, Z) -> np.ndarray:
    """The ten integrals minus their static image at points (ρ, Z) (P,) m: (P, 10) complex, 1/m.

    Cost O(P m): J_n(qρ) and both exponentials at every (point, node).
    """
    out = np.zeros((rho.size, 10), dtype=complex)
    if not np.any(rho):   # on the axis (the diagonal blocks): J0 = 1, J1 = J2 = 0
        columns = ORDERS == 0
        out[:, columns] = np.exp(1j * np.outer(Z, rule.kz)) @ full[:, columns]
        out[:, columns] -= np.exp(-np.outer(Z, rule.q)) @ static[:, columns]
        return out
    for start in range(0, rho.size, 256):  # blocks of points: the (points × nodes) work arrays stay small
        part = slice(start, start + 256)
        x = rho[part, None] * rule.q
        decay = np.exp(1j * rule.kz * Z[part, None])
        image = np.exp(-rule.q * Z[part, None])
        for order, j in enumerate(bessel(x)):
            columns = ORDERS == order
            out[part, columns] = (j * decay) @ full[:, columns] - (j * image) @ static[:, columns]
    return out


def sums_on_grid(rule: Rule, full, static, rho, Z, orders=ORDERS) -> np.ndarray:
    """The integrals of the weights' c columns minus their static image on ρ (A,) × Z (B,) m: (A, B, c), 1/m.

    full, static (m, c): the weights of :func:`weights`, or combinations of their columns of one Bessel
    order each; orders (c,): those orders (ORDERS for the ten integrals).

    Separable: J_n(q ρ_a) (A × m) and e^{i kz Z_b}, e^{−q Z_b} (m × B) are formed once and each
    Bessel order is one real matrix product, so the cost is O((A + B) m) functions and O(A B m) flops.
    """
    decay = np.exp(1j * rule.kz[:, None] * Z)                 # (m, B)
    image = np.exp(-rule.q[:, None] * Z)
    out = np.empty((rho.size, Z.size, full.shape[1]), dtype=complex)
    for order, j in enumerate(bessel(rho[:, None] * rule.q)):
        chosen = np.flatnonzero(orders == order)
        if not chosen.size:
            continue
        right = decay[:, :, None] * full[:, None, chosen] - image[:, :, None] * static[:, None, chosen]
        product = j @ right.reshape(rule.size, -1).view(np.float64)   # real Bessel × complex: a real product
        out[:, :, chosen] = product.view(np.complex128).reshape(rho.size, Z.size, chosen.size)
    return out
