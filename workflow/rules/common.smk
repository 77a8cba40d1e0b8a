# Config expansion shared by the rules: which files exist and which config subtree each needs.
# The logic lives in photodrag.study; here it is only wired to file names.

import photodrag
from photodrag import study

#: In every rule's params: Snakemake does not track imported code, so a new photodrag
#: version reruns everything it computed.
VERSION = photodrag.__version__

SYSTEMS = study.expand_systems(config)
STUDIES = study.expand_studies(config)
TABLES = study.material_tables(config)
study.check_figures(config)
NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*"


wildcard_constraints:
    system=NAME,
    study=NAME,
    table=NAME,
    material=NAME,
    figure=NAME,
    chunk=r"\d+",
    chunks=r"\d+",


def chunk_files(wildcards):
    """The ω-chunk files of one system, merged by rule spectra."""
    count = SYSTEMS[wildcards.system].n_chunks
    return [f"results/spectra/chunks/{wildcards.system}/omega-{k}-of-{count}.nc" for k in range(1, count + 1)]


def grid_file(wildcards):
    """The adaptive ω grid a system's chunks split (none for an explicit grid)."""
    return [f"results/grids/{wildcards.system}.nc"] if SYSTEMS[wildcards.system].adaptive else []


def figure_studies(name):
    """The expanded studies a figure shows: a config study stands for all its B values."""
    entry = config["figures"][name]
    out = []
    for wanted in entry.get("studies", []):
        matches = [s for s, spec in STUDIES.items() if wanted in (s, spec.family)]
        if not matches:
            raise ValueError(f"figure {name!r} shows study {wanted!r}, which the config does not define")
        out += matches
    return out


def figure_tables(name):
    """The ε tables a figure shows: a material name stands for all its fields in use."""
    out = []
    for wanted in config["figures"][name].get("materials", []):
        matches = [t for t, (material, _) in TABLES.items() if wanted in (t, material)]
        if not matches:
            raise ValueError(f"figure {name!r} shows ε of {wanted!r}; the config makes {sorted(TABLES)}")
        out += matches
    return out


def figure_maps(name):
    """The field maps a figure shows."""
    maps = config["figures"][name].get("field_maps", [])
    unknown = [m for m in maps if m not in config["materials"].get("field_maps", {})]
    if unknown:
        raise ValueError(f"figure {name!r} shows field maps {unknown}, which materials.field_maps does not define")
    return maps


def figure_inputs(wildcards):
    name = wildcards.figure
    return (
        [f"results/thermal/{s}.nc" for s in figure_studies(name)]
        + [f"results/materials/{t}.nc" for t in figure_tables(name)]
        + [f"results/materials/field_maps/{m}.nc" for m in figure_maps(name)]
    )


def figure_names(wildcards):
    name = wildcards.figure
    return figure_studies(name) + figure_tables(name) + figure_maps(name)


def study_instances(name):
    """The expanded studies of a config study (one per B value of its system)."""
    return [s for s, spec in STUDIES.items() if spec.family == name]


def archive_files(wildcards):
    """Everything a study's archive holds, by name inside the archive."""
    files = {}
    for instance in study_instances(wildcards.study):
        system = STUDIES[instance].system
        files[f"thermal/{instance}.nc"] = f"results/thermal/{instance}.nc"
        files[f"spectra/{system}.nc"] = f"results/spectra/{system}.nc"
        for table in SYSTEMS[system].material_tables:
            files[f"materials/{table}.nc"] = f"results/materials/{table}.nc"
    for figure in config["figures"]:
        if set(figure_studies(figure)) & set(study_instances(wildcards.study)):
            for suffix in ("png", "pdf"):
                files[f"figures/{figure}.{suffix}"] = f"results/figures/{figure}.{suffix}"
    return dict(sorted(files.items()))


def archive_config(wildcards):
    """The config subtree of a study: the study, its systems and its figures."""
    instances = study_instances(wildcards.study)
    families = sorted({SYSTEMS[STUDIES[s].system].family for s in instances})
    figures = [f for f in config["figures"] if set(figure_studies(f)) & set(instances)]
    return study.config_subtree(config, systems=families, studies=[wildcards.study], figures=figures)


def all_results():
    return (
        [f"results/figures/{f}.{suffix}" for f in config["figures"] for suffix in ("png", "pdf")]
        + [f"results/thermal/{s}.nc" for s in STUDIES]
        + [f"results/materials/{t}.nc" for t in TABLES]
        + [f"results/materials/field_maps/{m}.nc" for m in config["materials"].get("field_maps", {})]
    )
