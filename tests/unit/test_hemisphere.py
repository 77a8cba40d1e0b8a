"""The propagating kernels in Bessel form (photodrag.engine.hemisphere) against the plane-wave quadrature
they replace, written here from the polarisation vectors: θ nodes times a trapezoid rule in φ, each
kernel Σ weight u† u summed over every plane wave; and their low-rank factors against the trace bound."""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import hemisphere, sommerfeld, surface_channels
from photodrag.engine.interaction import LOW_RANK_TOLERANCE
from photodrag.engine.reflection import Reflector


def _positions(N=20, seed=5):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(-2e-6, 2e-6, (N, 2)), rng.uniform(50e-9, 700e-9, N)])


def _reflector(material, omega, B=None):
    eps = photodrag.material(material).epsilon(np.array([omega]), B)[:, None]
    return Reflector(np.array([omega]) / constants.c, eps, ())


def plane_wave_kernels(single, positions, M=40):
    """(A_far, C_far, A_surf propagating, C_surf propagating), each (3N, 3N), by summing plane waves.

    u_j = e^{−iq·ρ_j}[e^{−ikz z_j} E+ᵀ + e^{ikz z_j} R E−ᵀ], v_i = e^{iq·ρ_i}[e^{−ikz z_i} E− + e^{ikz z_i} E+ R],
    w_j = e^{−iq·ρ_j + ikz z_j} E−ᵀ, t_i = e^{iq·ρ_i + ikz z_i} E+ (docs/theory.md, the channels).
    """
    k = single.k[0]
    spread = np.ptp(positions[:, :2], axis=0)
    theta, w_theta = sommerfeld.propagating_nodes(single, float(np.hypot(*spread)), 2 * positions[:, 2].max(),
                                                  widest=np.pi / 2)
    phi = 2 * np.pi * np.arange(M) / M
    th, ph = (a.ravel() for a in np.meshgrid(theta, phi, indexing="ij"))
    weight = np.repeat(k * np.sin(theta) * w_theta, M) * (2 * np.pi / M) / (16 * np.pi**2)
    q, kz = k * np.sin(th), k * np.cos(th)
    q_hat = np.stack([np.cos(ph), np.sin(ph), 0 * ph], -1)
    s_hat = np.stack([-np.sin(ph), np.cos(ph), 0 * ph], -1)
    z_hat = np.array([0.0, 0.0, 1.0])
    E = {sign: np.stack([s_hat, (q[:, None] * z_hat - sign * kz[:, None] * q_hat) / k], -1) for sign in (1, -1)}
    R = single.matrix(k * np.cos(theta)[None] + 0j)[0].repeat(M, axis=0)
    Rt = np.swapaxes(R, -1, -2)
    phase = np.exp(-1j * (q[:, None] * (q_hat[:, None, :2] * positions[None, :, :2]).sum(-1)))   # e^{−iq·ρ_j}
    rise = np.exp(1j * kz[:, None] * positions[:, 2])
    ET = {sign: np.swapaxes(E[sign], -1, -2) for sign in E}                                       # (nodes, 2, 3)
    u = phase[..., None, None] * (np.conj(rise)[..., None, None] * ET[1][:, None] + rise[..., None, None] * (R @ ET[-1])[:, None])
    v_conj = phase[..., None, None] * (rise[..., None, None] * ET[-1][:, None]
                                       + np.conj(rise)[..., None, None] * np.conj(Rt @ ET[1])[:, None])
    w = phase[..., None, None] * rise[..., None, None] * ET[-1][:, None]
    t_conj = phase[..., None, None] * np.conj(rise)[..., None, None] * ET[1][:, None]
    eye = np.eye(2)
    loss_in, loss_out = eye - np.conj(Rt) @ R, eye - R @ np.conj(Rt)

    def gram(left, right):  # Σ_nodes weight left† right, rows (nodes, N, 2, 3) → (3N, 3N)
        L = np.sqrt(weight)[:, None, None, None] * left
        Rr = np.sqrt(weight)[:, None, None, None] * right
        L, Rr = (np.moveaxis(x, 2, 1).reshape(x.shape[0] * 2, -1) for x in (L, Rr))
        return np.conj(L).T @ Rr

    loss_in_w = loss_in[:, None] @ w
    loss_out_t = loss_out[:, None] @ t_conj               # t_i (1 − RR†) t_j† on the rows conj(tᵀ)
    return gram(u, u), gram(v_conj, v_conj), gram(w, loss_in_w), gram(t_conj, loss_out_t)


