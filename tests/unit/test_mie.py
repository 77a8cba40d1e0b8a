"""The dipolar Mie coefficients of photodrag.engine.mie against miepython and against their kR → 0 limits.

miepython takes the index as m = n − iκ (κ ≥ 0 for loss) and returns the coefficients in the
form whose absorption is Re a − |a|² > 0; with photodrag's exp(−iωt) (Im ε > 0) the same sphere
has m = √ε, and the two sets of coefficients agree as they are (checked below on a Rayleigh
sphere, where a1 ≈ −(2i/3) x³ (ε − 1)/(ε + 2) fixes the sign of every part).
"""

import miepython
import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import mie

#: Sizes of the issue: 10, 100 and 500 nm, and ω over the thermal infrared of both materials.
RADII = [10e-9, 100e-9, 500e-9]
OMEGA = np.geomspace(1e12, 2e15, 60)


def miepython_dipole(eps, x):
    """(a1, b1) from miepython for ε with Im ε ≥ 0 (index conj(√ε): its m = n − iκ)."""
    a, b = miepython.coefficients(np.conj(np.sqrt(eps)), x, n_pole=1)
    return a[:, 0], b[:, 0]


def test_convention_on_a_rayleigh_sphere():
    """For x ≪ 1, a1 → −(2i/3) x³ (ε − 1)/(ε + 2): photodrag and miepython both give it, so Im α_E > 0
    for a lossy sphere and α_E → the Clausius–Mossotti α0 exactly as docs/theory.md writes it."""
    eps = np.array([3.0 + 0.5j, -2.0 + 0.3j, -1e4 + 3e3j])
    x = np.full(3, 1e-3)
    expected = -2j / 3 * x**3 * (eps - 1) / (eps + 2)
    a1, _ = mie.coefficients(eps, x)
    np.testing.assert_allclose(a1, expected, rtol=1e-5)
    np.testing.assert_allclose(miepython_dipole(eps, x)[0], expected, rtol=1e-5)


@pytest.mark.parametrize("name", ["Au", "SiC"])
@pytest.mark.parametrize("radius", RADII)
def test_coefficients_match_miepython(name, radius):
    """Au (|m| up to ~1500) and SiC (through the Fröhlich and TO resonances), kR from 3e-5 to 3."""
    eps = photodrag.material(name).epsilon(OMEGA)[:, 0, 0]
    x = OMEGA / constants.c * radius
    a1, b1 = mie.coefficients(eps, x)
    reference_a, reference_b = miepython_dipole(eps, x)
    accurate = x > 1e-3  # below, miepython's own b1 loses digits (photodrag's is checked against the limit)
    np.testing.assert_allclose(a1[accurate], reference_a[accurate], rtol=1e-9)
    np.testing.assert_allclose(b1[accurate], reference_b[accurate], rtol=1e-9)
    np.testing.assert_allclose(a1, reference_a, rtol=1e-5)
    np.testing.assert_allclose(b1, reference_b, rtol=1e-5)


def test_stable_out_to_kR_5_for_strongly_absorbing_spheres():
    """Large |m kR| (hundreds) and kR up to 5, where ψ1(mx) itself overflows a naive evaluation."""
    eps = np.array([4.7e6j, -1.1e5 + 4.4e5j, -1.8e4 + 7.5e3j, -188 + 7.5j, 500 + 50j, -6.5 + 0.05j])
    for x in (0.05, 0.3, 1.0, 2.0, 4.0, 5.0):
        xs = np.full(eps.shape, x)
        a1, b1 = mie.coefficients(eps, xs)
        reference_a, reference_b = miepython_dipole(eps, xs)
        np.testing.assert_allclose(a1, reference_a, rtol=1e-9)
        np.testing.assert_allclose(b1, reference_b, rtol=1e-9)


@pytest.mark.parametrize("eps", [3.0 + 0.5j, -2.0 + 0.3j, 12.0 + 1.0j, -50 + 20j])
def test_quasistatic_limits(eps):
    """kR → 0: α_E → Clausius–Mossotti and α_H → (2π/15) R³ (kR)² (ε − 1), to (kR)² |ε|, at kR = 1e-4."""
    radius, k = 1e-9, np.array([1e5])
    alpha_e, alpha_h = mie.polarizabilities(np.array([eps]), radius, k)
    np.testing.assert_allclose(alpha_e, 4 * np.pi * radius**3 * (eps - 1) / (eps + 2), rtol=1e-6)
    np.testing.assert_allclose(alpha_h, 2 * np.pi / 15 * radius**3 * (k * radius) ** 2 * (eps - 1), rtol=1e-6)


def test_polarizabilities_are_6pi_i_coefficients_over_k3():
    eps = photodrag.material("Au").epsilon(OMEGA)[:, 0, 0]
    k = OMEGA / constants.c
    alpha_e, alpha_h = mie.polarizabilities(eps, 100e-9, k)
    a1, b1 = mie.coefficients(eps, k * 100e-9)
    np.testing.assert_allclose(alpha_e, 6j * np.pi * a1 / k**3, rtol=1e-12)
    np.testing.assert_allclose(alpha_h, 6j * np.pi * b1 / k**3, rtol=1e-12)


def test_lossless_sphere_has_no_dissipation():
    """Real ε: B/A is real, so ξ = −Im α0⁻¹ is exactly zero (the radiation reaction carries all of Im α⁻¹)."""
    eps = np.array([2.25, 12.0, -3.0, 1.5])
    k = np.array([1e6, 2e6, 5e6, 1e7])
    inverse_e, inverse_h = mie.inverse_bare_polarizabilities(eps, 100e-9, k)
    assert np.all(inverse_e.imag == 0) and np.all(inverse_h.imag == 0)


def test_quasistatic_magnetic_polarizability():
    """α_H0 (kR → 0 at fixed m kR) is the eddy-current polarizability −2πR³[1 − 3/y² + 3 cot(y)/y] (Landau &
    Lifshitz §59) where |ε| ≫ 1, tends to (2π/15)R³(kR)²(ε − 1) where |y| ≪ 1, and is within (kR)² of Mie's
    α_H for 100 nm gold over 5e13–2e14 rad/s, where |y| ≈ 4 (R ≈ 4 skin depths)."""
    omega = np.geomspace(5e13, 2e14, 9)
    radius = 100e-9
    k = omega / constants.c
    eps = photodrag.material("Au").epsilon(omega)[:, 0, 0]
    y = np.sqrt(eps) * k * radius
    alpha_h0 = mie.quasistatic_magnetic(eps, radius, k)
    eddy = -2 * np.pi * radius**3 * (1 - 3 / y**2 + 3 / (y * np.tan(y)))
    np.testing.assert_allclose(alpha_h0, eddy, rtol=3 / np.abs(eps).min())
    _, alpha_h = mie.polarizabilities(eps, radius, k)
    reaction = 1j * k**3 / (6 * np.pi)
    np.testing.assert_allclose(1 / (1 / alpha_h0 - reaction), alpha_h, rtol=(k * radius).max() ** 2)
    small = np.array([3.0 + 0.5j, -2.0 + 0.3j])
    k_small = np.array([1e4, 1e4])
    np.testing.assert_allclose(mie.quasistatic_magnetic(small, 1e-8, k_small),
                               2 * np.pi / 15 * 1e-24 * (1e-4) ** 2 * (small - 1), rtol=1e-8)


def test_vacuum_sphere_is_refused():
    with pytest.raises(ValueError, match="ε = 1"):
        mie.inverse_bare_polarizabilities(np.array([1.0 + 0j]), 1e-7, np.array([1e6]))
