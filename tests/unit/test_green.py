"""The free-space Green tensor and its imaginary part (photodrag.engine.green)."""

import numpy as np
from scipy.special import spherical_jn

from photodrag.engine.green import free_space_green, free_space_green_imag, imag_green_coefficients


def test_imaginary_part_matches_scipy_bessel_functions_at_every_scale():
    x = np.concatenate([[0.0], np.logspace(-8, 3, 2001)])
    a, b = imag_green_coefficients(np.array([1.0]), x)
    j0 = spherical_jn(0, x)
    j1_over_x = np.where(x > 0, spherical_jn(1, x) / np.where(x > 0, x, 1.0), 1 / 3)
    np.testing.assert_allclose(a[0], (j0 - j1_over_x) / (4 * np.pi), rtol=0, atol=1e-15)
    np.testing.assert_allclose(b[0], (3 * j1_over_x - j0) / (4 * np.pi), rtol=0, atol=1e-15)


def test_imaginary_part_is_the_imaginary_part_of_the_tensor():
    rng = np.random.default_rng(1)
    separations = rng.normal(size=(50, 3)) * 2e-6
    k = np.array([3e5, 6e5])  # kr from about 0.3 to 5: the direct difference is accurate here
    np.testing.assert_allclose(free_space_green_imag(separations, k), free_space_green(separations, k).imag,
                               rtol=0, atol=1e-11 * np.abs(free_space_green(separations, k)).max())


def test_self_term_and_symmetry():
    k = np.array([2e6])
    np.testing.assert_allclose(free_space_green_imag(np.zeros((1, 3)), k)[0, 0], k[0] / (6 * np.pi) * np.eye(3))
    r = np.array([[1e-7, -2e-7, 3e-7]])
    G = free_space_green(r, k)
    np.testing.assert_allclose(G, free_space_green(-r, k))
    np.testing.assert_allclose(G, G.swapaxes(-1, -2))


def test_near_field_is_the_static_dipole_field():
    """kr ≪ 1: k² G0 → (3 r̂r̂ − 1)/(4π r³), the field of a static dipole (E = p (3r̂r̂ − 1)/(4π ε0 r³))."""
    r = np.array([[2e-9, 1e-9, -3e-9]])
    d = np.linalg.norm(r)
    k = np.array([1.0])
    rr = np.outer(r[0], r[0]) / d**2
    np.testing.assert_allclose((k[0] ** 2 * free_space_green(r, k))[0, 0].real, (3 * rr - np.eye(3)) / (4 * np.pi * d**3),
                               rtol=1e-12)
