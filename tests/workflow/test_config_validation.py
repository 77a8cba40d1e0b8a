"""A bad config is refused when the Snakefile is parsed, before any job, naming the key."""

import pytest

from snakemake_runner import copy_workflow, edit_config, snakemake


def _misspelt(config):
    system = config["systems"]["sic_dimers"]
    system["radus_nm"] = system.pop("radius_nm")


def _negative_radius(config):
    config["systems"]["sic_dimers"]["radius_nm"] = -100


def _wrong_type(config):
    config["studies"]["drag"]["drag"]["T_hot_K"] = "hot"


def _unknown_material(config):
    config["systems"]["insb_rings"]["materials"] = "Unobtainium"


def _bad_spacing(config):
    config["systems"]["sic_dimers"]["h_nm"]["spacing"] = "logarithmic"


def _exponent_read_as_text(config):
    config["materials"]["omega_rad_s"]["start"] = "1.0e14"  # what YAML 1.1 makes of 1.0e14


@pytest.mark.parametrize(
    "edit, key, says",
    [
        (_misspelt, "['systems']['sic_dimers']", "'radus_nm' was unexpected"),
        (_negative_radius, "['systems']['sic_dimers']['radius_nm']", "-100"),
        (_wrong_type, "['studies']['drag']['drag']['T_hot_K']", "'hot'"),
        (_unknown_material, "['systems']['insb_rings']['materials']", "Unobtainium"),
        (_bad_spacing, "['systems']['sic_dimers']['h_nm']", "logarithmic"),
        (_exponent_read_as_text, "['materials']['omega_rad_s']['start']", "is not of type 'number'"),
    ],
    ids=["misspelt key", "negative radius", "wrong type", "unknown material", "bad spacing", "exponent as text"],
)
def test_bad_config_is_refused_before_any_job(tmp_path, edit, key, says):
    workdir = copy_workflow(tmp_path / "workflow")
    edit_config(workdir, edit)
    result = snakemake(workdir, "--cores", "1", check=False)
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Error validating config file" in message
    assert f"On instance{key}" in message
    assert says in message
    assert not (workdir / "results").exists()


def test_study_of_an_unknown_system_is_refused(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    edit_config(workdir, lambda config: config["studies"]["drag"].update(system="no_such_system"))
    result = snakemake(workdir, "--cores", "1", check=False)
    assert result.returncode != 0
    assert "study 'drag' refers to system 'no_such_system'" in result.stdout + result.stderr
    assert not (workdir / "results").exists()


def test_figure_of_a_study_without_its_block_is_refused(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    edit_config(workdir, lambda config: config["figures"]["drag"].update(studies=["rings"]))
    result = snakemake(workdir, "--cores", "1", check=False)
    assert result.returncode != 0
    assert "figure 'drag' of kind 'drag' shows study 'rings', which has no 'drag' block" in result.stdout + result.stderr
    assert not (workdir / "results").exists()


def test_the_shipped_configs_are_valid_and_plan_every_stage(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    for configfile in ("config/config.yaml", "config/test/config.yaml"):
        result = snakemake(workdir, "--dry-run", "--configfile", configfile)
        for rule in ("material_table", "spectra_chunk", "spectra", "thermal", "figure"):
            assert f"rule {rule}:" in result.stdout, (configfile, rule)
