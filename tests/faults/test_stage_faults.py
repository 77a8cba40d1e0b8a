"""Fault corpus, stages that trust their inputs (issue 22, class 5).

Every result file a job reads must store the spec the plan gives it (photodrag.study.origin): a
spectra file replaced by another field's, a file from another config of the same system, a
chunk of another system, a thermal file copied from another study are refused naming what the
file holds and what the job needs. The archive verifies every file before packing it, and
stores the inputs its systems read under safe relative names, with config.json rewritten to
read them there, so that it reruns by itself and never reads the live file.
"""

import copy
import functools
import json
import tarfile
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml

from faults import Registry, check
from photodrag import io, study
from photodrag.study import feedback, origin

REPOSITORY = Path(__file__).resolve().parents[2]
CASES = Registry()
RECOMPUTE = "snakemake --cores 1 results/"


@functools.cache
def plan(edit=None) -> study.Plan:
    config = yaml.safe_load((REPOSITORY / "config/test/config.yaml").read_text())
    if edit is not None:
        edit(config)
    return study.Plan(feedback.prepare(copy.deepcopy(config), [], REPOSITORY / "config/schema.yaml"))


def _file(path: str, config, **values) -> str:
    """A small result file at ``path`` that stores ``config`` (what the rule that makes it would store)."""
    data = values or {"x": ("n", np.arange(3.0), {"units": "1", "long_name": "x"})}
    io.write_netcdf(xr.Dataset(data), path, title="a result of the fault corpus", config=config)
    return path


def _read(path: str):
    """What a job does with its input: photodrag.study.origin.read, against the plan."""
    return origin.read(path, origin.expected(plan()))


def _larger_dimers(config):
    config["systems"]["sic_dimers"]["radius_nm"] = 120


@CASES.case(io.CorruptFileError, "results/spectra/insb_rings_B1T.nc: it holds 'insb_rings_B5T' (B_tesla 5)",
            "this job needs 'insb_rings_B1T' (B_tesla 1)", "was replaced", RECOMPUTE)
def case_spectra_replaced_by_another_fields(_):  # issue 22: used by the thermal stage without a word
    _read(_file("results/spectra/insb_rings_B1T.nc", plan().systems["insb_rings_B5T"].plain()))


@CASES.case(io.CorruptFileError, "results/spectra/sic_dimers.nc: it was made from another config of 'sic_dimers'",
            "differ in config.radius_nm", "copied from another run or made before the config changed")
def case_spectra_from_another_config_of_the_same_system(_):
    _read(_file("results/spectra/sic_dimers.nc", plan(_larger_dimers).systems["sic_dimers"].plain()))


@CASES.case(io.CorruptFileError, "omega-1-of-2.nc: it holds 'insb_rings_B1T'", "needs 'sic_dimers'")
def case_chunk_of_another_system_handed_to_the_merge(_):
    _read(_file("results/spectra/chunks/sic_dimers/omega-1-of-2.nc", plan().systems["insb_rings_B1T"].plain()))


@CASES.case(io.CorruptFileError, "results/thermal/drag.nc: it holds 'rings_B1T' (study of system 'insb_rings_B1T')",
            "needs 'drag' (study of system 'sic_dimers')")
def case_figure_input_replaced_by_another_studys(_):
    figure = plan().figures["drag"]
    _file("results/thermal/drag.nc", plan().studies["rings_B1T"].plain())
    study.figures.render(figure.plain(), ["drag.png", "drag.pdf"], origin.expected(plan()))


@CASES.case(io.CorruptFileError, "results/materials/SiC.nc: it stores no config", "needs 'SiC'")
def case_result_without_its_config(_):
    _read(_file("results/materials/SiC.nc", None))


@CASES.case(io.CorruptFileError, "results/materials/field_maps/InSb.nc: it was made from another config",
            "differ in radius_nm")
def case_field_map_from_another_radius(_):
    entry = dict(plan().field_maps["InSb"], radius_nm=50)
    _read(_file("results/materials/field_maps/InSb.nc", entry))


