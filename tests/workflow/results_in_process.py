"""The result files of a config computed in this process, stage by stage as the workflow's scripts do
(no Snakemake, no Python start-up per job), and its figures drawn from them."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import photodrag
from photodrag import io, plots, study
from photodrag.study import feedback
from snakemake_runner import REPOSITORY

SCHEMA = REPOSITORY / "config" / "schema.yaml"


def write_results(config: dict, root: Path) -> study.Plan:
    """Every result file of ``config`` (ε tables, field maps, spectra, thermal files) under ``root``; pairs
    closer than 3R (the default study's touching dimers) warn, as they should, and the tests know."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", photodrag.DipoleValidityWarning)
        return _write_results(config, root)


def _write_results(config: dict, root: Path) -> study.Plan:
    plan = study.Plan(feedback.prepare(copy.deepcopy(config), [], SCHEMA))
    for name, table in plan.tables.items():
        spec = table.plain()
        io.write_netcdf(study.materials.material_table(spec["material"], spec["B_tesla"], spec["omega_rad_s"]),
                        root / f"results/materials/{name}.nc", title=name, config=spec)
    for name, entry in plan.field_maps.items():
        dataset = study.materials.field_map(name, entry["B_tesla"], entry["radius_nm"] * 1e-9, entry["omega_rad_s"])
        io.write_netcdf(dataset, root / f"results/materials/field_maps/{name}.nc", title=name, config=entry)
    for name, system in plan.systems.items():
        spec = study.SystemSpec.from_plain(system.plain())
        io.write_netcdf(study.spectra.chunk(spec, 0, 1, 2 * 10**9), root / f"results/spectra/{name}.nc", title=name,
                        config=system.plain())
    for name, one in plan.studies.items():
        spectra = io.read_netcdf(root / f"results/spectra/{one.system}.nc")
        io.write_netcdf(study.thermal.thermal(spectra, study.StudySpec.from_plain(one.plain())),
                        root / f"results/thermal/{name}.nc", title=name, config=one.plain())
    return plan


def draw(plan: study.Plan, root: Path, name: str):
    """The matplotlib Figure of the config's figure ``name``, drawn from the files under ``root``."""
    figure = plan.figures[name].plain()
    datasets = {key: io.read_netcdf(root / path) for key, path in figure["inputs"]}
    return plots.draw(figure["config"]["kind"], datasets, figure["config"]["style"])
