"""A reservoir is a thermostated body: the thermal solvers' bookkeeping of the surface channel.

Take the spectra of N + 1 particles and call the last one "the surface": its channels to and
from the others become transmission_to_surface and transmission_from_surface of an N-particle
Dataset. Every solver with T_surface = T must then give exactly what it gives for the N + 1
particles with the last one held at T by a thermostat — the surface carries what that
thermostat injects. Independent of how the surface's spectra are computed (photodrag.engine).
"""

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag.thermal import drag, relaxation_modes, supercurrent, supercurrent_to_bath, supercurrent_to_surface


T_S = 310.0


def as_surface(spectra: xr.Dataset) -> xr.Dataset:
    """The spectra of particles 0..N−1 with particle N as their surface."""
    last = spectra.sizes["emitter"] - 1
    keep = np.arange(last)
    out = spectra.isel(emitter=keep, absorber=keep, particle=keep)
    out["transmission_to_surface"] = spectra["transmission"].isel(emitter=keep, absorber=last, drop=True)
    out["transmission_from_surface"] = spectra["transmission"].isel(emitter=last, absorber=keep, drop=True)
    return out


@pytest.fixture(scope="module")
def bodies(mixed_magnetic_spectra):
    """Non-reciprocal spectra (InSb under an oblique field among SiC and Au), and the same with a surface."""
    return mixed_magnetic_spectra, as_surface(mixed_magnetic_spectra)


@pytest.mark.parametrize("model", ["linear", "nonlinear"])
@pytest.mark.parametrize("T_bath", [None, 300.0])
def test_steady_state_with_a_surface_is_a_thermostat(bodies, model, T_bath):
    whole, above = bodies
    last = whole.sizes["emitter"] - 1
    held = photodrag.steady_state(whole, {0: 350.0, last: T_S}, model=model, T_bath=T_bath, T_ref=320.0)
    state = photodrag.steady_state(above, {0: 350.0}, model=model, T_bath=T_bath, T_surface=T_S, T_ref=320.0)
    np.testing.assert_allclose(state["temperature"].values, held["temperature"].values[:last], rtol=1e-12)
    from_body = held["heat_flow"].isel(emitter=last, absorber=slice(0, last)).values  # net heat body → particle
    np.testing.assert_allclose(state["surface_power"].values, from_body, rtol=1e-9,
                               atol=1e-12 * np.abs(from_body).max())
    balance = state["thermostat_power"].sum() + state["bath_power"].sum() + state["surface_power"].sum()
    assert abs(float(balance)) <= 1e-9 * float(abs(state["thermostat_power"]).sum())
    assert state.attrs["surface_temperature_K"] == T_S


def test_equilibrium_with_bath_and_surface(bodies):
    """No thermostat: bath and surface at one temperature hold every particle at it, the persistent
    currents (non-reciprocal particles) closing through the two reservoirs."""
    _, above = bodies
    state = photodrag.steady_state(above, {}, model="nonlinear", T_bath=T_S, T_surface=T_S, T_ref=300.0)
    np.testing.assert_allclose(state["temperature"].values, T_S, rtol=1e-11)


def test_drag_above_a_surface(bodies):
    whole, above = bodies
    last = whole.sizes["emitter"] - 1
    result = drag(above, drive=(0, 1), passive=(2, 3), T_hot=330.0, T_cold=300.0, model="nonlinear", T_surface=T_S)
    state = photodrag.steady_state(whole, {0: 330.0, 1: 300.0, last: T_S}, model="nonlinear", T_ref=300.0)
    expected = state["temperature"].values[2] - state["temperature"].values[3]
    np.testing.assert_allclose(float(result["delta_T_passive"]), expected, rtol=1e-9)


def test_relaxation_with_a_surface_is_a_thermostat(bodies):
    whole, above = bodies
    last = whole.sizes["emitter"] - 1
    T0 = np.linspace(300.0, 340.0, last)
    C = np.full(last + 1, 1e-16)
    t = np.linspace(0.0, 2e-3, 5)
    for T_bath in (300.0, None):
        held = photodrag.relax(whole, np.append(T0, T_S), t, heat_capacity=C, fixed={last: T_S}, T_bath=T_bath,
                               rtol=1e-10, atol=1e-10)
        free = photodrag.relax(above, T0, t, heat_capacity=C[:last], T_bath=T_bath, T_surface=T_S, rtol=1e-10,
                               atol=1e-10)
        np.testing.assert_allclose(free["temperature"].values, held["temperature"].values[:, :last], rtol=1e-7)
    # bath off: what the body's thermostat injects is what the particles receive from the surface
    np.testing.assert_allclose(free["surface_energy"].values, held["thermostat_energy"].values[:, 0],
                               rtol=1e-6, atol=1e-6 * np.abs(held["thermostat_energy"]).max().values)
    assert free.attrs["max_energy_residual_J"] <= 1e-9 * float(abs(free["stored_energy"]).max())


def test_modes_with_a_surface_are_those_of_a_thermostat(bodies):
    whole, above = bodies
    last = whole.sizes["emitter"] - 1
    C = np.full(last + 1, 1e-16)
    held = relaxation_modes(whole, 300.0, heat_capacity=C, fixed={last: 300.0})
    free = relaxation_modes(above, 300.0, heat_capacity=C[:last], T_surface=300.0)
    np.testing.assert_allclose(free["rate"].values, held["rate"].values, rtol=1e-10)


def test_persistent_currents_close_through_bath_and_surface(bodies):
    _, above = bodies
    T = 300.0
    among = supercurrent(above, T).sum("absorber").rename(emitter="particle")
    closing = among + supercurrent_to_bath(above, T) + supercurrent_to_surface(above, T)
    scale = float(abs(supercurrent(above, T)).max())
    assert float(abs(closing).max()) <= 1e-9 * scale


def test_the_surface_is_never_dropped(bodies):
    whole, above = bodies
    with pytest.raises(ValueError, match="surface channel.*give the surface's temperature T_surface"):
        photodrag.steady_state(above, {0: 350.0})
    with pytest.raises(ValueError, match="T_surface = 300.0 was given, but these spectra have no surface channel"):
        photodrag.steady_state(whole, {0: 350.0}, T_surface=300.0)
    with pytest.raises(ValueError, match="surface temperature"):
        photodrag.steady_state(above, {0: 350.0}, T_surface=-1.0)
    with pytest.raises(ValueError, match="no surface channel"):
        supercurrent_to_surface(whole, 300.0)


def test_energy_balance_counts_the_surface(bodies):
    whole, above = bodies
    assert float(photodrag.energy_balance_residual(above).max()) <= 1e-10
    without = above.drop_vars(["transmission_to_surface", "transmission_from_surface"])
    assert float(photodrag.energy_balance_residual(without).max()) > 1e-8
