"""Invariance under a rigid translation and rotation of the whole system, B rotated too."""

import numpy as np
from scipy.spatial.transform import Rotation

import photodrag

from physics_systems import BAND


def _all_channels(spec):
    return [spec[name].values for name in ("transmission", "transmission_to_bath", "transmission_from_bath")]


def test_translation_and_rotation(mixed_magnetic_system, mixed_magnetic_spectra):
    rotation = Rotation.from_rotvec([0.3, -1.1, 0.7]).as_matrix()
    moved = mixed_magnetic_system.rotated(rotation, shift=(2e-6, -5e-7, 3e-6))
    for before, after in zip(_all_channels(mixed_magnetic_spectra), _all_channels(photodrag.spectra(moved, BAND))):
        np.testing.assert_allclose(after, before, rtol=1e-9, atol=1e-12 * before.max())


def test_rotating_particles_without_the_field_changes_the_result(mixed_magnetic_system, mixed_magnetic_spectra):
    # Control: the invariance above is not trivial; B must turn with the particles.
    rotation = Rotation.from_rotvec([0.0, 0.0, 1.0]).as_matrix()
    turned = photodrag.System(
        mixed_magnetic_system.positions @ rotation.T,
        mixed_magnetic_system.radii,
        mixed_magnetic_system.materials,
        B=mixed_magnetic_system.B,
    )
    before = mixed_magnetic_spectra["transmission"].values
    after = photodrag.spectra(turned, BAND)["transmission"].values
    assert np.max(np.abs(after - before)) > 1e-3 * before.max()
