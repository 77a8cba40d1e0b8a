"""Particle centres of the parametric geometries, on plain arrays (m), with their numbering.

Each function returns positions of shape (N, 3) in metres; the Python builders
(photodrag.geometry.builders) and the workflow's config geometries
(photodrag.geometry.registry) both place particles through these, so a numbering is
written down once. All distances are centre to centre.
"""

from __future__ import annotations

import numpy as np

from ..checks import check_count as count  # noqa: F401  (the geometries' integer counts: one check)
from ..checks import check_real
from ..labels import length as _text


def length(value, what: str) -> float:
    """``value`` as a finite, positive length in m; ValueError naming ``what`` otherwise."""
    result = check_real(value, what, "a finite, positive length in m")
    if not np.isfinite(result) or result <= 0:
        raise ValueError(f"{what} must be a finite, positive length in m, got {value!r}")
    return result


def two_rows(n: int, d: float, h: float) -> np.ndarray:
    """Particle k at (k d, 0, 0) and particle n + k at (k d, 0, h): two rows along x, h apart along z."""
    n = count(n, "n (particles per row)", 1)
    d = length(d, "d (intra-row centre-to-centre distance)") if n > 1 else 0.0
    h = length(h, "h (centre-to-centre distance between rows)")
    row = np.column_stack([np.arange(n) * d, np.zeros(n), np.zeros(n)])
    return np.vstack([row, row + np.array([0.0, 0.0, h])])


def ring_radius(n: int, ring_radius_m: float | None, neighbour_distance: float | None) -> float:
    """The distance of the centres from the axis from exactly one of it and the neighbour distance (m)."""
    if (ring_radius_m is None) == (neighbour_distance is None):
        raise ValueError("give exactly one of ring_radius and neighbour_distance (m)")
    if ring_radius_m is not None:
        return length(ring_radius_m, "ring_radius")
    return length(neighbour_distance, "neighbour_distance") / (2 * np.sin(np.pi / n))


def coaxial_rings(m: int, n: int, rho: float, h: float) -> np.ndarray:
    """Ring r in the plane z = r h, particle r n + p at azimuth 2πp/n (counter-clockwise seen from +z)."""
    m = count(m, "m (number of rings)", 1)
    n = count(n, "n (particles per ring)", 2)
    rho = length(rho, "ring_radius")
    h = length(h, "h (axial distance between rings)") if m > 1 else 0.0
    azimuth = 2 * np.pi * np.arange(n) / n
    ring = np.column_stack([rho * np.cos(azimuth), rho * np.sin(azimuth), np.zeros(n)])
    return np.vstack([ring + np.array([0.0, 0.0, r * h]) for r in range(m)])


def chain(n: int, spacing: float) -> np.ndarray:
    """Particle k at (k·spacing, 0, 0): a straight chain along +x."""
    n = count(n, "n (particles in the chain)", 1)
    spacing = length(spacing, "spacing") if n > 1 else 0.0
    return np.column_stack([np.arange(n) * spacing, np.zeros(n), np.zeros(n)])


def lattice(shape, spacing) -> np.ndarray:
    """A simple (orthorhombic) lattice of nx × ny × nz particles with its corner at the origin.

    ``spacing`` is one length (cubic) or three (x, y, z), in m. Particle i + nx (j + ny k)
    sits at (i sx, j sy, k sz): x runs fastest.
    """
    if isinstance(shape, str) or np.ndim(shape) != 1 or len(shape) != 3:
        raise ValueError(f"shape must be three counts [nx, ny, nz], got {shape!r}")
    nx, ny, nz = (count(v, f"shape[{a}]", 1) for a, v in enumerate(shape))
    if np.ndim(spacing) > 1 or np.size(spacing) not in (1, 3) or isinstance(spacing, str):
        raise ValueError(f"spacing must be one length or three (x, y, z), in m, got {spacing!r}")
    spacing = [spacing] * 3 if np.ndim(spacing) == 0 else list(spacing)
    sx, sy, sz = (length(v, f"spacing along {axis}") for v, axis in zip(spacing, "xyz"))
    k, j, i = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")
    return np.column_stack([i.ravel() * sx, j.ravel() * sy, k.ravel() * sz])


def random_cluster(n: int, box, min_distance: float, seed: int, *, max_tries_per_particle: int = 2000) -> np.ndarray:
    """n centres drawn uniformly in a box centred on the origin, no two closer than ``min_distance``.

    Sequential rejection sampling with numpy's default generator seeded by ``seed``: the same
    (n, box, min_distance, seed) always gives the same cluster. ``box`` is (x, y, z) in m.

    Raises
    ------
    ValueError
        When the cluster cannot fit: the spheres of diameter ``min_distance`` would fill more
        than the densest packing of the box grown by ``min_distance``, or the sampler has not
        placed every particle after ``max_tries_per_particle`` tries per particle.
    """
    n = count(n, "n (particles in the cluster)", 1)
    seed = count(seed, "seed", 0)
    if isinstance(box, str) or np.ndim(box) != 1 or len(box) != 3:
        raise ValueError(f"box must be three lengths (x, y, z) in m, got {box!r}")
    box = np.array([length(v, f"box along {axis}") for v, axis in zip(box, "xyz")])
    min_distance = length(min_distance, "min_distance")
    packed = n * np.pi / 6 * min_distance**3 / np.prod(box + min_distance)
    if packed > 0.74:  # the densest packing of equal spheres
        raise ValueError(
            f"a random cluster of {n} particles at least {_text(min_distance)} apart cannot fit in a box of "
            f"{' x '.join(map(_text, box))} (it would fill {packed:.2f} of it, beyond close packing): enlarge the box, "
            "or lower n or min_distance")
    rng = np.random.default_rng(seed)
    placed = np.empty((0, 3))
    for _ in range(max_tries_per_particle * n):
        candidate = (rng.random(3) - 0.5) * box
        if placed.shape[0] == 0 or np.min(np.linalg.norm(placed - candidate, axis=1)) >= min_distance:
            placed = np.vstack([placed, candidate])
            if placed.shape[0] == n:
                return placed
    raise ValueError(
        f"could place only {placed.shape[0]} of {n} particles at least {_text(min_distance)} apart in a box of "
        f"{' x '.join(map(_text, box))} after {max_tries_per_particle * n} tries: enlarge the box, or lower n or "
        "min_distance")
