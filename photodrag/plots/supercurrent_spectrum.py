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


def _partner(curve, curves_):
    """The curve at the opposite field and the same other sweep values (None when there is none)."""
    same = {k: v for k, v in curve.point.items() if k != "B"}
    return next((o for o in curves_ if _field_z(o) == -_field_z(curve) and o is not curve
                 and {k: v for k, v in o.point.items() if k != "B"} == same), None)


#: A spectrum whose |peak| is below this fraction of the largest one shown is round-off (a reciprocal system).
ROUND_OFF = 1e-9

#: Beyond this many spectra, one note sums up their bands instead of one note each.
MANY = 4


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
    reversed_ = [c for c in spectra if _field_z(c) < 0 and _partner(c, spectra) is not None]
    shown = [c for c in spectra if c not in reversed_]
    shared, scale = curves.describe(shown)
    curves.colour(shown, figure, axes, scale)
    lines, spans = _draw_spectra(axes, shown, scale)
    lines += _draw_reversed(axes, reversed_, shown, scale)
    if style.get("claim") == "broadening":
        lines += claims.broadening(spans)
    axes.axhline(0.0, color="0.6", linewidth=0.6)
    axes.set_xlabel("wavelength \u03bb (\u00b5m)")
    first = studies[shown[0].source] if shown else next(iter(studies.values()))  # the sketch's field: a curve's
    axes.set_ylabel(f"{look.label(first['supercurrent_spectrum'])}, i = {i}, j = {j}")
    look.set_scale(axes, "x", style["xscale"])
    look.set_scale(axes, "y", style["yscale"], [c.y for c in shown])
    if spans:
        lo, hi = min(s[0] for s in spans.values()), max(s[1] for s in spans.values())
        axes.set_xlim(lo - 0.35 * (hi - lo), hi + 0.35 * (hi - lo))
    look.tidy(axes)
    insets = [_inset(axes, name, dataset) for name, dataset in maps.items()][:1]
    draw_sketch(sketch, first, "first sweep point" if any(first.sizes.get(d, 1) > 1 for d in first.dims
                                                            if d not in ("omega", "emitter", "absorber", "particle",
                                                                         "xyz", "temperature")) else "")
    curves.legend(axes, shown, inset=insets[0] if insets else None, single=True)
    look.tidy(axes)
    header = [f"Pair {i} \u2192 {j} (numbered from 0 as in the files); B is the physical field (the paper's +B "
              "is our \u2212B)."]
    shared_line = f"All curves: {'; '.join(shared)}." if shared else ""
    look.write_notes(notes, header + [shared_line] + lines + [_inset_note(maps), look.NORMALISATION_NOTE],
                     optional=(look.NORMALISATION_NOTE,))
    return figure


def _draw_spectra(axes, shown, scale) -> tuple[list[str], dict]:
    """The spectra; per curve a note with its band above 5 % of its |peak| (or that it is round-off)."""
    lines, spans = [], {}
    largest = max((np.max(np.abs(c.y)) for c in shown), default=0.0)
    many = len(shown) > MANY  # then one note sums the bands up
    for k, curve in enumerate(shown):
        peak = np.max(np.abs(curve.y))
        if peak <= ROUND_OFF * largest or (peak < 1e-30):
            axes.plot(curve.x, curve.y, color=curve.colour, linestyle=look.LINESTYLES[k % 2], linewidth=1.2,
                      label=curve.label if scale is None else None)
            lines.append(f"{curve.label}: zero to round-off (|peak| {peak:.0e}), as reciprocity requires.")
            continue
        lo, hi = facts.width(curve.x, curve.y)
        at = curve.x[np.argmax(np.abs(curve.y))]
        axes.plot(curve.x, curve.y, color=curve.colour, linestyle=look.LINESTYLES[k % 2], linewidth=1.2,
                  label=f"{curve.label}: |peak| at {at:.2f} \u00b5m" if scale is None else None)
        spans[curve.label] = (lo, hi)
    if spans and not many:
        lines.append("Above 5 % of its |peak|: " + "; ".join(f"{label}: {lo:.2f}\u2013{hi:.2f} \u00b5m"
                                                              for label, (lo, hi) in spans.items()) + ".")
    if many and spans:
        widths = {label: hi - lo for label, (lo, hi) in spans.items()}
        narrow, wide = min(widths, key=widths.get), max(widths, key=widths.get)
        lines.append(f"Above 5 % of their |peak| within {min(s[0] for s in spans.values()):.2f}\u2013"
                     f"{max(s[1] for s in spans.values()):.2f} \u00b5m; widths {widths[narrow]:.2f} \u00b5m "
                     f"({narrow}) to {widths[wide]:.2f} \u00b5m ({wide}).")
    return lines, spans


def _draw_reversed(axes, reversed_, shown, scale) -> list[str]:
    """Each −B spectrum, negated, as × markers in its +B partner's colour; the note of how well they agree."""
    mismatch = []
    for curve in reversed_:
        partner = _partner(curve, shown)
        every = max(1, curve.x.size // 80)
        axes.plot(curve.x[::every], -curve.y[::every], linestyle="none", marker="x", markersize=3.5,
                  color=partner.colour, markeredgewidth=0.7, label="\u2212(spectrum at \u2212B)"
                  if not mismatch else None)
        top = np.max(np.abs(partner.y))
        mismatch.append(np.max(np.abs(curve.y + partner.y)) / top if top > 0 else 0.0)
    if not mismatch:
        return []
    return [f"\u00d7: the \u2212B spectrum negated, equal to the +B one within {max(mismatch):.0e} of its peak."]


def _inset_note(maps) -> str:
    if not maps:
        return ""
    dataset = next(iter(maps.values()))
    radius = dataset.attrs.get("radius_m")
    return (f"Inset: one {dataset.attrs.get('material', next(iter(maps)))} sphere's absorption"
            + (f" (R = {labels.length(radius)})" if radius else "") + ", \u03c3+ + \u03c3\u2212 (log colours), "
            "against \u03bb and B along z.")


def _inset(axes, name, dataset):
    """One sphere's absorption in the (λ, B) plane as an inset (placed on no data by curves.legend)."""
    inset = axes.inset_axes([0.0, 0.0, 0.32, 0.36])
    sigma = dataset["absorption_cross_section"].sel(polarisation=["sigma_plus", "sigma_minus"]).sum("polarisation")
    top = float(sigma.max())
    inset.pcolormesh(wavelength_um(dataset["omega"].values), dataset["B"].values, sigma.values, shading="auto",
                     norm=LogNorm(vmin=top * 1e-2, vmax=top, clip=True), cmap="magma", rasterized=True)
    inset.set_xlim(axes.get_xlim())
    inset.set_xlabel("\u03bb (\u00b5m)", fontsize=look.SMALLEST_PT, labelpad=1)
    inset.set_ylabel("B (T)", fontsize=look.SMALLEST_PT, labelpad=1)
    inset.tick_params(labelsize=look.SMALLEST_PT, pad=1.5)
    look.tidy(inset, small=True)
    inset.text(0.04, 0.95, f"one {dataset.attrs.get('material', name)} sphere", transform=inset.transAxes,
               color="white", fontsize=look.SMALLEST_PT, va="top", ha="left")  # inside: its labels face inwards
    return inset
