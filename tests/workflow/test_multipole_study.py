"""Exact multipoles in the workflow: the system keys multipole_order and multipole_tol parsed and handed to
photodrag.System, carried through the spectra (chunked and merged) to the thermal files, and drawn without the
dipole model's too-close band, the notes naming the order used."""

import json

import numpy as np
import pytest
import yaml
from matplotlib.figure import Figure

from photodrag import io, plots, study
from photodrag.plots import facts
from photodrag.plots.curves import Curve
from photodrag.plots import style as look
from snakemake_runner import copy_workflow, snakemake

#: Two spheres 2.5R apart, centre to centre (a gap of R/2, where the dipoles are not valid), and 4R and 8R.
PAIR = {
    "geometry": "positions", "positions_nm": [[0, 0, 0], [0, 0, "h_nm"]], "h_nm": {"values": [250, 400, 800]},
    "radius_nm": 100, "materials": ["SiC", "Au"], "multipole_order": "auto", "multipole_tol": 1e-2,
    "omega_rad_s": {"start": 1.70e14, "stop": 1.80e14, "num": 6},
}
CONFIG = {
    "systems": {"exact": PAIR},
    "studies": {"exact": {"system": "exact", "conductance": {"T_K": 300}}},
}


def _plan(**keys):
    system = {**PAIR, **keys}
    return study.Plan({"systems": {"exact": {k: v for k, v in system.items() if v is not None}}, "studies": {}})


def test_the_keys_reach_photodrag_system():
    system = study.Plan(CONFIG).systems["exact"]
    built = system.system({"h": 250e-9})
    assert (built.multipole_order, built.multipole_tol) == ("auto", 0.01) and built.uses_multipoles
    assert (built.dipoles, built.polarizability) == ("electric+magnetic", "mie")  # the multipoles' own l = 1
    fixed = _plan(multipole_order=3, multipole_tol=None).systems["exact"].system({"h": 400e-9})
    assert (fixed.multipole_order, fixed.multipole_tol) == (3, None)
    default = _plan(multipole_order="auto", multipole_tol=None).systems["exact"].system({"h": 400e-9})
    assert default.multipole_tol == 1e-3
    with pytest.warns(Warning, match="closer than 3 radii"):  # without the keys: the paper's dipoles, and a warning
        dipoles = _plan(multipole_order=None, multipole_tol=None).systems["exact"].system({"h": 250e-9})
    assert dipoles.multipole_order is None and dipoles.dipoles == "electric"
    assert not [w for w in study.Plan(CONFIG).warnings if "DipoleValidityWarning" in w]  # exact at 2.5R


@pytest.mark.parametrize("keys, message", [
    ({"multipole_order": 0}, r"systems.exact.multipole_order: multipole_order must be an integer L ≥ 1"),
    ({"multipole_order": True}, r"systems.exact.multipole_order: .*got True"),
    ({"multipole_order": "Auto"}, r"systems.exact.multipole_order: unknown multipole_order='Auto'"),
    ({"multipole_order": 2}, r"systems.exact.multipole_tol: multipole_tol applies to multipole_order='auto' only"),
    ({"multipole_tol": 0.0}, r"systems.exact.multipole_tol: multipole_tol must be a relative tolerance"),
    ({"multipole_order": None}, r"systems.exact.multipole_tol: applies to multipole_order: auto only"),
])
def test_bad_values_are_refused_by_the_parse_in_one_line(keys, message):
    """What the schema refuses in the Snakefile, the parse refuses too (photodrag.study.Plan used from Python)."""
    with pytest.raises(study.ConfigError, match=message) as error:
        _plan(**keys)
    assert len(str(error.value).splitlines()) == 1


@pytest.fixture(scope="module")
def files():
    """The spectra (two ω chunks, merged) and the thermal file of CONFIG, as the workflow's jobs make them."""
    plan = study.Plan(CONFIG)
    system = plan.systems["exact"]
    spectra = study.spectra.merge_chunks([study.spectra.chunk(system, k, 2, 1 << 28) for k in range(2)])
    return spectra, study.thermal.thermal(spectra, plan.studies["exact"])


def test_spectra_and_thermal_files_record_the_order(files):
    spectra, thermal = files
    assert spectra["multipole_order_used"].dims == ("h", "omega")
    highest = int(spectra["multipole_order_used"].max())
    # each point and chunk summed itself up; the merged file sums up all of them
    assert spectra.attrs["multipole_order_max_used"] == highest >= 5
    assert spectra.attrs["multipole_converged"] == 1 and spectra.attrs["multipole_relative_error_estimate"] <= 1e-2
    for key in ("multipole_order", "multipole_tol", "multipole_order_max_used", "multipole_converged",
                "multipole_relative_error_estimate"):
        assert thermal.attrs[key] == spectra.attrs[key], key
    per_point = thermal["multipole_order_max"]
    assert per_point.dims == ("h",) and per_point.values[0] == highest and np.all(np.diff(per_point.values) <= 0)


