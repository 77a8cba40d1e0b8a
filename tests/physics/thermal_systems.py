"""Grids and systems shared by the thermal tests (steady state, drag, supercurrents).

R = 100 nm everywhere, as in the paper. The grids are the smallest that keep the
numbers the tests check stable to a few per cent (measured when they were written).
"""

import numpy as np

import photodrag
from photodrag import geometry

R = 100e-9

#: The SiC band: 600 points over 1.4e14–2.0e14 rad/s resolve the Fröhlich peak near
#: 1.755e14 rad/s (width ≈ γ = 0.9e12 rad/s) with about 9 points per width.
SIC_BAND = np.linspace(1.4e14, 2.0e14, 600)

#: The InSb band: the isolated-particle resonances near 1.75e14 rad/s (λ ≈ 11 µm), split
#: by ±ω_c/2 ≈ ±5e12 rad/s at 5 T, widths ≈ γ = 1e12 rad/s.
INSB_BAND = np.linspace(1.5e14, 2.0e14, 500)


def broadband(n_sic: int = 600, n_log: int = 100) -> np.ndarray:
    """SIC_BAND plus a logarithmic grid over 1e12–5e15 rad/s outside it, for gold.

    Gold's (Drude) exchange is spread over the whole Planck window; in the crossed SiC/Au
    dimers the Au–Au conductance decides the sign of ΔT_p at h ≈ 4R, so the band matters.
    """
    sic = np.linspace(1.4e14, 2.0e14, n_sic)
    wide = np.geomspace(1e12, 5e15, n_log)
    return np.sort(np.concatenate([sic, wide[(wide < sic[0]) | (wide > sic[-1])]]))


def dimer_spectra(h_over_R: float, materials, omega):
    """Spectra of the paper's two dimers: intra-dimer centre distance 4R, dimer separation h.

    Below h = 3R the System warns (DipoleValidityWarning): a test that goes there expects it.
    """
    system = geometry.dimers(d=4 * R, h=h_over_R * R, radius=R, materials=materials)
    return photodrag.spectra(system, omega)


def insb_rings(B, h_over_R: float = 3.0) -> photodrag.System:
    """Paper Fig. 4: two coaxial rings of 4 InSb particles, neighbour distance 3R, B along the axis (T)."""
    field = None if B is None else (0.0, 0.0, float(B))
    return geometry.coaxial_rings(2, 4, R, "InSb", h=h_over_R * R, neighbour_distance=3 * R, B=field)
