"""Grids and geometries shared by the physics tests."""

import numpy as np

#: A band around the SiC and InSb resonances (rad/s), with the Fröhlich peaks inside.
BAND = np.linspace(1.3e14, 2.0e14, 61)


def scattered_positions(n, radius, seed, spacing=4.0):
    """n centres at least `spacing` radii apart, spread in 3D without any symmetry."""
    rng = np.random.default_rng(seed)
    positions = [np.zeros(3)]
    while len(positions) < n:
        candidate = rng.uniform(-1, 1, 3) * spacing * radius * n ** (1 / 3) * 1.5
        if min(np.linalg.norm(candidate - p) for p in positions) >= spacing * radius:
            positions.append(candidate)
    return np.array(positions)
