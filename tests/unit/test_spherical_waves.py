"""Translation coefficients of vector spherical waves (photodrag.engine.spherical_waves): against treams'
(Tsang–Kong–Shin formulas, evaluated independently), against the dipole Green tensors at l = 1, and
their structure (real regular part, a positive semidefinite bath kernel, reciprocity), to L = 30."""

import numpy as np
import pytest
import scipy.linalg
from scipy import special

from photodrag.engine import green, spherical_waves as sw

treams_special = pytest.importorskip("treams.special", reason="treams (optional test dependency) is not installed")


def complex_modes(order):
    return [(l, m) for l in range(1, order + 1) for m in range(-l, l + 1)]


def treams_blocks(order, kd, polar, azimuth, regular=False):
    """treams' translation coefficients (same kind A, other kind B) over (l, m), in photodrag's real basis."""
    modes = complex_modes(order)
    lp, mp = np.array(modes).T[:, :, None]
    l, m = np.array(modes).T[:, None, :]
    same = (treams_special.tl_vsw_rA if regular else treams_special.tl_vsw_A)(lp, mp, l, m, kd, polar, azimuth)
    other = (treams_special.tl_vsw_rB if regular else treams_special.tl_vsw_B)(lp, mp, l, m, kd, polar, azimuth)
    W = scipy.linalg.block_diag(*[sw.real_harmonics_transform(l) for l in range(1, order + 1)])
    return W @ same @ W.conj().T, W @ other @ W.conj().T


def photodrag_block(order, kd, polar, azimuth, log_to=None, log_from=None):
    rotations = sw.padded_rotations(sw.real_rotations(order, np.array([polar]), np.array([azimuth])))
    zeros = np.zeros((1, 1, order))
    return sw.translation_blocks(order, np.array([[kd]]), rotations,
                                 zeros if log_to is None else log_to, zeros if log_from is None else log_from)[0, 0]


@pytest.mark.parametrize("kd, polar, azimuth", [(0.05, 0.3, 2.0), (0.9, 1.1, -0.7), (3.7, 2.6, 0.4), (40.0, np.pi / 2, 3.0),
                                                (0.5, 0.0, 0.0), (0.5, np.pi, 0.0)])
def test_against_treams_any_direction(kd, polar, azimuth):
    """L = 5: outgoing (A = J + iY) and regular coefficients, both kinds, to 1e-13 of the block."""
    L, K = 5, 35
    block = photodrag_block(L, kd, polar, azimuth)
    same, other = treams_blocks(L, kd, polar, azimuth)
    regular_same, regular_other = treams_blocks(L, kd, polar, azimuth, regular=True)
    for mine, reference in ((block[:K, :K], same), (block[:K, K:], other), (block[K:, K:], same), (block[K:, :K], other)):
        np.testing.assert_allclose(mine, reference, rtol=0, atol=1e-13 * np.abs(reference).max())
    for mine, reference in ((block[:K, :K].real, regular_same), (block[:K, K:].real, regular_other)):
        np.testing.assert_allclose(mine, reference, rtol=0, atol=1e-13 * max(np.abs(reference).max(), 1e-300))
        assert np.abs(reference.imag).max() < 1e-15                      # J is real in the real basis


