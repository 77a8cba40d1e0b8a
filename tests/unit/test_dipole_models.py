"""System(dipoles=..., polarizability=...): the paper's model unchanged, the others recorded, the 6N matrices."""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import chunks, kernel, multipole
from photodrag.engine.coupling import DipoleGeometry
from photodrag.engine.green import free_space_green, free_space_green_cross

R = 60e-9
POSITIONS = np.array([[0, 0, 0], [250e-9, 0, 0], [90e-9, 310e-9, 40e-9], [-200e-9, 150e-9, 260e-9]])
MATERIALS = ["InSb", "SiC", "Au", "SiC"]
FIELD = (0.5, 2.0, -4.0)
OMEGA = np.linspace(1.5e14, 1.9e14, 9)


def test_paper_model_is_the_default_and_runs_todays_kernel_unchanged():
    """dipoles="electric", polarizability="quasistatic" (given or not) is the 3N kernel of photodrag.engine.kernel,
    called as before: bit-identical arrays."""
    implicit = photodrag.System(POSITIONS, R, MATERIALS, B=FIELD)
    explicit = photodrag.System(POSITIONS, R, MATERIALS, B=FIELD, dipoles="electric", polarizability="quasistatic")
    a, b = photodrag.spectra(implicit, OMEGA), photodrag.spectra(explicit, OMEGA)
    direct = kernel.transmission(OMEGA, implicit.separations(), implicit.epsilon, implicit.radii)
    for name, values in zip(("transmission", "transmission_to_bath", "transmission_from_bath"), direct):
        np.testing.assert_array_equal(a[name].values, values)
        np.testing.assert_array_equal(b[name].values, values)
    assert a.attrs["dipoles"] == "electric" and a.attrs["polarizability"] == "quasistatic"
    assert a["dipole_model"].values.tolist() == ["electric"] * 4
    assert a["polarizability_model"].values.tolist() == ["quasistatic"] * 4


def test_general_dipole_path_reproduces_the_paper_model():
    """photodrag.engine.multipole's path (per-dipole kernels, block transmissions, sums per particle) given the paper's
    model agrees with the 3N kernel to round-off: the new machinery adds nothing of its own."""
    system = photodrag.System(POSITIONS, R, MATERIALS, B=FIELD)
    pair, to_bath, from_bath, by_dipole = multipole.transmission(OMEGA, system)
    spec = photodrag.spectra(system, OMEGA)
    np.testing.assert_allclose(pair, spec["transmission"].values, rtol=1e-12, atol=1e-15 * pair.max())
    np.testing.assert_allclose(to_bath, spec["transmission_to_bath"].values, rtol=1e-12)
    np.testing.assert_allclose(from_bath, spec["transmission_from_bath"].values, rtol=1e-12)
    assert by_dipole.shape == (OMEGA.size, 4, 4, 1, 1)


def test_anisotropic_particles_keep_the_paper_model_and_say_so_once():
    with pytest.warns(photodrag.AnisotropicParticleWarning, match=r"particle\(s\) \[0\] .*InSb") as record:
        system = photodrag.System(POSITIONS, R, MATERIALS, B=FIELD, dipoles="electric+magnetic", polarizability="mie")
    assert len(record) == 1
    spec = photodrag.spectra(system, OMEGA, by_dipole=True)
    assert spec["dipole_model"].values.tolist() == ["electric", "electric+magnetic", "electric+magnetic",
                                                    "electric+magnetic"]
    assert spec["polarizability_model"].values.tolist() == ["quasistatic", "mie", "mie", "mie"]
    assert spec.attrs["dipoles"] == "electric+magnetic" and spec.attrs["polarizability"] == "mie"
    channels = spec["transmission_by_dipole"]
    assert float(abs(channels.sel(emitter=0, emitter_dipole="magnetic")).max()) == 0
    assert float(abs(channels.sel(absorber=0, absorber_dipole="magnetic")).max()) == 0
    assert float(channels.sel(emitter=1, absorber=2, emitter_dipole="magnetic", absorber_dipole="magnetic").min()) > 0


