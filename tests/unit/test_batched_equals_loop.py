"""The batched, chunked kernel equals a plain per-frequency loop over docs/theory.md's formulas
written literally: 𝔾 = G(1 − k²AG)⁻¹, χ from α with the radiative correction,
T = (1 − k²AG)⁻¹ and L = (1 − k²GA)⁻¹ for the bath channels."""

import numpy as np
import pytest
from scipy import constants

import photodrag


def free_space_green(r, k):
    """G0(r) for one separation vector, written as in docs/theory.md (no shared code)."""
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
    from photodrag.engine.chunks import bytes_per_omega

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
    from photodrag.engine.interaction import LOW_RANK_MIN_SIZE

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
    """From 3N = photodrag.engine.lapack.IN_PLACE_MIN_SIZE on, S is inverted in place by LAPACK getri
    and ImG is factored from its pivot rows; the pairs and the S⁻¹F product run in slabs. All of
    it must still equal the literal formulas (N = 130, 3N = 390; one frequency)."""
    from photodrag.engine.lapack import IN_PLACE_MIN_SIZE

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


# --- electric and magnetic dipoles (6N × 6N) --------------------------------------------------------------


def magnetic_green(r, k):
    """G_EM(r) with Z0 H = k² G_EM p/ε0 and E = −k² G_EM Z0 m, written from Jackson's dipole fields (§ 9.2–9.3):
    Z0 H = k² e^{ikr}/(4πr) (1 + i/(kr)) r̂ × p/ε0."""
    d = np.linalg.norm(r)
    u = r / d
    cross = np.array([[0, -u[2], u[1]], [u[2], 0, -u[0]], [-u[1], u[0], 0]])
    return np.exp(1j * k * d) / (4 * np.pi * d) * (1 + 1j / (k * d)) * cross


def literal_polarizabilities(system, eps, w, k):
    """Per particle, the list of 3 × 3 polarizabilities of its dipoles (electric first), radiatively corrected.

    Mie from miepython (α = 6πi a/k³, its index conj(√ε)); quasi-static: Clausius–Mossotti and
    the eddy-current α_H0 = −2πR³[1 − 3/y² + 3 cot(y)/y] − (2π/15) R³ (kR)², y = √ε kR."""
    import miepython

    out = []
    for i, model in enumerate(zip(system.models.dipole, system.models.polarizability)):
        dipoles, polarizability = model
        R = system.radii[i]
        e = eps[w, i]
        reaction = 1j * k**3 / (6 * np.pi)
        if polarizability == "mie":
            a, b = miepython.coefficients(np.conj(np.sqrt(e[0, 0])), k * R, n_pole=1)
            alphas = [6j * np.pi * a[0] / k**3 * np.eye(3), 6j * np.pi * b[0] / k**3 * np.eye(3)]
        else:
            alpha0 = 4 * np.pi * R**3 * (e - np.eye(3)) @ np.linalg.inv(e + 2 * np.eye(3))
            y = np.sqrt(e[0, 0]) * k * R
            alpha_h0 = -2 * np.pi * R**3 * (1 - 3 / y**2 + 3 / (y * np.tan(y))) - 2 * np.pi / 15 * R**3 * (k * R) ** 2
            alphas = [np.linalg.inv(np.eye(3) - reaction * alpha0) @ alpha0, alpha_h0 / (1 - reaction * alpha_h0) * np.eye(3)]
        out.append(alphas[:2 if dipoles == "electric+magnetic" else 1])
    return out


def literal_multipole_spectra(system, omega):
    """docs/theory.md's formulas with 6 × 6 particle blocks (fields E, Z0 H; dipoles p/ε0, Z0 m), one ω at a time."""
    N = system.n_particles
    eps_all = system.epsilon(omega)
    pair = np.zeros((omega.size, N, N))
    by_dipole = np.zeros((omega.size, N, N, 2, 2))
    to_bath = np.zeros((omega.size, N))
    from_bath = np.zeros((omega.size, N))
    for w, frequency in enumerate(omega):
        k = frequency / constants.c
        alphas = literal_polarizabilities(system, eps_all, w, k)
        blocks = [(i, kind) for i in range(N) for kind in range(len(alphas[i]))]      # particle-major order
        size = 3 * len(blocks)
        A = np.zeros((size, size), complex)
        G = np.zeros((size, size), complex)
        for s, (i, kind) in enumerate(blocks):
            A[3 * s:3 * s + 3, 3 * s:3 * s + 3] = alphas[i][kind]
            for t, (j, kind_j) in enumerate(blocks):
                if i == j:
                    continue
                r = system.positions[i] - system.positions[j]
                if kind == kind_j:
                    block = free_space_green(r, k)
                elif kind == 1:          # Z0 H at i from p at j
                    block = magnetic_green(r, k)
                else:                    # E at i from Z0 m at j
                    block = -magnetic_green(r, k)
                G[3 * s:3 * s + 3, 3 * t:3 * t + 3] = block
        one = np.eye(size)
        T = np.linalg.inv(one - k**2 * A @ G)
        L = np.linalg.inv(one - k**2 * G @ A)
        dressed = G @ T
        im_g = (G - G.conj().T) / 2j + k / (6 * np.pi) * one
        chi_emit = np.zeros((size, size), complex)
        chi_abs = np.zeros((size, size), complex)
        for s in range(len(blocks)):
            a = A[3 * s:3 * s + 3, 3 * s:3 * s + 3]
            ah = a.conj().T
            chi_emit[3 * s:3 * s + 3, 3 * s:3 * s + 3] = (a - ah) / 2j - k**3 / (6 * np.pi) * a @ ah
            chi_abs[3 * s:3 * s + 3, 3 * s:3 * s + 3] = (a - ah) / 2j - k**3 / (6 * np.pi) * ah @ a
        rows = {i: np.concatenate([np.arange(3 * s, 3 * s + 3) for s, (p, _) in enumerate(blocks) if p == i])
                for i in range(N)}
        for i in range(N):
            bi = rows[i]
            Ti, Li = T[:, bi], L[bi, :]
            to_bath[w, i] = 4 * k**2 * np.trace(Ti.conj().T @ im_g @ Ti @ chi_emit[np.ix_(bi, bi)]).real
            from_bath[w, i] = 4 * k**2 * np.trace(Li @ im_g @ Li.conj().T @ chi_abs[np.ix_(bi, bi)]).real
        for s, (i, kind_i) in enumerate(blocks):
            for t, (j, kind_j) in enumerate(blocks):
                if i != j:
                    g = dressed[3 * s:3 * s + 3, 3 * t:3 * t + 3]
                    chi_j = chi_emit[3 * t:3 * t + 3, 3 * t:3 * t + 3]
                    chi_i = chi_abs[3 * s:3 * s + 3, 3 * s:3 * s + 3]
                    by_dipole[w, j, i, kind_j, kind_i] = 4 * k**4 * np.trace(g @ chi_j @ g.conj().T @ chi_i).real
        pair[w] = by_dipole[w].sum(axis=(-2, -1))
    return pair, to_bath, from_bath, by_dipole


