"""The named materials' volumetric heat capacities (handbook values, J m⁻³ K⁻¹ near 300 K)
against the Debye model: c = 3 k_B n_atoms D(θ_D/T), n_atoms from the density and the molar
mass. Gold and InSb (θ_D ≈ 165 K and 220 K, below 300 K) are close to Dulong–Petit; SiC
(6H, θ_D ≈ 1200 K) is far below it, and the Debye model is good to about 10 % there.

Densities, molar masses and Debye temperatures: Kittel, Introduction to Solid State Physics
(8th ed.), tables 1.3 and 5.1 (Au); Ioffe NSM archive (SiC, InSb).
"""

import numpy as np
import pytest
from scipy import constants, integrate

import photodrag
from photodrag.materials import NAMED

# density kg m⁻³, molar mass kg mol⁻¹ (per formula unit), atoms per formula unit, θ_D K, tolerance
SOLIDS = {
    "Au": (19.32e3, 196.967e-3, 1, 165.0, 0.05),
    "InSb": (5.77e3, 236.58e-3, 2, 220.0, 0.05),
    "InSb-ZhuFan": (5.77e3, 236.58e-3, 2, 220.0, 0.05),
    "SiC": (3.21e3, 40.096e-3, 2, 1200.0, 0.15),
}


def debye(x: float) -> float:
    """Debye heat capacity over its Dulong–Petit limit at θ_D/T = x."""
    value, _ = integrate.quad(lambda s: s**4 * np.exp(-s) / np.expm1(-s) ** 2, 0, x)
    return 3 * value / x**3


def test_every_named_material_has_a_cited_heat_capacity():
    assert set(SOLIDS) == set(NAMED)
    for model in NAMED.values():
        assert model.volumetric_heat_capacity > 0
        assert "J m^-3 K^-1" in model.heat_capacity_reference


@pytest.mark.parametrize("name", sorted(SOLIDS))
def test_debye_model(name):
    density, molar_mass, atoms, theta, tolerance = SOLIDS[name]
    dulong_petit = 3 * constants.k * density * constants.N_A * atoms / molar_mass
    model = photodrag.material(name).volumetric_heat_capacity
    assert model <= 1.05 * dulong_petit
    assert model == pytest.approx(dulong_petit * debye(theta / 300.0), rel=tolerance)


def test_default_is_volumetric_heat_capacity_times_volume():
    radii = np.array([100e-9, 60e-9, 80e-9])
    materials = ["SiC", "Au", "InSb"]
    positions = [[0, 0, 0], [500e-9, 0, 0], [0, 500e-9, 0]]
    spec = photodrag.spectra(photodrag.System(positions, radii, materials), np.linspace(1.5e14, 1.9e14, 20))
    result = photodrag.relax(spec, [300.0] * 3, [0.0, 1e-3])
    expected = [photodrag.material(m).volumetric_heat_capacity for m in materials] * (4 / 3 * np.pi * radii**3)
    np.testing.assert_allclose(result["heat_capacity"].values, expected, rtol=1e-14)
    assert result.attrs["heat_capacity_source"] == "material volumetric heat capacity x sphere volume"
