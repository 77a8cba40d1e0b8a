"""
A relaxing cluster
==================

Six SiC spheres (R = 100 nm) drawn at random in a 1 µm × 1 µm × 0.4 µm box, no two centres
closer than 3R (:func:`photodrag.geometry.random_cluster`, reproducible from its seed).
Particle 0 starts at 400 K, the others at 300 K, in surroundings at 300 K. The temperatures
follow the exact nonlinear exchange in time (:func:`photodrag.relax`, a stiff solver): first
the particles share the heat among themselves by near-field exchange, then the whole cluster
cools to the bath through the far field, about a hundred times more slowly. The dotted lines
are the time constants 1/λ of the exchange linearised at 300 K
(:func:`photodrag.relaxation_modes`).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle

import photodrag
from photodrag import geometry

R = 100e-9  # m
cluster = geometry.random_cluster(6, [1e-6, 1e-6, 0.4e-6], 3 * R, 7, R, "SiC")
# A dense band over the Fröhlich resonance, where the particles exchange, and a broad
# logarithmic part for the exchange with the bath across the Planck window.
omega = np.union1d(np.linspace(1.4e14, 2.0e14, 800), np.geomspace(1e12, 1e15, 150))
spec = photodrag.spectra(cluster, omega)

T0 = [400.0, 300.0, 300.0, 300.0, 300.0, 300.0]
t = np.concatenate([[0.0], np.geomspace(1e-6, 20.0, 200)])  # s
history = photodrag.relax(spec, T0, t, bath=300.0)
modes = photodrag.relaxation_modes(spec, 300.0, bath=300.0)

# %%
fig, ax = plt.subplots(figsize=(7.0, 4.2), layout="constrained")
colours = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
for i, colour in zip(history["particle"].values, colours):
    ax.semilogx(
        t[1:],
        history["temperature"].sel(particle=i)[1:],
        color=colour,
        label=f"particle {i}",
    )
for tau in modes["time_constant"].values:
    ax.axvline(tau, color="0.6", linestyle=":", linewidth=0.9)
ax.set_xlabel("time $t$ (s)")
ax.set_ylabel("temperature $T$ (K)")
ax.set_title("Six SiC spheres, R = 100 nm: particle 0 starts at 400 K, bath at 300 K")
ax.legend(ncol=2, fontsize="small", loc="center left")
sketch = ax.inset_axes([0.74, 0.5, 0.25, 0.45])  # the cluster seen along z, to scale
for (x, y, _), colour, i in zip(cluster.positions * 1e9, colours, range(6)):
    sketch.add_patch(Circle((x, y), R * 1e9, color=colour))
    sketch.text(x, y, str(i), ha="center", va="center", color="white", fontsize=7)
sketch.set_xlim(-600, 600)
sketch.set_ylim(-600, 600)
sketch.set_aspect("equal")
sketch.tick_params(labelsize=6)
sketch.set_xlabel("x (nm)", fontsize=7, labelpad=1)
sketch.set_ylabel("y (nm)", fontsize=7, labelpad=1)
print(
    "time constants (s):", np.array2string(modes["time_constant"].values, precision=3)
)
plt.show()