def assert_multipole_equals_literal(system, omega, rtol, pair_atol, **options):
    spec = photodrag.spectra(system, omega, by_dipole=True, **options)
    pair, to_bath, from_bath, by_dipole = literal_multipole_spectra(system, omega)
    np.testing.assert_allclose(spec["transmission"].values, pair, rtol=rtol, atol=pair_atol * pair.max())
    kinds = spec.sizes["emitter_dipole"]
    np.testing.assert_allclose(spec["transmission_by_dipole"].values, by_dipole[..., :kinds, :kinds], rtol=rtol,
                               atol=pair_atol * pair.max())
    np.testing.assert_allclose(spec["transmission_to_bath"].values, to_bath, rtol=rtol)
    np.testing.assert_allclose(spec["transmission_from_bath"].values, from_bath, rtol=rtol)
    return spec


MIXED_POSITIONS = np.array([[0, 0, 0], [250e-9, 0, 0], [90e-9, 310e-9, 40e-9], [-200e-9, 150e-9, 260e-9],
                            [60e-9, -240e-9, 180e-9]])


@pytest.mark.parametrize("model", [("electric+magnetic", "mie"), ("electric+magnetic", "quasistatic"),
                                   ("electric", "mie")])
@pytest.mark.parametrize("field", [None, (0.5, 2.0, -4.0)])
def test_multipole_batched_chunked_equals_literal_loop(model, field):
    """Au, SiC and InSb (anisotropic under the field: no magnetic dipole then), chunks of 3 frequencies."""
    from photodrag.engine.chunks import bytes_per_omega

    radii = 60e-9 * np.array([1, 0.7, 1.3, 1.0, 0.9])
    materials = ["InSb", "SiC", "Au", "Au", "SiC"]
    dipoles, polarizability = model
    if field is None:
        system = photodrag.System(MIXED_POSITIONS, radii, materials, dipoles=dipoles, polarizability=polarizability)
    else:
        with pytest.warns(photodrag.AnisotropicParticleWarning):
            system = photodrag.System(MIXED_POSITIONS, radii, materials, B=field, dipoles=dipoles,
                                      polarizability=polarizability)
    omega = np.linspace(1.5e14, 1.9e14, 7)
    spec = assert_multipole_equals_literal(system, omega, rtol=1e-9, pair_atol=1e-14,
                                           memory_bytes=3 * bytes_per_omega(5, dipoles))
    assert spec.attrs["energy_balance_residual"] < 1e-10


@pytest.mark.parametrize("n", [20, 80])
def test_multipole_large_system_paths_equal_literal_loop(n):
    """n = 20 (3B ≈ 100 of 6N = 120): ImG' factored from its pivot rows (low-rank path); n = 80 (3B ≈ 420):
    S inverted in place by LAPACK getri as well. Mixed Au/SiC/InSb under an oblique field, Mie polarizabilities."""
    from photodrag.engine.interaction import LOW_RANK_MIN_SIZE
    from photodrag.engine.lapack import IN_PLACE_MIN_SIZE

    rng = np.random.default_rng(5)
    grid = np.stack(np.meshgrid(np.arange(5), np.arange(4), np.arange(4), indexing="ij"), -1).reshape(-1, 3)
    grid = np.concatenate([grid, grid[:, ::-1] + [5, 0, 0]])[:n]
    positions = grid * 190e-9 + rng.uniform(-20e-9, 20e-9, grid.shape)
    materials = rng.choice(["SiC", "Au", "Au", "InSb"], n).tolist()
    with pytest.warns(photodrag.AnisotropicParticleWarning):
        system = photodrag.System(positions, 45e-9, materials, B=(0.3, -1.0, 2.0), dipoles="electric+magnetic",
                                  polarizability="mie")
    size = 3 * system.models.n_blocks
    assert size >= (LOW_RANK_MIN_SIZE if n == 20 else IN_PLACE_MIN_SIZE)
    omega = np.array([1.2e14, 1.7e14])
    spec = assert_multipole_equals_literal(system, omega, rtol=1e-8, pair_atol=1e-12)
    assert spec.attrs["energy_balance_residual"] < 1e-10
