"""Shared look of every figure: sizes, palette, labels from the datasets, the notes panel, saving.

Publication defaults: PDFs embed TrueType fonts (fonttype 42), a colour-blind-safe palette
(Okabe & Ito), no minor tick labels where they would collide, constrained layout, and a
notes panel beside the plot that a figure's ``style.notes: false`` leaves out.
"""

from __future__ import annotations

import logging
import os
import re
import textwrap
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure  # noqa: F401  (figure modules build on it)
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from ..io import WriteError
from . import STYLE_DEFAULTS, facts, placement

logger = logging.getLogger(__name__)

#: The smallest type on a figure (points): notes, legends, sketches, insets, tick labels.
SMALLEST_PT = 7.0

#: Okabe & Ito's colour-blind-safe palette (black last: it is kept for references).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")

#: Continuous colour map for many curves or maps: perceptually uniform and colour-blind safe.
COLOUR_MAP = "viridis"

#: Above this many curves a figure colours them by their parameter and draws a colour bar.
MAX_LEGEND_CURVES = 8

LINESTYLES = ("-", "--", ":", "-.")

#: Colours of the materials in sketches.
MATERIAL_COLOURS = {"SiC": "#0072B2", "Au": "#E69F00", "InSb": "#CC79A7", "InSb-ZhuFan": "#56B4E9"}

#: Short symbols for axis labels; the long names stay in the files.
SYMBOLS = {
    "drag_resistance": "drag resistance $R_D$",
    "delta_T_passive": r"$\Delta T_p$",
    "J": "driving power $J$",
    "conductance": "conductance $G$",
    "supercurrent": r"supercurrent $\varphi$",
    "supercurrent_spectrum": r"$\mathcal{T}_{i\to j} - \mathcal{T}_{j\to i}$",
    "transmission": r"transmission $\mathcal{T}$",
    "h": "$h$, centre to centre",
    "d": "$d$, centre to centre",
    "temperature": "temperature $T$",
    "hall_temperature": r"Hall temperature difference $\Delta T_H$",
    "relative_hall_temperature": r"relative Hall temperature $\Delta T_H/(T_{hot} - T_{cold})$",
    "thermal_resistance": "thermal resistance $R$",
    "magnetoresistance": "magnetoresistance $(R(B) - R(0))/R(0)$",
    "relaxation_temperature": "temperature $T$",
    "steady_state_temperature": "steady-state temperature $T$",
}

#: Said on every figure that shows transmissions, conductances or powers.
NORMALISATION_NOTE = "Normalisation: Domingues 2005 two-dipole limit (docs/theory.md); the paper's eq. 2 is 3\u00d7 smaller."


def merged(style: dict, **defaults) -> dict:
    """A figure's style over the kind's ``defaults`` over :data:`STYLE_DEFAULTS`."""
    return {**STYLE_DEFAULTS, **defaults, **style}


def new_figure(style: dict, *, side: bool = True):
    """(figure, main axes, sketch axes or None, notes axes or None).

    With ``side`` and ``style['notes']`` the plot takes the left of the figure and a geometry
    sketch above the notes sits on the right.
    """
    figure = Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    if not (side and style.get("notes", True)):
        return figure, figure.add_subplot(), None, None
    grid = figure.add_gridspec(2, 2, width_ratios=[2.5, 1.3], height_ratios=[1.0, 2.2])
    axes = figure.add_subplot(grid[:, 0])
    sketch, notes = figure.add_subplot(grid[0, 1]), figure.add_subplot(grid[1, 1])
    for ax in (sketch, notes):
        ax.set_axis_off()
    return figure, axes, sketch, notes


def wrap(text, lines, width_px: float, draw, bullet: str = "") -> None:
    """Set ``text`` (a Text artist) to ``lines`` wrapped so that it is at most ``width_px`` wide."""
    def fill(chars: int) -> str:
        indent = " " * (2 if bullet else 0)
        return "\n".join(textwrap.fill(line, chars, initial_indent=bullet, subsequent_indent=indent)
                         for line in lines if line)

    chars = max(8, int(width_px / (0.5 * text.get_fontsize() * text.get_figure(root=True).dpi / 72)))
    text.set_text(fill(chars))
    while chars > 8 and text.get_window_extent(draw).width > width_px:
        chars -= 2
        text.set_text(fill(chars))


#: The last note of a figure too small for its notes (the log lists those left out).
CUT_NOTE = "More notes than fit at this size: the figure's log lists them."


