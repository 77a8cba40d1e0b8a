"""Fault corpus, what a hurried user types (issue 22 classes 1, 2 and 4; issue 20, units a typo cannot break).

Every case is refused with one message naming the argument, key, column or file, the value given
and what would be valid, and leaves no partial output. Four groups: the Python API given the wrong
type (a field as text, a complex ω, options as text), files read by what their headers say (units
and meanings from the column names), sweeps and names that would overwrite each other, and config
values outside the range a physicist expects (with the likely slip named).
"""

import copy

import numpy as np
import pytest
import yaml

import photodrag
from faults import Registry, check
from photodrag import geometry, grid, study
from photodrag.materials import Drude, Lorentz, MagnetoOptical, Oscillator, Tabulated
from photodrag.study import feedback
from test_api_faults import DIMER, OMEGA, R, REPOSITORY, system, trapezoid as spectra  # the corpus's dimer

CASES = Registry()


# --- the API's types (class 4): a ValueError naming the argument, the value and what is expected ----

@CASES.case(ValueError, "B must be a magnetic field in tesla", "3-vector of real numbers", "'5 T'")
def case_field_as_text(_):  # was numpy's "could not convert string to float"
    photodrag.System(DIMER, R, "InSb", B="5 T")


@CASES.case(ValueError, "B must be a magnetic field in tesla", "complex numbers [0, 0, 5j]")
def case_field_as_a_complex_vector(_):  # was a TypeError from float()
    photodrag.System(DIMER, R, "InSb", B=[0, 0, 5j])


@CASES.case(ValueError, "B must be a magnetic field in tesla", "text [0, 0, '5']")
def case_field_with_a_component_as_text(_):  # was accepted: '5' read as 5 T
    photodrag.System(DIMER, R, "InSb", B=[0, 0, "5"])


@CASES.case(ValueError, "omega must be an array of angular frequencies in rad/s", "complex numbers of shape (301,)")
def case_spectra_on_a_complex_grid(_):  # was numpy's ComplexWarning, the imaginary parts dropped
    photodrag.spectra(system(), OMEGA + 1e12j)


@CASES.case(ValueError, "omega must be angular frequencies in rad/s", "text '1.7e14'")
def case_epsilon_at_a_frequency_as_text(_):  # was accepted
    photodrag.material("SiC").epsilon("1.7e14")


@CASES.case(ValueError, "memory_bytes must be an integer", "'1GB'")
def case_memory_bytes_as_text(_):  # was a TypeError from inside the kernel's chunking
    photodrag.spectra(system(), OMEGA, memory_bytes="1GB")


@CASES.case(ValueError, "memory_bytes must be at least 1", "-5")
def case_negative_memory_bytes(_):  # was accepted
    photodrag.spectra(system(), OMEGA, memory_bytes=-5)


@CASES.case(ValueError, "by_dipole must be True or False", "'no'")
def case_by_dipole_as_text(_):  # 'no' was true
    photodrag.spectra(system(), OMEGA, by_dipole="no")


@CASES.case(ValueError, "progress must be True, False or a callable", "'no'")
def case_progress_as_text(_):  # 'no' drew a progress bar
    photodrag.spectra(system(), OMEGA, progress="no")


@CASES.case(ValueError, "temperatures[0] must be a single temperature in K", "'300'")
def case_grid_integrals_at_a_temperature_as_text(_):  # was read as 300 K
    grid.integrals(spectra(), "300")


@CASES.case(ValueError, "panel edges must be angular frequencies in rad/s", "complex numbers")
def case_complex_panel_edges(_):  # was a TypeError from float()
    grid.gauss_kronrod_panels([1e14 + 0j, 2e14])


@CASES.case(ValueError, "material 'Lorentz': oscillators[0] must be an Oscillator", "got (1.0, 1500")
def case_lorentz_oscillator_as_a_tuple(_):  # was an AttributeError
    Lorentz(eps_inf=6.7, oscillators=((1.0, 1.5e14, 1e12),))


@CASES.case(ValueError, "the permittivity table must be a file name (a str or Path)", "None")
def case_eps_table_path_none(_):  # was a TypeError from pathlib
    Tabulated.from_csv(None)


