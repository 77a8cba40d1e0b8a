"""What the data say, in words: sign changes, monotonicity, spectral widths (no claims of the paper here)."""

from __future__ import annotations

import numpy as np

from .. import labels
from ..system import DIPOLE_VALIDITY_RATIO, pair_distances


def sign_changes(x: np.ndarray, y: np.ndarray, log_x: bool = True) -> list[float]:
    """Where y changes sign, x interpolated linearly in (log x, y) (or (x, y)) between the samples that bracket it."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    out = []
    for k in np.flatnonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0):
        lx = np.log(x[k:k + 2]) if log_x and np.all(x[k:k + 2] > 0) else x[k:k + 2]
        crossing = lx[0] - y[k] * (lx[1] - lx[0]) / (y[k + 1] - y[k])
        out.append(float(np.exp(crossing) if log_x and np.all(x[k:k + 2] > 0) else crossing))
    return out


def describe_sign(name: str, dim: str, x: np.ndarray, y: np.ndarray, units: str = "") -> str:
    """'R_D > 0 at every h, falling monotonically' and the like, from the values."""
    unit = f" {units}" if units else ""
    if np.all(y > 0):
        trend = "falling monotonically" if np.all(np.diff(y) < 0) else \
            "rising monotonically" if np.all(np.diff(y) > 0) else "not monotonic"
        return f"{name} > 0 at every {dim}, {trend}"
    if np.all(y < 0):
        return f"{name} < 0 at every {dim}"
    changes = ", ".join(f"{c:.3g}{unit}" for c in sign_changes(x, y))
    first = ">" if y[0] > 0 else "<"
    return f"{name} {first} 0 at {dim} = {x[0]:.3g}{unit}, sign changes at {dim} \u2248 {changes}"


def width(x: np.ndarray, spectrum: np.ndarray, fraction: float = 0.05) -> tuple[float, float]:
    """The span of x where |spectrum| exceeds ``fraction`` of its largest value."""
    large = np.abs(spectrum) >= fraction * np.abs(spectrum).max()
    return float(np.min(x[large])), float(np.max(x[large]))


def too_close(dataset, dim: str, ratio: float = DIPOLE_VALIDITY_RATIO) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Pairs closer than ``ratio`` mean radii centre to centre (outside the dipole model's validity,
    docs/theory.md#validity-of-the-model), split by how they depend on ``dim``.

    Returns (flags per value of ``dim``: some pair whose distance changes along ``dim`` is too close
    there; the pairs too close at every value whose distance does not change along ``dim``).
    """
    position, radius = dataset["position"], dataset["radius"]
    n = dataset.sizes[dim] if dim in dataset.dims else 1
    distances, limits = [], []
    for k in range(n):
        p = position.isel({dim: k}) if dim in position.dims else position
        r = radius.isel({dim: k}) if dim in radius.dims else radius
        p = p.isel({d: 0 for d in p.dims if d not in ("particle", "xyz")}).transpose("particle", "xyz").values
        r = np.broadcast_to(r.isel({d: 0 for d in r.dims if d != "particle"}).values, (len(p),))
        i, j, distance, contact = pair_distances(p, r)
        distances.append(distance)
        limits.append(ratio * contact / 2 * (1 - 1e-12))  # the tolerance of photodrag.system.close_pairs
    distances, limits = np.array(distances), np.array(limits)
    close = distances < limits
    fixed = np.all(np.isclose(distances, distances[0], rtol=1e-9, atol=0), axis=0)
    always = [(int(a), int(b)) for a, b, c in zip(i, j, fixed & close.all(axis=0)) if c]
    return np.any(close & ~fixed, axis=1), always


def multipole_order(dataset):
    """The multipole order of a file's system (an int L, or "auto"), or None for the dipole model."""
    order = dataset.attrs.get("multipole_order")
    if order is None:
        return None
    return str(order) if isinstance(order, (str, bytes)) else int(order)


def dipole_model(dataset) -> bool:
    """True when a file's spectra come from a dipole model: no multipole_order, or multipole_order = 1 (the
    electric and magnetic Mie dipoles), whose validity ends where pairs come closer than 3R."""
    return multipole_order(dataset) in (None, 1)


def model_text(dataset) -> str:
    """The model of a file's spectra in a few words: 'electric dipoles, quasistatic polarizability', 'exact
    multipoles (L = 4)', 'exact multipoles (auto, L ≤ 9)'."""
    order = multipole_order(dataset)
    if order is None or order == 1:
        text = (f"{dataset.attrs.get('dipoles', 'electric')} dipoles, "
                f"{dataset.attrs.get('polarizability', 'quasistatic')} polarizability")
        return text + (" (multipole_order 1)" if order == 1 else "")
    if order == "auto":
        highest = dataset.attrs.get("multipole_order_max_used")
        return "exact multipoles (auto" + (f", L \u2264 {int(highest)})" if highest is not None else ")")
    return f"exact multipoles (L = {order})"


def order_note(name: str, dataset) -> str:
    """What a figure's notes say of a file of exact multipoles: the order used, or for "auto" its highest order,
    the orders along a sweep, the tolerance and whether every frequency met it; '' for a dipole model."""
    order = multipole_order(dataset)
    if dipole_model(dataset):
        return ""
    if order != "auto":
        return (f"{name}: exact multipoles (docs/theory.md) to order L = {order} at every frequency (its "
                "convergence not measured); no 3R limit.")
    highest, tol = dataset.attrs.get("multipole_order_max_used"), dataset.attrs.get("multipole_tol")
    said = f"{name}: exact multipoles (docs/theory.md), auto: L up to {int(highest)}, tolerance {float(tol):g}"
    per_point = dataset.get("multipole_order_max")
    if per_point is not None and per_point.ndim == 1 and per_point.size > 1:
        coordinate = per_point[per_point.dims[0]]
        at = [f"{coordinate.name} = " + (labels.length(float(coordinate[k])) if coordinate.attrs.get("units") == "m"
                                         else labels.number(float(coordinate[k]))) for k in range(coordinate.size)]
        runs = np.split(np.arange(per_point.size), np.flatnonzero(np.diff(per_point.values)) + 1)
        if len(runs) <= 4:  # the orders along the sweep, each over the stretch it holds
            said += " (L = " + ", ".join(f"{per_point.values[r[0]]} at {at[r[0]]}" if r.size == 1 else
                                         f"{per_point.values[r[0]]} from {at[r[0]]} to {at[r[-1]].split(' = ')[1]}"
                                         for r in runs) + ")"
        else:
            low, high = int(np.argmin(per_point.values)), int(np.argmax(per_point.values))
            said += f" (L = {per_point.values[low]} at {at[low]} to {per_point.values[high]} at {at[high]})"
    if not int(dataset.attrs.get("multipole_converged", 1)):
        said += (f"; NOT converged at every frequency (worst error estimate "
                 f"{float(dataset.attrs.get('multipole_relative_error_estimate', np.nan)):.2g})")
    return said + "; no 3R limit."
