"""Dielectric models against docs/theory.md's formulas, written out here independently.

Named: SiC (Drude–Lorentz), Au (Drude), InSb and InSb-ZhuFan (magneto-optical, B the
physical field: ε_xy = +iε2 for B along +z). Generic: Drude, Lorentz (with a Drude term),
Tabulated (CSV). Shapes (n_omega, 3, 3); errors; passivity (loss ≥ 0).
"""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.materials import Drude, Lorentz, MagnetoOptical, Oscillator, Tabulated

NAMED = ["SiC", "Au", "InSb", "InSb-ZhuFan"]
FEW_OMEGAS = np.array([1.0e13, 3.5e13, 1.0e14, 1.755e14, 5.0e14])  # rad/s


# --- docs/theory.md's formulas, scalar, written out ------------------------------------------

def sic(omega):
    eps_inf, omega_l, omega_t, gamma = 6.7, 1.825e14, 1.494e14, 0.9e12
    return eps_inf * (omega**2 - omega_l**2 + 1j * gamma * omega) / (omega**2 - omega_t**2 + 1j * gamma * omega)


def gold(omega):
    omega_p, gamma = 1.371e16, 4e13
    return 1 - omega_p**2 / (omega * (omega + 1j * gamma))


INSB_SETS = {
    # density (cm⁻³), m* (kg), γ (rad/s)
    "InSb": (1.36e19, 7.29e-32, 1e12),
    "InSb-ZhuFan": (1.07e17, 0.022 * constants.m_e, 3.39e12),
}


def insb_along_z(omega, B, name):
    """docs/theory.md's tensor for a field of size B (T) along +z, physical sign: ε_xy = +iε2."""
    density_cm3, mass, gamma = INSB_SETS[name]
    eps_inf, omega_l, omega_t, big_gamma = 15.7, 3.62e13, 3.39e13, 5.65e11
    omega_p2 = density_cm3 * 1e6 * constants.e**2 / (mass * constants.epsilon_0 * eps_inf)
    omega_c = constants.e * B / mass
    phonon = (omega_l**2 - omega_t**2) / (omega_t**2 - omega**2 - 1j * big_gamma * omega)
    eps1 = eps_inf * (1 + phonon + omega_p2 * (omega + 1j * gamma) / (omega * (omega_c**2 - (omega + 1j * gamma) ** 2)))
    eps2 = eps_inf * omega_p2 * omega_c / (omega * ((omega + 1j * gamma) ** 2 - omega_c**2))
    eps3 = eps_inf * (1 + phonon - omega_p2 / (omega * (omega + 1j * gamma)))
    return np.array([[eps1, 1j * eps2, 0], [-1j * eps2, eps1, 0], [0, 0, eps3]])


def rotation_taking_z_to(b):
    """A proper rotation R (det +1) with R ẑ = b̂."""
    b = np.asarray(b, float) / np.linalg.norm(b)
    trial = np.array([1.0, 0, 0]) if abs(b[0]) < 0.9 else np.array([0, 1.0, 0])
    u = np.cross(b, trial)
    u /= np.linalg.norm(u)
    v = np.cross(b, u)
    rotation = np.column_stack([u, v, b])
    assert np.linalg.det(rotation) == pytest.approx(1.0)
    return rotation


# --- named models -------------------------------------------------------------------------

@pytest.mark.parametrize("name, formula", [("SiC", sic), ("Au", gold)])
def test_isotropic_named_models(name, formula):
    eps = photodrag.material(name).epsilon(FEW_OMEGAS)
    for n, omega in enumerate(FEW_OMEGAS):
        np.testing.assert_allclose(eps[n], formula(omega) * np.eye(3), rtol=1e-12, atol=0)


@pytest.mark.parametrize("name", ["InSb", "InSb-ZhuFan"])
@pytest.mark.parametrize("size", [0.5, 1.0, 5.0])
def test_insb_along_z(name, size):
    omega = np.array([1.0e13, 3.0e13, 3.5e13, 6.0e13, 1.7e14])
    eps = photodrag.material(name).epsilon(omega, B=(0.0, 0.0, size))
    for n, w in enumerate(omega):
        expected = insb_along_z(w, size, name)
        np.testing.assert_allclose(eps[n], expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())