@CASES.case(ValueError, "quadrature_weight must be quadrature weights in rad/s", "complex numbers")
def case_complex_quadrature_weights(_):
    photodrag.spectra(system(), OMEGA, quadrature_weight=np.gradient(OMEGA) + 0j)


@CASES.case(ValueError, "tol must be a positive real number", "'1e-4'")
def case_adaptive_tolerance_as_text(_):  # was a TypeError from np.isfinite
    grid.adaptive_spectra(system(), tol="1e-4")


@CASES.case(ValueError, "max_points must be an integer", "'1000'")
def case_adaptive_budget_as_text(_):  # was accepted
    grid.adaptive_spectra(system(), max_points="1000")


@CASES.case(ValueError, "floor must be a real number ≥ 0", "'1e-6'")
def case_adaptive_floor_as_text(_):  # was numpy's UFuncTypeError
    grid.adaptive_spectra(system(), floor="1e-6")


@CASES.case(ValueError, "omega_range must be (ω_lo, ω_hi) in rad/s", "complex numbers")
def case_adaptive_range_complex(_):  # was a TypeError from float()
    grid.adaptive_spectra(system(), omega_range=(1e14 + 0j, 2e14))


@CASES.case(ValueError, "T_range must be (T_min, T_max) in K", "text '300'")
def case_adaptive_temperatures_as_text(_):  # was accepted
    grid.adaptive_spectra(system(), T_range="300")


@CASES.case(ValueError, "positions must be numbers in metres", "complex numbers of shape (2, 3)")
def case_complex_positions(_):  # was numpy's ComplexWarning
    photodrag.System(np.array(DIMER) + 0j, R, "SiC")


@CASES.case(ValueError, "material 'Drude': omega_p must be a real number", "'1.37e16'")
def case_drude_parameter_as_text(_):  # was accepted, and failed later inside epsilon
    Drude(omega_p="1.37e16", gamma=4e13)


@CASES.case(ValueError, "material 'SiC-text': omega_L must be a real number", "'1.825e14'")
def case_lorentz_from_lo_to_as_text(_):  # was a TypeError from **
    Lorentz.from_lo_to(name="SiC-text", eps_inf=6.7, omega_L="1.825e14", omega_T=1.494e14, gamma=0.9e12)


@CASES.case(ValueError, "Oscillator strength must be a real number", "2j")
def case_complex_oscillator_strength(_):  # was a TypeError from a comparison
    Oscillator(2j, 1.5e14, 1e12)


@CASES.case(ValueError, "material 'InSb-text': eps_inf must be a real number", "'15.7'")
def case_magneto_optical_parameter_as_text(_):  # was accepted
    MagnetoOptical(name="InSb-text", eps_inf="15.7", omega_L=3.62e13, omega_T=3.39e13, Gamma=5.65e11, gamma=1e12,
                   carrier_density=1.36e25, effective_mass=7.29e-32)


@CASES.case(ValueError, "tabulated permittivity 'tabulated': omega must be angular frequencies", "complex numbers")
def case_tabulated_complex_frequencies(_):  # was a TypeError from float()
    Tabulated(omega=[1e14 + 1j, 2e14], values=[4 + 0.1j, 5 + 0.1j])


@CASES.case(ValueError, "spacing must be a finite, positive length in m", "'300 nm'")
def case_chain_spacing_as_text(_):
    geometry.chain(4, "300 nm", R, "SiC")


@CASES.case(ValueError, "spacing must be a finite, positive length in m", "'3e-7'")
def case_chain_spacing_as_a_number_in_text(_):  # was read as 3e-7 m
    geometry.chain(4, "3e-7", R, "SiC")


@CASES.case(ValueError, "t must be an array of times in s", "complex numbers")
def case_relaxation_times_complex(_):  # was numpy's ComplexWarning
    photodrag.relax(spectra(), [400.0, 300.0], np.array([0.0, 1e-3]) + 0j)


@CASES.case(ValueError, "heat_capacity must be 2 numbers in J/K", "complex numbers")
def case_complex_heat_capacities(_):  # was numpy's ComplexWarning
    photodrag.relax(spectra(), [400.0, 300.0], [0.0, 1e-3], heat_capacity=[1e-15 + 0j, 1e-15])


