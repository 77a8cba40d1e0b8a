"""Where legends and insets go: where the axes hold no data, an inset's tick labels facing inwards.

A legend or an inset must not cover a figure's data. :func:`place_inset` tries the corners of
the axes, from the largest size down, and keeps the first where the inset's whole box (tick
labels and axis labels included) holds no data point and stays a margin inside the spines.
Its tick labels face the middle of the axes, so that they are never read as the main axis's.
Where no corner is free it makes room: the y range grows until a band below (or above) all
the data holds the inset. :func:`place_legend` tries the usual spots inside the axes,
avoiding the data and the insets, widens the y range a little to free one, and puts the legend
under the axes' x label where that fails.

"Data" are the vertices of what is drawn in data coordinates (lines, markers, patches such as
the particles of a map) and, along drawn lines, points every :data:`STEP_PX` pixels between
them, all in display coordinates. Reference lines (``axhline``, ``axvline``) and shading across
the axes are not data.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox, ScaledTranslation, TransformedBbox

#: Spots tried for a legend inside the axes, in this order.
LEGEND_SPOTS = ("upper right", "upper left", "lower left", "lower right", "center right", "center left",
                "upper center", "lower center")

#: Corners tried for an inset, in this order; sizes (width, height) in axes fractions, largest first.
INSET_CORNERS = ("lower left", "upper right", "upper left", "lower right")
INSET_SIZES = ((0.36, 0.34), (0.31, 0.3), (0.27, 0.26))

#: Clearance (points) between a legend or inset and the data, and between an inset and the spines.
MARGIN_PT = 4.0

#: The largest band (fraction of the axes) the y range is widened by to make room for a legend.
MOST_ROOM = 0.3

#: Spacing (pixels) of the points taken along a drawn line between its vertices.
STEP_PX = 2.0


def renderer(figure):
    """A renderer of ``figure`` after a layout pass (positions of axes, legends and texts are final)."""
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    return figure.canvas.get_renderer()


def _along(xy: np.ndarray) -> np.ndarray:
    """The points of a polyline (display coordinates) every STEP_PX pixels, its vertices included."""
    start, end = xy[:-1], xy[1:]
    keep = np.all(np.isfinite(start), axis=1) & np.all(np.isfinite(end), axis=1)
    start, step = start[keep], (end - start)[keep]
    counts = np.maximum(1, np.ceil(np.hypot(*step.T) / STEP_PX).astype(int)) if len(step) else np.array([], int)
    index = np.repeat(np.arange(len(step)), counts)
    fraction = (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)) / np.repeat(counts, counts)
    return np.concatenate([start[index] + step[index] * fraction[:, None], xy])


def data_points(axes) -> np.ndarray:
    """(n, 2) display coordinates of the data drawn in ``axes`` (see the module's docstring)."""
    found = [np.empty((0, 2))]
    for line in axes.get_lines():
        if line.get_transform() is not axes.transData or not line.get_visible():
            continue
        xy = axes.transData.transform(np.asarray(line.get_xydata(), dtype=float))
        joined = line.get_linestyle() not in ("None", "none", "", " ") and len(xy) > 1
        found.append(_along(xy) if joined else xy)
    for collection in axes.collections:
        if collection.get_offset_transform() is axes.transData and len(collection.get_offsets()):
            found.append(axes.transData.transform(np.asarray(collection.get_offsets(), dtype=float)))
    for patch in axes.patches:
        if patch.get_data_transform() is axes.transData:
            found.append(patch.get_transform().transform(patch.get_path().vertices))
    points = np.concatenate(found)
    return points[np.all(np.isfinite(points), axis=1)]


def is_free(box: Bbox, points: np.ndarray, inside: Bbox, avoid=(), margin: float = 0.0) -> bool:
    """True when ``box`` lies inside ``inside`` and, grown by ``margin`` (pixels), holds none of
    ``points`` and overlaps none of the boxes ``avoid``."""
    if box.x0 < inside.x0 - 1 or box.y0 < inside.y0 - 1 or box.x1 > inside.x1 + 1 or box.y1 > inside.y1 + 1:
        return False
    grown = box.padded(margin)
    if any(grown.overlaps(other) for other in avoid):
        return False
    x, y = points.T
    return not np.any((x >= grown.x0) & (x <= grown.x1) & (y >= grown.y0) & (y <= grown.y1))


def place_legend(axes, avoid=(), below_figure: bool = False, **options):
    """A legend of ``axes`` on no data and no box of ``avoid`` (axes such as an inset): at one of the
    usual spots; else in a band the y range is widened to free (at most :data:`MOST_ROOM` of the axes,
    on the side away from the insets); else under the axes' x label, or under the whole figure when it is
    wider than the axes or ``below_figure`` (axes with more axes below them). Returns the legend."""
    figure = axes.get_figure(root=True)
    legend = axes.legend(**options)
    spots, limits = LEGEND_SPOTS, axes.get_ylim()
    for attempt in range(2):
        draw = renderer(figure)
        points, margin = data_points(axes), MARGIN_PT * figure.dpi / 72
        boxes = [other.get_tightbbox(draw) for other in avoid]
        for spot in spots:
            legend.set_loc(spot)
            if is_free(legend.get_window_extent(draw), points, axes.bbox, boxes, margin):
                return legend
        needed = (legend.get_window_extent(draw).height + 3 * margin) / axes.bbox.height
        if attempt or needed > MOST_ROOM:
            break
        below = [box for box in boxes if box.y1 < axes.bbox.y0 + 0.6 * axes.bbox.height]
        side = _make_room(axes, needed, points, side="upper" if below else None)
        spots = tuple(spot for spot in LEGEND_SPOTS if spot.startswith(side))
    axes.set_ylim(limits)
    handles, labels = legend.legend_handles, [text.get_text() for text in legend.get_texts()]
    legend.remove()
    options = {k: v for k, v in options.items() if k not in ("loc", "bbox_to_anchor", "ncols", "ncol")}
    columns = 2 if len(labels) > 3 else len(labels)
    if not below_figure:
        draw = renderer(figure)
        drop = (axes.bbox.y0 - axes.get_tightbbox(draw).y0) / figure.dpi + MARGIN_PT / 72  # x label, ticks: inches
        legend = axes.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=columns,
                             bbox_transform=axes.transAxes + ScaledTranslation(0, -drop, figure.dpi_scale_trans),
                             **options)
        if legend.get_window_extent(draw).width <= axes.bbox.width:
            return legend
        legend.remove()  # wider than the axes: under the whole figure
    legend = figure.legend(handles, labels, loc="outside lower center", ncols=columns, **options)
    if columns > 1 and legend.get_window_extent(renderer(figure)).width > figure.bbox.width:
        legend.remove()  # one column, if more are wider than the figure
        legend = figure.legend(handles, labels, loc="outside lower center", ncols=1, **options)
    return legend


