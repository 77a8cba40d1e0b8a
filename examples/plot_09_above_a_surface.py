"""
Two spheres above a surface
===========================

Two SiC spheres (radius 50 nm) 2 µm apart exchange heat through the free field, and, above a
SiC half-space, through its surface phonon polariton as well (:doc:`/theory`, section Particles
above a surface). Their conductance against their common height z shows both: near the surface
the polariton carries the exchange, tens of times the free field's at z of a few hundred nm, and
far above it the two curves meet. Very close to the surface each sphere's heat goes into the
surface itself (its own conductance to the surface, lower panel), which takes heat from the pair.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter

import photodrag

R = 50e-9  # sphere radius, m
T = 300.0  # K
apart = 2e-6  # centre to centre, m
omega = np.linspace(1.45e14, 1.95e14, 400)  # rad/s, SiC's Reststrahlen band
heights = np.geomspace(80e-9, 3e-6, 10)  # centre above the surface, m
surface = photodrag.Surface("SiC")

# %%
# One spectra call per height above the surface; in vacuum the height does not matter.
pair_above, to_surface = [], []
for z in heights:
    system = photodrag.System([[0, 0, z], [apart, 0, z]], R, "SiC", surface=surface)
    spec = photodrag.spectra(system, omega)
    pair_above.append(float(photodrag.conductance(spec, T).sel(emitter=0, absorber=1)))
    to_surface.append(float(photodrag.surface_conductance(spec, T)[0].sel(emitter=0)))
vacuum = photodrag.spectra(photodrag.System([[0, 0, 0], [apart, 0, 0]], R, "SiC"), omega)
pair_vacuum = float(photodrag.conductance(vacuum, T).sel(emitter=0, absorber=1))

fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 5.6), sharex=True, layout="constrained")
top.loglog(heights * 1e9, pair_above, "o-", color="#0072B2", label="above a SiC surface")
top.axhline(pair_vacuum, color="#D55E00", linestyle="--", label="in vacuum")
top.set_ylabel("pair conductance $G_{01}$ (W/K)")
top.legend(frameon=False)
bottom.loglog(heights * 1e9, to_surface, "s-", color="#009E73")
bottom.set_ylabel("sphere to surface (W/K)")
bottom.set_xlabel("height z of the centres above the surface (nm)")
for axes in (top, bottom):
    axes.yaxis.set_minor_formatter(NullFormatter())  # decades only: the minor labels crowd a log axis
top.set_title(f"two SiC spheres, R = 50 nm, {apart * 1e6:g} µm apart, T = {T:g} K", fontsize=9)
plt.show()

# %%
# The surface's gain, G above / G in vacuum, at each height:
for z, g in zip(heights, pair_above):
    print(f"z = {z * 1e9:7.0f} nm: {g / pair_vacuum:6.1f}x")
