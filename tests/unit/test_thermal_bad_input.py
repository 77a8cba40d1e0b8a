"""Bad input to steady_state, drag and supercurrent: a clear error naming the problem,
never a NaN temperature returned as a result."""

import numpy as np
import pytest

import photodrag
from photodrag import geometry
from photodrag.thermal import ConvergenceError, circulation

R = 100e-9


@pytest.fixture(scope="module")
def spec():
    system = geometry.dimers(d=4 * R, h=4 * R, radius=R, materials="SiC")
    return photodrag.spectra(system, np.linspace(1.4e14, 2.0e14, 200))


def test_no_thermostat_and_no_bath(spec):
    with pytest.raises(ValueError, match="no thermostat and no bath"):
        photodrag.steady_state(spec, {})


@pytest.mark.parametrize("index", [4, 17, -1])
def test_thermostat_index_out_of_range(spec, index):
    with pytest.raises(ValueError, match=f"particle = {index}"):
        photodrag.steady_state(spec, {index: 300.0})


@pytest.mark.parametrize("key", [1.5, "0", None])
def test_thermostat_key_not_an_index(spec, key):
    with pytest.raises(ValueError, match="not a particle index"):
        photodrag.steady_state(spec, {key: 300.0})


def test_fixed_must_be_a_mapping(spec):
    with pytest.raises(ValueError, match="fixed must map"):
        photodrag.steady_state(spec, [0, 1])


@pytest.mark.parametrize("T", [0.0, -10.0, np.nan, np.inf, "hot"])
def test_bad_temperatures(spec, T):
    with pytest.raises(ValueError, match="thermostat temperature of particle 0"):
        photodrag.steady_state(spec, {0: T})
    with pytest.raises(ValueError, match="bath temperature"):
        photodrag.steady_state(spec, {0: 300.0}, T_bath=T)
    with pytest.raises(ValueError, match="T_ref"):
        photodrag.steady_state(spec, {0: 300.0}, T_ref=T)
    with pytest.raises(ValueError, match="T_hot"):
        photodrag.drag(spec, T_hot=T)
    with pytest.raises(ValueError, match="T must be"):
        photodrag.supercurrent(spec, T)


def test_unknown_method(spec):
    with pytest.raises(ValueError, match="model must be one of"):
        photodrag.steady_state(spec, {0: 300.0}, model="exact")


@pytest.mark.parametrize("tol", [0.0, -1e-9, np.nan])
def test_bad_tolerance(spec, tol):
    with pytest.raises(ValueError, match="tol"):
        photodrag.steady_state(spec, {0: 300.0}, tol=tol)


def test_not_a_spectra_dataset(spec):
    with pytest.raises(ValueError, match="transmission_to_bath"):
        photodrag.steady_state(spec.drop_vars("transmission_to_bath"), {0: 300.0})


def test_no_convergence_raises(spec):
    """A nonlinear solve cut off after one Newton step from far away: an error, not a result."""
    with pytest.raises(ConvergenceError, match="not converged after 1 Newton iterations"):
        photodrag.steady_state(spec, {0: 1000.0, 1: 300.0}, model="nonlinear", T_ref=50.0, max_iterations=1)


def test_far_start_still_converges_positive(spec):
    """Newton from a start far below the answer keeps temperatures positive and converges."""
    state = photodrag.steady_state(spec, {0: 1000.0, 1: 900.0}, model="nonlinear", T_ref=5.0)
    T = state["temperature"].values[2:]
    assert np.all(np.isfinite(T)) and np.all((T > 900.0) & (T < 1000.0))
    assert state.attrs["iterations"] > 1


def test_singular_balance_raises(spec):
    """A free particle that exchanges nothing: the equations are singular, not solved to NaN."""
    isolated = spec.copy(deep=True)
    isolated["transmission"].loc[dict(emitter=3)] = 0.0
    isolated["transmission"].loc[dict(absorber=3)] = 0.0
    with pytest.raises(ConvergenceError, match="singular"):
        photodrag.steady_state(isolated, {0: 350.0, 1: 300.0})


def test_nan_spectrum_is_not_returned(spec):
    broken = spec.copy(deep=True)
    broken["transmission"][5, 0, 2] = np.nan
    with pytest.raises(ConvergenceError, match="not finite"):
        photodrag.steady_state(broken, {0: 350.0, 1: 300.0})


@pytest.mark.parametrize(
    "drive, passive, match",
    [
        ([0, 1], [1, 2], r"overlap: particles \[1\]"),
        ([0, 0], [2, 3], "twice"),
        ([0], [2, 3], "at least two"),
        ([0, 1], [2, 9], r"out of range"),
        ([0, 1.5], [2, 3], r"drive\[1\] must be a particle index"),
    ],
)
def test_bad_rows(spec, drive, passive, match):
    with pytest.raises(ValueError, match=match):
        photodrag.drag(spec, drive=drive, passive=passive)


def test_drag_needs_a_temperature_difference(spec):
    with pytest.raises(ValueError, match="temperature difference"):
        photodrag.drag(spec, T_hot=300.0, T_cold=300.0)


@pytest.mark.parametrize("ring, match", [([0], "at least two"), ([0, 1, 0], "twice"), ([0, 7], "out of range")])
def test_bad_ring(spec, ring, match):
    with pytest.raises(ValueError, match=match):
        circulation(photodrag.supercurrent(spec, 300.0), ring)
