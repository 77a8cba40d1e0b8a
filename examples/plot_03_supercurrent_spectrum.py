"""
Heat supercurrent spectrum of two InSb rings
============================================

Two coaxial rings of four InSb spheres (R = 100 nm, neighbours 3R apart centre to centre, the
rings 3R apart) under a magnetic field along their axis, the geometry of the paper's Fig. 4.
At one uniform temperature a non-reciprocal system carries persistent heat currents; their
spectrum is 𝒯_{i→j}(ω) − 𝒯_{j→i}(ω) (:func:`photodrag.thermal.supercurrent_spectrum`,
:doc:`/theory`, section Heat supercurrents). Reversing the field reverses the spectrum
exactly (Onsager): the figure, drawn by photodrag's own plotting (the workflow's
``supercurrent_spectrum`` figure kind), draws the −5 T curve negated, on top of the +5 T one.
"""

import matplotlib.pyplot as plt
import numpy as np

import photodrag
from photodrag import geometry, plots, thermal

R = 100e-9  # m
omega = np.linspace(
    1.6e14, 1.9e14, 3000
)  # rad/s, over the magneto-optically split resonance
datasets = {}
for B in (5.0, -5.0):
    rings = geometry.coaxial_rings(
        2, 4, R, "InSb", h=3 * R, neighbour_distance=3 * R, B=(0, 0, B)
    )
    spec = photodrag.spectra(rings, omega)
    datasets[f"B = {B:+g} T"] = spec.assign(
        supercurrent_spectrum=thermal.supercurrent_spectrum(spec)
    )

# %%
# Neighbours 0 and 1 on the first ring. The room temperature supercurrent itself, in W:
phi = thermal.supercurrent(datasets["B = +5 T"], 300.0).sel(emitter=0, absorber=1)
print(f"supercurrent from 0 to 1 at 300 K, +5 T: {float(phi):.3e} W")

figure = plots.draw(
    "supercurrent_spectrum",
    datasets,
    {"pair": [0, 1], "width_in": 8.0, "height_in": 4.5},
)
plt.figure(figure)  # hand photodrag's figure to pyplot, which shows it
plt.show()
