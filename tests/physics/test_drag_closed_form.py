"""Two dimers, linear model, no bath: the general solver equals the paper's closed form.

Paper eqs. 11–13 with particles 1, 2 thermostated (T1, T2) and 3, 4 free, G_ij read as
G_{i→j} (emitter i, absorber j), all at T_ref:
    T3 = [S4 (G13 T1 + G23 T2) + G43 (G14 T1 + G24 T2)] / Δ
    T4 = [S3 (G14 T1 + G24 T2) + G34 (G13 T1 + G23 T2)] / Δ,  S_i = Σ_{j≠i} G_ji,  Δ = S3 S4 − G34 G43
    T3 − T4 = (G13 G24 − G14 G23) / Δ · (T1 − T2)
    J = Σ_{j≠2} G_j2 (T_j − T2) − Σ_{j≠1} G_j1 (T_j − T1)
and eq. 9 for the thermostat powers, φ_th1 = −Σ_j G_j1 (T_j − T1).

"To round-off" means to round-off in the temperatures (a few hundred ulp of 350 K):
T3 − T4 and J are small differences, so their own relative error is round-off divided
by their size.
"""

import numpy as np
import pytest

import photodrag
from photodrag import geometry

from thermal_systems import SIC_BAND, broadband, dimer_spectra

T1, T2, T_REF = 350.0, 300.0, 300.0
ROUND_OFF_K = 1e-12 * T1


def closed_form(G):
    """Paper eqs. 11–13 from a conductance matrix G[emitter, absorber] (0-based)."""
    g = lambda i, j: G[i - 1, j - 1]  # noqa: E731 — the paper's 1-based G_ij = G_{i→j}
    a3 = g(1, 3) * T1 + g(2, 3) * T2
    a4 = g(1, 4) * T1 + g(2, 4) * T2
    S3 = g(1, 3) + g(2, 3) + g(4, 3)
    S4 = g(1, 4) + g(2, 4) + g(3, 4)
    delta = S3 * S4 - g(3, 4) * g(4, 3)
    T3 = (S4 * a3 + g(4, 3) * a4) / delta
    T4 = (S3 * a4 + g(3, 4) * a3) / delta
    delta_T = (g(1, 3) * g(2, 4) - g(1, 4) * g(2, 3)) / delta * (T1 - T2)
    T = {1: T1, 2: T2, 3: T3, 4: T4}
    J = sum(g(j, 2) * (T[j] - T2) for j in (1, 3, 4)) - sum(g(j, 1) * (T[j] - T1) for j in (2, 3, 4))
    hot_power = -sum(g(j, 1) * (T[j] - T1) for j in (2, 3, 4))
    return np.array([T1, T2, T3, T4]), delta_T, J, hot_power


CASES = [
    ("SiC", 3.0, SIC_BAND),
    ("SiC", 8.0, SIC_BAND),
    (geometry.CROSSED_SIC_AU, 3.0, broadband()),
    (geometry.CROSSED_SIC_AU, 8.0, broadband()),
]


@pytest.fixture(scope="module", params=CASES, ids=lambda case: f"{'-'.join(np.atleast_1d(case[0]))}-h{case[1]:g}R")
def case(request):
    materials, h_over_R, omega = request.param
    spec = dimer_spectra(h_over_R, materials, omega)
    G = photodrag.conductance(spec, T_REF).values
    result = photodrag.drag(spec, drive=[0, 1], passive=[2, 3], T_hot=T1, T_cold=T2, model="linear", T_ref=T_REF)
    return result, closed_form(G)


def test_temperatures_are_eq_11(case):
    result, (T, _, _, _) = case
    np.testing.assert_allclose(result["temperature"].values, T, rtol=0, atol=ROUND_OFF_K)


def test_induced_difference_is_eq_12(case):
    result, (_, delta_T, _, _) = case
    assert float(result["delta_T_passive"]) == pytest.approx(delta_T, rel=0, abs=ROUND_OFF_K)


def test_driving_power_is_eq_13(case):
    result, (_, _, J, hot_power) = case
    assert float(result["J"]) == pytest.approx(J, rel=1e-10)
    assert float(result["hot_thermostat_power"]) == pytest.approx(hot_power, rel=1e-10)


def test_without_bath_J_is_twice_the_heat_carried(case):
    result, _ = case
    assert float(result["J"]) == pytest.approx(2 * float(result["hot_thermostat_power"]), rel=1e-10)
    assert float(result["drag_resistance"]) == float(result["delta_T_passive"]) / float(result["J"])
