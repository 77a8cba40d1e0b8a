"""A sketch of the particles as they are in the file: real positions, radii, materials, numbers.

The particles are drawn to scale in the plane of their two largest extents (rings: seen along
their axis), numbered from 0 as in the files, coloured by material, with the field's direction.
With a sweep, the sketch shows its first point and says so.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, Patch

from .. import labels
from .style import MATERIAL_COLOURS

AXES = "xyz"

#: More particles than this are drawn without numbers (they would not be readable).
MAX_NUMBERED = 40


def first_point(variable):
    """A variable at the first point of every dimension but particle and xyz."""
    return variable.isel({d: 0 for d in variable.dims if d not in ("particle", "xyz")})


def view_plane(positions: np.ndarray, geometry: str) -> tuple[int, int, int]:
    """(horizontal axis, vertical axis, viewing axis): rings are seen along z, others across their smallest extent."""
    if geometry in ("ring", "rings"):
        return 0, 1, 2
    extent = np.ptp(positions, axis=0)
    order = sorted(range(3), key=lambda a: (-extent[a], a))
    a, b = sorted(order[:2])
    return a, b, order[2]


def _field_marker(ax, B: np.ndarray, plane, where) -> None:
    a, b, view = plane
    size = np.linalg.norm(B)
    if not size:
        return
    in_plane = np.array([B[a], B[b]]) / size
    x, y, length = where
    if np.hypot(*in_plane) > 0.2:
        ax.annotate("", xy=(x + length * in_plane[0], y + length * in_plane[1]), xytext=(x, y),
                    arrowprops={"arrowstyle": "->", "linewidth": 0.8})
        ax.text(x, y - 0.15 * length, "B", fontsize=6, ha="center", va="top")
    else:
        ax.plot([x], [y], marker="o", markersize=6, markerfacecolor="white", markeredgecolor="k")
        ax.plot([x], [y], marker="." if B[view] > 0 else "x", markersize=3 if B[view] > 0 else 4, color="k")
        ax.text(x, y - 0.15 * length, "B", fontsize=6, ha="center", va="top")


def draw_sketch(ax, dataset, describe_point: str = "") -> None:
    """The particles of ``dataset`` (variables position, radius, material) in ``ax`` (nothing when None)."""
    if ax is None or "position" not in dataset:
        return
    positions = first_point(dataset["position"]).values
    radii = np.broadcast_to(first_point(dataset["radius"]).values, (len(positions),))
    materials = [str(m) for m in np.ravel(dataset["material"].values)]
    geometry = str(dataset.attrs.get("geometry", ""))
    plane = view_plane(positions, geometry)
    a, b, view = plane
    scale = 1e-9
    xy = positions[:, [a, b]] / scale
    r = radii / scale
    stacked = {}
    for k, (x, y) in enumerate(np.round(xy, 6)):
        stacked.setdefault((x, y), []).append(k)
    for k in range(len(positions)):
        ax.add_patch(Circle(tuple(xy[k]), r[k], facecolor=MATERIAL_COLOURS.get(materials[k], "0.6"),
                            edgecolor="k", linewidth=0.5, alpha=0.9))
    if len(positions) <= MAX_NUMBERED:
        for (x, y), members in stacked.items():
            text = ",".join(map(str, members)) if len(members) <= 3 else f"{members[0]}\u2026{members[-1]}"
            ax.text(x, y, text, ha="center", va="center", fontsize=6 if len(members) == 1 else 4.5,
                    color="white", fontweight="bold")
    span = max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1])) + 2 * r.max()
    lo, hi = xy.min(axis=0) - r.max() * 1.3, xy.max(axis=0) + r.max() * 1.3
    centre = (lo + hi) / 2
    half = max(hi - lo) / 2 * 1.15
    ax.set_xlim(centre[0] - half, centre[0] + half)
    ax.set_ylim(centre[1] - half, centre[1] + half)
    ax.set_aspect("equal")
    if "magnetic_field" in dataset and dataset.attrs.get("magnetic_field_given", 1):
        B = np.asarray(first_point(dataset["magnetic_field"]).values, dtype=float)
        _field_marker(ax, B, plane, (centre[0] - 0.8 * half, centre[1] + 0.75 * half, 0.25 * half))
    names = list(dict.fromkeys(materials))
    ax.legend(handles=[Patch(facecolor=MATERIAL_COLOURS.get(m, "0.6"), edgecolor="k", label=m) for m in names],
              fontsize=5, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(len(names), 4), frameon=False,
              handlelength=1, borderaxespad=0, columnspacing=0.8)
    bar = 10 ** np.floor(np.log10(span / 3))
    ax.plot([centre[0] - 0.9 * half, centre[0] - 0.9 * half + bar], [centre[1] - 0.92 * half] * 2, color="k",
            linewidth=1)
    ax.text(centre[0] - 0.9 * half + bar / 2, centre[1] - 0.88 * half, labels.length(bar * scale), fontsize=5,
            ha="center", va="bottom")
    title = f"{len(positions)} particles, seen along {AXES[view]}"
    if any(len(m) > 1 for m in stacked.values()):
        title += "\n(numbers in one circle: stacked along the view)"
    ax.set_title(title + (f"\n{describe_point}" if describe_point else ""), fontsize=5.5)
