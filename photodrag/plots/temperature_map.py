"""Figure kind ``temperature_map``: steady-state temperatures drawn on the particles, net heat flows as arrows.

The particles at their real positions and sizes, coloured by temperature; thermostated ones
ringed in black; an arrow from j to i for every net flow heat_flow[j, i] > 0 above 1 % of the
largest, its width growing with the flow. The solution shown is ``style.state``
(``steady_state`` or ``drag``; default the one the study has) at one sweep point (the style's
selection, else the first, which the notes name).

Every particle is shown: the cluster is seen along the axis across its smallest extent (rings:
along their axis), or along another axis if no particle hides another there; where every view
hides some, the particles are split into layers along the view, one panel each (a lattice of
8 × 8 × 8 gives 8 panels of 64), and arrows are drawn between particles of one panel. Past
:data:`MAX_PANELS` layers one panel shows them all, nearer particles over farther ones, and the
notes say how many are hidden. The notes say which view was chosen.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Circle

from .. import labels
from . import selection
from . import style as look
from .sketch import AXES, view_plane

#: Flows below this fraction of the largest are not drawn.
SMALLEST_FLOW = 0.01

#: The most layers drawn as panels of their own.
MAX_PANELS = 16

#: More particles than this in one panel are drawn without numbers.
MAX_NUMBERED = 40


def overlapping(xy: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """(n, n) True where the discs of two particles overlap in the plane (one hides part of the other)."""
    distance = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=-1)
    close = distance < (radii[:, None] + radii[None, :]) * (1 - 1e-9)
    np.fill_diagonal(close, False)
    return close


def layers(positions: np.ndarray, radii: np.ndarray, view: int, plane) -> list[np.ndarray]:
    """Particles split into slabs along ``view`` (by increasing coordinate: the farthest from a viewer on the
    + side first) so that no two in a slab overlap in ``plane``; one slab when none hides another."""
    close = overlapping(positions[:, list(plane)], radii)
    slabs: list[list[int]] = []
    for k in np.argsort(positions[:, view], kind="stable"):
        if not slabs or close[k, slabs[-1]].any():
            slabs.append([])
        slabs[-1].append(int(k))
    return [np.array(sorted(slab)) for slab in slabs]


def choose_view(positions: np.ndarray, radii: np.ndarray, geometry: str) -> tuple[tuple[int, int], int, list]:
    """(plane axes, viewing axis, layers): the usual view if nothing hides there, else another axis where
    nothing hides, else the axis with the fewest layers (the usual one on a tie)."""
    a, b, view = view_plane(positions, geometry)
    options = [((a, b), view)] + [(tuple(x for x in range(3) if x != v), v) for v in range(3) if v != view]
    split = [(plane, axis, layers(positions, radii, axis, plane)) for plane, axis in options]
    return min(split, key=lambda option: len(option[2]))


def _state(name, dataset, style) -> str:
    state = style.get("state") or next((s for s in ("steady_state", "drag") if f"{s}_temperature" in dataset), None)
    if state is None or f"{state}_temperature" not in dataset:
        raise ValueError(f"{name} has no steady state ({state or 'steady_state or drag'}_temperature)")
    return state


def draw(datasets, style):
    style = look.merged(style)
    if len(datasets) > 1:
        raise ValueError("a temperature_map figure shows one study (one B value): name one in studies")
    name, dataset = next(iter(datasets.items()))
    state = _state(name, dataset, style)
    T, where = selection.one_point(name, dataset, dataset[f"{state}_temperature"], style)
    at = selection.at_point(dataset, T)
    positions = at["position"].transpose("particle", "xyz").values
    radii = np.broadcast_to(at["radius"].values, (len(positions),)) / 1e-9
    q = at[f"{state}_heat_flow"].transpose("emitter", "absorber").values
    T, fixed = T.values, np.ravel(at[f"{state}_thermostated"].values)
    plane, view, slabs = choose_view(positions, radii * 1e-9, str(dataset.attrs.get("geometry", "")))
    figure, panels, notes = _panels(style, len(slabs) if len(slabs) <= MAX_PANELS else 1)
    norm = Normalize(T.min(), T.max() if T.max() > T.min() else T.min() + 1e-9)
    largest = np.max(q) if np.any(q > 0) else 0.0
    unit, scale = ("\u00b5m", 1e-6) if np.ptp(positions) > 1.5e-6 else ("nm", 1e-9)
    xy, radii = positions[:, list(plane)] / scale, radii * 1e-9 / scale
    if len(panels) == 1 and len(slabs) > 1:  # too many layers: nearest drawn last
        slabs = [np.argsort(positions[:, view], kind="stable")]
    for ax, members in zip(panels, slabs):
        arrows = _draw_panel(ax, xy, radii, T, q, fixed, members, norm, largest)
        if len(panels) > 1:
            depth = positions[members, view] / scale
            ax.set_title(f"{AXES[view]} = {labels.number(depth.min(), 3)} {unit}" if np.ptp(depth) < 1e-6 else
                         f"{AXES[view]} = {labels.number(depth.min(), 3)}\u2013{labels.number(depth.max(), 3)} {unit}",
                         fontsize=look.SMALLEST_PT, pad=2)
    _frame(panels, xy, radii, plane, unit)
    figure.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=CMAP), ax=panels, label="temperature (K)",
                    fraction=0.05, pad=0.02)
    look.write_notes(notes, [
        f"{'Drag' if state == 'drag' else 'Steady state'} of {name}" + (f" at {where}" if where else "") + ": "
        f"{_model(dataset, state)}.",
        _view_note(len(positions), view, slabs, len(panels), xy, radii),
        "Particles numbered from 0 as in the files; thermostats ringed in black.",
        f"Temperatures {labels.number(T.min())}\u2013{labels.number(T.max())} K.",
        f"Arrows: net heat flows above {SMALLEST_FLOW:.0%} of the largest, {largest:.3g} W"
        + (", between particles of one panel" if len(panels) > 1 else "") + "; width grows with the flow."
        if arrows else f"No arrows: a panel of more than {MAX_NUMBERED} particles would be covered by them.",
    ])
    return figure


CMAP = matplotlib.colormaps["plasma"]


def _model(dataset, state: str) -> str:
    bath = dataset.attrs.get(f"{state}_bath_temperature_K")
    return (f"{dataset.attrs.get(state + '_method', '')} model, "
            + ("no bath" if bath is None else f"bath at {labels.number(bath)} K"))


def _view_note(n: int, view: int, slabs, n_panels: int, xy, radii) -> str:
    if len(slabs) == 1:
        return f"All {n} particles seen along {AXES[view]}; none hides another."
    if n_panels > 1:
        return (f"{n} particles in {len(slabs)} layers along {AXES[view]}, one panel each, seen along "
                f"{AXES[view]}: every view of the whole cluster hides some particles behind others.")
    close = overlapping(xy, radii)
    order = slabs[0]
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    hidden = sum(bool(np.any(close[k] & (rank > rank[k]))) for k in range(n))
    return (f"{n} particles seen along {AXES[view]}, nearer ones drawn over farther ones: {hidden} are partly or "
            f"wholly hidden ({len(slabs)} layers, more than {MAX_PANELS} panels).")


def _panels(style, count: int):
    """(figure, panels, notes axes): the plot area of look.new_figure split into ``count`` panels."""
    figure, axes, sketch, notes = look.new_figure(style)
    if sketch is not None:  # no sketch: the map is the geometry; the notes take the whole column
        column = notes.get_subplotspec().get_gridspec()[:, 1]
        sketch.remove()
        notes.remove()
        notes = figure.add_subplot(column)
        notes.set_axis_off()
    if count == 1:
        return figure, [axes], notes
    spec = axes.get_subplotspec()
    axes.remove()
    columns = math.ceil(math.sqrt(count))
    grid = spec.subgridspec(math.ceil(count / columns), columns)
    return figure, [figure.add_subplot(grid[k]) for k in range(count)], notes


def _draw_panel(ax, xy, radii, T, q, fixed, members, norm, largest) -> bool:
    """The particles ``members`` (in drawing order) and, for up to MAX_NUMBERED of them, the net flows
    between them (returns whether it drew them)."""
    chosen = set(members.tolist()) if len(members) <= MAX_NUMBERED else set()
    for j, i in zip(*np.nonzero(q > SMALLEST_FLOW * largest)):
        if j not in chosen or i not in chosen:
            continue
        start, end = xy[j], xy[i]
        direction = (end - start) / np.linalg.norm(end - start)
        ax.annotate("", xy=tuple(end - direction * radii[i] * 1.05), xytext=tuple(start + direction * radii[j] * 1.05),
                    arrowprops={"arrowstyle": "-|>", "color": "0.25", "linewidth": 0.4 + 2.6 * q[j, i] / largest,
                                "shrinkA": 0, "shrinkB": 0}, zorder=1)
    for order, k in enumerate(members):
        ax.add_patch(Circle(tuple(xy[k]), radii[k], facecolor=CMAP(norm(T[k])), zorder=2 + order / len(members),
                            edgecolor="k", linewidth=0.4))
        if fixed[k]:  # a ring around the particle, so that its colour stays visible however small it is
            ax.add_patch(Circle(tuple(xy[k]), radii[k] * 1.3, facecolor="none", edgecolor="k", linewidth=1.2,
                                zorder=2 + order / len(members)))
        if len(members) <= MAX_NUMBERED:
            ax.text(*xy[k], str(k), ha="center", va="center", fontsize=look.SMALLEST_PT, zorder=3,
                    color="white" if norm(T[k]) < 0.5 else "black")
    return bool(chosen)


def _frame(panels, xy, radii, plane, unit: str) -> None:
    """The same limits on every panel (equal aspect, a line of particles kept legible), labels outside."""
    pad = radii.max() * 1.6
    (x0, y0), (x1, y1) = xy.min(axis=0) - pad, xy.max(axis=0) + pad
    grow = max(0.0, 0.45 * max(x1 - x0, y1 - y0) - min(x1 - x0, y1 - y0)) / 2
    if x1 - x0 < y1 - y0:
        x0, x1 = x0 - grow, x1 + grow
    else:
        y0, y1 = y0 - grow, y1 + grow
    columns = panels[0].get_subplotspec().get_gridspec().ncols if len(panels) > 1 else 1
    for k, ax in enumerate(panels):
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        look.tidy(ax, small=len(panels) > 1)
        if k >= len(panels) - columns:
            ax.set_xlabel(f"{AXES[plane[0]]} ({unit})")
        if k % columns == 0:
            ax.set_ylabel(f"{AXES[plane[1]]} ({unit})")
        if len(panels) > 1:
            ax.tick_params(labelsize=look.SMALLEST_PT)
