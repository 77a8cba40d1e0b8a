"""A sketch of the particles as they are in the file: real positions, radii, materials, numbers.

The particles are drawn to scale in the plane of their two largest extents (rings: seen along
their axis), numbered from 0 as in the files, coloured by material, with the field's direction.
With a sweep, the sketch shows its first point and says so.
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.patches import Circle, Patch

from .. import labels
from .placement import renderer
from .style import MATERIAL_COLOURS, SMALLEST_PT, wrap

AXES = "xyz"

#: More particles than this are drawn without numbers (they would not be readable).
MAX_NUMBERED = 40


def first_point(variable):
    """A variable at the first point of every dimension but particle and xyz."""
    return variable.isel({d: 0 for d in variable.dims if d not in ("particle", "xyz")})


def view_plane(positions: np.ndarray, geometry: str, above_surface: bool = False) -> tuple[int, int, int]:
    """(horizontal axis, vertical axis, viewing axis): above a surface seen from the side (z up), rings along z,
    others across their smallest extent."""
    extent = np.ptp(positions, axis=0)
    if above_surface:
        across = 0 if extent[0] >= extent[1] else 1
        return across, 2, 1 - across
    if geometry in ("ring", "rings"):
        return 0, 1, 2
    order = sorted(range(3), key=lambda a: (-extent[a], a))
    a, b = sorted(order[:2])
    return a, b, order[2]


def _field(dataset) -> tuple[np.ndarray, str]:
    """The field the sketch shows and its name: the sketched point's, or, for a field swept inside the
    system, its positive direction, named '±B'."""
    field = dataset["magnetic_field"]
    if "B" in field.dims and field.sizes["B"] > 1:
        return np.asarray(field.isel(B=int(np.argmax(dataset["B"].values))).values, dtype=float), "\u00b1B"
    return np.asarray(first_point(field).values, dtype=float), "B"


def _field_marker(ax, B: np.ndarray, plane, where, name: str = "B") -> None:
    """The field's direction: an arrow in the plane, or ⊙/⊗ along the view; its name beside it, never on it."""
    a, b, view = plane
    size = np.linalg.norm(B)
    if not size:
        return
    in_plane = np.array([B[a], B[b]]) / size
    x, y, length = where
    if np.hypot(*in_plane) > 0.2:
        ax.annotate("", xy=(x + length * in_plane[0], y + length * in_plane[1]), xytext=(x, y),
                    arrowprops={"arrowstyle": "->", "linewidth": 0.8})
        ax.annotate(name, (x, y), xytext=(-3, 0), textcoords="offset points", fontsize=SMALLEST_PT, ha="right",
                    va="center")
    else:
        ax.plot([x], [y], marker="o", markersize=6, markerfacecolor="white", markeredgecolor="k")
        ax.plot([x], [y], marker="." if B[view] > 0 else "x", markersize=3 if B[view] > 0 else 4, color="k")
        ax.annotate(name, (x, y), xytext=(-5, 0), textcoords="offset points", fontsize=SMALLEST_PT, ha="right",
                    va="center")


#: How the structure under the particles is drawn: a hatched band from z = 0 down (its legend entry too).
SURFACE_LOOK = {"alpha": 0.35, "hatch": "////", "edgecolor": "0.4"}


def _surface_colour(name: str):
    return MATERIAL_COLOURS.get(name.split(" on ")[-1], "0.8")   # its half-space's colour ("50 nm SiC on Au")


def _surface(ax, name: str, bottom: float) -> None:
    """The structure under the particles: a hatched band from z = 0 down, coloured as its half-space."""
    ax.axhspan(bottom, 0.0, facecolor=_surface_colour(name), linewidth=0, **SURFACE_LOOK)
    ax.axhline(0.0, color="k", linewidth=0.8)


