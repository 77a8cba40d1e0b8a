"""Fault corpus, Python API (issue 14): bad grids, weights, materials, systems and calls.

Every case is refused with a message naming the key, particle, value or file and what would
be valid (or, for a size the dipole model cannot describe, warned about), and leaves no
partial output. The cases marked "issue 14" were accepted silently or failed unclearly before.
"""

import copy
import functools

import numpy as np
import pytest
import yaml

import photodrag
from faults import Registry, check
from photodrag import grid, study
from photodrag.materials import Drude, Lorentz, MagnetoOptical, Material, Tabulated
from photodrag.materials.base import isotropic
from photodrag.study import feedback

R = 100e-9
DIMER = [[0, 0, 0], [0, 0, 4 * R]]
OMEGA = np.linspace(1.6e14, 1.9e14, 301)
REPOSITORY = __import__("pathlib").Path(__file__).resolve().parents[2]

CASES = Registry()


@functools.cache
def system():
    return photodrag.System(DIMER, R, "SiC")


@functools.cache
def trapezoid():
    """Spectra on an explicit grid, integrated with the trapezoid rule."""
    return photodrag.spectra(system(), OMEGA)


@functools.cache
def stored():
    """Spectra with stored weights (the workflow's files): Simpson's rule on OMEGA."""
    h = OMEGA[1] - OMEGA[0]
    weights = np.full(OMEGA.size, 2 * h / 3)
    weights[1:-1:2] = 4 * h / 3
    weights[[0, -1]] = h / 3
    return photodrag.spectra(system(), OMEGA, quadrature_weight=weights)


# --- ω grids handed to photodrag.spectra -------------------------------------------------------

@CASES.case(ValueError, "omega must be strictly increasing", "omega[1]", "is below", "np.unique")
def case_spectra_on_a_descending_grid(_):  # issue 14: G = −5.9e-13 W/K instead of +5.9e-13
    photodrag.spectra(system(), OMEGA[::-1])


@CASES.case(ValueError, "omega must be strictly increasing", "is below")
def case_spectra_on_a_shuffled_grid(_):  # issue 14: G = −2.3e-11 W/K
    photodrag.spectra(system(), np.random.default_rng(1).permutation(OMEGA))


@CASES.case(ValueError, "omega must be strictly increasing", "omega[3] = 1.602e+14 repeats")
def case_spectra_on_a_grid_with_a_repeated_frequency(_):
    photodrag.spectra(system(), np.insert(OMEGA, 3, OMEGA[2]))


@CASES.case(ValueError, "omega must be an array of angular frequencies in rad/s", "'fast'")
def case_spectra_on_text(_):
    photodrag.spectra(system(), "fast")


@CASES.case(ValueError, "omega must be positive (rad/s)", "-1e+14")
def case_spectra_at_a_negative_frequency(_):
    photodrag.spectra(system(), [-1e14, 1e14])


@CASES.case(ValueError, "quadrature_weight has shape (300,), but the ω grid has (301,)")
def case_weights_one_too_short(_):
    photodrag.spectra(system(), OMEGA, quadrature_weight=np.ones(300))


@CASES.case(ValueError, "quadrature_weight must be positive (rad/s)", "quadrature_weight[0] = -1")
def case_negative_weight(_):
    photodrag.spectra(system(), OMEGA, quadrature_weight=np.r_[-1.0, np.ones(300)])


@CASES.case(ValueError, "quadrature_weight does not belong to this ω grid", "add up to 301 rad/s")
def case_weights_of_another_grid(_):
    photodrag.spectra(system(), OMEGA, quadrature_weight=np.ones(OMEGA.size))


@CASES.case(ValueError, "panel edges must be strictly increasing", "np.unique(edges)")
def case_unsorted_panel_edges(_):
    grid.gauss_kronrod_panels([1e14, 3e14, 2e14])


# --- spectra datasets integrated (photodrag.conductance & co) ----------------------------------

@CASES.case(ValueError, "the spectra's omega must be strictly increasing", 'spectra.sortby("omega")')
def case_conductance_of_reversed_spectra(_):
    photodrag.conductance(trapezoid().isel(omega=slice(None, None, -1)), 300.0)


@CASES.case(ValueError, "the spectra's omega must be strictly increasing")
def case_drag_of_shuffled_spectra(_):
    order = np.random.default_rng(2).permutation(OMEGA.size)
    photodrag.steady_state(stored().isel(omega=order), {0: 350.0, 1: 300.0})


