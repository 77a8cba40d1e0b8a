"""First law of the steady state: the thermostats' powers plus what the bath gives sum to
zero, every free particle is balanced, and the reported flows are the ones that balance.

Checked for both models, bath off and on, one to three thermostats, reciprocal and not.
"""

import numpy as np
import pytest

import photodrag

from thermal_systems import INSB_BAND, SIC_BAND, dimer_spectra, insb_rings


@pytest.fixture(scope="module")
def systems(mixed_magnetic_spectra):
    return {
        "SiC-dimers": dimer_spectra(4.0, "SiC", SIC_BAND),
        "InSb-rings-5T": photodrag.spectra(insb_rings(B=5.0), INSB_BAND),
        "mixed-oblique-B": mixed_magnetic_spectra,
    }


CONFIGURATIONS = {
    "one-thermostat": {0: 350.0},
    "two-thermostats": {0: 350.0, 1: 300.0},
    "three-thermostats": {0: 350.0, 2: 280.0, 3: 320.0},
}


@pytest.mark.parametrize("system", ["SiC-dimers", "InSb-rings-5T", "mixed-oblique-B"])
@pytest.mark.parametrize("configuration", sorted(CONFIGURATIONS))
@pytest.mark.parametrize("method", ["linear", "nonlinear"])
@pytest.mark.parametrize("bath", [None, 310.0], ids=["bath-off", "bath-on"])
def test_power_balance(systems, system, configuration, method, bath):
    fixed = CONFIGURATIONS[configuration]
    state = photodrag.steady_state(systems[system], fixed, model=method, T_ref=300.0, T_bath=bath)
    flow = state["heat_flow"].values
    # what 1 K drives between the best-coupled pair: a scale that does not vanish at equilibrium
    scale = float(photodrag.conductance(systems[system], 300.0).max()) * 1.0

    np.testing.assert_array_equal(flow, -flow.T)  # a net flow, by construction
    received = flow.sum(axis=0) + state["bath_power"].values
    free = ~state["thermostated"].values
    assert np.max(np.abs(received[free])) <= 1e-9 * scale
    assert state.attrs["max_residual_W"] <= 1e-9 * scale

    injected = state["thermostat_power"]
    assert sorted(injected["thermostat"].values.tolist()) == sorted(fixed)
    np.testing.assert_allclose(injected.values, -received[injected["thermostat"].values], rtol=1e-12, atol=0)
    total = float(injected.sum() + state["bath_power"].sum())
    assert abs(total) <= 1e-9 * scale
    if bath is None:
        np.testing.assert_array_equal(state["bath_power"].values, 0.0)
        assert abs(float(injected.sum())) <= 1e-9 * scale

    temperatures = state["temperature"].sel(particle=list(fixed)).values
    np.testing.assert_array_equal(temperatures, list(fixed.values()))


@pytest.mark.parametrize("method", ["linear", "nonlinear"])
def test_bath_alone_sets_every_temperature(systems, method):
    """No thermostat, bath on: the particles come to the bath's temperature, B ≠ 0 included."""
    state = photodrag.steady_state(systems["mixed-oblique-B"], {}, model=method, T_ref=280.0, T_bath=310.0)
    np.testing.assert_allclose(state["temperature"].values, 310.0, rtol=1e-9 if method == "linear" else 1e-12)
    assert state.sizes["thermostat"] == 0


def test_drag_reports_the_hot_thermostat(systems):
    result = photodrag.drag(systems["SiC-dimers"], drive=[0, 1], passive=[2, 3], T_bath=290.0, model="nonlinear")
    assert float(result["hot_thermostat_power"]) == float(result["thermostat_power"].sel(thermostat=0))
    received = result["heat_flow"].sum("emitter")
    assert float(result["J"]) == pytest.approx(float(received.sel(absorber=1) - received.sel(absorber=0)), rel=1e-14)
    # with the bath on the hot thermostat's heat also leaks to the bath: J is no longer 2 P_hot
    assert float(result["J"]) != pytest.approx(2 * float(result["hot_thermostat_power"]), rel=1e-6)
