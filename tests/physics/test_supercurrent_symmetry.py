"""Heat supercurrents (paper eq. 14): zero in a reciprocal system, odd in B, antisymmetric
in the pair, and balanced at every particle once the bath is counted.

Systems: two coaxial rings of 4 InSb particles with B along the axis (paper Fig. 4; the
field breaks the rings' mirror symmetry, so currents circulate), and the physics suite's
five-particle mixed system with an oblique field (no symmetry at all, so the bath terms
do not vanish and the balance check is not trivial).
"""

import numpy as np
import pytest

import photodrag
from photodrag import planck
from photodrag.integrate import quadrature_weights
from photodrag.thermal import circulation, supercurrent_spectrum, supercurrent_to_bath

from physics_systems import BAND
from thermal_systems import INSB_BAND, insb_rings

T = 300.0
TEMPERATURES = [150.0, 300.0, 600.0]


def one_way_scale(spec, T):
    """Largest one-way power ∫ dω/2π Θ 𝒯_{i→j} in W: what 'zero to round-off' is measured against."""
    weight = quadrature_weights(spec) * planck.theta(spec["omega"], T) / (2 * np.pi)
    return float((spec["transmission"] * weight).sum("omega").max())


@pytest.fixture(scope="module")
def rings():
    """InSb rings' spectra keyed by B_z in tesla (None: no field at all)."""
    return {B: photodrag.spectra(insb_rings(B), INSB_BAND) for B in (None, 0.0, 1.0, 5.0, -5.0)}


@pytest.fixture(scope="module")
def mixed_pair(mixed_magnetic_system, mixed_magnetic_spectra):
    """The mixed system's spectra at B and at −B."""
    reversed_field = mixed_magnetic_system.with_field(-mixed_magnetic_system.B)
    return mixed_magnetic_spectra, photodrag.spectra(reversed_field, BAND)


@pytest.mark.parametrize("B", [None, 0.0])
def test_zero_without_field(rings, B):
    spec = rings[B]
    for T_ in TEMPERATURES:
        current = photodrag.supercurrent(spec, T_)
        assert float(abs(current).max()) <= 1e-13 * one_way_scale(spec, T_)


def test_zero_in_reciprocal_mixed_system(reciprocal_system):
    spec = photodrag.spectra(reciprocal_system, BAND)
    assert float(abs(photodrag.supercurrent(spec, T)).max()) <= 1e-13 * one_way_scale(spec, T)
    assert float(abs(supercurrent_to_bath(spec, T)).max()) <= 1e-13 * one_way_scale(spec, T)


@pytest.mark.parametrize("B", [1.0, 5.0])
def test_field_drives_a_current(rings, B):
    """Not a symmetry, but the premise of the others: with B the currents are far above round-off."""
    current = photodrag.supercurrent(rings[B], T)
    assert float(abs(current).max()) > 1e-3 * one_way_scale(rings[B], T)


def test_odd_in_field_rings(rings):
    for T_ in TEMPERATURES:
        forward, backward = photodrag.supercurrent(rings[5.0], T_), photodrag.supercurrent(rings[-5.0], T_)
        scale = float(abs(forward).max())
        np.testing.assert_allclose(backward.values, -forward.values, rtol=0, atol=1e-10 * scale)


def test_odd_in_field_mixed(mixed_pair):
    forward_spec, backward_spec = mixed_pair
    for T_ in TEMPERATURES:
        forward = photodrag.supercurrent(forward_spec, T_)
        backward = photodrag.supercurrent(backward_spec, T_)
        scale = float(abs(forward).max())
        assert scale > 1e-6 * one_way_scale(forward_spec, T_)
        np.testing.assert_allclose(backward.values, -forward.values, rtol=0, atol=1e-10 * scale)
        np.testing.assert_allclose(
            supercurrent_to_bath(backward_spec, T_).values, -supercurrent_to_bath(forward_spec, T_).values,
            rtol=0, atol=1e-10 * scale,
        )


@pytest.mark.parametrize("which", ["rings", "mixed"])
def test_antisymmetric_in_the_pair(rings, mixed_pair, which):
    spec = rings[5.0] if which == "rings" else mixed_pair[0]
    current = photodrag.supercurrent(spec, T)
    np.testing.assert_array_equal(current.values, -current.values.T)
    np.testing.assert_array_equal(np.diag(current.values), 0.0)
    spectrum = supercurrent_spectrum(spec)
    np.testing.assert_array_equal(spectrum.values, -np.swapaxes(spectrum.values, 1, 2))


@pytest.mark.parametrize("which", ["rings", "mixed"])
def test_each_particle_balances_with_the_bath(rings, mixed_pair, which):
    """Σ_j φ_{i→j} + φ_{i→b} = 0 for every particle (a consequence of the engine's energy balance)."""
    spec = rings[5.0] if which == "rings" else mixed_pair[0]
    for T_ in TEMPERATURES:
        current = photodrag.supercurrent(spec, T_)
        to_bath = supercurrent_to_bath(spec, T_)
        total = current.sum("absorber").values + to_bath.values
        assert np.max(np.abs(total)) <= 1e-10 * float(abs(current).max())


def test_mixed_system_needs_the_bath_to_balance(mixed_pair):
    """Without symmetry the bath term is a real part of the balance, so the check above has teeth."""
    spec = mixed_pair[0]
    current = photodrag.supercurrent(spec, T)
    assert float(abs(supercurrent_to_bath(spec, T)).max()) > 1e-3 * float(abs(current).max())


def test_spectrum_integrates_to_the_current(rings):
    spec = rings[5.0]
    weight = quadrature_weights(spec) * planck.theta(spec["omega"], T) / (2 * np.pi)
    integrated = (supercurrent_spectrum(spec) * weight).sum("omega")
    current = photodrag.supercurrent(spec, T)
    np.testing.assert_allclose(integrated.values, current.values, rtol=0, atol=1e-12 * float(abs(current).max()))


def test_ring_circulation(rings):
    """Each ring of 4 carries the same circulation (the two rings are equivalent by symmetry),
    4 times the current on one link, and B → −B reverses it."""
    rings_ = ([0, 1, 2, 3], [4, 5, 6, 7])
    current = photodrag.supercurrent(rings[5.0], T)
    lower, upper = (float(circulation(current, ring)) for ring in rings_)
    assert lower == pytest.approx(upper, rel=1e-10)
    assert lower == pytest.approx(4 * float(current.sel(emitter=0, absorber=1)), rel=1e-10)
    assert abs(lower) > 0
    reverse = float(circulation(photodrag.supercurrent(rings[-5.0], T), rings_[0]))
    assert reverse == pytest.approx(-lower, rel=1e-10)
    assert float(circulation(current, rings_[0][::-1])) == pytest.approx(-lower, rel=1e-10)


def test_spectral_circulation_keeps_omega(rings):
    spectrum = circulation(supercurrent_spectrum(rings[5.0]), [0, 1, 2, 3])
    assert spectrum.dims == ("omega",)
    assert spectrum.sizes["omega"] == INSB_BAND.size
