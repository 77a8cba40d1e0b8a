"""Stage figures (workflow/rules/figures.smk): what each figure shows, checked when the config is parsed.

A figure names a kind (photodrag.plots.FIGURE_KINDS) and its inputs: studies (a config study
stands for all its B values, or one expanded study such as ``drag_B2T``), systems (their
spectra), materials (their ε tables) or field maps. Style keys that select (a pair, the
values of a swept dimension, a variable) are checked against the systems they apply to,
so that a selection matching nothing stops the run before any job, naming the key.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import plots
from ..plain import plain
from ..plots import FIGURE_KINDS, STYLE_DEFAULTS, figure_kind
from ..plots.selection import choose_x, selection_keys
from . import origin
from .blocks import STUDY_BLOCKS
from .values import ConfigError, closest

#: Style keys that name particles of the figure's systems.
PARTICLE_KEYS = ("pair", "pairs", "particles")

#: The thermal variable that exists above a surface only (a conductance block's conductance to the surface).
SURFACE_VARIABLE = "surface_conductance"

#: Study blocks whose variables have a ``temperature`` dimension (their ``T_K``).
TEMPERATURE_BLOCKS = ("conductance", "supercurrent")


@dataclass(frozen=True, eq=False)
class FigureSpec:
    """One figure of the config with its inputs expanded: (name, result file) pairs in the config's order."""

    name: str
    config: dict
    inputs: tuple[tuple[str, str], ...]

    @property
    def kind(self) -> str:
        return self.config["kind"]

    @property
    def style(self) -> dict:
        return self.config["style"]

    def plain(self) -> dict:
        return {"name": self.name, "config": self.config, "inputs": [list(item) for item in self.inputs]}

    @classmethod
    def build(cls, name: str, entry: dict, plan) -> "FigureSpec":
        """The figure ``name`` of the config, its inputs resolved through ``plan`` (photodrag.study.common.Plan)."""
        where = f"figures.{name}"
        try:
            kind = figure_kind(entry.get("kind"))
        except ValueError as error:
            raise ConfigError(f"{where}.kind: {error}") from None
        config = plain({**entry, "style": {**STYLE_DEFAULTS, **entry.get("style", {})}})
        if not entry.get(kind.inputs):
            raise ConfigError(f"{where}: a figure of kind {kind.name!r} needs a list '{kind.inputs}'")
        for key in ("studies", "systems", "materials", "field_maps"):
            if entry.get(key) and key not in (kind.inputs, *kind.also):
                raise ConfigError(f"{where}.{key}: a figure of kind {kind.name!r} shows {kind.inputs}, not {key}")
        inputs, systems = [], []
        for wanted in entry.get("studies", []):
            matches = [s for s in plan.studies.values() if wanted in (s.name, s.family)]
            if not matches:
                raise ConfigError(f"{where}.studies: no study {wanted!r}{closest(wanted, plan.study_names())}")
            for study in matches:
                if kind.blocks and not any(block in study.config for block in kind.blocks):
                    raise ConfigError(f"{where}: a figure of kind {kind.name!r} needs a study with a "
                                      f"{' or '.join(repr(b) for b in kind.blocks)} block; {study.name!r} has "
                                      f"{study.blocks}")
                inputs.append((study.name, f"results/thermal/{study.name}.nc"))
                systems.append(plan.systems[study.system])
        for wanted in entry.get("systems", []):
            matches = [s for s in plan.systems.values() if wanted in (s.name, s.family)]
            if not matches:
                raise ConfigError(f"{where}.systems: no system {wanted!r}{closest(wanted, plan.systems)}")
            inputs += [(s.name, f"results/spectra/{s.name}.nc") for s in matches]
            systems += matches
        for wanted in entry.get("materials", []):
            matches = [t for t, table in plan.tables.items() if wanted in (t, table.material)]
            if not matches:
                raise ConfigError(f"{where}.materials: the config makes no ε table of {wanted!r}; it makes "
                                  f"{sorted(plan.tables)}")
            inputs += [(t, f"results/materials/{t}.nc") for t in matches]
        for wanted in entry.get("field_maps", []):
            if wanted not in plan.field_maps:
                raise ConfigError(f"{where}.field_maps: materials.field_maps defines no map {wanted!r}; it defines "
                                  f"{sorted(plan.field_maps) or 'none'}")
            inputs.append((wanted, f"results/materials/field_maps/{wanted}.nc"))
        figure = cls(name, config, tuple(inputs))
        figure._check_style(systems, [plan.studies[n] for n, _ in inputs if n in plan.studies])
        return figure

    def _check_style(self, systems, studies) -> None:
        style, where = self.style, f"figures.{self.name}.style"
        for key in PARTICLE_KEYS:
            if key not in style:
                continue
            flat = np.ravel(style[key]).astype(int)
            for system in systems:
                bad = [int(p) for p in flat if not 0 <= p < system.n_particles]
                if bad:
                    raise ConfigError(f"{where}.{key}: particle(s) {bad} out of range: system {system.name!r} has "
                                      f"particles 0..{system.n_particles - 1}")
        swept = _swept(systems, studies)
        self._check_selections(swept)
        if "x" in style and style["x"] not in {*swept, "time", "temperature"}:
            raise ConfigError(f"{where}.x: {style['x']!r} is not a swept dimension of the figure's systems"
                              f"{closest(style['x'], swept)}; swept: {sorted(swept) or 'nothing'}")
        if "variable" in style:
            produced = {v for study in studies for block in study.blocks for v in STUDY_BLOCKS[block].variables}
            if style["variable"] not in produced:
                raise ConfigError(f"{where}.variable: the studies shown do not produce {style['variable']!r}"
                                  f"{closest(style['variable'], produced)}; they produce {', '.join(sorted(produced))}")
            if self.kind == "line" and "x" not in style:
                self._check_x(systems, studies)
        shows_surface = str(style.get("channel", "")).endswith("_surface") or style.get("variable") == SURFACE_VARIABLE
        vacuum = sorted({system.name for system in systems if system.surface is None})
        if shows_surface and vacuum:
            key = "channel" if "channel" in style else "variable"
            raise ConfigError(f"{where}.{key}: {style[key]!r} exists above a surface only, and system(s) {vacuum} "
                              "have none (give them the key surface, or show them in another figure)")
        if "state" in style and not all(style["state"] in study.blocks for study in studies):
            raise ConfigError(f"{where}.state: {style['state']!r} is not a block of every study shown")

    def _check_selections(self, swept: dict[str, np.ndarray]) -> None:
        """Each key that selects values of a dimension (h_nm, B_tesla, T_K) against the values it will find."""
        where = f"figures.{self.name}.style"
        for key, (dim, scale) in selection_keys(self.style).items():
            if dim not in swept:
                hint = ("; a list of B_tesla makes one study per field: name it in studies (e.g. rings_B5T)"
                        if dim == "B" else "")
                raise ConfigError(f"{where}.{key}: selects values of '{dim}', which no system of the figure "
                                  f"sweeps{closest(dim, swept)}; swept: {sorted(swept) or 'nothing'}{hint}")
            available = np.unique(swept[dim]) / scale
            wanted = np.atleast_1d(np.asarray(self.style[key], dtype=float))
            missing = [float(v) for v in wanted if not np.any(np.isclose(available, v, rtol=1e-6, atol=0))]
            if missing:
                raise ConfigError(f"{where}.{key}: {missing} match no swept value; the figure's systems and studies "
                                  f"sweep {dim} over {[float(f'{v:.6g}') for v in available]}")

    def _check_x(self, systems, studies) -> None:
        """A line figure without ``style.x``: its variable must vary along one dimension only (photodrag.plots.
        selection.choose_x, the rule the drawing applies), once the style's selections are made."""
        variable = self.style["variable"]
        for system, study in zip(systems, studies):
            sizes = _swept([system], [study], variable)
            for key, (dim, scale) in selection_keys(self.style).items():
                if dim in sizes:
                    sizes[dim] = np.atleast_1d(self.style[key])
            counts = {dim: len(values) for dim, values in sizes.items()}
            if choose_x(counts) is None:
                varying = [d for d, n in counts.items() if n > 1] or list(counts) or ["nothing"]
                raise ConfigError(f"figures.{self.name}.style: {variable} of study {study.name!r} varies along "
                                  f"{', '.join(varying)}; name the one to plot against with style.x")


