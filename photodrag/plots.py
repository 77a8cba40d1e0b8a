"""Basic figures of the workflow's results, labelled from the NetCDF attributes.

Each figure kind is a function ``kind(datasets, **style) -> matplotlib Figure`` that
takes the datasets it shows (a dict name -> xarray.Dataset, in the order given) and
the figure's ``style`` from the config (sizes in inches, dpi, axis scales). Lengths
are shown in nm, wavelengths in µm, everything else in the units stored in the files.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.colors import LogNorm
from matplotlib.ticker import LogLocator, NullFormatter
from matplotlib.figure import Figure
from scipy import constants

#: Default style; a figure's config ``style`` overrides any of these.
STYLE = {"width_in": 6.0, "height_in": 4.0, "dpi": 150, "xscale": "log", "yscale": "linear", "pair": [0, 1]}


LINESTYLES = ("-", "--", ":", "-.")

#: Short symbols for axis labels; the long names stay in the files and the captions.
SYMBOLS = {
    "drag_resistance": "drag resistance $R_D$",
    "delta_T_passive": r"$\Delta T_p$",
    "conductance": "conductance $G$",
    "supercurrent_spectrum": r"$\mathcal{T}_{i\to j} - \mathcal{T}_{j\to i}$",
    "h": "$h$, centre to centre",
    "B": "$B$ along $z$",
    "d": "$d$, centre to centre",
}


#: Symbols of magnitudes, for quantities drawn as |value| on a log axis.
ABS_SYMBOLS = {"drag_resistance": "drag resistance $|R_D|$", "delta_T_passive": r"$|\Delta T_p|$"}


def abs_label(variable: xr.DataArray) -> str:
    """'|symbol| (units)' for a quantity drawn as its magnitude."""
    units = variable.attrs.get("units", "")
    name = ABS_SYMBOLS.get(str(variable.name), f"|{variable.attrs.get('long_name', variable.name)}|")
    return f"{name} ({units})" if units and units != "1" else name


def label(variable: xr.DataArray, units: str | None = None) -> str:
    """'symbol (units)' from a variable's name and attributes (its long_name when no symbol is known)."""
    units = units or variable.attrs.get("units", "")
    name = SYMBOLS.get(str(variable.name), variable.attrs.get("long_name", variable.name))
    return f"{name} ({units})" if units and units != "1" else str(name)


def _figure(style: dict) -> tuple[Figure, object]:
    figure = Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    return figure, figure.add_subplot()


def _sweep_nm(dataset: xr.Dataset, variable: str) -> tuple[str, np.ndarray]:
    """The (single) sweep dimension of a variable and its values in nm."""
    dims = [d for d in dataset[variable].dims if d not in ("emitter", "absorber", "temperature", "omega")]
    if len(dims) != 1:
        raise ValueError(f"{variable} should vary along one sweep dimension to be plotted, it has {dims}")
    return dims[0], dataset[dims[0]].values / 1e-9


def _set_yscale(axes, scale: str, values: list[np.ndarray]) -> None:
    """Set the y scale; a symmetric-log axis is linear within the smallest non-zero |value| shown."""
    if scale != "symlog":
        axes.set_yscale(scale)
        return
    magnitudes = np.abs(np.concatenate([np.ravel(v) for v in values]))
    magnitudes = magnitudes[magnitudes > 0]
    axes.set_yscale("symlog", linthresh=float(magnitudes.min()) if magnitudes.size else 1.0)


#: Colours of the materials in geometry sketches.
MATERIAL_COLOURS = {"SiC": "#4c72b0", "Au": "#d4a017", "InSb": "#8172b2", "InSb-ZhuFan": "#64b5cd"}

#: Said on every figure that shows transmissions or conductances (physics.md).
NORMALISATION_NOTE = ("Normalisation: physics.md (Domingues 2005 two-dipole limit); the paper's eq. 2 is "
                      "3\u00d7 smaller (conductances, $\\mathcal{T}$, \u03c6; R_D 3\u00d7 larger).")

