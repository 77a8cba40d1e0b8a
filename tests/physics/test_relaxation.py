"""Heat in time (photodrag.relax, photodrag.relaxation_modes) against independent results:

* two particles in the linear limit: ΔT(t) = ΔT(0) exp(−G (1/C1 + 1/C2) t), with G from
  photodrag.conductance (a separate integration of the same spectra);
* energy: Σ C_i ΔT_i = bath energy + thermostat energies at every output time, and those
  energies are the time integrals of the reported powers;
* the long-time limit is photodrag.steady_state (nonlinear), or, for an isolated cluster,
  the common temperature fixed by energy conservation;
* small deviations follow the matrix exponential of relaxation_modes' rate matrix and its
  eigen-decomposition, under a field too (complex rates included, nothing symmetrised).
"""

import numpy as np
import pytest
from scipy.integrate import simpson
from scipy.linalg import expm

import photodrag
from photodrag import geometry

from thermal_systems import INSB_BAND, R, SIC_BAND

T = 300.0


def square(material, B):
    """Four particles on a square, neighbours 3R apart, B (T) along its normal +z."""
    field = None if B is None else (0.0, 0.0, float(B))
    return geometry.coaxial_rings(1, 4, R, material, h=3 * R, neighbour_distance=3 * R, B=field)


@pytest.fixture(scope="module")
def sic_pair():
    """Two SiC spheres of unequal radii (so that C1 ≠ C2), centres 4R apart."""
    system = photodrag.System([[0, 0, 0], [4 * R, 0, 0]], [R, 1.2 * R], "SiC")
    return photodrag.spectra(system, SIC_BAND)


@pytest.fixture(scope="module")
def insb_square():
    """InSb square keyed by B_z (T); 5 T makes the exchange non-reciprocal."""
    return {B: photodrag.spectra(square("InSb", B), INSB_BAND) for B in (0.0, 5.0)}


def test_two_particles_relax_exponentially(sic_pair):
    C = photodrag.relax(sic_pair, [T, T], [0.0, 1.0])["heat_capacity"].values
    G = float(photodrag.conductance(sic_pair, T).sel(emitter=0, absorber=1))
    rate = G * (1 / C[0] + 1 / C[1])
    delta = 1e-3  # K: the linear limit, nonlinear corrections ~ delta / T
    T0 = T + delta * np.array([C[1], -C[0]]) / C.sum()  # the final temperature is T
    t = np.linspace(0, 3 / rate, 13)
    result = photodrag.relax(sic_pair, T0, t, rtol=1e-12, atol=1e-13)
    difference = (result["temperature"].sel(particle=0) - result["temperature"].sel(particle=1)).values
    np.testing.assert_allclose(difference, delta * np.exp(-rate * t), rtol=5e-5)


def test_radau_agrees_with_bdf(mixed_magnetic_spectra):
    options = dict(fixed={1: 330.0}, T_bath=T, rtol=1e-10, atol=1e-10)
    T0 = [350.0, 330.0, 290.0, 310.0, 340.0]
    t = np.linspace(0, 0.05, 6)
    bdf = photodrag.relax(mixed_magnetic_spectra, T0, t, integrator="BDF", **options)
    radau = photodrag.relax(mixed_magnetic_spectra, T0, t, integrator="Radau", **options)
    assert radau.attrs["method"] == "Radau"
    np.testing.assert_allclose(radau["temperature"].values, bdf["temperature"].values, rtol=0, atol=1e-6)


def test_isolated_cluster_conserves_energy_and_equilibrates(sic_pair):
    """No bath, no thermostat: Σ C_i T_i is constant and both end at the same temperature."""
    result = photodrag.relax(sic_pair, [360.0, 300.0], np.linspace(0, 0.2, 5), rtol=1e-10, atol=1e-10)
    C = result["heat_capacity"].values
    final = result["temperature"].isel(time=-1).values
    np.testing.assert_allclose(final, (C @ [360.0, 300.0]) / C.sum(), rtol=1e-9)
    np.testing.assert_allclose(result["stored_energy"].values, 0.0, atol=1e-12 * C.sum() * 60)
    assert result.sizes["thermostat"] == 0


