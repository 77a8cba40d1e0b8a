"""Curves from datasets, labelled by what differs between them.

A figure of one variable against a swept dimension draws one curve per dataset and per
value of the variable's other dimensions. Each curve carries its parameters (the field,
the temperatures, the model and bath, the geometry's fixed lengths, the radius, the
materials, the other sweeps); its legend says only those that differ between the curves,
and the notes say once what they share. Past :data:`style.MAX_LEGEND_CURVES` curves that
differ in one number, the curves are coloured by it on a colour scale instead of a legend.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import matplotlib
import numpy as np
import xarray as xr
from matplotlib.colors import Normalize

from .. import labels
from . import facts, placement, selection
from .selection import PARTICLE_DIMS
from . import style as look
from .sketch import draw_sketch



@dataclass(eq=False)
class Parameter:
    """One thing a curve is characterised by: its text ('d = 400 nm'), and its number when it has one."""

    key: str
    text: str
    value: float | None = None
    name: str = ""  # the axis label of the value, for a colour bar


@dataclass(eq=False)  # curves are compared by identity (their arrays have no truth value)
class Curve:
    """A curve: its x values (display units), y values, the dataset it comes from, its parameters."""

    source: str
    x: np.ndarray
    y: np.ndarray
    parameters: dict[str, Parameter] = field(default_factory=dict)
    label: str = ""
    colour: object = None
    point: dict = field(default_factory=dict)
    dim: str = ""  # the dimension the curve runs along


def _radius(dataset: xr.Dataset) -> float | None:
    radius = np.ravel(dataset["radius"].values) if "radius" in dataset else np.array([])
    return float(radius[0]) if radius.size and np.allclose(radius, radius[0], rtol=1e-9, atol=0) else None


def in_radii(value_m: float, dataset: xr.Dataset) -> str:
    """' (4R)' when the particles share one radius, else ''."""
    radius = _radius(dataset)
    return f" ({labels.number(value_m / radius, 3)}R)" if radius else ""


#: Variables of a study block whose names do not start with the block's name.
BLOCK_OF = {"delta_T_passive": "drag", "J": "drag", "relative_hall_temperature": "hall",
            "thermal_resistance": "magnetoresistance"}


def block_of(variable: str, dataset: xr.Dataset) -> str | None:
    """The solver block of a thermal file that ``variable`` comes from ('drag' for delta_T_passive), or
    None for a variable no solver made (conductance, supercurrent)."""
    if variable in BLOCK_OF:
        return BLOCK_OF[variable]
    blocks = sorted((k[: -len("_method")] for k in dataset.attrs if k.endswith("_method")), key=len, reverse=True)
    return next((b for b in blocks if variable == b or variable.startswith(b + "_")), None)


def held(dataset: xr.Dataset, block: str) -> str:
    """'particle 0 held at 320 K' for a solver block with thermostats; the start of a relaxation."""
    if block == "relaxation" and "relaxation_temperature" in dataset:
        start = dataset["relaxation_temperature"].isel(time=0)
        start = start.isel({d: 0 for d in start.dims if d != "particle"}).values
        fixed = dataset["relaxation_thermostat"].values if "relaxation_thermostat" in dataset.coords else []
        common = np.median(start)
        said = [f"particle {k} at {labels.number(t)} K" for k, t in enumerate(start) if t != common]
        return ("at t = 0: " + ", ".join(said) + (f", the others at {labels.number(common)} K" if said else
                                                    f"all at {labels.number(common)} K")
                + (f"; {labels.particles(fixed)} held" if len(fixed) else ""))
    prefix = next((p for p in (f"{block}_", f"{block}_state_") if f"{p}thermostated" in dataset), None)
    if prefix is None or block in ("drag", "hall", "magnetoresistance"):  # their ends: definition_lines
        return ""
    temperature = dataset[f"{prefix}temperature"]
    temperature = temperature.isel({d: 0 for d in temperature.dims if d != "particle"}).values
    fixed = np.flatnonzero(np.ravel(dataset[f"{prefix}thermostated"].values))
    return "; ".join(f"particle {k} held at {labels.number(temperature[k])} K" for k in fixed) or "no particle held"


def _solver_parameters(dataset: xr.Dataset, block: str) -> dict[str, Parameter]:
    """The model and bath of the solver block a figure's variable comes from, its thermostats."""
    out = {}
    method = dataset.attrs.get(f"{block}_method")
    if method is not None:
        bath = dataset.attrs.get(f"{block}_bath_temperature_K")
        model = f"{method} model" if method in ("linear", "nonlinear") else f"{method} integration"
        surface = dataset.attrs.get(f"{block}_surface_temperature_K")
        out["model_" + block] = Parameter("model_" + block, f"{block.replace('_', ' ')}: {model}, "
                                          + ("no bath" if bath is None else f"bath at {labels.number(bath)} K")
                                          + ("" if surface is None else f", surface at {labels.number(surface)} K"))
    if block == "drag" and "drag_T_hot_K" in dataset.attrs:
        out["drag_T"] = Parameter("drag_T", f"T_hot = {labels.number(dataset.attrs['drag_T_hot_K'])} K, T_cold = "
                                  f"{labels.number(dataset.attrs['drag_T_cold_K'])} K")
    text = held(dataset, block)
    if text:
        out["held"] = Parameter("held", text)
    return out


