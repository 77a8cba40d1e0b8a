"""Bad input to relax, relaxation_modes, hall, thermal_resistance and magnetoresistance: a clear
error naming the problem, never NaN temperatures returned as a result."""

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag import geometry
from photodrag.materials import Drude
from photodrag.thermal import RelaxationError, hall, magnetoresistance, thermal_resistance

R = 100e-9
OMEGA = np.linspace(1.4e14, 2.0e14, 100)


@pytest.fixture(scope="module")
def pair():
    return photodrag.spectra(photodrag.System([[0, 0, 0], [4 * R, 0, 0]], R, "SiC"), OMEGA)


@pytest.fixture(scope="module")
def square():
    system = geometry.coaxial_rings(1, 4, R, "InSb", h=3 * R, neighbour_distance=3 * R, B=(0, 0, 1.0))
    return photodrag.spectra(system, OMEGA)


def swept(spectra_by_field):
    B = xr.DataArray(np.array(list(spectra_by_field)), dims="B", attrs={"units": "T"})
    return xr.concat(list(spectra_by_field.values()), dim=B)


@pytest.mark.parametrize("t, message", [
    ([0.1, 0.2], "start at 0"),
    ([0.0, 0.2, 0.2], "strictly increasing"),
    ([0.0, 0.3, 0.2], r"t\[1\] = 0.3 s, t\[2\] = 0.2 s"),
    ([0.0], "at least two times"),
    ([[0.0, 1.0]], "1-D"),
    ([0.0, np.nan], "NaN"),
    ("soon", "array of times"),
])
def test_bad_times(pair, t, message):
    with pytest.raises(ValueError, match=message):
        photodrag.relax(pair, [300.0, 300.0], t)


@pytest.mark.parametrize("T0, message", [
    ([300.0], r"shape \(2,\)"),
    ([300.0, 300.0, 300.0], r"shape \(2,\)"),
    ([300.0, -1.0], r"T0\[1\]"),
    ([np.nan, 300.0], r"T0\[0\]"),
    ([300.0, "warm"], r"T0\[1\]"),
])
def test_bad_initial_temperatures(pair, T0, message):
    with pytest.raises(ValueError, match=message):
        photodrag.relax(pair, T0, [0.0, 1.0])


@pytest.mark.parametrize("capacity, message", [
    ([1e-14], r"shape \(2,\)"),
    ([1e-14, 0.0], r"particles \[1\]"),
    ([-1e-14, 1e-14], r"particles \[0\]"),
    ([1e-14, np.inf], r"particles \[1\]"),
    ([1e-14, "heavy"], "2 numbers in J/K"),
])
def test_bad_heat_capacities(pair, capacity, message):
    with pytest.raises(ValueError, match=message):
        photodrag.relax(pair, [300.0, 300.0], [0.0, 1.0], heat_capacity=capacity)
    with pytest.raises(ValueError, match=message):
        photodrag.relaxation_modes(pair, 300.0, heat_capacity=capacity)


def test_thermostat_must_match_its_initial_temperature(pair):
    with pytest.raises(ValueError, match=r"T0\[0\] = 310.0 K but the thermostat holds particle 0 at 300.0 K"):
        photodrag.relax(pair, [310.0, 300.0], [0.0, 1.0], fixed={0: 300.0})


def test_thermostat_out_of_range(pair):
    with pytest.raises(ValueError, match="particle = 5"):
        photodrag.relax(pair, [300.0, 300.0], [0.0, 1.0], fixed={5: 300.0})


@pytest.mark.parametrize("options, message", [
    ({"integrator": "RK45"}, "integrator must be one of"),
    ({"rtol": 0.0}, "rtol must be a positive"),
    ({"atol": np.nan}, "atol must be a positive"),
    ({"max_evaluations": 0}, "max_evaluations"),
    ({"T_bath": -3.0}, "bath temperature"),
])
def test_bad_solver_options(pair, options, message):
    with pytest.raises(ValueError, match=message):
        photodrag.relax(pair, [300.0, 300.0], [0.0, 1.0], **options)


