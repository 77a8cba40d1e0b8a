"""Mie coefficients to any order (photodrag.engine.mie_orders): against 60-digit values, miepython,
the dipolar photodrag.engine.mie, and passivity, from kR = 1e-4 to 60 and |m kR| up to 8700."""

import miepython
import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import mie, mie_orders

#: (ε, x, l, a_l, b_l) from Bohren & Huffman's eq. 4.53 in mpmath at 60 digits (exp(−iωt), Im ε > 0),
#: computed once for this test: a metal at small x, a Fröhlich resonance at x = 1e-4 (b_l cancels to
#: x^(2l+3) there), a dielectric at x = 1e-3, a near-perfect conductor (|mx| = 8700), a nearly
#: lossless large sphere, a lossy one at x = 60, and l up to 30.
MPMATH = [
    ((-18000 + 7500j), 0.05, 1, (1.6394677341176998e-08 - 8.344060059459892e-05j), (2.520780794937959e-06 + 2.6449249035566803e-05j)),
    ((-18000 + 7500j), 0.05, 3, (3.7404963606286844e-17 - 6.6133357697065e-13j), (3.512138920272402e-14 + 1.772233742256133e-13j)),
    ((-18000 + 7500j), 0.05, 12, (5.344161612421956e-62 - 1.2913999208680803e-57j), (2.6328456007769217e-59 + 7.199710264979736e-59j)),
    ((-18000 + 7500j), 0.05, 30, (3.4530419960975695e-167 - 8.607483893492188e-163j), (3.886210664497212e-165 + 9.57346132698109e-165j)),
    ((-2 + 0.3j), 0.0001, 1, (6.666666759955959e-12 - 6.666661373244352e-13j), (6.666666619047621e-23 + 6.666666638285716e-22j)),
    ((-2 + 0.3j), 0.0001, 2, (7.352941264211569e-22 - 1.5588235352817602e-21j), (1.904761897566138e-32 + 1.9047619001312176e-31j)),
    ((-2 + 0.3j), 0.0001, 12, (2.911199391924345e-125 - 1.3228490035426968e-124j), (1.77770607591804e-136 + 1.7777060760666315e-135j)),
    ((3 + 0.5j), 0.001, 1, (3.960397826988495e-11 - 2.7062709456404367e-10j), (1.1111113756615956e-17 - 4.4444446031749423e-17j)),
    ((3 + 0.5j), 0.001, 5, (7.511164330817407e-42 - 5.906506436977368e-41j), (3.559407054094193e-49 - 1.4237627849649974e-48j)),
    ((3 + 0.5j), 0.001, 30, (1.2215401721614655e-267 - 9.992599110416066e-267j), (2.4988487497983724e-276 - 9.995394988479637e-276j)),
    (4700000j, 4.0, 1, (0.8089171485736749 + 0.3927135939284572j), (0.20344777447197457 - 0.4021815398249617j)),
    (4700000j, 4.0, 5, (0.01876570012979955 - 0.13530924705795733j), (0.006101190938769427 + 0.07757491947241427j)),
    (4700000j, 4.0, 12, (5.690093357696941e-14 - 2.575542448891962e-10j), (4.5151523380858394e-13 + 2.3387320018136925e-10j)),
    (4700000j, 4.0, 30, (7.007976712843916e-51 - 8.118364162931323e-47j), (3.851596503768215e-49 + 7.810302351435602e-47j)),
    ((6.68 + 1e-05j), 20.0, 1, (0.003189887359560499 - 0.05557257525700368j), (0.09998452507260298 - 0.2999540782566052j)),
    ((6.68 + 1e-05j), 20.0, 5, (0.00039538000683716313 - 0.017563753451465835j), (0.07565170651828688 + 0.26441237705344983j)),
    ((6.68 + 1e-05j), 20.0, 12, (0.4101975377104355 - 0.491798335126869j), (0.7386157415948628 - 0.4393748911783772j)),
    ((6.68 + 1e-05j), 20.0, 30, (7.1243474203215805e-12 - 3.77344289454832e-07j), (2.274500819391966e-11 - 1.4363982916304214e-07j)),
    ((-188 + 7.5j), 60.0, 1, (0.06422202284661759 + 0.24218934362723593j), (0.9357612883158261 - 0.2422210307385033j)),
    ((-188 + 7.5j), 60.0, 12, (0.0024033150526922777 - 0.03039164086347261j), (0.997825823597202 + 0.027562458049928074j)),
    ((-188 + 7.5j), 60.0, 30, (0.0912607980638665 + 0.28505820418116656j), (0.8982611207626992 - 0.3002455702094494j)),
    ((-6.5 + 0.05j), 0.3, 1, (0.0012732297647289755 - 0.03323482714388575j), (2.4867334962123344e-06 + 0.0003750640523058518j)),
    ((-6.5 + 0.05j), 0.3, 2, (4.311369924319744e-07 - 0.00012235550915868116j), (6.4781479417816225e-09 + 1.0008407985581212e-06j)),
    ((-6.5 + 0.05j), 0.3, 8, (7.62758838798602e-26 - 2.8912909216513764e-23j), (2.545448672541153e-28 + 3.8326077963929125e-26j)),
]


