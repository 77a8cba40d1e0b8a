"""The many-body matrices (photodrag.engine.interaction): S and ImG built by slabs from the shared
geometry, and the low-rank factor of ImG built from its pivot rows, against the blocks of
photodrag.engine.green's tensors written out pair by pair."""

import numpy as np
import pytest

from photodrag.engine.green import free_space_green, free_space_green_imag, green_coefficients
from photodrag.engine.interaction import (Geometry, imag_green_factor, imag_green_matrix, imag_green_rows,
                                   interaction_matrix)


@pytest.fixture(scope="module")
def cluster():
    rng = np.random.default_rng(7)
    positions = rng.uniform(-1.5e-6, 1.5e-6, (60, 3))
    separations = positions[:, None, :] - positions[None, :, :]
    k = np.array([1.5e14, 1.8e14]) / 2.99792458e8
    return separations, Geometry(separations), k


def _blocks(separations, k, tensor, diagonal):
    """(n, 3N, 3N) from a per-pair tensor function, literally, pair by pair."""
    N = separations.shape[0]
    out = np.zeros((k.size, 3 * N, 3 * N), dtype=complex)
    for i in range(N):
        for j in range(N):
            block = diagonal[:, i] if i == j else tensor(separations[i, j][None], k)[:, 0]
            out[:, 3 * i:3 * i + 3, 3 * j:3 * j + 3] = block
    return out


def test_geometry_dyads_are_outer_products(cluster):
    separations, geometry, _ = cluster
    unit = separations[3, 8] / np.linalg.norm(separations[3, 8])
    np.testing.assert_allclose(geometry.dyads[3].reshape(3, -1, 3)[:, 8], np.outer(unit, unit), rtol=1e-15)
    assert np.all(geometry.dyads[5].reshape(3, -1, 3)[:, 5] == 0)


def test_interaction_matrix_is_inverse_alpha_minus_k2_G(cluster):
    separations, geometry, k = cluster
    N = separations.shape[0]
    rng = np.random.default_rng(0)
    inverse_alpha = rng.normal(size=(k.size, N, 3, 3)) + 1j * rng.normal(size=(k.size, N, 3, 3))
    expected = _blocks(separations, k, free_space_green, inverse_alpha / 1.0)
    off_diagonal = ~np.kron(np.eye(N, dtype=bool), np.ones((3, 3), dtype=bool))
    expected[:, off_diagonal] *= -(k**2)[:, None]
    S = interaction_matrix(k, geometry, inverse_alpha)
    np.testing.assert_allclose(S, expected, rtol=1e-13, atol=1e-13 * np.abs(expected).max())


def test_imag_green_matrix_and_its_rows(cluster):
    separations, geometry, k = cluster
    N = separations.shape[0]
    self_term = np.broadcast_to((k / (6 * np.pi))[:, None, None, None] * np.eye(3), (k.size, N, 3, 3))
    expected = _blocks(separations, k, free_space_green_imag, self_term).real
    dense = imag_green_matrix(k, geometry)
    np.testing.assert_allclose(dense, expected, rtol=0, atol=1e-14 * np.abs(expected).max())
    pivots = np.array([0, 3 * N - 1])
    np.testing.assert_allclose(imag_green_rows(k, geometry, pivots), dense[np.arange(2), pivots], rtol=0,
                               atol=1e-15 * np.abs(dense).max())


def test_low_rank_factor_reproduces_imag_green_within_its_trace_bound(cluster):
    _, geometry, k = cluster
    dense = imag_green_matrix(k, geometry)
    factor_t = imag_green_factor(k, geometry, rtol=1e-13)
    approx = np.matmul(factor_t.swapaxes(1, 2), factor_t)
    residual = dense - approx
    trace = np.trace(dense, axis1=1, axis2=2)
    assert np.all(np.trace(residual, axis1=1, axis2=2) <= 1e-13 * trace * (1 + 1e-9))
    # PSD residual: its largest entry is bounded by its trace
    assert np.abs(residual).max() <= 2e-13 * trace.max()
    assert factor_t.shape[1] < dense.shape[1]  # a 3 µm cluster at 11 µm: far from full rank


def test_green_coefficients_in_real_arithmetic_match_the_complex_formula():
    x = np.logspace(-4, 3, 400)
    k = np.array([1.0, 2.5])
    a, b = green_coefficients(k, x)
    kx = k[:, None] * x
    phase = np.exp(1j * kx) / (4 * np.pi * x)
    np.testing.assert_allclose(a, phase * (1 + 1j / kx - 1 / kx**2), rtol=1e-13)
    np.testing.assert_allclose(b, phase * (-1 - 3j / kx + 3 / kx**2), rtol=1e-13)
