"""Figure kind ``temperature_map``: steady-state temperatures drawn on the particles, net heat flows as arrows.

The particles at their real positions and sizes (projected on the plane of their two largest
extents), coloured by temperature; thermostated ones ringed in black; an arrow from j to i
for every net flow heat_flow[j, i] > 0 above 1 % of the largest, its width growing with the
flow. The solution shown is ``style.state`` (``steady_state`` or ``drag``; default the one the
study has) at one sweep point (the style's selection, else the first).
"""

from __future__ import annotations

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


def draw(datasets, style):
    style = look.merged(style)
    if len(datasets) > 1:
        raise ValueError("a temperature_map figure shows one study (one B value): name one in studies")
    name, dataset = next(iter(datasets.items()))
    state = style.get("state") or next((s for s in ("steady_state", "drag") if f"{s}_temperature" in dataset), None)
    if state is None or f"{state}_temperature" not in dataset:
        raise ValueError(f"{name} has no steady state ({state or 'steady_state or drag'}_temperature)")
    T, where = selection.one_point(name, dataset, dataset[f"{state}_temperature"], style)
    flow, _ = selection.one_point(name, dataset, dataset[f"{state}_heat_flow"], style)
    fixed, _ = selection.one_point(name, dataset, dataset[f"{state}_thermostated"], style)
    position, _ = selection.one_point(name, dataset, dataset["position"], style)
    radius, _ = selection.one_point(name, dataset, dataset["radius"], style)
    positions = position.transpose("particle", "xyz").values / 1e-9
    radii = np.broadcast_to(radius.values, (len(positions),)) / 1e-9
    T, q = T.values, flow.transpose("emitter", "absorber").values
    a, b, view = view_plane(positions * 1e-9, str(dataset.attrs.get("geometry", "")))
    xy = positions[:, [a, b]]
    figure, axes, _, notes = look.new_figure(style)
    norm = Normalize(T.min(), T.max() if T.max() > T.min() else T.min() + 1e-9)
    cmap = matplotlib.colormaps["plasma"]
    largest = np.max(q) if np.any(q > 0) else 0.0
    for j, i in zip(*np.nonzero(q > SMALLEST_FLOW * largest)):
        start, end = xy[j], xy[i]
        direction = (end - start) / np.linalg.norm(end - start)
        axes.annotate("", xy=tuple(end - direction * radii[i] * 1.05), xytext=tuple(start + direction * radii[j] * 1.05),
                      arrowprops={"arrowstyle": "-|>", "color": "0.25",
                                  "linewidth": 0.4 + 2.6 * q[j, i] / largest, "shrinkA": 0, "shrinkB": 0}, zorder=1)
    for k in range(len(xy)):
        axes.add_patch(Circle(tuple(xy[k]), radii[k], facecolor=cmap(norm(T[k])), zorder=2,
                              edgecolor="k", linewidth=1.6 if fixed.values[k] else 0.4))
        if len(xy) <= 40:
            axes.text(*xy[k], str(k), ha="center", va="center", fontsize=6, zorder=3,
                      color="white" if norm(T[k]) < 0.5 else "black")
    pad = radii.max() * 1.6
    (x0, y0), (x1, y1) = xy.min(axis=0) - pad, xy.max(axis=0) + pad
    grow = max(0.0, 0.45 * max(x1 - x0, y1 - y0) - min(x1 - x0, y1 - y0)) / 2  # a line of particles stays legible
    if x1 - x0 < y1 - y0:
        x0, x1 = x0 - grow, x1 + grow
    else:
        y0, y1 = y0 - grow, y1 + grow
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_aspect("equal")
    axes.set_xlabel(f"{AXES[a]} (nm)")
    axes.set_ylabel(f"{AXES[b]} (nm)")
    look.tidy(axes)
    figure.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=axes, label="temperature (K)",
                    fraction=0.05, pad=0.02)
    bath = dataset.attrs.get(f"{state}_bath_temperature_K")
    look.write_notes(notes, [
        f"{'Drag' if state == 'drag' else 'Steady state'} of {name}" + (f" at {where}" if where else "") + ": "
        f"{dataset.attrs.get(state + '_method', '')} model, "
        + ("no bath" if bath is None else f"bath at {labels.number(bath)} K") + ".",
        f"Seen along {AXES[view]}; particles numbered as in the files (0-based); thermostats ringed in black.",
        f"Temperatures {labels.number(T.min())}\u2013{labels.number(T.max())} K.",
        f"Arrows: net heat flows above {SMALLEST_FLOW:.0%} of the largest, {largest:.3g} W; width grows with the flow.",
    ])
    return figure
