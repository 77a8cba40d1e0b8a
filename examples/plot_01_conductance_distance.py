"""
Two spheres: conductance against distance
=========================================

The thermal conductance between two SiC spheres (radius 50 nm) at 300 K, against their
centre-to-centre distance d, with the two-dipole near-field law of Domingues et al. (PRL 94,
085901, 2005) that fixes photodrag's normalisation (:doc:`/theory`, section Normalisation):

.. math::

   G = \\frac{3}{4\\pi^3 d^6}\\int_0^\\infty d\\omega\\;
       \\mathrm{Im}\\,\\alpha_1\\,\\mathrm{Im}\\,\\alpha_2\\,\\frac{\\partial\\Theta}{\\partial T}.

The law holds from a few radii to about a micrometre. Closer, the coupling of the two
spheres splits their common resonance and G stays below it (multiple scattering, which the law
leaves out); beyond kd ≈ 1 (d ≈ λ/2π ≈ 1.7 µm at the Fröhlich mode) the propagating field
takes over and G falls more slowly than d⁻⁶.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter
from scipy.constants import c, hbar, k as k_B

import photodrag

R = 50e-9  # sphere radius, m
T = 300.0  # K
omega = np.linspace(1.45e14, 1.95e14, 3001)  # rad/s, over SiC's Fröhlich resonance
distances = np.geomspace(3 * R, 6e-6, 25)  # centre to centre, m

# %%
# One spectra call per distance; the conductance integrates over the same ω grid.
conductance = []
for d in distances:
    system = photodrag.System([[0, 0, 0], [d, 0, 0]], R, "SiC")
    spec = photodrag.spectra(system, omega)
    conductance.append(float(photodrag.conductance(spec, T).sel(emitter=0, absorber=1)))

# %%
# The two-dipole law from the quasi-static polarizability α = 4πR³(ε − 1)/(ε + 2) of the same
# material model (photodrag.material), with ∂Θ/∂T written out.
eps = photodrag.material("SiC").epsilon(omega)[:, 0, 0]
im_alpha = np.imag(4 * np.pi * R**3 * (eps - 1) / (eps + 2))
x = hbar * omega / (k_B * T)
dtheta_dT = k_B * x**2 * np.exp(x) / np.expm1(x) ** 2
law = 3 / (4 * np.pi**3 * distances**6) * np.trapezoid(im_alpha**2 * dtheta_dT, omega)

omega_F = omega[np.argmax(im_alpha)]  # the Fröhlich resonance of one sphere
fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
ax.loglog(
    distances * 1e9,
    conductance,
    "o",
    color="#0072B2",
    label="photodrag, two SiC spheres",
)
ax.loglog(
    distances * 1e9,
    law,
    "--",
    color="#D55E00",
    label=r"two-dipole law $\propto d^{-6}$ (Domingues 2005)",
)
ax.axvline(c / omega_F * 1e9, color="0.5", linestyle=":", linewidth=1)
ax.text(c / omega_F * 1e9 * 1.08, law[0] * 1e-3, "$kd = 1$", color="0.4")
ax.set_xticks([200, 500, 1000, 2000, 5000], ["200", "500", "1000", "2000", "5000"])
ax.xaxis.set_minor_formatter(NullFormatter())
ax.set_xlabel("centre-to-centre distance $d$ (nm)")
ax.set_ylabel("conductance $G_{0\\to 1}$ at 300 K (W/K)")
ax.set_title(f"Two SiC spheres, R = {R * 1e9:.0f} nm")
ax.legend()
plt.show()