@pytest.mark.parametrize("name", ["InSb", "InSb-ZhuFan"])
@pytest.mark.parametrize("B", [(0.0, 0.0, -2.0), (3.0, 0.0, 0.0), (1.0, -2.0, 4.0), (-0.3, 0.7, -0.2)])
def test_insb_rotated_field(name, B):
    """For any direction b̂: ε = R ε_z(|B|) Rᵀ with R a rotation taking ẑ to b̂."""
    omega = np.array([1.0e13, 3.5e13, 1.7e14])
    rotation = rotation_taking_z_to(B)
    eps = photodrag.material(name).epsilon(omega, B=B)
    for n, w in enumerate(omega):
        expected = rotation @ insb_along_z(w, np.linalg.norm(B), name) @ rotation.T
        np.testing.assert_allclose(eps[n], expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())


@pytest.mark.parametrize("name", ["SiC", "Au"])
def test_non_magnetic_models_ignore_the_field(name):
    medium = photodrag.material(name)
    np.testing.assert_array_equal(medium.epsilon(FEW_OMEGAS, B=(0.0, 1.0, 5.0)), medium.epsilon(FEW_OMEGAS))


def test_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="unknown material") as error:
        photodrag.material("Unobtainium")
    for name in NAMED:
        assert name in str(error.value)


def test_material_objects_pass_through():
    medium = Drude(omega_p=1e15, gamma=1e13)
    assert photodrag.material(medium) is medium


# --- shapes -------------------------------------------------------------------------------

def all_models(tmp_path):
    path = tmp_path / "table.csv"
    omega = np.linspace(1e13, 1e15, 11)
    np.savetxt(path, np.column_stack([omega, 2 + omega / 1e15, 0.1 + 0 * omega]), delimiter=",", header="w,re,im")
    return [photodrag.material(name) for name in NAMED] + [
        Drude(omega_p=1e15, gamma=1e13),
        Lorentz(eps_inf=2.0, oscillators=(Oscillator(1.0, 1e14, 1e12),), omega_p=1e14, gamma_p=1e12),
        Tabulated.from_csv(path),
    ]


@pytest.mark.parametrize("omega, n", [(1e14, 1), ([1e14], 1), (np.array([1e14]), 1), (np.linspace(2e13, 5e14, 7), 7)])
@pytest.mark.parametrize("B", [None, (0.0, 0.0, 1.0)])
def test_shape_is_frequency_first_never_squeezed(tmp_path, omega, n, B):
    for medium in all_models(tmp_path):
        eps = medium.epsilon(omega, B=B)
        assert eps.shape == (n, 3, 3), medium.name
        assert np.iscomplexobj(eps)


# --- generic models -----------------------------------------------------------------------

def test_drude():
    omega_p, gamma, eps_inf = 2.0e15, 3.0e13, 4.0
    eps = Drude(omega_p=omega_p, gamma=gamma, eps_inf=eps_inf).epsilon(FEW_OMEGAS)
    expected = eps_inf - omega_p**2 / (FEW_OMEGAS * (FEW_OMEGAS + 1j * gamma))
    np.testing.assert_allclose(eps, expected[:, None, None] * np.eye(3), rtol=1e-12, atol=0)
    assert Drude(omega_p=omega_p, gamma=gamma).epsilon(1e14)[0, 0, 0] == pytest.approx(
        1 - omega_p**2 / (1e14 * (1e14 + 1j * gamma)), rel=1e-12
    )


