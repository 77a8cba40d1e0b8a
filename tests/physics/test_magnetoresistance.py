"""Thermal magnetoresistance (Latella & Ben-Abdallah, PRL 118, 173902, 2017) of InSb chains
along x (centres 3R apart), ends thermostated, the others free:

* even in B, for B along z (across the chain) and along x (along it): a mirror through the
  chain's axis maps B onto −B, so with Onsager the exchange is reciprocal at every field
  (checked on the spectra, not assumed), and R(B) = R(−B);
* the linear model's resistance of a three-particle chain equals the network closed form
  1/(G_02 + G_01 G_12/(G_01 + G_12)) from photodrag.conductance, at B = 0 and under a field;
* with the bath off the heat carried is the hot thermostat's power (energy balance);
* a sweep over particles that ignore B warns that nothing depends on it.
"""

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag.thermal import FieldIndependenceWarning, magnetoresistance, thermal_resistance

from thermal_systems import INSB_BAND, R

T_COLD = 300.0
FIELDS = np.array([-5.0, -2.0, 0.0, 2.0, 5.0])
AXES = {"z": (0.0, 0.0, 1.0), "x": (1.0, 0.0, 0.0)}


def chain(n, material, B):
    positions = np.column_stack([np.arange(n) * 3 * R, np.zeros(n), np.zeros(n)])
    return photodrag.System(positions, R, material, B=B)


def field_sweep(n, material, axis, omega=INSB_BAND):
    parts = [photodrag.spectra(chain(n, material, tuple(b * np.array(AXES[axis]))), omega) for b in FIELDS]
    return xr.concat(parts, dim=xr.DataArray(FIELDS, dims="B", attrs={"units": "T"}))


@pytest.fixture(scope="module")
def sweeps():
    return {(n, axis): field_sweep(n, "InSb", axis) for n in (3, 4) for axis in AXES}


@pytest.mark.parametrize("axis", list(AXES))
@pytest.mark.parametrize("n", [3, 4])
def test_chain_exchange_is_reciprocal_at_every_field(sweeps, n, axis):
    transmission = sweeps[n, axis]["transmission"].transpose("B", "omega", "emitter", "absorber").values
    swapped = np.swapaxes(transmission, 2, 3)
    assert np.max(np.abs(transmission - swapped)) <= 1e-12 * transmission.max()


@pytest.mark.parametrize("method", ["nonlinear", "linear"])
@pytest.mark.parametrize("axis", list(AXES))
@pytest.mark.parametrize("n", [3, 4])
def test_even_in_field(sweeps, n, axis, method):
    result = magnetoresistance(sweeps[n, axis], 0, n - 1, T_hot=310.0, model=method)
    resistance = result["resistance"].values
    np.testing.assert_allclose(resistance, resistance[::-1], rtol=1e-10)
    assert float(result["relative_change"].sel(B=0.0)) == 0.0
    assert abs(float(result["relative_change"].sel(B=5.0))) > 1e-5  # the field does change R


def test_field_across_the_chain_raises_the_resistance(sweeps):
    """Not a law but the effect itself (issue 13): a field across the chain detunes the resonances."""
    change = magnetoresistance(sweeps[3, "z"], 0, 2)["relative_change"].sel(B=5.0)
    assert float(change) > 0.1


@pytest.mark.parametrize("axis", list(AXES))
def test_three_particle_network(sweeps, axis):
    spec = sweeps[3, axis]
    result = thermal_resistance(spec, 0, 2, T_hot=305.0, model="linear")
    for B in FIELDS:
        G = photodrag.conductance(spec.sel(B=B), T_COLD).values
        expected = 1 / (G[0, 2] + G[0, 1] * G[1, 2] / (G[0, 1] + G[1, 2]))
        assert float(result["resistance"].sel(B=B)) == pytest.approx(expected, rel=1e-9)


def test_heat_carried_is_the_hot_thermostat_power(sweeps):
    result = thermal_resistance(sweeps[4, "z"], 0, 3, T_hot=330.0)
    hot_power = result["thermostat_power"].sel(thermostat=0)
    np.testing.assert_allclose(result["heat_carried"].values, hot_power.values, rtol=1e-10)
    np.testing.assert_allclose(result["resistance"].values, 30.0 / hot_power.values, rtol=1e-10)


def test_field_independent_sweep_warns(sweeps):
    sic = field_sweep(3, "SiC", "z", omega=np.linspace(1.4e14, 2.0e14, 300))
    with pytest.warns(FieldIndependenceWarning, match="nothing depends on B"):
        result = magnetoresistance(sic, 0, 2)
    np.testing.assert_allclose(result["relative_change"].values, 0.0, atol=1e-12)
