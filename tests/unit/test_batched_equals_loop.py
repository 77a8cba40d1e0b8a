"""The batched, chunked kernel equals a plain per-frequency loop over physics.md's formulas
written literally: 𝔾 = G(1 − k²AG)⁻¹, χ from α with the radiative correction,
T = (1 − k²AG)⁻¹ and L = (1 − k²GA)⁻¹ for the bath channels."""

import numpy as np
import pytest
from scipy import constants

import photodrag


def free_space_green(r, k):
    """G0(r) for one separation vector, written as in physics.md (no shared code)."""
    d = np.linalg.norm(r)
    x = k * d
    rr = np.outer(r, r) / d**2
    return np.exp(1j * x) / (4 * np.pi * d) * (
        (1 + 1j / x - 1 / x**2) * np.eye(3) + (-1 - 3j / x + 3 / x**2) * rr
    )


def literal_spectra(system, omega):
    N = system.n_particles
    eps_all = system.epsilon(omega)
    pair = np.zeros((omega.size, N, N))
    to_bath = np.zeros((omega.size, N))
    from_bath = np.zeros((omega.size, N))
    for w, frequency in enumerate(omega):
        k = frequency / constants.c
        A = np.zeros((3 * N, 3 * N), complex)
        G = np.zeros((3 * N, 3 * N), complex)
        chi_emit, chi_abs = [], []
        for i in range(N):
            eps = eps_all[w, i]
            alpha0 = 4 * np.pi * system.radii[i] ** 3 * (eps - np.eye(3)) @ np.linalg.inv(eps + 2 * np.eye(3))
            alpha = np.linalg.inv(np.eye(3) - 1j * k**3 / (6 * np.pi) * alpha0) @ alpha0
            A[3 * i:3 * i + 3, 3 * i:3 * i + 3] = alpha
            ah = alpha.conj().T
            chi_emit.append((alpha - ah) / 2j - k**3 / (6 * np.pi) * alpha @ ah)
            chi_abs.append((alpha - ah) / 2j - k**3 / (6 * np.pi) * ah @ alpha)
            for j in range(N):
                if i != j:
                    G[3 * i:3 * i + 3, 3 * j:3 * j + 3] = free_space_green(system.positions[i] - system.positions[j], k)
        one = np.eye(3 * N)
        T = np.linalg.inv(one - k**2 * A @ G)
        L = np.linalg.inv(one - k**2 * G @ A)
        dressed = G @ T
        im_g = (G - G.conj().T) / 2j + k / (6 * np.pi) * one
        for i in range(N):
            bi = slice(3 * i, 3 * i + 3)
            to_bath[w, i] = 4 * k**2 * np.trace(T[:, bi].conj().T @ im_g @ T[:, bi] @ chi_emit[i]).real
            from_bath[w, i] = 4 * k**2 * np.trace(L[bi, :] @ im_g @ L[bi, :].conj().T @ chi_abs[i]).real
            for j in range(N):
                if i != j:
                    bj = slice(3 * j, 3 * j + 3)
                    g = dressed[bi, bj]
                    pair[w, j, i] = 4 * k**4 * np.trace(g @ chi_emit[j] @ g.conj().T @ chi_abs[i]).real
    return pair, to_bath, from_bath


def assert_equals_literal(spec, system, omega, rtol, pair_atol):
    """spectra's three channels against literal_spectra, pairs with atol pair_atol × the largest pair."""
    pair, to_bath, from_bath = literal_spectra(system, omega)
    np.testing.assert_allclose(spec["transmission"].values, pair, rtol=rtol, atol=pair_atol * pair.max())
    np.testing.assert_allclose(spec["transmission_to_bath"].values, to_bath, rtol=rtol)
    np.testing.assert_allclose(spec["transmission_from_bath"].values, from_bath, rtol=rtol)


@pytest.mark.parametrize("field", [None, (0.5, 2.0, -4.0)])
def test_batched_chunked_equals_literal_loop(field):
    radius = 60e-9
    positions = np.array([[0, 0, 0], [250e-9, 0, 0], [90e-9, 310e-9, 40e-9], [-200e-9, 150e-9, 260e-9]])
    system = photodrag.System(positions, radius * np.array([1, 0.7, 1.3, 1.0]), ["InSb", "SiC", "InSb", "Au"], B=field)
    omega = np.linspace(1.5e14, 1.9e14, 13)
    # a memory bound that forces chunks of 4 frequencies
    from photodrag.kernel import bytes_per_omega

    spec = photodrag.spectra(system, omega, memory_bytes=4 * bytes_per_omega(4))
    assert_equals_literal(spec, system, omega, rtol=1e-9, pair_atol=1e-14)