def _swept(systems, studies, variable: str | None = None) -> dict[str, np.ndarray]:
    """The values (SI) each dimension of the figure's files takes: the systems' sweeps (lengths, B) and the
    studies' temperatures; with ``variable``, the dimensions of that variable (its block's temperatures or
    times) only."""
    out = {}
    for system in systems:
        for dim, values in system.axes.items():
            out[dim] = np.concatenate([out.get(dim, []), np.asarray(values, dtype=float)])
    for one in studies:
        blocks = [b for b in one.blocks if variable is None or variable in STUDY_BLOCKS[b].variables]
        for block in (b for b in blocks if b in TEMPERATURE_BLOCKS):
            out["temperature"] = np.concatenate([out.get("temperature", []), one.temperatures(block)])
        if variable is not None and "relaxation" in blocks:
            out["time"] = np.asarray(one.times(), dtype=float)
    return out


def render(figure: dict, outputs, inputs: dict | None = None) -> None:
    """Draw a figure from its plain form (:meth:`FigureSpec.plain`) and write it to ``outputs`` (PNG, PDF).

    ``inputs`` maps its input files to the specs they must store (photodrag.study.origin.expected).
    """
    datasets = {name: origin.read(path, inputs) for name, path in figure["inputs"]}
    try:
        drawn = plots.draw(figure["config"]["kind"], datasets, figure["config"]["style"])
    except (ValueError, KeyError) as error:
        raise ValueError(f"figure {figure['name']!r}: {error}") from error
    plots.save(drawn, *outputs)


__all__ = ["FigureSpec", "render", "FIGURE_KINDS"]
