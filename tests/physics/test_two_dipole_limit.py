"""Two isotropic dipoles in the near field: the conductance of Domingues et al.

Domingues, Volz, Joulain & Greffet, PRL 94, 085901 (2005), with the normalisation of
docs/theory.md (the paper's eq. 2 is 3x too small):

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
# SiC (docs/theory.md): ε∞, ω_L, ω_T, γ in rad/s
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


# --- the magnetic–magnetic channel of two gold spheres -------------------------------------------------------

GOLD_RADIUS = 100e-9      # m: four skin depths, where the magnetic (eddy-current) dipole dominates
GOLD_DISTANCE = 1e-6      # m, centre to centre: d/R = 10; kd ≤ 0.1 over the band below (0.3 % left)
GOLD_OMEGA = np.geomspace(1e12, 3e13, 301)


def gold_magnetic_polarizability(omega, radius):
    """α_H = 6πi b1/k³ in m³ from miepython's b1 (index conj(√ε)), ε from the Drude model written here."""
    import miepython

    omega_p, gamma = 1.371e16, 4e13   # docs/theory.md
    eps = 1 - omega_p**2 / (omega * (omega + 1j * gamma))
    k = omega / constants.c
    _, b = miepython.coefficients(np.conj(np.sqrt(eps)), k * radius, n_pole=1)
    return 6j * np.pi * b[:, 0] / k**3


@pytest.fixture(scope="module")
def gold_spec():
    system = photodrag.System([[0, 0, 0], [0, 0, GOLD_DISTANCE]], GOLD_RADIUS, "Au", dipoles="electric+magnetic",
                              polarizability="mie")
    return photodrag.spectra(system, GOLD_OMEGA, by_dipole=True)


def test_gold_pair_is_in_the_near_field_regime():
    assert GOLD_OMEGA.max() / constants.c * GOLD_DISTANCE < 0.11
    assert GOLD_DISTANCE / GOLD_RADIUS >= 10


def test_magnetic_channel_matches_the_two_dipole_limit(gold_spec):
    """𝒯_{M→M} = 3 Im α_H1 Im α_H2 / (2π² d⁶): Domingues's form with the magnetic polarizability (the field
    Z0 H of a magnetic dipole is k² G0 Z0 m, the same tensor as the electric dipole's), within 1 %."""
    alpha_h = gold_magnetic_polarizability(GOLD_OMEGA, GOLD_RADIUS)
    reference = 3 * alpha_h.imag**2 / (2 * np.pi**2 * GOLD_DISTANCE**6)
    channels = gold_spec["transmission_by_dipole"]
    for emitter, absorber in ((0, 1), (1, 0)):
        computed = channels.sel(emitter=emitter, absorber=absorber, emitter_dipole="magnetic",
                                absorber_dipole="magnetic").values
        np.testing.assert_allclose(computed, reference, rtol=1e-2)


@pytest.mark.parametrize("temperature", [100.0, 300.0])
def test_magnetic_channel_conductance_matches_the_two_dipole_limit(gold_spec, temperature):
    alpha_h = gold_magnetic_polarizability(GOLD_OMEGA, GOLD_RADIUS)
    integrand = 3 / (4 * np.pi**3 * GOLD_DISTANCE**6) * alpha_h.imag**2 * dtheta_dT(GOLD_OMEGA, temperature)
    reference = np.sum(trapezoid_weights(GOLD_OMEGA) * integrand)
    magnetic = gold_spec["transmission_by_dipole"].sel(emitter_dipole="magnetic", absorber_dipole="magnetic")
    spec = gold_spec.assign(transmission=magnetic)
    assert float(photodrag.conductance(spec, temperature).sel(emitter=0, absorber=1)) == pytest.approx(reference,
                                                                                                      rel=1e-2)


def test_magnetic_channel_dominates_gold(gold_spec):
    """Why the magnetic dipole matters: it carries more than 99 % of the gold pair's transmission here."""
    channels = gold_spec["transmission_by_dipole"].sel(emitter=0, absorber=1)
    share = channels.sel(emitter_dipole="magnetic", absorber_dipole="magnetic") / channels.sum(
        ("emitter_dipole", "absorber_dipole"))
    assert float(share.min()) > 0.99