DELTA_T = "\u0394T_p"

#: Validity of the dipole model: centre distances below this many radii are shaded or flagged.
VALID_CENTRE_DISTANCE_R = 3.0


def _radius(dataset: xr.Dataset) -> float:
    """The particle radius in m (the first particle's; the paper's systems have one radius)."""
    return float(np.ravel(dataset["radius"].values)[0])


def _first_point(variable: xr.DataArray) -> xr.DataArray:
    """A variable at the first point of every sweep dimension."""
    return variable.isel({d: 0 for d in variable.dims if d not in ("particle", "xyz")})


def _positions(dataset: xr.Dataset) -> np.ndarray:
    """Particle centres (particle, xyz) in m at the first sweep point."""
    return _first_point(dataset["position"]).values


def _materials(dataset: xr.Dataset) -> list[str]:
    return [str(m) for m in np.ravel(dataset["material"].values)]


def _pair_role(positions: np.ndarray, i: int, j: int, tol: float = 1e-12) -> str:
    """'same row' (same z), 'facing' (same x and y) or 'diagonal' for two rows along x displaced in z."""
    delta = np.abs(positions[i] - positions[j])
    if delta[2] < tol:
        return "same row"
    if delta[0] < tol and delta[1] < tol:
        return "facing"
    return "diagonal"


def _row_distance(dataset: xr.Dataset) -> float:
    """The centre distance between particles 0 and 1 (a dimer's d), in m."""
    positions = _positions(dataset)
    return float(np.linalg.norm(positions[1] - positions[0]))


def _side_panel(figure: Figure, main_width: float = 3.0):
    """(main axes, sketch axes, text axes): the plot on the left, a geometry sketch and notes on the right."""
    grid = figure.add_gridspec(2, 2, width_ratios=[main_width, 1.0], height_ratios=[1.0, 1.6])
    axes = figure.add_subplot(grid[:, 0])
    sketch = figure.add_subplot(grid[0, 1])
    notes = figure.add_subplot(grid[1, 1])
    for ax in (sketch, notes):
        ax.set_axis_off()
    return axes, sketch, notes


def _write_notes(ax, lines: list[str], width: int = 34) -> None:
    """Wrapped notes, top-aligned, in the side panel."""
    import textwrap

    text = "\n".join(textwrap.fill(line, width, initial_indent="\u2022 ", subsequent_indent="  ") for line in lines)
    ax.text(0.0, 1.0, text, transform=ax.transAxes, va="top", ha="left", fontsize=6.5, linespacing=1.25)


def _sketch_rows(ax, dataset: xr.Dataset) -> None:
    """Two rows (dimers) seen from the side: circles coloured by material, numbered 1..N as in the paper."""
    from matplotlib.patches import Circle

    R = _radius(dataset)
    positions = _positions(dataset) / R
    materials = _materials(dataset)
    n = len(materials) // 2
    # draw the rows 5R apart whatever h is: the sketch shows order and d, not h
    z_draw = np.where(positions[:, 2] > positions[:, 2].min() + 1e-9, 5.0, 0.0)
    for k, (x, z, name) in enumerate(zip(positions[:, 0], z_draw, materials)):
        ax.add_patch(Circle((x, z), 1.0, facecolor=MATERIAL_COLOURS.get(name, "0.6"), edgecolor="k", linewidth=0.6))
        ax.text(x, z, f"{k + 1}", ha="center", va="center", fontsize=7, color="white", fontweight="bold")
        ax.text(x, z + (1.45 if z > 0 else -1.45), name, ha="center", va="bottom" if z > 0 else "top", fontsize=6)
    d = positions[1, 0] - positions[0, 0] if n > 1 else 0.0
    if n > 1:
        ax.annotate("", xy=(positions[1, 0], 2.3), xytext=(positions[0, 0], 2.3),
                    arrowprops={"arrowstyle": "<->", "linewidth": 0.6})
        ax.text((positions[0, 0] + positions[1, 0]) / 2, 2.5, f"d = {d:g}R", ha="center", va="bottom", fontsize=6.5)
    ax.annotate("", xy=(positions[0, 0] - 1.8, 5.0), xytext=(positions[0, 0] - 1.8, 0.0),
                arrowprops={"arrowstyle": "<->", "linewidth": 0.6})
    ax.text(positions[0, 0] - 2.1, 2.5, "h", ha="right", va="center", fontsize=7)
    ax.set_xlim(positions[:, 0].min() - 3.2, positions[:, 0].max() + 1.8)
    ax.set_ylim(-3.0, 8.0)
    ax.set_aspect("equal")
    ax.set_title("drive row (bottom), passive row (top)", fontsize=6)


