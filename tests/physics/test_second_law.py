"""Second law: heat never flows from cold to hot between two particles, and a many-body
steady state never destroys entropy.

Two dipoles exchange reciprocally even under a field (𝒯_{1→2} = 𝒯_{2→1}, checked by the
engine's tests), so the net flow ∫ dω/2π (Θ_hot − Θ_cold) 𝒯 is positive. In a
non-reciprocal many-body system single pairs may carry heat against their temperature
difference (the persistent currents), but the reservoirs (thermostats and bath) still see
a non-negative entropy production Σ_r Q_r / T_r, Q_r the heat a reservoir receives.
"""

import contextlib

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import photodrag

from physics_systems import BAND, scattered_positions
from thermal_systems import INSB_BAND, R, broadband, insb_rings

PAIRS = {
    "SiC-SiC": (["SiC", "SiC"], None),
    "SiC-Au": (["SiC", "Au"], None),
    "Au-Au": (["Au", "Au"], None),
    "InSb-InSb-oblique-B": (["InSb", "InSb"], (1.0, -2.0, 4.0)),
    "InSb-SiC-oblique-B": (["InSb", "SiC"], (3.0, 1.0, -2.0)),
    "InSb-ZhuFan-InSb-axial-B": (["InSb-ZhuFan", "InSb"], (0.0, 0.0, 5.0)),
}
TEMPERATURE_PAIRS = [(301.0, 300.0), (300.0, 301.0), (300.0 + 1e-3, 300.0), (1000.0, 10.0), (10.0, 1000.0)]


#: Two spheres 5 nm apart (gap 0.05R), exact with multipoles to L = 6: far outside the dipole model.
TOUCHING = {"SiC-Au-gap-5nm-multipoles": ["SiC", "Au"]}


@pytest.fixture(scope="module", params=sorted(PAIRS) + sorted(TOUCHING))
def pair_spectra(request):
    if request.param in TOUCHING:
        system = photodrag.System([[0, 0, 0], [0, 0, 2.05 * R]], R, TOUCHING[request.param], multipole_order=6)
        return photodrag.spectra(system, broadband(n_sic=30, n_log=16))
    materials, B = PAIRS[request.param]
    system = photodrag.System([[0, 0, 0], [1.0 * R, 2.0 * R, 3.0 * R]], [R, 1.2 * R], materials, B=B)
    return photodrag.spectra(system, broadband(n_sic=200, n_log=60))


@pytest.mark.parametrize("method", ["linear", "nonlinear"])
@pytest.mark.parametrize("bath", [None, 300.0], ids=["bath-off", "bath-on"])
@pytest.mark.parametrize("temperatures", TEMPERATURE_PAIRS, ids=lambda t: f"{t[0]:g}K-{t[1]:g}K")
def test_two_particles_heat_flows_from_hot_to_cold(pair_spectra, method, bath, temperatures):
    T0, T1 = temperatures
    far = method == "linear" and max(T0, T1) > 2 * min(T0, T1)  # the linearisation outside its range says so
    with pytest.warns(photodrag.thermal.LinearisationWarning) if far else contextlib.nullcontext():
        state = photodrag.steady_state(pair_spectra, {0: T0, 1: T1}, model=method, T_ref=min(T0, T1), T_bath=bath)
    hot, cold = (0, 1) if T0 > T1 else (1, 0)
    assert float(state["heat_flow"].sel(emitter=hot, absorber=cold)) > 0


@pytest.mark.parametrize("T_bath, T_fixed", [(300.0, 350.0), (350.0, 300.0)])
def test_free_particle_between_its_reservoirs(pair_spectra, T_bath, T_fixed):
    """One particle thermostated, the other free, bath on: the free one ends between the two."""
    state = photodrag.steady_state(pair_spectra, {0: T_fixed}, model="nonlinear", T_bath=T_bath)
    free = float(state["temperature"].sel(particle=1))
    assert min(T_bath, T_fixed) < free < max(T_bath, T_fixed)


def entropy_production(state):
    """Σ_r Q_r / T_r in W/K over the thermostats and the bath (Q_r: heat the reservoir receives)."""
    T_fixed = state["temperature"].sel(particle=state["thermostat"]).values
    total = float(np.sum(-state["thermostat_power"].values / T_fixed))
    if state.attrs["bath"] == "on":
        total += float(-state["bath_power"].sum()) / state.attrs["bath_temperature_K"]
    return total


@pytest.fixture(scope="module")
def many_body(mixed_magnetic_spectra):
    return {
        "InSb-rings-5T": photodrag.spectra(insb_rings(B=5.0), INSB_BAND),
        "mixed-oblique-B": mixed_magnetic_spectra,
    }