def _numbers(ax, stacked: dict, drawing) -> None:
    """Each particle's number on it, dark on a white halo (readable on any material's colour).

    Where numbers would overlap (many small particles side by side) only those that do not are kept:
    the first and the last particle's, then the others in order, each if it touches none kept before.
    Call with the axes' limits and aspect set: the overlaps are measured on the texts as drawn by `drawing`.
    """
    halo = [patheffects.withStroke(linewidth=1.8, foreground="white")]
    spots = list(stacked.items())
    ends = {0, len(spots) - 1}
    kept = []
    for k in sorted(range(len(spots)), key=lambda k: (k not in ends, k)):
        (x, y), members = spots[k]
        text = ",".join(map(str, members)) if len(members) <= 3 else f"{members[0]}\u2026{members[-1]}"
        label = ax.text(x, y, text, ha="center", va="center", fontsize=SMALLEST_PT, color="black", path_effects=halo)
        box = label.get_window_extent(drawing).expanded(1.15, 1.0)
        if any(box.overlaps(other) for other in kept):
            label.remove()
        else:
            kept.append(box)


def draw_sketch(ax, dataset, describe_point: str = "") -> None:
    """The particles of ``dataset`` (variables position, radius, material) in ``ax`` (nothing when None)."""
    if ax is None or "position" not in dataset:
        return
    positions = first_point(dataset["position"]).values
    radii = np.broadcast_to(first_point(dataset["radius"]).values, (len(positions),))
    materials = [str(m) for m in np.ravel(dataset["material"].values)]
    surface = dataset.attrs.get("surface")
    plane = view_plane(positions, str(dataset.attrs.get("geometry", "")), surface is not None)
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
    span = max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1])) + 2 * r.max()
    lo, hi = xy.min(axis=0) - r.max() * 1.3, xy.max(axis=0) + r.max() * 1.3
    if surface is not None:  # the surface z = 0 in view, under the particles
        lo[1] = min(lo[1], -0.08 * span)
    centre = (lo + hi) / 2
    half = max(hi - lo) / 2 * 1.15
    ax.set_xlim(centre[0] - half, centre[0] + half)
    if surface is None:
        ax.set_ylim(centre[1] - 1.25 * half, centre[1] + half)  # the scale bar below the particles
    else:  # a strip of the surface, the scale bar on it, and the particles above
        ax.set_ylim(-0.3 * half, max(hi[1], 0.3 * half))
        _surface(ax, str(surface), -0.3 * half)
    ax.set_aspect("equal")
    ax.set_xticks([])  # the axes are off: no tick labels either, even hidden ones
    ax.set_yticks([])
    figure = ax.get_figure(root=True)
    ax.apply_aspect()
    drawing = renderer(figure)  # one layout pass: the numbers' overlaps and the title's wrap are measured with it
    if len(positions) <= MAX_NUMBERED:
        _numbers(ax, stacked, drawing)
    if "magnetic_field" in dataset and dataset.attrs.get("magnetic_field_given", 1):
        B, name = _field(dataset)
        _field_marker(ax, B, plane, (centre[0] - 0.9 * half, centre[1] + 0.8 * half, 0.25 * half), name)
    names = list(dict.fromkeys(materials))
    handles = [Patch(facecolor=MATERIAL_COLOURS.get(m, "0.6"), edgecolor="k", label=m) for m in names]
    if surface is not None:
        handles.append(Patch(facecolor=_surface_colour(str(surface)), label=f"surface: {surface}", **SURFACE_LOOK))
    ax.legend(handles=handles,
              fontsize=SMALLEST_PT, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(len(handles), 3),
              frameon=False, handlelength=1, borderaxespad=0, columnspacing=0.8)
    bar = 10 ** np.floor(np.log10(span / 3))
    left, level = centre[0] - 0.9 * half, min(centre[1] - 1.12 * half, (xy[:, 1] - r).min() - 0.1 * half)
    if surface is not None:
        level = -0.2 * half
    ax.plot([left, left + bar], [level] * 2, color="k", linewidth=1)
    ax.annotate(labels.length(bar * scale), (left + bar, level), xytext=(3, 0), textcoords="offset points",
                fontsize=SMALLEST_PT, ha="left", va="center")
    together = next((m for m in stacked.values() if len(m) > 1), None)
    title = [f"{len(positions)} particle{'s' if len(positions) != 1 else ''} seen along {AXES[view]}"
             + (f"; {','.join(map(str, together[:3]))}: stacked along {AXES[view]}" if together else "")
             + (f"; {describe_point}" if describe_point else "")]
    ax.set_title("", fontsize=SMALLEST_PT)
    cell = ax.get_position(original=True).transformed(figure.transFigure)
    wrap(ax.title, title, cell.width, drawing)
