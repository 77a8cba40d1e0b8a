"""The numbers of docs/dynamics-and-field.md, from the Python API.

Each system is computed on its stated ω grid and again on a check grid (four times denser
over the resonant band, plus 480 logarithmic points over 1e12–1e15 rad/s outside it) to show
that the numbers have converged. Run from the repository root: ``python docs/dynamics_and_field_numbers.py``
(about 10 s on one core).
"""

from __future__ import annotations

import time

import numpy as np
import xarray as xr

import photodrag
from photodrag import geometry
from photodrag.thermal import hall, magnetoresistance

R = 100e-9
FIELDS = np.linspace(-5.0, 5.0, 11)  # T
INSB_GRID = np.linspace(1.5e14, 2.0e14, 500)  # rad/s: the magneto-plasmon band (λ ≈ 9.4-12.6 µm)
SIC_GRID = np.linspace(1.4e14, 2.0e14, 600)  # rad/s: the Fröhlich band


def with_tails(band: np.ndarray, n_log: int) -> np.ndarray:
    """The band plus n_log logarithmic points over 1e12–1e15 rad/s, those outside the band kept."""
    tails = np.geomspace(1e12, 1e15, n_log)
    return np.sort(np.concatenate([band, tails[(tails < band[0]) | (tails > band[-1])]]))


def check_grid(band: np.ndarray) -> np.ndarray:
    """Four times denser over the band, with 480 logarithmic points outside it."""
    return with_tails(np.linspace(band[0], band[-1], 4 * band.size), 480)


def field_sweep(build, omega) -> xr.Dataset:
    parts = [photodrag.spectra(build(B), omega) for B in FIELDS]
    return xr.concat(parts, dim=xr.DataArray(FIELDS, dims="B", attrs={"units": "T"}))


def hall_square(B):
    return geometry.coaxial_rings(1, 4, R, "InSb", h=3 * R, neighbour_distance=3 * R, B=(0.0, 0.0, B))


def insb_chain(n, axis):
    def build(B):
        positions = np.column_stack([np.arange(n) * 3 * R, np.zeros(n), np.zeros(n)])
        return photodrag.System(positions, R, "InSb", B=tuple(B * np.asarray(axis, dtype=float)))
    return build


def report_hall():
    print("## (a) Hall square: InSb, R = 100 nm, neighbours 3R, hot 0 at 310 K, cold 2 at 300 K, free (1, 3)")
    for bath in (None, 300.0):
        rows = {}
        for label, omega in (("grid", INSB_GRID), ("check", check_grid(INSB_GRID))):
            rows[label] = hall(field_sweep(hall_square, omega), T_hot=310.0, T_cold=300.0, T_bath=bath)
        print(f"bath {bath}: B (T), hall_temperature (K), relative, relative on the check grid")
        for B in FIELDS:
            a = rows["grid"].sel(B=B)
            b = rows["check"].sel(B=B)
            print(f"  {B:+5.1f} {float(a.hall_temperature):+.5f} {float(a.relative_hall_temperature):+.5f} "
                  f"{float(b.relative_hall_temperature):+.5f}")
        linear = hall(field_sweep(hall_square, INSB_GRID), T_hot=310.0, model="linear", T_bath=bath)
        print("  linear model, relative:", np.round(linear.relative_hall_temperature.values, 5))


def report_magnetoresistance():
    print("## (b) InSb chains along x, centres 3R apart, ends at 301 K and 300 K, others free, bath off")
    for n in (3, 5):
        for axis, name in (((0, 0, 1), "z"), ((1, 0, 0), "x")):
            grid = magnetoresistance(field_sweep(insb_chain(n, axis), INSB_GRID), 0, n - 1)
            check = magnetoresistance(field_sweep(insb_chain(n, axis), check_grid(INSB_GRID)), 0, n - 1)
            print(f"N = {n}, B along {name}: R(0) = {float(grid.resistance.sel(B=0)):.4e} K/W "
                  f"(check {float(check.resistance.sel(B=0)):.4e})")
            print("  B (T):        ", FIELDS)
            print("  (R-R0)/R0:    ", np.round(grid.relative_change.values, 4))
            print("  check grid:   ", np.round(check.relative_change.values, 4))


def report_relaxation():
    print("## (c) SiC square, R = 100 nm, neighbours 3R, particle 0 at 400 K, others 300 K, bath 300 K")
    square = geometry.coaxial_rings(1, 4, R, "SiC", h=3 * R, neighbour_distance=3 * R)
    grid = with_tails(SIC_GRID, 120)  # the bath takes part: its far-field tails are kept
    for label, omega in (("grid", grid), ("check", check_grid(SIC_GRID))):
        spec = photodrag.spectra(square, omega)
        modes = photodrag.relaxation_modes(spec, 300.0, T_bath=300.0)
        t = np.linspace(0.0, 0.5, 5001)
        result = photodrag.relax(spec, [400.0, 300.0, 300.0, 300.0], t, T_bath=300.0)
        hot = result.temperature.sel(particle=0).values
        one_e = float(np.interp(-(300 + 100 / np.e), -hot, t))
        neighbour = result.temperature.sel(particle=1).values
        print(f"{label} ({omega.size} points): rates {np.round(modes.rate.values, 3)} 1/s, "
              f"time constants {np.round(1e3 * modes.time_constant.values, 4)} ms")
        print(f"  hot particle down to 300 + 100/e K at t = {1e3 * one_e:.4f} ms; neighbour 1 peaks at "
              f"{neighbour.max():.4f} K at t = {1e3 * t[neighbour.argmax()]:.3f} ms; opposite 2 peaks at "
              f"{result.temperature.sel(particle=2).values.max():.4f} K; T(0.5 s) = "
              f"{np.round(result.temperature.isel(time=-1).values, 5)} K")
        print(f"  solver: {result.attrs['n_evaluations']} evaluations, {result.attrs['n_lu_decompositions']} LU, "
              f"energy residual {result.attrs['max_energy_residual_J']:.2e} J of "
              f"{float(abs(result.stored_energy).max()):.3e} J moved")
    for B in (0.0, 5.0):
        spec = photodrag.spectra(hall_square(B), INSB_GRID)
        modes = photodrag.relaxation_modes(spec, 300.0, T_bath=300.0)
        print(f"InSb square at {B} T, bath on: rates {np.round(modes.rate.values, 3)} 1/s, "
              f"oscillations {np.round(modes.oscillation.values, 3)} rad/s, asymmetry {modes.attrs['asymmetry']:.3g}")


if __name__ == "__main__":
    for report in (report_hall, report_magnetoresistance, report_relaxation):
        start = time.perf_counter()
        report()
        print(f"({time.perf_counter() - start:.1f} s)\n")
