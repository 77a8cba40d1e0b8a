"""The Sommerfeld integrals of the reflected Green tensor (photodrag.engine.sommerfeld, .tabulation,
.reflected) against a brute-force adaptive quadrature written here from the Fresnel coefficients,
the closed forms of the static image against their integrals, and the table against the sums."""

import numpy as np
import pytest
from scipy import constants, integrate, special

import photodrag
from photodrag.engine import reflected, sommerfeld, tabulation
from photodrag.engine.reflection import Reflector
from photodrag.materials import Drude

ORDERS = np.array([0, 2, 0, 2, 0, 1])
IMAGE_SIGN = np.array([0, 0, -1, -1, 1, 1j])   # (P0, P2, Z0, X1) → β/(4π) (q²/k²) (−J0, −J2, J0, iJ1)


def brute_force(eps, k, rho, Z):
    """S0, S2, P0, P2, Z0, X1 of a half-space: scipy's quad_vec on the real axis (θ for q < k, κ for
    q > k), the static image subtracted from the integrand and added back in closed form."""
    beta = (eps - 1) / (eps + 1)

    def values(q, kz, measure, dq):
        kz1 = np.sqrt((eps - 1) * k * k + kz * kz + 0j)
        kz1 = -kz1 if kz1.imag < 0 else kz1
        r_s, r_p = (kz - kz1) / (kz + kz1), (eps * kz - kz1) / (eps * kz + kz1)
        u, v = kz / k, q / k
        F = np.array([r_s, r_s, r_p * u * u, r_p * u * u, r_p * v * v, r_p * u * v])
        full = 0.25j / np.pi * measure * np.exp(1j * kz * Z) * F
        image = beta / (4 * np.pi) * dq * v * v * IMAGE_SIGN * np.exp(-q * Z)
        out = (full - image) * special.jv(ORDERS, q * rho)
        return np.concatenate([out.real, out.imag])

    def propagating(theta):
        return values(k * np.sin(theta), k * np.cos(theta) + 0j, k * np.sin(theta), k * np.cos(theta))

    def evanescent(kappa):
        q = np.hypot(k, kappa)
        return values(q, 1j * kappa, -1j, kappa / q)

    parts = [integrate.quad_vec(f, a, b, epsrel=1e-10, epsabs=0, limit=20000)[0]
             for f, a, b in ((propagating, 0, np.pi / 2), (evanescent, 0, 60 / Z))]
    total = sum(parts)
    R2 = rho * rho + Z * Z
    L = np.array([2 * Z * Z - rho * rho, 3 * rho * Z, 3 * rho * rho]) / R2**2.5
    return total[:6] + 1j * total[6:] + beta / (4 * np.pi * k * k) * IMAGE_SIGN * L[ORDERS]


@pytest.mark.parametrize("material, omega", [("SiC", 1.70e14),    # a sharp surface phonon polariton, κ ≈ 0.54 k
                                             ("SiC", 1.775e14),   # ε ≈ −1.3: the polariton far out and broad
                                             ("Au", 1.0e14)])     # a plasmon within 1e-4 of the light line
@pytest.mark.parametrize("rho, Z", [(0.0, 10e-9), (50e-9, 10e-9), (2e-6, 100e-9), (20e-6, 1e-6)])
def test_integrals_against_brute_force(material, omega, rho, Z):
    eps = photodrag.material(material).epsilon([omega])
    k = omega / constants.c
    expected = brute_force(eps[0, 0, 0], k, rho, Z)
    got = reflected.integrals_at(Reflector(np.array([k]), eps[:, None]), [rho], [Z])[0, 0]
    np.testing.assert_allclose(got[:6], expected, rtol=0, atol=1e-10 * np.abs(expected).max())
    assert np.all(got[6:] == 0)


def test_image_closed_forms():
    rho, Z = 0.7e-6, 0.3e-6
    for n, expected in enumerate(sommerfeld.image_geometry(rho, Z)):
        value = integrate.quad(lambda q: q * q * np.exp(-q * Z) * special.jv(n, q * rho), 0, 80 / Z,
                               limit=500, epsabs=0, epsrel=1e-12)[0]
        assert value == pytest.approx(expected, rel=1e-10)


def scattered(N, seed=3, box=2e-6):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(0, box, (N, 2)), rng.uniform(60e-9, 500e-9, N)])


