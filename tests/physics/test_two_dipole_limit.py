"""Two isotropic dipoles in the near field: the conductance of Domingues et al.

Domingues, Volz, Joulain & Greffet, PRL 94, 085901 (2005), with the normalisation of
physics.md (the paper's eq. 2 is 3x too small):

    G = 3 / (4π³ d⁶) ∫ dω Im α1 Im α2 ∂Θ/∂T,

valid for kd ≪ 1 (near field) and d ≫ R (no multiple scattering). Spectrally this is
𝒯 = 3 Im α1 Im α2 / (2π² d⁶). Everything on the reference side is written here from
scratch: the SiC permittivity, the radiative-corrected Clausius–Mossotti polarizability
and ∂Θ/∂T from scipy.constants; only the ω grid is shared with photodrag.
"""

import numpy as np
import pytest
from scipy import constants

import photodrag

RADIUS = 5e-9  # m
DISTANCE = 100e-9  # m, centre to centre: d/R = 20, kd ≈ 0.06 at the resonance
# SiC (physics.md): ε∞, ω_L, ω_T, γ in rad/s
EPS_INF, OMEGA_L, OMEGA_T, GAMMA = 6.7, 1.825e14, 1.494e14, 0.9e12

# The Fröhlich resonance (1.755e14 rad/s) has a width γ = 9e11 rad/s; a spacing of
# 1e10 rad/s puts ~90 points across it. The band holds everything but far tails.
OMEGA = np.linspace(1.0e14, 3.0e14, 20001)


def sic_permittivity(omega):
    return EPS_INF * (omega**2 - OMEGA_L**2 + 1j * GAMMA * omega) / (omega**2 - OMEGA_T**2 + 1j * GAMMA * omega)


def polarizability(omega, radius):
    """α = α0 / (1 − i k³ α0 / 6π), α0 = 4πR³ (ε − 1)/(ε + 2), in m³ (scalar, isotropic)."""
    eps = sic_permittivity(omega)
    k = omega / constants.c
    alpha0 = 4 * np.pi * radius**3 * (eps - 1) / (eps + 2)
    return alpha0 / (1 - 1j * k**3 * alpha0 / (6 * np.pi))


def dtheta_dT(omega, T):
    """k_B x² eˣ / (eˣ − 1)², x = ħω/(k_B T); safe for the x ≈ 2…10 of this band."""
    x = constants.hbar * omega / (constants.k * T)
    return constants.k * x**2 * np.exp(x) / np.expm1(x) ** 2


def trapezoid_weights(omega):
    spacing = np.diff(omega)
    weights = np.zeros_like(omega)
    weights[:-1] += spacing / 2
    weights[1:] += spacing / 2
    return weights


@pytest.fixture(scope="module")
def spec():
    system = photodrag.System([[0, 0, 0], [0, 0, DISTANCE]], RADIUS, "SiC")
    return photodrag.spectra(system, OMEGA)


def test_near_field_regime():
    """The reference formula applies: kd ≪ 1 over the band and d ≫ R."""
    assert OMEGA.max() / constants.c * DISTANCE < 0.11
    assert DISTANCE / RADIUS >= 20


def test_spectral_transmission_matches_domingues(spec):
    alpha = polarizability(OMEGA, RADIUS)
    reference = 3 * alpha.imag**2 / (2 * np.pi**2 * DISTANCE**6)
    for emitter, absorber in ((0, 1), (1, 0)):
        computed = spec["transmission"].sel(emitter=emitter, absorber=absorber).values
        np.testing.assert_allclose(computed, reference, rtol=1e-2)


@pytest.mark.parametrize("temperature", [100.0, 300.0, 600.0])
def test_conductance_matches_domingues(spec, temperature):
    alpha = polarizability(OMEGA, RADIUS)
    integrand = 3 / (4 * np.pi**3 * DISTANCE**6) * alpha.imag**2 * dtheta_dT(OMEGA, temperature)
    reference = np.sum(trapezoid_weights(OMEGA) * integrand)
    conductance = photodrag.conductance(spec, temperature)
    assert conductance.attrs["units"] == "W/K"
    for emitter, absorber in ((0, 1), (1, 0)):
        computed = float(conductance.sel(emitter=emitter, absorber=absorber))
        assert computed == pytest.approx(reference, rel=1e-2)


def test_deviation_vanishes_deeper_in_the_limit():
    """The 0.1 % left at R = 5 nm, d = 100 nm is the (kd)² and multiple-scattering
    corrections, not a normalisation error: at R = 1 nm, d = 20 nm (kd ≈ 0.012,
    α/4πd³ ≈ 1e-4) the conductance agrees to 1e-4."""
    radius, distance = 1e-9, 20e-9
    spec = photodrag.spectra(photodrag.System([[0, 0, 0], [distance, 0, 0]], radius, "SiC"), OMEGA)
    alpha = polarizability(OMEGA, radius)
    integrand = 3 / (4 * np.pi**3 * distance**6) * alpha.imag**2 * dtheta_dT(OMEGA, 300.0)
    reference = np.sum(trapezoid_weights(OMEGA) * integrand)
    assert float(photodrag.conductance(spec, 300.0).sel(emitter=0, absorber=1)) == pytest.approx(reference, rel=1e-4)


def test_grid_resolves_the_resonance(spec):
    """The comparison is made on a grid fine enough for the integral to mean something:
    halving the resolution changes the conductance by far less than the tolerance."""
    full = float(photodrag.conductance(spec, 300.0).sel(emitter=0, absorber=1))
    coarse = float(photodrag.conductance(spec.isel(omega=slice(None, None, 2)), 300.0).sel(emitter=0, absorber=1))
    assert coarse == pytest.approx(full, rel=1e-4)
