"""Limits of the reflected Green tensor G_R (photodrag.engine.reflected), each against an
independent closed form: the perfect conductor's exact retarded image, the quasi-static image
with (ε − 1)/(ε + 1), a vanishing surface, and the thick- and thin-film limits."""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import reflected
from photodrag.engine.green import free_space_green
from photodrag.engine.reflection import Reflector
from photodrag.materials import Lorentz

MIRROR = np.diag([-1.0, -1.0, 1.0])

#: (r, r') pairs: near field (z + z' = 10 nm), intermediate, far field (ρ = 20 µm), one vertical.
PAIRS = np.array([[[0.0, 0.0, 5e-9], [0.0, 0.0, 5e-9]],
                  [[3e-8, -1e-8, 4e-9], [0.0, 0.0, 6e-9]],
                  [[1.2e-6, 0.5e-6, 0.3e-6], [0.1e-6, -0.2e-6, 0.6e-6]],
                  [[20e-6, 0.0, 1.5e-6], [0.0, 0.0, 0.5e-6]],
                  [[1e-7, 2e-7, 2e-6], [1e-7, 2e-7, 0.4e-6]]])


class PerfectMirror:
    """A reflector with r_s = −1, r_p = +1 at every q (the engine's reflector interface)."""

    isotropic = True

    def __init__(self, k):
        self.k = np.asarray(k, dtype=float)

    def take(self, index):
        return PerfectMirror(np.atleast_1d(self.k[index]))

    def matrix(self, kz0):
        return np.broadcast_to(np.diag([-1.0 + 0j, 1.0]), kz0.shape + (2, 2)).copy()

    def static_limit(self):
        return np.ones(self.k.size, dtype=complex)

    def branch_points(self):
        return np.empty((self.k.size, 0), dtype=complex)

    polariton = branch_points


def surface(materials, omega, thickness=(), B=None):
    omega = np.atleast_1d(omega)
    eps = np.stack([photodrag.material(m).epsilon(omega, B) for m in materials], axis=1)
    return Reflector(omega / constants.c, eps, thickness)


def relative(a, b):
    return np.linalg.norm(a - b, axis=(-1, -2)) / np.linalg.norm(b, axis=(-1, -2))


@pytest.mark.parametrize("omega", [1.0e14, 1.8e15])
def test_perfect_conductor_is_the_retarded_image(omega):
    """G_R(r, r') = G0(r − r'*) M, r'* = (x', y', −z'), M = diag(−1, −1, 1): the exact image dipole."""
    k = np.array([omega / constants.c])
    r, source = PAIRS[:, 0], PAIRS[:, 1]
    image = source * [1, 1, -1]
    expected = free_space_green(r - image, k) @ MIRROR
    got = reflected.reflected_green(PerfectMirror(k), r, source)
    assert relative(got, expected).max() < 1e-10


def test_quasi_static_limit_is_the_image_with_eps_minus_one_over_eps_plus_one():
    """For z + z' ≪ λ, k² G_R → β (3R̂R̂ − 1) M/(4πR³), β = (ε − 1)/(ε + 1); the rest shrinks like R²."""
    omega = np.array([1.72e14, 1.0e14])
    eps = np.array([photodrag.material(m).epsilon(w)[0, 0, 0] for m, w in (("SiC", omega[0]), ("Au", omega[1]))])
    k = omega / constants.c
    deviation = []
    for scale in (1.0, 0.5):
        r = np.array([[20e-9, 10e-9, 6e-9]]) * scale
        source = np.array([[0.0, 0.0, 4e-9]]) * scale
        R = r - source * [1, 1, -1]
        d = np.linalg.norm(R)
        static = (3 * np.outer(R, R) / d**2 - np.eye(3)) @ MIRROR / (4 * np.pi * d**3)
        beta = (eps - 1) / (eps + 1)
        expected = (beta / k**2)[:, None, None] * static
        got = np.concatenate([reflected.reflected_green(surface([m], w), r, source)[:, 0]
                              for m, w in (("SiC", omega[0]), ("Au", omega[1]))])
        deviation.append(relative(got, expected))
    assert deviation[0].max() < 1e-3
    np.testing.assert_allclose(deviation[0] / deviation[1], 4, rtol=0.15)


def test_vanishing_surface():
    """ε → 1: G_R → 0, linearly in ε − 1."""
    omega = np.array([1.5e14])
    r, source = PAIRS[1:4, 0], PAIRS[1:4, 1]
    values = []
    for delta in (1e-4, 1e-5):
        medium = Lorentz(eps_inf=1 + delta)
        eps = medium.epsilon(omega)[:, None]
        values.append(reflected.reflected_green(Reflector(omega / constants.c, eps), r, source))
    vacuum = free_space_green(r - source, omega / constants.c)
    assert np.abs(values[0]).max() < 1e-4 * np.abs(vacuum).max()
    np.testing.assert_allclose(values[1], values[0] / 10, rtol=0, atol=1e-4 * np.abs(values[1]).max())


@pytest.mark.parametrize("substrate, B", [("Au", None), ("InSb", (0, 0, 2.0))])
def test_film_thickness_limits(substrate, B):
    """A SiC film of 50 µm is a SiC half-space; a film of 1e-18 m is no film (at the Green tensor)."""
    omega = np.array([1.72e14])
    r, source = PAIRS[1:3, 0], PAIRS[1:3, 1]
    bare = reflected.reflected_green(surface([substrate], omega, B=B), r, source)
    thin = reflected.reflected_green(surface(["SiC", substrate], omega, (1e-18,), B=B), r, source)
    assert relative(thin, bare).max() < 1e-9
    sic = reflected.reflected_green(surface(["SiC"], omega), r, source)
    thick = reflected.reflected_green(surface(["SiC", substrate], omega, (50e-6,), B=B), r, source)
    assert relative(thick, sic).max() < 1e-9