@CASES.case(ValueError, "quadrature_weight does not belong to this ω grid", "slice(None, None, 2)")
def case_conductance_of_thinned_spectra(_):  # issue 14: G came out half the true value
    photodrag.conductance(stored().isel(omega=slice(None, None, 2)), 300.0)


@CASES.case(ValueError, "quadrature_weight does not belong to this ω grid")
def case_steady_state_of_thinned_spectra(_):
    photodrag.steady_state(stored().isel(omega=slice(None, None, 2)), {0: 350.0, 1: 300.0})


@CASES.case(ValueError, "quadrature_weight does not belong to this ω grid")
def case_conductance_with_doubled_weights(_):
    spec = stored().copy()
    spec["quadrature_weight"] = spec["quadrature_weight"] * 2
    photodrag.conductance(spec, 300.0)


def _moved(spec, k, factor):
    omega = spec["omega"].values.copy()
    omega[k] *= factor
    return spec.assign_coords(omega=omega)


@CASES.case(ValueError, "the spectra's omega must be strictly increasing", "omega[150]")
def case_conductance_with_one_frequency_moved_by_1_percent(_):  # issue 14 (in memory; on disk: the digests)
    photodrag.conductance(_moved(stored(), 150, 1.01), 300.0)


@CASES.case(ValueError, "quadrature_weight does not belong to this ω grid", "ω[150]")
def case_conductance_with_one_frequency_moved_by_half_a_step(_):  # ordering intact, out of its Simpson cell
    photodrag.conductance(_moved(stored(), 150, 1 + 0.5e11 / OMEGA[150]), 300.0)


@CASES.case(ValueError, "quadrature_weight must have the one dimension omega", "select one sweep point")
def case_conductance_with_swept_weights(_):
    spec = stored().copy()
    spec["quadrature_weight"] = spec["quadrature_weight"].expand_dims(h=[1.0, 2.0])
    photodrag.conductance(spec, 300.0)


@CASES.case(ValueError, "T must be a single temperature in K", "[300, 350]")
def case_conductance_at_a_list_of_temperatures(_):  # issue 14: was a TypeError
    photodrag.conductance(trapezoid(), [300, 350])


@CASES.case(ValueError, "spectra must be the xarray.Dataset that photodrag.spectra returns", "NoneType")
def case_conductance_of_none(_):
    photodrag.conductance(None, 300.0)


@CASES.case(ValueError, "spectra must be the xarray.Dataset that photodrag.spectra returns", "str")
def case_steady_state_of_a_file_name(_):
    photodrag.steady_state("results/spectra/sic_dimers.nc", {0: 350.0})


@CASES.case(ValueError, "fixed must map particle index -> thermostat temperature", "list")
def case_steady_state_with_a_list_of_thermostats(_):
    photodrag.steady_state(trapezoid(), [350.0, 300.0])