def test_the_notes_name_the_order_and_the_band_is_for_dipoles_only(files):
    _, thermal = files
    assert not facts.dipole_model(thermal) and facts.model_text(thermal).startswith("exact multipoles (auto, L \u2264")
    note = facts.order_note("exact", thermal)
    assert "auto: L up to" in note and "tolerance 0.01" in note and "at h = 250 nm" in note
    dipoles = thermal.copy()
    dipoles.attrs = {k: v for k, v in thermal.attrs.items() if not k.startswith("multipole")}
    assert facts.dipole_model(dipoles) and facts.order_note("dipoles", dipoles) == ""
    curve = Curve("exact", thermal["h"].values / 1e-9, np.ones(3))
    for datasets, band in (({"exact": thermal}, False), ({"exact": dipoles}, True)):
        axes, lines = Figure().add_subplot(), []
        look.shade_too_close(axes, [curve], datasets, "h", lines)
        assert bool(axes.patches) == band  # the 2.5R point is closer than 3R
        assert any("auto: L up to" in line for line in lines) != band
    axes = Figure().add_subplot()
    mixed = [curve, Curve("dipoles", curve.x, curve.y)]
    look.shade_too_close(axes, mixed, {"exact": thermal, "dipoles": dipoles}, "h")
    assert [p.get_label() for p in axes.patches] == ["some pair closer than 3R: dipole models not valid"]


def test_a_figure_of_exact_multipoles_has_no_band(files):
    _, thermal = files
    figure = plots.draw("conductance", {"exact": thermal}, {"width_in": 7.5, "height_in": 5.0, "dpi": 60})
    axes = figure.axes[0]
    assert not axes.patches
    notes = "\n".join(t.get_text() for ax in figure.axes for t in ax.texts).replace("\n", " ")
    assert "auto: L up to" in notes


def test_a_figure_of_both_models_follows_each_pair_from_one_to_the_other(files):
    """Conductances of a dipole model's file and an exact one: colour by pair, line style by model, each in the
    legend once; the band for the dipoles only."""
    _, thermal = files
    dipoles = thermal.copy()
    dipoles.attrs = {**{k: v for k, v in thermal.attrs.items() if not k.startswith("multipole")},
                     "dipoles": "electric+magnetic", "polarizability": "mie"}
    figure = plots.draw("conductance", {"dipoles": dipoles, "exact": thermal},
                        {"width_in": 7.5, "height_in": 5.0, "dpi": 60})
    axes = figure.axes[0]
    drawn = [line for line in axes.get_lines() if len(line.get_xdata())]
    assert len(drawn) == 2 and drawn[0].get_color() == drawn[1].get_color()  # one pair, two models
    assert drawn[0].get_linestyle() != drawn[1].get_linestyle()
    labels = [text.get_text() for text in axes.get_legend().get_texts()]
    assert f"exact multipoles (auto, L \u2264 {thermal.attrs['multipole_order_max_used']})" in labels
    assert "electric+magnetic dipoles, mie polarizability" in labels
    assert "$G_{01}$ (SiC\u2013Au)" in labels and "some pair closer than 3R: dipole models not valid" in labels


@pytest.mark.slow
def test_a_multipole_study_runs_through_the_workflow(tmp_path):
    """Snakemake end to end: spectra, thermal file and figure of exact spheres at L = 2; the order in both files."""
    workdir = copy_workflow(tmp_path / "workflow")
    config = {"resources": {"spectra": {"threads": 1, "mem_mb": 500, "runtime_min": 10}},
              "materials": {"omega_rad_s": {"start": 1.0e14, "stop": 2.5e14, "num": 20}},
              "systems": {"exact": {**{k: v for k, v in PAIR.items() if k != "multipole_tol"}, "multipole_order": 2,
                                    "h_nm": {"values": [250, 800]}}},
              "studies": {"exact": {"system": "exact", "conductance": {"T_K": 300}}},
              "figures": {"exact": {"kind": "conductance", "studies": ["exact"], "caption": "Exact spheres at L = 2.",
                                    "style": {"width_in": 6.0, "height_in": 4.0, "dpi": 60}}}}
    (workdir / "config" / "multipole.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    snakemake(workdir, "--cores", "2", config="config/multipole.yaml")
    spectra = io.read_netcdf(workdir / "results/spectra/exact.nc")
    thermal = io.read_netcdf(workdir / "results/thermal/exact.nc")
    assert spectra.attrs["multipole_order"] == thermal.attrs["multipole_order"] == 2
    assert json.loads(spectra.attrs["config"])["config"]["multipole_order"] == 2  # the spec the file was made from
    assert "multipole_order_used" not in spectra and facts.order_note("exact", thermal).startswith(
        "exact: exact multipoles (docs/theory.md) to order L = 2")
    assert (workdir / "results/figures/exact.png").stat().st_size > 0
