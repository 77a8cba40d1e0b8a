"""The photon thermal Hall effect (Ben-Abdallah, PRL 116, 084301, 2016) on four InSb
particles on a square (neighbours 3R apart, B along the normal +z), thermostats on the
diagonal (0, 2), free pair (1, 3):

* zero at B = 0 to round-off (mirror symmetry through the thermostated diagonal);
* odd in B (that mirror maps the system at B onto the system at −B, 1 ↔ 3);
* linear in T_hot − T_cold for small differences, with the slope of the linear model;
* the linear model's Hall temperature equals the closed form of the square's symmetry,
  ΔT_H / ΔT = (G_{0→1} − G_{1→0}) / (Σ_j G_{1→j} + G_{1→b} + G_{1→3}), from
  photodrag.conductance (a separate integration);
* G_{i→j} − G_{j→i} = dφ_{i→j}/dT between conductances and persistent currents.
"""

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag.thermal import hall

from thermal_systems import INSB_BAND, R

T_COLD = 300.0
FIELDS = (-5.0, -1.0, 0.0, 1.0, 5.0)


def square(B):
    field = None if B is None else (0.0, 0.0, float(B))
    return photodrag.geometry.coaxial_rings(1, 4, R, "InSb", h=3 * R, neighbour_distance=3 * R, B=field)


@pytest.fixture(scope="module")
def spectra():
    return {B: photodrag.spectra(square(B), INSB_BAND) for B in (None,) + FIELDS}


@pytest.fixture(scope="module")
def sweep(spectra):
    B = xr.DataArray(np.array(FIELDS), dims="B", attrs={"units": "T"})
    return xr.concat([spectra[b] for b in FIELDS], dim=B)


@pytest.mark.parametrize("B", [None, 0.0])
@pytest.mark.parametrize("bath", [None, T_COLD], ids=["bath-off", "bath-on"])
def test_zero_without_field(spectra, B, bath):
    result = hall(spectra[B], T_hot=310.0, T_bath=bath)
    assert abs(float(result["hall_temperature"])) <= 1e-11 * 10.0
    assert result.attrs["handedness"] == 0


@pytest.mark.parametrize("method", ["nonlinear", "linear"])
@pytest.mark.parametrize("bath", [None, T_COLD], ids=["bath-off", "bath-on"])
def test_odd_in_field(sweep, method, bath):
    ratio = hall(sweep, T_hot=310.0, model=method, T_bath=bath)["relative_hall_temperature"]
    forward, backward = ratio.sel(B=[1.0, 5.0]).values, ratio.sel(B=[-1.0, -5.0]).values
    assert np.all(np.abs(forward) > 1e-3)  # the premise: a field makes a Hall effect
    np.testing.assert_allclose(backward, -forward, rtol=1e-9)


def test_sweep_equals_fields_one_by_one(spectra, sweep):
    swept = hall(sweep, T_bath=T_COLD)
    for B in FIELDS:
        single = hall(spectra[B], T_bath=T_COLD)
        np.testing.assert_array_equal(swept["temperature"].sel(B=B).values, single["temperature"].values)
        assert float(swept["hall_temperature"].sel(B=B)) == float(single["hall_temperature"])
    assert swept["hall_temperature"].dims == ("B",)
    np.testing.assert_array_equal(swept["magnetic_field"].sel(xyz="z").values, FIELDS)


def test_linear_in_the_drive(spectra):
    """ΔT_H/ΔT of the exact model tends to the linear model's (exactly linear) ratio, with an error ∝ ΔT."""
    spec = spectra[5.0]
    steps = np.array([0.4, 0.2, 0.1])
    linear = [float(hall(spec, T_hot=T_COLD + s, model="linear")["hall_temperature"]) for s in steps]
    np.testing.assert_allclose(np.array(linear) / steps, linear[0] / steps[0], rtol=1e-9)
    slope = linear[0] / steps[0]
    exact = np.array([float(hall(spec, T_hot=T_COLD + s)["hall_temperature"]) for s in steps]) / steps
    errors = np.abs(exact - slope)
    assert errors[-1] < 1e-3 * abs(slope)
    np.testing.assert_allclose(errors[:-1] / errors[1:], 2.0, rtol=0.02)


@pytest.mark.parametrize("bath", [None, T_COLD], ids=["bath-off", "bath-on"])
@pytest.mark.parametrize("B", [1.0, 5.0, -5.0])
def test_linear_model_equals_the_closed_form(spectra, B, bath):
    spec = spectra[B]
    G = photodrag.conductance(spec, T_COLD).values  # [emitter, absorber]
    leaving = G[1].sum() + (photodrag.bath_conductance(spec, T_COLD)[0].values[1] if bath else 0.0)
    expected = (G[0, 1] - G[1, 0]) / (leaving + G[1, 3])
    result = hall(spec, T_hot=310.0, model="linear", T_bath=bath)
    assert float(result["relative_hall_temperature"]) == pytest.approx(expected, rel=1e-9)


def test_drag_machinery_agrees(spectra):
    """The same steady state through photodrag.drag: drive (0, 2), passive (1, 3)."""
    spec = spectra[5.0]
    drag = photodrag.drag(spec, drive=[0, 2], passive=[1, 3], T_hot=310.0, T_cold=T_COLD, model="nonlinear")
    assert float(drag["delta_T_passive"]) == pytest.approx(float(hall(spec)["hall_temperature"]), rel=1e-9)


@pytest.mark.parametrize("B", [1.0, 5.0])
def test_conductance_asymmetry_is_the_derivative_of_the_supercurrent(spectra, B):
    spec = spectra[B]
    step = 0.01  # K; central differences, error ∝ step²
    above, below = photodrag.supercurrent(spec, T_COLD + step), photodrag.supercurrent(spec, T_COLD - step)
    derivative = (above - below) / (2 * step)
    G = photodrag.conductance(spec, T_COLD)
    asymmetry = G.values - G.values.T
    assert np.max(np.abs(asymmetry)) > 1e-3 * float(G.max())  # the premise: G is not symmetric under B
    np.testing.assert_allclose(derivative.values, asymmetry, rtol=0, atol=1e-7 * np.max(np.abs(asymmetry)))


def test_sign_convention(spectra):
    """handedness +1: free[0] = 1 lies counter-clockwise of hot = 0 about +z; reversing free flips the sign."""
    spec = spectra[5.0]
    forward, backward = hall(spec), hall(spec, free=(3, 1))
    assert forward.attrs["handedness"] == 1 and backward.attrs["handedness"] == -1
    assert float(backward["hall_temperature"]) == -float(forward["hall_temperature"])
    # the field along −z makes particle 1 clockwise of 0 about the field: handedness −1
    assert hall(spectra[-5.0]).attrs["handedness"] == -1
