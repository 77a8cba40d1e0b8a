"""The N-sphere multipole problem (photodrag.engine.tmatrix): its matrices against the dipole kernel's at
L = 1, its batched and chunked transmissions against a literal loop over the trace formulas, the
factor of its bath kernel, and its memory plan."""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import coupling, multipole, tmatrix
from photodrag.engine.dipoles import particle_models
from photodrag.engine.lapack import IN_PLACE_MIN_SIZE

R = 60e-9
POSITIONS = np.array([[0, 0, 0], [140e-9, 30e-9, -20e-9], [40e-9, 150e-9, 60e-9]])
RADII = R * np.array([1.0, 0.8, 1.1])
MATERIALS = ["SiC", "Au", "SiC"]
OMEGA = np.array([1.55e14, 1.75e14, 1.8e14])


def permittivities(omega):
    return np.stack([photodrag.material(m).epsilon(omega)[:, 0, 0] for m in MATERIALS], axis=1)


def scaled_problem(order, omega=OMEGA):
    """(S', Ξ', ρ², ln ρ) of the test cluster, S' before any inverse."""
    k = omega / constants.c
    cluster = tmatrix.SphereCluster(POSITIONS, RADII, order)
    inverse_alpha, xi, scale2, log_scale = tmatrix.mode_kernels(permittivities(omega), RADII, k, order)
    S = cluster.interaction_matrix(k, log_scale, inverse_alpha, np.empty((k.size, cluster.size, cluster.size), complex))
    return cluster, S, xi, scale2


def test_first_order_matrix_is_the_dipole_kernels():
    """L = 1: S' unscaled by ρ and by k³/6π is the 6N kernel's S = Λ − k²𝒢' of electric and magnetic
    Mie dipoles (photodrag.engine.coupling, docs/magnetic-dipoles.md), entry by entry, once the modes
    (y, z, x of each kind, sphere by sphere) are put in its order (x, y, z, electric blocks first)."""
    N = len(RADII)
    k = OMEGA / constants.c
    _, S, _, scale2 = scaled_problem(1)
    rho = np.sqrt(scale2)
    unscaled = S / rho[:, :, None] / rho[:, None, :] * (k**3 / (6 * np.pi))[:, None, None]
    models = particle_models([photodrag.material(m) for m in MATERIALS], None, "electric+magnetic", "mie")
    with pytest.warns(photodrag.DipoleValidityWarning):   # the dipole model is what is compared here
        system = photodrag.System(POSITIONS, RADII, MATERIALS, dipoles="electric+magnetic", polarizability="mie")
    inverse_alpha, _ = multipole.dipole_kernels(system.epsilon(OMEGA), RADII, k, models)
    geometry = coupling.DipoleGeometry(system.separations(), models.magnetic)
    reference = geometry.interaction_matrix(k, inverse_alpha)
    # photodrag's mode (sphere i, kind t, component y/z/x) → the 6N index t·3N + 3i + (x, y, z)
    order = [t * 3 * N + 3 * i + c for i in range(N) for t in range(2) for c in (1, 2, 0)]
    np.testing.assert_allclose(unscaled, reference[:, order][:, :, order], rtol=1e-13,
                               atol=1e-13 * np.abs(reference).max())


def test_bath_factor_from_the_matrix_itself():
    """k²ImG' = −Im S' off the spheres' own blocks, ρ² on the diagonal (zero elsewhere in a sphere's
    block): positive semidefinite, and F Fᵀ leaves a trace ≤ 1e-13 of it."""
    cluster, S, xi, scale2 = scaled_problem(4)
    kernel = -S.imag.copy()
    n, m = scale2.shape
    M = cluster.modes
    own = np.kron(np.eye(cluster.n_spheres), np.ones((M, M))).astype(bool)
    kernel[:, own] = 0
    kernel[:, np.arange(m), np.arange(m)] = scale2
    assert np.linalg.eigvalsh(kernel).min() > -1e-14 * scale2.max()
    factor_t = cluster.bath_factor(S, scale2)
    residual = kernel - np.einsum("nra,nrb->nab", factor_t, factor_t)
    assert np.all(np.trace(residual, axis1=1, axis2=2) <= 1e-13 * scale2.sum(axis=1))
    assert factor_t.shape[1] < m / 2                     # the radiating part is low-rank


