"""The spectra dataset describes itself: units and long names, geometry, materials, field."""

import numpy as np
import pytest

import photodrag


@pytest.fixture(scope="module")
def system():
    return photodrag.System([[0, 0, 0], [300e-9, 0, 0], [0, 0, 280e-9]], [60e-9, 50e-9, 70e-9],
                            ["SiC", "Au", "InSb"], B=(0, 0, 5.0))


@pytest.fixture(scope="module")
def spec(system):
    return photodrag.spectra(system, np.linspace(1.6e14, 1.8e14, 7))


def test_every_variable_has_units_and_long_name(spec):
    for name, variable in spec.variables.items():
        assert "long_name" in variable.attrs, name
        if name not in ("material", "xyz", "emitter", "absorber", "particle", "dipole_model", "polarizability_model",
                        "emitter_dipole", "absorber_dipole"):
            assert "units" in variable.attrs, name


def test_dimensions_and_particle_names(spec):
    assert spec["transmission"].dims == ("omega", "emitter", "absorber")
    assert spec["transmission_to_bath"].dims == ("omega", "emitter")
    assert spec["transmission_from_bath"].dims == ("omega", "absorber")
    assert spec["emitter"].values.tolist() == [0, 1, 2]
    assert spec["omega"].attrs["units"] == "rad/s"


def test_geometry_materials_and_field_stored(system, spec):
    np.testing.assert_array_equal(spec["position"].values, system.positions)
    np.testing.assert_array_equal(spec["radius"].values, system.radii)
    assert spec["material"].values.tolist() == ["SiC", "Au", "InSb"]
    np.testing.assert_array_equal(spec["magnetic_field"].values, [0, 0, 5.0])
    assert spec["transmission"].isel(emitter=1, absorber=1).sum() == 0


def test_conductance_is_the_planck_weighted_integral(spec):
    """Against a direct trapezoid of ∂Θ/∂T 𝒯 / 2π written out here."""
    from scipy import constants

    T = 320.0
    omega = spec["omega"].values
    x = constants.hbar * omega / (constants.k * T)
    dtheta = constants.k * x**2 * np.exp(x) / np.expm1(x) ** 2
    expected = np.trapezoid(dtheta[:, None, None] * spec["transmission"].values, omega, axis=0) / (2 * np.pi)
    G = photodrag.conductance(spec, T)
    assert G.dims == ("emitter", "absorber") and G.attrs["units"] == "W/K"
    np.testing.assert_allclose(G.values, expected, rtol=1e-12)


def test_stored_quadrature_weights_are_used(system):
    omega = np.array([1.65e14, 1.7e14, 1.75e14])
    weights = 5e12 / 3 * np.array([1.0, 4.0, 1.0])  # Simpson's rule, not the trapezoid's (1, 2, 1) × 2.5e12
    spec = photodrag.spectra(system, omega, quadrature_weight=weights)
    from photodrag.planck import dtheta_dT

    expected = (weights * dtheta_dT(omega, 300.0))[:, None, None] * spec["transmission"].values
    np.testing.assert_allclose(photodrag.conductance(spec, 300.0).values, expected.sum(0) / (2 * np.pi), rtol=1e-12)
