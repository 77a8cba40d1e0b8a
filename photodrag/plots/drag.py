"""Figure kind ``drag``: drag resistance R_D against a swept dimension, one curve per study and sweep point;
inset: the passive temperature difference ΔT_p.

With ``yscale: log`` (the default) |R_D| and |ΔT_p| are drawn, filled markers where positive and
open where negative, and each sign change of ΔT_p is marked. Stretches where some pair of a
dipole model's file is closer than 3R are shaded (outside the dipole model's validity); files of
exact multipoles get no band, and the notes name their order. ``style.claim`` adds the
paper's claim (photodrag.plots.claims) and says per curve whether it holds.
"""

from __future__ import annotations

import numpy as np

from .. import labels
from . import claims, curves, facts, selection
from . import style as look

DEFAULTS = {"xscale": "log", "yscale": "log"}


def _signed(axes, x, y, colour, label, markersize=3.5):
    """|y| on a log axis: filled markers where y > 0, open where y < 0."""
    axes.plot(x, np.abs(y), color=colour, linewidth=1.0, label=label)
    positive = y > 0
    axes.plot(x[positive], np.abs(y[positive]), linestyle="none", marker="o", markersize=markersize, color=colour)
    axes.plot(x[~positive], np.abs(y[~positive]), linestyle="none", marker="o", markersize=markersize,
              markerfacecolor="white", markeredgecolor=colour)


def definition_lines(dataset) -> list[str]:
    """The drag's definition in the dataset's own particle numbers."""
    drive = np.ravel(dataset.attrs.get("drag_drive", [0, 1])).astype(int)
    passive = np.ravel(dataset.attrs.get("drag_passive", [2, 3])).astype(int)
    hot, cold = drive[0], drive[-1]
    return [f"Drive: {hot} held at {labels.number(dataset.attrs.get('drag_T_hot_K'))} K, {cold} at "
            f"{labels.number(dataset.attrs.get('drag_T_cold_K'))} K; passive {labels.particles(passive)} free "
            "(particles numbered from 0 as in the files).",
            f"R_D = \u0394T_p/J, \u0394T_p = T_{passive[0]} \u2212 T_{passive[-1]}, J = \u03c6_{cold} \u2212 "
            f"\u03c6_{hot} (paper eq. 13)."]


def draw(datasets, style):
    style = look.merged(style, **DEFAULTS)
    figure, axes, sketch, notes = look.new_figure(style)
    inset = axes.inset_axes([0.0, 0.0, 0.36, 0.34])  # moved onto no data by curves.finish_sweep
    signed = style["yscale"] == "log"
    pick = lambda name, dataset, array: selection.select(name, dataset, array, style)  # noqa: E731
    resistance = curves.curves(datasets, "drag_resistance", style.get("x"), pick)
    difference = curves.curves(datasets, "delta_T_passive", style.get("x"), pick)
    shared, scale = curves.describe(resistance, said=("drag_T",))
    curves.colour(resistance, figure, axes, scale)
    first = next(iter(datasets.values()))
    dim = resistance[0].dim
    _, units, x_label = look.display(first[dim])
    lines = _draw_curves(axes, inset, resistance, difference, signed, style, dim, units)
    look.shade_too_close(axes, resistance, datasets, dim, lines)
    look.shade_too_close(inset, resistance, datasets, dim)
    for ax in (axes, inset):
        look.set_scale(ax, "x", style["xscale"], [rd.x for rd in resistance])
    _label_axes(axes, inset, first, signed, style, resistance)
    axes.set_xlabel(x_label)
    inset.set_xlabel(f"{dim} ({units})" if units else dim, fontsize=look.SMALLEST_PT, labelpad=1)
    inset.tick_params(labelsize=look.SMALLEST_PT, pad=1.5)
    look.tidy(inset, small=True)
    inset.set_facecolor((1, 1, 1, 0.9))
    curves.finish_sweep(axes, sketch, first, resistance, inset=inset)
    header = definition_lines(first)
    if style.get("claim") in claims.DRAG_CLAIMS:
        header.append(claims.DRAG_CLAIMS[style["claim"]][0] + ".")
    shared_line = f"All curves: {'; '.join(shared)}." if shared else ""
    look.write_notes(notes, header + [shared_line] + lines + [look.NORMALISATION_NOTE],
                     optional=(shared_line, look.NORMALISATION_NOTE))
    return figure


def _draw_curves(axes, inset, resistance, difference, signed: bool, style, dim: str, units: str) -> list[str]:
    """R_D on the axes and ΔT_p in the inset, curve by curve; returns a note per curve (signs, claim)."""
    lines = []
    for rd, dt in zip(resistance, difference):
        if signed:
            _signed(axes, rd.x, rd.y, rd.colour, rd.label)
            _signed(inset, dt.x, dt.y, rd.colour, None, markersize=2)
        else:
            axes.plot(rd.x, rd.y, color=rd.colour, marker="o", markersize=3, label=rd.label)
            inset.plot(dt.x, dt.y, color=rd.colour, marker=".", markersize=2)
        for change in facts.sign_changes(dt.x, dt.y):
            for ax in (axes, inset):
                ax.axvline(change, color=rd.colour, linestyle=":", linewidth=0.8)
        name = f"{rd.label}: " if len(resistance) > 1 else ""
        if np.all(rd.y * dt.y > 0):  # J > 0: R_D and ΔT_p share their sign
            said = facts.describe_sign("R_D, \u0394T_p", dim, rd.x, rd.y, units)
        else:
            said = (f"{facts.describe_sign('R_D', dim, rd.x, rd.y, units)}; "
                    f"{facts.describe_sign(chr(0x394) + 'T_p', dim, dt.x, dt.y, units)}")
        if style.get("claim") in claims.DRAG_CLAIMS:
            statement, verdict = claims.drag(style["claim"], rd.x, rd.y, dt.y)
            said += f" \u2192 {verdict}"
        lines.append(f"{name}{said}.")
    return lines


def _label_axes(axes, inset, first, signed: bool, style, resistance) -> None:
    """The y scales and labels: |R_D| and |ΔT_p| on log axes with the sign legend, or signed values."""
    if signed:
        axes.set_yscale("log")
        inset.set_yscale("log")
        axes.plot([], [], "ko", markersize=3.5, label="> 0")
        axes.plot([], [], "o", markersize=3.5, markerfacecolor="white", markeredgecolor="k", label="< 0")
        axes.set_ylabel(look.magnitude_label(first["drag_resistance"]))
        inset.set_ylabel(look.magnitude_label(first["delta_T_passive"]), fontsize=look.SMALLEST_PT, labelpad=1)
    else:
        axes.axhline(0.0, color="0.6", linewidth=0.6)
        look.set_scale(axes, "y", style["yscale"], [rd.y for rd in resistance])
        axes.set_ylabel(look.label(first["drag_resistance"]))
        inset.set_ylabel(look.label(first["delta_T_passive"]), fontsize=look.SMALLEST_PT, labelpad=1)
