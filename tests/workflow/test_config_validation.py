"""A bad config is refused when the Snakefile is parsed, before any job, with one short message
that names the key, where it is, and what would be valid."""

import copy
import subprocess
import sys

import numpy as np
import pytest
import yaml

from photodrag import study
from photodrag.study import feedback
from snakemake_runner import REPOSITORY, TEST_CONFIG, copy_workflow, edit_config, snakemake

SCHEMA = REPOSITORY / "config" / "schema.yaml"
BASE = yaml.safe_load((REPOSITORY / TEST_CONFIG).read_text())
GEOMETRIES = yaml.safe_load((REPOSITORY / "config/test/geometries.yaml").read_text())


def parse(config):
    """What the Snakefile does with a config: feedback.prepare, then the Plan."""
    return study.Plan(feedback.prepare(copy.deepcopy(config), [], SCHEMA))


def edited(base, edit):
    config = copy.deepcopy(base)
    edit(config)
    return config


def _set(path, value):
    def edit(config):
        node = config
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def _rename(path, new):
    def edit(config):
        node = config
        for key in path[:-1]:
            node = node[key]
        node[new] = node.pop(path[-1])
    return edit


def _both(*edits):
    def edit(config):
        for one in edits:
            one(config)
    return edit


#: A field swept inside a system (dimension B).
FIELD_SWEEP = {"start": -2, "stop": 2, "num": 5}


def test_any_swept_dimension_can_be_selected_in_config_units():
    plan = parse(edited(GEOMETRIES, _both(_set(["systems", "chain", "B_tesla"], FIELD_SWEEP),
                                          _set(["figures", "chain_matrix", "style", "B_tesla"], [2]),
                                          _set(["figures", "chain_temperatures", "style", "B_tesla"], -2))))
    assert plan.figures["chain_matrix"].style["B_tesla"] == [2]
    line = edited(GEOMETRIES, _both(_set(["systems", "chain", "B_tesla"], FIELD_SWEEP),
                                    _set(["figures", "chain_line"], {"kind": "line", "studies": ["chain"], "caption": "T.",
                                                                     "style": {"variable": "steady_state_temperature",
                                                                               "spacing_nm": 200}})))
    assert "chain_line" in parse(line).figures  # one sweep left once the spacing is selected: no style.x needed