#: (kd, l', l, m, A^m_l'l, B^m_l'l) from the Tsang–Kong–Shin formulas with Racah's 3j symbols in mpmath at
#: 250 digits (the direct factorial formula, exact at that precision), computed once for this test:
#: the sectoral corner (m = l = l' = 30, where the coefficients are smallest relative to their terms),
#: the extreme degrees (30 ↔ 1) and interior ones, for touching-sphere and far distances.
ORDER_30 = [
    (0.05, 30, 30, 30, (0.9999788788636305+1.1618699734120409e+162j), (1.9364526907914387e+159+0.0016128712240660308j)),
    (0.05, 29, 30, 29, (0.006398151289078358+7.433976882167184e+159j), (1.2389978970261945e+157+1.0319612063309133e-05j)),
    (0.05, 30, 1, 1, (-2.191459537313516e-78-2.5462448139359638e+84j), (-4.243747350557829e+81-3.534616681558973e-81j)),
    (0.05, 1, 30, 1, (2.191459537313516e-78+2.5462448139359638e+84j), (4.243747350557829e+81+3.534616681558973e-81j)),
    (0.05, 30, 30, 0, (0.9993756019308052+1.3740678170260475e+179j), (-3.5805638694930603e-82+8.37851804645761e-79j)),
    (0.05, 25, 17, 9, (1.679955378717535e-18+5.809915083396018e+117j), (6.151678149922659e+114+1.7103624850970276e-21j)),
    (0.05, 20, 14, 14, (1.0068480720768733e-14+8.844142951257843e+87j), (2.211042824502458e+85+2.3972639514207083e-17j)),
    (0.05, 12, 30, 12, (1.5353407414397796e-47+1.7839039845143872e+115j), (2.9731775069303587e+112+2.476359204524883e-50j)),
    (0.05, 2, 2, 2, (0.999702409886157+95999975.02083005j), (2401000.62473961+0.016663690682862543j)),
    (0.05, 17, 23, 16, (1.596442364918405e-14-3.723366240630865e+106j), (-7.61815690935233e+103+3.1302849626158247e-17j)),
    (0.7, 30, 30, 30, (0.9958684791462187+1.4224010334863397e+92j), (3.319854934637198e+90+0.022492996834574307j)),
    (0.7, 29, 30, 29, (0.08920592484092989+1.2741300919136056e+91j), (2.9737935880442063e+89+0.0020148329092537763j)),
    (0.7, 30, 1, 1, (-3.7727467213121325e-45-5.388622039807186e+47j), (-1.2576933683675118e+46-8.521243702067683e-47j)),
    (0.7, 1, 30, 1, (3.7727467213121325e-45+5.388622039807186e+47j), (1.2576933683675118e+46+8.521243702067683e-47j)),
    (0.7, 30, 30, 0, (0.8812938213359566+1.679116880712339e+109j), (-1.200609957872319e-148+2.006667682866168e-146j)),
    (0.7, 25, 17, 9, (2.4518337043544646e-09+3.0348000599036664e+68j), (4.499125853238764e+66+3.4949650186488255e-11j)),
    (0.7, 20, 14, 14, (7.534169989897166e-08+6.8330987376911126e+47j), (2.393088419469313e+46+2.512753851923608e-09j)),
    (0.7, 12, 30, 12, (6.527104651703954e-27+9.32267723767774e+65j), (2.1758938093341557e+64+1.4742322640393184e-28j)),
    (0.7, 2, 2, 2, (0.9427676911266551+176.99419075606917j), (68.15100027661845+0.22527700269010514j)),
    (0.7, 17, 23, 16, (1.1939486245478956e-07-3.8171610343637424e+59j), (-1.0938645471313486e+58+3.278700127527507e-09j)),
    (5.0, 30, 30, 30, (0.8089754066626005+1.416710886286214e+40j), (2.3952717848217128e+39+0.13218240142476176j)),
    (5.0, 29, 30, 29, (0.5176056365163351+9.064522036349536e+39j), (1.5325634952575844e+39+0.08457408650774569j)),
    (5.0, 30, 1, 1, (-1.7728743155030168e-20-3.104730158796877e+20j), (-5.249252067474257e+19-2.896785026064542e-21j)),
    (5.0, 1, 30, 1, (1.7728743155030168e-20+3.104730158796877e+20j), (5.249252067474257e+19+2.896785026064542e-21j)),
    (5.0, 30, 30, 0, (-0.1782578988162871+1.525182214292229e+57j), (-3.971151841671619e-198+9.276883479008873e-197j)),
    (5.0, 25, 17, 9, (0.0093380962375487+6.910413533204535e+31j), (7.357132817967137e+30+0.0009543951984153346j)),
    (5.0, 20, 14, 14, (0.007303700343440807+1.1821431320128195e+18j), (3.055037429762572e+17+0.0017891665257628304j)),
    (5.0, 12, 30, 12, (1.2420791347946907e-11+2.1751798848274564e+29j), (3.677636033910139e+28+2.0294931272889435e-12j)),
    (5.0, 2, 2, 2, (-0.14898189211322088+0.11444018447365686j), (-0.16499545760110443+0.13473121008512523j)),
    (5.0, 17, 23, 16, (0.011230418660867904-4.7502787103798555e+24j), (-9.933771832180139e+23+0.0022440465675192954j)),
]


