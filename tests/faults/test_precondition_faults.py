"""Fault corpus, preconditions of the physics (issue 22, class 3): values that each computation assumes.

A Hall set-up whose geometry alone makes the free pair differ, heat capacities in the wrong unit, a
linear model far from its expansion temperature, a Newton solve that cannot start: each is refused
(or warned about) with a message naming the value, in the Python API and, where the config holds
it, when the config is parsed. What the guards let through is right: a nonlinear steady state at
10-20 K from the default start converges (restarted from the linear solution) to the answer.
"""

import copy
import functools

import numpy as np
import pytest
import yaml

import photodrag
from faults import Registry, check
from photodrag import study
from photodrag.study import feedback
from photodrag.thermal import ConvergenceError, LinearisationWarning

R = 100e-9
INSB = np.linspace(1.55e14, 1.95e14, 60)
SIC = np.linspace(1.4e14, 2.0e14, 200)
REPOSITORY = __import__("pathlib").Path(__file__).resolve().parents[2]

CASES = Registry()


@functools.cache
def square(materials="InSb") -> "photodrag.xarray.Dataset":
    """Four spheres on a square (neighbours 3R apart) under 1 T along its normal: the Hall set-up."""
    system = photodrag.geometry.coaxial_rings(1, 4, R, materials, h=3 * R, neighbour_distance=3 * R, B=(0, 0, 1.0))
    return photodrag.spectra(system, INSB)


@functools.cache
def sic_square():
    return photodrag.spectra(photodrag.System([[0, 0, 0], [0, 0, 4 * R], [4 * R, 0, 0], [4 * R, 0, 4 * R]], R, "SiC"),
                             SIC)


def _parse(example, edit):
    config = yaml.safe_load((REPOSITORY / "config/examples" / example).read_text())
    edit(config)
    return study.Plan(feedback.prepare(copy.deepcopy(config), [], REPOSITORY / "config/schema.yaml"))


# --- the thermal Hall effect: a signal at B = 0 from the geometry alone ------------------------

@CASES.case(ValueError, "free particles 2 and 3 are", "mirror images through the hot-cold axis",
            "opposite corners of the square (hot=0, cold=2")
def case_hall_with_hot_and_cold_neighbours(_):  # issue 22: the geometry's asymmetry reported as a Hall signal
    photodrag.thermal.hall(square(), hot=0, cold=1)


@CASES.case(ValueError, "free particles 1 and 3 differ", "of InSb", "of SiC", "vanishes at B = 0")
def case_hall_with_a_free_pair_of_two_materials(_):
    photodrag.thermal.hall(square(("InSb", "InSb", "InSb", "SiC")), hot=0, cold=2)


@CASES.case(study.ConfigError, "studies.hall.hall (system 'square' at B_tesla", "free particles 2 and 3",
            "opposite corners")
def case_config_hall_with_hot_and_cold_neighbours(_):  # refused before any job
    _parse("hall_square.yaml", lambda c: c["studies"]["hall"]["hall"].update(cold=1))


# --- heat capacities: J/K per particle, not a specific heat -----------------------------------

@CASES.case(ValueError, "heat capacity of particle 0: 700 J/K", "J/(kg K) or J/(m³ K)", "about 8.4e-15 J/K here")
def case_relaxation_with_a_specific_heat_in_J_per_kg_K(_):  # issue 22: froze the relaxation without a word
    photodrag.relax(sic_square(), [400.0, 300, 300, 300], [0.0, 1e-3], heat_capacity=[700.0] * 4)


@CASES.case(ValueError, "heat capacity of particle 0: 2.1e+06 J/K", "J/(kg K) or J/(m³ K)")
def case_relaxation_modes_with_a_volumetric_heat_capacity(_):
    photodrag.relaxation_modes(sic_square(), 300.0, heat_capacity=[2.1e6] * 4)


@CASES.case(ValueError, "heat capacity of particle 3: 1e-40 J/K", "outside 0.001-1e+08 J/(m³ K)")
def case_relaxation_with_a_heat_capacity_far_too_small(_):
    photodrag.relax(sic_square(), [400.0, 300, 300, 300], [0.0, 1e-3], heat_capacity=[8e-15] * 3 + [1e-40])


@CASES.case(study.ConfigError, "studies.cooling.relaxation.heat_capacity_J_K", "700 J/K", "J/(kg K)")
def case_config_heat_capacity_in_J_per_kg_K(_):
    _parse("relaxation.yaml", lambda c: c["studies"]["cooling"]["relaxation"].update(heat_capacity_J_K=[700] * 4))


# --- steady states: the linear model's expansion temperature, Newton's start -------------------

@CASES.case(LinearisationWarning, "expands the exchange about T_ref = 300 K", "held at 10-20 K", "nonlinear")
def case_linear_model_far_from_its_expansion_temperature(_):  # its conductances are those of 300 K
    photodrag.steady_state(sic_square(), {0: 20.0, 1: 10.0}, model="linear")


@CASES.case(LinearisationWarning, "T_ref = 300 K", "held at 10-20 K")
def case_config_linear_steady_state_far_from_T_ref(_):  # the config's default T_ref_K is 300 K
    def edit(config):
        config["studies"]["cooling"] = {"system": "square", "steady_state": {
            "thermostats": [{"particle": 0, "T_K": 20}, {"particle": 1, "T_K": 10}], "method": "linear"}}
        config["figures"] = {}
    _parse("relaxation.yaml", edit)


@CASES.case(ConvergenceError, "from T_ref = 300 K", "again from the linear solution about 15 K",
            "held temperatures (10-20 K)", "give T_ref near")
def case_nonlinear_steady_state_that_cannot_converge_names_T_ref(_):  # issue 22: no hint of T_ref
    photodrag.steady_state(sic_square(), {0: 20.0, 1: 10.0}, model="nonlinear", max_iterations=5)


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_a_clear_message_and_no_partial_output(name, tmp_path, monkeypatch):
    check(CASES[name], tmp_path, monkeypatch)


def test_what_the_guards_let_through_is_right():
    """Newton's method from the default T_ref = 300 K at thermostats of 10-20 K converges by its restart to
    the state a start near the answer gives; the symmetric Hall square has no signal at B = 0."""
    restarted = photodrag.steady_state(sic_square(), {0: 20.0, 1: 10.0}, model="nonlinear")
    near = photodrag.steady_state(sic_square(), {0: 20.0, 1: 10.0}, model="nonlinear", T_ref=15.0)
    assert "restarted from the linear solution about 15 K" in restarted.attrs["newton_restart"]
    assert "newton_restart" not in near.attrs
    np.testing.assert_allclose(restarted["temperature"].values, near["temperature"].values, rtol=1e-10)
    zero_field = photodrag.geometry.coaxial_rings(1, 4, R, "InSb", h=3 * R, neighbour_distance=3 * R)
    hall = photodrag.thermal.hall(photodrag.spectra(zero_field, INSB), hot=0, cold=2)
    assert abs(float(hall["hall_temperature"])) < 1e-9
