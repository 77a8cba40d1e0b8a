"""Benchmark: points of the adaptive grid against a uniform grid of equal accuracy.

For each of the paper's systems (below) this builds the adaptive grid
(:func:`photodrag.grid.adaptive_spectra`, T from 250 K to 400 K, tol 1e-4), measures its true
error against a 10× refined reference (each panel cut in ten, 15-point Kronrod rule), and
then finds the smallest uniform grid on the same ω range that, integrated with the
trapezoid rule (photodrag's default), is as accurate, for

* the adaptive grid's own true error ("equal accuracy"), and
* the tolerance itself (a uniform grid "good to tol").

Errors are the worst relative error over all conductances, bath conductances and (B ≠ 0)
supercurrents at the control temperatures, relative as in photodrag.grid (floor 1e-6 of the
largest of each kind). Points are spectra evaluations: 15 per adaptive panel (of which 7 are
stored), 1 per uniform node.

Systems (R = 100 nm, all distances centre to centre):

* ``SiC``: Fig. 2a, two parallel SiC dimers, intra-dimer distance d = 4R, dimer separation h = 4R;
* ``Au/SiC``: Fig. 2b, the crossed SiC/gold dimers (1 = SiC, 2 = Au, 3 = Au, 4 = SiC), same d, h;
* ``InSb``: Fig. 4, two coaxial rings of 4 InSb particles, neighbour distance 3R, ring
  separation h = 3R (the paper's 2R puts spheres in contact), B = 5 T along the axis.

Usage: ``python benchmarks/bench_grid.py [--systems SiC InSb] [--tol 1e-4] [--markdown]``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

import photodrag
from photodrag import grid

R = 100e-9


def paper_systems() -> dict[str, photodrag.System]:
    d, h = 4 * R, 4 * R
    dimers = np.array([[0, 0, 0], [d, 0, 0], [0, h, 0], [d, h, 0]], dtype=float)
    angle = np.arange(4) * np.pi / 2
    ring_radius = 3 * R / np.sqrt(2)
    ring = np.stack([ring_radius * np.cos(angle), ring_radius * np.sin(angle), np.zeros(4)], axis=1)
    rings = np.concatenate([ring, ring + [0, 0, 3 * R]])
    return {
        "SiC": photodrag.System(dimers, R, "SiC"),
        "Au/SiC": photodrag.System(dimers, R, ["SiC", "Au", "Au", "SiC"]),
        "InSb": photodrag.System(rings * (1 + 1e-9), R, "InSb", B=(0.0, 0.0, 5.0)),
    }


def worst(errors: dict) -> float:
    return max(float(np.max(e)) for e in errors.values())


def uniform_points_for(system, omega_range, temperatures, reference, target, start=256, growth=1.25, limit=400_000):
    """Smallest n (on a geometric ladder) whose uniform trapezoid grid has worst error ≤ target."""
    n = start
    while n <= limit:
        spec = photodrag.spectra(system, np.linspace(*omega_range, n))
        error = worst(grid.relative_error(grid.integrals(spec, temperatures), reference))
        if error <= target:
            return n, error
        n = int(n * growth) + 1
    return None, None


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--systems", nargs="+", default=["SiC", "Au/SiC", "InSb"])
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--T-range", type=float, nargs=2, default=(250.0, 400.0))
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)

    systems = paper_systems()
    rows = []
    for name in args.systems:
        system = systems[name]
        start = time.perf_counter()
        spec = grid.adaptive_spectra(system, tuple(args.T_range), tol=args.tol)
        seconds = time.perf_counter() - start
        temperatures = spec["grid_temperature"].values
        edges = spec["grid_panel_edge"].values
        reference = grid.refined_reference(system, edges, temperatures)
        true_error = worst(grid.relative_error(grid.integrals(spec, temperatures), reference))
        estimate = spec.attrs["grid_relative_error_estimate"]
        omega_range = (edges[0], edges[-1])
        n_equal, _ = uniform_points_for(system, omega_range, temperatures, reference, max(true_error, 1e-12))
        n_tol, _ = uniform_points_for(system, omega_range, temperatures, reference, args.tol)
        row = {
            "system": name,
            "N": system.n_particles,
            "B_T": 0.0 if system.B is None else float(np.linalg.norm(system.B)),
            "adaptive_points": spec.attrs["grid_points_evaluated"],
            "stored_points": spec.sizes["omega"],
            "panels": edges.size - 1,
            "adaptive_seconds": seconds,
            "true_error": true_error,
            "estimated_error": estimate,
            "estimate_over_true": estimate / true_error,
            "uniform_points_equal_accuracy": n_equal,
            "uniform_points_for_tol": n_tol,
            "ratio_equal_accuracy": spec.attrs["grid_points_evaluated"] / n_equal if n_equal else None,
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    if args.markdown:
        print("\n| system | N | B (T) | adaptive points (stored) | true error | estimate | estimate/true "
              "| uniform points, equal accuracy | uniform points for tol | adaptive/uniform |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            ratio = f"1/{1 / r['ratio_equal_accuracy']:.0f}" if r["ratio_equal_accuracy"] else "n/a"
            print(f"| {r['system']} | {r['N']} | {r['B_T']:g} | {r['adaptive_points']} ({r['stored_points']}) | "
                  f"{r['true_error']:.1e} | {r['estimated_error']:.1e} | {r['estimate_over_true']:.2f} | "
                  f"{r['uniform_points_equal_accuracy']} | {r['uniform_points_for_tol']} | {ratio} |")


if __name__ == "__main__":
    main()