@pytest.mark.parametrize("kd, lp, l, m, A_ref, B_ref", ORDER_30, ids=lambda v: f"{v:.3g}" if isinstance(v, (complex, float)) else str(v))
def test_order_30_against_250_digit_values(kd, lp, l, m, A_ref, B_ref):
    """Regular (J) and outgoing (Y) parts separately, to 1e-13 of their own size: the J part of
    A^1_30,1(0.05) is 2e-78 beside a Y part of 3e84."""
    a, b = sw.axial_coefficients(30)
    p = np.arange(62)
    j, y = special.spherical_jn(p, kd), special.spherical_yn(p, kd)
    np.testing.assert_allclose([a[m, lp, l] @ j, a[m, lp, l] @ y], [A_ref.real, A_ref.imag], rtol=1e-13)
    if m:  # B^0 = 0 exactly (the 250-digit sum leaves its rounding, 1e-80 of A)
        np.testing.assert_allclose([-(b[m, lp, l] @ y), b[m, lp, l] @ j], [B_ref.real, B_ref.imag], rtol=1e-13)
    else:
        assert not b[m, lp, l].any()


@pytest.mark.parametrize("kd", [0.05, 0.7, 5.0])
def test_axial_coefficients_to_order_10_against_treams(kd):
    """Every axial coefficient up to L = 10, entry by entry (treams' 3j symbols lose digits beyond)."""
    L = 10
    a, b = sw.axial_coefficients(L)
    p = np.arange(2 * L + 2)
    h = special.spherical_jn(p, kd) + 1j * special.spherical_yn(p, kd)
    A, B = a @ h, 1j * (b @ h)
    lp, l, m = [g.ravel() for g in np.meshgrid(np.arange(1, L + 1), np.arange(1, L + 1), np.arange(L + 1), indexing="ij")]
    keep = m <= np.minimum(l, lp)
    lp, l, m = lp[keep], l[keep], m[keep]
    np.testing.assert_allclose(A[m, lp, l], treams_special.tl_vsw_A(lp, m, l, m, kd, 0, 0), rtol=1e-12)
    np.testing.assert_allclose(B[m, lp, l][m > 0], treams_special.tl_vsw_B(lp, m, l, m, kd, 0, 0)[m > 0], rtol=1e-12)


