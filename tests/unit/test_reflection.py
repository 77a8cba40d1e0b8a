"""Reflection of planar structures (photodrag.engine.reflection) against independent forms:
Fresnel written from q, a Berreman 4×4 eigenproblem, circular eigenpolarisations at normal
incidence, energy flux, the thick- and thin-film limits and the Onsager relation."""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine.reflection import Reflector, isotropic_stack, films_over, transmission, normal_wavevector
from photodrag.materials import Drude, Lorentz

OMEGA = np.array([1.0e14, 1.7e14, 1.76e14])
K = OMEGA / constants.c
#: In-plane wavevectors in units of k: propagating, near the light line, evanescent, quasi-static.
Q_OVER_K = np.array([0.0, 0.2, 0.7, 0.999, 1.001, 1.5, 3.0, 30.0, 1e3])
J = np.diag([1.0, -1.0])


def kz_of(q_over_k, k=K):
    """kz0 (n, m) from q/k: √(k² − q²) or i√(q² − k²), from q (the way a reader would)."""
    q = q_over_k[None, :] * k[:, None]
    k = k[:, None]
    return np.where(q <= k, np.sqrt(np.abs(k**2 - q**2)) + 0j, 1j * np.sqrt(np.abs(q**2 - k**2)))


def reflector(materials, thickness=(), B=None, k=K):
    omega = k * constants.c
    eps = np.stack([photodrag.material(m).epsilon(omega, B) for m in materials], axis=1)
    return Reflector(k, eps, thickness)


