"""The report's front page (``snakemake --report``), written from the config that ran.

It lists the studies, systems, models and temperatures of this run, and the deviations from
the paper only where the run compares with the paper (a figure with ``style.claim``).
"""

from __future__ import annotations

import numpy as np

from .. import labels
from ..system import DEFAULT_MULTIPOLE_TOL
from .blocks import STUDY_BLOCKS
from .common import Plan

INTRO = """photodrag: many-body near-field radiative heat transfer, thermal photon drag and heat
supercurrents. Every result file under ``results/`` is NetCDF with units, long names, the
photodrag version and the config subtree that produced it; conventions and formulas are
those of the repository's ``docs/theory.md``.
"""

DEVIATIONS = """Where the figures that check the paper's claims depart from the paper, and why
(docs/theory.md, section "Where the paper is ambiguous or wrong"):

- **Normalisation.** Transmissions and conductances reproduce the two-dipole conductance of
  Domingues et al. (PRL 94, 085901, 2005). The paper's eq. 2 is 3x smaller: its conductances,
  transmissions and supercurrents are 3x smaller than ours, its R_D 3x larger; ΔT_p does not
  depend on the factor.
- **Magnetic field.** B is the physical field; the paper's InSb tensor (its eq. 15) is the
  physical one at −B, so its "+5 T" spectra are our −5 T ones.
- **Geometry.** The paper's "d = 2R" read as a centre distance puts a dimer's spheres in
  contact; a centre distance of 4R reproduces its claims. The ring radius of its Fig. 4 is not
  given (a config value here). Centre distances below 3R are outside the dipole model's validity.
- **Model.** The paper's model: electric dipoles, quasi-static polarizability; gold's magnetic
  (eddy-current) dipole, which dominates its infrared absorption, is missing from it. A system
  with multipole_order has exact spheres instead (Mie multipoles to order L, or raised per
  frequency with auto: docs/theory.md, "Exact multipoles"), valid at any distance.
"""


def _range(values_m: np.ndarray) -> str:
    nm = np.asarray(values_m) / 1e-9
    if nm.size == 1:
        return f"{nm[0]:g} nm"
    return f"{nm.size} values from {nm.min():g} to {nm.max():g} nm"


def _system_line(system) -> str:
    materials = labels.materials(system.materials)
    _, radii = system.layout(system.points()[0])
    radius = f"R = {labels.length(radii[0])}" if np.allclose(radii, radii[0], rtol=1e-9, atol=0) else \
        f"R = {labels.length(radii.min())}–{labels.length(radii.max())}"
    fixed = "".join(f", {name} = {labels.length(value)}" for name, value in system.fixed_lengths.items()
                    if name != "radius")
    sweeps = "; ".join(f"{name} swept over {_range(values)}" for name, values in system.axes.items() if name != "B")
    field = labels.field(system.B) if "B" not in system.axes else \
        f"B swept over {system.axes['B'].size} values from {system.axes['B'].min():g} to {system.axes['B'].max():g} T"
    if system.adaptive:
        grid = f"adaptive ω grid (tol {system.config['omega_rad_s']['adaptive']['tol']:g})"
    else:
        omega, _ = system.omega_grid()
        grid = f"{omega.size} frequencies, {omega.min():.3g}–{omega.max():.3g} rad/s"
    model = (f"{system.config.get('dipoles', 'electric')} dipoles, "
             f"{system.config.get('polarizability', 'quasistatic')} polarizability")
    order = system.config.get("multipole_order")
    if order is not None:
        tol = system.config.get("multipole_tol") or DEFAULT_MULTIPOLE_TOL
        model = f"exact multipoles, multipole_order {order}" + (f" (multipole_tol {tol:g})" if order == "auto" else "")
    return (f"**{system.name}**: geometry ``{system.kind.name}``, {system.n_particles} particles ({materials}), "
            f"{radius}{fixed}{'; ' + sweeps if sweeps else ''}; {field}; {model}; {grid}.")


def _model(block: dict) -> str:
    bath = "no bath" if block.get("bath_K") is None else f"bath at {block['bath_K']:g} K"
    return f"{block['method']} model, {bath}"


def _held(thermostats: dict) -> str:
    return ", ".join(f"particle {p} at {t:g} K" for p, t in thermostats.items()) or "no particle held"


def _relaxation(study, block: dict) -> str:
    times = study.times()
    start = block["T0_K"]
    start = f"{start:g} K" if not isinstance(start, list) else ", ".join(f"{t:g}" for t in start) + " K"
    return (f"relaxation (from {start}; {len(times)} times from 0 to {max(times):g} s; "
            f"{_held(study.thermostats('relaxation'))}; "
            + ("no bath" if block.get("bath_K") is None else f"bath at {block['bath_K']:g} K") + ")")


def _ends(name: str, block: dict) -> str:
    return (f"{name} (hot {block['hot']} at {block['T_hot_K']:g} K, cold {block['cold']} at {block['T_cold_K']:g} K; "
            f"{_model(block)})")


#: Each block of a study in words: (study, its block config with the defaults filled in) -> text.
BLOCK_LINES = {
    "conductance": lambda study, block: f"conductances at {', '.join(f'{t:g}' for t in study.temperatures('conductance'))} K",
    "supercurrent": lambda study, block: f"supercurrents at "
                                         f"{', '.join(f'{t:g}' for t in study.temperatures('supercurrent'))} K",
    "steady_state": lambda study, block: f"steady state ({_held(study.thermostats())}; {_model(block)})",
    "drag": lambda study, block: f"drag (drive {block['drive']}: {block['T_hot_K']:g} K to {block['T_cold_K']:g} K, "
                                 f"passive {block['passive']}; {_model(block)})",
    "relaxation": _relaxation,
    "hall": lambda study, block: _ends("thermal Hall effect", block),
    "magnetoresistance": lambda study, block: _ends("magnetoresistance", block),
}


def _study_line(study) -> str:
    parts = [BLOCK_LINES[name](study, {**STUDY_BLOCKS[name].defaults, **study.config[name]}) for name in study.blocks]
    return f"**{study.name}** (system {study.system}): " + "; ".join(parts) + "."


def front_page(plan: Plan, config_files) -> str:
    """The reStructuredText of the report's front page for ``plan``."""
    files = ", ".join(f"``{f}``" for f in config_files) or "``config/config.yaml``"
    lines = [INTRO, f"This run: {files}.", "", "Systems", "-------", ""]
    lines += [f"- {_system_line(s)}" for s in plan.systems.values()]
    lines += ["", "Studies", "-------", ""]
    lines += [f"- {_study_line(s)}" for s in plan.studies.values()]
    claims = sorted(name for name, figure in plan.figures.items() if figure.style.get("claim"))
    if claims:
        lines += ["", "Comparison with the paper", "-------------------------", "",
                  f"Figures {', '.join(claims)} check claims of the paper.", "", DEVIATIONS]
    return "\n".join(lines) + "\n"
