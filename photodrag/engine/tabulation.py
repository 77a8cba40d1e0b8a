"""Tables of the reflected tensor's Sommerfeld integrals over (ρ, Z), with their error checked.

Filling the 3N×3N matrix of G_R needs the ten integrals of photodrag.engine.sommerfeld at the
N(N − 1)/2 pairs' (ρ, Z): summing thousands of quadrature nodes at each would cost far more than
the inverse that follows. They are smooth functions of (ρ, Z) once the quasi-static image (the
1/R³, R² = ρ² + Z²) is taken out analytically, so per ω they are tabulated on a tensor grid of
Chebyshev–Lobatto points and interpolated.

Panels. Z ∈ [Z_min, Z_max] is cut geometrically (each panel at most twice as far from Z = 0 as
it starts) and ρ ∈ [0, ρ_max] in panels no longer than their distance from ρ = 0 (the first one
Z_min long): the integrals are analytic in ρ and Z except where R = 0, so such panels keep the
singularity a fixed number of half-lengths away, and ORDER points give a fixed accuracy in every
panel. Panels are at most OSCILLATION/k long as well, for the e^{ikR} of retardation.

Error control. Besides its nodes, every panel carries three check abscissae (near both ends and
in the middle). The table is summed on the grid of nodes and checks together (one separable
product, photodrag.engine.sommerfeld.sums_on_grid), the interpolant of each panel is compared
with the sums at its checks, and a panel whose error exceeds `tolerance` × the largest quantity
at that point (static image included) is halved, until every check passes. Pairs are then
grouped by panel and interpolated with two small matrix products per panel.

Arrays: values (P_ρ, ORDER, P_Z, ORDER, c) complex, 1/m (c the tabulated quantities: the ten
integrals, or combinations of them); a table holds one frequency.
"""

from __future__ import annotations

import numpy as np

from . import sommerfeld

#: Chebyshev–Lobatto points per panel and per direction.
ORDER = 16

#: Default largest interpolation error, relative to the largest tabulated quantity at the same (ρ, Z).
TOLERANCE = 1e-10

#: Largest panel length relative to the panel's distance from ρ = 0 (or Z = 0).
GROWTH = 1.0

#: Largest panel length in units of 1/k (the e^{ikR} of retardation over one panel).
OSCILLATION = 8.0

#: Halvings of failed panels before giving up.
MAX_ROUNDS = 8

#: Pairs interpolated at once: their (CHUNK, ORDER, 2c) products along ρ stay in cache.
CHUNK = 2048



