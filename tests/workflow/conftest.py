"""Fixtures of the workflow tests: a completed run of config/test/config.yaml, made once."""

import pytest

from snakemake_runner import copy_run, copy_workflow, snakemake


@pytest.fixture(scope="session")
def completed_run(tmp_path_factory):
    """A workflow copy on which the test config ran to the end (read-only: copy it to change it)."""
    workdir = copy_workflow(tmp_path_factory.mktemp("completed") / "workflow")
    snakemake(workdir, "--cores", "2")
    return workdir


@pytest.fixture
def run_copy(completed_run, tmp_path):
    """A private copy of the completed run, to edit and re-plan."""
    return copy_run(completed_run, tmp_path / "workflow")