@pytest.mark.parametrize("material, B, omega", [("SiC", None, 1.72e14), ("Au", None, 1.5e14),
                                                ("InSb", (0, 0, -3.0), 1.1e14)])
def test_table_equals_the_sums(material, B, omega):
    """The tabulated 3N×3N fill against the pair-by-pair sums, 1e-9 of every block."""
    geometry = reflected.PairGeometry(scattered(24))
    omega = np.array([omega])
    surface = Reflector(omega / constants.c, photodrag.material(material).epsilon(omega, B)[:, None])
    table = reflected.reflected_green_matrix(surface, geometry, method="table")
    direct = reflected.reflected_green_matrix(surface, geometry, method="direct")
    blocks = lambda M: M.reshape(1, 24, 3, 24, 3).transpose(0, 1, 3, 2, 4)
    error = np.linalg.norm(blocks(table - direct), axis=(-1, -2)) / np.linalg.norm(blocks(direct), axis=(-1, -2))
    assert error.max() < 1e-9


def test_matrix_blocks_equal_the_pair_function():
    positions = scattered(6)
    omega = np.array([1.1e14])
    surface = Reflector(omega / constants.c, photodrag.material("InSb").epsilon(omega, (0, 0, 2.0))[:, None])
    matrix = reflected.reflected_green_matrix(surface, reflected.PairGeometry(positions))[0]
    i, j = np.meshgrid(np.arange(6), np.arange(6), indexing="ij")
    pairs = reflected.reflected_green(surface, positions[i.ravel()], positions[j.ravel()])[0]
    expected = pairs.reshape(6, 6, 3, 3).transpose(0, 2, 1, 3).reshape(18, 18)
    np.testing.assert_allclose(matrix, expected, rtol=0, atol=1e-12 * np.abs(expected).max())


def test_table_error_is_checked(monkeypatch):
    """A table that cannot reach its tolerance refuses rather than returning less."""
    omega = np.array([1.72e14])
    single = Reflector(omega / constants.c, photodrag.material("SiC").epsilon(omega)[:, None])
    rule = sommerfeld.make_rule(single, 2e-6, 100e-9, 1e-6)
    full, static, beta = sommerfeld.weights(rule, single)
    edges = tabulation.initial_edges(2e-6, 100e-9, 1e-6, single.k[0])
    assert tabulation.tabulate(rule, full, static, beta, edges, 1e-10).error <= 1e-10
    monkeypatch.setattr(tabulation, "MAX_ROUNDS", 1)
    with pytest.raises(RuntimeError, match="did not reach"):
        tabulation.tabulate(rule, full, static, beta, edges, 1e-15)


def test_lossless_polariton_is_refused():
    """A lossless metal has its surface plasmon on the real axis: the integral is not defined."""
    omega = np.array([1e14])
    metal = Drude(omega_p=1e15, gamma=0.0)
    surface = Reflector(omega / constants.c, metal.epsilon(omega)[:, None])
    with pytest.raises(ValueError, match="pole on"):
        reflected.integrals_at(surface, [0.0], [100e-9])


def test_refuses_points_below_the_surface():
    omega = np.array([1.7e14])
    surface = Reflector(omega / constants.c, photodrag.material("SiC").epsilon(omega)[:, None])
    with pytest.raises(ValueError, match="z = -1e-08 m ≤ 0"):
        reflected.reflected_green(surface, [0, 0, 1e-7], [0, 0, -1e-8])
    with pytest.raises(ValueError, match="particle 1 lies at z = 0 m"):
        reflected.PairGeometry([[0, 0, 1e-7], [1e-7, 0, 0]])


def test_matrix_added_into_a_buffer():
    """out += scale·G_R, the way the kernel's S = Λ − k²(G + G_R) takes it."""
    positions = scattered(5)
    omega = np.array([1.7e14, 1.8e14])
    surface = Reflector(omega / constants.c, photodrag.material("SiC").epsilon(omega)[:, None])
    geometry = reflected.PairGeometry(positions)
    G = reflected.reflected_green_matrix(surface, geometry)
    rng = np.random.default_rng(1)
    buffer = rng.normal(size=G.shape) + 1j * rng.normal(size=G.shape)
    expected = buffer - (surface.k**2)[:, None, None] * G
    got = reflected.reflected_green_matrix(surface, geometry, out=buffer, scale=-surface.k**2, add=True)
    assert got is buffer
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=1e-14 * np.abs(expected).max())
