# photodrag: near-field radiative heat transfer between many nanoparticles.
# `snakemake --cores 8` computes every study of config/config.yaml into results/.
# Stages (workflow/rules, logic in photodrag.study): materials -> spectra (ω chunks, merged)
# -> thermal -> figures; `snakemake --cores 8 archive` bundles each study. README.md says more.

from pathlib import Path

from snakemake.utils import min_version, validate

from photodrag.study import feedback, report as front_page, summary

min_version("9.0")


# The default study, unless --configfile names another: a user's study replaces it
# rather than being merged into it.
if not workflow.overwrite_configfiles:

    configfile: "config/config.yaml"


# Short messages for repeated keys, 1e13 read as a number, misspelt keys (photodrag.study.feedback);
# then Snakemake's own pass fills in the schema's defaults.
CONFIG_FILES = [str(f) for f in workflow.overwrite_configfiles] or [
    "config/config.yaml"
]
config.update(feedback.prepare(config, CONFIG_FILES, "config/schema.yaml"))
validate(config, "config/schema.yaml")


include: "workflow/rules/common.smk"


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