@CASES.case(ValueError, "swept along ['h']", "select one sweep point first", "spectra.isel(h=0)")
def case_drag_of_swept_spectra(_):  # issue 14: was an xarray message
    sweep = study.SystemSpec("dimers", "dimers", {
        "geometry": "rows", "per_row": 2, "radius_nm": 100, "d_nm": 400, "h_nm": [400, 800], "materials": "SiC",
        "B_tesla": None, "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 20}})
    photodrag.drag(study.spectra.chunk(sweep, 0, 1, 10**8), drive=[0, 1], passive=[2, 3], T_hot=350.0, T_cold=300.0)


@CASES.case(ValueError, "spectra() takes a photodrag.System, got dict")
def case_spectra_of_a_dict(_):
    photodrag.spectra({"positions": DIMER}, OMEGA)


@CASES.case(ValueError, "adaptive_spectra() takes a photodrag.System, got str")
def case_adaptive_spectra_of_a_name(_):
    grid.adaptive_spectra("SiC")


# --- materials ---------------------------------------------------------------------------------

class Amplifier(Material):
    """A user's model with gain below 1.7e14 rad/s."""

    def _epsilon(self, omega, B):
        return isotropic(4.0 + 1j * (omega - 1.7e14) / 1e14)


class Broken(Material):
    def _epsilon(self, omega, B):
        return isotropic(np.where(omega > 1.75e14, np.nan, 4.0 + 0.1j))


def _table(omega, eps):
    return np.column_stack([omega, eps.real, eps.imag])


@CASES.case(ValueError, "tabulated permittivity 'gain' is not passive", "Im ε = -0.5", "row 1", "exp(+iωt)")
def case_tabulated_gain(_):
    Tabulated(name="gain", omega=[1e14, 2e14], values=[4 - 0.5j, 4 + 0.1j])


@CASES.case(ValueError, "is not passive", "eps_plus_convention.csv", "values.conj()")
def case_tabulated_csv_in_the_exp_plus_iwt_convention(directory):  # issue 14: within 1.3 % of the passive G
    omega = np.linspace(1.4e14, 2.0e14, 200)
    sic = photodrag.material("SiC").epsilon(omega)[:, 0, 0]
    path = directory / "eps_plus_convention.csv"
    np.savetxt(path, _table(omega, sic.conj()), delimiter=",", header="omega_rad_s,eps_real,eps_imag", comments="")
    Tabulated.from_csv(path)


@CASES.case(ValueError, "headerless.csv: the first row", "is data, not a header", "omega_rad_s,eps_real,eps_imag")
def case_tabulated_csv_without_a_header(directory):
    path = directory / "headerless.csv"
    np.savetxt(path, _table(np.array([1e14, 2e14]), np.array([4 + 0.1j, 5 + 0.2j])), delimiter=",")
    Tabulated.from_csv(path)


@CASES.case(ValueError, "two_columns.csv: the columns ['omega_rad_s', 'eps_real']", "eps_imag (Re ε, Im ε) or n, k")
def case_tabulated_csv_with_two_columns(directory):
    path = directory / "two_columns.csv"
    path.write_text("omega_rad_s,eps_real\n1e14,4\n2e14,5\n")
    Tabulated.from_csv(path)


@CASES.case(ValueError, "text.csv, line 3", "'2e14,five,0.1'")
def case_tabulated_csv_with_text_in_a_row(directory):
    path = directory / "text.csv"
    path.write_text("omega_rad_s,eps_real,eps_imag\n1e14,4,0.1\n2e14,five,0.1\n")
    Tabulated.from_csv(path)


@CASES.case(ValueError, "material 'leaky-Au': gamma must be a finite rate ≥ 0 (rad/s)", "-40000000000000.0")
def case_drude_with_negative_damping(_):
    Drude(name="leaky-Au", omega_p=1.371e16, gamma=-4e13)


@CASES.case(ValueError, "material 'SiC-gain': oscillators[0].gamma must be a finite rate ≥ 0")
def case_lorentz_with_negative_damping(_):
    Lorentz.from_lo_to(name="SiC-gain", eps_inf=6.7, omega_L=1.825e14, omega_T=1.494e14, gamma=-0.9e12)


@CASES.case(ValueError, "oscillators[0].strength must be ≥ 0", "omega_L < omega_T")
def case_lorentz_with_lo_and_to_swapped(_):
    Lorentz.from_lo_to(name="swapped", eps_inf=6.7, omega_L=1.494e14, omega_T=1.825e14, gamma=0.9e12)


@CASES.case(ValueError, "material 'InSb-gain': gamma must be a finite rate ≥ 0")
def case_magneto_optical_with_negative_damping(_):
    MagnetoOptical(name="InSb-gain", eps_inf=15.7, omega_L=3.62e13, omega_T=3.39e13, Gamma=5.65e11, gamma=-1e12,
                   carrier_density=1.36e25, effective_mass=7.29e-32)


@CASES.case(ValueError, "material 'amplifier' is not passive", "at ω = 1.6e+14 rad/s", "100 of 301")
def case_spectra_of_a_user_model_with_gain(_):
    photodrag.spectra(photodrag.System(DIMER, R, Amplifier(name="amplifier")), OMEGA)


@CASES.case(ValueError, "material 'broken' gives a non-finite ε at ω = 1.75")
def case_spectra_of_a_model_returning_nan(_):
    photodrag.spectra(photodrag.System(DIMER, R, Broken(name="broken")), OMEGA)


# --- systems -----------------------------------------------------------------------------------

@CASES.case(ValueError, "materials must be a material", "or a list of 2, one per particle; got None")
def case_system_without_materials(_):  # issue 14: was a TypeError
    photodrag.System(DIMER, R, materials=None)


@CASES.case(ValueError, "got 3 materials for 4 particles (positions has 4 rows)")
def case_material_list_one_too_short(_):  # issue 14
    photodrag.System(DIMER + [[0, 4 * R, 0], [0, 4 * R, 4 * R]], R, ["SiC", "Au", "Au"])


@CASES.case(ValueError, "radii must be given in metres")
def case_system_without_radii(_):
    photodrag.System(DIMER, None, "SiC")


@CASES.case(ValueError, "positions must be numbers in metres", "'0,0,0;0,0,4e-7'")
def case_positions_as_text(_):
    photodrag.System("0,0,0;0,0,4e-7", R, "SiC")


@CASES.case(photodrag.ParticleSizeWarning, "kR > 1 at every frequency of the grid", "Lengths are in metres")
def case_lengths_in_nanometres_where_metres_are_meant(_):  # issue 14: kR ≈ 6e7 gave G = 5e-72 W/K silently
    spec = photodrag.spectra(photodrag.System([[0, 0, 0], [0, 0, 400]], 100, "SiC"), OMEGA)
    assert photodrag.conductance(spec, 300.0).values[0, 1] < 1e-60  # the number it gave, now with a warning


@CASES.case(photodrag.ParticleSizeWarning, "particles [0, 1] have radii below 1e-09 m", "smallest 5e-10 m")
def case_radius_below_a_nanometre(_):
    photodrag.System([[0, 0, 0], [0, 0, 2e-9]], 0.5e-9, "SiC")


@CASES.case(ValueError, "the pair distances of N = 1000000 particles needs about", "use fewer particles")
def case_a_million_particles(_):
    photodrag.System(np.arange(3e6).reshape(-1, 3) * 1e-6, 1e-8, "SiC")


@CASES.case(ValueError, "spectra of N = 2 particles at n_omega = 10000000000 frequencies needs about",
            "omega_chunks")
def case_ten_billion_frequencies(_):  # issue 14: died in numpy's allocator
    photodrag.spectra(system(), np.broadcast_to(1.7e14, (10**10,)))


@CASES.case(ValueError, "headerless.csv: the first row", "is data, not a header", "x_nm,y_nm,z_nm")
def case_particle_csv_without_a_header(directory):  # issue 14: its first row was dropped silently
    path = directory / "headerless.csv"
    path.write_text("0,0,0,100,SiC\n400,0,0,100,Au\n")
    photodrag.geometry.from_csv(path)


# --- configs (the parser's messages; the cases, beyond tests/workflow/test_config_validation.py) --

BASE = yaml.safe_load((REPOSITORY / "config/test/config.yaml").read_text())


def _parse(edit):
    config = copy.deepcopy(BASE)
    edit(config)
    return study.Plan(feedback.prepare(config, [], REPOSITORY / "config/schema.yaml"))


@CASES.case(study.ConfigError, "systems.insb_rings.B_tesla", "B_direction")
def case_config_field_written_as_a_vector(_):  # issue 14: became two systems
    _parse(lambda c: c["systems"]["insb_rings"].update(B_tesla=[0, 5, 0]))


@CASES.case(study.ConfigError, "figures.rings.style.pair", "[9]", "0..3")
def case_config_pair_out_of_range(_):  # issue 14: was an IndexError
    _parse(lambda c: c["figures"]["rings"]["style"].update(pair=[0, 9]))


@CASES.case(study.ConfigError, "systems.insb_rings.omega_rad_s: num = 10000000000 is outside 1..1e+07")
def case_config_ten_billion_frequencies(_):  # issue 14: died in numpy's allocator
    plan = _parse(lambda c: c["systems"]["insb_rings"]["omega_rad_s"].update(num=10**10))
    plan.systems["insb_rings_B1T"].omega_grid()  # what the spectra job asks first (the Plan does not, yet)


@CASES.case(study.ConfigError, "systems.sic_dimers.materials", "3 materials for the 4 particles")
def case_config_material_list_one_too_short(_):  # issue 14: did not name the system
    _parse(lambda c: c["systems"]["sic_dimers"].update(materials=["SiC", "SiC", "SiC"]))


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_a_clear_message_and_no_partial_output(name, tmp_path, monkeypatch):
    check(CASES[name], tmp_path, monkeypatch)


def test_what_the_guards_let_through_is_right():
    """The guards refuse only what is wrong: the same spectra, sorted back, integrate as before."""
    G = photodrag.conductance(stored(), 300.0).values
    order = np.random.default_rng(3).permutation(OMEGA.size)
    np.testing.assert_allclose(photodrag.conductance(stored().isel(omega=order).sortby("omega"), 300.0).values, G,
                               rtol=1e-14)
    # a contiguous part keeps its weights (a workflow chunk): the parts add up to the whole
    parts = [stored().isel(omega=slice(a, b)) for a, b in ((0, 120), (120, 301))]
    np.testing.assert_allclose(sum(photodrag.conductance(p, 300.0).values for p in parts), G, rtol=1e-12)
    # without stored weights, thinning is a coarser trapezoid rule: allowed, and close
    thinned = photodrag.conductance(trapezoid().isel(omega=slice(None, None, 2)), 300.0).values
    np.testing.assert_allclose(thinned[0, 1], photodrag.conductance(trapezoid(), 300.0).values[0, 1], rtol=2e-2)