def test_3j_symbols():
    """(p l l'; 0 m −m) against treams where its 3j symbols are exact (L = 8), and (l l' p; 0 0 0) at
    L = 30 against its closed form in log-gamma functions (a product, nothing cancels)."""
    m, l1, l2 = np.array([(m, a, b) for m in range(9) for a in range(max(m, 1), 9) for b in range(max(m, 1), 9)]).T
    p = np.arange(18)
    np.testing.assert_allclose(sw.wigner_3j_column(8, m, l1, l2),
                               treams_special.wigner3j(p, l1[:, None], l2[:, None], 0, m[:, None], -m[:, None]),
                               rtol=1e-12, atol=1e-15)  # treams: 4e-13; these: 1e-14 of 250-digit values
    l1, l2 = np.array([(a, b) for a in range(1, 31) for b in range(1, 31)]).T
    p = np.arange(62)
    J = l1[:, None] + l2[:, None] + p
    allowed = (J % 2 == 0) & (p >= np.abs(l1 - l2)[:, None]) & (p <= (l1 + l2)[:, None])
    g = special.gammaln
    Jc = np.where(allowed, J, 0)
    def fact(n):
        return g(np.where(allowed, n, 0) + 1)
    log = (0.5 * (fact(Jc - 2 * l1[:, None]) + fact(Jc - 2 * l2[:, None]) + fact(Jc - 2 * p) - fact(Jc + 1))
           + fact(Jc // 2) - fact(Jc // 2 - l1[:, None]) - fact(Jc // 2 - l2[:, None]) - fact(Jc // 2 - p))
    closed = np.where(allowed, (-1.0) ** (Jc // 2) * np.exp(log), 0.0)
    np.testing.assert_allclose(sw.wigner_3j_column(30, np.zeros_like(l1), l1, l2), closed, rtol=1e-12, atol=0)


def test_dipole_block_is_the_green_tensors():
    """At l = 1 (real basis y, z, x) the coefficients are the dipole kernel's: (ik³/6π) A = k² 𝒢' with
    𝒢' = [[G0, i G_EM], [i G_EM, G0]] (photodrag.engine.coupling), so A_EE = 6π G0/(ik), A_EM = 6π G_EM/k."""
    k = 2.0e6
    separation = np.array([120e-9, -70e-9, 210e-9])
    d = np.linalg.norm(separation)
    rotations = sw.padded_rotations(sw.real_rotations(1, np.array([np.arccos(separation[2] / d)]),
                                                      np.array([np.arctan2(separation[1], separation[0])])))
    zeros = np.zeros((1, 1, 1))
    block = sw.translation_blocks(1, np.array([[k * d]]), rotations, zeros, zeros)[0, 0]
    cartesian = [2, 0, 1]                                    # x, y, z among (y, z, x)
    G0 = green.free_space_green(separation, np.array([k]))[0]
    G_EM = green.free_space_green_cross(separation, np.array([k]))[0]
    electric = block[:3, :3][np.ix_(cartesian, cartesian)]
    cross = block[:3, 3:][np.ix_(cartesian, cartesian)]
    np.testing.assert_allclose(electric, 6 * np.pi * G0 / (1j * k), rtol=1e-13, atol=1e-13 * np.abs(electric).max())
    np.testing.assert_allclose(cross, 6 * np.pi * G_EM / k, rtol=1e-13, atol=1e-13 * np.abs(cross).max())
    np.testing.assert_array_equal(block[3:, 3:], block[:3, :3])


def cluster_matrix(order, positions, k):
    """The full translation matrix of a cluster, every ordered pair from its own direction; J(0) = 1."""
    N, M = len(positions), sw.modes_per_sphere(order)
    out = np.zeros((N * M, N * M), dtype=complex)
    for i in range(N):
        for j in range(N):
            if i == j:
                out[i * M:(i + 1) * M, j * M:(j + 1) * M] = np.eye(M)
                continue
            r = positions[i] - positions[j]
            d = np.linalg.norm(r)
            out[i * M:(i + 1) * M, j * M:(j + 1) * M] = photodrag_block(order, k * d, np.arccos(r[2] / d), np.arctan2(r[1], r[0]))
    return out


def test_bath_kernel_is_real_symmetric_positive_and_outgoing_part_reciprocal():
    """Re A = J, the regular coefficients, is the Gram matrix of the spheres' plane-wave spectra: real,
    symmetric and positive semidefinite. The outgoing Y is symmetric too, A(r)ᵀ = A(−r) (Lorentz
    reciprocity), although each ordered pair is computed from its own direction."""
    rng = np.random.default_rng(4)
    positions = rng.uniform(-1, 1, (4, 3)) * 3e-7
    full = cluster_matrix(4, positions, k=6e6)
    J, Y = full.real, full.imag
    np.testing.assert_allclose(J, J.T, rtol=0, atol=1e-14)
    np.testing.assert_allclose(Y, Y.T, rtol=0, atol=1e-13 * np.abs(Y).max())
    assert np.linalg.eigvalsh(J).min() > -1e-13


def test_no_overflow_for_touching_small_spheres_at_order_30():
    """kR = 3e-5, touching (kd = 2kR), L = 30: unscaled, Y reaches 1e300; scaled, every entry stays ≤ 1."""
    L, kR = 30, 3e-5
    log_scale = sw.log_mode_scale(L, kR)[None, None]
    block = photodrag_block(L, 2 * kR, 0.4, 1.0, log_scale, log_scale)
    assert np.all(np.isfinite(block))
    assert 0.01 < np.abs(block).max() < 1


def test_rotations_are_orthogonal_and_the_first_is_cartesian():
    polar, azimuth = np.array([0.0, 0.7, 2.9]), np.array([0.0, -1.3, 2.2])
    rotations = sw.real_rotations(12, polar, azimuth)
    for R in rotations:
        np.testing.assert_allclose(R @ R.transpose(0, 2, 1), np.broadcast_to(np.eye(R.shape[-1]), R.shape), atol=1e-13)
        np.testing.assert_allclose(R[0], np.eye(R.shape[-1]), atol=1e-14)
    cartesian = [2, 0, 1]                                                    # x, y, z among (y, z, x)
    for p in range(3):
        ct, st, cp, sp = np.cos(polar[p]), np.sin(polar[p]), np.cos(azimuth[p]), np.sin(azimuth[p])
        Q = np.array([[cp, -sp, 0], [sp, cp, 0], [0, 0, 1]]) @ np.array([[ct, 0, st], [0, 1, 0], [-st, 0, ct]])
        np.testing.assert_allclose(rotations[0][p][np.ix_(cartesian, cartesian)], Q, atol=1e-14)
