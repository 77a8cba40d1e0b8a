"""Figure kind ``conductance_matrix``: G_{emitter→absorber} at one sweep point and temperature, as a map.

The point is the style's selection (``<dim>_nm``, ``T_K``; the first value of every other
sweep). Log colours; the values are written in the cells for up to 6 particles; the
diagonal (no self-exchange) is blank. Without a field G is symmetric; under one it need not be.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm

from . import selection
from . import style as look
from .sketch import draw_sketch

#: Up to this many particles the values are written in the cells (at the smallest type, they fit).
MAX_WRITTEN = 6


def draw(datasets, style):
    style = look.merged(style)
    name, dataset = next(iter(datasets.items()))
    if len(datasets) > 1:
        raise ValueError("a conductance_matrix figure shows one study (one B value): name one in studies")
    G, where = selection.one_point(name, dataset, dataset["conductance"], style)
    values = G.transpose("emitter", "absorber").values.astype(float)
    n = values.shape[0]
    shown = np.where(np.eye(n, dtype=bool), np.nan, np.abs(values))
    positive = shown[np.isfinite(shown) & (shown > 0)]
    figure, axes, sketch, notes = look.new_figure(style)
    norm = LogNorm(vmin=positive.min(), vmax=positive.max()) if positive.size else None
    image = axes.imshow(shown, norm=norm, cmap=look.COLOUR_MAP, origin="upper")
    figure.colorbar(image, ax=axes, label="|G| (W/K)", fraction=0.05, pad=0.02)
    if n <= MAX_WRITTEN:
        for e in range(n):
            for a in range(n):
                if e != a:
                    axes.text(a, e, f"{values[e, a]:.2g}", ha="center", va="center", fontsize=look.SMALLEST_PT,
                              color="white" if norm is None or norm(abs(values[e, a])) < 0.6 else "black")
    ticks = np.arange(n) if n <= 20 else np.arange(0, n, max(1, n // 10))
    axes.set_xticks(ticks)
    axes.set_yticks(ticks)
    axes.set_xlabel("absorber")
    axes.set_ylabel("emitter")
    asymmetry = np.nanmax(np.abs(values - values.T)) / np.nanmax(np.abs(values)) if n > 1 else 0.0
    draw_sketch(sketch, selection.at_point(dataset, G), where)
    look.write_notes(notes, [
        f"Conductance G_(emitter\u2192absorber) of {name} at {where or 'its only point'}.",
        "Particles numbered from 0 as in the files.",
        f"Largest |G_ij \u2212 G_ji| / max |G| = {asymmetry:.1e}" + (" (reciprocal)" if asymmetry < 1e-9 else "") + ".",
        look.NORMALISATION_NOTE])
    return figure
