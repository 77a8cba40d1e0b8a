"""Figure kind ``spectrum``: the transmission 𝒯(ω) of chosen pairs or bath channels against wavelength.

Inputs are systems (their spectra files). ``style.channel``: ``pair`` (the default; pairs from
``style.pairs`` / ``style.pair``, else every i → j with i < j for up to 4 particles),
``to_bath`` or ``from_bath`` (particles from ``style.particles``, else all), and above a surface
``to_surface`` or ``from_surface`` (the bath is then the far field above it). One curve per
system, sweep point (``<dim>_nm`` keys keep some) and pair or particle. The wavelength axis is
logarithmic when it spans more than a decade (a grid with a broad log-spaced part), unless
``style.xscale`` says otherwise.
"""

from __future__ import annotations


from . import curves, selection
from . import style as look
from .sketch import draw_sketch
from .supercurrent_spectrum import wavelength_um

DEFAULTS = {"yscale": "log", "channel": "pair"}

#: Without style.xscale, a wavelength axis spanning more than this ratio is logarithmic (else linear).
LOG_SPAN = 10.0

CHANNELS = {"pair": "transmission", "to_bath": "transmission_to_bath", "from_bath": "transmission_from_bath",
            "to_surface": "transmission_to_surface", "from_surface": "transmission_from_surface"}


def draw(datasets, style):
    style = look.merged(style, **DEFAULTS)
    channel = style["channel"]
    if channel not in CHANNELS:
        raise ValueError(f"style.channel must be one of {list(CHANNELS)}, got {channel!r}")
    variable = CHANNELS[channel]
    figure, axes, sketch, notes = look.new_figure(style)
    drawn = []
    for name, dataset in datasets.items():
        n = dataset.sizes["emitter"]
        if variable not in dataset:
            raise ValueError(f"{name} has no {variable}: style.channel {channel!r} needs spectra above a surface "
                             "(a system with the key surface)")
        array = selection.select(name, dataset, dataset[variable], style)
        if channel == "pair":
            if "pairs" not in style and "pair" not in style and n > 4:
                raise ValueError(f"{name} has {n} particles: choose the pairs to show with style.pairs")
            pieces = [(array.isel(emitter=i, absorber=j), f"{i} \u2192 {j}") for i, j in selection.pairs(style, n)]
        else:
            body = channel.split("_", 1)[1]
            dim = "emitter" if channel.startswith("to_") else "absorber"
            pieces = [(array.isel({dim: p}), f"{p} \u2192 {body}" if dim == "emitter" else f"{body} \u2192 {p}")
                      for p in style.get("particles", range(n))]
        for piece, text in pieces:
            for curve in curves.curves({name: dataset}, variable, "omega", lambda *_: piece):
                curve.parameters["channel"] = curves.Parameter("channel", text)
                curve.x = wavelength_um(dataset["omega"].values)
                drawn.append(curve)
    shared, scale = curves.describe(drawn)
    curves.colour(drawn, figure, axes, scale)
    for k, curve in enumerate(drawn):
        axes.plot(curve.x, curve.y, color=curve.colour, linestyle=look.LINESTYLES[k % len(look.LINESTYLES)],
                  linewidth=1.0, label=curve.label if scale is None else None)
    first = next(iter(datasets.values()))
    axes.set_xlabel("wavelength \u03bb (\u00b5m)")
    axes.set_ylabel(look.label(first[variable], name="transmission"))
    span = max(c.x.max() / c.x.min() for c in drawn)  # a grid with a broad log part spans decades
    look.set_scale(axes, "x", style.get("xscale") or ("log" if span > LOG_SPAN else "linear"))
    positive = [c.y[c.y > 0] for c in drawn]
    look.set_scale(axes, "y", style["yscale"], positive)
    if style["yscale"] == "log" and any(p.size for p in positive):
        top = max(p.max() for p in positive if p.size)
        axes.set_ylim(max(min(p.min() for p in positive if p.size), top * 1e-8), top * 2)
    look.tidy(axes)
    draw_sketch(sketch, first, "first sweep point" if any(first.sizes.get(d, 1) > 1 for d in first.dims
                                                            if d not in ("omega", "emitter", "absorber", "particle",
                                                                         "xyz")) else "")
    curves.legend(axes, drawn, single=True)
    look.tidy(axes)
    look.write_notes(notes, [
        f"{first[variable].attrs.get('long_name', variable)}: {variable} (dimensionless)"
        + (", emitter \u2192 absorber" if channel == "pair" else "") + "; particles numbered from 0 as in the files.",
        f"All curves: {'; '.join(shared)}." if shared else "", look.NORMALISATION_NOTE],
        optional=(look.NORMALISATION_NOTE,))
    return figure