def literal_transmissions(order):
    """Per ω, from dense matrices: 4 Tr[X_ij Ξ_j X_ij† Ξ_i], 4 Tr[(X† ImG X)_jj Ξ_j], 4 Tr[(X ImG X†)_ii Ξ_i]."""
    cluster, S, xi, scale2 = scaled_problem(order)
    N, M = cluster.n_spheres, cluster.modes
    own = np.kron(np.eye(N), np.ones((M, M))).astype(bool)
    pair, to_bath, from_bath = np.zeros((OMEGA.size, N, N)), np.zeros((OMEGA.size, N)), np.zeros((OMEGA.size, N))
    for w in range(OMEGA.size):  # a literal loop, on purpose
        ImG = np.where(own, 0.0, -S[w].imag) + np.diag(scale2[w])
        X = np.linalg.inv(S[w])
        Xi = [np.diag(xi[w, i]) for i in range(N)]
        for i in range(N):
            rows = slice(i * M, (i + 1) * M)
            for j in range(N):
                if i != j:
                    block = X[rows, j * M:(j + 1) * M]
                    pair[w, j, i] = 4 * np.trace(block @ Xi[j] @ block.conj().T @ Xi[i]).real
            to_bath[w, i] = 4 * np.trace((X.conj().T @ ImG @ X)[rows, rows] @ Xi[i]).real
            from_bath[w, i] = 4 * np.trace((X @ ImG @ X.conj().T)[rows, rows] @ Xi[i]).real
    return pair, to_bath, from_bath


@pytest.mark.parametrize("order", [1, 3])
def test_batched_and_chunked_equal_a_literal_loop(order):
    """The kernel's slabs, diagonal weights and low-rank bath products, with one ω per chunk and with all
    at once, against the trace formulas on dense matrices (m = 18 and 90: the numpy.linalg.inv path)."""
    reference = literal_transmissions(order)
    for memory_bytes in (1, photodrag.engine.chunks.DEFAULT_MEMORY_BYTES):
        result = tmatrix.transmission(OMEGA, POSITIONS, RADII, permittivities, order, memory_bytes=memory_bytes)
        for value, expected in zip(result, reference):
            np.testing.assert_allclose(value, expected, rtol=1e-11, atol=1e-14 * np.abs(expected).max())


def test_in_place_inverse_path():
    """L = 8 with three spheres is m = 480 ≥ 384: LAPACK getri in place."""
    cluster = tmatrix.SphereCluster(POSITIONS, RADII, 8)
    assert cluster.size >= IN_PLACE_MIN_SIZE
    pair, to_bath, from_bath = tmatrix.transmission(OMEGA[:1], POSITIONS, RADII, permittivities, 8)
    received, given = pair.sum(axis=1) + from_bath, pair.sum(axis=2) + to_bath
    np.testing.assert_allclose(received, given, rtol=1e-12)


def test_memory_plan():
    """16 m² bytes with the in-place inverse, 48 m² with numpy's; a chunk's work within memory_bytes."""
    small, large = tmatrix.bytes_per_omega(2, 2), tmatrix.bytes_per_omega(2, 12)
    m_small, m_large = 2 * 16 * 2, 2 * 168 * 2
    assert 48 * m_small**2 <= small < 48 * m_small**2 + 9000 * m_small
    if photodrag.engine.lapack.numpy_getri() is not None:
        assert 16 * m_large**2 <= large < 16 * m_large**2 + 9000 * m_large
    assert tmatrix.working_bytes(2, 1000, 12) > large + 1000 * 8 * 8
    assert tmatrix.working_bytes(2, 10**5, 12) > tmatrix.working_bytes(2, 1000, 12)