def _face_inwards(inset, corner: str) -> None:
    """The inset's tick labels and axis labels on its sides that face the middle of the main axes."""
    vertical, horizontal = corner.split()
    side, edge = ("right" if horizontal == "left" else "left"), ("top" if vertical == "lower" else "bottom")
    inset.yaxis.set_ticks_position(side)
    inset.yaxis.set_label_position(side)
    inset.xaxis.set_ticks_position(edge)
    inset.xaxis.set_label_position(edge)


def _move(axes, inset, corner: str, size, margin: tuple[float, float]) -> None:
    """Put the inset's frame in ``corner`` of ``axes``, ``margin`` (axes fractions) in from the spines."""
    width, height = size
    x = margin[0] if corner.endswith("left") else 1 - margin[0] - width
    y = margin[1] if corner.startswith("lower") else 1 - margin[1] - height
    bounds = Bbox.from_bounds(x, y, width, height)

    def locate(ax, renderer_):  # as Axes.inset_axes places an inset, with bounds we can change
        return TransformedBbox(bounds, axes.transAxes - ax.get_figure(root=False).transSubfigure)

    inset.set_axes_locator(locate)
    _face_inwards(inset, corner)


def _room_needed(axes, inset, draw) -> float:
    """The height (axes fraction) an inset of the smallest size takes with its labels and margins."""
    box = inset.get_tightbbox(draw)
    return (box.height + 4 * MARGIN_PT * axes.get_figure(root=True).dpi / 72) / axes.bbox.height


def _make_room(axes, fraction: float, points: np.ndarray, side: str | None = None) -> str:
    """Widen the y range so that a band of ``fraction`` of the axes below (or above) every data point
    is empty; returns 'lower' or 'upper', the side (``side``, or the one that squeezes the data less)."""
    scale = axes.yaxis.get_transform()
    low, high = scale.transform(np.array(axes.get_ylim(), dtype=float))
    at = axes.transAxes.inverted().transform(points)[:, 1] if len(points) else np.array([0.5])
    bottom, top = low + (high - low) * at.min(), low + (high - low) * at.max()
    new_low = (bottom - fraction * high) / (1 - fraction)   # data start at `fraction` from the bottom
    new_high = (top - fraction * low) / (1 - fraction)      # data end at `fraction` from the top
    if side == "lower" or (side is None and low - new_low <= new_high - high):
        axes.set_ylim(*scale.inverted().transform(np.array([min(low, new_low), high])))
        return "lower"
    axes.set_ylim(*scale.inverted().transform(np.array([low, max(high, new_high)])))
    return "upper"


def place_inset(axes, inset) -> None:
    """Move ``inset`` (an inset axes of ``axes``, already drawn) to a corner where its box holds no
    data of ``axes``; where no corner is free, widen the y range to make room for it."""
    figure = axes.get_figure(root=True)
    corners = INSET_CORNERS
    for _ in range(3):
        draw = renderer(figure)
        points, margin = data_points(axes), MARGIN_PT * figure.dpi / 72
        spine = (3 * margin / axes.bbox.width, 3 * margin / axes.bbox.height)
        for size in INSET_SIZES:
            for corner in corners:
                _move(axes, inset, corner, size, spine)
                if is_free(inset.get_tightbbox(draw), points, axes.bbox, margin=margin):
                    return
        side = _make_room(axes, _room_needed(axes, inset, draw), points)
        corners = tuple(c for c in INSET_CORNERS if c.startswith(side))
    raise RuntimeError("no room for the inset")  # unreachable: the band made above is free


def arrange(axes, inset=None, **legend_options):
    """The inset (if any) on no data, then the legend on no data and not on the inset. Making room for the
    legend moves the data, and a legend under the axes changes the layout: then the inset is placed again
    (and the legend after it) until neither moves. Returns the legend."""
    for _ in range(3):
        if inset is not None:
            place_inset(axes, inset)
        limits = axes.get_ylim()
        legend = place_legend(axes, avoid=[inset] if inset is not None else [], **legend_options)
        if inset is None:
            return legend
        if not legend.get_window_extent(renderer(axes.get_figure(root=True))).overlaps(axes.bbox):
            place_inset(axes, inset)  # the legend went under the axes, which shrank
            return legend
        if axes.get_ylim() == limits:
            return legend
    return legend


__all__ = ["LEGEND_SPOTS", "INSET_CORNERS", "INSET_SIZES", "MARGIN_PT", "data_points", "is_free", "place_legend",
           "place_inset", "arrange", "renderer"]