def _sketch_rings(ax, dataset: xr.Dataset) -> None:
    """One ring seen along its axis (B out of the page), particles numbered as in the files (1-based)."""
    from matplotlib.patches import Circle

    R = _radius(dataset)
    positions = _positions(dataset) / R
    materials = _materials(dataset)
    ring = positions[:, 2] < positions[:, 2].min() + 1e-9
    for k in np.flatnonzero(ring):
        x, y = positions[k, 0], positions[k, 1]
        ax.add_patch(Circle((x, y), 1.0, facecolor=MATERIAL_COLOURS.get(materials[k], "0.6"), edgecolor="k",
                            linewidth=0.6))
        ax.text(x, y, f"{k + 1}", ha="center", va="center", fontsize=7, color="white", fontweight="bold")
    rho = float(np.hypot(positions[0, 0], positions[0, 1]))
    ax.add_patch(Circle((0, 0), rho, fill=False, linestyle=":", linewidth=0.6))
    ax.plot([0], [0], marker="o", markersize=5, markerfacecolor="white", markeredgecolor="k")
    ax.plot([0], [0], marker=".", markersize=2, color="k")
    ax.text(0, -0.6, "B", ha="center", va="top", fontsize=6.5)
    limit = rho + 1.6
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.set_title("one ring along the axis (B out of page);\nthe other ring h above it", fontsize=6)


def _top_axis_in_R(axes, R_nm: float, what: str = "h") -> None:
    """A second x axis on top in units of the radius."""
    top = axes.secondary_xaxis("top", functions=(lambda x: x / R_nm, lambda x: x * R_nm))
    top.set_xlabel(f"${what}/R$", fontsize="small")
    top.tick_params(labelsize="small")
    top.xaxis.set_minor_formatter(NullFormatter())  # short ranges would label every minor tick


def _shade_invalid(axes, x_nm: np.ndarray, R_nm: float, label: bool = True) -> None:
    """Shade h < 3R, where facing particles are closer than the dipole model's validity."""
    bound = VALID_CENTRE_DISTANCE_R * R_nm
    if x_nm.min() < bound:
        axes.axvspan(x_nm.min() / 1.05, bound, color="0.9", zorder=0,
                     label="$h < 3R$: dipole model not valid" if label else None)


