"""The sign of the magneto-optical tensor: B is the physical field.

Conduction electrons (charge −e) in B along +z, time dependence exp(−iωt), turn
counter-clockwise seen from +z, so the cyclotron resonance belongs to the polarisation
(1, i, 0)/√2 (docs/theory.md, "Sign"). Checked two ways on a Drude-only medium
(ω_L = ω_T removes the phonon term):

1. at ω = ω_c = e|B|/m* the absorption e† ImH(ε) e of (1, i, 0)/√2 is resonant and that
   of (1, −i, 0)/√2 is not;
2. the whole tensor equals the one derived here from the electron's equation of motion
   m* dv/dt = −e (E + v × B) − m* γ v, for B along +z and along an arbitrary direction.
"""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.materials import MagnetoOptical

# The paper's InSb carriers (docs/theory.md); ω_L = ω_T: no phonon term.
EPS_INF = 15.7
DENSITY = 1.36e19 * 1e6  # m⁻³
MASS = 7.29e-32  # kg
GAMMA = 1e12  # rad/s
DRUDE_ONLY = MagnetoOptical(
    eps_inf=EPS_INF, omega_L=3.39e13, omega_T=3.39e13, Gamma=5.65e11, gamma=GAMMA,
    carrier_density=DENSITY, effective_mass=MASS,
)
FIELD = 5.0  # T: ω_c ≈ 1.1e13 rad/s ≫ γ
OMEGA_C = constants.e * FIELD / MASS

COUNTER_CLOCKWISE = np.array([1, 1j, 0]) / np.sqrt(2)
CLOCKWISE = np.array([1, -1j, 0]) / np.sqrt(2)


def cross_product_matrix(b):
    """[b]× with [b]× v = b × v, built from np.cross (columns b × e_j)."""
    return np.cross(b, np.eye(3)).T


def equation_of_motion_epsilon(omega, B):
    """ε(ω) for free electrons, shape (n_omega, 3, 3), from the equation of motion.

    With v ∝ exp(−iωt): −iω m* v = −e E − e v × B − m* γ v, and v × B = −[B]× v, so
    (m* (γ − iω) 1 − e [B]×) v = −e E. The current J = −n e v = σ E gives
    σ = n e² (m* (γ − iω) 1 − e [B]×)⁻¹ and ε = ε∞ 1 + iσ/(ε0 ω): ε∞ multiplies the
    lattice background only, which is why docs/theory.md screens ω_p² = n e²/(m* ε0 ε∞)
    and writes ε∞ ω_p² = n e²/(m* ε0) in front of the carrier terms.
    """
    omega = np.atleast_1d(np.asarray(omega, dtype=float))
    motion = MASS * (GAMMA - 1j * omega)[:, None, None] * np.eye(3) - constants.e * cross_product_matrix(np.asarray(B, float))
    sigma = DENSITY * constants.e**2 * np.linalg.inv(motion)
    return EPS_INF * np.eye(3) + 1j * sigma / (constants.epsilon_0 * omega[:, None, None])


def absorption(eps, polarisation):
    """e† ImH(ε) e, the loss seen by a field of polarisation e (exp(−iωt))."""
    hermitian_imag = (eps - eps.conj().T) / 2j
    return float(np.real(polarisation.conj() @ hermitian_imag @ polarisation))


def test_cross_product_matrix():
    rng = np.random.default_rng(1)
    b, v = rng.normal(size=(2, 3))
    np.testing.assert_allclose(cross_product_matrix(b) @ v, np.cross(b, v), atol=1e-15)


def test_counter_clockwise_polarisation_is_resonant():
    eps = DRUDE_ONLY.epsilon([OMEGA_C], B=(0, 0, FIELD))[0]
    resonant = COUNTER_CLOCKWISE.conj() @ eps @ COUNTER_CLOCKWISE
    other = CLOCKWISE.conj() @ eps @ CLOCKWISE
    # at resonance the response of the co-rotating wave is almost purely lossy and huge
    assert resonant.imag > 1e4
    assert resonant.imag > 10 * abs(other)
    assert absorption(eps, COUNTER_CLOCKWISE) > 100 * absorption(eps, CLOCKWISE)
    # the counter-rotating wave sees an ordinary, mostly reactive metal
    assert other.real < 0 and other.imag < 0.1 * abs(other.real)


def test_reversed_field_swaps_the_resonant_polarisation():
    eps = DRUDE_ONLY.epsilon([OMEGA_C], B=(0, 0, -FIELD))[0]
    assert absorption(eps, CLOCKWISE) > 100 * absorption(eps, COUNTER_CLOCKWISE)


def test_resonance_sits_at_the_cyclotron_frequency():
    """The absorption of (1, i, 0)/√2 peaks at ω_c = e|B|/m* (to the grid spacing)."""
    omega = np.linspace(0.5, 1.5, 1001) * OMEGA_C
    eps = DRUDE_ONLY.epsilon(omega, B=(0, 0, FIELD))
    loss = np.array([absorption(e, COUNTER_CLOCKWISE) * w for e, w in zip(eps, omega)])  # ω Im ε ∝ Re σ
    assert omega[np.argmax(loss)] == pytest.approx(OMEGA_C, rel=2e-3)


OMEGAS = np.array([0.3, 0.9, 1.0, 1.1, 2.0, 5.0]) * OMEGA_C


@pytest.mark.parametrize(
    "B",
    [(0.0, 0.0, FIELD), (0.0, 0.0, -FIELD), (1.3, -2.2, 0.7), (-4.0, 0.5, 3.0), (0.0, 2.0, 0.0)],
)
def test_tensor_equals_equation_of_motion(B):
    computed = DRUDE_ONLY.epsilon(OMEGAS, B=B)
    expected = equation_of_motion_epsilon(OMEGAS, B)
    scale = np.abs(expected).max(axis=(1, 2))[:, None, None]
    np.testing.assert_allclose(computed / scale, expected / scale, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", ["InSb", "InSb-ZhuFan"])
@pytest.mark.parametrize("B", [(0.0, 0.0, 1.0), (0.3, -2.0, 4.5)])
def test_field_reversal_transposes(name, B):
    """Onsager for the medium: ε(−B) = ε(B)ᵀ (phonon term included)."""
    omega = np.geomspace(5e12, 5e14, 50)
    medium = photodrag.material(name)
    np.testing.assert_allclose(
        medium.epsilon(omega, B=-np.asarray(B)), medium.epsilon(omega, B=B).swapaxes(-1, -2), rtol=1e-12, atol=0
    )


@pytest.mark.parametrize("B", [None, (0.0, 0.0, 0.0)])
def test_no_field_is_isotropic(B):
    omega = np.geomspace(5e12, 5e14, 50)
    eps = photodrag.material("InSb").epsilon(omega, B=B)
    diagonal = eps[:, 0, 0]
    np.testing.assert_allclose(eps, diagonal[:, None, None] * np.eye(3), rtol=0, atol=1e-12 * np.abs(diagonal).max())
    free = equation_of_motion_epsilon(OMEGAS, (0.0, 0.0, 0.0))
    np.testing.assert_allclose(DRUDE_ONLY.epsilon(OMEGAS, B=B), free, rtol=1e-12)
