# The config parsed once into typed specs (photodrag.study.common.Plan): which files exist and
# which spec each rule needs. The logic lives in photodrag.study; here it is wired to file names.

import glob

import photodrag
from photodrag import study

#: In every rule's params: Snakemake does not track imported code, so a new photodrag
#: version reruns everything it computed.
VERSION = photodrag.__version__

PLAN = study.Plan(config)
#: Where each rule's jobs log (photodrag.study.summary collects their warnings from there).
LOGS = study.summary.LOGS
NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*"


wildcard_constraints:
    system=NAME,
    study=NAME,
    table=NAME,
    material=NAME,
    figure=NAME,
    chunk=r"\d+",
    chunks=r"\d+",


#: The spec each result file must store (photodrag.study.origin): a job checks its inputs against it.
EXPECTED = study.origin.expected(PLAN)


def expected_inputs(wildcards, input):
    """The specs the job's input files must store, by path (params.inputs)."""
    return {path: EXPECTED[path] for path in input if path in EXPECTED}


def system_params(wildcards):
    return PLAN.systems[wildcards.system].plain()


def system_inputs(wildcards):
    """Files a system's spectra read: its adaptive grid, the CSV its geometry comes from."""
    return PLAN.grid_file(wildcards.system) + PLAN.systems[wildcards.system].input_files


def figure_inputs(wildcards):
    return [path for _, path in PLAN.figures[wildcards.figure].inputs]


#: The workflow as it runs, by name inside an archive (source/...): its RO-Crate's main entity.
WORKFLOW_SOURCE = {
    f"source/{path}": path
    for path in [
        "Snakefile",
        "config/schema.yaml",
        "workflow/envs/photodrag.yaml",
        *sorted(glob.glob("workflow/rules/*.smk")),
        *sorted(glob.glob("workflow/scripts/*.py")),
        *sorted(glob.glob("workflow/report/*.rst")),
    ]
}


def archive_files(wildcards):
    return {**PLAN.archive_files(wildcards.study), **WORKFLOW_SOURCE}