def dataset_parameters(dataset: xr.Dataset, variable: str | None = None) -> dict[str, Parameter]:
    """What characterises a dataset for a figure of ``variable``: field, the settings of the solver that
    made the variable (none for conductances and spectra), fixed lengths, radius, materials, dipole model."""
    out = {}
    if "magnetic_field" in dataset:
        B = np.asarray(dataset["magnetic_field"].values, dtype=float)
        if B.ndim == 1:
            given = bool(dataset.attrs.get("magnetic_field_given", np.any(B != 0)))
            out["B"] = Parameter("B", labels.field(B if given else None), float(B[2]) if not B[0] and not B[1]
                                 else None, "$B$ along $z$ (T)")
    block = block_of(variable, dataset) if variable else None
    if block is not None:
        out.update(_solver_parameters(dataset, block))
    for key, value in sorted(dataset.attrs.items()):
        if key.startswith("fixed_length_") and key.endswith("_m"):
            name = key[len("fixed_length_"):-2]
            out[name] = Parameter(name, f"{name} = {labels.length(value)}{in_radii(value, dataset)}", float(value) / 1e-9,
                                  f"{name} (nm)")
    radius = _radius(dataset)
    if radius and "radius" not in out:
        out["radius"] = Parameter("radius", f"R = {labels.length(radius)}", radius / 1e-9, "R (nm)")
    if "material" in dataset:
        out["materials"] = Parameter("materials", labels.materials(np.ravel(dataset["material"].values)))
    if "surface" in dataset.attrs:
        out["surface"] = Parameter("surface", f"above {dataset.attrs['surface']}")
    if "dipoles" in dataset.attrs:
        out["model"] = Parameter("model", facts.model_text(dataset))
    return out


def point_parameter(dataset: xr.Dataset, dim: str, value) -> Parameter:
    """The parameter of a curve at one value of a dimension it does not run along."""
    coordinate = dataset[dim]
    units = coordinate.attrs.get("units", "")
    if units == "m":
        return Parameter(dim, f"{dim} = {labels.length(value)}{in_radii(value, dataset)}", float(value) / 1e-9,
                         f"{dim} (nm)")
    shown = f" {units}" if units and units != "1" else ""
    return Parameter(dim, f"{dim} = {labels.number(value)}{shown}", float(value), f"{dim}{f' ({units})' if shown else ''}")


def x_coordinate(datasets, x: str | None):
    """The coordinate x of the first dataset that has that dimension, or None."""
    return next((dataset[x] for dataset in datasets if x is not None and x in dataset.dims), None)


def default_x(array) -> str | None:
    """The dimension to plot against when the style does not say (photodrag.plots.selection.choose_x)."""
    return selection.choose_x({d: array.sizes[d] for d in array.dims if d not in PARTICLE_DIMS})


def curves(datasets: dict[str, xr.Dataset], variable: str, x: str | None, select=None, across=None) -> list[Curve]:
    """One curve per dataset and per combination of the variable's other dimensions.

    ``x`` is the dimension the curves run along (None: the only one that is neither a particle
    nor a tensor dimension). ``select(name, dataset, array) -> array`` narrows each dataset's
    variable first (style selections); particle dimensions must be selected away by the caller.
    A dataset without the dimension x at all (the same particles in vacuum, beside them above a
    surface against their height) holds its value at every x: it is drawn across ``across``, the x
    coordinate of the figure (default: that of the first of these datasets that has it).
    """
    out = []
    if across is None:
        across = x_coordinate(datasets.values(), x)
    for name, dataset in datasets.items():
        if variable not in dataset:
            raise ValueError(f"{name} has no variable {variable!r}")
        array = dataset[variable]
        if select is not None:
            array = select(name, dataset, array)
        if x is not None and x not in array.dims and (x in dataset.dims or across is not None):
            # equal at every point of the sweep, so the file keeps it once (a pair in vacuum at any height)
            coordinate = dataset[x] if x in dataset.dims else across
            array = array.expand_dims({x: coordinate.values}).assign_coords({x: coordinate})
        free = [d for d in array.dims if d not in PARTICLE_DIMS]
        along = x if x is not None else default_x(array)
        if along is None or along not in array.dims:
            raise ValueError(f"{name}: {variable} varies along {free}; say which one to plot against with style.x")
        others = [d for d in free if d != along]
        base = dataset_parameters(dataset, variable)
        xs, _, _ = look.display(array[along])  # the selected values: a selection may keep some of them
        for index in itertools.product(*(range(array.sizes[d]) for d in others)):
            point = {d: float(array[d].values[k]) for d, k in zip(others, index)}
            values = array.isel(dict(zip(others, index))).transpose(along, ...).values
            parameters = dict(base)
            for d, value in point.items():
                parameters[d] = point_parameter(dataset, d, value)
            out.append(Curve(name, xs, np.asarray(values, dtype=float), parameters, point=point, dim=along))
    return out


