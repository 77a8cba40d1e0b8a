"""Benchmark: time per ω of photodrag.spectra with multipoles to order L against a bare inverse of the
same matrix, and peak memory (issue 19: ≤ 1.3× the bare inverse at sizes ≥ 1000).

The same measurement as benchmarks/bench_spectra.py (whose inverses it reuses): in one fresh process,
``photodrag.spectra(System(..., multipole_order=L), omega)`` (all pairs, both bath channels, the
dataset), a bare ``numpy.linalg.inv`` of complex (m, m) matrices, m = 2L(L+2)·N, on the stacks the
kernel processes at once, and the kernel's own inverse (getrf + getri in place) alone, interleaved,
best of ``--repeat`` each; then the peak resident memory of a process running each once.

Systems (SiC, R = 100 nm, ω in the Fröhlich band): two spheres 10 nm apart (gap/R = 0.1) at
L = 4, 15, 20, 25; 8 spheres on a 2×2×2 lattice of spacing 2.2R at L = 8; 27 on a 3×3×3 lattice of
spacing 2.5R at L = 4.

Usage::

    python benchmarks/bench_multipole.py --markdown
    python benchmarks/bench_multipole.py --cases 2:15 8:8 --repeat 3

Run on purpose only; it is not a test. The largest case takes minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bench_spectra import _bare_inverse, _lapack_inverse, lattice_positions, well_conditioned_stack

RADIUS = 100e-9  # m

#: (N, L): n_ω per case, enough for a stable time.
DEFAULT_CASES = {(2, 4): 400, (2, 15): 4, (2, 20): 3, (2, 25): 2, (8, 8): 3, (27, 4): 3}

#: Centre-to-centre spacing of each cluster, in radii.
SPACING = {2: 2.1, 8: 2.2, 27: 2.5}


def make_system(n: int, order: int):
    import photodrag

    return photodrag.System(lattice_positions(n, SPACING[n] * RADIUS), RADIUS, "SiC", multipole_order=order)


def frequencies(n_omega: int):
    import numpy as np

    return np.linspace(1.6e14, 1.85e14, n_omega)


def _stack(n: int, order: int, n_omega: int):
    """A stack shaped like the kernel's chunks of S' (photodrag.engine.tmatrix's frequencies per chunk)."""
    from photodrag.engine import tmatrix
    from photodrag.engine.chunks import DEFAULT_MEMORY_BYTES, frequencies_per_chunk

    size = tmatrix.modes_per_sphere(order) * n
    step = frequencies_per_chunk(n, DEFAULT_MEMORY_BYTES, tmatrix.bytes_per_omega(n, order), matrix_size=size)
    return well_conditioned_stack(size, min(step, n_omega))


def run_timing(n: int, order: int, n_omega: int, repeat: int) -> dict:
    import photodrag

    system, omega = make_system(n, order), frequencies(n_omega)
    stack = _stack(n, order, n_omega)
    photodrag.spectra(system, omega[:1])  # warm-up
    tasks = {"spectra": lambda: photodrag.spectra(system, omega), "inverse": lambda: _bare_inverse(stack, n_omega),
             "lapack_inverse": lambda: _lapack_inverse(stack, n_omega)}
    best = dict.fromkeys(tasks, float("inf"))
    for _ in range(repeat):  # interleaved, so that load that comes and goes hits all three
        for name, task in tasks.items():
            start = time.perf_counter()
            task()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: seconds / n_omega for name, seconds in best.items()} | {"matrix_size": stack.shape[-1]}


def run_spectra_memory(n: int, order: int, n_omega: int, repeat: int) -> dict:
    import resource

    import photodrag

    spec = photodrag.spectra(make_system(n, order), frequencies(n_omega))
    return {"peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "energy_balance_residual": spec.attrs["energy_balance_residual"]}


def run_inverse_memory(n: int, order: int, n_omega: int, repeat: int) -> dict:
    import resource

    _bare_inverse(_stack(n, order, n_omega), n_omega)
    return {"peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


WORKERS = {"timing": run_timing, "spectra_memory": run_spectra_memory, "inverse_memory": run_inverse_memory}


def in_subprocess(task: str, n: int, order: int, n_omega: int, repeat: int) -> dict:
    command = [sys.executable, __file__, "--worker", task, str(n), str(order), str(n_omega), str(repeat)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ.copy())
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", nargs="+", default=[f"{n}:{L}" for n, L in DEFAULT_CASES],
                        help="N:L pairs (N in 2, 8, 27)")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many timings")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        task, n, order, n_omega, repeat = args.worker
        print(json.dumps(WORKERS[task](int(n), int(order), int(n_omega), int(repeat))))
        return
    from photodrag.engine import tmatrix

    threads = {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")}
    print(f"# cores: {os.cpu_count()}, thread settings: {threads or 'none (library defaults)'}", flush=True)
    rows = []
    for case in args.cases:
        n, order = (int(v) for v in case.split(":"))
        n_omega = DEFAULT_CASES.get((n, order), 3)
        timing = in_subprocess("timing", n, order, n_omega, args.repeat)
        memory = in_subprocess("spectra_memory", n, order, n_omega, 1)
        inverse_memory = in_subprocess("inverse_memory", n, order, n_omega, 1)
        row = {"N": n, "L": order, "matrix_size": timing["matrix_size"], "n_omega": n_omega,
               "spectra_ms_per_omega": 1e3 * timing["spectra"], "inverse_ms_per_omega": 1e3 * timing["inverse"],
               "lapack_inverse_ms_per_omega": 1e3 * timing["lapack_inverse"],
               "ratio": timing["spectra"] / timing["inverse"],
               "ratio_to_lapack_inverse": timing["spectra"] / timing["lapack_inverse"],
               "spectra_peak_GiB": memory["peak_rss_bytes"] / 2**30,
               "inverse_peak_GiB": inverse_memory["peak_rss_bytes"] / 2**30,
               "bytes_per_omega_GiB": tmatrix.bytes_per_omega(n, order) / 2**30,
               "energy_balance_residual": memory["energy_balance_residual"]}
        rows.append(row)
        print(json.dumps(row), flush=True)
    if args.markdown:
        print("\n| N | L | matrix | n_ω | spectra (ms/ω) | numpy inv (ms/ω) | **ratio** | getri (ms/ω) | over getri "
              "| peak RSS spectra (GiB) | peak RSS numpy inv (GiB) | `bytes_per_omega` (GiB) | energy balance |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['N']} | {r['L']} | {r['matrix_size']} | {r['n_omega']} | {r['spectra_ms_per_omega']:.3g} | "
                  f"{r['inverse_ms_per_omega']:.3g} | **{r['ratio']:.2f}** | {r['lapack_inverse_ms_per_omega']:.3g} | "
                  f"{r['ratio_to_lapack_inverse']:.2f} | {r['spectra_peak_GiB']:.2f} | {r['inverse_peak_GiB']:.2f} | "
                  f"{r['bytes_per_omega_GiB']:.3f} | {r['energy_balance_residual']:.0e} |")


if __name__ == "__main__":
    main()
