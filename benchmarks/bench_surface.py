"""Benchmark: the reflected Green tensor's 3N×3N fill per ω against the inverse that follows it.

Issue 18's figure of merit: for N particles at random heights between 100 and 700 nm above a
surface (here SiC, in a 5 µm × 5 µm square), filling the matrix of blocks G_R(r_i, r_j), the
diagonal included (photodrag.engine.reflected.reflected_green_matrix, tabulated), must cost no
more than one dense complex inverse of the 3N×3N matrix (photodrag.engine.lapack.inverse_in_place).
Also timed, for the channel split: the far-field factors and the dense surface kernels
(photodrag.engine.surface_channels) at one ω.

Both wall-clock (time.perf_counter) and CPU time of this process (time.process_time) are
printed, best of ``--repeat``; BLAS runs with whatever threads the environment gives it. On a
shared machine, the CPU time under ``OPENBLAS_NUM_THREADS=1`` is the reproducible figure.

Usage::

    python benchmarks/bench_surface.py                      # N = 100 200 500
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_surface.py --sizes 500 --repeat 5

Run on purpose only; it is not a test.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import photodrag
from photodrag.engine import reflected, surface_channels
from photodrag.engine.lapack import inverse_in_place


def positions(n: int, seed: int = 0, side: float = 5e-6) -> np.ndarray:
    """n points, uniform in a side × side square, at heights uniform in [100, 700] nm; (n, 3) m."""
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(0, side, (n, 2)), rng.uniform(100e-9, 700e-9, n)])


def best(function, repeat: int):
    """(wall, cpu) seconds of the fastest of `repeat` calls, and the last result."""
    times = []
    for _ in range(repeat):  # a handful of repeats of a seconds-long call
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 500])
    parser.add_argument("--omega", type=int, default=4, help="frequencies per fill call")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    omega = np.linspace(1.70e14, 1.78e14, arguments.omega)
    surface = photodrag.Surface("SiC").reflector(omega)
    one = surface.take([0])
    print("N, fill per ω, inverse per ω, fill/inverse, far-field factors (rank), surface kernels; wall | cpu, s")
    for n in arguments.sizes:
        where = positions(n)
        geometry = reflected.PairGeometry(where)
        out = np.empty((omega.size, 3 * n, 3 * n), dtype=complex)
        fill, _ = best(lambda: reflected.reflected_green_matrix(surface, geometry, out=out), arguments.repeat)
        inverse, _ = best(lambda: inverse_in_place(out.copy()), arguments.repeat)
        far, factors = best(lambda: surface_channels.far_field_factors(one, where), arguments.repeat)
        kernels, _ = best(lambda: surface_channels.surface_kernels(one, where), arguments.repeat)
        per = [np.array(t) / omega.size for t in (fill, inverse)]
        print(f"{n}: fill {per[0][0]:.3f} | {per[0][1]:.3f}, inverse {per[1][0]:.3f} | {per[1][1]:.3f}, "
              f"ratio {per[0][0] / per[1][0]:.2f} | {per[0][1] / per[1][1]:.2f}, "
              f"far {far[0]:.3f} | {far[1]:.3f} (rank {factors[0].shape[1]}), "
              f"surface {kernels[0]:.3f} | {kernels[1]:.3f}", flush=True)


if __name__ == "__main__":
    main()
