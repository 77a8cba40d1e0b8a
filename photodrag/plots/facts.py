"""What the data say, in words: sign changes, monotonicity, spectral widths (no claims of the paper here)."""

from __future__ import annotations

import numpy as np

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
