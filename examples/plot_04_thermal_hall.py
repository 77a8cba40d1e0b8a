"""
Photon thermal Hall effect on a square
======================================

Four InSb spheres (R = 100 nm) on a square, neighbours 3R apart centre to centre, under a
field B along the square's normal (Ben-Abdallah, PRL 116, 084301, 2016). Particles 0 and 2 (one
diagonal) are held at 310 K and 300 K; 1 and 3 are free. Without a field the free pair shares
one temperature by symmetry; a field makes the exchange non-reciprocal and a temperature
difference ΔT_H = T_1 − T_3 appears across the free diagonal, odd in B
(:func:`photodrag.thermal.hall`, exact nonlinear balance, no bath).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.patches import Circle

import photodrag
from photodrag import geometry, thermal

R = 100e-9  # m
omega = np.linspace(1.5e14, 2.0e14, 800)  # rad/s
fields = np.linspace(-5.0, 5.0, 21)  # T, along +z

results = []
for B in fields:
    square = geometry.ring(
        4, R, "InSb", neighbour_distance=3 * R, B=(0, 0, B) if B else None
    )
    spec = photodrag.spectra(square, omega)
    results.append(thermal.hall(spec, hot=0, cold=2, T_hot=310.0, T_cold=300.0))
ratio = np.array([float(r["relative_hall_temperature"]) for r in results])

# %%
# Left: the relative Hall temperature against B. Right: the square at +5 T, each sphere
# (drawn to scale) coloured by its steady-state temperature.
fig, (ax, ax_map) = plt.subplots(
    1,
    2,
    figsize=(9.0, 4.0),
    layout="constrained",
    gridspec_kw={"width_ratios": [1.5, 1.0]},
)
ax.axhline(0, color="0.7", linewidth=0.8)
ax.axvline(0, color="0.7", linewidth=0.8)
ax.plot(fields, ratio * 100, "o-", color="#CC79A7", markersize=4)
ax.set_xlabel("magnetic field $B$ along the normal (T)")
ax.set_ylabel(r"$\Delta T_H/(T_{hot} - T_{cold})$ (%)")
ax.set_title("relative Hall temperature, $T_1 - T_3$ over $T_0 - T_2$")

strong = results[-1]
positions = square.positions * 1e9
temperatures = strong["temperature"].values
colour = plt.Normalize(300, 310)
for i, (x, y) in enumerate(positions[:, :2]):
    ax_map.add_patch(
        Circle(
            (x, y),
            R * 1e9,
            facecolor=plt.cm.coolwarm(colour(temperatures[i])),
            edgecolor="k",
        )
    )
    ax_map.annotate(
        f"{i}\n{temperatures[i]:.2f} K", (x, y), ha="center", va="center", fontsize=9
    )
ax_map.set_aspect("equal")
ax_map.set_xlim(-400, 400)
ax_map.set_ylim(-400, 400)
ax_map.set_xlabel("x (nm)")
ax_map.set_ylabel("y (nm)")
ax_map.set_title(f"B = {fields[-1]:+g} T (out of the page)")
fig.colorbar(
    ScalarMappable(colour, "coolwarm"), ax=ax_map, label="temperature (K)", shrink=0.8
)
plt.show()