CASES = {"SiC": ("SiC", 1.76e14, None), "SiC above LO": ("SiC", 1.85e14, None), "Au": ("Au", 1.7e14, None),
         "InSb under B": ("InSb", 1.2e14, (0, 0, 3.0))}


@pytest.mark.parametrize("case", CASES)
def test_bessel_form_equals_the_plane_wave_sum(case):
    material, omega, B = CASES[case]
    single, where = _reflector(material, omega, B), _positions()
    expected = plane_wave_kernels(single, where)
    kernels = []
    for terms in (surface_channels.far_field_terms, surface_channels.surface_terms):
        set_ = hemisphere.Hemisphere(single, where, terms)
        rows = np.stack([set_.rows(p) for p in range(where.shape[0])], axis=1)     # (κ, N, 3, 3N)
        kernels += list(rows.reshape(set_.n_kernels, 3 * where.shape[0], -1))
        for index in range(set_.n_kernels):
            diagonal = np.diagonal(kernels[-set_.n_kernels + index]).real
            np.testing.assert_allclose(set_.diagonal()[index], diagonal, rtol=0, atol=1e-14 * diagonal.max())
    for got, want in zip(kernels, expected):
        assert np.abs(got - want).max() <= 1e-13 * np.abs(want).max()


def test_a_sharp_reflection_is_summed_on_the_geometrys_own_nodes(monkeypatch):
    """Above SiC's LO frequency R needs many θ nodes (sharp near grazing incidence); the rest of each term is
    smooth in θ, so the sum is carried onto fewer Chebyshev points. The case "SiC above LO" above checks it
    against the plane waves on R's own nodes; here, that it is that case, and the rows once more."""
    single, where = _reflector("SiC", 1.85e14, None), _positions()
    spread = np.ptp(where[:, :2], axis=0)
    theta, _ = sommerfeld.propagating_nodes(single, float(np.hypot(*spread)), 2 * where[:, 2].max(), widest=np.pi / 2)
    carried = hemisphere.Hemisphere(single, where, surface_channels.far_field_terms)
    assert carried.q.size < theta.size
    monkeypatch.setattr(hemisphere, "GEOMETRY_NODES", 10**6)                 # never carried
    every = hemisphere.Hemisphere(single, where, surface_channels.far_field_terms)
    assert every.q.size == theta.size
    for p in (0, 7, 19):
        np.testing.assert_allclose(carried.rows(p), every.rows(p), rtol=0, atol=1e-14 * np.abs(every.rows(p)).max())


@pytest.mark.parametrize("case", ["SiC above LO", "InSb under B"])
def test_factors_meet_the_trace_bound(case):
    material, omega, B = CASES[case]
    single, where = _reflector(material, omega, B), _positions(60, seed=8)
    set_ = hemisphere.Hemisphere(single, where, surface_channels.far_field_terms)
    dense = np.stack([set_.rows(p) for p in range(60)], axis=1).reshape(2, 180, 180)
    for kernel, factor in zip(dense, set_.factors(LOW_RANK_TOLERANCE)):
        rest = kernel - np.conj(factor.T) @ factor
        trace = np.trace(kernel).real
        assert factor.shape[0] < 120                                   # far fewer rows than 3N = 180
        assert -1e-15 * trace <= np.trace(rest).real <= LOW_RANK_TOLERANCE * trace   # the bound
        assert np.linalg.eigvalsh(rest).min() > -1e-14 * trace          # and what is left is PSD


def test_factor_of_an_exactly_low_rank_matrix():
    rng = np.random.default_rng(3)
    A = rng.standard_normal((7, 30)) + 1j * rng.standard_normal((7, 30))
    matrix = np.conj(A.T) @ A
    factor = hemisphere.factor(np.diagonal(matrix).real, lambda p: matrix[3 * p:3 * p + 3], 1e-13)
    assert factor.shape[0] == 7
    np.testing.assert_allclose(np.conj(factor.T) @ factor, matrix, atol=1e-12 * np.abs(matrix).max())
