"""The config parsed once (workflow/rules/common.smk): every system, study, ε table, field map and figure.

:class:`Plan` turns the validated config into typed specs, checks what can be checked
before any job runs (overlapping particles at every sweep point, particle indices, figure
inputs and selections), and names the files each rule reads and writes. Rules' params are
the specs' plain forms (plain, sorted builtins), so that a param changes only when the
config does.

A list of field values ``B_tesla: [1, 5]`` expands one config system into one system per
value (``<name>_B1T``, ``<name>_B5T``), each with its own files, so that changing one field
value recomputes only that system; its studies expand alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..materials import material
from ..materials.base import as_field
from . import ranges
from .figures import FigureSpec
from .materials import check_grids
from .studies import StudySpec
from .materials import check_field_map
from .systems import SystemSpec, material_table_name
from ..plain import plain
from .values import ConfigError, closest, field_label, sweep_values


@dataclass(frozen=True)
class TableSpec:
    """An ε table: a material, the field it is evaluated at (magneto-optical ones only) and the ω grid."""

    name: str
    material: str
    B: list[float] | None
    omega_rad_s: dict

    def plain(self) -> dict:
        return {"name": self.name, "material": self.material, "B_tesla": self.B, "omega_rad_s": self.omega_rad_s}


def _unique(out: dict, name: str, spec, what: str, where: str, value=None) -> None:
    """Put ``spec`` under ``name`` in ``out``, refusing a name already taken: two specs never share a file."""
    if name in out:
        other = out[name]
        same = f"{what} {other.family!r}" + (" expanded for one of its fields" if other.name != other.family else "")
        if value is None:
            raise ConfigError(f"{where}: the name {name!r} is also {same}: both would write the same files; rename one")
        raise ConfigError(f"{where}: the fields {other.config['B_tesla']:.10g} T and {value:.10g} T both get the name "
                          f"{name!r}: both would write the same files (file labels keep 6 significant digits of a "
                          "field); make the fields differ in their first 6 digits")
    out[name] = spec


def expand_systems(config: dict) -> dict[str, SystemSpec]:
    """Every system of the config, a list of B values expanded into one system per value.

    Names are unique: a system named like another's expansion (``<name>_B1T``) or two fields with
    one label (equal to 6 digits) are refused rather than one replacing the other.
    """
    out = {}
    for family, entry in sorted(config.get("systems", {}).items()):
        values = entry.get("B_tesla")
        if isinstance(values, list):  # a list: one system per value (a {start, stop, num} sweep is a dimension)
            B = sweep_values(values, f"systems.{family}.B_tesla", distinct=False)
            if len(set(B)) != len(B):
                raise ConfigError(f"systems.{family}.B_tesla: lists a field twice ({B}); it is a list of field "
                                  "magnitudes, one system each; give the field's direction as B_direction")
            for value in B:
                name = f"{family}_{field_label(as_field(value, entry.get('B_direction', (0, 0, 1))))}"
                _unique(out, name, SystemSpec(name, family, {**entry, "B_tesla": value}), "system",
                        f"systems.{family}.B_tesla", value)
        else:
            _unique(out, family, SystemSpec(family, family, entry), "system", f"systems.{family}")
    return out


def expand_studies(config: dict, systems: dict[str, SystemSpec] | None = None) -> dict[str, StudySpec]:
    """Every study of the config, one per expanded system of the system it names (``<study>_B<value>T``)."""
    systems = expand_systems(config) if systems is None else systems
    out = {}
    for family, entry in sorted(config.get("studies", {}).items()):
        base = entry.get("system")
        matches = [s for s in systems.values() if s.family == base]
        if not matches:
            families = sorted({s.family for s in systems.values()})
            raise ConfigError(f"studies.{family}.system: no system {base!r}{closest(base, families)}")
        for system in matches:
            name = family + system.name[len(base):]
            _unique(out, name, StudySpec(name, family, system.name, entry), "study", f"studies.{family}")
    return out


class Plan:
    """The config parsed into specs, checked, with the files of every rule.

    Attributes: ``systems``, ``studies``, ``tables``, ``figures`` (dicts name -> spec) and
    ``field_maps`` (name -> plain config entry).
    """

    def __init__(self, config: dict):
        self.config = config
        ranges.check(config)  # a unit slip is named before any spec is built from it
        self.systems = expand_systems(config)
        #: What the jobs' model will warn of, one line each naming the system (the Snakefile prints them).
        self.warnings = list(dict.fromkeys(note for system in self.systems.values() for note in system.check()))
        self.studies = expand_studies(config, self.systems)
        for study in self.studies.values():
            study.check_system(self.systems[study.system])
        check_grids(config.get("materials", {}))
        self.tables = self._tables(config.get("materials", {}).get("omega_rad_s"))
        self.field_maps = {name: plain(entry) for name, entry in config.get("materials", {}).get("field_maps", {}).items()}
        for name, entry in self.field_maps.items():
            check_field_map(name, entry)
        self.figures = {name: FigureSpec.build(name, entry, self) for name, entry in
                        sorted(config.get("figures", {}).items())}

    def _tables(self, omega) -> dict[str, TableSpec]:
        """The ε table of every material and field in use; two fields sharing one table's name are refused."""
        tables = {}
        for system in self.systems.values():
            for name in system.materials:
                for field in system.fields:
                    B = field if material(name).magneto_optical else None
                    table = material_table_name(name, field)
                    if table in tables and tables[table].B != B:
                        raise ConfigError(f"systems.{system.family}.B_tesla: the fields {tables[table].B} and {B} T "
                                          f"share the ε table results/materials/{table}.nc of {name} (file labels "
                                          "keep 6 significant digits); make the fields differ in their first 6 digits")
                    tables[table] = TableSpec(table, name, B, plain(omega))
        return dict(sorted(tables.items()))

    def study_names(self) -> list[str]:
        return sorted(set(self.studies) | {s.family for s in self.studies.values()})

    def study_instances(self, family: str) -> list[str]:
        """The expanded studies of a config study (one per B value of its system)."""
        return [name for name, study in self.studies.items() if study.family == family]

    # ---------------------------------------------------------------- files of the rules

    def chunk_files(self, system: str) -> list[str]:
        count = self.systems[system].n_chunks
        return [f"results/spectra/chunks/{system}/omega-{k}-of-{count}.nc" for k in range(1, count + 1)]

    def grid_file(self, system: str) -> list[str]:
        return [f"results/grids/{system}.nc"] if self.systems[system].adaptive else []

    def all_results(self) -> list[str]:
        return (
            [f"results/figures/{f}.{suffix}" for f in self.figures for suffix in ("png", "pdf")]
            + [f"results/thermal/{s}.nc" for s in self.studies]
            + [f"results/materials/{t}.nc" for t in self.tables]
            + [f"results/materials/field_maps/{m}.nc" for m in self.field_maps]
        )

    # ---------------------------------------------------------------- archives

    def archive_closure(self, family: str) -> tuple[list[str], list[str]]:
        """(config studies, figures) an archive of ``family`` holds: the study, every figure that shows it,
        and every other study those figures show, until nothing more is needed."""
        studies, figures = {family}, set()
        while True:
            instances = {n for s in studies for n in self.study_instances(s)}
            more = {f for f, figure in self.figures.items() if {n for n, _ in figure.inputs} & instances}
            needed = {self.studies[n].family for f in more for n, _ in self.figures[f].inputs if n in self.studies}
            if more <= figures and needed <= studies:
                return sorted(studies), sorted(figures)
            figures |= more
            studies |= needed

    def archive_files(self, family: str) -> dict[str, str]:
        """Everything an archive holds, by name inside it: thermal files, spectra, ε tables, figures, inputs."""
        studies, figures = self.archive_closure(family)
        files = {}
        for config_study in studies:
            for instance in self.study_instances(config_study):
                system = self.systems[self.studies[instance].system]
                files[f"thermal/{instance}.nc"] = f"results/thermal/{instance}.nc"
                files[f"spectra/{system.name}.nc"] = f"results/spectra/{system.name}.nc"
                for table in system.material_tables:
                    files[f"materials/{table}.nc"] = f"results/materials/{table}.nc"
                for path in system.input_files:
                    files[f"inputs/{path}"] = path
        for figure in figures:
            for name, path in self.figures[figure].inputs:
                files[path.removeprefix("results/")] = path
            for suffix in ("png", "pdf"):
                files[f"figures/{figure}.{suffix}"] = f"results/figures/{figure}.{suffix}"
        return dict(sorted(files.items()))

    def archive_config(self, family: str) -> dict:
        """A complete config that reruns the archive's files: every key, defaults filled in."""
        studies, figures = self.archive_closure(family)
        systems = sorted({self.systems[self.studies[n].system].family for s in studies for n in self.study_instances(s)})
        maps = sorted({n for f in figures for n, path in self.figures[f].inputs if "field_maps/" in path})
        complete = self.complete_config()
        complete["systems"] = {s: complete["systems"][s] for s in systems}
        complete["studies"] = {s: complete["studies"][s] for s in studies}
        complete["figures"] = {f: complete["figures"][f] for f in figures}
        complete["materials"]["field_maps"] = {m: complete["materials"]["field_maps"][m] for m in maps}
        return complete

    def complete_config(self) -> dict:
        """The whole config with every default filled in (plain builtins, sorted keys)."""
        config = plain(self.config)
        families = {}
        for system in self.systems.values():
            entry = dict(system.config)
            entry["B_tesla"] = self.config["systems"][system.family].get("B_tesla")
            families[system.family] = entry
        config["systems"] = families
        config["studies"] = {s.family: {k: v for k, v in s.config.items()} for s in self.studies.values()}
        config["figures"] = {name: figure.config for name, figure in self.figures.items()}
        return plain(config)
