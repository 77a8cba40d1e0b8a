# photodrag: near-field radiative heat transfer between many nanoparticles.
# `snakemake --cores 8` computes every study of config/config.yaml into results/.
# Stages (workflow/rules, logic in photodrag.study): materials -> spectra (ω chunks, merged)
# -> thermal -> figures; `snakemake --cores 8 archive` bundles each study. README.md says more.

from pathlib import Path

from snakemake.utils import min_version, validate

from photodrag.study import feedback, report as front_page, summary

min_version("9.0")


# The default study, unless --configfile names another: a user's study replaces it
# rather than being merged into it. A config error stops the run with one line (file, line,
# key), no traceback (photodrag.study.feedback).
CONFIG_FILES = [str(f) for f in workflow.overwrite_configfiles] or [
    "config/config.yaml"
]
with feedback.one_line_errors():
    # YAML syntax and repeated keys, naming the file and the line
    for path in CONFIG_FILES:
        feedback.check_file(path)

if not workflow.overwrite_configfiles:

    configfile: "config/config.yaml"


# Short messages for 1e13 read as a number, misspelt keys, values out of their range; then
# Snakemake's own pass fills in the schema's defaults, and the config is parsed once (PLAN).
with feedback.one_line_errors():
    config.update(feedback.prepare(config, CONFIG_FILES, "config/schema.yaml"))
    validate(config, "config/schema.yaml")

    include: "workflow/rules/common.smk"


# What the jobs' model will warn of, printed once, naming the system.
feedback.show_warnings(PLAN.warnings)


FRONT_PAGE = Path(".snakemake/photodrag/report.rst")
FRONT_PAGE.parent.mkdir(parents=True, exist_ok=True)
# The front page ends with the warnings the jobs of these results raised (their logs).
FRONT_PAGE.write_text(
    front_page.front_page(PLAN, CONFIG_FILES) + summary.report_section(PLAN)
)


report: str(FRONT_PAGE.resolve())


include: "workflow/rules/materials.smk"
include: "workflow/rules/spectra.smk"
include: "workflow/rules/thermal.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/archive.smk"


localrules:
    all,
    archive,


# Warnings raised inside the jobs reach the user at the end of every run, not only the jobs' logs.
onsuccess:
    summary.print_summary(PLAN)


onerror:
    summary.print_summary(PLAN)


rule all:
    default_target: True
    input:
        PLAN.all_results(),