@pytest.mark.parametrize("system", ["InSb-rings-5T", "mixed-oblique-B"])
@pytest.mark.parametrize(
    "fixed, bath",
    [({0: 350.0, 1: 300.0}, None), ({0: 350.0, 1: 300.0}, 320.0), ({2: 300.0}, 400.0), ({0: 290.0, 3: 310.0, 4: 300.0}, 305.0)],
    ids=["two-thermostats", "two-thermostats-bath", "one-thermostat-bath", "three-thermostats-bath"],
)
def test_many_body_entropy_production_is_positive(many_body, system, fixed, bath):
    state = photodrag.steady_state(many_body[system], fixed, model="nonlinear", T_bath=bath)
    scale = float(abs(state["thermostat_power"]).max()) / max(fixed.values())
    assert entropy_production(state) > 1e-6 * scale


@pytest.mark.parametrize("method", ["linear", "nonlinear"])
def test_hot_thermostat_injects_heat(many_body, method):
    """Bath off, two thermostats: the hot one gives heat, the cold one takes it (B ≠ 0 included)."""
    state = photodrag.steady_state(many_body["InSb-rings-5T"], {0: 350.0, 5: 300.0}, model=method)
    assert float(state["thermostat_power"].sel(thermostat=0)) > 0
    assert float(state["thermostat_power"].sel(thermostat=5)) < 0


def test_uniform_state_produces_no_entropy(many_body):
    """Everything at one temperature with the bath on: no heat enters or leaves any reservoir,
    although persistent currents flow between the particles."""
    spec = many_body["mixed-oblique-B"]
    state = photodrag.steady_state(spec, {0: 300.0, 3: 300.0}, model="nonlinear", T_bath=300.0)
    scale = float(abs(state["heat_flow"]).max())
    assert scale > 0
    assert float(abs(state["thermostat_power"]).max()) <= 1e-9 * scale
    np.testing.assert_allclose(state["temperature"].values, 300.0, rtol=1e-12)
    np.testing.assert_allclose(state["heat_flow"].values, photodrag.supercurrent(spec, 300.0).values,
                               rtol=0, atol=1e-9 * scale)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(2, 5),
    seed=st.integers(0, 10_000),
    field=st.tuples(*[st.floats(-8, 8)] * 3),
    names=st.lists(st.sampled_from(["SiC", "Au", "InSb", "InSb-ZhuFan"]), min_size=5, max_size=5),
    temperatures=st.lists(st.floats(100.0, 600.0), min_size=5, max_size=5),
    held=st.lists(st.booleans(), min_size=5, max_size=5),
    bath=st.one_of(st.none(), st.floats(100.0, 600.0)),
)
def test_random_systems_produce_entropy_and_balance(n, seed, field, names, temperatures, held, bath):
    """Random geometry, materials, field, thermostats and bath: the exact steady state keeps the
    first law (thermostats + bath sum to zero) and the second (entropy production ≥ 0)."""
    fixed = {i: temperatures[i] for i in range(n) if held[i]}
    if not fixed and bath is None:
        fixed = {0: temperatures[0]}
    radius = 40e-9
    system = photodrag.System(scattered_positions(n, radius, seed), radius, names[:n], B=field)
    spec = photodrag.spectra(system, BAND[::3])
    state = photodrag.steady_state(spec, fixed, model="nonlinear", T_bath=bath)
    # W driven by 1 K on the best channel; the bath channels count too: a lone SiC sphere's
    # exchange with the bath can exceed its exchange with a gold neighbour by 1e4
    to_bath, from_bath = photodrag.bath_conductance(spec, 300.0)
    scale = max(float(photodrag.conductance(spec, 300.0).max()), float(to_bath.max()), float(from_bath.max())) * 1.0
    assert abs(float(state["thermostat_power"].sum() + state["bath_power"].sum())) <= 1e-9 * scale
    assert np.all(np.isfinite(state["temperature"].values))
    assert entropy_production(state) >= -1e-9 * scale / 100.0


@pytest.mark.parametrize("fixed, bath", [({0: 350.0, 1: 300.0}, None), ({0: 350.0, 3: 300.0}, 320.0), ({2: 300.0}, 400.0)],
                         ids=["two-thermostats", "two-thermostats-bath", "one-thermostat-bath"])
def test_multipole_cluster_produces_entropy(multipole_cluster_spectra, fixed, bath):
    state = photodrag.steady_state(multipole_cluster_spectra, fixed, model="nonlinear", T_bath=bath)
    scale = float(abs(state["thermostat_power"]).max()) / max(fixed.values())
    assert entropy_production(state) > 1e-6 * scale