@pytest.mark.parametrize("eps, x, l, a_ref, b_ref", MPMATH, ids=lambda v: f"{v:.3g}" if isinstance(v, (complex, float)) else str(v))
def test_against_60_digit_values(eps, x, l, a_ref, b_ref):
    a, b = mie_orders.coefficients(np.array([eps]), np.array([x]), 30)
    np.testing.assert_allclose(a[0, l - 1], a_ref, rtol=1e-12)
    np.testing.assert_allclose(b[0, l - 1], b_ref, rtol=1e-12)


@pytest.mark.parametrize("name", ["Au", "SiC"])
@pytest.mark.parametrize("radius", [10e-9, 100e-9, 500e-9, 3e-6])
def test_against_miepython_every_order(name, radius):
    """l = 1 … 20, kR from 3e-5 to 20 over 1e12–2e15 rad/s; compared where miepython itself is
    accurate (kR > 1e-2; its b_l loses digits below) and the coefficient is above 1e-30."""
    omega = np.geomspace(1e12, 2e15, 40)
    eps = photodrag.material(name).epsilon(omega)[:, 0, 0]
    x = omega / constants.c * radius
    a, b = mie_orders.coefficients(eps, x, 20)
    reference_a, reference_b = miepython.coefficients(np.conj(np.sqrt(eps)), x, n_pole=20)  # its m = n − iκ
    for mine, reference in ((a, reference_a), (b, reference_b)):
        compared = (np.abs(reference) > 1e-30) & (x[:, None] > 1e-2)
        assert compared.sum() > 40
        np.testing.assert_allclose(mine[compared], reference[compared], rtol=1e-10)


def test_first_order_is_the_dipolar_module():
    """l = 1 equals photodrag.engine.mie's a1, b1 (the dipole kernel's α_E, α_H), from kR = 3e-5 to 20."""
    omega = np.geomspace(1e12, 2e15, 60)
    for name in ("Au", "SiC"):
        eps = photodrag.material(name).epsilon(omega)[:, 0, 0]
        for radius in (10e-9, 100e-9, 3e-6):
            x = omega / constants.c * radius
            a, b = mie_orders.coefficients(eps, x, 3)
            a1, b1 = mie.coefficients(eps, x)
            np.testing.assert_allclose(a[:, 0], a1, rtol=1e-13)
            np.testing.assert_allclose(b[:, 0], b1, rtol=1e-13)


def test_passive_spheres_absorb_and_lossless_ones_do_not():
    """Re c − |c|² ≥ 0 for every order of a lossy sphere, and = 0 (to round-off) for a lossless one;
    the scaled dissipation −Im ρ²B/A is then ≥ 0, and exactly 0 without loss."""
    eps = np.array([-1.8e4 + 7.5e3j, -2.0 + 0.3j, 4.7e6j, 6.68 + 1e-5j, 2.25 + 0j, -3.0 + 0j])
    for x in (1e-3, 0.1, 1.0, 7.0, 40.0):
        a, b = mie_orders.coefficients(eps, np.full(eps.shape, x), 30)
        for c in (a, b):
            absorption = c.real - np.abs(c) ** 2
            assert np.all(absorption[:4] >= -1e-15 * np.abs(c[:4]))
            np.testing.assert_allclose(absorption[4:], 0, atol=1e-15)
        electric, magnetic, _ = mie_orders.scaled_ratios(eps, np.full(eps.shape, x), 30)
        assert np.all(-electric.imag[:4] >= 0) and np.all(-magnetic.imag[:4] >= 0)
        assert np.all(electric.imag[4:] == 0) and np.all(magnetic.imag[4:] == 0)


def test_no_overflow_at_high_order_small_spheres():
    """x = 1e-5 at L = 40: B_l/A_l would be 1e410; the scaled ratios stay finite and the
    coefficients underflow to zero, never NaN."""
    eps = np.array([-1.8e4 + 7.5e3j, 6.7 + 0.1j])
    electric, magnetic, log_scale = mie_orders.scaled_ratios(eps, np.full(2, 1e-5), 40)
    for values in (electric, magnetic, log_scale):
        assert np.all(np.isfinite(values))
    assert np.all(np.abs(electric) < 1e3) and np.all(np.abs(magnetic) < 1e20)
    a, b = mie_orders.coefficients(eps, np.full(2, 1e-5), 40)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(b)) and a[0, -1] == 0


def test_vacuum_sphere_is_refused():
    with pytest.raises(ValueError, match="ε = 1"):
        mie_orders.scaled_ratios(np.array([1.0 + 0j]), np.array([0.1]), 3)
