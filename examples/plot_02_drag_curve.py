"""
Thermal photon drag between two dimers
======================================

Two parallel dimers of spheres (radius R = 100 nm, centres d = 4R apart within a dimer), a
distance h apart. In the drive dimer particle 0 is held at 350 K and particle 1 at 300 K; the
passive dimer (2 facing 0, 3 facing 1) is free. The heat flowing along the drive dimer drags a
temperature difference ΔT_p = T_2 − T_3 along the passive one; the drag resistance is
R_D = ΔT_p / J (paper eqs. 4, 10, 13; linear model, no bath; :doc:`/theory`, section Thermal
drag). Each spectrum is computed on an adaptive ω grid built for these temperatures
(:func:`photodrag.adaptive_spectra`), so SiC's narrow resonance and gold's broad Drude
response are both integrated to 1e-3.

For SiC dimers R_D is positive and falls with h. With crossed materials (SiC/Au facing
Au/SiC) ΔT_p changes sign near h ≈ 4R and stays negative: far apart, the four inter-dimer
conductances share one distance kernel, and the Cauchy–Schwarz inequality makes the diagonal
pairs win (:doc:`/theory`).
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter

import photodrag
from photodrag import geometry

R = 100e-9  # m
heights = np.geomspace(3 * R, 60 * R, 10)  # centre to centre, m
cases = {"SiC dimers": "SiC", "crossed SiC/Au": geometry.CROSSED_SIC_AU}

drag = {}
for label, materials in cases.items():
    rows = []
    for h in heights:
        system = geometry.dimers(4 * R, h, R, materials)
        with (
            warnings.catch_warnings()
        ):  # at h = 3R the dimers are at the dipole model's limit
            warnings.simplefilter("ignore", photodrag.DipoleValidityWarning)
            spec = photodrag.adaptive_spectra(system, T_range=(300.0, 350.0), tol=1e-3)
        result = photodrag.drag(
            spec, drive=(0, 1), passive=(2, 3), T_hot=350.0, T_cold=300.0
        )
        rows.append(
            (float(result["drag_resistance"]), float(result["delta_T_passive"]))
        )
    drag[label] = np.array(rows)

# %%
# The magnitudes of R_D and ΔT_p on log axes: filled markers where positive, open where negative.
fig, (ax, ax_dt) = plt.subplots(1, 2, figsize=(9.0, 4.0), layout="constrained")
for (label, values), colour in zip(drag.items(), ("#0072B2", "#D55E00")):
    for axes, y in ((ax, values[:, 0]), (ax_dt, values[:, 1])):
        axes.loglog(heights / R, np.abs(y), color=colour, linewidth=1, label=label)
        axes.loglog(heights[y > 0] / R, y[y > 0], "o", color=colour, markersize=4)
        axes.loglog(
            heights[y < 0] / R,
            -y[y < 0],
            "o",
            markerfacecolor="white",
            markeredgecolor=colour,
            markersize=4,
        )
ax.plot([], [], "ko", markersize=4, label="> 0")
ax.plot(
    [], [], "o", markerfacecolor="white", markeredgecolor="k", markersize=4, label="< 0"
)
for axes in (ax, ax_dt):
    axes.set_xticks([3, 5, 10, 20, 50], ["3", "5", "10", "20", "50"])
    axes.xaxis.set_minor_formatter(NullFormatter())
ax.set_xlabel("dimer separation $h/R$ (centre to centre)")
ax.set_ylabel(r"drag resistance $|R_D|$ (K/W)")
ax.legend(fontsize="small")
ax_dt.set_xlabel("dimer separation $h/R$ (centre to centre)")
ax_dt.set_ylabel(r"passive temperature difference $|\Delta T_p|$ (K)")
fig.suptitle(
    "Drag between two dimers, R = 100 nm, d = 4R; 350 K and 300 K on the drive dimer"
)
plt.show()
