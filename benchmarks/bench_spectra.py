"""Benchmark: time per ω of photodrag.spectra against the LAPACK floor, and peak memory.

For each N and each field case this runs three fresh subprocesses (so that no measurement's
memory counts against another's):

* ``timing``: ``photodrag.spectra(system, omega)`` on n_ω frequencies (all pairs, both bath
  channels, the dataset included), a bare ``numpy.linalg.inv`` of complex (n_chunk, 3N, 3N)
  stacks covering the same n_ω (n_chunk: all n_ω for 3N < 96, else the frequencies the
  kernel processes at once for this N, so the floor is measured on the same shapes), and,
  for reference, the kernel's own inverse (LAPACK getrf + getri in place per matrix, from
  numpy's OpenBLAS: photodrag.engine.lapack); interleaved, best of ``--repeat`` each;
* ``spectra_memory`` / ``inverse_memory``: the peak resident memory of a process that runs
  the spectra (or the bare inverse) once (``resource.getrusage(RUSAGE_SELF).ru_maxrss``,
  which includes the interpreter and the imported libraries, about 0.15 GiB).

The ratio spectra/inverse is the figure of merit (issue 7 targets: ≤ 1.2 at N ≥ 500,
≤ 3 at N = 8 over 2000 ω; issue 12, electric + magnetic dipoles: ≤ 1.2 at N ≥ 250, the bare
inverse then of the same (6N, 6N) matrix); spectra over the kernel's own getri says what the rest of the
kernel costs above the one inverse it cannot avoid. Both are measured in the same run, under the same BLAS
threads (whatever OMP_NUM_THREADS / OPENBLAS_NUM_THREADS say; nothing is forced).

Usage::

    python benchmarks/bench_spectra.py                     # N = 8 100 500 1000 2000
    python benchmarks/bench_spectra.py --sizes 8 100 500   # a subset
    python benchmarks/bench_spectra.py --fields 0 --repeat 3 --markdown
    python benchmarks/bench_spectra.py --dipoles electric+magnetic --polarizability mie --sizes 250 500

With ``--dipoles electric+magnetic`` the field case is a lattice of SiC, Au and InSb in turn at
B = 5 T (the InSb spheres, anisotropic, carry no magnetic dipole: a matrix of 3(N + ⌈2N/3⌉)),
and the no-field case SiC at B = 0 with a magnetic dipole on every sphere (6N).

Run on purpose only; it is not a test. N = 2000 takes minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

#: Frequencies per N: enough for a stable time, few enough that N = 2000 stays in minutes.
DEFAULT_N_OMEGA = {8: 2000, 100: 60, 250: 6, 500: 6, 1000: 3, 2000: 2}

RADIUS = 100e-9  # m


def lattice_positions(n: int, spacing: float) -> "np.ndarray":
    """n centres on a simple cubic lattice (filled row by row), spacing in m; shape (n, 3)."""
    import numpy as np

    side = int(np.ceil(n ** (1 / 3)))
    grid = np.stack(np.meshgrid(*(np.arange(side),) * 3, indexing="ij"), axis=-1).reshape(-1, 3)
    return spacing * grid[:n].astype(float)


def make_system(n: int, field: bool, dipoles: str = "electric", polarizability: str = "quasistatic"):
    """SiC lattice without a field; InSb lattice with B = (0, 0, 5) T (SiC/Au/InSb in turn with magnetic
    dipoles). Spacing 4R, R = 100 nm."""
    import warnings

    import photodrag

    positions = lattice_positions(n, 4 * RADIUS)
    model = dict(dipoles=dipoles, polarizability=polarizability)
    if not field:
        return photodrag.System(positions, RADIUS, "SiC", B=None, **model)
    materials = "InSb" if dipoles == "electric" else [("SiC", "Au", "InSb")[i % 3] for i in range(n)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", photodrag.AnisotropicParticleWarning)  # the InSb keep the paper's model
        return photodrag.System(positions, RADIUS, materials, B=(0.0, 0.0, 5.0), **model)


def frequencies(n_omega: int, field: bool):
    import numpy as np

    band = (1.5e14, 1.9e14) if not field else (1.4e14, 2.0e14)  # rad/s, around the Fröhlich modes
    return np.linspace(*band, n_omega)


def _inverse_stack(n_blocks: int, n_omega: int):
    """A well-conditioned complex stack shaped like the kernel's chunks of S for n_blocks 3×3 blocks.

    Small matrices (3N < 96, the kernel's dense path): the whole stack of n_omega (issue 7:
    "over a stack of 2000 ω"); larger ones: as many as the kernel stacks per chunk
    (photodrag.engine.chunks.frequencies_per_chunk; one matrix from 3N ≈ 720 on).
    """
    import numpy as np

    from photodrag.engine.chunks import DEFAULT_MEMORY_BYTES, frequencies_per_chunk
    from photodrag.engine.interaction import LOW_RANK_MIN_SIZE

    size = 3 * n_blocks
    step = n_omega if size < LOW_RANK_MIN_SIZE else min(frequencies_per_chunk(n_blocks, DEFAULT_MEMORY_BYTES), n_omega)
    return well_conditioned_stack(size, step)


def well_conditioned_stack(size: int, step: int):
    """A random complex (step, size, size) stack with a dominant diagonal (the bare inverses' input)."""
    import numpy as np

    rng = np.random.default_rng(0)
    stack = rng.standard_normal((step, size, size)) + 1j * rng.standard_normal((step, size, size))
    stack += 4 * np.sqrt(size) * np.eye(size)
    return stack


def _bare_inverse(stack, n_omega: int) -> None:
    """numpy.linalg.inv over n_omega matrices, one call per stack (the floor of issue 7)."""
    import numpy as np

    step = stack.shape[0]
    done = 0
    while done < n_omega:
        np.linalg.inv(stack[: min(step, n_omega - done)])
        done += step


def _lapack_inverse(stack, n_omega: int) -> None:
    """The kernel's own inverse for reference: zgetrf + zgetri in place per matrix, from numpy's
    OpenBLAS (photodrag.engine.lapack), on a copy of each matrix into one reused buffer."""
    import numpy as np

    from photodrag.engine.lapack import numpy_getri

    routines = numpy_getri()
    if routines is None:
        raise RuntimeError("numpy's OpenBLAS getri is not available in this build; use --skip-lapack")
    work = np.empty_like(stack[0])
    for w in range(n_omega):
        np.copyto(work, stack[w % stack.shape[0]])
        routines.invert(work)


def run_timing(n: int, field: bool, n_omega: int, repeat: int, model: tuple, lapack: bool = True) -> dict:
    """Best-of-repeat seconds per ω of spectra and of the bare inverses, interleaved.

    The machine may be shared: measuring the three alternately in one process and keeping
    each one's best run makes their ratio robust to load that comes and goes.
    """
    import photodrag

    system = make_system(n, field, *model)
    omega = frequencies(n_omega, field)
    stack = _inverse_stack(system.models.n_blocks, n_omega)
    photodrag.spectra(system, omega[: min(4, n_omega)])  # warm-up: imports, first BLAS calls
    _bare_inverse(stack[:1], 1)
    tasks = {
        "spectra": lambda: photodrag.spectra(system, omega),
        "inverse": lambda: _bare_inverse(stack, n_omega),
    }
    if lapack:
        tasks["lapack_inverse"] = lambda: _lapack_inverse(stack, n_omega)
    best = dict.fromkeys(tasks, float("inf"))
    for _ in range(repeat):
        for name, task in tasks.items():
            start = time.perf_counter()
            task()
            best[name] = min(best[name], time.perf_counter() - start)
    out = {name: seconds / n_omega for name, seconds in best.items()}
    out.setdefault("lapack_inverse", float("nan"))
    out["matrix_size"] = 3 * system.models.n_blocks
    return out


def run_spectra_memory(n: int, field: bool, n_omega: int, repeat: int, model: tuple) -> dict:
    """Peak resident memory of a process that computes the spectra once."""
    import resource

    import photodrag

    spec = photodrag.spectra(make_system(n, field, *model), frequencies(n_omega, field))
    return {
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "energy_balance_residual": spec.attrs["energy_balance_residual"],
    }


def run_inverse_memory(n: int, field: bool, n_omega: int, repeat: int, model: tuple) -> dict:
    """Peak resident memory of a process that runs the bare numpy inverse once."""
    import resource

    _bare_inverse(_inverse_stack(make_system(n, field, *model).models.n_blocks, n_omega), n_omega)
    return {"peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


WORKERS = {"timing": run_timing, "timing_no_lapack": lambda *a: run_timing(*a, lapack=False),
           "spectra_memory": run_spectra_memory, "inverse_memory": run_inverse_memory}


def in_subprocess(task: str, n: int, field: bool, n_omega: int, repeat: int, model: tuple) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    command = [sys.executable, __file__, "--worker", task, str(n), str(int(field)), str(n_omega), str(repeat), *model]
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ.copy())
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(DEFAULT_N_OMEGA))
    parser.add_argument("--fields", type=int, nargs="+", choices=(0, 1), default=[0, 1],
                        help="0: SiC, B = 0; 1: InSb, B = 5 T along z")
    parser.add_argument("--n-omega", type=int, default=None, help="frequencies per run (default: per N)")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many timings")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--skip-lapack", action="store_true", help="do not time the in-place getrf+getri reference")
    parser.add_argument("--dipoles", choices=("electric", "electric+magnetic"), default="electric")
    parser.add_argument("--polarizability", choices=("quasistatic", "mie"), default="quasistatic")
    parser.add_argument("--worker", nargs=7, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        task, n, field, n_omega, repeat, dipoles, polarizability = args.worker
        print(json.dumps(WORKERS[task](int(n), bool(int(field)), int(n_omega), int(repeat), (dipoles, polarizability))))
        return
    model = (args.dipoles, args.polarizability)
    from photodrag.engine.chunks import bytes_per_omega

    threads = {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")}
    print(f"# cores: {os.cpu_count()}, thread settings: {threads or 'none (library defaults)'}", flush=True)
    rows = []
    for n in args.sizes:
        for field in args.fields:
            n_omega = args.n_omega or DEFAULT_N_OMEGA.get(n, max(2, int(2e8 / (3 * n) ** 3)))
            timing = in_subprocess("timing" if not args.skip_lapack else "timing_no_lapack", n, bool(field),
                                   n_omega, args.repeat, model)
            memory = in_subprocess("spectra_memory", n, bool(field), n_omega, 1, model)
            inverse_memory = in_subprocess("inverse_memory", n, bool(field), n_omega, 1, model)
            row = {
                "N": n,
                "B_T": 5.0 if field else 0.0,
                "material": ("InSb" if args.dipoles == "electric" else "SiC/Au/InSb") if field else "SiC",
                "dipoles": args.dipoles,
                "polarizability": args.polarizability,
                "matrix_size": timing["matrix_size"],
                "bytes_per_omega_GiB": bytes_per_omega(n, args.dipoles) / 2**30,
                "n_omega": n_omega,
                "spectra_ms_per_omega": 1e3 * timing["spectra"],
                "inverse_ms_per_omega": 1e3 * timing["inverse"],
                "lapack_inverse_ms_per_omega": 1e3 * timing["lapack_inverse"],
                "ratio": timing["spectra"] / timing["inverse"],
                "ratio_to_lapack_inverse": timing["spectra"] / timing["lapack_inverse"],
                "spectra_peak_GiB": memory["peak_rss_bytes"] / 2**30,
                "inverse_peak_GiB": inverse_memory["peak_rss_bytes"] / 2**30,
                "energy_balance_residual": memory["energy_balance_residual"],
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.markdown:
        print(f"\n{args.dipoles} dipoles, {args.polarizability} polarizability")
        print("\n| N | B (T) | material | matrix | n_ω | spectra (ms/ω) | numpy inv (ms/ω) | ratio | getrf+getri (ms/ω) "
              "| ratio to getrf+getri | peak RSS spectra (GiB) | peak RSS numpy inv (GiB) | bytes_per_omega (GiB) "
              "| energy balance |")
        print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['N']} | {r['B_T']:g} | {r['material']} | {r['matrix_size']} | {r['n_omega']} | "
                  f"{r['spectra_ms_per_omega']:.3g} | "
                  f"{r['inverse_ms_per_omega']:.3g} | {r['ratio']:.2f} | {r['lapack_inverse_ms_per_omega']:.3g} | "
                  f"{r['ratio_to_lapack_inverse']:.2f} | {r['spectra_peak_GiB']:.2f} | {r['inverse_peak_GiB']:.2f} | "
                  f"{r['bytes_per_omega_GiB']:.3f} | {r['energy_balance_residual']:.0e} |")


if __name__ == "__main__":
    main()
