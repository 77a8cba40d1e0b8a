"""Two SiC spheres against an independent solver: DSGF_matlab (discrete system Green's
function method), data and provenance in shared/reference/dsgf-two-sic-dipoles/.

- with DSGF's own tabulated ε, every ω of its transmission within 0.1 %;
- its trapezoid conductances on its 100 points, 200–400 K, within 0.1 %;
- with the Lorentz model behind the table, the converged band integral of the
  README, G(300 K) = 1.7896e-16 W/K, within 0.05 %.
"""

import json

import numpy as np
import pytest

import photodrag

BAND = (1.40e14, 1.90e14)  # rad/s, the band of DSGF's data
CONVERGED_G_300K = 1.7896e-16  # W/K, README.md of the reference data


def dsgf_lorentz():
    """DSGF's SiC: ε = 8 (ω² − ω_LO² + iΓω)/(ω² − ω_TO² + iΓω) (README of the reference data)."""
    return photodrag.materials.Lorentz.from_lo_to(eps_inf=8, omega_L=1.801e14, omega_T=1.486e14, gamma=3.767e12)


@pytest.fixture(scope="module")
def reference(reference_dir):
    folder = reference_dir / "dsgf-two-sic-dipoles"
    table = np.loadtxt(folder / "spectrum.csv", delimiter=",", skiprows=1)
    system = json.loads((folder / "system.json").read_text())
    return {"folder": folder, "table": table, "system": system}


def make_system(reference, material):
    system = reference["system"]
    return photodrag.System(system["positions_m"], system["radius_m"], [material, material])


@pytest.fixture(scope="module")
def tabulated_spec(reference):
    material = photodrag.materials.Tabulated.from_csv(reference["folder"] / "spectrum.csv", ignore=["transmission_12"])
    return photodrag.spectra(make_system(reference, material), reference["table"][:, 0])


def test_reference_geometry(reference):
    """The README's description of the data: two 10 nm spheres 120 nm apart, 100 points."""
    system = reference["system"]
    assert np.allclose(system["radius_m"], 10e-9)
    assert np.allclose(np.asarray(system["sphere_volume_m3"]), 4 / 3 * np.pi * np.asarray(system["radius_m"]) ** 3)
    assert np.linalg.norm(np.subtract(*system["positions_m"])) == pytest.approx(120e-9)
    omega = reference["table"][:, 0]
    assert omega.size == 100
    assert (omega[0], omega[-1]) == pytest.approx(BAND)


def test_tabulated_epsilon_is_the_lorentz_model(reference):
    table = reference["table"]
    eps = dsgf_lorentz().epsilon(table[:, 0])[:, 0, 0]
    np.testing.assert_allclose(eps, table[:, 1] + 1j * table[:, 2], rtol=1e-8)


def test_transmission_at_every_omega(reference, tabulated_spec):
    expected = reference["table"][:, 3]
    for emitter, absorber in ((0, 1), (1, 0)):
        computed = tabulated_spec["transmission"].sel(emitter=emitter, absorber=absorber).values
        np.testing.assert_allclose(computed, expected, rtol=1e-3)


def test_trapezoid_conductances(reference, tabulated_spec):
    system = reference["system"]
    for temperature, expected in zip(system["conductance_temperatures_K"], system["conductance_W_per_K"], strict=True):
        conductance = photodrag.conductance(tabulated_spec, temperature)
        for emitter, absorber in ((0, 1), (1, 0)):
            computed = float(conductance.sel(emitter=emitter, absorber=absorber))
            assert computed == pytest.approx(expected, rel=1e-3), f"T = {temperature} K, {emitter}->{absorber}"


def gauss_legendre_panels(n_panels, order=8, band=BAND):
    """Nodes and weights (rad/s) of a composite Gauss–Legendre rule on equal panels."""
    nodes, weights = np.polynomial.legendre.leggauss(order)
    edges = np.linspace(*band, n_panels + 1)
    half = np.diff(edges)[:, None] / 2
    middle = (edges[:-1, None] + edges[1:, None]) / 2
    return (middle + half * nodes).ravel(), (half * weights).ravel()


def band_conductance(reference, n_panels):
    omega, weight = gauss_legendre_panels(n_panels)
    spec = photodrag.spectra(make_system(reference, dsgf_lorentz()), omega, quadrature_weight=weight)
    return float(photodrag.conductance(spec, 300.0).sel(emitter=0, absorber=1))


def test_converged_band_conductance(reference):
    """G(300 K) with the Lorentz model, integrated to convergence: 10, 20, 40, 80 panels
    of 8-point Gauss–Legendre (the resonance, width Γ = 3.8e12 rad/s, spans ~8 panels
    of 80). Successive results must settle to 1e-6 before comparing with the README."""
    results = [band_conductance(reference, n) for n in (10, 20, 40, 80)]
    changes = np.abs(np.diff(results)) / results[-1]
    assert changes[-1] < 1e-6, f"not converged: successive relative changes {changes}"
    assert np.all(changes[1:] <= changes[:-1] + 1e-12), f"not converging monotonically: {changes}"
    assert results[-1] == pytest.approx(CONVERGED_G_300K, rel=5e-4)


def test_trapezoid_on_dsgf_points_exceeds_converged_integral(reference):
    """README: DSGF's trapezoid sums on its 100 points are 0.21 % above the converged
    integral; the same holds for photodrag's trapezoid on those points with the model."""
    omega = reference["table"][:, 0]
    spec = photodrag.spectra(make_system(reference, dsgf_lorentz()), omega)
    trapezoid = float(photodrag.conductance(spec, 300.0).sel(emitter=0, absorber=1))
    assert trapezoid / band_conductance(reference, 40) - 1 == pytest.approx(2.1e-3, abs=3e-4)
