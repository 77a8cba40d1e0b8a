"""The solvers' old argument spellings (method=, bath=, spec=, and method/bath passed by position) still
work for one release, give the same numbers as the new ones, and say what to write instead."""

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag import geometry
from photodrag.thermal import hall, thermal_resistance

R = 100e-9


@pytest.fixture(scope="module")
def dimers():
    return photodrag.spectra(geometry.dimers(d=4 * R, h=4 * R, radius=R, materials="SiC"),
                             np.linspace(1.5e14, 1.9e14, 80))


@pytest.fixture(scope="module")
def square():
    system = photodrag.System(R * 3 * np.array([[1, 0, 0], [0, 1, 0], [-1, 0, 0], [0, -1, 0]]), R, "InSb",
                              B=[0, 0, 2.0])
    return photodrag.spectra(system, np.linspace(1.6e14, 1.9e14, 60))


def _same(old: xr.Dataset, new: xr.Dataset) -> None:
    xr.testing.assert_identical(old, new)


@pytest.mark.parametrize("call, old, new, warned", [
    (lambda s, **k: photodrag.steady_state(s, {0: 350.0, 1: 300.0}, **k),
     {"method": "nonlinear", "bath": 300.0}, {"model": "nonlinear", "T_bath": 300.0}, ["model=", "T_bath="]),
    (lambda s, **k: photodrag.drag(s, **k), {"method": "nonlinear", "bath": 310.0},
     {"model": "nonlinear", "T_bath": 310.0}, ["model=", "T_bath="]),
    (lambda s, **k: photodrag.relax(s, [320.0, 300.0, 300.0, 300.0], [0.0, 1e-3], **k),
     {"bath": 300.0, "method": "Radau"}, {"T_bath": 300.0, "integrator": "Radau"}, ["T_bath=", "integrator="]),
    (lambda s, **k: photodrag.relaxation_modes(s, 300.0, **k), {"bath": 300.0}, {"T_bath": 300.0}, ["T_bath="]),
    (lambda s, **k: thermal_resistance(s, 0, 1, **k), {"method": "linear", "bath": 300.0},
     {"model": "linear", "T_bath": 300.0}, ["model=", "T_bath="]),
])
def test_old_keywords_warn_and_agree(dimers, call, old, new, warned):
    with pytest.warns(DeprecationWarning) as record:
        by_old = call(dimers, **old)
    messages = " ".join(str(w.message) for w in record)
    for spelling in warned:
        assert f"write {spelling}" in messages
    _same(by_old, call(dimers, **new))


def test_hall_old_keywords(square):
    with pytest.warns(DeprecationWarning) as record:
        old = hall(square, method="linear", bath=300.0)
    assert sorted(str(w.message).split(" is ")[0] for w in record) == ["hall(bath=...)", "hall(method=...)"]
    _same(old, hall(square, model="linear", T_bath=300.0))


def test_positional_options_of_earlier_releases(dimers):
    with pytest.warns(DeprecationWarning, match="passing method, T_ref, bath by position.*model=, T_ref=, T_bath="):
        old = photodrag.steady_state(dimers, {0: 350.0, 1: 300.0}, "nonlinear", 310.0, 300.0)
    _same(old, photodrag.steady_state(dimers, {0: 350.0, 1: 300.0}, model="nonlinear", T_ref=310.0, T_bath=300.0))
    with pytest.warns(DeprecationWarning, match="passing method, bath by position"):
        old = photodrag.drag(dimers, (0, 1), (2, 3), 350.0, 300.0, "linear", 300.0)
    _same(old, photodrag.drag(dimers, (0, 1), (2, 3), 350.0, 300.0, model="linear", T_bath=300.0))


def test_spec_keyword_is_spectra(dimers):
    with pytest.warns(DeprecationWarning, match=r"conductance\(spec=\.\.\.\) is deprecated.*write spectra="):
        old = photodrag.conductance(spec=dimers, T=300.0)
    xr.testing.assert_identical(old, photodrag.conductance(spectra=dimers, T=300.0))


def test_both_spellings_at_once_are_refused(dimers):
    with pytest.raises(TypeError, match="both method= .* and model="):
        photodrag.steady_state(dimers, {0: 350.0}, method="linear", model="linear")
    with pytest.raises(TypeError, match="multiple values for argument 'model'"):
        with pytest.warns(DeprecationWarning):
            photodrag.steady_state(dimers, {0: 350.0}, "linear", model="linear")


def test_too_many_positional_arguments(dimers):
    with pytest.raises(TypeError, match="at most 5 positional arguments"):
        photodrag.steady_state(dimers, {0: 350.0}, "linear", 300.0, None, 1e-9)