def lobatto_points(points: int) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, barycentric weights) of the Chebyshev–Lobatto points −cos(πj/(points − 1)) on [−1, 1], increasing."""
    weights = (-1.0) ** np.arange(points)
    weights[[0, -1]] /= 2
    return -np.cos(np.pi * np.arange(points) / (points - 1)), weights


_t, _w = lobatto_points(ORDER)
#: Check abscissae on [−1, 1]: the midpoints of the first, middle and last node intervals.
_CHECKS = np.array([(_t[0] + _t[1]) / 2, (_t[ORDER // 2 - 1] + _t[ORDER // 2]) / 2, (_t[-2] + _t[-1]) / 2])


def lagrange_basis(t: np.ndarray, points: int = ORDER) -> np.ndarray:
    """Values (P, points) of the Lagrange polynomials of the Lobatto points (:func:`lobatto_points`) at t (P,) in
    [−1, 1].

    Barycentric formula; a t that hits a node exactly (rare: its row's sum is then not finite) gets the
    unit vector of that node.
    """
    nodes, weights = (_t, _w) if points == ORDER else lobatto_points(points)
    terms = np.subtract(t[:, None], nodes)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(weights, terms, out=terms)
        total = terms.sum(axis=1)
        terms *= (1 / total)[:, None]
    hits = np.flatnonzero(~np.isfinite(total))
    if hits.size:
        terms[hits] = 0.0
        terms[hits, np.abs(t[hits, None] - nodes).argmin(axis=1)] = 1.0
    return terms


def panel_edges(start, stop, first, longest) -> np.ndarray:
    """Edges from start to stop: the first panel `first` long, then no longer than its start or `longest`."""
    edges = [start]
    while edges[-1] < stop:
        a = edges[-1]
        step = min(max(GROWTH * a, first), longest) if a > 0 else first
        edges.append(stop if a + 1.5 * step >= stop else a + step)
    return np.array(edges)


def _points(edges):
    """Nodes (P, ORDER) and checks (P, 3) of panels with the given edges."""
    centre, half = (edges[1:] + edges[:-1]) / 2, (edges[1:] - edges[:-1]) / 2
    return centre[:, None] + half[:, None] * _t, centre[:, None] + half[:, None] * _CHECKS


def _halve(edges, bad):
    middle = (edges[1:] + edges[:-1]) / 2
    return np.sort(np.concatenate([edges, middle[bad]]))


class Plan:
    """Pairs (ρ, Z) sorted by the panels of given edges, with their Lagrange bases: reusable at
    every frequency whose table has the same edges.

    Attributes: order (P,) the sorting permutation; runs, a list of (start, stop, i, j): the sorted
    pairs start:stop lie in ρ-panel i and Z-panel j; basis_rho, basis_Z (P, ORDER) in sorted order.
    """

    def __init__(self, rho_edges, Z_edges, rho, Z):
        self.rho_edges, self.Z_edges = rho_edges, Z_edges
        a = np.clip(np.searchsorted(rho_edges, rho, side="right") - 1, 0, rho_edges.size - 2)
        b = np.clip(np.searchsorted(Z_edges, Z, side="right") - 1, 0, Z_edges.size - 2)
        block = a * (Z_edges.size - 1) + b
        self.order = np.argsort(block, kind="stable")
        block, a, b = block[self.order], a[self.order], b[self.order]
        starts = np.flatnonzero(np.diff(block, prepend=-1))
        stops = np.append(starts[1:], block.size)
        self.runs = [(int(start), int(stop), int(a[start]), int(b[start])) for start, stop in zip(starts, stops)]
        self.basis_rho = lagrange_basis(local(rho[self.order], rho_edges, a))
        self.basis_Z = lagrange_basis(local(Z[self.order], Z_edges, b))

    def sorted(self) -> "Plan":
        """This plan for the pairs once put in its order (order the identity; runs and bases are already so)."""
        self.order = np.arange(self.order.size)
        return self

    @property
    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """(ρ edges, Z edges) of the panels, m."""
        return self.rho_edges, self.Z_edges

    def fits(self, table) -> bool:
        """Whether table has this plan's panels."""
        return np.array_equal(self.rho_edges, table.rho_edges) and np.array_equal(self.Z_edges, table.Z_edges)


class Table:
    """Interpolant of the integrals (static image excluded) over (ρ, Z) at one frequency.

    values (P_ρ, ORDER, P_Z, ORDER, c): the c = 6 integrals of an isotropic surface or all 10.
    """

    def __init__(self, rho_edges, Z_edges, values, error):
        self.rho_edges, self.Z_edges, self.values = rho_edges, Z_edges, values
        #: The largest relative error found at the checks (what `tolerance` bounded).
        self.error = error

    def __call__(self, rho, Z) -> np.ndarray:
        """Interpolated values (P, c), complex, 1/m, at ρ (P,) and Z (P,) in m, inside the table."""
        plan = Plan(self.rho_edges, self.Z_edges, rho, Z)
        out = np.empty((rho.size, self.values.shape[-1]), dtype=complex)
        out[plan.order] = self.interpolate(plan)
        return out

    def interpolate(self, plan: Plan, out=None) -> np.ndarray:
        """Interpolated values (P, c) at the plan's pairs, in the plan's sorted order; returns out.

        out: an optional C-contiguous (P, c) complex buffer (reused across frequencies: no fresh pages).
        Each run of pairs in one panel pair, CHUNK at a time, on the real view of the values: one matrix
        product along ρ for the whole chunk, (CHUNK, ORDER) × (ORDER, ORDER·2c), then each pair's ORDER
        Z-weights times its (ORDER, 2c) slice, a stacked product written in place.
        """
        columns = self.values.shape[-1]
        if out is None:
            out = np.empty((plan.order.size, columns), dtype=complex)
        result = out.view(np.float64)[:, None, :]                                    # (P, 1, 2c)
        for start, stop, i, j in plan.runs:  # one run per occupied panel pair, a few dozen
            tensor = self.values[i, :, j].reshape(ORDER, -1).view(np.float64)       # (ORDER, ORDER·2c)
            for first in range(start, stop, CHUNK):
                part = slice(first, min(first + CHUNK, stop))
                along_rho = (plan.basis_rho[part] @ tensor).reshape(-1, ORDER, 2 * columns)
                np.matmul(plan.basis_Z[part, None, :], along_rho, out=result[part])
        return out


def local(x, edges, panel):
    """x mapped onto [−1, 1] within its panel."""
    return np.clip((2 * x - edges[panel] - edges[panel + 1]) / (edges[panel + 1] - edges[panel]), -1.0, 1.0)


def _interpolate_along(values, axis):
    """Interpolant at the 3 checks of each panel along `axis` (1: ρ, 3: Z) of values (Pρ, n, PZ, n, 10)."""
    basis = lagrange_basis(_CHECKS)                                       # (3, ORDER)
    return np.moveaxis(np.tensordot(basis, values, axes=([1], [axis])), 0, axis)


def initial_edges(rho_max, Z_min, Z_max, k):
    """(ρ edges, Z edges) of the panels before any check, for ρ in [0, rho_max] and Z in [Z_min, Z_max] m.

    k: the largest wavenumber (rad/m) the table will serve, so that one set of panels fits every
    frequency of a stack and the pairs' sorting (a Plan) can be shared.
    """
    longest = OSCILLATION / k
    rho_edges = panel_edges(0.0, max(rho_max, 1e-3 * Z_min), Z_min, longest)
    Z_edges = panel_edges(Z_min, max(Z_max, Z_min * (1 + 1e-9)), Z_min, longest)
    return rho_edges, Z_edges


def tabulate(rule, full, static, beta, edges, tolerance=TOLERANCE, transform=None) -> Table:
    """The table of one frequency on the panels `edges` = (ρ edges, Z edges) (m), halved where needed.

    rule, full, static, beta: from photodrag.engine.sommerfeld (make_rule, weights); the rule must
    cover the same range. transform: a real (10, c) matrix, the tabulated quantities being the ten
    integrals (photodrag.engine.sommerfeld.NAMES) times it, each column combining integrals of one
    Bessel order (None: the ten integrals themselves). Every check is relative to the largest of the
    c quantities (static image included) at that point. Raises RuntimeError if MAX_ROUNDS of halvings
    do not reach `tolerance`.
    """
    transform = np.eye(10) if transform is None else np.asarray(transform, dtype=float)
    orders = column_orders(transform)
    columns = orders.size
    full, static = full @ transform, static @ transform      # the sums are linear in the weights
    rho_edges, Z_edges = edges
    for _ in range(MAX_ROUNDS):  # a few rounds at most: each halves the failing panels
        rho_nodes, rho_checks = _points(rho_edges)
        Z_nodes, Z_checks = _points(Z_edges)
        P, Q = rho_nodes.shape[0], Z_nodes.shape[0]
        rho_all = np.concatenate([rho_nodes.ravel(), rho_checks.ravel()])
        Z_all = np.concatenate([Z_nodes.ravel(), Z_checks.ravel()])
        grid = sommerfeld.sums_on_grid(rule, full, static, rho_all, Z_all, orders)
        n_rho, n_Z = rho_nodes.size, Z_nodes.size
        values = grid[:n_rho, :n_Z].reshape(P, ORDER, Q, ORDER, columns)
        # along ρ: checks of ρ at every Z node; along Z: checks of Z at every ρ node
        exact_rho = grid[n_rho:, :n_Z].reshape(P, 3, Q, ORDER, columns)
        exact_Z = grid[:n_rho, n_Z:].reshape(P, ORDER, Q, 3, columns)
        scale_rho = _scale(exact_rho, rho_checks.reshape(P, 3, 1, 1), Z_nodes.reshape(1, 1, Q, ORDER), beta, rule.k,
                           transform)
        scale_Z = _scale(exact_Z, rho_nodes.reshape(P, ORDER, 1, 1), Z_checks.reshape(1, 1, Q, 3), beta, rule.k,
                         transform)
        error_rho = np.abs(_interpolate_along(values, 1) - exact_rho).max(axis=-1) / scale_rho
        error_Z = np.abs(_interpolate_along(values, 3) - exact_Z).max(axis=-1) / scale_Z
        bad_rho = error_rho.max(axis=(1, 2, 3)) > tolerance
        bad_Z = error_Z.max(axis=(0, 1, 3)) > tolerance
        if not (bad_rho.any() or bad_Z.any()):
            return Table(rho_edges, Z_edges, values, max(error_rho.max(), error_Z.max()))
        rho_edges, Z_edges = _halve(rho_edges, bad_rho), _halve(Z_edges, bad_Z)
    raise RuntimeError(f"the table of the reflected Green tensor did not reach a relative error of {tolerance:g} "
                       f"in {MAX_ROUNDS} rounds of halving (largest error {max(error_rho.max(), error_Z.max()):.3g})")


def column_orders(transform: np.ndarray) -> np.ndarray:
    """The Bessel order of each column of a (10, c) transform of the ten integrals; ValueError where a column
    mixes orders (its sum over the nodes would need two Bessel functions)."""
    orders = []
    for column in transform.T:
        used = np.unique(sommerfeld.ORDERS[column != 0])
        if used.size > 1:
            raise ValueError(f"a tabulated combination mixes Bessel orders {used.tolist()}")
        orders.append(used[0] if used.size else 0)
    return np.array(orders)


def _scale(remainder, rho, Z, beta, k, transform):
    """The largest tabulated quantity (static image added back) at each point: what an error is relative to."""
    rho, Z = np.broadcast_arrays(rho, Z)
    total = remainder + sommerfeld.image_integrals(beta, k, rho, Z) @ transform
    return np.abs(total).max(axis=-1)
