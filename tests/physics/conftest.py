"""Shared systems for the physics tests: small, random-looking, non-reciprocal where it matters."""

import numpy as np
import pytest

import photodrag

from physics_systems import BAND, scattered_positions


@pytest.fixture(scope="session")
def mixed_magnetic_system():
    """Five particles of SiC, Au and InSb, no symmetry, B along an oblique direction."""
    radius = 50e-9
    materials = ["InSb", "SiC", "InSb", "Au", "InSb-ZhuFan"]
    positions = scattered_positions(5, radius, seed=7)
    radii = radius * np.array([1.0, 0.8, 1.2, 0.9, 1.1])
    return photodrag.System(positions, radii, materials, B=(1.0, -2.0, 4.0))


@pytest.fixture(scope="session")
def mixed_magnetic_spectra(mixed_magnetic_system):
    return photodrag.spectra(mixed_magnetic_system, BAND)


@pytest.fixture(scope="session")
def reciprocal_system():
    radius = 50e-9
    positions = scattered_positions(5, radius, seed=11)
    return photodrag.System(positions, radius, ["SiC", "Au", "SiC", "InSb", "SiC"], B=None)


#: The models beyond the paper's (System(dipoles=..., polarizability=...)).
MULTIPOLE_MODELS = [("electric+magnetic", "mie"), ("electric+magnetic", "quasistatic"), ("electric", "mie")]


@pytest.fixture(scope="session", params=MULTIPOLE_MODELS, ids=lambda model: "-".join(model))
def multipole_magnetic_system(request, mixed_magnetic_system):
    """mixed_magnetic_system in another model: Au and SiC get magnetic dipoles / Mie, the InSb keep the paper's."""
    with pytest.warns(photodrag.AnisotropicParticleWarning, match=r"\[0, 2, 4\]"):
        return mixed_magnetic_system.with_model(*request.param)


@pytest.fixture(scope="session")
def multipole_magnetic_spectra(multipole_magnetic_system):
    return photodrag.spectra(multipole_magnetic_system, BAND, by_dipole=True)


@pytest.fixture(scope="session", params=MULTIPOLE_MODELS, ids=lambda model: "-".join(model))
def multipole_reciprocal_system(request, reciprocal_system):
    """reciprocal_system (SiC, Au, InSb at B = 0: all isotropic) in another model."""
    return reciprocal_system.with_model(*request.param)


@pytest.fixture(scope="session")
def multipole_cluster():
    """Four spheres of SiC and gold, unequal, 5 to 73 nm apart, without symmetry: multipoles to L = 4."""
    positions = np.array([[0, 0, 0], [105e-9, 0, 0], [40e-9, 95e-9, 10e-9], [-20e-9, 40e-9, 105e-9]])
    return photodrag.System(positions, [50e-9, 50e-9, 40e-9, 45e-9], ["SiC", "Au", "SiC", "Au"], multipole_order=4)


@pytest.fixture(scope="session")
def multipole_cluster_spectra(multipole_cluster):
    return photodrag.spectra(multipole_cluster, BAND[::2])
