"""How high the multipole order must go as two spheres approach (docs/theory.md, "Exact multipoles").

Two equal spheres on the z axis, R = 100 nm: the transmission 𝒯_{0→1}(ω) and both bath channels at
orders L = 1 … L_max, and the 300 K conductance G_{0→1} on a band grid, for gap/R = 1, 0.2, 0.05
(and what else is asked). On an axis the translations keep |m| (photodrag.engine.spherical_waves:
rotations are the identity) and, within |m|, the electric +m modes couple only to the magnetic −m
ones, so the many-sphere matrix of photodrag.engine.tmatrix splits into two blocks per |m| of at most
4L rows; each block is inverted alone and the trace formulas summed over the blocks. That reaches L = 120 at gap/R = 0.05 in seconds, where the dense 2L(L+2)·2 matrix would
hold 3.5 GB. The blocks are the general code's own matrix, permuted (checked against
photodrag.engine.tmatrix.transmission at L = 12 on every run).

Reported: per gap, the smallest L from which every channel at every ω stays within tol of the
L_max value (tol = 1e-2, 1e-3, 1e-4), and the same for G; and, per order, the relative change.

Usage: ``python benchmarks/multipole_convergence.py [--gaps 1 0.2 0.05] [--max-order 120] [--materials SiC SiC]
[--n-omega 61] [--orders 1 40]``.
Run on purpose only; it is not a test.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from scipy import constants

import photodrag
from photodrag.engine import spherical_waves, tmatrix
from photodrag.planck import dtheta_dT

R = 100e-9


def axial_transmission(omega, gap, materials, order):
    """(pair [ω, emitter, absorber], to_bath, from_bath) of two spheres on z, by blocks of |m|.

    Sphere 1 sits at +d ẑ from sphere 0. Along +z the real-basis translation keeps μ for the same
    kind and pairs μ with −μ for the other (+β at μ > 0, −β at μ < 0); along −z it is its transpose
    (A(−r) = A(r)ᵀ, Lorentz reciprocity; the spheres have one radius, so one scale ρ).
    """
    radii = np.full(2, R)
    k = omega / constants.c
    eps = np.stack([photodrag.material(m).epsilon(omega)[:, 0, 0] for m in materials], axis=1)
    inverse_alpha, xi, scale2, log_scale = tmatrix.mode_kernels(eps, radii, k, order)
    K = order * (order + 2)
    degree = np.repeat(np.arange(1, order + 1), 2 * np.arange(1, order + 1) + 1)
    mu = np.concatenate([np.arange(-l, l + 1) for l in range(1, order + 1)])
    kind = np.repeat([0, 1], K)
    degree, mu = np.tile(degree, 2), np.tile(mu, 2)
    n = omega.size
    pair, to_bath, from_bath = np.zeros((n, 2, 2)), np.zeros((n, 2)), np.zeros((n, 2))
    lam = inverse_alpha.reshape(n, 2, -1)
    s2 = scale2.reshape(n, 2, -1)
    # |m| is kept, and within it the electric +m (−m) modes couple to the magnetic −m (+m) ones only:
    # two independent blocks per |m| (at m = 0, the electric and the magnetic modes)
    sets = [np.flatnonzero((kind == 0) & (mu == 0)), np.flatnonzero((kind == 1) & (mu == 0))]
    for m in range(1, order + 1):
        sets += [np.flatnonzero(((kind == 0) & (mu == m)) | ((kind == 1) & (mu == -m))),
                 np.flatnonzero(((kind == 0) & (mu == -m)) | ((kind == 1) & (mu == m)))]
    for modes in sets:  # one block at a time, all frequencies at once
        m = abs(mu[modes[0]])
        if modes is sets[0] or mu[modes[0]] > 0:  # the coefficients of this |m| (one m at a time: L⁴ in all)
            A, beta = spherical_waves.axial_translation(order, k * (2 * R + gap), log_scale[:, 1], log_scale[:, 0],
                                                        m_values=[m])
        l, sign, t = degree[modes], np.sign(mu[modes]), kind[modes]
        same = (t[:, None] == t[None, :]) & (mu[modes][:, None] == mu[modes][None, :])
        other = (t[:, None] != t[None, :]) & (mu[modes][:, None] == -mu[modes][None, :]) & (m > 0)
        up = (np.where(same, A[:, 0][:, l[:, None], l[None, :]], 0)
              + np.where(other, sign[:, None] * beta[:, 0][:, l[:, None], l[None, :]], 0))   # ρ_1 A(+dẑ) ρ_0
        down = up.transpose(0, 2, 1)                           # ρ_0 A(−dẑ) ρ_1 = (ρ_1 A(dẑ) ρ_0)ᵀ, equal radii
        b = modes.size
        S = np.zeros((n, 2 * b, 2 * b), complex)
        S[:, b:, :b], S[:, :b, b:] = -1j * up, -1j * down
        index = np.arange(2 * b)
        S[:, index, index] = np.concatenate([lam[:, 0, modes], lam[:, 1, modes]], axis=1)
        imag_green = -S.imag
        imag_green[:, :b, :b] = imag_green[:, b:, b:] = 0
        imag_green[:, index, index] = np.concatenate([s2[:, 0, modes], s2[:, 1, modes]], axis=1)
        X = np.linalg.inv(S)
        weight = np.concatenate([xi[:, 0][:, modes], xi[:, 1][:, modes]], axis=1)
        absorbed = np.abs(X) ** 2 * weight[:, :, None] * weight[:, None, :]
        pair[:, 0, 1] += 4 * absorbed[:, b:, :b].sum(axis=(1, 2))
        pair[:, 1, 0] += 4 * absorbed[:, :b, b:].sum(axis=(1, 2))
        to = (X.conj() * (imag_green @ X)).real.sum(axis=1) * weight          # Re (X† ImG X)_aa
        fr = ((X @ imag_green) * X.conj()).real.sum(axis=2) * weight          # Re (X ImG X†)_aa
        to_bath += 4 * np.stack([to[:, :b].sum(1), to[:, b:].sum(1)], axis=1)
        from_bath += 4 * np.stack([fr[:, :b].sum(1), fr[:, b:].sum(1)], axis=1)
    return pair, to_bath, from_bath


def first_converged(values, tol):
    """Index of the first order from which every later value is within tol of the last (relative)."""
    last = values[-1]
    scale = np.maximum(np.abs(last), 1e-6 * np.abs(last).max())
    within = np.all(np.abs(values - last) <= tol * scale, axis=tuple(range(1, values.ndim)))
    bad = np.flatnonzero(~within)
    return 0 if bad.size == 0 else bad[-1] + 1


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gaps", type=float, nargs="+", default=[1.0, 0.2, 0.05], help="gap / R")
    parser.add_argument("--max-order", type=int, default=120)
    parser.add_argument("--materials", nargs=2, default=["SiC", "SiC"])
    parser.add_argument("--n-omega", type=int, default=61)
    parser.add_argument("--orders", type=int, nargs="+", default=None, help="these orders only (the last is the reference)")
    args = parser.parse_args(argv)
    omega = np.linspace(1.45e14, 1.95e14, args.n_omega)
    check = axial_transmission(omega[::20], 0.3 * R, args.materials, 12)     # the blocks against the general code
    general = tmatrix.transmission(omega[::20], [[0, 0, 0], [0, 0, 2.3 * R]], np.full(2, R),
                                   lambda w: np.stack([photodrag.material(m).epsilon(w)[:, 0, 0]
                                                       for m in args.materials], axis=1), 12)
    agreement = max(np.abs(a - b).max() / np.abs(b).max() for a, b in zip(check, general))
    print(json.dumps({"blocks_against_general_code_L12": agreement}), flush=True)
    orders = np.unique(np.concatenate([np.round(np.geomspace(1, args.max_order / 4, 14)),
                                       np.linspace(args.max_order / 4, args.max_order, 13).round()]).astype(int))
    if args.orders:
        orders = np.array(args.orders)
    weight = dtheta_dT(omega, 300.0) * np.gradient(omega) / (2 * np.pi)
    for gap in args.gaps:
        results = [axial_transmission(omega, gap * R, args.materials, L) for L in orders]
        channels = np.stack([np.concatenate([p[:, 0, 1:2], p[:, 1, 0:1], t, f], axis=1) for p, t, f in results])
        conductance = np.array([float(weight @ p[:, 0, 1]) for p, _, _ in results])
        row = {"gap_over_R": gap, "materials": args.materials, "orders": orders.tolist(),
               "conductance_W_per_K": conductance.tolist(),
               "peak_transmission": channels[:, :, 0].max(axis=1).tolist()}
        for tol in (1e-2, 1e-3, 1e-4):
            row[f"L_every_channel_{tol:g}"] = int(orders[first_converged(channels, tol)])
            row[f"L_conductance_{tol:g}"] = int(orders[first_converged(conductance, tol)])
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