BAD = [
    ("misspelt length key", BASE, _rename(["systems", "sic_dimers", "radius_nm"], "radus_nm"),
     ["systems.sic_dimers", "radius_nm", "radus_nm"]),
    ("misspelt key", BASE, _rename(["systems", "sic_dimers", "omega_chunks"], "omega_chunk"),
     ["systems.sic_dimers", "unknown key 'omega_chunk'", "did you mean 'omega_chunks'"]),
    ("misspelt study key", BASE, _rename(["studies", "drag", "conductance"], "conductence"),
     ["studies.drag", "'conductence'", "did you mean 'conductance'"]),
    ("negative radius", BASE, _set(["systems", "sic_dimers", "radius_nm"], -100), ["systems.sic_dimers.radius_nm"]),
    ("wrong type", BASE, _set(["studies", "drag", "drag", "T_hot_K"], "hot"), ["studies.drag.drag.T_hot_K", "'hot'"]),
    ("unknown material", BASE, _set(["systems", "insb_rings", "materials"], "Unobtainium"),
     ["systems.insb_rings.materials", "Unobtainium"]),
    ("bad spacing", BASE, _set(["systems", "sic_dimers", "h_nm", "spacing"], "logarithmic"),
     ["systems.sic_dimers.h_nm.spacing", "logarithmic", "did you mean 'log'"]),
    ("unknown geometry", BASE, _set(["systems", "sic_dimers", "geometry"], "rowz"),
     ["systems.sic_dimers.geometry", "'rowz'", "did you mean 'rows'"]),
    ("overlap at one sweep point", BASE, _set(["systems", "sic_dimers", "h_nm"], [400, 150, 2000]),
     ["systems.sic_dimers at h_nm = 150", "overlapping", "(0, 2)"]),
    ("thermostat out of range", BASE, _set(["studies", "rings", "steady_state", "thermostats"],
                                           [{"particle": 9, "T_K": 310}]),
     ["studies.rings.steady_state.thermostats", "[9]", "0..3"]),
    ("drive and passive overlap", BASE, _set(["studies", "drag", "drag", "passive"], [1, 3]),
     ["studies.drag.drag", "share particle(s) [1]"]),
    ("study of an unknown system", BASE, _set(["studies", "drag", "system"], "sic_dimer"),
     ["studies.drag.system", "'sic_dimer'", "did you mean 'sic_dimers'"]),
    ("figure of a study without its block", BASE, _set(["figures", "drag", "studies"], ["rings"]),
     ["figures.drag", "'drag' block", "rings_B1T"]),
    ("selection matching nothing", BASE, _set(["figures", "rings", "style", "h_nm"], [500]),
     ["figures.rings.style.h_nm", "[500.0] match no swept value", "400", "2000"]),
    ("selection of an unswept dimension", BASE, _set(["figures", "rings", "style", "d_nm"], [500]),
     ["figures.rings.style.d_nm", "no system of the figure sweeps"]),
    ("pair out of range", BASE, _set(["figures", "rings", "style", "pair"], [0, 9]),
     ["figures.rings.style.pair", "[9]", "0..3"]),
    ("material list one too short", BASE, _set(["systems", "sic_dimers", "materials"], ["SiC", "SiC", "SiC"]),
     ["systems.sic_dimers.materials", "3 materials for the 4 particles"]),
    ("B_tesla repeating a value", BASE, _set(["systems", "insb_rings", "B_tesla"], [0, 5, 0]),
     ["systems.insb_rings.B_tesla", "twice", "B_direction"]),
    ("a coordinate naming no length key", GEOMETRIES, _set(["systems", "pair_gap", "positions_nm"],
                                                           [[0, 0, 0], ["gapp_nm", 0, 0], [0, 0, 400], [300, 0, 400]]),
     ["systems.pair_gap.positions_nm[1][0]", "'gapp_nm'", "did you mean 'gap_nm'"]),
    ("a coordinate naming a key that is not a length", GEOMETRIES,
     _set(["systems", "pair_gap", "positions_nm"], [[0, 0, 0], ["materials", 0, 0], [0, 0, 400], [300, 0, 400]]),
     ["systems.pair_gap.positions_nm"]),
    ("a length key nobody names", GEOMETRIES, _set(["systems", "pair_gap", "gap2_nm"], 300),
     ["systems.pair_gap.gap2_nm", "unknown key"]),
    ("a random cluster that cannot fit", GEOMETRIES, _set(["systems", "cloud", "n"], 500),
     ["systems.cloud", "cannot fit", "enlarge the box"]),
    ("a key of another geometry", GEOMETRIES, _set(["systems", "chain", "per_row"], 2),
     ["systems.chain.per_row", "does not apply to geometry chain"]),
    ("lattice spacing of two lengths", GEOMETRIES, _set(["systems", "lattice", "spacing_nm"], [300, 400]),
     ["systems.lattice.spacing_nm"]),
    ("a CSV without its file", GEOMETRIES, _set(["systems", "from_file", "file"], "config/test/missing.csv"),
     ["systems.from_file.file", "does not exist"]),
    ("a radius list of the wrong length", GEOMETRIES, _set(["systems", "lattice", "radius_nm"], [50, 60]),
     ["systems.lattice.radius_nm", "2 radii for 4 particles", "{values: [...]}"]),
    ("a line figure of a variable nobody computes", GEOMETRIES, _set(["figures", "gap_line", "style", "variable"],
                                                                     "delta_T_pasive"),
     ["figures.gap_line.style.variable", "did you mean 'delta_T_passive'"]),
    ("a Hall study on particles that are not four", GEOMETRIES,
     _set(["studies", "cloud", "hall"], {"hot": 0, "cold": 2, "T_hot_K": 310, "T_cold_K": 300}),
     ["studies.cloud.hall", "four particles", "has 5"]),
    ("a magnetoresistance without a field sweep", GEOMETRIES,
     _set(["studies", "chain", "magnetoresistance"], {"hot": 0, "cold": 3, "T_hot_K": 301, "T_cold_K": 300}),
     ["studies.chain.magnetoresistance", "field swept through 0"]),
    ("relaxation times not starting at 0", GEOMETRIES,
     _set(["studies", "cloud", "relaxation"], {"T0_K": 350, "t_s": [1e-3, 2e-3]}),
     ["studies.cloud.relaxation.t_s", "start at 0"]),
    ("relaxation times not increasing", GEOMETRIES,
     _set(["studies", "cloud", "relaxation"], {"T0_K": 350, "t_s": [0, 2e-3, 1e-3]}),
     ["studies.cloud.relaxation.t_s", "increase"]),
    ("non-positive heat capacities", GEOMETRIES,
     _set(["studies", "cloud", "relaxation"], {"T0_K": 350, "t_s": [0, 1e-3], "heat_capacity_J_K": [1, 1, 1, 1, 0]}),
     ["studies.cloud.relaxation.heat_capacity_J_K"]),
    ("initial temperatures one too few", GEOMETRIES,
     _set(["studies", "cloud", "relaxation"], {"T0_K": [350, 300, 300, 300], "t_s": [0, 1e-3]}),
     ["studies.cloud.relaxation.T0_K", "4 temperatures for 5 particles"]),
    ("a field sweep repeating a value", GEOMETRIES, _set(["systems", "chain", "B_tesla"], {"values": [0, 1, 0]}),
     ["systems.chain.B_tesla", "repeats"]),
    ("a grid too large for any memory", BASE, lambda c: c["systems"]["sic_dimers"]["omega_rad_s"][0].update(num=1e10),
     ["systems.sic_dimers.omega_rad_s", "outside 1..1e+07"]),
    ("a spectrum figure naming studies", GEOMETRIES, _set(["figures", "lattice_spectrum", "studies"], ["lattice"]),
     ["figures.lattice_spectrum.studies", "shows systems"]),
    ("a temperature that was not computed", BASE, _set(["figures", "conductance", "style", "T_K"], 310),
     ["figures.conductance.style.T_K", "[310.0] match no swept value", "[300.0]"]),
    ("a field selected where each field is a study", BASE, _set(["figures", "rings", "style", "B_tesla"], [5]),
     ["figures.rings.style.B_tesla", "no system of the figure sweeps", "name it in studies"]),
    ("a field that was not swept", GEOMETRIES, _both(_set(["systems", "chain", "B_tesla"], FIELD_SWEEP),
                                                     _set(["figures", "chain_matrix", "style", "B_tesla"], 3)),
     ["figures.chain_matrix.style.B_tesla", "[3.0] match no swept value", "-2.0, -1.0, 0.0, 1.0, 2.0"]),
    ("a line varying along two sweeps without style.x", GEOMETRIES,
     _both(_set(["systems", "chain", "B_tesla"], FIELD_SWEEP),
           _set(["figures", "chain_line"], {"kind": "line", "studies": ["chain"], "caption": "T.",
                                            "style": {"variable": "steady_state_temperature"}})),
     ["figures.chain_line.style", "steady_state_temperature", "varies along spacing, B", "style.x"]),
    ("a multipole order of 0", BASE, _set(["systems", "sic_dimers", "multipole_order"], 0),
     ["systems.sic_dimers.multipole_order", "0"]),
    ("a multipole order misspelt", BASE, _set(["systems", "sic_dimers", "multipole_order"], "automatic"),
     ["systems.sic_dimers.multipole_order", "'automatic'"]),
    ("a multipole order that is not an integer", BASE, _set(["systems", "sic_dimers", "multipole_order"], 2.5),
     ["systems.sic_dimers.multipole_order", "2.5"]),
    ("a multipole tolerance of 1", BASE, _both(_set(["systems", "sic_dimers", "multipole_order"], "auto"),
                                               _set(["systems", "sic_dimers", "multipole_tol"], 1)),
     ["systems.sic_dimers.multipole_tol", "1"]),
    ("a multipole tolerance without multipoles", BASE, _set(["systems", "sic_dimers", "multipole_tol"], 1e-2),
     ["systems.sic_dimers.multipole_tol", "multipole_order: auto only"]),
    ("a multipole tolerance with a fixed order", BASE, _both(_set(["systems", "sic_dimers", "multipole_order"], 4),
                                                             _set(["systems", "sic_dimers", "multipole_tol"], 1e-2)),
     ["systems.sic_dimers.multipole_tol", "'auto' only", "multipole_order=4"]),
    ("multipoles with another dipole model", BASE,
     _both(_set(["systems", "sic_dimers", "multipole_order"], "auto"),
           _set(["systems", "sic_dimers", "dipoles"], "electric+magnetic")),
     ["systems.sic_dimers.multipole_order", "polarizability: mie", "polarizability: quasistatic"]),
    ("multipoles above a surface", BASE, _both(_set(["systems", "sic_dimers", "multipole_order"], 2),
                                               _set(["systems", "sic_dimers", "surface"], "SiC"),
                                               _set(["systems", "sic_dimers", "height_nm"], 200)),
     ["systems.sic_dimers.multipole_order", "vacuum", "surface"]),
    ("multipoles beyond dipoles for InSb under a field", BASE, _set(["systems", "insb_rings", "multipole_order"], 2),
     ["systems.insb_rings.multipole_order", "isotropic spheres", "InSb", "multipole_order: 1"]),
    ("multipoles for InSb under one field of a sweep", GEOMETRIES,
     _both(_set(["systems", "chain", "materials"], "InSb"), _set(["systems", "chain", "B_tesla"], {"values": [0, 2]}),
           _set(["systems", "chain", "multipole_order"], "auto")),
     ["systems.chain.multipole_order", "isotropic spheres", "B = [2.0, 0.0, 0.0] T"]),
]


