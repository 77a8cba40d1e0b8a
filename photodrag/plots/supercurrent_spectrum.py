"""Figure kind ``supercurrent_spectrum``: 𝒯_{i→j} − 𝒯_{j→i} of one pair (``style.pair``) against wavelength.

One curve per study and sweep point (``<dim>_nm`` style keys keep some values). A curve at a
negative field is drawn negated with sparse markers: where reversing B reverses the
spectrum, they fall on the +|B| curve (and the notes give the mismatch). Field maps among
the inputs become an inset: one sphere's absorption summed over the two circular
polarisations in the (λ, B) plane. Rings are sketched along their axis.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm
from scipy import constants

from .. import labels
from . import claims, curves, facts, selection
from . import style as look
from .sketch import draw_sketch

DEFAULTS = {"xscale": "linear", "yscale": "linear", "pair": [0, 1]}


def wavelength_um(omega: np.ndarray) -> np.ndarray:
    return 2 * np.pi * constants.c / np.asarray(omega) / 1e-6


def _field_z(curve) -> float:
    B = curve.parameters.get("B")
    return B.value if B is not None and B.value is not None else 0.0


def draw(datasets, style):
    style = look.merged(style, **DEFAULTS)
    i, j = selection.pairs(style, next(iter(datasets.values())).sizes["emitter"])[0]
    figure, axes, sketch, notes = look.new_figure(style)
    studies = {n: d for n, d in datasets.items() if "supercurrent_spectrum" in d}
    maps = {n: d for n, d in datasets.items() if "absorption_cross_section" in d}

    def pick(name, dataset, array):
        return selection.select(name, dataset, array, style).isel(emitter=i, absorber=j)

    spectra = curves.curves(studies, "supercurrent_spectrum", "omega", pick)
    for curve in spectra:
        curve.x = wavelength_um(studies[curve.source]["omega"].values)
    reversed_ = [c for c in spectra if _field_z(c) < 0 and any(
        _field_z(o) == -_field_z(c) and o.point == c.point for o in spectra)]
    shown = [c for c in spectra if c not in reversed_]
    shared, scale = curves.describe(shown)
    curves.colour(shown, figure, axes, scale)
    lines, spans = [], {}
    for k, curve in enumerate(shown):
        lo, hi = facts.width(curve.x, curve.y)
        peak = curve.x[np.argmax(np.abs(curve.y))]
        axes.plot(curve.x, curve.y, color=curve.colour, linestyle=look.LINESTYLES[k % 2], linewidth=1.2,
                  label=f"{curve.label}: |peak| at {peak:.2f} \u00b5m" if scale is None else None)
        spans[curve.label] = (lo, hi)
        lines.append(f"{curve.label}: above 5 % of its |peak| over {lo:.2f}\u2013{hi:.2f} \u00b5m.")
    mismatch = []
    for curve in reversed_:
        partner = next(o for o in shown if _field_z(o) == -_field_z(curve) and o.point == curve.point)
        every = max(1, curve.x.size // 80)
        axes.plot(curve.x[::every], -curve.y[::every], linestyle="none", marker="x", markersize=3.5,
                  color=partner.colour, markeredgewidth=0.7, label=f"\u2212[{curve.parameters['B'].text}]"
                  if scale is None and not mismatch else None)
        mismatch.append(np.max(np.abs(curve.y + partner.y)) / np.max(np.abs(partner.y)))
    if mismatch:
        lines.append(f"Reversing B reverses the spectrum, to {max(mismatch):.0e} of its peak "
                     "(\u00d7: the \u2212B spectrum, negated).")
    if style.get("claim") == "broadening":
        lines += claims.broadening(spans)
    axes.axhline(0.0, color="0.6", linewidth=0.6)
    axes.set_xlabel("wavelength \u03bb (\u00b5m)")
    first = next(iter(studies.values()))
    axes.set_ylabel(f"{look.label(first['supercurrent_spectrum'])}, i = {i}, j = {j}")
    look.set_scale(axes, "x", style["xscale"])
    look.set_scale(axes, "y", style["yscale"], [c.y for c in shown])
    if spans:
        lo, hi = min(s[0] for s in spans.values()), max(s[1] for s in spans.values())
        pad = 0.35 * (hi - lo)
        axes.set_xlim(lo - pad, hi + (1.6 if maps else 1.0) * pad)
    look.tidy(axes)
    curves.legend(axes, shown, scale, loc="lower left")
    for name, dataset in maps.items():
        _inset(axes, name, dataset)
    draw_sketch(sketch, first, "first sweep point" if any(first.sizes.get(d, 1) > 1 for d in first.dims
                                                            if d not in ("omega", "emitter", "absorber", "particle",
                                                                         "xyz", "temperature")) else "")
    header = [f"Pair {i} \u2192 {j} (0-based, as in the files); \u03c6_(i\u2192j) = \u222b d\u03c9/2\u03c0 \u0398 "
              "[T(i\u2192j) \u2212 T(j\u2192i)], T the transmission. B is the physical field; the paper's InSb "
              "tensor is ours at \u2212B."]
    look.write_notes(notes, header + [f"All curves: {'; '.join(shared)}." if shared else ""] + lines
                     + [look.NORMALISATION_NOTE])
    return figure


def _inset(axes, name, dataset) -> None:
    inset = axes.inset_axes([0.66, 0.06, 0.32, 0.36])
    sigma = dataset["absorption_cross_section"].sel(polarisation=["sigma_plus", "sigma_minus"]).sum("polarisation")
    top = float(sigma.max())
    inset.pcolormesh(wavelength_um(dataset["omega"].values), dataset["B"].values, sigma.values, shading="auto",
                     norm=LogNorm(vmin=top * 1e-2, vmax=top, clip=True), cmap="magma", rasterized=True)
    inset.set_xlim(axes.get_xlim())
    inset.set_xlabel("\u03bb (\u00b5m)", fontsize="xx-small", labelpad=1)
    inset.set_ylabel("B along z (T)", fontsize="xx-small", labelpad=1)
    inset.tick_params(labelsize="xx-small", pad=1)
    radius = dataset.attrs.get("radius_m")
    inset.set_title(f"one {dataset.attrs.get('material', name)} sphere"
                    + (f" (R = {labels.length(radius)})" if radius else "") + ": $\\sigma_+ + \\sigma_-$ (log)",
                    fontsize="xx-small", pad=2)