def _archive(files: dict, config=None):
    study.archive.write("results/archive/drag.tar.gz", files, config or plan().archive_config("drag"), name="drag",
                        inputs=origin.expected(plan()))


@CASES.case(io.CorruptFileError, "results/thermal/drag.nc: its content is not what photodrag wrote",
            "values changed in ['x']", outputs=["results/archive/drag.tar.gz"])
def case_archive_of_a_file_whose_digest_is_wrong(_):  # issue 22: packed, and SHA256SUMS vouched for it
    import netCDF4

    path = _file("results/thermal/drag.nc", plan().studies["drag"].plain())
    with netCDF4.Dataset(path, "a") as raw:
        raw["x"][1] = 7.0
    _archive({"thermal/drag.nc": path})


@CASES.case(io.CorruptFileError, "results/thermal/drag.nc: it was made from another config of 'drag'",
            outputs=["results/archive/drag.tar.gz"])
def case_archive_of_a_thermal_file_from_another_run(_):
    other = copy.deepcopy(plan().studies["drag"].plain())
    other["config"]["drag"]["T_hot_K"] = 360.0
    _archive({"thermal/drag.nc": _file("results/thermal/drag.nc", other)})


@CASES.case(FileNotFoundError, "no such result file: results/spectra/sic_dimers.nc", outputs=["results/archive/drag.tar.gz"])
def case_archive_of_a_missing_file(_):
    _archive({"spectra/sic_dimers.nc": "results/spectra/sic_dimers.nc"})


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_a_clear_message_and_no_partial_output(name, tmp_path, monkeypatch):
    check(CASES[name], tmp_path, monkeypatch)


def test_the_files_the_plan_expects_are_read(tmp_path, monkeypatch):
    """What the guards let through: a file that stores its spec is read as it was written."""
    monkeypatch.chdir(tmp_path)
    path = _file("results/spectra/insb_rings_B5T.nc", plan().systems["insb_rings_B5T"].plain())
    assert _read(path)["x"].values.tolist() == [0.0, 1.0, 2.0]


def _csv_config(config, file):
    config["systems"]["from_file"] = {"geometry": "csv", "file": file, "materials": "SiC", "B_tesla": None,
                                      "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 10}}
    config["studies"] = {"from_file": {"system": "from_file", "conductance": {"T_K": 300}}}
    config["figures"] = {}


def test_an_archive_stores_outside_inputs_under_safe_names_and_reads_them_there(tmp_path, monkeypatch):
    """A CSV named by an absolute path and one by a '..' path: packed under inputs/external/, no member outside
    the archive's directory, config.json reading the archived copies (issue 22: the rerun read the live file)."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    csv = "x_nm,y_nm,z_nm,radius_nm\n0,0,0,100\n0,0,400,100\n"
    (tmp_path / "outside.csv").write_text(csv)
    for file, expected in ((str(tmp_path / "outside.csv"), "external/outside.csv"), ("../outside.csv",
                                                                                       "external/outside.csv")):
        config = yaml.safe_load((REPOSITORY / "config/test/config.yaml").read_text())
        _csv_config(config, file)
        here = study.Plan(feedback.prepare(config, [], REPOSITORY / "config/schema.yaml"))
        files = {name: source for name, source in here.archive_files("from_file").items() if name.startswith("inputs/")}
        files["thermal/from_file.nc"] = _file("results/thermal/from_file.nc", here.studies["from_file"].plain())
        study.archive.write("drag.tar.gz", files, here.archive_config("from_file"), name="from_file",
                            inputs=origin.expected(here))
        with tarfile.open("drag.tar.gz") as tar:
            names = tar.getnames()
            assert all(n.startswith("from_file/") and ".." not in n.split("/") for n in names), names
            assert f"from_file/inputs/{expected}" in names
            archived = json.loads(tar.extractfile("from_file/config.json").read())
            rerun = tar.extractfile("from_file/RERUN.md").read().decode()
        assert archived["systems"]["from_file"]["file"] == expected
        assert f"The run read `{file}`" in rerun and "cp -r from_file/inputs/. ." in rerun