def write_notes(ax, lines, optional=()) -> None:
    """Notes in the side panel at :data:`SMALLEST_PT`, wrapped to its width, from its top down to the
    figure's bottom edge at most (nothing when the panel is off). Lines in ``optional`` are left out,
    last first, while the notes are too long; if they still are, the last ones are, the notes end by
    saying so and the log lists them."""
    if ax is None:
        return
    figure = ax.get_figure(root=True)
    draw = placement.renderer(figure)
    panel = ax.get_window_extent(draw)
    text = ax.text(0.0, 1.0, "", transform=ax.transAxes, va="top", ha="left", fontsize=SMALLEST_PT, linespacing=1.2)
    text.set_in_layout(False)  # the panel is sized by the grid, not by its text
    shown = [line for line in lines if line]
    bottom = figure.bbox.y0 + 2 * figure.dpi / 72  # below the panel is free: the grid aligns it with the plot
    for legend in figure.legends:  # but for a legend under the whole figure
        box = legend.get_window_extent(draw)
        if box.x1 > panel.x0 and box.x0 < panel.x1:
            bottom = max(bottom, box.y1 + 2 * figure.dpi / 72)
    cut = False
    while True:
        wrap(text, shown + ([CUT_NOTE] if cut else []), panel.width, draw, bullet="\u2022 ")
        if text.get_window_extent(draw).y0 >= bottom or not shown:
            break
        dropped = [line for line in shown if line in optional]
        cut = cut or not dropped
        shown.remove(dropped[-1] if dropped else shown[-1])
    if cut:
        logger.warning("the notes do not fit beside the figure at %g pt (make it larger with style.width_in and "
                       "height_in); left out: %s", SMALLEST_PT, " | ".join(l for l in lines if l and l not in shown))


def label(variable, units: str | None = None, name: str | None = None) -> str:
    """'symbol (units)' from a variable's name and attributes (its long_name when no symbol is known);
    a remark in parentheses in the long name becomes a clause, so that only the units are in parentheses."""
    units = units if units is not None else variable.attrs.get("units", "")
    key = name or str(variable.name)
    text = SYMBOLS.get(key, plain_clause(variable.attrs.get("long_name", key)))
    text = f"{text} ({units})" if units and units != "1" else str(text)
    return text if "$" in text or len(text) <= 45 else textwrap.fill(text, 45)


def plain_clause(text: str) -> str:
    """'magnetic field B along z, physical sign' for 'magnetic field B along z (physical sign)'."""
    return re.sub(r"\s*\(([^()]*)\)", r", \1", str(text))


#: Symbols of magnitudes, for quantities drawn as |value| on a log axis.
MAGNITUDE_SYMBOLS = {"drag_resistance": "drag resistance $|R_D|$", "delta_T_passive": r"$|\Delta T_p|$",
                     "supercurrent": r"$|\varphi|$", "conductance": "conductance $|G|$"}


def magnitude_label(variable) -> str:
    """'|symbol| (units)' for a quantity drawn as its magnitude on a log axis."""
    units = variable.attrs.get("units", "")
    text = MAGNITUDE_SYMBOLS.get(str(variable.name), f"|{variable.attrs.get('long_name', variable.name)}|")
    return f"{text} ({units})" if units and units != "1" else text


def display(coordinate) -> tuple[np.ndarray, str, str]:
    """(values, units, axis label) of a coordinate as a figure shows it: lengths in nm, others as stored."""
    units = coordinate.attrs.get("units", "")
    values = np.asarray(coordinate.values, dtype=float)
    shown = units
    if units == "m":
        values, shown = values / 1e-9, "nm"
    name = str(coordinate.name)
    text = SYMBOLS.get(name, plain_clause(coordinate.attrs.get("long_name", name)))
    if name not in SYMBOLS and units == "m":
        text = f"${name}$" if len(name) == 1 else name.replace("_", " ")
        text += ", centre to centre" if "distance" in coordinate.attrs.get("long_name", "") else ""
    return values, shown, f"{text} ({shown})" if shown and shown != "1" else text


def set_scale(axes, which: str, scale: str, values=None) -> None:
    """Set an axis scale; a symmetric-log axis is linear within the smallest non-zero |value| shown."""
    setter = axes.set_xscale if which == "x" else axes.set_yscale
    if scale != "symlog":
        setter(scale)
        return
    magnitudes = np.abs(np.concatenate([np.ravel(v) for v in values])) if values else np.array([])
    magnitudes = magnitudes[np.isfinite(magnitudes) & (magnitudes > 0)]
    setter("symlog", linthresh=float(magnitudes.min()) if magnitudes.size else 1.0)


def tick_text(value: float, _=None) -> str:
    """A tick label: plain from 0.001 to 99999 (3.5, 200, 10000), else as a power of ten (3.65×10^14)."""
    if value == 0 or not np.isfinite(value):
        return "0" if value == 0 else ""
    exponent = int(np.floor(np.log10(abs(value)) + 1e-9))
    if -3 <= exponent < 5:
        return f"{value:.6g}"
    mantissa = f"{value / 10 ** exponent:.3g}"
    return f"$10^{{{exponent}}}$" if mantissa == "1" else f"${mantissa}\\times10^{{{exponent}}}$"


def log_ticks(axis, low: float, high: float) -> None:
    """Major ticks of a log axis: decades, or 1-2-5 steps (1-1.5-2-3-5-7 within a decade) with plain labels
    when it spans under two decades."""
    if low > 0 and high / low < 100:
        axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if high / low >= 10 else (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)))
        axis.set_major_formatter(FuncFormatter(tick_text))
    else:
        axis.set_major_locator(LogLocator(numticks=6))
    axis.set_minor_formatter(NullFormatter())


