"""Benchmark: photodrag.spectra above a surface against the same particles in vacuum, per ω.

Issue 18's figure of merit: N particles of R = 20 nm, SiC, uniform in a 5 µm × 5 µm square at
heights uniform in 100–700 nm (no two centres closer than 3R), above a surface; the spectra with
the surface (every pair, the far field and the surface channels, the dataset and its energy
balance) must cost ≤ 2× the spectra of the same System without it (``system.with_surface(None)``)
at N = 500. ω: a few frequencies across SiC's Reststrahlen band, 1.6e14–1.85e14 rad/s.

For each N and surface this runs fresh subprocesses (so that no measurement's memory counts
against another's):

* ``timing``: the two spectra calls alternately in one process, best of ``--repeat`` each, so that
  their ratio holds on a shared machine where load comes and goes;
* ``memory`` (with the surface, and without): the peak resident memory of a process that computes
  the spectra once (``ru_maxrss``, the interpreter and libraries included, about 0.15 GiB), and the
  dataset's ``energy_balance_residual``.

With ``--accuracy`` a third process compares the spectra (tabulated G_R, its default tolerance
1e-10) with those whose G_R is summed pair by pair on the quadrature nodes (no table): the largest
change of any channel relative to the largest value of its kind. BLAS runs with whatever threads the
environment gives it (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS); nothing is forced.

Usage::

    python benchmarks/bench_surface_spectra.py                          # N = 100 200 500 above SiC
    python benchmarks/bench_surface_spectra.py --sizes 200 --surfaces Au film --markdown
    python benchmarks/bench_surface_spectra.py --sizes 100 --accuracy

Surfaces: ``SiC`` and ``Au`` half-spaces, ``film`` = 50 nm of SiC on gold. Run on purpose only; it is
not a test. N = 500 takes minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

RADIUS = 20e-9  # m
SIDE = 5e-6  # m, the square the particles lie over
HEIGHTS = (100e-9, 700e-9)  # m
SURFACES = ("SiC", "Au", "film")


def positions(n: int, seed: int = 0) -> "np.ndarray":
    """n centres (n, 3) m: uniform in the SIDE square and the HEIGHTS range, no two closer than 3 RADIUS."""
    import numpy as np

    rng = np.random.default_rng(seed)
    points = np.empty((0, 3))
    while len(points) < n:  # rejection in batches: a few rounds at these densities
        batch = np.column_stack([rng.uniform(0, SIDE, (n, 2)), rng.uniform(*HEIGHTS, n)])
        for point in batch:  # one point at a time against those kept (n ≤ a few thousand)
            if len(points) == n:
                break
            if not len(points) or np.min(np.linalg.norm(points - point, axis=1)) >= 3 * RADIUS:
                points = np.vstack([points, point])
    return points


def make_system(n: int, surface: str):
    """The SiC particles above the named surface ("SiC", "Au", or "film": 50 nm of SiC on Au)."""
    import photodrag

    structure = photodrag.Surface("Au", films=[("SiC", 50e-9)]) if surface == "film" else photodrag.Surface(surface)
    return photodrag.System(positions(n), RADIUS, "SiC", surface=structure)


def frequencies(n_omega: int):
    import numpy as np

    return np.linspace(1.6e14, 1.85e14, n_omega)


def run_timing(n: int, surface: str, n_omega: int, repeat: int) -> dict:
    """Best-of-repeat seconds per ω of the spectra with and without the surface, interleaved."""
    import photodrag

    above = make_system(n, surface)
    vacuum = above.with_surface(None)
    omega = frequencies(n_omega)
    photodrag.spectra(above, omega[:1])   # warm-up: imports, first BLAS calls, the LAPACK self-test
    photodrag.spectra(vacuum, omega[:1])
    tasks = {"surface": lambda: photodrag.spectra(above, omega), "vacuum": lambda: photodrag.spectra(vacuum, omega)}
    best = dict.fromkeys(tasks, float("inf"))
    for _ in range(repeat):  # alternately, so that both see the same load
        for name, task in tasks.items():
            start = time.perf_counter()
            task()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: seconds / n_omega for name, seconds in best.items()}


def _memory(system, n_omega: int) -> dict:
    import resource

    import photodrag

    spec = photodrag.spectra(system, frequencies(n_omega))
    return {"peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "energy_balance_residual": spec.attrs["energy_balance_residual"]}


def run_surface_memory(n: int, surface: str, n_omega: int, repeat: int) -> dict:
    """Peak resident memory of a process that computes the spectra above the surface once."""
    return _memory(make_system(n, surface), n_omega)


def run_vacuum_memory(n: int, surface: str, n_omega: int, repeat: int) -> dict:
    """Peak resident memory of a process that computes the spectra in vacuum once."""
    return _memory(make_system(n, surface).with_surface(None), n_omega)


def run_accuracy(n: int, surface: str, n_omega: int, repeat: int) -> dict:
    """Largest change of each channel, relative to its largest value, between the tabulated G_R and
    G_R summed pair by pair (photodrag.engine.surface_kernel.transmission, green_method="direct")."""
    import numpy as np

    from photodrag.engine import multipole, surface_kernel

    system = make_system(n, surface)
    omega = frequencies(n_omega)

    def kernels(eps, k):
        return multipole.dipole_kernels(eps, system.radii, k, system.models)

    results = [surface_kernel.transmission(omega, system, kernels, memory_bytes=1 << 30, green_method=method)
               for method in ("table", "direct")]
    names = ("pair", "to_far", "from_far", "to_surface", "from_surface")
    return {name: float(np.abs(table - direct).max() / np.abs(direct).max())
            for name, table, direct in zip(names, *results)}


WORKERS = {"timing": run_timing, "surface_memory": run_surface_memory, "vacuum_memory": run_vacuum_memory,
           "accuracy": run_accuracy}


def in_subprocess(task: str, n: int, surface: str, n_omega: int, repeat: int) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    command = [sys.executable, __file__, "--worker", task, str(n), surface, str(n_omega), str(repeat)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ.copy())
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(n: int, surface: str, n_omega: int, repeat: int, accuracy: bool) -> dict:
    """One row of the table: timings, memory, residuals (and the table's accuracy) of N particles."""
    timing = in_subprocess("timing", n, surface, n_omega, repeat)
    above = in_subprocess("surface_memory", n, surface, n_omega, 1)
    vacuum = in_subprocess("vacuum_memory", n, surface, n_omega, 1)
    row = {"N": n, "surface": surface, "n_omega": n_omega,
           "surface_ms_per_omega": 1e3 * timing["surface"], "vacuum_ms_per_omega": 1e3 * timing["vacuum"],
           "ratio": timing["surface"] / timing["vacuum"],
           "surface_peak_GiB": above["peak_rss_bytes"] / 2**30, "vacuum_peak_GiB": vacuum["peak_rss_bytes"] / 2**30,
           "surface_energy_balance": above["energy_balance_residual"],
           "vacuum_energy_balance": vacuum["energy_balance_residual"]}
    if accuracy:
        row["table_vs_direct"] = in_subprocess("accuracy", n, surface, n_omega, 1)
    return row


def markdown(rows) -> None:
    """The rows as README's table."""
    print("\n| N | surface | n_ω | with surface (ms/ω) | vacuum (ms/ω) | **ratio** | peak RSS surface (GiB) "
          "| peak RSS vacuum (GiB) | energy balance (surface) | table vs direct |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        accuracy = max(r["table_vs_direct"].values()) if "table_vs_direct" in r else float("nan")
        print(f"| {r['N']} | {r['surface']} | {r['n_omega']} | {r['surface_ms_per_omega']:.3g} | "
              f"{r['vacuum_ms_per_omega']:.3g} | **{r['ratio']:.2f}** | {r['surface_peak_GiB']:.2f} | "
              f"{r['vacuum_peak_GiB']:.2f} | {r['surface_energy_balance']:.0e} | {accuracy:.0e} |")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 500])
    parser.add_argument("--surfaces", nargs="+", choices=SURFACES, default=["SiC"])
    parser.add_argument("--n-omega", type=int, default=4, help="frequencies per call, across 1.6e14–1.85e14 rad/s")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many timings")
    parser.add_argument("--accuracy", action="store_true", help="also compare with G_R summed pair by pair")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        task, n, surface, n_omega, repeat = args.worker
        print(json.dumps(WORKERS[task](int(n), surface, int(n_omega), int(repeat))))
        return
    threads = {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")}
    print(f"# cores: {os.cpu_count()}, thread settings: {threads or 'none (library defaults)'}, "
          f"load average at start: {os.getloadavg()[0]:.1f}", flush=True)
    rows = []
    for n in args.sizes:
        for surface in args.surfaces:
            rows.append(measure(n, surface, args.n_omega, args.repeat, args.accuracy))
            print(json.dumps(rows[-1]), flush=True)
    print(f"# load average at end: {os.getloadavg()[0]:.1f}", flush=True)
    if args.markdown:
        markdown(rows)


if __name__ == "__main__":
    main()