def test_halfspace_is_fresnel_written_from_q():
    eps = photodrag.material("SiC").epsilon(OMEGA)[:, 0, 0][:, None]
    q = Q_OVER_K[None, :] * K[:, None]
    kz0 = kz_of(Q_OVER_K)
    kz1 = np.sqrt(eps * K[:, None] ** 2 - q**2 + 0j)
    kz1 = np.where(kz1.imag < 0, -kz1, kz1)
    R = reflector(["SiC"]).matrix(kz0)
    np.testing.assert_allclose(R[..., 0, 0], (kz0 - kz1) / (kz0 + kz1), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(R[..., 1, 1], (eps * kz0 - kz1) / (eps * kz0 + kz1), rtol=1e-12)
    assert np.all(R[..., 0, 1] == 0) and np.all(R[..., 1, 0] == 0)


def test_perfect_conductor_and_vacuum_limits():
    metal = Drude(omega_p=1e22, gamma=1e10)
    eps = metal.epsilon(OMEGA)[:, None]
    R = Reflector(K, eps).matrix(kz_of(Q_OVER_K[:-1]))
    np.testing.assert_allclose(R[..., 0, 0], -1, atol=1e-6)
    np.testing.assert_allclose(R[..., 1, 1], 1, atol=1e-6)
    vacuum = Lorentz(eps_inf=1.0)
    assert np.all(Reflector(K, vacuum.epsilon(OMEGA)[:, None]).matrix(kz_of(Q_OVER_K)) == 0)


@pytest.mark.parametrize("material", ["SiC", "Au", "InSb"])
def test_static_limit_of_a_halfspace(material):
    surface = reflector([material], B=(0, 0, 3.0) if material == "InSb" else None)
    R = surface.matrix(kz_of(np.array([1e7])))
    np.testing.assert_allclose(R[:, 0, 1, 1], surface.static_limit(), rtol=1e-10)
    if material != "InSb":
        eps = photodrag.material(material).epsilon(OMEGA)[:, 0, 0]
        np.testing.assert_allclose(surface.static_limit(), (eps - 1) / (eps + 1), rtol=1e-15)


def test_lossless_dielectric_conserves_energy():
    """1 − |r|² = (kz1/kz0) |t|² for s and p on a lossless dielectric, propagating waves."""
    eps1 = 2.25
    q_over_k = Q_OVER_K[Q_OVER_K < 1]
    kz0 = kz_of(q_over_k)
    R = Reflector(K, np.full((K.size, 1, 3, 3), eps1 * np.eye(3))).matrix(kz0)
    kz1 = normal_wavevector(eps1, (K**2)[:, None], kz0)
    t_s, t_p = transmission(1.0, eps1, kz0, kz1)
    np.testing.assert_allclose(1 - np.abs(R[..., 0, 0]) ** 2, (kz1 / kz0).real * np.abs(t_s) ** 2, atol=1e-14)
    np.testing.assert_allclose(1 - np.abs(R[..., 1, 1]) ** 2, (kz1 / kz0).real * np.abs(t_p) ** 2, atol=1e-14)


def lossless_insb():
    insb = photodrag.material("InSb")
    return photodrag.materials.MagnetoOptical(name="lossless InSb", eps_inf=insb.eps_inf, omega_L=insb.omega_L,
                                              omega_T=insb.omega_T, Gamma=0.0, gamma=0.0,
                                              carrier_density=insb.carrier_density,
                                              effective_mass=insb.effective_mass)


@pytest.mark.parametrize("B", [1.0, -4.0])
def test_lossless_magneto_optical_mirror_is_unitary(B):
    """Below its plasma edge lossless InSb carries no propagating mode: R†R = 1 on propagating waves."""
    omega = np.array([0.8e14, 1.2e14])
    k = omega / constants.c
    eps = lossless_insb().epsilon(omega, (0, 0, B))[:, None]
    R = Reflector(k, eps).matrix(kz_of(Q_OVER_K[Q_OVER_K < 1], k))
    assert np.abs(R[..., 0, 1]).max() > 1e-3      # s and p do mix
    np.testing.assert_allclose(np.conj(np.swapaxes(R, -1, -2)) @ R, np.broadcast_to(np.eye(2), R.shape), atol=1e-13)


@pytest.mark.parametrize("stack", [(["InSb"], ()), (["SiC", "InSb"], (80e-9,)), (["SiC", "Au"], (50e-9,)),
                                   (["Au", "SiC", "Au"], (20e-9, 300e-9))])
@pytest.mark.parametrize("B", [None, (0, 0, 2.0), (0, 0, -6.0)])
def test_passivity(stack, B):
    """Absorbing structures: 1 − R†R ⪰ 0 for propagating waves, ImH(R) = (R − R†)/2i ⪰ 0 for evanescent ones."""
    R = reflector(*stack, B=B).matrix(kz_of(Q_OVER_K))
    Rh = np.conj(np.swapaxes(R, -1, -2))
    propagating = Q_OVER_K < 1
    assert np.linalg.eigvalsh(np.eye(2) - Rh @ R)[:, propagating].min() > -1e-13
    assert np.linalg.eigvalsh((R - Rh) / 2j)[:, ~propagating].min() > -1e-13 * np.abs(R).max()


@pytest.mark.parametrize("films", [(), ("SiC",), ("Au", "SiC")])
def test_onsager_relation_of_the_reflection_matrix(films):
    """R(−B) = J R(B)ᵀ J, J = diag(1, −1): r_ss, r_pp even in B, r_sp(−B) = −r_ps(B)."""
    thickness = (60e-9, 200e-9)[:len(films)]
    kz0 = kz_of(Q_OVER_K)
    R = reflector([*films, "InSb"], thickness, B=(0, 0, 3.0)).matrix(kz0)
    R_reversed = reflector([*films, "InSb"], thickness, B=(0, 0, -3.0)).matrix(kz0)
    assert np.abs(R[..., 0, 1]).max() > 1e-7        # s and p mix (little under the gold film)
    np.testing.assert_allclose(R_reversed, J @ np.swapaxes(R, -1, -2) @ J, rtol=0, atol=1e-13 * np.abs(R).max())


def berreman(eps, k, kz0):
    """R from the 4×4 Berreman eigenproblem of the half-space (numpy.linalg.eig), q along x̂.

    ψ = (E_x, E_y, Z0H_x, Z0H_y), ∂zψ = ik Δψ; the two modes with Im(kz/k) < 0 decay into z < 0.
    """
    out = np.empty(kz0.shape + (2, 2), dtype=complex)
    for w in range(kz0.shape[0]):
        e1, exy, e3 = eps[w, 0, 0], eps[w, 0, 1], eps[w, 2, 2]
        for m, kz in enumerate(kz0[w]):
            xi2 = 1 - (kz / k[w]) ** 2
            delta = np.array([[0, 0, 0, 1 - xi2 / e3], [0, 0, -1, 0], [exy, xi2 - e1, 0, 0], [e1, exy, 0, 0]])
            values, vectors = np.linalg.eig(delta)
            down = vectors[:, np.argsort(values.imag)[:2]]
            c = kz / k[w]
            up = np.array([[0, -c], [1, 0], [-c, 0], [0, -1]])          # up-going s, p (p̂+ = (q ẑ − kz q̂)/k)
            incident = np.array([[0, c], [1, 0], [c, 0], [0, -1]])      # down-going s, p
            solution = np.linalg.solve(np.hstack([up, -down]), -incident)
            out[w, m] = solution[:2]
    return out


@pytest.mark.parametrize("B", [0.5, 5.0, -2.0])
def test_magneto_optical_halfspace_against_berreman(B):
    q_over_k = np.array([0.0, 0.4, 0.95, 1.05, 2.0, 8.0])
    kz0 = kz_of(q_over_k)
    eps = photodrag.material("InSb").epsilon(OMEGA, (0, 0, B))
    R = Reflector(K, eps[:, None]).matrix(kz0)
    np.testing.assert_allclose(R, berreman(eps, K, kz0), rtol=0, atol=1e-11)


def test_normal_incidence_reflects_circular_polarisations():
    """At q = 0 the eigenpolarisations are (1, ±i, 0), with ε± = ε1 ± iε_xy and r± = (1 − n±)/(1 + n±)."""
    eps = photodrag.material("InSb").epsilon(OMEGA, (0, 0, 4.0))
    R = Reflector(K, eps[:, None]).matrix(kz_of(np.array([0.0])))[:, 0]
    for w in range(K.size):
        basis = np.array([[1, 1], [1j, -1j]]) / np.sqrt(2)                  # (x, y) of (1, ±i)
        n = np.sqrt(eps[w, 0, 0] + np.array([1j, -1j]) * eps[w, 0, 1])
        cartesian = basis @ np.diag((1 - n) / (1 + n)) @ np.conj(basis.T)   # E_t reflected from E_t incident
        # incident (s, p) = (E_y, E_x); reflected E_y = u_s, E_x = −u_p (p̂+ = −x̂ at q = 0)
        to_cartesian = np.array([[0, 1], [1, 0]])
        expected = np.diag([1, -1]) @ to_cartesian @ cartesian @ to_cartesian
        np.testing.assert_allclose(R[w], expected, atol=1e-13)


def test_weak_field_tends_to_the_isotropic_coefficients():
    """The gyrotropic path at 1 mT and 1 µT: R − R(B = 0) ∝ B, down to where ε_xy ≈ 1e-7 ε1."""
    kz0 = kz_of(Q_OVER_K)
    R0 = reflector(["InSb"]).matrix(kz0)
    assert np.all(R0[..., 0, 1] == 0)
    change = [reflector(["InSb"], B=(0, 0, B)).matrix(kz0) - R0 for B in (1e-3, 1e-6)]
    np.testing.assert_allclose(change[1], change[0] * 1e-3, rtol=0, atol=1e-3 * np.abs(change[0]).max())


def test_matrix_recursion_equals_scalar_airy():
    """films_over (2×2 matrices, the path under a gyrotropic half-space) on an isotropic bottom."""
    eps = np.stack([photodrag.material(m).epsilon(OMEGA)[:, 0, 0] for m in ("Au", "SiC", "Au")], axis=1)
    eps[:, 1] = 2.2                                        # a lossless film in between
    thickness = np.array([15e-9, 400e-9])
    k2 = (K**2)[:, None]
    kz0 = kz_of(Q_OVER_K)
    r_s, r_p = isotropic_stack(eps, thickness, k2, kz0)
    kz_last = normal_wavevector(eps[:, 1, None], k2, kz0)
    kz_bottom = normal_wavevector(eps[:, 2, None], k2, kz0)
    from photodrag.engine.reflection import interface
    bottom_s, bottom_p = interface(eps[:, 1, None], eps[:, 2, None], kz_last, kz_bottom, k2)
    bottom = np.zeros(kz0.shape + (2, 2), dtype=complex)
    bottom[..., 0, 0], bottom[..., 1, 1] = bottom_s, bottom_p
    R = films_over(bottom, eps[:, :2], thickness, k2, kz0)
    np.testing.assert_allclose(R[..., 0, 0], r_s, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(R[..., 1, 1], r_p, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(R[..., 0, 1], 0, atol=1e-15)


@pytest.mark.parametrize("substrate, B", [("Au", None), ("InSb", (0, 0, 3.0))])
def test_film_thickness_limits(substrate, B):
    """A lossy film of 50 µm is the half-space of its material; a film of 1e-18 m is no film."""
    kz0 = kz_of(Q_OVER_K[:-1])
    bare = reflector([substrate], B=B).matrix(kz0)
    thin = reflector(["SiC", substrate], (1e-18,), B=B).matrix(kz0)
    np.testing.assert_allclose(thin, bare, rtol=1e-10, atol=1e-13)
    omega = np.array([1.7e14, 1.76e14])               # SiC is opaque here (Im √ε ≈ 2)
    k = omega / constants.c
    thick = reflector(["SiC", substrate], (50e-6,), B=B, k=k).matrix(kz_of(Q_OVER_K, k))
    np.testing.assert_allclose(thick, reflector(["SiC"], k=k).matrix(kz_of(Q_OVER_K, k)), rtol=0, atol=1e-13)


def test_evanescent_waves_and_thick_films_stay_finite():
    kz0 = kz_of(np.array([1e9]))
    R = reflector(["SiC", "Au", "SiC"], (1e-3, 2e-3)).matrix(kz0)
    assert np.all(np.isfinite(R))
    np.testing.assert_allclose(R[..., 1, 1], reflector(["SiC"]).static_limit()[:, None], rtol=1e-12)


def test_refuses_what_it_cannot_reflect():
    eps = photodrag.material("InSb").epsilon(OMEGA, (0, 0, 1.0))
    with pytest.raises(ValueError, match="film must be isotropic"):
        Reflector(K, np.stack([eps, eps], axis=1), (1e-7,))
    with pytest.raises(ValueError, match="gyrotropic about z"):
        Reflector(K, photodrag.material("InSb").epsilon(OMEGA, (1.0, 0, 0))[:, None])
    with pytest.raises(ValueError, match="shape"):
        Reflector(K, eps[:, None], (1e-7,))
