"""Figure kind ``field_map``: one sphere's absorption cross section per polarisation in the (λ, B) plane.

One row per field map, one panel per polarisation (``style.polarisations``, default the two
circular ones about B along z), log colours over three decades below the largest value.
"""

from __future__ import annotations

from matplotlib.colors import LogNorm

from .. import labels
from . import style as look
from .supercurrent_spectrum import wavelength_um

DEFAULTS = {"xscale": "linear", "polarisations": ["sigma_plus", "sigma_minus"]}

#: Titles of the polarisations of a field map (B along +z).
TITLES = {"sigma_plus": "$\\sigma_+$: (1, i, 0)/\u221a2, counter-clockwise about B",
          "sigma_minus": "$\\sigma_-$: (1, \u2212i, 0)/\u221a2, clockwise about B",
          "z": "linear along z (along B)"}


def draw(datasets, style):
    style = look.merged(style, **DEFAULTS)
    wanted = list(style["polarisations"])
    figure = look.Figure(figsize=(style["width_in"], style["height_in"]), dpi=style["dpi"], layout="constrained")
    rows = figure.subplots(len(datasets), len(wanted), sharex=True, sharey=True, squeeze=False)
    for axes, (name, dataset) in zip(rows, datasets.items()):
        sigma = dataset["absorption_cross_section"]
        missing = [p for p in wanted if p not in sigma["polarisation"].values]
        if missing:
            raise ValueError(f"style.polarisations {missing} are not in {name}, which has "
                             f"{sigma['polarisation'].values.tolist()}")
        top = float(sigma.sel(polarisation=wanted).max())
        norm = LogNorm(vmin=top * 1e-3, vmax=top, clip=True)
        x = wavelength_um(dataset["omega"].values)
        material = dataset.attrs.get("material", name)
        radius = dataset.attrs.get("radius_m")
        for ax, polarisation in zip(axes, wanted):
            mesh = ax.pcolormesh(x, dataset["B"].values, sigma.sel(polarisation=polarisation).values,
                                 shading="auto", norm=norm, rasterized=True, cmap=look.COLOUR_MAP)
            ax.set_title(f"{material}" + (f", R = {labels.length(radius)}" if radius else "") + "\n"
                         + TITLES.get(polarisation, polarisation), fontsize=look.SMALLEST_PT)
            ax.set_xlabel("wavelength \u03bb (\u00b5m)")
            look.set_scale(ax, "x", style["xscale"])
        axes[0].set_ylabel("B along z (T)")
        figure.colorbar(mesh, ax=list(axes), label=r"$\sigma_{abs}$ (m$^2$)")
    return figure