@pytest.fixture(scope="module")
def mixed_relaxation(mixed_magnetic_spectra):
    """The five-particle SiC/Au/InSb system under an oblique field, bath on, particle 1 thermostated."""
    capacity = photodrag.relax(mixed_magnetic_spectra, np.full(5, T), [0.0, 1.0])["heat_capacity"].values
    modes = photodrag.relaxation_modes(mixed_magnetic_spectra, T, fixed={1: 330.0}, T_bath=T)
    t = np.linspace(0, 3 * float(modes["time_constant"].max()), 401)
    T0 = np.array([350.0, 330.0, 290.0, 310.0, 340.0])
    result = photodrag.relax(mixed_magnetic_spectra, T0, t, fixed={1: 330.0}, T_bath=T)
    return result, capacity, T0


def test_energy_is_conserved(mixed_relaxation):
    result, capacity, T0 = mixed_relaxation
    stored = ((result["temperature"] - T0) * capacity).sum("particle").values
    np.testing.assert_allclose(result["stored_energy"].values, stored, rtol=1e-12)
    balance = result["bath_energy"] + result["thermostat_energy"].sum("thermostat")
    scale = float(np.max(np.abs(stored)))
    assert scale > 0
    # a linear invariant of the equations: kept to round-off, well inside the solver's tolerance
    assert float(np.max(np.abs(stored - balance.values))) <= 1e-10 * scale
    assert result.attrs["max_energy_residual_J"] <= 1e-10 * scale


def test_energies_are_the_integrals_of_the_powers(mixed_relaxation):
    result = mixed_relaxation[0]
    t = result["time"].values
    bath = simpson(result["bath_power"].sum("particle").values, x=t)
    thermostat = simpson(result["thermostat_power"].sel(thermostat=1).values, x=t)
    pairs = ((bath, result["bath_energy"]), (thermostat, result["thermostat_energy"].sel(thermostat=1)))
    for integral, energy in pairs:
        assert abs(float(energy[-1])) > 0
        assert integral == pytest.approx(float(energy[-1]), rel=1e-4)


def test_power_is_heat_capacity_times_rate(mixed_relaxation):
    """For a free particle the reported power is C dT/dt (checked by finite differences)."""
    result, capacity, _ = mixed_relaxation
    t = result["time"].values
    rate = np.gradient(result["temperature"].values, t, axis=0, edge_order=2)
    free = [0, 2, 3, 4]
    power = result["power"].values[:, free]
    np.testing.assert_allclose(rate[5:-5, free] * capacity[free], power[5:-5], rtol=2e-3,
                               atol=2e-3 * np.abs(power).max())
    np.testing.assert_array_equal(result["thermostat_power"].sel(thermostat=1).values, -result["power"].values[:, 1])


@pytest.mark.parametrize("B", [0.0, 5.0])
@pytest.mark.parametrize("bath", [None, T], ids=["bath-off", "bath-on"])
def test_long_time_limit_is_the_steady_state(insb_square, B, bath):
    spec = insb_square[B]
    fixed = {0: 330.0} if bath is None else {0: 330.0, 2: 310.0}
    modes = photodrag.relaxation_modes(spec, T, fixed=fixed, T_bath=bath)
    t_end = 40 * float(modes["time_constant"].max())
    T0 = np.array([330.0, 280.0, 310.0 if bath else 300.0, 350.0])
    result = photodrag.relax(spec, T0, [0.0, t_end / 2, t_end], fixed=fixed, T_bath=bath, rtol=1e-10, atol=1e-10)
    state = photodrag.steady_state(spec, fixed, model="nonlinear", T_bath=bath)
    np.testing.assert_allclose(result["temperature"].isel(time=-1).values, state["temperature"].values,
                               rtol=0, atol=1e-7)
    scale = float(abs(result["thermostat_power"].isel(time=0)).max())  # the initial, far from steady, powers
    np.testing.assert_allclose(result["thermostat_power"].isel(time=-1).values, state["thermostat_power"].values,
                               rtol=0, atol=1e-8 * scale)