def test_chunk_size_does_not_change_result():
    system = photodrag.System([[0, 0, 0], [300e-9, 0, 0], [0, 320e-9, 0]], 70e-9, "InSb", B=(0, 0, 2.0))
    omega = np.linspace(1.5e14, 1.9e14, 17)
    whole = photodrag.spectra(system, omega)
    one_at_a_time = photodrag.spectra(system, omega, memory_bytes=1)
    np.testing.assert_allclose(one_at_a_time["transmission"].values, whole["transmission"].values, rtol=1e-12)


def test_low_rank_bath_path_equals_literal_loop():
    """From 3N = LOW_RANK_MIN_SIZE on, the kernel factors ImG (pivoted Cholesky); the bath
    channels must still equal the literal dense formulas."""
    from photodrag.kernel import LOW_RANK_MIN_SIZE

    n = 40
    assert 3 * n >= LOW_RANK_MIN_SIZE
    radius = 40e-9
    rng = np.random.default_rng(3)
    # a jittered 4 × 5 × 2 lattice, 200 nm pitch: several wavelengths' worth of structure is not
    # needed, only a cluster where ImG is far from full rank
    grid = np.stack(np.meshgrid(np.arange(4), np.arange(5), np.arange(2), indexing="ij"), -1).reshape(-1, 3)
    positions = grid * 200e-9 + rng.uniform(-30e-9, 30e-9, grid.shape)
    materials = rng.choice(["SiC", "InSb", "Au", "InSb-ZhuFan"], n).tolist()
    system = photodrag.System(positions, radius, materials, B=(1.0, 2.0, -3.0))
    omega = np.linspace(1.55e14, 1.85e14, 5)
    spec = photodrag.spectra(system, omega)
    assert_equals_literal(spec, system, omega, rtol=1e-8, pair_atol=1e-13)
    assert spec.attrs["energy_balance_residual"] < 1e-10


def test_uniform_anisotropic_particles_equal_literal_loop():
    """One material under a field: every ξ_i is the same non-diagonal tensor, which the small-N
    path multiplies as one product per ω; it must agree with the literal formulas too."""
    positions = np.array([[0, 0, 0], [260e-9, 0, 0], [80e-9, 300e-9, 0], [0, 120e-9, 280e-9]])
    system = photodrag.System(positions, 70e-9, "InSb", B=(1.0, -2.0, 3.0))
    omega = np.linspace(1.5e14, 1.9e14, 7)
    spec = photodrag.spectra(system, omega)
    assert_equals_literal(spec, system, omega, rtol=1e-9, pair_atol=1e-14)


@pytest.mark.parametrize("materials", ["InSb", "mixed"])
def test_large_system_path_equals_literal_loop(materials):
    """From 3N = photodrag.lapack.IN_PLACE_MIN_SIZE on, S is inverted in place by LAPACK getri
    and ImG is factored from its pivot rows; the pairs and the S⁻¹F product run in slabs. All of
    it must still equal the literal formulas (N = 130, 3N = 390; one frequency)."""
    from photodrag.lapack import IN_PLACE_MIN_SIZE

    n = 130
    assert 3 * n >= IN_PLACE_MIN_SIZE
    rng = np.random.default_rng(11)
    grid = np.stack(np.meshgrid(np.arange(5), np.arange(5), np.arange(6), indexing="ij"), -1).reshape(-1, 3)[:n]
    positions = grid * 180e-9 + rng.uniform(-20e-9, 20e-9, grid.shape)
    names = "InSb" if materials == "InSb" else rng.choice(["SiC", "InSb", "Au"], n).tolist()
    system = photodrag.System(positions, 45e-9, names, B=(0.3, -1.0, 2.0))
    omega = np.array([1.7e14])
    spec = photodrag.spectra(system, omega)
    assert_equals_literal(spec, system, omega, rtol=1e-8, pair_atol=1e-12)
    assert spec.attrs["energy_balance_residual"] < 1e-10