# --- files read by what their headers say (class 1) ---------------------------------------------------

SIC = np.linspace(1.4e14, 2.0e14, 5)


def _table(path, header, first, second, spectral=lambda omega: omega):
    """An ε table of SiC with the given header: the spectral column from ω, then two value columns."""
    rows = "".join(f"{spectral(w):.12g},{a:.12g},{b:.12g}\n" for w, a, b in zip(SIC, first, second))
    path.write_text(header + "\n" + rows, encoding="utf-8")
    return path


def _sic():
    return photodrag.material("SiC").epsilon(SIC)[:, 0, 0]


@CASES.case(ValueError, "omega_Hz", "gives omega in Hz, a unit of frequency: ambiguous", "frequency_Hz (ω/2π)")
def case_eps_table_with_omega_in_hertz(directory):  # ω or f? either reading is 2π off
    Tabulated.from_csv(_table(directory / "hz.csv", "omega_Hz,eps_real,eps_imag", _sic().real, _sic().imag))


@CASES.case(ValueError, "column 'frequency' states no unit", "frequency_Hz", "frequency_eV")
def case_eps_table_with_a_frequency_without_unit(directory):  # was read as rad/s
    Tabulated.from_csv(_table(directory / "f.csv", "frequency,eps_real,eps_imag", _sic().real, _sic().imag))


@CASES.case(ValueError, "column 'wl' states no unit", "wl_um")
def case_eps_table_of_a_refractive_index_database_without_unit(directory):  # refractiveindex.info writes 'wl,n,k'
    Tabulated.from_csv(_table(directory / "wl.csv", "wl,n,k", np.sqrt(_sic()).real, np.sqrt(_sic()).imag))


@CASES.case(ValueError, "unknown column 'eps_r'", "ignore=['eps_r']")
def case_eps_table_with_a_column_of_no_known_meaning(directory):  # eps_r: the real part, or ε relative?
    Tabulated.from_csv(_table(directory / "r.csv", "omega_rad_s,eps_r,eps_i", _sic().real, _sic().imag))


@CASES.case(ValueError, "the columns ['omega_rad_s', 'eps_real', 'k'] give eps_real, k", "either eps_real, eps_imag")
def case_eps_table_mixing_eps_and_k(directory):
    Tabulated.from_csv(_table(directory / "mix.csv", "omega_rad_s,eps_real,k", _sic().real, _sic().imag))


@CASES.case(ValueError, "bom.csv: the first row '1.4e14,4,0.1' is data, not a header")
def case_eps_table_with_a_byte_order_mark_and_no_header(directory):  # the BOM made it a 'header': first row lost
    (directory / "bom.csv").write_text("\ufeff1.4e14,4,0.1\n2e14,5,0.2\n3e14,6,0.3\n", encoding="utf-8")
    Tabulated.from_csv(directory / "bom.csv")


@CASES.case(ValueError, "separates its columns with ';'", "comma-separated")
def case_eps_table_separated_by_semicolons(directory):  # what a spreadsheet in a decimal-comma locale writes
    (directory / "semi.csv").write_text("omega_rad_s;eps_real;eps_imag\n1e14;4;0,1\n")
    Tabulated.from_csv(directory / "semi.csv")


@CASES.case(ValueError, "column 'radius' states no length unit", "radius_nm, radius_um or radius_m")
def case_particle_file_with_a_radius_without_unit(directory):  # was ignored: the radius argument used instead
    (directory / "p.csv").write_text("x_nm,y_nm,z_nm,radius,material\n0,0,0,50,SiC\n400,0,0,50,Au\n")
    geometry.from_csv(directory / "p.csv", radius=100e-9)


@CASES.case(ValueError, "gives each particle's material (column 'Material')", "material= was given too")
def case_particle_file_and_argument_both_giving_materials(directory):  # 'Material' was ignored, the argument used
    (directory / "p.csv").write_text("x_nm,y_nm,z_nm,radius_nm,Material\n0,0,0,50,SiC\n400,0,0,50,Au\n")
    geometry.from_csv(directory / "p.csv", material="InSb")