def exponential_from_modes(modes, t):
    """V exp(−Λ t) V⁻¹ from the reported rates, oscillations and mode shapes (free particles), (n_t, n, n)."""
    free = np.flatnonzero(np.abs(modes["mode_shape"].values).sum(axis=1) > 0)
    V = modes["mode_shape"].values[free]
    eigenvalues = modes["rate"].values + 1j * modes["oscillation"].values
    inverse = np.linalg.inv(V)
    return free, np.array([(V * np.exp(-eigenvalues * s)) @ inverse for s in t])


@pytest.mark.parametrize("B", [0.0, 5.0])
def test_small_deviations_follow_the_modes(insb_square, B):
    spec = insb_square[B]
    modes = photodrag.relaxation_modes(spec, T, fixed={3: T}, T_bath=T)
    np.testing.assert_allclose(modes["drift"].values, 0.0, atol=1e-9)  # the uniform state is at rest
    t = np.linspace(0, 2 * float(modes["time_constant"].max()), 9)
    delta = np.array([4e-3, -2e-3, 1e-3, 0.0])
    result = photodrag.relax(spec, T + delta, t, fixed={3: T}, T_bath=T, rtol=1e-12, atol=1e-13)
    K = modes["rate_matrix"].values
    by_expm = np.array([expm(-K * s) @ delta for s in t])
    free, propagator = exponential_from_modes(modes, t)
    by_modes = np.einsum("tij,j->ti", propagator, delta[free])
    np.testing.assert_allclose(by_modes.imag, 0.0, atol=1e-12 * np.abs(delta).max())
    np.testing.assert_allclose(by_modes.real, by_expm[:, free], rtol=0, atol=1e-10 * np.abs(delta).max())
    deviation = result["temperature"].values - T
    np.testing.assert_allclose(deviation, by_expm, rtol=0, atol=2e-5 * np.abs(delta).max())


def test_modes_reciprocal_without_field(insb_square):
    """At B = 0, C·K is symmetric (checked, not imposed): real rates, real modes."""
    modes = photodrag.relaxation_modes(insb_square[0.0], T, T_bath=T)
    assert modes.attrs["asymmetry"] < 1e-12
    np.testing.assert_allclose(modes["oscillation"].values, 0.0, atol=1e-12 * float(modes["rate"].max()))
    assert np.all(modes["rate"].values > 0)


def test_modes_under_field_are_not_symmetrised(insb_square):
    """At 5 T, C·K is not symmetric and the square's rotational modes come as a complex pair."""
    modes = photodrag.relaxation_modes(insb_square[5.0], T, T_bath=T)
    assert modes.attrs["asymmetry"] > 1e-3
    oscillation = modes["oscillation"].values
    assert np.max(np.abs(oscillation)) > 1e-3 * float(modes["rate"].max())
    np.testing.assert_allclose(np.sort(oscillation), -np.sort(oscillation)[::-1], rtol=1e-10)  # conjugate pairs
    K = modes["rate_matrix"].values
    V = modes["mode_shape"].values
    eigenvalues = modes["rate"].values + 1j * modes["oscillation"].values
    np.testing.assert_allclose(K @ V, V * eigenvalues, atol=1e-10 * np.abs(K).max())


def test_isolated_cluster_has_a_conserved_mode(insb_square):
    """Without bath and thermostats the total energy is conserved: one rate is zero to round-off."""
    modes = photodrag.relaxation_modes(insb_square[0.0], T)
    rates = modes["rate"].values
    assert abs(rates[0]) < 1e-10 * rates.max()
    assert np.isinf(modes["time_constant"].values[0]) or modes["time_constant"].values[0] > 1e9 / rates.max()
