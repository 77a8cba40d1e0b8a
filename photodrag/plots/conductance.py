"""Figure kind ``conductance``: pair conductances G_{i→j} against a swept dimension.

Pairs: ``style.pairs`` (a list of [i, j]) or every i < j; conductances equal to round-off
share one curve and one legend entry. At the first temperature of each file, or those of
``style.T_K``. Many pairs are coloured by their centre distance on a colour scale.
``style.claim: conductance_order`` adds the paper's Fig. 3 reading (eq. 12).
"""

from __future__ import annotations

import numpy as np

from .. import labels
from . import claims, curves, selection
from . import style as look
from .sketch import first_point

DEFAULTS = {"xscale": "log", "yscale": "log"}

#: Beyond this many distinct curves the pairs are coloured by their centre distance.
MAX_PAIRS = 10


def pair_role(positions: np.ndarray, geometry: str, i: int, j: int, tol: float = 1e-12) -> str:
    """For two rows: 'same row', 'facing' or 'diagonal'; for other geometries ''."""
    if geometry != "rows":
        return ""
    delta = np.abs(positions[i] - positions[j])
    if delta[2] < tol:
        return "same row"
    return "facing" if delta[0] < tol and delta[1] < tol else "diagonal"


def draw(datasets, style):
    style = look.merged(style, **DEFAULTS)
    figure, axes, sketch, notes = look.new_figure(style)
    all_curves, lines, temperatures = [], [], set()
    across = curves.x_coordinate(datasets.values(), style.get("x"))
    for name, dataset in datasets.items():
        n = dataset.sizes["emitter"]
        G = selection.select(name, dataset, dataset["conductance"], style)
        if "T_K" not in style:
            G = G.isel(temperature=[0])
        temperatures |= {float(t) for t in G["temperature"].values}
        found = _pair_curves(name, dataset, G, style, across)
        all_curves += found
        if not np.allclose(dataset["conductance"], dataset["conductance"].transpose(..., "absorber", "emitter"),
                           rtol=1e-9, atol=1e-300):
            asym = np.abs(dataset["conductance"] - dataset["conductance"].rename(emitter="absorber",
                                                                                 absorber="emitter")).max()
            lines.append(f"{name}: G_ij \u2260 G_ji (non-reciprocal; largest difference {float(asym):.2e} W/K); "
                         "the curves show i \u2192 j for i < j.")
        if style.get("claim") == "conductance_order":
            G0 = dataset["conductance"].isel(temperature=0).transpose(..., "emitter", "absorber")
            x, units, _ = look.display(dataset[all_curves[-1].dim])
            lines += claims.conductance_order(np.atleast_3d(G0.values).reshape(-1, n, n), x, all_curves[-1].dim,
                                              units)
    shared, scale = curves.describe(all_curves, said=("temperature",))
    if len(all_curves) > MAX_PAIRS:
        scale = all_curves[0].parameters["pair"]
    curves.colour(all_curves, figure, axes, scale)
    styles = _by_file(axes, all_curves) if scale is None else None
    for k, curve in enumerate(all_curves):
        axes.plot(curve.x, np.abs(curve.y), color=curve.colour, marker="o" if curve.x.size < 30 else None, markersize=3,
                  linestyle=styles[curve.source] if styles else look.LINESTYLES[k % len(look.LINESTYLES)],
                  label=curve.label if scale is None and not styles else None)
    first = next(iter(datasets.values()))
    dim = all_curves[0].dim
    _, units, x_label = look.display(first[dim])
    look.shade_too_close(axes, all_curves, datasets, dim, lines)
    axes.set_xlabel(x_label)
    axes.set_ylabel(look.magnitude_label(first["conductance"]))
    look.set_scale(axes, "x", style["xscale"], [c.x for c in all_curves])
    look.set_scale(axes, "y", style["yscale"], [np.abs(c.y) for c in all_curves])
    curves.finish_sweep(axes, sketch, first, all_curves)
    header = [f"G_ij = \u222b d\u03c9/2\u03c0 \u2202\u0398/\u2202T T(i\u2192j), T the transmission, at "
              f"{', '.join(labels.number(t) for t in sorted(temperatures))} K; particles numbered from 0 as in the "
              "files; distances centre to centre."]
    shared_line = f"All curves: {'; '.join(shared)}." if shared else ""
    look.write_notes(notes, header + [shared_line] + lines + [look.NORMALISATION_NOTE],
                     optional=(shared_line, look.NORMALISATION_NOTE))
    return figure


def _by_file(axes, curves_) -> dict[str, str] | None:
    """With curves from several files (models, say): colour by pair and line style by file, each said once in the
    legend, so that a pair is followed from one file to the next; returns {file: line style}, or None for one file."""
    sources = list(dict.fromkeys(c.source for c in curves_))
    if len(sources) < 2 or len({(c.source, c.parameters["pair"].text) for c in curves_}) < len(curves_):
        return None  # one file, or several curves of a pair in one (temperatures): the curves' own labels
    pairs = list(dict.fromkeys(c.parameters["pair"].text for c in curves_))
    colours = dict(zip(pairs, look.colours(len(pairs))))
    for c in curves_:
        c.colour = colours[c.parameters["pair"].text]
    styles = {source: look.LINESTYLES[k % len(look.LINESTYLES)] for k, source in enumerate(sources)}
    first = {source: next(c for c in curves_ if c.source == source) for source in sources}
    differ = [key for key in dict.fromkeys(k for c in first.values() for k in c.parameters) if key != "pair" and
              len({c.parameters[key].text if key in c.parameters else "" for c in first.values()}) > 1]
    for pair, colour in colours.items():
        axes.plot([], [], color=colour, label=pair)
    for source in sources:
        curve = first[source]
        said = "; ".join(curve.parameters[key].text for key in differ if key in curve.parameters) or source
        axes.plot([], [], color="0.3", linestyle=styles[source], marker="o" if curve.x.size < 30 else None,
                  markersize=3, label=said)
    return styles


def _pair_curves(name: str, dataset, G, style, across=None) -> list:
    """One curve per pair the style shows; a pair whose curve equals another's joins that curve's label.
    across: the figure's x coordinate, for a dataset without that dimension (curves.curves)."""
    n = dataset.sizes["emitter"]
    positions = first_point(dataset["position"]).values
    materials = [str(m) for m in np.ravel(dataset["material"].values)]
    geometry = str(dataset.attrs.get("geometry", ""))
    found = []
    for i, j in selection.pairs(style, n):
        pair = curves.curves({name: dataset}, "conductance", style.get("x"),
                             lambda *_: G.isel(emitter=i, absorber=j), across)
        for curve in pair:
            twin = next((c for c in found if c.point == curve.point and c.source == curve.source
                         and np.allclose(c.y, curve.y, rtol=1e-9, atol=0)), None)
            if twin is not None:
                twin.parameters["pair"].text = twin.parameters["pair"].text.replace(
                    " (", f" = $G_{{{i}{j}}}$ (", 1)
                continue
            role = pair_role(positions, geometry, i, j)
            distance = float(np.linalg.norm(positions[i] - positions[j]))
            kinds = f"{materials[i]}\u2013{materials[j]}"
            curve.parameters["pair"] = curves.Parameter(
                "pair", f"$G_{{{i}{j}}}$ ({kinds}{', ' + role if role else ''})", distance / 1e-9,
                "centre distance of the pair at the first point (nm)")
            found.append(curve)
    return found
