"""Figure kind ``epsilon``: Re and Im of the permittivity against wavelength for every ε table given.

ε_xx of every table; for a magneto-optical table under a field also Im ε_xy (its gyrotropic
part, zero at B = 0). Tables are labelled by material and field.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import SymmetricalLogLocator

from .. import labels
from . import placement
from . import style as look
from .supercurrent_spectrum import wavelength_um

DEFAULTS = {"xscale": "log"}

#: The most ticks on the symmetric-log axis of Re ε (every decade from -10^4 to 10^3 collide on a short panel).
MAX_TICKS = 5


def draw(datasets, style):
    style = look.merged(style, **DEFAULTS)
    figure = look.Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    real, imag = figure.subplots(2, 1, sharex=True)
    for (name, dataset), colour in zip(datasets.items(), look.colours(len(datasets))):
        eps = dataset["epsilon"]
        x = wavelength_um(dataset["omega"].values)
        B = dataset["magnetic_field"].values if "magnetic_field" in dataset else None
        text = dataset.attrs.get("material", name) + (f", {labels.field(B)}" if B is not None and np.any(B) else "")
        xx = eps.isel(row=0, column=0).values
        real.plot(x, xx.real, color=colour, label=text)
        imag.plot(x, xx.imag, color=colour, label=text)
        xy = eps.isel(row=0, column=1).values
        if np.any(np.abs(xy) > 0):
            imag.plot(x, np.abs(xy.imag), color=colour, linestyle="--", label=f"{text}: |Im \u03b5_xy|")
    gyrotropic = any(line.get_linestyle() == "--" for line in imag.get_lines())
    real.set_ylabel(r"Re $\varepsilon_{xx}$")
    imag.set_ylabel(r"Im $\varepsilon_{xx}$" + (r" (dashed: |Im $\varepsilon_{xy}$|)" if gyrotropic else ""))
    imag.set_xlabel("wavelength \u03bb (\u00b5m)")
    for ax in (real, imag):
        look.set_scale(ax, "x", style["xscale"])
    real.set_yscale("symlog", linthresh=1.0, linscale=1.0)
    real.yaxis.set_major_locator(SymmetricalLogLocator(base=10, linthresh=1.0))
    real.yaxis.get_major_locator().set_params(numticks=MAX_TICKS)  # a short panel: labels that do not collide
    imag.set_yscale("log")
    look.tidy(imag)
    placement.place_legend(real, below_figure=True, fontsize=look.SMALLEST_PT)
    return figure
