"""`snakemake --lint` finds nothing to complain about, for the default and the test config."""

import re
import subprocess
import sys

import pytest

from snakemake_runner import REPOSITORY, copy_workflow, snakemake


@pytest.mark.parametrize("configfile", ["config/config.yaml", "config/test/config.yaml", "config/test/geometries.yaml"])
def test_lint_reports_nothing(tmp_path, configfile):
    workdir = copy_workflow(tmp_path / "workflow")
    result = snakemake(workdir, "--lint", config=configfile)
    assert "Congratulations, your workflow is in a good condition!" in result.stdout + result.stderr
    assert "Lints for" not in result.stdout + result.stderr


def test_rule_files_are_formatted_with_snakefmt():
    files = [REPOSITORY / "Snakefile", *sorted((REPOSITORY / "workflow" / "rules").glob("*.smk"))]
    result = subprocess.run([sys.executable, "-m", "snakefmt", "--check", *map(str, files)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_rule_has_a_script_of_its_name_or_no_run():
    rules = (REPOSITORY / "workflow" / "rules").glob("*.smk")
    text = "\n".join(path.read_text() for path in rules)
    for script in (REPOSITORY / "workflow" / "scripts").glob("*.py"):
        assert f"rule {script.stem}:" in text, script.name
        assert f'"../scripts/{script.name}"' in text, script.name


def test_slurm_profile_gives_resources_per_rule(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    result = snakemake(workdir, "--dry-run", "--workflow-profile", "workflow/profiles/slurm")
    resources = {}
    for block in re.split(r"\n(?=\[)", result.stdout):
        rule = re.search(r"^(?:local)?rule (\w+):", block, flags=re.MULTILINE)
        line = re.search(r"^\s+resources: (.*)$", block, flags=re.MULTILINE)
        if rule and line:
            resources[rule.group(1)] = line.group(1)
    assert "mem_mb=16000" in resources["spectra_chunk"] and "runtime=240" in resources["spectra_chunk"]
    assert "mem_mb=4000" in resources["figure"] and "runtime=10" in resources["figure"]
    assert "mem_mb=8000" in resources["thermal"]