@pytest.mark.parametrize("base, edit, says", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_config_is_refused_with_a_short_message(monkeypatch, base, edit, says):
    monkeypatch.chdir(REPOSITORY)  # the CSV geometry's file is relative to the workflow
    with pytest.raises(study.ConfigError) as error:
        parse(edited(base, edit))
    message = str(error.value)
    for text in says:
        assert text in message, message
    assert len(message.splitlines()) == 1 and len(message) < 400, message


def test_a_field_swept_over_particles_that_ignore_it_is_allowed_with_a_warning():
    config = edited(GEOMETRIES, _set(["systems", "lattice", "B_tesla"], {"start": -1, "stop": 1, "num": 3}))
    plan = parse(config)  # no Python warning (the Snakefile prints the plan's warnings, once)
    assert plan.systems["lattice"].axes["B"].tolist() == [-1.0, 0.0, 1.0]
    assert [w for w in plan.warnings if w.startswith("systems.lattice: FieldIndependenceWarning")
            and "nothing depends on B" in w]


def test_warnings_known_at_parse_time_name_the_system_once():
    """Close pairs (at which sweep point, at how many), radii below 1 nm (insisted on), kR > 1 everywhere."""
    plan = parse(edited(BASE, _set(["systems", "sic_dimers", "h_nm"], [200, 250, 400, 2000])))
    close = [w for w in plan.warnings if "DipoleValidityWarning" in w]
    assert close == [w for w in close if w.startswith("systems.sic_dimers at h_nm = 200: DipoleValidityWarning: 2 "
                                                       "particle pair(s) closer than 3 radii")]
    assert len(close) == 1 and close[0].endswith("(0, 2), (1, 3) (and at 1 more of 4 sweep points)")
    tiny = edited(BASE, lambda c: c["systems"]["sic_dimers"].update(radius_nm=0.5, allow_unusual=["radius_nm"]))
    assert any(w.startswith("systems.sic_dimers: ParticleSizeWarning: particles [0, 1, 2, 3] have radii below 1e-09 m")
               for w in parse(tiny).warnings)
    large = edited(BASE, lambda c: c["systems"]["sic_dimers"].update(radius_nm=30000, d_nm=80000, h_nm=[80000]))
    assert any("ParticleSizeWarning" in w and "kR > 1 at every frequency" in w for w in parse(large).warnings)


def test_numbers_written_with_an_exponent_are_numbers():
    config = edited(BASE, _set(["materials", "omega_rad_s", "start"], "1e14"))  # what YAML 1.1 makes of 1e14
    config["figures"]["drag"]["caption"] = "1e14"  # free text stays text
    prepared = feedback.prepare(config, [], SCHEMA)
    assert prepared["materials"]["omega_rad_s"]["start"] == 1e14
    assert prepared["figures"]["drag"]["caption"] == "1e14"


def test_a_key_given_twice_is_an_error(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text("systems:\n  a:\n    radius_nm: 100\n    d_nm: 400\n    radius_nm: 50\n")
    with pytest.raises(study.ConfigError, match=r"twice.yaml: line 5: key 'radius_nm' is given twice \(first on line 3\)"):
        feedback.check_file(path)


def test_the_snakefile_stops_before_any_job_with_the_message(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    edit_config(workdir, _rename(["systems", "sic_dimers", "omega_chunks"], "omega_chunk"))
    result = snakemake(workdir, "--cores", "1", check=False)
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "ConfigError" in message and "unknown key 'omega_chunk' (did you mean 'omega_chunks'?)" in message
    assert len(message.splitlines()) < 10, message
    assert "Traceback" not in message and 'File "' not in message, message  # the one line, no traceback after it
    assert not (workdir / "results").exists()


def test_a_yaml_syntax_error_names_the_file_and_the_line(tmp_path):
    """In the default config (read by the Snakefile); in a --configfile Snakemake reads the file first and names
    no line, which `python -m photodrag check` does."""
    workdir = copy_workflow(tmp_path / "workflow")
    path = workdir / "config/config.yaml"
    lines = path.read_text().splitlines()
    number = next(k for k, line in enumerate(lines) if line.strip().startswith("d_nm:")) + 1
    lines[number - 1] += " : ]"
    path.write_text("\n".join(lines) + "\n")
    result = subprocess.run([sys.executable, "-m", "snakemake", "--dry-run"], cwd=workdir, capture_output=True,
                            text=True, timeout=300)
    message = result.stdout + result.stderr
    assert result.returncode != 0 and f"config/config.yaml, line {number}, column" in message, message
    assert "not valid YAML" in message and "Traceback" not in message and len(message.splitlines()) < 10, message
    checked = subprocess.run([sys.executable, "-m", "photodrag", "check", "config/config.yaml"], cwd=workdir,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 1 and f"config/config.yaml, line {number}, column" in checked.stderr


def test_warnings_known_at_parse_time_are_printed_once_by_the_snakefile(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    edit_config(workdir, _set(["systems", "sic_dimers", "h_nm"], [200, 400, 2000]))
    result = snakemake(workdir, "--dry-run")
    lines = [line for line in result.stderr.splitlines() if line.startswith("photodrag warning:")]
    assert len(lines) == 1 and "systems.sic_dimers at h_nm = 200: DipoleValidityWarning" in lines[0], result.stderr


def test_a_repeated_key_in_a_config_file_stops_the_snakefile(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    path = workdir / TEST_CONFIG
    path.write_text(path.read_text().replace("  sic_dimers:\n", "  sic_dimers:\n    omega_chunks: 3\n", 1))
    result = snakemake(workdir, "--cores", "1", check=False)
    assert result.returncode != 0 and "'omega_chunks' is given twice" in result.stdout + result.stderr


def test_the_shipped_configs_are_valid_and_plan_every_stage(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    for configfile in ("config/config.yaml", TEST_CONFIG, "config/test/geometries.yaml"):
        result = snakemake(workdir, "--dry-run", config=configfile)
        for rule in ("material_table", "spectra_chunk", "spectra", "thermal", "figure"):
            assert f"rule {rule}:" in result.stdout, (configfile, rule)


def _in_um(value):
    """A length value of a config written in µm: numbers / 1000, a range's start and stop too, names of _nm keys
    renamed to _um (num, spacing and texts other than length names kept)."""
    if isinstance(value, dict):
        return {k: (v if k in ("num", "spacing") else _in_um(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_in_um(v) for v in value]
    if isinstance(value, str):
        return value[:-3] + "_um" if value.endswith("_nm") else value
    return value / 1000


def _all_in_um(config):
    systems = {}
    for name, entry in config["systems"].items():
        systems[name] = {(k[:-3] + "_um" if k.endswith("_nm") else k): (_in_um(v) if k.endswith("_nm") else v)
                         for k, v in entry.items()}
    return {**config, "systems": systems, "figures": {}}


@pytest.mark.parametrize("base", [BASE, GEOMETRIES], ids=["test", "geometries"])
def test_every_length_may_be_written_in_micrometres(monkeypatch, base):
    """radius_um, spacing_um (swept), box_um, positions_um, a per-particle radius list, lengths of one's own:
    each system parsed from _um keys places the same particles at the same sweep points as from _nm keys."""
    monkeypatch.chdir(REPOSITORY)
    nm, um = parse({**base, "figures": {}}), parse(_all_in_um(base))
    assert set(nm.systems) == set(um.systems)
    for name, system in nm.systems.items():
        other = um.systems[name]
        assert list(system.axes) == list(other.axes), name
        for a, b in zip(system.axes.values(), other.axes.values()):
            np.testing.assert_allclose(a, b, rtol=1e-12)
        for point, twin in zip(system.points(), other.points()):
            for x, y in zip(system.layout(point), other.layout(twin)):
                np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-18)