def sign_changes(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Where y changes sign, x interpolated linearly in (log x, y) between the samples that bracket it."""
    out = []
    for k in np.flatnonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0):
        lx = np.log(x[k:k + 2])
        out.append(float(np.exp(lx[0] - y[k] * (lx[1] - lx[0]) / (y[k + 1] - y[k]))))
    return out


def describe_sign(name: str, x_R: np.ndarray, y: np.ndarray) -> str:
    """'R_D > 0 at every h, falling monotonically' and the like, from the values."""
    if np.all(y > 0):
        trend = "falling monotonically" if np.all(np.diff(y) < 0) else "not monotonic"
        return f"{name} > 0 at every h, {trend}"
    if np.all(y < 0):
        return f"{name} < 0 at every h"
    changes = ", ".join(f"{c:.2g}R" for c in sign_changes(x_R, y))
    first = ">" if y[0] > 0 else "<"
    return f"{name} {first} 0 at h = {x_R[0]:.3g}R, sign changes at h \u2248 {changes}"


#: Claims of the paper a drag figure checks against each curve: (text, test of (h/R, R_D, ΔT_p)).
CLAIMS = {
    "positive_decreasing": ("paper: R_D > 0, decaying monotonically with h",
                            lambda x, rd, dt: bool(np.all(rd > 0) and np.all(np.diff(rd) < 0))),
    "sign_change": ("paper: R_D, \u0394T_p < 0 beyond the near field (positive in it)",
                    lambda x, rd, dt: bool(dt[0] > 0 and np.any(dt < 0) and np.all(rd * dt > 0))),
}


def _signed_log_plot(axes, x, y, colour, label, marker="o", markersize=3.5, linestyle="-"):
    """|y| on a log axis: filled markers where y > 0, open where y < 0."""
    axes.plot(x, np.abs(y), color=colour, linestyle=linestyle, linewidth=1.0, label=label)
    positive = y > 0
    axes.plot(x[positive], np.abs(y[positive]), linestyle="none", marker=marker, markersize=markersize, color=colour)
    axes.plot(x[~positive], np.abs(y[~positive]), linestyle="none", marker=marker, markersize=markersize,
              markerfacecolor="white", markeredgecolor=colour)


def drag(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """Drag resistance R_D versus the swept distance h, one curve per study; inset: ΔT_p.

    With ``yscale: log`` (the default for these figures) |R_D| and |ΔT_p| are drawn, filled
    markers where positive and open where negative, and each sign change is marked. A side
    panel sketches the geometry and says, per curve, whether the paper's claim
    (``style['claim']``, a key of :data:`CLAIMS`) holds.
    """
    style = {**STYLE, **style}
    figure = Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    axes, sketch, notes = _side_panel(figure)
    inset = axes.inset_axes([0.1, 0.09, 0.36, 0.36])  # lower left: empty for curves falling with h
    signed_log = style["yscale"] == "log"
    claim = CLAIMS.get(style.get("claim", ""))
    lines = []
    for k, (name, dataset) in enumerate(datasets.items()):
        colour = f"C{k}"
        dim, x = _sweep_nm(dataset, "drag_resistance")
        R_nm = _radius(dataset) / 1e-9
        d_R = _row_distance(dataset) / _radius(dataset)
        rd, dt = dataset["drag_resistance"].values, dataset["delta_T_passive"].values
        touching = " (touching)" if d_R <= 2.0 + 1e-9 else ""
        legend = f"d = {d_R:g}R{touching}"
        if signed_log:
            _signed_log_plot(axes, x, rd, colour, legend)
            _signed_log_plot(inset, x, dt, colour, None, markersize=2)
        else:
            axes.plot(x, rd, color=colour, marker="o", markersize=3, label=legend)
            inset.plot(x, dt, color=colour, marker=".", markersize=2)
        for change in sign_changes(x, dt):
            for ax in (axes, inset):
                ax.axvline(change, color=colour, linestyle=":", linewidth=0.8)
        x_R = x / R_nm
        verdict = ""
        if claim is not None:
            verdict = " \u2192 reproduces the paper" if claim[1](x_R, rd, dt) else " \u2192 does not reproduce the paper"
        if np.all(rd * dt > 0):  # J > 0: R_D and ΔT_p share their sign
            facts = describe_sign(f"R_D, {DELTA_T}", x_R, rd)
        else:
            facts = f"{describe_sign('R_D', x_R, rd)}; {describe_sign(DELTA_T, x_R, dt)}"
        lines.append(f"d = {d_R:g}R{touching}: {facts}{verdict}.")
        if d_R < VALID_CENTRE_DISTANCE_R:
            lines.append(f"d = {d_R:g}R is closer than 3R at every h: outside the dipole model's validity.")
        axes.set_xlabel(label(dataset[dim], "nm"))
        axes.set_ylabel(abs_label(dataset["drag_resistance"]) if signed_log else label(dataset["drag_resistance"]))
        inset.set_ylabel(abs_label(dataset["delta_T_passive"]) if signed_log else label(dataset["delta_T_passive"]),
                         fontsize="x-small", labelpad=1)
    first = next(iter(datasets.values()))
    R_nm = _radius(first) / 1e-9
    _, x = _sweep_nm(first, "drag_resistance")
    _shade_invalid(axes, x, R_nm)
    _shade_invalid(inset, x, R_nm, label=False)
    for ax in (axes, inset):
        ax.set_xscale(style["xscale"])
    if not signed_log:
        axes.axhline(0.0, color="0.6", linewidth=0.6)
        _set_yscale(axes, style["yscale"], [d["drag_resistance"].values for d in datasets.values()])
    else:
        axes.set_yscale("log")
        inset.set_yscale("log")
        inset.yaxis.set_major_locator(LogLocator(numticks=5))
        axes.plot([], [], "ko", markersize=3.5, label="> 0")
        axes.plot([], [], "o", markersize=3.5, markerfacecolor="white", markeredgecolor="k", label="< 0")
    inset.tick_params(labelsize="x-small")
    inset.xaxis.set_minor_formatter(NullFormatter())
    inset.set_xlabel("h (nm)", fontsize="x-small")
    _top_axis_in_R(axes, R_nm)
    axes.legend(loc="upper right", fontsize="x-small")
    _sketch_rows(sketch, first)
    temperatures = first["drag_temperature"].isel({d: 0 for d in first["drag_temperature"].dims if d != "particle"})
    config = first.attrs.get("config")
    drag_config = json.loads(config).get("drag", {}) if isinstance(config, str) else {}
    bath = drag_config.get("bath_K")
    header = [f"R = {R_nm:g} nm; T1 = {float(temperatures[0]):g} K, T2 = {float(temperatures[1]):g} K "
              f"(thermostats); 3, 4 free; {drag_config.get('method', 'linear')} model, "
              + ("no bath." if bath is None else f"bath at {bath:g} K."),
              "All distances centre to centre. \u0394T_p = T3 \u2212 T4; J = \u03c6_2 \u2212 \u03c6_1 "
              "(paper eq. 13, twice the heat from 1 to 2); R_D = \u0394T_p/J."]
    if claim is not None:
        header.append(claim[0] + ".")
    _write_notes(notes, header + lines + [NORMALISATION_NOTE])
    return figure


def conductance(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """Every pair conductance G_ij (i < j, numbered from 1) versus the swept distance, at the first temperature.

    Pairs are named by material and by their place in two rows (same row, facing,
    diagonal); line styles cycle so that equal conductances stay visible.
    """
    style = {**STYLE, **style}
    figure = Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    axes, sketch, notes = _side_panel(figure)
    lines = []
    for name, dataset in datasets.items():
        G = dataset["conductance"].isel(temperature=0)
        dim, x = _sweep_nm(dataset, "conductance")
        n = G.sizes["emitter"]
        positions, materials = _positions(dataset), _materials(dataset)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        curves, shown = {}, []
        for i, j in pairs:
            curves[(i, j)] = (_pair_role(positions, i, j), G.isel(emitter=i, absorber=j).values)
        for i, j in pairs:  # equal conductances (by symmetry) share one curve and one legend entry
            role, values = curves[(i, j)]
            if any(np.allclose(values, curves[p][1], rtol=1e-9, atol=0) for p in shown):
                continue
            twins = [p for p in pairs if p != (i, j) and np.allclose(values, curves[p][1], rtol=1e-9, atol=0)]
            shown.append((i, j))
            k = len(shown) - 1
            names = " = ".join(f"G_{{{a + 1}{b + 1}}}" for a, b in [(i, j), *twins])
            kinds = ", ".join(sorted({f"{materials[a]}\u2013{materials[b]}" for a, b in [(i, j), *twins]}))
            prefix = f"{name}: " if len(datasets) > 1 else ""
            axes.plot(x, np.abs(values), linestyle=LINESTYLES[k % len(LINESTYLES)], color=f"C{k}",
                      label=f"{prefix}${names}$ {kinds}, {role}")
        axes.set_xlabel(label(dataset[dim], "nm"))
        axes.set_ylabel(f"|{label(G)}| at {float(G['temperature']):g} K")
        diagonal = [v for role, v in curves.values() if role == "diagonal"]
        facing = [v for role, v in curves.values() if role == "facing"]
        if diagonal and facing:
            beats = np.max(diagonal, axis=0) > np.max(facing, axis=0)
            R_nm = _radius(dataset) / 1e-9
            if beats.any():
                since = x[np.flatnonzero(beats)[0]] / R_nm
                always = bool(beats[np.flatnonzero(beats)[0]:].all())
                lines.append(f"The strongest diagonal conductance exceeds both facing ones from h = {since:.3g}R"
                             + (" on." if always else " (not at every larger h)."))
            else:
                lines.append("The facing conductances exceed the diagonal ones at every h.")
        if n == 4:  # two dimers: T3 - T4 has the sign of G13 G24 - G14 G23 (paper eq. 12)
            product = (G.isel(emitter=0, absorber=2) * G.isel(emitter=1, absorber=3)
                       - G.isel(emitter=0, absorber=3) * G.isel(emitter=1, absorber=2)).values
            lines.append("T3 \u2212 T4 has the sign of G13\u00b7G24 \u2212 G14\u00b7G23 (paper eq. 12): "
                         + describe_sign("it", x / (_radius(dataset) / 1e-9), product) + ".")
    first = next(iter(datasets.values()))
    R_nm = _radius(first) / 1e-9
    _, x = _sweep_nm(first, "conductance")
    _shade_invalid(axes, x, R_nm)
    axes.set_xscale(style["xscale"])
    axes.set_yscale(style["yscale"])
    _top_axis_in_R(axes, R_nm)
    axes.legend(fontsize="x-small", loc="lower left")
    _sketch_rows(sketch, first)
    _write_notes(notes, [f"R = {R_nm:g} nm; all distances centre to centre. G_ij = \u222b d\u03c9/2\u03c0 "
                         "\u2202\u0398/\u2202T $\\mathcal{T}_{i\\to j}$ (W/K), symmetric at B = 0."]
                 + lines + [NORMALISATION_NOTE])
    return figure


def _wavelength_um(omega: np.ndarray) -> np.ndarray:
    return 2 * np.pi * constants.c / omega / 1e-6


def width_um(wavelength_um: np.ndarray, spectrum: np.ndarray, fraction: float = 0.05) -> tuple[float, float]:
    """The wavelength span (µm) where |spectrum| exceeds ``fraction`` of its largest value."""
    large = np.abs(spectrum) >= fraction * np.abs(spectrum).max()
    return float(wavelength_um[large].min()), float(wavelength_um[large].max())


def supercurrent_spectrum(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """𝒯_{i→j} − 𝒯_{j→i} versus wavelength (µm) for the pair ``style['pair']``, per study and sweep point.

    ``style['h_nm']`` keeps only those values of a swept h. A field map among the datasets
    (kind field_map's files) becomes an inset: one sphere's absorption summed over the two
    circular polarisations in the (λ, B) plane. Curves at a negative field are dotted.
    """
    style = {**STYLE, "xscale": "linear", **style}
    i, j = style["pair"]
    figure = Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    axes, sketch, notes = _side_panel(figure)
    studies = {n: d for n, d in datasets.items() if "supercurrent_spectrum" in d}
    maps = {n: d for n, d in datasets.items() if "absorption_cross_section" in d}
    lines, spans, k = [], [], 0
    by_field, colour_of = {}, {}
    for name, dataset in studies.items():
        spectrum = dataset["supercurrent_spectrum"].isel(emitter=i, absorber=j)
        wavelength = _wavelength_um(dataset["omega"].values)
        R = _radius(dataset)
        Bz = float(dataset["magnetic_field"].values[2]) if "magnetic_field" in dataset else 0.0
        sweep = [d for d in spectrum.dims if d != "omega"]
        for index in np.ndindex(*(spectrum.sizes[d] for d in sweep)):
            point = dict(zip(sweep, index))
            where = {d: float(dataset[d][p]) for d, p in point.items()}
            if "h_nm" in style and "h" in where and not np.any(np.isclose(where["h"] / 1e-9, style["h_nm"])):
                continue
            values = spectrum.isel(point).values
            by_field[(Bz, tuple(sorted(where.items())))] = values
            text = ", ".join(f"{d} = {v / R:g}R" for d, v in where.items())
            if Bz < 0:  # drawn negated, as sparse markers: they fall on the +|B| curve when reversal holds
                every = max(1, values.size // 80)
                axes.plot(wavelength[::every], -values[::every], linestyle="none", marker="x", markersize=3.5,
                          color=colour_of.get((-Bz, text), "k"), markeredgewidth=0.7,
                          label=f"\u2212[B = {Bz:g} T, {text}]")
                continue
            colour_of[(Bz, text)] = f"C{k}"
            lo, hi = width_um(wavelength, values)
            peak = wavelength[np.argmax(np.abs(values))]
            axes.plot(wavelength, values, color=f"C{k}", linestyle=LINESTYLES[k % 2], linewidth=1.3,
                      label=f"B = {Bz:g} T, {text}: |peak| at {peak:.2f} \u00b5m")
            spans.append((lo, hi))
            lines.append(f"B = {Bz:g} T, {text}: above 5 % of its |peak| over {lo:.2f}\u2013{hi:.2f} \u00b5m "
                         f"({hi - lo:.2f} \u00b5m).")
            k += 1
        axes.set_ylabel(f"{label(dataset['supercurrent_spectrum'])}, i = {i + 1}, j = {j + 1}")
    mismatches = [np.max(np.abs(values + by_field[(-Bz, where)])) / np.max(np.abs(values))
                  for (Bz, where), values in by_field.items() if Bz > 0 and (-Bz, where) in by_field]
    if mismatches:
        lines.append(f"Reversing B reverses the spectrum, to {max(mismatches):.0e} of its peak "
                     "(\u00d7: the \u2212B spectrum, negated).")
    axes.axhline(0.0, color="0.6", linewidth=0.6)
    axes.set_xlabel("wavelength \u03bb (\u00b5m)")
    axes.set_xscale(style["xscale"])
    axes.set_yscale(style["yscale"])
    if spans:
        lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        pad = 0.35 * (hi - lo)
        axes.set_xlim(lo - pad, hi + (1.6 if maps else 1.0) * pad)
    axes.legend(fontsize="x-small", loc="lower left")
    for name, dataset in maps.items():
        inset = axes.inset_axes([0.66, 0.06, 0.32, 0.36])
        sigma = dataset["absorption_cross_section"].sel(polarisation=["sigma_plus", "sigma_minus"]).sum("polarisation")
        wavelength = _wavelength_um(dataset["omega"].values)
        top = float(sigma.max())
        inset.pcolormesh(wavelength, dataset["B"].values, sigma.values, shading="auto",
                         norm=LogNorm(vmin=top * 1e-2, vmax=top, clip=True), cmap="magma", rasterized=True)
        inset.set_xlim(axes.get_xlim())
        inset.set_xlabel("\u03bb (\u00b5m)", fontsize="xx-small", labelpad=1)
        inset.set_ylabel(label(dataset["B"]), fontsize="xx-small", labelpad=1)
        inset.tick_params(labelsize="xx-small", pad=1)
        inset.set_title(f"one {dataset.attrs.get('material', name)} sphere: $\\sigma_+ + \\sigma_-$ (log)",
                        fontsize="xx-small", pad=2)
    first = next(iter(studies.values()))
    R = _radius(first)
    positions = _positions(first)
    rho = float(np.hypot(positions[0, 0], positions[0, 1]))
    neighbour = float(np.linalg.norm(positions[1] - positions[0]))
    T = first.attrs.get("config")
    T_K = json.loads(T).get("supercurrent", {}).get("T_K") if isinstance(T, str) else None
    _sketch_rings(sketch, first)
    _write_notes(notes, [
        f"{len(positions)} {_materials(first)[0]} spheres, R = {R / 1e-9:g} nm, two coaxial rings h apart; "
        f"ring radius {rho / 1e-9:.1f} nm (config value; the paper gives none), neighbours {neighbour / R:.2f}R "
        "apart (centre distances). h < 3R: outside the dipole model's validity.",
        "B along the axis, physical sign; the paper's InSb tensor is ours at \u2212B.",
        *lines, NORMALISATION_NOTE])
    return figure


def epsilon(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """Re and Im of ε_xx versus wavelength (µm) for every material table given."""
    style = {**STYLE, **style}
    figure = Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    real, imag = figure.subplots(2, 1, sharex=True)
    for name, dataset in datasets.items():
        eps = dataset["epsilon"].isel(row=0, column=0).values
        wavelength_um = 2 * np.pi * constants.c / dataset["omega"].values / 1e-6
        real.plot(wavelength_um, eps.real, label=name)
        imag.plot(wavelength_um, eps.imag, label=name)
    real.set_ylabel(r"Re $\varepsilon_{xx}$")
    imag.set_ylabel(r"Im $\varepsilon_{xx}$")
    imag.set_xlabel("wavelength (µm)")
    for ax in (real, imag):
        ax.set_xscale(style["xscale"])
    real.set_yscale("symlog", linthresh=1.0, linscale=1.0)
    imag.set_yscale("log")
    real.legend(fontsize="small")
    return figure


def field_map(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """Absorption cross section of one sphere per circular polarisation in the (λ, B) plane (log colours)."""
    style = {**STYLE, "xscale": "linear", **style}
    figure = Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    rows = figure.subplots(len(datasets), 2, sharex=True, sharey=True, squeeze=False)
    for axes, (name, dataset) in zip(rows, datasets.items()):
        sigma = dataset["absorption_cross_section"]
        wavelength_um = 2 * np.pi * constants.c / dataset["omega"].values / 1e-6
        top = float(sigma.sel(polarisation=["sigma_plus", "sigma_minus"]).max())
        norm = LogNorm(vmin=top * 1e-3, vmax=top, clip=True)
        for ax, polarisation in zip(axes, ("sigma_plus", "sigma_minus")):
            mesh = ax.pcolormesh(wavelength_um, dataset["B"].values, sigma.sel(polarisation=polarisation).values,
                                 shading="auto", norm=norm, rasterized=True)
            ax.set_title(f"{name}, {POLARISATION_TITLES.get(polarisation, polarisation)}", fontsize="small")
            ax.set_xlabel("wavelength (µm)")
            ax.set_xscale(style["xscale"])
        axes[0].set_ylabel(label(dataset["B"]))
        figure.colorbar(mesh, ax=axes, label=r"$\sigma_{abs}$ (m$^2$)")
    return figure


#: Titles of the circular polarisations of a field map (B along +z).
POLARISATION_TITLES = {"sigma_plus": "$\\sigma_+$: (1, i, 0)/\u221a2, counter-clockwise about B",
                       "sigma_minus": "$\\sigma_-$: (1, \u2212i, 0)/\u221a2, clockwise about B"}


#: Figure kinds the config may name.
FIGURES = {"drag": drag, "conductance": conductance, "supercurrent_spectrum": supercurrent_spectrum,
           "epsilon": epsilon, "field_map": field_map}


def save(figure: Figure, *paths) -> None:
    """Write a figure to each path (format from the suffix), without time stamps so reruns are identical."""
    for path in paths:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        metadata = {"CreationDate": None} if path.suffix == ".pdf" else {"Software": None}
        figure.savefig(path, metadata=metadata)
