"""Basic figures of the workflow's results, labelled from the NetCDF attributes.

Each figure kind is a function ``kind(datasets, **style) -> matplotlib Figure`` that
takes the datasets it shows (a dict name -> xarray.Dataset, in the order given) and
the figure's ``style`` from the config (sizes in inches, dpi, axis scales). Lengths
are shown in nm, wavelengths in µm, everything else in the units stored in the files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.colors import LogNorm
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


def drag(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """Drag resistance R_D versus the swept distance; inset: ΔT_p."""
    style = {**STYLE, **style}
    figure, axes = _figure(style)
    inset = axes.inset_axes([0.58, 0.55, 0.38, 0.4])
    for name, dataset in datasets.items():
        dim, x = _sweep_nm(dataset, "drag_resistance")
        axes.plot(x, dataset["drag_resistance"].values, marker="o", markersize=3, label=name)
        inset.plot(x, dataset["delta_T_passive"].values, marker=".", markersize=2)
        axes.set_xlabel(label(dataset[dim], "nm"))
        axes.set_ylabel(label(dataset["drag_resistance"]))
        inset.set_ylabel(label(dataset["delta_T_passive"]), fontsize="x-small")
    axes.axhline(0.0, color="0.6", linewidth=0.6)
    for ax in (axes, inset):
        ax.set_xscale(style["xscale"])
    _set_yscale(axes, style["yscale"], [d["drag_resistance"].values for d in datasets.values()])
    inset.tick_params(labelsize="x-small")
    axes.legend(loc="lower left", fontsize="small")
    return figure


def conductance(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """Every pair conductance G_{i→j} (i < j) versus the swept distance, at the first temperature."""
    style = {**STYLE, **style}
    figure, axes = _figure(style)
    for name, dataset in datasets.items():
        G = dataset["conductance"].isel(temperature=0)
        dim, x = _sweep_nm(dataset, "conductance")
        n = G.sizes["emitter"]
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        for k, (i, j) in enumerate(pairs):  # line styles cycle, so that equal conductances stay visible
            axes.plot(x, np.abs(G.isel(emitter=i, absorber=j).values), linestyle=LINESTYLES[k % len(LINESTYLES)],
                      label=f"{name}: G{i + 1}{j + 1}")
        axes.set_xlabel(label(dataset[dim], "nm"))
        axes.set_ylabel(f"|{label(G)}| at {float(G['temperature']):g} K")
    axes.set_xscale(style["xscale"])
    axes.set_yscale(style["yscale"])
    axes.legend(fontsize="x-small", ncols=2)
    return figure


def supercurrent_spectrum(datasets: dict[str, xr.Dataset], **style) -> Figure:
    """𝒯_{i→j} − 𝒯_{j→i} versus wavelength (µm) for the pair ``style['pair']``, every sweep point."""
    style = {**STYLE, "xscale": "linear", **style}
    i, j = style["pair"]
    figure, axes = _figure(style)
    for name, dataset in datasets.items():
        spectrum = dataset["supercurrent_spectrum"].isel(emitter=i, absorber=j)
        wavelength_um = 2 * np.pi * constants.c / dataset["omega"].values / 1e-6
        sweep = [d for d in spectrum.dims if d != "omega"]
        for index in np.ndindex(*(spectrum.sizes[d] for d in sweep)):
            point = dict(zip(sweep, index))
            where = ", ".join(f"{d} = {float(dataset[d][k]) / 1e-9:g} nm" for d, k in point.items())
            axes.plot(wavelength_um, spectrum.isel(point).values, label=f"{name} {where}".strip())
        axes.set_ylabel(f"{label(dataset['supercurrent_spectrum'])}, i = {i + 1}, j = {j + 1}")
    axes.axhline(0.0, color="0.6", linewidth=0.6)
    axes.set_xlabel("wavelength (µm)")
    axes.set_xscale(style["xscale"])
    axes.set_yscale(style["yscale"])
    axes.legend(fontsize="x-small")
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
    real.set_ylabel("Re ε_xx")
    imag.set_ylabel("Im ε_xx")
    imag.set_xlabel("wavelength (µm)")
    for ax in (real, imag):
        ax.set_xscale(style["xscale"])
    real.set_yscale("symlog")
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
                                 shading="auto", norm=norm)
            ax.set_title(f"{name}, {polarisation.replace('_', ' ')}", fontsize="small")
            ax.set_xlabel("wavelength (µm)")
            ax.set_xscale(style["xscale"])
        axes[0].set_ylabel(label(dataset["B"]))
        figure.colorbar(mesh, ax=axes, label=r"$\sigma_{abs}$ (m$^2$)")
    return figure


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