def test_no_warning_without_a_field_or_in_the_paper_model():
    """InSb at B = None is isotropic (it gets the model asked); under B in the paper's model nothing is held back."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        isotropic = photodrag.System(POSITIONS, R, MATERIALS, dipoles="electric+magnetic", polarizability="mie")
        photodrag.System(POSITIONS, R, MATERIALS, B=FIELD)
    assert isotropic.models.dipole == ("electric+magnetic",) * 4
    assert isotropic.models.magnetic.tolist() == [0, 1, 2, 3]


def test_model_survives_rotation_field_change_and_with_model():
    system = photodrag.System(POSITIONS, R, "SiC", dipoles="electric+magnetic", polarizability="mie")
    rotation = np.array([[0, -1, 0], [1, 0, 0], [0, 0, 1.0]])
    for other in (system.rotated(rotation), system.with_field((0, 0, 1.0))):
        assert (other.dipoles, other.polarizability) == ("electric+magnetic", "mie")
    assert system.with_model(polarizability="quasistatic").dipoles == "electric+magnetic"
    assert system.with_model(dipoles="electric").polarizability == "mie"


@pytest.mark.parametrize("model", [("electric", "quasistatic"), ("electric", "mie")])
def test_by_dipole_in_the_electric_model_is_electric_to_electric_alone(model):
    system = photodrag.System(POSITIONS, R, "SiC", dipoles=model[0], polarizability=model[1])
    spec = photodrag.spectra(system, OMEGA, by_dipole=True)
    channels = spec["transmission_by_dipole"]
    assert channels.dims == ("omega", "emitter", "absorber", "emitter_dipole", "absorber_dipole")
    assert channels["emitter_dipole"].values.tolist() == ["electric"]
    np.testing.assert_array_equal(channels.values[..., 0, 0], spec["transmission"].values)


def test_by_dipole_channels_sum_to_the_transmission():
    with pytest.warns(photodrag.AnisotropicParticleWarning):
        system = photodrag.System(POSITIONS, R, MATERIALS, B=FIELD, dipoles="electric+magnetic", polarizability="mie")
    spec = photodrag.spectra(system, OMEGA, by_dipole=True)
    channels = spec["transmission_by_dipole"]
    assert channels["emitter_dipole"].values.tolist() == ["electric", "magnetic"]
    np.testing.assert_array_equal(channels.values.sum(axis=(-2, -1)), spec["transmission"].values)
    np.testing.assert_allclose(channels.sum(("emitter_dipole", "absorber_dipole")).values, spec["transmission"].values,
                               rtol=1e-15, atol=0)
    assert "transmission_by_dipole" not in photodrag.spectra(system, OMEGA)


def test_bytes_per_omega_of_the_6n_model():
    for n in (4, 20, 200):
        assert chunks.bytes_per_omega(n, "electric") == chunks.bytes_per_omega(n)
        assert chunks.bytes_per_omega(n, "electric+magnetic") == chunks.bytes_per_omega(2 * n) + 72 * n * n


def test_memory_bound_chunks_the_6n_model_without_changing_it():
    system = photodrag.System(POSITIONS, R, "Au", dipoles="electric+magnetic", polarizability="mie")
    whole = photodrag.spectra(system, OMEGA)
    one_at_a_time = photodrag.spectra(system, OMEGA, memory_bytes=1)
    np.testing.assert_allclose(one_at_a_time["transmission"].values, whole["transmission"].values, rtol=1e-12)


# --- the 6N matrices (photodrag.engine.coupling) against their blocks written out ---------------------------------


def test_magnetic_green_tensor_is_the_curl_of_the_electric_one():
    """Faraday, exp(−iωt): Z0 H = ∇ × E/(ik), so with E = k² G0 p/ε0, G_EM p = ∇ × (G0 p)/(ik); by central
    differences at kr from 0.1 to 5."""
    rng = np.random.default_rng(2)
    k = np.array([2e6])
    h = 1e-12
    for _ in range(5):
        r = rng.normal(size=3) * rng.uniform(0.05, 2.5) / k[0]
        expected = np.empty((3, 3), complex)
        for column in range(3):  # the field of a dipole along e_column
            derivative = np.empty((3, 3), complex)  # [d/dx_l, component]
            for l in range(3):
                step = np.eye(3)[l] * h
                derivative[l] = (free_space_green(r + step, k)[0, :, column]
                                 - free_space_green(r - step, k)[0, :, column]) / (2 * h)
            curl = np.array([derivative[1, 2] - derivative[2, 1], derivative[2, 0] - derivative[0, 2],
                             derivative[0, 1] - derivative[1, 0]])
            expected[:, column] = curl / (1j * k[0])
        np.testing.assert_allclose(free_space_green_cross(r, k)[0], expected, rtol=1e-6, atol=1e-7 * np.abs(expected).max())


def _literal_symmetric_gauge(system, k, inverse_alpha):
    """S' = Λ − k²𝒢' and Im 𝒢' block by block: 𝒢' = [[G0, iG_EM], [iG_EM, G0]] (photodrag.engine.coupling)."""
    models = system.models
    blocks = [(i, 0) for i in range(system.n_particles)] + [(i, 1) for i in models.magnetic]
    size = 3 * len(blocks)
    G = np.zeros((size, size), complex)
    for s, (i, kind_i) in enumerate(blocks):
        for t, (j, kind_j) in enumerate(blocks):
            if i != j:
                r = system.positions[i] - system.positions[j]
                block = free_space_green(r, k)[0] if kind_i == kind_j else 1j * free_space_green_cross(r, k)[0]
                G[3 * s:3 * s + 3, 3 * t:3 * t + 3] = block
    S = -(k[0] ** 2) * G
    for s in range(len(blocks)):
        S[3 * s:3 * s + 3, 3 * s:3 * s + 3] += inverse_alpha[0, s]
    imag = (G - G.conj().T) / 2j + k[0] / (6 * np.pi) * np.eye(size)
    return S, imag


def test_interaction_and_imaginary_matrices_equal_their_blocks():
    with pytest.warns(photodrag.AnisotropicParticleWarning):
        system = photodrag.System(POSITIONS, R, MATERIALS, B=FIELD, dipoles="electric+magnetic", polarizability="mie")
    omega = np.array([1.7e14])
    k = omega / constants.c
    inverse_alpha, _ = multipole.dipole_kernels(system.epsilon(omega), system.radii, k, system.models)
    geometry = DipoleGeometry(system.separations(), system.models.magnetic)
    S, imag = _literal_symmetric_gauge(system, k, inverse_alpha)
    scale = np.abs(S).max()
    np.testing.assert_allclose(geometry.interaction_matrix(k, inverse_alpha)[0], S, rtol=0, atol=1e-14 * scale)
    assert np.abs(imag.imag).max() == 0 and np.allclose(imag, imag.T)
    np.testing.assert_allclose(geometry.imag_green_matrix(k)[0], imag.real, rtol=0, atol=1e-13 * k[0])
    pivots = np.arange(S.shape[0])
    rows = geometry.imag_green_rows(np.repeat(k, pivots.size), pivots)
    np.testing.assert_allclose(rows, imag.real, rtol=0, atol=1e-13 * k[0])
    factor_t = geometry.imag_green_factor(k)[0]
    assert np.trace(imag.real - factor_t.T @ factor_t) <= 1e-12 * np.trace(imag.real)