def test_user_material_needs_a_heat_capacity():
    custom = Drude(name="my-metal", omega_p=1e16, gamma=1e14)
    spec = photodrag.spectra(photodrag.System([[0, 0, 0], [4 * R, 0, 0]], R, ["SiC", custom]), OMEGA)
    with pytest.raises(ValueError, match="particle 1 is of material 'my-metal'.*pass heat_capacity"):
        photodrag.relax(spec, [300.0, 310.0], [0.0, 1.0])
    result = photodrag.relax(spec, [300.0, 310.0], [0.0, 1.0], heat_capacity=[1e-14, 1e-14])
    assert result.attrs["heat_capacity_source"] == "given"
    np.testing.assert_array_equal(result["heat_capacity"].values, [1e-14, 1e-14])


def test_material_heat_capacity_must_be_positive():
    with pytest.raises(ValueError, match="volumetric_heat_capacity must be a positive number"):
        Drude(name="bad", omega_p=1e16, gamma=1e14, volumetric_heat_capacity=-1.0)


def test_field_sweep_is_refused_by_relax(pair):
    spec = swept({0.0: pair, 1.0: pair})
    with pytest.raises(ValueError, match="one field"):
        photodrag.relax(spec, [300.0, 300.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="one field"):
        photodrag.relaxation_modes(spec, 300.0)


def test_solver_that_cannot_finish(pair):
    with pytest.raises(RelaxationError, match="more than 3 evaluations.*reached t ="):
        photodrag.relax(pair, [350.0, 300.0], [0.0, 1.0], max_evaluations=3)


def test_non_finite_spectra_never_give_nan_temperatures(pair):
    broken = pair.copy(deep=True)
    broken["transmission"][40, 0, 1] = np.nan
    with pytest.raises(RelaxationError, match="not finite"):
        photodrag.relax(broken, [350.0, 300.0], [0.0, 1.0])


def test_modes_need_a_free_particle(pair):
    with pytest.raises(ValueError, match="every particle is thermostated"):
        photodrag.relaxation_modes(pair, 300.0, fixed={0: 300.0, 1: 300.0})


@pytest.mark.parametrize("T", [0.0, np.nan, "room"])
def test_modes_bad_temperature(pair, T):
    with pytest.raises(ValueError, match="T must be"):
        photodrag.relaxation_modes(pair, T)


def test_hall_needs_four_particles(pair):
    with pytest.raises(ValueError, match="exactly four particles.*these spectra have 2"):
        hall(pair)


@pytest.mark.parametrize("options, message", [
    ({"hot": 1, "cold": 1}, "both particle 1"),
    ({"hot": 4}, "hot = 4 is out of range"),
    ({"cold": 1.5}, "cold must be a particle index"),
    ({"free": (1, 2)}, r"free must be the two particles other than hot and cold, \(1, 3\)"),
    ({"T_hot": 300.0}, "both 300.0 K"),
    ({"T_cold": -5.0}, "T_cold"),
])
def test_hall_bad_roles(square, options, message):
    with pytest.raises(ValueError, match=message):
        hall(square, **options)


def test_resistance_bad_ends(pair):
    with pytest.raises(ValueError, match="both particle 0"):
        thermal_resistance(pair, 0, 0)
    with pytest.raises(ValueError, match="cold = 2 is out of range"):
        thermal_resistance(pair, 0, 2)


def test_magnetoresistance_needs_a_sweep_through_zero(square):
    with pytest.raises(ValueError, match="swept over B"):
        magnetoresistance(square, 0, 2)
    with pytest.raises(ValueError, match=r"B = 0 exactly once.*\[1.0, 2.0\]"):
        magnetoresistance(swept({1.0: square, 2.0: square}), 0, 2)
