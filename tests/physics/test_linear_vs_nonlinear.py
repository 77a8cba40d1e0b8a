"""The linear model is the first-order expansion of the exact balance: their temperatures
agree as T_hot − T_cold → 0 with an error falling like ΔT².

Both expand about T_ref = T_cold. For a non-reciprocal system the bath is on at T_ref, so
that the uniform state is an exact steady state (the persistent currents close through the
bath, docs/theory.md energy balance) and the expansion point is a solution of both models.
"""

import numpy as np
import pytest

import photodrag

from thermal_systems import INSB_BAND, SIC_BAND, dimer_spectra, insb_rings

T_COLD = 300.0
STEPS_K = np.array([8.0, 4.0, 2.0, 1.0, 0.5])


@pytest.fixture(scope="module")
def sic_dimers():
    return dimer_spectra(4.0, "SiC", SIC_BAND)


@pytest.fixture(scope="module")
def insb_rings_5T():
    return photodrag.spectra(insb_rings(B=5.0), INSB_BAND)


def discrepancy(spec, dT, bath):
    """max |T_linear − T_nonlinear| over all particles, in K, for thermostats 0 (T_cold + dT) and 1 (T_cold)."""
    fixed = {0: T_COLD + dT, 1: T_COLD}
    linear = photodrag.steady_state(spec, fixed, model="linear", T_ref=T_COLD, T_bath=bath)
    exact = photodrag.steady_state(spec, fixed, model="nonlinear", T_ref=T_COLD, T_bath=bath)
    return float(abs(linear["temperature"] - exact["temperature"]).max())


def convergence_order(spec, bath):
    errors = np.array([discrepancy(spec, dT, bath) for dT in STEPS_K])
    assert np.all(errors > 0)
    return np.polyfit(np.log(STEPS_K), np.log(errors), 1)[0], errors


@pytest.mark.parametrize("bath", [None, T_COLD], ids=["bath-off", "bath-on"])
def test_sic_dimers_second_order(sic_dimers, bath):
    order, errors = convergence_order(sic_dimers, bath)
    assert order == pytest.approx(2.0, abs=0.05), errors
    assert errors[-1] < 1e-3


def test_nonreciprocal_rings_second_order(insb_rings_5T):
    order, errors = convergence_order(insb_rings_5T, bath=T_COLD)
    assert order == pytest.approx(2.0, abs=0.05), errors


def test_uniform_temperature_is_exact_in_both(insb_rings_5T):
    """ΔT = 0 with the bath at the same T: every particle stays at T, linear or not, B ≠ 0."""
    for method in ("linear", "nonlinear"):
        state = photodrag.steady_state(insb_rings_5T, {0: T_COLD}, model=method, T_ref=T_COLD, T_bath=T_COLD)
        np.testing.assert_allclose(state["temperature"].values, T_COLD, rtol=1e-12)
