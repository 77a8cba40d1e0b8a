"""Planck's oscillator energy Θ(ω, T) = ħω/(e^{ħω/k_BT} − 1) and ∂Θ/∂T.

Checked against the direct formulas where they are safe, the classical (x ≪ 1) and
Wien (x ≫ 1) limits, a finite difference in T, the closed-form integrals over ω, and for
finite, warning-free results at extreme ω and T. x = ħω/(k_B T) throughout.
"""

import warnings

import numpy as np
import pytest
from scipy import constants, integrate

from photodrag import planck

HBAR_OVER_K = constants.hbar / constants.k  # s·K


def omega_for(x, T):
    """The ω (rad/s) at which ħω/(k_B T) = x."""
    return x * T / HBAR_OVER_K


def direct_theta(omega, T):
    return constants.hbar * omega / np.expm1(constants.hbar * omega / (constants.k * T))


def direct_dtheta_dT(omega, T):
    x = constants.hbar * omega / (constants.k * T)
    return constants.k * x**2 * np.exp(x) / np.expm1(x) ** 2


@pytest.mark.parametrize("T", [3.0, 300.0, 5000.0])
def test_direct_formulas(T):
    x = np.geomspace(1e-3, 50, 200)
    omega = omega_for(x, T)
    np.testing.assert_allclose(planck.theta(omega, T), direct_theta(omega, T), rtol=1e-12)
    np.testing.assert_allclose(planck.dtheta_dT(omega, T), direct_dtheta_dT(omega, T), rtol=1e-12)


@pytest.mark.parametrize("T", [1e-3, 300.0, 1e6])
def test_classical_limit(T):
    """x ≪ 1: Θ = k_B T (1 − x/2 + x²/12 − …), ∂Θ/∂T = k_B (1 − x²/12 + …)."""
    x = np.geomspace(1e-20, 1e-3, 50)
    omega = omega_for(x, T)
    np.testing.assert_allclose(planck.theta(omega, T), constants.k * T * (1 - x / 2 + x**2 / 12), rtol=1e-11)
    np.testing.assert_allclose(planck.dtheta_dT(omega, T), constants.k * (1 - x**2 / 12), rtol=1e-11)


@pytest.mark.parametrize("T", [1e-3, 300.0, 1e6])
def test_wien_limit(T):
    """x ≫ 1: Θ = ħω e^{−x} (1 + e^{−x} + …), ∂Θ/∂T = k_B x² e^{−x} (1 + 2e^{−x} + …)."""
    x = np.linspace(40, 700, 100)
    omega = omega_for(x, T)
    decay = np.exp(-x)
    np.testing.assert_allclose(planck.theta(omega, T), constants.hbar * omega * decay * (1 + decay), rtol=1e-12)
    np.testing.assert_allclose(planck.dtheta_dT(omega, T), constants.k * x**2 * decay * (1 + 2 * decay), rtol=1e-12)


@pytest.mark.parametrize("T", [10.0, 300.0, 2000.0])
def test_derivative_is_the_finite_difference(T):
    omega = omega_for(np.geomspace(1e-2, 40, 80), T)
    step = 1e-5 * T  # truncation error ~ (x step / T)² / 6 ≤ 3e-8 at x = 40
    difference = (planck.theta(omega, T + step) - planck.theta(omega, T - step)) / (2 * step)
    np.testing.assert_allclose(planck.dtheta_dT(omega, T), difference, rtol=1e-6)


@pytest.mark.parametrize("T", [50.0, 300.0])
def test_integrals_over_frequency(T):
    """∫₀^∞ Θ dω = (π²/6) (k_B T)²/ħ and ∫₀^∞ ∂Θ/∂T dω = (π²/3) k_B² T/ħ."""
    scale = constants.k * T / constants.hbar  # ω at x = 1
    theta_integral, _ = integrate.quad(lambda x: planck.theta(x * scale, T), 1e-30, 200, epsabs=0, epsrel=1e-12, limit=200)
    dtheta_integral, _ = integrate.quad(lambda x: planck.dtheta_dT(x * scale, T), 1e-30, 200, epsabs=0, epsrel=1e-12, limit=200)
    assert theta_integral * scale == pytest.approx(np.pi**2 / 6 * (constants.k * T) ** 2 / constants.hbar, rel=1e-9)
    assert dtheta_integral * scale == pytest.approx(np.pi**2 / 3 * constants.k**2 * T / constants.hbar, rel=1e-9)


def test_extremes_are_finite_and_silent():
    """ω from 1e-5 to 1e18 rad/s and T from 1e-3 to 1e6 K (x from 8e-23 to 8e9): finite,
    non-negative, bounded by the classical values, and no warning or floating-point error
    (underflow of e^{−x} to zero is the right answer and is allowed)."""
    omega = np.geomspace(1e-5, 1e18, 93)[:, None]
    T = np.geomspace(1e-3, 1e6, 37)[None, :]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            theta = planck.theta(omega, T)
            dtheta = planck.dtheta_dT(omega, T)
    assert theta.shape == dtheta.shape == (93, 37)
    for values in (theta, dtheta):
        assert np.all(np.isfinite(values))
        assert np.all(values >= 0)
    assert np.all(theta <= constants.k * T * (1 + 1e-12))
    assert np.all(dtheta <= constants.k * (1 + 1e-12))
    # the corners: fully classical and fully frozen out
    assert theta[0, -1] == pytest.approx(constants.k * 1e6, rel=1e-12)
    assert dtheta[0, -1] == pytest.approx(constants.k, rel=1e-12)
    assert theta[-1, 0] == 0 and dtheta[-1, 0] == 0


def test_monotonic_in_temperature_and_frequency():
    omega = np.geomspace(1e10, 1e16, 61)
    T = np.geomspace(1.0, 1e4, 41)
    theta = planck.theta(omega[:, None], T[None, :])
    assert np.all(np.diff(theta, axis=1) >= 0)  # hotter holds more energy per mode
    assert np.all(np.diff(theta, axis=0) <= 0)  # higher modes hold less
    dtheta = planck.dtheta_dT(omega[:, None], T[None, :])
    assert np.all(dtheta >= 0)
    assert np.all(dtheta[omega[:, None] * HBAR_OVER_K / T[None, :] < 700] > 0)  # zero only where e^{−x} underflows


@pytest.mark.parametrize("T", [0.0, -1.0, np.nan, np.inf])
def test_bad_temperature(T):
    with pytest.raises(ValueError, match="temperature"):
        planck.theta(1e14, T)
    with pytest.raises(ValueError, match="temperature"):
        planck.dtheta_dT(1e14, T)