#: Steps of linear ticks: 1-2-2.5-5 times a power of ten, so that a sweep from -4 to 4 is ticked at ±4.
LINEAR_STEPS = (1, 2, 2.5, 5, 10)


def tidy(axes, small: bool = False) -> None:
    """Ticks that never collide: few major ticks, no minor labels, 1-2-5 labels on short log axes,
    linear ticks in steps of 1, 2, 2.5 or 5 (never 1.5 or 3) that reach round ends of the data.
    ``small`` (an inset): at most four decades or three linear steps."""
    for axis, scale, limits in ((axes.xaxis, axes.get_xscale(), axes.get_xlim()),
                                (axes.yaxis, axes.get_yscale(), axes.get_ylim())):
        if scale == "log" and small and min(limits) > 0 and max(limits) / min(limits) > 30:
            axis.set_major_locator(LogLocator(numticks=4))
            axis.set_minor_formatter(NullFormatter())
        elif scale == "log":
            log_ticks(axis, min(limits), max(limits))
        elif scale == "linear":
            axis.set_major_locator(MaxNLocator(nbins=3 if small else 6, steps=LINEAR_STEPS))


def colours(n: int) -> list:
    """n distinct colours: the palette, or evenly spaced colours of the colour map when n exceeds it."""
    if n <= len(PALETTE):
        return list(PALETTE[:n])
    return [matplotlib.colormaps[COLOUR_MAP](x) for x in np.linspace(0.0, 0.92, n)]


def save(figure: Figure, *paths) -> None:
    """Write a figure to each path (format from the suffix) atomically, TrueType fonts, no time stamps.

    Each file is written beside its target and renamed over it when complete, so a killed job
    never leaves a truncated figure under the figure's name.
    """
    with matplotlib.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42}):
        for path in paths:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.partial")
            metadata = {"CreationDate": None} if path.suffix == ".pdf" else {"Software": None}
            try:
                figure.savefig(partial, metadata=metadata, format=path.suffix.lstrip("."))
                os.replace(partial, path)
            except OSError as error:  # a full disk names the figure, as the NetCDF writer does
                raise WriteError(path, error) from error
            finally:
                partial.unlink(missing_ok=True)


def shade(axes, x: np.ndarray, flagged: np.ndarray, text: str | None) -> None:
    """Shade the stretches of x where ``flagged`` holds (half-way to the neighbouring samples)."""
    x = np.asarray(x, dtype=float)
    if not flagged.any() or x.size < 2:
        return
    order = np.argsort(x)
    x, flagged = x[order], flagged[order]
    log = np.all(x > 0)
    mid = np.sqrt(x[1:] * x[:-1]) if log else (x[1:] + x[:-1]) / 2
    edges = np.concatenate([[x[0] / 1.05 if log else x[0]], mid, [x[-1] * 1.05 if log else x[-1]]])
    first = True
    for k in np.flatnonzero(flagged):
        axes.axvspan(edges[k], edges[k + 1], color="0.9", zorder=0, linewidth=0, label=text if first else None)
        first = False


def top_axis_in_radii(axes, radius_nm: float, name: str) -> None:
    """A second x axis on top: the swept length in units of the (common) radius."""
    top = axes.secondary_xaxis("top", functions=(lambda x: x / radius_nm, lambda x: x * radius_nm))
    top.set_xlabel(f"{name}/R" if len(name) > 1 else f"${name}/R$", fontsize="small")
    top.tick_params(labelsize="small")
    if axes.get_xscale() == "log":
        low, high = axes.get_xlim()
        log_ticks(top.xaxis, low / radius_nm, high / radius_nm)
    top.xaxis.set_minor_formatter(NullFormatter())


def shade_too_close(axes, curves_, datasets, dim, lines=None) -> None:
    """Shade where some pair of a dipole model's file, whose distance changes along ``dim``, is closer than 3R (each
    file along its own curves' x, ``curves_``); say in ``lines`` which pairs are too close at every point (a dimer in
    contact, say) and, for files of exact multipoles (no band: they hold at any distance), the order they used."""
    spans, label = [], "some pair closer than 3R: dipole model not valid"
    for name, dataset in datasets.items():
        if not facts.dipole_model(dataset):
            label = "some pair closer than 3R: dipole models not valid"
            if lines is not None:
                lines.append(facts.order_note(name, dataset))
            continue
        x = next((c.x for c in curves_ if c.source == name), None)
        if x is None or dataset.sizes.get(dim, 0) != np.size(x) or "position" not in dataset:
            continue  # a selection of the sweep, or no sweep: nothing to shade along x
        varying, always = facts.too_close(dataset, dim)
        spans.append((x, varying))
        if always and lines is not None:
            pairs = ", ".join(f"({a}, {b})" for a, b in always[:6]) + (" ..." if len(always) > 6 else "")
            lines.append(f"{name}: pair(s) {pairs} closer than 3R at every {dim}: outside the dipole model's "
                         "validity throughout.")
    for x, flagged in spans:
        shade(axes, x, flagged, label)
        label = None if flagged.any() else label

