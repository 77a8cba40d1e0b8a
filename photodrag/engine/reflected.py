"""The reflected Green tensor G_R(r, r') of a planar surface, for point pairs and as a 3N×3N matrix.

Physics (docs/theory.md#particles-above-a-surface). Vacuum for z > 0, the structure in z < 0;
E(r) = (k²/ε0) [G0(r − r') + G_R(r, r')] p for a dipole p at r' (both points above the
surface). G_R depends on the pair through ρ = |r_∥ − r'_∥|, the azimuth φ of r_∥ − r'_∥ and
Z = z + z' only: its ten scalar Sommerfeld integrals (photodrag.engine.sommerfeld) are
functions of (ρ, Z), and the 3×3 block follows by a rotation about z, because the surface (and
a field B along ±z) is invariant under such rotations. Nothing here symmetrises: G_R(r, r')ᵀ =
G_R(r', r) at B = 0, and G_R(r, r'; B)ᵀ = G_R(r', r; −B) in general, are checked in the tests.

Matrix layout as photodrag.engine.interaction: (n, 3N, 3N), row 3i + a (the point where the field
is), column 3j + b (the dipole), every block including i = j (a particle's own reflected field).
For many pairs the integrals are tabulated per ω on Chebyshev panels over the pairs' (ρ, Z) and
interpolated (photodrag.engine.tabulation); for few pairs they are summed at each pair.
"""

from __future__ import annotations

import numpy as np

from . import sommerfeld, tabulation

#: Below this many pairs the integrals are summed pair by pair instead of tabulated.
DIRECT_MAX_PAIRS = 400


#: The combinations of the ten integrals that a block needs, in its own frame (:func:`frame_components`):
#: iso = (S0 − P0)/2, d = (S2 + P2)/2, Z0, X1, and where s and p mix (a magneto-optical surface)
#: anti = −A0/2, sym = −A2/2, Y1, W1. Interpolating these 4 (or 8) instead of the 6 (or 10) integrals is a
#: third less work per pair; a linear map, it commutes with the interpolation.
FRAME = ("iso", "d", "Z0", "X1", "anti", "sym", "Y1", "W1")
TO_FRAME = np.zeros((10, 8))
TO_FRAME[[0, 2], 0] = 0.5, -0.5
TO_FRAME[[1, 3], 1] = 0.5, 0.5
TO_FRAME[4, 2] = TO_FRAME[5, 3] = TO_FRAME[8, 6] = TO_FRAME[9, 7] = 1.0
TO_FRAME[[6, 7], [4, 5]] = -0.5


def frame_integrals(integrals: np.ndarray) -> np.ndarray:
    """The eight FRAME combinations (..., 8) of the ten integrals (..., 10) (photodrag.engine.sommerfeld.NAMES)."""
    return integrals @ TO_FRAME


