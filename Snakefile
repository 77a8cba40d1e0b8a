# photodrag: near-field radiative heat transfer between many nanoparticles.
# `snakemake --cores 8` computes every study of config/config.yaml into results/.
# Stages (workflow/rules): materials -> spectra (ω chunks, merged) -> thermal -> figures;
# `snakemake archive` bundles each study. README.md, section Workflow, says more.

from snakemake.utils import min_version, validate

min_version("9.0")


# The default study, unless --configfile names another: a user's study replaces it
# rather than being merged into it.
if not workflow.overwrite_configfiles:

    configfile: "config/config.yaml"


validate(config, "config/schema.yaml")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/materials.smk"
include: "workflow/rules/spectra.smk"
include: "workflow/rules/thermal.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/archive.smk"


localrules:
    all,
    archive,


rule all:
    default_target: True
    input:
        all_results(),
