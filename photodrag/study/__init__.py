"""From a workflow config to result files: the stages of the Snakemake workflow, one module each.

The modules mirror ``workflow/rules/*.smk`` one to one:

==========================  ===============================================================
``common``                  the config parsed once into typed specs (:class:`Plan`), the files
``materials``               ε tables and field maps
``spectra``                 adaptive ω grids, ω chunks of every sweep point, merging them
``thermal``                 conductances, steady states, drag, supercurrents of a study
``figures``                 what each figure shows, checked at parse time, and drawing it
``archive``                 one self-rerunning tarball per study
==========================  ===============================================================

beside ``values`` (sweeps, ω grids), ``systems`` and ``studies`` (the specs; ``system_parse``
parses a config system into one), ``blocks`` (:data:`STUDY_BLOCKS`, the registry of study
blocks: what each computes and from which keys), ``feedback`` (reading a config with messages a
user can act on), ``report`` (the report's front page), ``summary`` (the warnings raised inside the
jobs, for the run's summary and the front page), ``origin`` (each job's input files checked against
the spec the plan gives them) and ``crate`` (an archive's RO-Crate
metadata). Rule params are the specs' plain forms: plain Python builtins with sorted keys, so
that the recorded params change only when the config does.
"""

from . import archive, blocks, common, feedback, figures, materials, origin, report, spectra, summary, thermal
from .blocks import STUDY_BLOCKS, StudyBlock
from .common import Plan, TableSpec, expand_studies, expand_systems
from .figures import FigureSpec
from .studies import StudySpec
from .systems import SystemSpec, material_table_name
from .values import ConfigError, field_label, is_adaptive, number_label, omega_grid, sweep_values

__all__ = [
    "Plan", "STUDY_BLOCKS", "StudyBlock", "SystemSpec", "StudySpec", "FigureSpec", "TableSpec", "ConfigError", "expand_systems",
    "expand_studies", "material_table_name", "sweep_values", "omega_grid", "field_label",
    "number_label", "is_adaptive",
    "archive", "blocks", "common", "feedback", "figures", "materials", "origin", "report", "spectra", "summary", "thermal",
]
