"""Figure kind ``line``: any variable of a thermal file against any swept dimension.

``style.variable`` names the variable (e.g. ``steady_state_temperature``, ``J``,
``conductance``); ``style.x`` the dimension (default: the only swept one). A pair variable
(emitter, absorber) needs ``style.pair`` or ``style.pairs``; a per-particle variable draws
each particle (or those of ``style.particles``). Every other dimension (temperatures, other
sweeps, the thermostats of a solver) gives one curve per value.
"""

from __future__ import annotations

import numpy as np

from .. import labels
from . import curves, selection
from . import style as look
from .sketch import draw_sketch

DEFAULTS = {"xscale": "linear", "yscale": "linear"}

#: Dimensions of one particle each, besides ``particle``: the thermostats of the solvers.
PER_PARTICLE = ("particle", "steady_state_thermostat", "drag_thermostat")


def _split(name, dataset, array, style):
    """(array, parameter) pieces of a variable, one per pair or particle it has."""
    if "emitter" in array.dims and "absorber" in array.dims:
        if "pair" not in style and "pairs" not in style:
            raise ValueError(f"{array.name} is a pair variable (emitter, absorber): say which with style.pair")
        return [(array.isel(emitter=i, absorber=j), curves.Parameter("pair", f"pair {i} \u2192 {j}"))
                for i, j in selection.pairs(style, dataset.sizes["emitter"])]
    for dim in PER_PARTICLE:
        if dim in array.dims:
            indices = array[dim].values if dim in array.coords else np.arange(array.sizes[dim])
            wanted = style.get("particles", indices.tolist())
            return [(array.isel({dim: int(np.flatnonzero(indices == p)[0])}),
                     curves.Parameter("particle", f"particle {int(p)}", float(p), "particle"))
                    for p in wanted if p in indices]
    return [(array, None)]


def draw(datasets, style):
    style = look.merged(style, **DEFAULTS)
    if "variable" not in style:
        raise ValueError("a line figure needs style.variable: the variable of the thermal file to draw")
    variable = style["variable"]
    figure, axes, sketch, notes = look.new_figure(style)
    drawn = []
    across = curves.x_coordinate(datasets.values(), style.get("x"))
    for name, dataset in datasets.items():
        if variable not in dataset:
            raise ValueError(f"{name} has no variable {variable!r}; it has {sorted(dataset.data_vars)}")
        pieces = _split(name, dataset, selection.select(name, dataset, dataset[variable], style), style)
        for array, parameter in pieces:
            found = curves.curves({name: dataset}, variable, style.get("x"), lambda *_: array, across)
            for curve in found:
                if parameter is not None:
                    curve.parameters[parameter.key] = parameter
            drawn += found
    shared, scale = curves.describe(drawn)
    curves.colour(drawn, figure, axes, scale)
    negative = any(np.any(c.y < 0) for c in drawn)
    for k, curve in enumerate(drawn):
        axes.plot(curve.x, curve.y, color=curve.colour, marker="o" if curve.x.size < 30 else None, markersize=3,
                  linestyle=look.LINESTYLES[k % len(look.LINESTYLES)], label=curve.label if scale is None else None)
    first = next(iter(datasets.values()))
    dim = drawn[0].dim
    axes.set_xlabel(look.display(first[dim])[2])
    axes.set_ylabel(look.label(first[variable]))
    look.set_scale(axes, "x", style["xscale"], [c.x for c in drawn])
    yscale = "symlog" if style["yscale"] == "log" and negative else style["yscale"]
    look.set_scale(axes, "y", yscale, [c.y for c in drawn])
    look.tidy(axes)
    models = []  # the order of each file of exact multipoles
    look.shade_too_close(axes, drawn, datasets, dim, models)
    draw_sketch(sketch, first, "first sweep point" if first.sizes.get(dim, 1) > 1 else "")
    curves.legend(axes, drawn)
    look.tidy(axes)
    shared_line = f"All curves: {'; '.join(shared)}." if shared else ""
    look.write_notes(notes, [*_definitions(first, variable), shared_line, *models,
                             "A log scale shows negative values on a symmetric-log axis." if yscale == "symlog"
                             and style["yscale"] == "log" else ""])
    return figure


def _definitions(first, variable: str) -> list[str]:
    """What the variable is: its long name, its block's definition and, for a block with two held ends, them."""
    out = [f"{variable}: {first[variable].attrs.get('long_name', variable)}; particles numbered from 0 as in the "
           "files."]
    block = curves.block_of(variable, first)
    for key, value in first.attrs.items():  # drag_definition; relaxation_power_definition for its powers
        what = key[len(f"{block}_"): -len("definition")].rstrip("_") if key.endswith("definition") else None
        if block is not None and key.startswith(f"{block}_") and what is not None and what in variable:
            out.append(str(value))
    if block is not None and f"{block}_hot" in first.attrs:
        free = first.attrs.get(f"{block}_free")
        out.append(f"{block}: particle {first.attrs[f'{block}_hot']} held at "
                   f"{labels.number(first.attrs[f'{block}_T_hot_K'])} K, {first.attrs[f'{block}_cold']} at "
                   f"{labels.number(first.attrs[f'{block}_T_cold_K'])} K"
                   + (f"; free {labels.particles(free)}" if free is not None else "") + ".")
    return out
