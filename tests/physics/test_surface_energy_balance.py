"""Energy conservation above a surface (photodrag.engine.surface_channels): what dipoles lose to the
environment, K = ImH(𝐆) with 𝐆 the blocks G0 + G_R, is what reaches the far field plus what the
structure absorbs, A_far + A_surf = K, and likewise for the fluctuations that reach the particles,
C_far + C_surf = K. The four kernels come from their own plane waves and the evanescent ImH(R)
integrals; K from the free-space ImG and the reflected tensor's fill."""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import reflected, surface_channels
from photodrag.engine.interaction import Geometry, imag_green_matrix
from photodrag.engine.reflection import Reflector
from photodrag.materials import Lorentz

GLASS = Lorentz(name="lossless glass", eps_inf=2.25)


def positions(N=7, seed=4):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(-1.5e-6, 1.5e-6, (N, 2)), rng.uniform(40e-9, 600e-9, N)])


def structure(layers, omega, thickness=(), B=None):
    eps = np.stack([(GLASS if m == "glass" else photodrag.material(m)).epsilon(omega, B) for m in layers], axis=1)
    return Reflector(omega / constants.c, eps, thickness)


def dagger(M):
    return np.conj(np.swapaxes(M, -1, -2))


def kernels(surface, where, method="direct"):
    """(K, A_far, A_surf, C_far, C_surf), each (n, 3N, 3N)."""
    G = reflected.reflected_green_matrix(surface, reflected.PairGeometry(where), method=method)
    K = imag_green_matrix(surface.k, Geometry(where[:, None] - where[None])) + (G - dagger(G)) / 2j
    absorbing, emitting = surface_channels.far_field_factors(surface, where)
    A_surf, C_surf = surface_channels.surface_kernels(surface, where, method=method)
    return K, dagger(absorbing) @ absorbing, A_surf, dagger(emitting) @ emitting, C_surf


CASES = {
    "SiC half-space": (["SiC"], (), None, [1.60e14, 1.72e14, 1.78e14]),
    "Au half-space": (["Au"], (), None, [1.0e14, 8.0e14]),
    "lossless half-space": (["glass"], (), None, [1.5e14]),
    "lossless film on Au": (["glass", "Au"], (200e-9,), None, [1.5e14, 6.0e14]),
    "Au film on SiC": (["Au", "SiC"], (20e-9,), None, [1.72e14]),
    "InSb under +B": (["InSb"], (), (0, 0, 3.0), [1.0e14, 1.3e14]),
    "SiC film on InSb under −B": (["SiC", "InSb"], (100e-9,), (0, 0, -2.0), [1.1e14]),
}


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def case(request):
    layers, thickness, B, omega = CASES[request.param]
    surface = structure(layers, np.array(omega), thickness, B)
    return request.param, B, kernels(surface, positions())


def test_absorbed_plus_radiated_is_the_dissipation(case):
    _, _, (K, A_far, A_surf, C_far, C_surf) = case
    scale = np.abs(K).max(axis=(1, 2), keepdims=True)
    assert np.abs(A_far + A_surf - K).max() / scale.min() < 1e-10
    assert np.abs(C_far + C_surf - K).max() / scale.min() < 1e-10


def test_every_channel_is_positive(case):
    _, _, kernels_ = case
    scale = np.abs(kernels_[0]).max()
    for kernel in kernels_:
        np.testing.assert_allclose(kernel, dagger(kernel), rtol=0, atol=1e-13 * scale)
        assert np.linalg.eigvalsh(kernel).min() > -1e-12 * scale


def test_emission_is_absorption_transposed_without_field(case):
    """Kirchhoff per channel at B = 0: C = Aᵀ (so a particle receives from each channel what it gives it)."""
    _, B, (K, A_far, A_surf, C_far, C_surf) = case
    scale = np.abs(K).max()
    if B is None:
        np.testing.assert_allclose(C_far, np.swapaxes(A_far, -1, -2), rtol=0, atol=1e-12 * scale)
        np.testing.assert_allclose(C_surf, np.swapaxes(A_surf, -1, -2), rtol=0, atol=1e-12 * scale)
    else:
        assert np.abs(C_far - np.swapaxes(A_far, -1, -2)).max() > 1e-6 * scale


def test_onsager_between_channels():
    """C(B) = A(−B)ᵀ for the far field and the surface of a magneto-optical half-space."""
    omega = np.array([1.1e14])
    where = positions(5)
    _, A_far, A_surf, _, _ = kernels(structure(["InSb"], omega, B=(0, 0, -4.0)), where)
    _, _, _, C_far, C_surf = kernels(structure(["InSb"], omega, B=(0, 0, 4.0)), where)
    scale = np.abs(A_surf).max()
    np.testing.assert_allclose(C_far, np.swapaxes(A_far, -1, -2), rtol=0, atol=1e-12 * scale)
    np.testing.assert_allclose(C_surf, np.swapaxes(A_surf, -1, -2), rtol=0, atol=1e-12 * scale)


def test_identity_with_the_tabulated_fill():
    """The same balance with 60 particles, G_R and the evanescent losses from their tables."""
    surface = structure(["SiC"], np.array([1.74e14]))
    K, A_far, A_surf, C_far, C_surf = kernels(surface, positions(60, seed=9), method="table")
    scale = np.abs(K).max()
    assert np.abs(A_far + A_surf - K).max() < 1e-9 * scale
    assert np.abs(C_far + C_surf - K).max() < 1e-9 * scale


def test_far_field_factor_has_a_low_rank():
    """60 particles within 3 µm at λ ≈ 11 µm: the far field needs far fewer than 3N = 180 rows."""
    surface = structure(["Au"], np.array([1.7e14]))
    absorbing, emitting = surface_channels.far_field_factors(surface, positions(60, seed=9))
    assert absorbing.shape[1] < 80 and emitting.shape[1] < 80