@CASES.case(ValueError, "unknown column 'diameter_nm'", "radius_<unit>", "ignore=['diameter_nm']")
def case_particle_file_with_diameters(directory):
    (directory / "p.csv").write_text("x_nm,y_nm,z_nm,diameter_nm,material\n0,0,0,100,SiC\n400,0,0,100,Au\n")
    geometry.from_csv(directory / "p.csv")


@CASES.case(ValueError, "columns 'x_nm' and 'x_um' both give x")
def case_particle_file_giving_a_coordinate_twice(directory):
    (directory / "p.csv").write_text("x_nm,y_nm,z_nm,x_um,radius_nm,material\n0,0,0,0,50,SiC\n400,0,0,0.4,50,Au\n")
    geometry.from_csv(directory / "p.csv")


BASE = yaml.safe_load((REPOSITORY / "config/test/geometries.yaml").read_text())
BASE["systems"]["from_file"]["file"] = str(REPOSITORY / BASE["systems"]["from_file"]["file"])  # cases run elsewhere


def _parse(base, edit):
    config = copy.deepcopy(base)
    edit(config)
    return study.Plan(feedback.prepare(config, [], REPOSITORY / "config/schema.yaml"))


def _from_file(directory, header_and_rows, **keys):
    """Edit the csv system of config/test/geometries.yaml to read ``inputs/p.csv`` with extra ``keys``."""
    (directory / "inputs").mkdir(exist_ok=True)
    (directory / "inputs/p.csv").write_text(header_and_rows)
    return lambda c: c["systems"]["from_file"].update(file="inputs/p.csv", **keys)


@CASES.case(study.ConfigError, "systems.from_file.radius_nm", "gives each particle's radius (column 'radius_nm')",
            "in one place")
def case_config_radius_and_particle_file_both_giving_radii(directory):  # the config's radius silently won
    _parse(BASE, _from_file(directory, "x_nm,y_nm,z_nm,radius_nm,material\n0,0,0,60,SiC\n400,0,0,80,Au\n",
                            radius_nm=50))


@CASES.case(study.ConfigError, "systems.from_file.materials", "gives each particle's material (column 'MATERIAL')")
def case_config_materials_and_particle_file_both_giving_materials(directory):  # the config's materials silently won
    _parse(BASE, _from_file(directory, "x_nm,y_nm,z_nm,radius_nm,MATERIAL\n0,0,0,60,SiC\n400,0,0,80,Au\n",
                            materials="Au"))


@CASES.case(study.ConfigError, "systems.from_file.file", "column 'Radius' states no length unit")
def case_config_particle_file_with_a_radius_without_unit(directory):  # was ignored: radius_nm used instead
    _parse(BASE, _from_file(directory, "x_nm,y_nm,z_nm,Radius,material\n0,0,0,60,SiC\n400,0,0,80,Au\n",
                            radius_nm=50))


# --- sweeps and names that would overwrite each other (class 2) -----------------------------------------

TEST = yaml.safe_load((REPOSITORY / "config/test/config.yaml").read_text())


@CASES.case(study.ConfigError, "systems.insb_rings.B_tesla", "num: 1 from start 0 to stop 5", "only its start")
def case_config_range_of_one_value_dropping_its_stop(_):  # was a field sweep of B = 0 alone
    _parse(TEST, lambda c: c["systems"]["insb_rings"].update(B_tesla={"start": 0, "stop": 5, "num": 1}))


@CASES.case(study.ConfigError, "systems.sic_dimers.h_nm", "the sweep repeats 400", "give each value once")
def case_config_length_sweep_repeating_a_value(_):  # was computed twice, selected ambiguously
    _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(h_nm=[400, 800, 400]))


@CASES.case(study.ConfigError, "systems.sic_dimers.h_nm", "the sweep repeats 400")
def case_config_range_of_equal_ends(_):
    _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(h_nm={"start": 400, "stop": 400, "num": 3}))


