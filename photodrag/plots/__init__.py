"""Figures of the workflow's results, drawn from the datasets alone (never from the config).

Each figure kind is a module of this package with ``draw(datasets, style) -> Figure``: it
takes the datasets it shows (a dict name -> xarray.Dataset, in the config's order) and the
figure's ``style``. Axes, labels, legends, notes and sketches come from the datasets: the
swept dimension's name and units, the parameters that differ between curves, the
particles' real positions, radii and materials. This module is the registry of figure
kinds (the schema's enum is checked against it); it imports no plotting code, so that
parsing a config stays fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class FigureKind:
    """A figure kind: the config key that lists its inputs and what those inputs must hold.

    ``blocks``: study blocks of which the study must have one (empty: any study).
    ``also``: further input keys the kind accepts (a supercurrent spectrum's field-map inset).
    """

    name: str
    inputs: str
    description: str
    blocks: tuple[str, ...] = ()
    also: tuple[str, ...] = ()


FIGURE_KINDS: dict[str, FigureKind] = {kind.name: kind for kind in (
    FigureKind("drag", "studies", "drag resistance R_D and (inset) the passive temperature difference against a "
               "swept dimension", blocks=("drag",)),
    FigureKind("conductance", "studies", "pair conductances against a swept dimension", blocks=("conductance",)),
    FigureKind("conductance_matrix", "studies", "the conductance matrix (emitter x absorber) at one sweep point",
               blocks=("conductance",)),
    FigureKind("supercurrent_spectrum", "studies", "the supercurrent spectrum of one pair against wavelength",
               blocks=("supercurrent",), also=("field_maps",)),
    FigureKind("line", "studies", "any variable of a thermal file against any swept dimension"),
    FigureKind("temperature_map", "studies", "steady-state temperatures drawn on the particles, net heat flows as "
               "arrows", blocks=("steady_state", "drag")),
    FigureKind("spectrum", "systems", "the transmission of chosen pairs or bath channels against wavelength"),
    FigureKind("epsilon", "materials", "the permittivity of materials against wavelength"),
    FigureKind("field_map", "field_maps", "one sphere's absorption per polarisation in the (wavelength, B) plane"),
)}


#: Style every figure has, unless its config says otherwise (sizes in inches).
STYLE_DEFAULTS = {"width_in": 6.0, "height_in": 4.0, "dpi": 150, "notes": True}


def figure_kind(name: str) -> FigureKind:
    """The figure kind ``name``; ValueError listing the known ones otherwise."""
    try:
        return FIGURE_KINDS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown figure kind {name!r}; known: {', '.join(FIGURE_KINDS)}") from None


def draw(kind: str, datasets: dict, style: dict | None = None):
    """The matplotlib Figure of kind ``kind`` for ``datasets`` (name -> Dataset) with ``style``."""
    figure_kind(kind)
    module = importlib.import_module(f"{__name__}.{kind}")
    return module.draw(datasets, dict(style or {}))


def save(figure, *paths) -> None:
    """Write a figure to each path atomically (photodrag.plots.style.save)."""
    from .style import save as _save  # matplotlib loads here, not when the Snakefile reads the registry

    _save(figure, *paths)


__all__ = ["STYLE_DEFAULTS", "FIGURE_KINDS", "FigureKind", "figure_kind", "draw", "save"]
