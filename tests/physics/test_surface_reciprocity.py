"""Reciprocity and Onsager–Casimir for the reflected Green tensor (photodrag.engine.reflected):
G_R(r, r')ᵀ = G_R(r', r) at B = 0 and G_R(r, r'; B)ᵀ = G_R(r', r; −B), checked on the whole 3N×3N
matrix (diagonal blocks included), in both of its fills; and rotations about the normal."""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import reflected
from photodrag.engine.reflection import Reflector

OMEGA = np.array([1.05e14, 1.72e14])


def positions(N=12, seed=5):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(-1e-6, 1e-6, (N, 2)), rng.uniform(50e-9, 400e-9, N)])


def matrix(materials, thickness=(), B=None, method="direct", where=None):
    eps = np.stack([photodrag.material(m).epsilon(OMEGA, B) for m in materials], axis=1)
    geometry = reflected.PairGeometry(positions() if where is None else where)
    return reflected.reflected_green_matrix(Reflector(OMEGA / constants.c, eps, thickness), geometry, method=method)


def transpose(M):
    return np.swapaxes(M, -1, -2)


@pytest.mark.parametrize("method", ["direct", "table"])
@pytest.mark.parametrize("materials, thickness", [(["SiC"], ()), (["Au", "SiC"], (30e-9,)), (["InSb"], ())])
def test_reciprocity_without_field(materials, thickness, method):
    G = matrix(materials, thickness, method=method)
    np.testing.assert_allclose(transpose(G), G, rtol=0, atol=1e-12 * np.abs(G).max())


@pytest.mark.parametrize("materials, thickness, method", [(["InSb"], (), "direct"), (["InSb"], (), "table"),
                                                       (["SiC", "InSb"], (60e-9,), "direct")])
def test_onsager_under_a_normal_field(materials, thickness, method):
    G = matrix(materials, thickness, B=(0, 0, 4.0), method=method)
    G_reversed = matrix(materials, thickness, B=(0, 0, -4.0), method=method)
    scale = np.abs(G).max()
    assert np.abs(G - transpose(G)).max() > 1e-6 * scale          # the surface is not reciprocal...
    np.testing.assert_allclose(transpose(G), G_reversed, rtol=0, atol=1e-12 * scale)   # ...but Onsager holds


@pytest.mark.parametrize("B", [None, (0, 0, 3.0)])
def test_rotation_about_the_normal(B):
    """Turning every position by α about z turns every block: G_R → Q G_R Qᵀ (B ∥ z is unchanged)."""
    alpha = 0.7
    Q = np.array([[np.cos(alpha), -np.sin(alpha), 0], [np.sin(alpha), np.cos(alpha), 0], [0, 0, 1]])
    where = positions(6)
    G = matrix(["InSb"], B=B, where=where)
    turned = matrix(["InSb"], B=B, where=where @ Q.T)
    big_Q = np.kron(np.eye(6), Q)
    np.testing.assert_allclose(turned, big_Q @ G @ big_Q.T, rtol=0, atol=1e-12 * np.abs(G).max())


@pytest.mark.parametrize("method", ["direct", "table"])
@pytest.mark.parametrize("B, symmetric", [(None, True), ((0, 0, 4.0), False)])
def test_the_fill_reports_the_symmetry_of_the_matrix_it_wrote(method, B, symmetric):
    """fill_reflected_green's word on G_Rᵀ = G_R (on which the kernel takes K real) is the matrix's own: exact
    equality, checked here on the whole (3N)² matrix it wrote."""
    eps = photodrag.material("InSb").epsilon(OMEGA, B)[:, None]
    geometry = reflected.PairGeometry(positions())
    out = np.empty((OMEGA.size, 3 * 12, 3 * 12), dtype=complex)
    reported = reflected.fill_reflected_green(Reflector(OMEGA / constants.c, eps, ()), geometry, out, method=method)
    assert reported is symmetric
    assert np.array_equal(out, transpose(out)) is symmetric
