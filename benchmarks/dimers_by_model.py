"""The paper's dimers (Figs. 2 and 3) in the paper's model, with electric + magnetic Mie dipoles, and exact.

Computes, with the Python API, for the crossed SiC/Au dimers (0 = SiC, 1 = Au drive; 2 = Au facing 0,
3 = SiC facing 1) and the SiC dimers: R = 100 nm, d = 4R within a dimer, h from 2R to 100R between
them (all centre to centre), T1 = 350 K, T2 = 300 K, linear steady state about 300 K, no bath:
ΔT_p = T_2 − T_3 (0-based), J = φ_1 − φ_0, R_D = ΔT_p / J, the h where ΔT_p changes sign, and the
six conductances G_ij at 300 K; once with dipoles="electric", polarizability="quasistatic" and once
with dipoles="electric+magnetic", polarizability="mie"; with ``--multipole-tol TOL`` also with exact
spheres, multipole_order="auto" at that tolerance (docs/theory.md, "Exact multipoles"). The ω grid is
the default study's (2001 points over 1.4–2.0e14 rad/s and 300 log-spaced from 1e12 to 5e15 rad/s);
``--coarse`` takes 301 and 60 instead (for the exact spheres, whose matrices reach thousands of rows),
``--check-grid`` recomputes on a grid 3× denser in the band and 5× in the broad part.

Usage: ``python benchmarks/dimers_by_model.py [--check-grid] [--markdown] [--multipole-tol 1e-2 --coarse
--h 2.5 3 4 --systems crossed]``. Run on purpose only (a minute on two cores for the dipoles; the exact
spheres take tens of minutes per h below 3R); the numbers go into docs/magnetic-dipoles.md and
docs/theory.md.
"""

from __future__ import annotations

import argparse
import json
import warnings

import numpy as np

import photodrag
from photodrag import geometry

R = 100e-9
H_OVER_R = np.array([2, 2.5, 3, 3.5, 3.8, 4, 4.5, 5, 6, 8, 10, 20, 50, 100], dtype=float)
MODELS = {"paper": {"dipoles": "electric", "polarizability": "quasistatic"},
          "E+M Mie": {"dipoles": "electric+magnetic", "polarizability": "mie"}}
PAIRS = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]


def grid(density: int = 1, coarse: bool = False) -> np.ndarray:
    """The default study's Fig. 2 grid (rad/s), a denser one, or a coarse one (301 + 60 points)."""
    if coarse:
        return np.unique(np.concatenate([np.linspace(1.4e14, 2.0e14, 301), np.geomspace(1e12, 5e15, 60)]))
    band = np.linspace(1.4e14, 2.0e14, 2001 * 3 ** (density - 1) - (density - 1) * 2)
    broad = np.geomspace(1e12, 5e15, 300 * 5 ** (density - 1))
    return np.unique(np.concatenate([band, broad]))


def dimer_numbers(materials, model, h_over_r, omega) -> list[dict]:
    rows = []
    for ratio in h_over_r:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", photodrag.DipoleValidityWarning)  # h < 3R: outside the dipole model
            system = geometry.dimers(4 * R, ratio * R, R, materials, **model)
        spec = photodrag.spectra(system, omega)
        result = photodrag.drag(spec, drive=[0, 1], passive=[2, 3], T_hot=350.0, T_cold=300.0, model="linear")
        G = photodrag.conductance(spec, 300.0)
        rows.append({
            "h_over_R": float(ratio),
            "delta_T_p_K": float(result["delta_T_passive"]),
            "J_W": float(result["J"]),
            "R_D_K_per_W": float(result["drag_resistance"]),
            **{f"G{i + 1}{j + 1}_W_per_K": float(G.sel(emitter=i, absorber=j)) for i, j in PAIRS},
            "energy_balance_residual": spec.attrs["energy_balance_residual"],
            **({"multipole_order_max_used": spec.attrs["multipole_order_max_used"],
                "multipole_relative_error_estimate": spec.attrs["multipole_relative_error_estimate"]}
               if "multipole_order_max_used" in spec.attrs else {}),
        })
    return rows


def sign_change(rows) -> str:
    """The interval of h/R where ΔT_p changes sign (first one), or 'none'."""
    for a, b in zip(rows, rows[1:]):
        if np.sign(a["delta_T_p_K"]) != np.sign(b["delta_T_p_K"]):
            return f"{a['h_over_R']:g}R–{b['h_over_R']:g}R"
    return "none"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check-grid", action="store_true", help="also on a denser grid; report the largest change")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--multipole-tol", type=float, default=None, help="also exact spheres, multipole_order='auto'")
    parser.add_argument("--coarse", action="store_true", help="301 + 60 frequencies instead of 2001 + 300")
    parser.add_argument("--h", type=float, nargs="+", default=None, help="h/R values (default: 2 … 100)")
    parser.add_argument("--systems", nargs="+", choices=("crossed", "SiC"), default=["crossed", "SiC"])
    args = parser.parse_args(argv)
    omega = grid(coarse=args.coarse)
    h_over_r = H_OVER_R if args.h is None else np.array(args.h)
    models = dict(MODELS)
    if args.multipole_tol is not None:
        models["exact"] = {"multipole_order": "auto", "multipole_tol": args.multipole_tol}
    results = {}
    chosen = {"crossed": ("crossed SiC/Au", geometry.CROSSED_SIC_AU), "SiC": ("SiC", "SiC")}
    for system, materials in (chosen[name] for name in args.systems):
        for label, model in models.items():
            rows = dimer_numbers(materials, model, h_over_r, omega)
            results[(system, label)] = rows
            print(json.dumps({"system": system, "model": label, "sign_change": sign_change(rows), "rows": rows}))
            if args.check_grid:
                dense = dimer_numbers(materials, model, h_over_r, grid(2))
                change = max(abs(d[key] / r[key] - 1) for r, d in zip(rows, dense) for key in r
                             if key.endswith(("_K", "_W", "_per_W", "_per_K")))
                print(json.dumps({"system": system, "model": label, "largest_relative_change_denser_grid": change}))
    if args.markdown and args.multipole_tol is None:
        for system in (chosen[name][0] for name in args.systems):
            print(f"\n{system} dimers, d = 4R, T1 = 350 K, T2 = 300 K, linear, no bath\n")
            print("| h | ΔT_p paper (K) | ΔT_p E+M Mie (K) | R_D paper (K/W) | R_D E+M Mie (K/W) |")
            print("|---:|---:|---:|---:|---:|")
            for a, b in zip(results[(system, "paper")], results[(system, "E+M Mie")]):
                print(f"| {a['h_over_R']:g}R | {a['delta_T_p_K']:.3g} | {b['delta_T_p_K']:.3g} | "
                      f"{a['R_D_K_per_W']:.3g} | {b['R_D_K_per_W']:.3g} |")
            print(f"\nsign change of ΔT_p: paper {sign_change(results[(system, 'paper')])}, "
                  f"E+M Mie {sign_change(results[(system, 'E+M Mie')])}")
            print("\n| h | model | " + " | ".join(f"G{i + 1}{j + 1} (W/K)" for i, j in PAIRS) + " |")
            print("|---:|---|" + "---:|" * len(PAIRS))
            for a, b in zip(results[(system, "paper")], results[(system, "E+M Mie")]):
                for label, row in (("paper", a), ("E+M Mie", b)):
                    print(f"| {a['h_over_R']:g}R | {label} | "
                          + " | ".join(f"{row[f'G{i + 1}{j + 1}_W_per_K']:.3g}" for i, j in PAIRS) + " |")


if __name__ == "__main__":
    main()
