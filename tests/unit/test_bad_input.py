"""Bad input fails at once with a message that names the problem; never a silent NaN."""

import numpy as np
import pytest

import photodrag
from photodrag.materials import Tabulated

R = 50e-9
TWO = [[0, 0, 0], [0, 0, 4 * R]]
OMEGA = np.linspace(1.6e14, 1.8e14, 5)


def test_overlapping_spheres():
    with pytest.raises(ValueError, match=r"overlapping spheres: 1 pair\(s\) .*: \(0, 1\)"):
        photodrag.System([[0, 0, 0], [0, 0, 1.5 * R]], R, "SiC")


@pytest.mark.parametrize("radii", [[R, 0.0], [R, -R]])
def test_non_positive_radius(radii):
    with pytest.raises(ValueError, match=r"radii must be positive.*particles \[1\]"):
        photodrag.System(TWO, radii, "SiC")


@pytest.mark.parametrize("omega", [[1e14, 0.0], [-1e14], [], [1e14, np.nan], [np.inf]])
def test_bad_frequencies(omega):
    system = photodrag.System(TWO, R, "SiC")
    with pytest.raises(ValueError, match="omega"):
        photodrag.spectra(system, omega)


def test_unknown_material_lists_known_names():
    with pytest.raises(ValueError, match=r"unknown material 'SIC'.*Au, InSb, InSb-ZhuFan, SiC"):
        photodrag.System(TWO, R, ["SiC", "SIC"])


@pytest.mark.parametrize("positions", [[0, 0, 0], [[0, 0], [1e-6, 0]], np.zeros((2, 3, 1))])
def test_wrong_position_shape(positions):
    with pytest.raises(ValueError, match=r"positions must have shape \(N, 3\)"):
        photodrag.System(positions, R, "SiC")


def test_mismatched_lengths():
    with pytest.raises(ValueError, match=r"radii must have shape \(2,\)"):
        photodrag.System(TWO, [R, R, R], "SiC")
    with pytest.raises(ValueError, match="got 3 materials for 2 particles"):
        photodrag.System(TWO, R, ["SiC", "Au", "SiC"])


@pytest.mark.parametrize(
    "positions, radii, field, what",
    [
        ([[0, 0, 0], [0, 0, np.nan]], R, None, "positions"),
        ([[0, 0, 0], [0, 0, np.inf]], R, None, "positions"),
        (TWO, [R, np.nan], None, "radii"),
        (TWO, R, (0, 0, np.nan), "B"),
    ],
)
def test_nan_or_infinity(positions, radii, field, what):
    with pytest.raises(ValueError, match=f"{what} contain"):
        photodrag.System(positions, radii, "InSb", B=field)


def test_bad_field_shape():
    with pytest.raises(ValueError, match="B must be a 3-vector"):
        photodrag.System(TWO, R, "InSb", B=(0, 5.0))


def test_close_pair_computes_with_a_warning_naming_it():
    with pytest.warns(photodrag.DipoleValidityWarning, match=r"\(0, 2\)") as record:
        system = photodrag.System([[0, 0, 0], [0, 0, 10 * R], [0, 2.5 * R, 0]], R, "SiC")
    assert len(record) == 1 and "(0, 1)" not in str(record[0].message)
    spec = photodrag.spectra(system, OMEGA)
    assert np.all(np.isfinite(spec["transmission"].values))


def test_tabulated_outside_its_range(tmp_path):
    table = tmp_path / "eps.csv"
    table.write_text("omega,re,im\n1.0e14,2.0,0.5\n2.0e14,3.0,0.7\n")
    system = photodrag.System(TWO, R, Tabulated.from_csv(table))
    with pytest.raises(ValueError, match=r"covers ω from 1e\+14 to 2e\+14 rad/s"):
        photodrag.spectra(system, [1.5e14, 2.5e14])


@pytest.mark.parametrize("T", [0.0, -10.0, np.nan])
def test_conductance_bad_temperature(T):
    spec = photodrag.spectra(photodrag.System(TWO, R, "SiC"), OMEGA)
    with pytest.raises(ValueError, match="temperature"):
        photodrag.conductance(spec, T)


def test_spectra_needs_a_system():
    with pytest.raises(ValueError, match="photodrag.System"):
        photodrag.spectra({"positions": TWO}, OMEGA)


@pytest.mark.parametrize("key, value", [("dipoles", "magnetic"), ("dipoles", "Electric"), ("dipoles", None),
                                        ("polarizability", "exact"), ("polarizability", "Mie"),
                                        ("polarizability", 1)])
def test_unknown_dipole_model(key, value):
    with pytest.raises(ValueError, match=rf"unknown {key}=.*valid values: '"):
        photodrag.System(TWO, R, "Au", **{key: value})


def test_unknown_dipole_model_in_with_model_and_bytes_per_omega():
    from photodrag.engine.chunks import bytes_per_omega

    with pytest.raises(ValueError, match=r"unknown dipoles='quadrupole'.*'electric', 'electric\+magnetic'"):
        photodrag.System(TWO, R, "Au").with_model(dipoles="quadrupole")
    with pytest.raises(ValueError, match=r"unknown dipoles='magnetic'"):
        bytes_per_omega(10, "magnetic")


def test_mie_for_a_tabulated_material_outside_its_range_names_the_particle(tmp_path):
    table = tmp_path / "eps.csv"
    table.write_text("omega,re,im\n1.0e14,2.0,0.5\n2.0e14,3.0,0.7\n")
    system = photodrag.System(TWO, R, ["Au", Tabulated.from_csv(table)], dipoles="electric+magnetic",
                              polarizability="mie")
    with pytest.raises(ValueError, match=r"particles \[1\] \(material 'eps'\).*covers ω from 1e\+14 to 2e\+14"):
        photodrag.spectra(system, [1.5e14, 2.5e14])
    inside = photodrag.spectra(system, [1.2e14, 1.5e14, 1.9e14])
    assert np.all(np.isfinite(inside["transmission"].values))


def test_mie_for_an_anisotropic_material_that_is_not_magneto_optical_is_refused():
    """Only a magneto-optical material under a field is known to be anisotropic beforehand; any other tensor ε
    is caught when evaluated, naming the particle (never a silent scalar)."""
    from dataclasses import dataclass

    from photodrag.materials import Material

    @dataclass(frozen=True, kw_only=True)
    class Uniaxial(Material):
        name: str = "uniaxial"

        def _epsilon(self, omega, B):
            return np.broadcast_to(np.diag([2.0 + 0.1j, 2.0 + 0.1j, 4.0 + 0.2j]), (omega.size, 3, 3)).copy()

    system = photodrag.System(TWO, R, ["SiC", Uniaxial()], polarizability="mie")
    with pytest.raises(ValueError, match=r"particle 1 has an anisotropic permittivity"):
        photodrag.spectra(system, OMEGA)