@CASES.case(study.ConfigError, "studies.drag.conductance.T_K", "the sweep repeats 300")
def case_config_temperatures_repeating_a_value(_):
    _parse(TEST, lambda c: c["studies"]["drag"].update(conductance={"T_K": [300, 350, 300]}))


@CASES.case(study.ConfigError, "systems.insb_rings.B_tesla", "1.0000001 T and 1.0000002 T both get the name "
            "'insb_rings_B1T'", "6 significant digits")
def case_config_fields_equal_to_six_digits(_):  # one system's files overwrote the other's
    _parse(TEST, lambda c: c["systems"]["insb_rings"].update(B_tesla=[1.0000001, 1.0000002]))


@CASES.case(study.ConfigError, "systems.insb_rings_B1T", "is also system 'insb_rings' expanded for one of its fields",
            "rename one")
def case_config_system_named_like_another_s_field_expansion(_):  # replaced the expansion without a word
    _parse(TEST, lambda c: c["systems"].update(insb_rings_B1T={**c["systems"]["insb_rings"], "B_tesla": 2.0}))


@CASES.case(study.ConfigError, "studies.rings_B1T", "is also study 'rings' expanded for one of its fields")
def case_config_study_named_like_another_s_field_expansion(_):
    _parse(TEST, lambda c: c["studies"].update(rings_B1T={"system": "sic_dimers", "conductance": {"T_K": 300}}))


@CASES.case(study.ConfigError, "systems.ring2.B_tesla", "share the ε table results/materials/InSb_B3T.nc")
def case_config_two_systems_sharing_an_eps_table_label(_):  # one field's ε table served the other's spectra
    _parse(BASE, lambda c: c["systems"].update(ring2={**c["systems"]["ring"], "B_tesla": 3.0000001}))


@CASES.case(study.ConfigError, "materials.field_maps.InSb.B_tesla", "[5.0, 0.0, 1.0] do not increase")
def case_config_field_map_fields_out_of_order(_):  # was drawn on a wrong B axis
    _parse(TEST, lambda c: c["materials"].update(field_maps={"InSb": {
        "B_tesla": [5, 0, 1], "radius_nm": 100, "omega_rad_s": {"start": 1.5e14, "stop": 1.9e14, "num": 10}}}))


@CASES.case(study.ConfigError, "systems.pair_gap: its sweeps give 1000 (gap_nm) × 1000 (h_nm) × 1000 (radius_nm)",
            "= 1e+09 points, more than 100,000")
def case_config_three_sweeps_of_a_thousand_points(_):  # was a bare MemoryError listing the points
    _parse(BASE, lambda c: c["systems"]["pair_gap"].update(
        gap_nm={"start": 250, "stop": 2000, "num": 1000}, h_nm={"start": 400, "stop": 4000, "num": 1000},
        radius_nm={"start": 10, "stop": 50, "num": 1000},
        positions_nm=[[0, 0, 0], ["gap_nm", 0, 0], [0, 0, "h_nm"], [300, 0, "h_nm"]]))


# --- config values outside the range a physicist expects (issue 20: units a typo cannot break) ---------

@CASES.case(study.ConfigError, "systems.sic_dimers.radius_nm: 1e-07 nm is outside the range of a particle radius",
            "did you mean 1e-07 m = 100 nm?", "allow_unusual: [radius_nm] to systems.sic_dimers")
def case_config_radius_in_metres_in_a_nm_key(_):  # issue 20: passed the parse, figures drew 1e-66 W/K
    _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(radius_nm=100e-9))


@CASES.case(study.ConfigError, "systems.sic_dimers.radius_nm: 0.1 nm", "did you mean 0.1 µm = 100 nm?")
def case_config_radius_in_micrometres_in_a_nm_key(_):
    _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(radius_nm=0.1))


@CASES.case(study.ConfigError, "systems.sic_dimers.h_nm: 0.4 nm is outside the range of a length",
            "did you mean 0.4 to 2 µm = 400 to 2000 nm?")
def case_config_swept_length_in_micrometres_in_a_nm_key(_):
    _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(h_nm=[0.4, 2]))


@CASES.case(study.ConfigError, "systems.insb_rings.omega_rad_s: 0.1 to 0.13 rad/s",
            "did you mean 0.1 to 0.13 eV = 1.51927e+14 to 1.97505e+14 rad/s")