#: What a curve whose file lacks a parameter shows instead, where the absence itself says something.
ABSENT = {"surface": "in vacuum"}


def describe(curves_: list[Curve], said=()) -> tuple[list[str], Parameter | None]:
    """Label each curve by the parameters that differ; return the shared parameters' texts (but those
    of the keys ``said``, which the figure says otherwise) and, when there are too many curves for a
    legend and one number tells them apart, that parameter."""
    keys = sorted({k for c in curves_ for k in c.parameters})
    texts = {k: [c.parameters[k].text if k in c.parameters else ABSENT.get(k, "") for c in curves_] for k in keys}
    varying = [k for k in keys if len(set(texts[k])) > 1]
    shared = [texts[k][0] for k in keys if k not in varying and texts[k][0] and k not in said]
    for index, c in enumerate(curves_):
        c.label = "; ".join(texts[k][index] for k in varying if texts[k][index])
        if not c.label:  # a single curve: named by its field, or its file
            c.label = c.parameters["B"].text if "B" in c.parameters and c.parameters["B"].text != "no field" \
                else c.source
    if len({c.label for c in curves_}) < len(curves_):  # same parameters: tell them apart by their files
        for c in curves_:
            c.label = f"{c.source}: {c.label}" if c.label != c.source else c.source
    scale = None
    numeric = [k for k in varying if all(k in c.parameters and c.parameters[k].value is not None for c in curves_)]
    if len(curves_) > look.MAX_LEGEND_CURVES and len(varying) == 1 and numeric:
        scale = curves_[0].parameters[numeric[0]]
    return shared, scale


def colour(curves_: list[Curve], figure, axes, scale: Parameter | None) -> None:
    """Give each curve its colour: the palette, or the colour map along ``scale`` with a colour bar."""
    if scale is None:
        for c, value in zip(curves_, look.colours(len(curves_))):
            c.colour = value
        return
    values = np.array([c.parameters[scale.key].value for c in curves_])
    norm = Normalize(values.min(), values.max())
    cmap = matplotlib.colormaps[look.COLOUR_MAP]
    for c, value in zip(curves_, values):
        c.colour = cmap(0.92 * norm(value))
    mappable = matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap)
    figure.colorbar(mappable, ax=axes, label=scale.name, fraction=0.05, pad=0.02)


def finish_sweep(axes, sketch_axes, first: xr.Dataset, curves_: list[Curve], inset=None) -> None:
    """What every figure against a swept length ends with: tidy ticks, the length in radii on top
    (when the particles share one radius and the sweep is not the radius), the legend and the inset
    on no data, the sketch."""
    dim = curves_[0].dim
    look.tidy(axes)
    radius = _radius(first)
    if radius and first[dim].attrs.get("units") == "m" and dim != "radius":
        look.top_axis_in_radii(axes, radius / 1e-9, dim)
    draw_sketch(sketch_axes, first, "first sweep point" if first.sizes.get(dim, 1) > 1 else "")
    legend(axes, curves_, inset=inset)
    look.tidy(axes)  # placing the inset may have widened the y range


def legend(axes, curves_: list[Curve], inset=None, single: bool = False) -> None:
    """The legend of what the axes label (curves off a colour scale, markers, shading) where it covers
    no data and no inset (photodrag.plots.placement); a single curve gets no entry unless ``single``."""
    if len(curves_) == 1 and not single:  # one curve needs no legend entry of its own
        for line in axes.get_lines():
            if line.get_label() == curves_[0].label:
                line.set_label("_" + line.get_label())
    if axes.get_legend_handles_labels()[0]:
        placement.arrange(axes, inset, fontsize=look.SMALLEST_PT)
    elif inset is not None:
        placement.place_inset(axes, inset)