def test_lorentz_oscillators_with_drude_term():
    terms = [(1.5, 8e13, 2e12), (0.4, 2.5e14, 5e12)]  # Δε, ω0, γ
    omega_p, gamma_p = 5e13, 1e12
    medium = Lorentz(eps_inf=3.0, oscillators=tuple(Oscillator(*t) for t in terms), omega_p=omega_p, gamma_p=gamma_p)
    w = FEW_OMEGAS
    expected = 3.0 + sum(s * w0**2 / (w0**2 - w**2 - 1j * g * w) for s, w0, g in terms) - omega_p**2 / (w * (w + 1j * gamma_p))
    np.testing.assert_allclose(medium.epsilon(w), expected[:, None, None] * np.eye(3), rtol=1e-12, atol=0)
    bare = Lorentz(eps_inf=3.0, oscillators=(Oscillator(*terms[0]),))
    s, w0, g = terms[0]
    np.testing.assert_allclose(bare.epsilon(w)[:, 2, 2], 3.0 + s * w0**2 / (w0**2 - w**2 - 1j * g * w), rtol=1e-12)


def test_lorentz_from_lo_to():
    eps_inf, omega_l, omega_t, gamma = 8.0, 1.801e14, 1.486e14, 3.767e12
    medium = Lorentz.from_lo_to(eps_inf=eps_inf, omega_L=omega_l, omega_T=omega_t, gamma=gamma)
    w = np.linspace(1.0e14, 2.5e14, 31)
    expected = eps_inf * (w**2 - omega_l**2 + 1j * gamma * w) / (w**2 - omega_t**2 + 1j * gamma * w)
    np.testing.assert_allclose(medium.epsilon(w)[:, 0, 0], expected, rtol=1e-12)


def test_magneto_optical_generic_matches_named_insb():
    density_cm3, mass, gamma = INSB_SETS["InSb"]
    medium = MagnetoOptical(
        eps_inf=15.7, omega_L=3.62e13, omega_T=3.39e13, Gamma=5.65e11, gamma=gamma,
        carrier_density=density_cm3 * 1e6, effective_mass=mass,
    )
    omega = np.geomspace(1e13, 1e14, 9)
    np.testing.assert_allclose(medium.epsilon(omega, B=(1, 2, 3)), photodrag.material("InSb").epsilon(omega, B=(1, 2, 3)), rtol=1e-13)


# --- tabulated ----------------------------------------------------------------------------

def write_table(path, omega, eps, extra_column=False):
    columns = [omega, eps.real, eps.imag] + ([np.arange(omega.size)] if extra_column else [])
    header = "omega_rad_per_s,eps_real,eps_imag" + (",note" if extra_column else "")
    np.savetxt(path, np.column_stack(columns), delimiter=",", header=header, comments="")


@pytest.mark.parametrize("extra_column", [False, True])
def test_tabulated_round_trip(tmp_path, extra_column):
    omega = np.array([1.0e14, 1.2e14, 1.5e14, 2.0e14])
    eps = np.array([3.0 + 0.1j, -1.5 + 2.0j, 7.25 + 0.5j, 4.0 + 0.0j])
    path = tmp_path / "my_material.csv"
    write_table(path, omega, eps, extra_column)
    if extra_column:  # a column that is not ε is refused unless named (it could be the ε the user meant)
        with pytest.raises(ValueError, match="unknown column 'note'.*ignore=\\['note'\\]"):
            Tabulated.from_csv(path)
    medium = Tabulated.from_csv(path, ignore=["note"] if extra_column else ())
    assert medium.name == "my_material"
    assert medium.valid_range == pytest.approx((1.0e14, 2.0e14))
    np.testing.assert_allclose(medium.epsilon(omega), eps[:, None, None] * np.eye(3), rtol=1e-12, atol=0)


def test_tabulated_interpolates_linearly(tmp_path):
    omega = np.array([1.0e14, 1.2e14, 1.5e14])
    eps = np.array([3.0 + 0.1j, -1.5 + 2.0j, 7.25 + 0.5j])
    path = tmp_path / "table.csv"
    write_table(path, omega, eps)
    medium = Tabulated.from_csv(path)
    # a quarter of the way through the first interval, halfway through the second
    queries = np.array([1.05e14, 1.35e14])
    expected = np.array([0.75 * eps[0] + 0.25 * eps[1], 0.5 * eps[1] + 0.5 * eps[2]])
    np.testing.assert_allclose(medium.epsilon(queries)[:, 1, 1], expected, rtol=1e-12)
    assert medium.epsilon(queries)[0, 0, 1] == 0