def case_config_frequencies_in_electronvolts(_):  # issue 20: ran silently, G ≈ 1e-64 W/K
    _parse(TEST, lambda c: c["systems"]["insb_rings"].update(omega_rad_s={"start": 0.1, "stop": 0.13, "num": 40}))


@CASES.case(study.ConfigError, "systems.insb_rings.omega_rad_s: 900 to 1000 rad/s",
            "900 to 1000 cm⁻¹ = 1.69529e+14 to 1.88365e+14 rad/s")
def case_config_frequencies_in_wavenumbers(_):
    _parse(TEST, lambda c: c["systems"]["insb_rings"].update(omega_rad_s={"start": 900, "stop": 1000, "num": 40}))


@CASES.case(study.ConfigError, "systems.sic_dimers.omega_rad_s: the grid 1.6e+16 to 1.9e+16 rad/s lies above the "
            "thermal window", "(300 to 350 K", "carry no heat", "allow_unusual: [omega_rad_s]")
def case_config_grid_above_the_thermal_window(_):  # a grid 100x too high: every conductance ≈ 0
    _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(omega_rad_s={"start": 1.6e16, "stop": 1.9e16, "num": 40}))


@CASES.case(study.ConfigError, "systems.insb_rings.B_tesla: -40000 to 40000 T", "|B| ≤ 100 T",
            "-40000 to 40000 G (gauss) = -4 to 4 T")
def case_config_field_in_gauss(_):  # issue 20: ran silently
    _parse(TEST, lambda c: c["systems"]["insb_rings"].update(B_tesla=[-40000, 40000]))


@CASES.case(study.ConfigError, "materials.field_maps.InSb.B_tesla: 50000 T", "0 to 50000 G (gauss) = 0 to 5 T",
            "allow_unusual: [B_tesla] to materials.field_maps.InSb")
def case_config_field_map_in_gauss(_):
    _parse(TEST, lambda c: c["materials"].update(field_maps={"InSb": {
        "B_tesla": {"start": 0, "stop": 50000, "num": 3}, "radius_nm": 100,
        "omega_rad_s": {"start": 1.5e14, "stop": 1.9e14, "num": 10}}}))


@CASES.case(study.ConfigError, "studies.drag.drag.T_hot_K: 350000 K", "did you mean 350000 mK = 350 K?")
def case_config_temperature_in_millikelvin(_):
    _parse(TEST, lambda c: c["studies"]["drag"]["drag"].update(T_hot_K=350000))


@CASES.case(study.ConfigError, "studies.rings.steady_state.thermostats[0].T_K: 0.3 K", "(1 to 5000 K)",
            "allow_unusual: [T_K] to studies.rings")
def case_config_thermostat_below_a_kelvin(_):
    _parse(TEST, lambda c: c["studies"]["rings"]["steady_state"].update(thermostats=[{"particle": 0, "T_K": 0.3}]))


@CASES.case(study.ConfigError, "systems.sic_dimers.allow_unusual: 'radus_nm' names no key with a range",
            "did you mean 'radius_nm'")
def case_config_insisting_on_a_misspelt_key(_):  # an allow list that names nothing would allow nothing
    _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(radius_nm=0.5, allow_unusual=["radus_nm"]))


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_a_clear_message_and_no_partial_output(name, tmp_path, monkeypatch):
    check(CASES[name], tmp_path, monkeypatch)


def test_what_a_user_insists_on_is_computed():
    """allow_unusual lets a value outside its range through, in its scope or from the top of the config."""
    plan = _parse(TEST, lambda c: c["systems"]["sic_dimers"].update(radius_nm=0.5, h_nm=[400, 2000],
                                                                      allow_unusual=["radius_nm"]))
    assert plan.systems["sic_dimers"].fixed_lengths["radius"] == pytest.approx(0.5e-9)
    plan = _parse(TEST, lambda c: c.update(allow_unusual=["B_tesla"]) or c["systems"]["insb_rings"].update(B_tesla=[150]))
    assert list(plan.systems) == ["insb_rings_B150T", "sic_dimers"]