def block_components(integrals: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> list:
    """The nine entries (xx, xy, xz, yx, yy, yz, zx, zy, zz) of G_R, each of shape (...), complex, 1/m.

    integrals (..., 10) in the order of photodrag.engine.sommerfeld.NAMES; cos, sin (...) of the
    azimuth φ of r_∥ − r'_∥: :func:`frame_components` of their FRAME combinations.
    """
    return frame_components(frame_integrals(integrals), cos, sin)


def frame_components(frame: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> list:
    """The nine entries (xx, xy, xz, yx, yy, yz, zx, zy, zz) of G_R, each (...), from the FRAME combinations.

    frame (..., 4) or (..., 8): iso, d, Z0, X1 and, where s and p mix, anti, sym, Y1, W1 (the first
    four alone, or four more that are all zero, on an isotropic surface). In the frame (ρ̂, ẑ × ρ̂, ẑ) the
    in-plane block is iso 1 + d diag(1, −1) + anti [[0, 1], [−1, 0]] + sym [[0, 1], [1, 0]]; the rotation
    by φ leaves 1 and [[0, 1], [−1, 0]] alone and turns the other two by 2φ.
    """
    iso, d, Z0, X1 = (frame[..., column] for column in range(4))
    cos2, sin2 = cos * cos - sin * sin, 2 * sin * cos
    turned_cos, turned_sin = d * cos2, d * sin2
    xz, yz, zx, zy = -1j * cos * X1, -1j * sin * X1, 1j * cos * X1, 1j * sin * X1
    xy = yx = turned_sin
    if frame.shape[-1] > 4 and np.any(frame[..., 4:]):
        anti, sym, Y1, W1 = (frame[..., column] for column in range(4, 8))
        turned_cos, turned_sin = turned_cos - sym * sin2, turned_sin + sym * cos2
        xy, yx = turned_sin + anti, turned_sin - anti
        xz, yz = xz - 1j * sin * Y1, yz + 1j * cos * Y1
        zx, zy = zx - 1j * sin * W1, zy + 1j * cos * W1
    return [iso + turned_cos, xy, xz, yx, iso - turned_cos, yz, zx, zy, Z0]


def _add_image_in_frame(frame, beta, k, image) -> None:
    """photodrag.engine.sommerfeld.add_image on the FRAME combinations (..., ≥ 4) in place: the static image's
    −L0, −L2 on P0, P2 and L0, iL1 on Z0, X1 (times β/4πk²) are L0/2 on iso, −L2/2 on d, L0 on Z0, iL1 on X1."""
    factor = beta / (4 * np.pi * k * k)
    frame[..., 0] += (factor / 2) * image[0]
    frame[..., 1] -= (factor / 2) * image[2]
    frame[..., 2] += factor * image[0]
    frame[..., 3] += 1j * factor * image[1]


def local_to_blocks(integrals: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """3×3 blocks (..., 3, 3) of G_R from the ten integrals (..., 10): :func:`block_components` stacked."""
    entries = np.broadcast_arrays(*block_components(integrals, cos, sin))
    return np.stack(entries, axis=-1).reshape(integrals.shape[:-1] + (3, 3))


#: Entries of a block that change sign when the pair is swapped (φ → φ + π): xz, yz, zx, zy.
_ODD = (2, 5, 6, 7)


def _in_plane(separation):
    """(ρ, cos φ, sin φ) of in-plane separations (..., 3); φ = 0 where ρ = 0 (every block is then
    invariant under rotations about z, so any φ gives the same)."""
    rho = np.hypot(separation[..., 0], separation[..., 1])
    safe = np.where(rho > 0, rho, 1.0)
    return rho, np.where(rho > 0, separation[..., 0] / safe, 1.0), np.where(rho > 0, separation[..., 1] / safe, 0.0)


def check_heights(positions, what="point") -> np.ndarray:
    """positions as an (..., 3) float array; ValueError naming the first with z ≤ 0 (by its index
    when there are several)."""
    positions = np.asarray(positions, dtype=float)
    if positions.shape[-1:] != (3,):
        raise ValueError(f"{what} positions must be 3-vectors in m, got shape {positions.shape}")
    if not np.all(np.isfinite(positions)):
        raise ValueError(f"{what} positions contain NaN or infinity")
    low = np.flatnonzero(positions[..., 2].ravel() <= 0)
    if low.size:
        name = what if positions.size == 3 else f"{what} {low[0]}"
        raise ValueError(f"{name} lies at z = {positions[..., 2].ravel()[low[0]]:.6g} m ≤ 0: the surface is the "
                         "plane z = 0 and every point must lie above it (z > 0)")
    return positions


def integrals_at(reflector, rho, Z, kind="green") -> np.ndarray:
    """The ten integrals (n, P, 10), complex, 1/m, at points ρ (P,) ≥ 0 and Z (P,) > 0 (m).

    Summed point by point on one rule per ω that covers all of them (cost O(P × nodes)).
    """
    rho, Z = np.asarray(rho, dtype=float), np.asarray(Z, dtype=float)
    out = np.empty((reflector.k.size, rho.size, 10), dtype=complex)
    for w in range(reflector.k.size):  # one quadrature rule per ω: each holds thousands of nodes
        single = reflector.take(w)
        rule = sommerfeld.make_rule(single, rho.max(initial=0.0), Z.min(), Z.max())
        full, static, beta = sommerfeld.weights(rule, single, kind)
        out[w] = sommerfeld.sums_at_points(rule, full, static, rho, Z)
        out[w] += sommerfeld.image_integrals(beta, rule.k, rho, Z)
    return out


def reflected_green(reflector, r, r_source, kind="green") -> np.ndarray:
    """G_R(r, r_source), shape (n, P, 3, 3) complex, 1/m, for point pairs r, r_source (P, 3) in m.

    reflector: photodrag.engine.reflection.Reflector (its n frequencies). Both points must have
    z > 0 (ValueError otherwise). kind "loss": the evanescent ImH(R) kernel instead (see
    photodrag.engine.sommerfeld.weights).
    """
    r = check_heights(np.atleast_2d(r), "point r")
    r_source = check_heights(np.atleast_2d(r_source), "point r_source")
    rho, cos, sin = _in_plane(r - r_source)
    integrals = integrals_at(reflector, rho, r[:, 2] + r_source[:, 2], kind)
    return local_to_blocks(integrals, cos, sin)


class PairGeometry:
    """N points above the surface, as the reflected tensor sees them: shared by every frequency.

    positions (N, 3) m, z > 0. Attributes: pairs i < j (first, second), their in-plane distance
    rho, azimuth (cos, sin) of r_i − r_j and Z = z_i + z_j; the diagonal heights diagonal_Z = 2 z_i;
    the flat indices of the pairs in an N×N array, both orders; the static image's geometry.
    """

    def __init__(self, positions):
        positions = check_heights(positions, "particle")
        N = self.n_particles = positions.shape[0]
        self.first, self.second = np.triu_indices(N, k=1)
        self.rho, self.cos, self.sin = _in_plane(positions[self.first] - positions[self.second])
        self.Z = positions[self.first, 2] + positions[self.second, 2]
        self.diagonal_Z = 2 * positions[:, 2]
        # flat indices into an N×N array of one block entry: (i, j) and (j, i) of every pair
        self.index_pairs = self.first * N + self.second
        self.index_swapped = self.second * N + self.first
        self.index_self = np.arange(N)
        #: ω-independent part of the static image of every pair (photodrag.engine.sommerfeld.image_integrals).
        self.image = sommerfeld.image_geometry(self.rho, self.Z)
        #: The pairs sorted by the panels of the last table (photodrag.engine.tabulation.Plan), kept for the
        #: next frequency or call whose table has the same panels.
        self.plan = None
        self._integrals: dict[int, np.ndarray] = {}

    def integrals_buffer(self, columns: int) -> np.ndarray:
        """A (pairs, columns) complex buffer for the pairs' integrals, the same at every call: a fresh one of
        16·columns·N²/2 bytes per frequency would be fresh pages too (their faults cost as much as the
        interpolation at N = 500)."""
        if columns not in self._integrals:
            self._integrals[columns] = np.empty((self.rho.size, columns), dtype=complex)
        return self._integrals[columns]

    def sort_pairs(self, order) -> None:
        """Put the pairs in ``order`` (a permutation of them): every per-pair attribute at once."""
        for name in ("first", "second", "rho", "cos", "sin", "Z", "index_pairs", "index_swapped"):
            setattr(self, name, getattr(self, name)[order])
        self.image = self.image[:, order]

    @property
    def Z_range(self) -> tuple[float, float]:
        """(smallest, largest) Z of all blocks, the diagonal included, m."""
        return float(self.diagonal_Z.min()), float(self.diagonal_Z.max())


def reflected_green_matrix(reflector, geometry: PairGeometry, out=None, scale=None, add=False, kind="green",
                           tolerance=tabulation.TOLERANCE, method="auto") -> np.ndarray:
    """The 3N×3N matrix of blocks G_R(r_i, r_j), diagonal included: (n, 3N, 3N) complex, 1/m.

    The arguments and the result are those of :func:`fill_reflected_green` (out is allocated where not given),
    without its report of the matrix's symmetry.
    """
    n, N = reflector.k.size, geometry.n_particles
    if out is None:
        out = np.zeros((n, 3 * N, 3 * N), dtype=complex) if add else np.empty((n, 3 * N, 3 * N), dtype=complex)
    fill_reflected_green(reflector, geometry, out, scale, add, kind, tolerance, method)
    return out


def fill_reflected_green(reflector, geometry: PairGeometry, out, scale=None, add=False, kind="green",
                         tolerance=tabulation.TOLERANCE, method="auto") -> bool:
    """Write the 3N×3N matrix of blocks G_R(r_i, r_j), diagonal included, into out; whether it is symmetric.

    reflector: photodrag.engine.reflection.Reflector (n frequencies); geometry: PairGeometry.
    out: a complex (n, 3N, 3N) buffer (each out[w] C-contiguous); scale: optional (n,) factors; add:
    out += scale·G_R instead of out = scale·G_R. So the kernel's S = Λ − k²(G + G_R) needs no second
    buffer: interaction_matrix(k, ..., out=S), then fill_reflected_green(reflector, geometry, S,
    scale=-k**2, add=True).
    method: "table" (tabulate on (ρ, Z) panels and interpolate, every panel's error checked to
    `tolerance` relative to the largest tabulated combination there, photodrag.engine.tabulation), "direct" (sum
    every pair and the diagonal on the quadrature nodes) or "auto" (direct below DIRECT_MAX_PAIRS
    pairs). kind "loss": the evanescent ImH(R) kernel (photodrag.engine.sommerfeld.weights).

    Returns True where the matrix of G_R is symmetric, G_Rᵀ = G_R at every ω (reciprocity, as on an
    isotropic surface), False otherwise. Checked, not assumed, on the entries as they are written: the
    block of (r_j, r_i) is that of (r_i, r_j) with the sign of xz, yz, zx, zy turned, so the matrix is
    symmetric exactly where every pair's xy equals its yx, zx = −xz, zy = −yz, and every diagonal block
    is symmetric (O(N²) comparisons of the pairs' arrays, not of the (3N)² matrix).
    """
    n, N = reflector.k.size, geometry.n_particles
    symmetric = True
    factor = np.ones(n) if scale is None else np.broadcast_to(np.asarray(scale), (n,))
    if method == "auto":
        method = "direct" if geometry.rho.size < DIRECT_MAX_PAIRS else "table"
    if method not in ("direct", "table"):
        raise ValueError(f"method must be 'auto', 'direct' or 'table', got {method!r}")
    Z_min, Z_max = geometry.Z_range
    rho_max = geometry.rho.max(initial=0.0)
    zero = np.zeros(N)
    entries = np.empty((N, N), dtype=complex)
    edges = tabulation.initial_edges(rho_max, Z_min, Z_max, reflector.k.max())
    if geometry.plan is not None:   # panels halved at earlier frequencies stay: the pairs keep their sorting
        edges = tuple(np.union1d(mine, theirs) for mine, theirs in zip(edges, geometry.plan.edges))
    for w in range(n):  # one rule (and one table) per ω
        single = reflector.take(w)
        rule = sommerfeld.make_rule(single, rho_max, Z_min, Z_max)
        full, static, beta = sommerfeld.weights(rule, single, kind)
        if method == "direct":
            diagonal = frame_integrals(sommerfeld.sums_at_points(rule, full, static, zero, geometry.diagonal_Z))
            pairs = frame_integrals(sommerfeld.sums_at_points(rule, full, static, geometry.rho, geometry.Z))
        else:
            columns = 4 if single.isotropic else 8                    # iso, d, Z0, X1 (and anti, sym, Y1, W1)
            table = tabulation.tabulate(rule, full, static, beta, edges, tolerance, TO_FRAME[:, :columns])
            diagonal = table(zero, geometry.diagonal_Z)
            if geometry.plan is None or not geometry.plan.fits(table):  # the first table, or other panels
                # the pairs themselves in the table's panel order, so that no frequency permutes its values
                plan = tabulation.Plan(table.rho_edges, table.Z_edges, geometry.rho, geometry.Z)
                geometry.sort_pairs(plan.order)
                geometry.plan = plan.sorted()
            pairs = table.interpolate(geometry.plan, geometry.integrals_buffer(columns))  # in the pairs' own order
            edges = geometry.plan.edges
        diagonal += frame_integrals(sommerfeld.image_integrals(beta, rule.k, zero, geometry.diagonal_Z))[:, :diagonal.shape[1]]
        diagonal_blocks = np.stack(np.broadcast_arrays(*frame_components(diagonal, zero + 1, zero)), axis=-1)
        _add_image_in_frame(pairs, beta, rule.k, geometry.image)
        blocks = out[w].reshape(N, 3, N, 3)
        components = frame_components(pairs, geometry.cos, geometry.sin)
        symmetric = symmetric and _symmetric_fill(components, diagonal_blocks)
        for entry, values in enumerate(components):
            # one entry of every block at once: an N×N array, then one strided copy into the matrix
            entries.reshape(-1)[geometry.index_pairs] = values
            # G_R(r_j, r_i) has the same (ρ, Z) and φ + π: the entries coupling z and the plane change sign
            entries.reshape(-1)[geometry.index_swapped] = -values if entry in _ODD else values
            entries[geometry.index_self, geometry.index_self] = diagonal_blocks[:, entry]
            if scale is not None:
                entries *= factor[w]
            if add:
                blocks[:, entry // 3, :, entry % 3] += entries
            else:
                blocks[:, entry // 3, :, entry % 3] = entries
    return symmetric


def _symmetric_fill(components, diagonal_blocks) -> bool:
    """Whether the matrix filled from these pair entries (frame_components' nine) and diagonal blocks (N, 9)
    is symmetric: xy = yx, zx = −xz, zy = −yz at every pair (the swapped pair's block turns the sign of the
    odd entries), and every diagonal block equal to its transpose."""
    xx, xy, xz, yx, yy, yz, zx, zy, zz = components
    own = diagonal_blocks.reshape(-1, 3, 3)
    return (np.array_equal(own, own.swapaxes(1, 2)) and np.array_equal(xy, yx)
            and np.array_equal(zx, -xz) and np.array_equal(zy, -yz))
