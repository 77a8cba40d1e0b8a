"""`snakemake --lint` finds nothing to complain about, for the default and the test config."""

import pytest

from snakemake_runner import REPOSITORY, copy_workflow, snakemake


@pytest.mark.parametrize("configfile", ["config/config.yaml", "config/test/config.yaml"])
def test_lint_reports_nothing(tmp_path, configfile):
    workdir = copy_workflow(tmp_path / "workflow")
    result = snakemake(workdir, "--lint", "--configfile", configfile)
    assert "Congratulations, your workflow is in a good condition!" in result.stdout + result.stderr
    assert "Lints for" not in result.stdout + result.stderr


def test_every_rule_has_a_script_of_its_name_or_no_run():
    rules = (REPOSITORY / "workflow" / "rules").glob("*.smk")
    text = "\n".join(path.read_text() for path in rules)
    for script in (REPOSITORY / "workflow" / "scripts").glob("*.py"):
        assert f"rule {script.stem}:" in text, script.name
        assert f'"../scripts/{script.name}"' in text, script.name