@pytest.mark.parametrize("outside", [0.99e14, 1.51e14, [1.1e14, 3e14]])
def test_tabulated_refuses_to_extrapolate(tmp_path, outside):
    path = tmp_path / "table.csv"
    write_table(path, np.array([1.0e14, 1.2e14, 1.5e14]), np.array([3.0 + 0.1j, 2.0 + 1.0j, 1.0 + 0.5j]))
    medium = Tabulated.from_csv(path)
    with pytest.raises(ValueError, match="covers ω from 1e\\+14 to 1.5e\\+14"):
        medium.epsilon(outside)


# --- passivity ----------------------------------------------------------------------------

WIDE_BAND = np.geomspace(1e11, 1e17, 2001)


@pytest.mark.parametrize("name", ["SiC", "Au"])
def test_isotropic_models_are_lossy(name):
    eps = photodrag.material(name).epsilon(WIDE_BAND)
    assert np.all(eps[:, 0, 0].imag > 0)


@pytest.mark.parametrize("name", ["InSb", "InSb-ZhuFan"])
@pytest.mark.parametrize("B", [None, (0.0, 0.0, 1.0), (0.0, 0.0, -5.0), (1.0, -2.0, 4.0), (0.0, 30.0, 0.0)])
def test_magneto_optical_models_are_passive(name, B):
    """ImH(ε) = (ε − ε†)/(2i) is positive semidefinite at every ω for any field."""
    eps = photodrag.material(name).epsilon(WIDE_BAND, B=B)
    loss = (eps - np.conj(eps.swapaxes(-1, -2))) / 2j
    eigenvalues = np.linalg.eigvalsh(loss)
    scale = np.abs(eps).max(axis=(1, 2))
    assert np.all(eigenvalues >= -1e-12 * scale[:, None])
    assert np.all(eigenvalues.max(axis=1) > 0)


@pytest.mark.parametrize("header, spectral", [
    ("omega_rad_s,eps_real,eps_imag", lambda w: w),
    ("frequency_Hz,eps_real,eps_imag", lambda w: w / (2 * np.pi)),
    ("Frequency (THz),Re eps,Im eps", lambda w: w / (2 * np.pi * 1e12)),
    ("energy_eV,eps1,eps2", lambda w: w * constants.hbar / constants.e),
    ("wavenumber_cm-1,ε',ε''", lambda w: w / (2 * np.pi * constants.c * 100)),
    ("\ufeffOMEGA_RAD_S,EPS_REAL,EPS_IMAG", lambda w: w),
    ("wavelength (µm),n,k", lambda w: 2 * np.pi * constants.c / w * 1e6),   # rows in decreasing ω: reversed
    ("eps_imag,omega_rad_s,eps_real", None),                              # columns in any order
])
def test_tabulated_reads_units_and_meanings_from_the_header(tmp_path, header, spectral):
    """Hz, THz, eV, cm⁻¹ and µm (a wavelength) from the spectral column's name; ε or n, k from the others."""
    omega = np.linspace(1.5e14, 1.9e14, 9)
    eps = photodrag.material("SiC").epsilon(omega)[:, 0, 0]
    index = np.sqrt(eps)
    first, second = (index.real, index.imag) if header.endswith("n,k") else (eps.real, eps.imag)
    rows = ([[b, w, a] for w, a, b in zip(omega, first, second)] if spectral is None
            else [[spectral(w), a, b] for w, a, b in zip(omega, first, second)])
    path = tmp_path / "table.csv"
    path.write_text(header + "\n" + "\n".join(",".join(f"{v:.15g}" for v in row) for row in rows) + "\n",
                    encoding="utf-8")
    medium = Tabulated.from_csv(path)
    np.testing.assert_allclose(medium.omega, omega, rtol=1e-13)
    np.testing.assert_allclose(medium.values, eps, rtol=1e-12)
