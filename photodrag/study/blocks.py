"""The blocks a study may hold, one registry: what each computes, from which config keys, into which variables.

``STUDY_BLOCKS`` maps a block's config name to a :class:`StudyBlock`: the photodrag function it
calls, its config-to-arguments adapter (config units in, SI out), the variables it puts into the
thermal file and the defaults of its keys. Adding a block is one entry here and its schema entry
(config/schema.yaml, checked against this registry in tests/unit/test_registries.py).

Every solver diagnostic goes into the thermal file, so that nothing downstream needs the config:
per point as variables (``drag_iterations``, ``drag_max_residual``, ...), and the settings common
to all points as attributes prefixed with the block (``drag_method``, ``drag_bath``, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from ..integrate import conductance, surface_conductance
from ..thermal import drag, hall, relax, relaxation_modes, steady_state, supercurrent, supercurrent_spectrum
from ..thermal.magnetoresistance import relative_change, thermal_resistance

#: Solver attributes that vary from point to point, kept as variables: name -> (variable, units, long_name).
PER_POINT = {
    "iterations": ("iterations", "1", "Newton iterations of the solve (1 for the direct linear solve)"),
    "max_residual_W": ("max_residual", "W", "largest net power left on a free particle"),
    "n_evaluations": ("evaluations", "1", "evaluations of the powers by the time integrator"),
    "max_energy_residual_J": ("max_energy_residual", "J", "worst mismatch of the energy balance over the run"),
}

#: A solver's variables renamed on their way into the thermal file (before the block's prefix).
RENAMED = {"max_residual_W": "max_residual"}

#: What a steady state puts into the file, under its block's prefix.
STATE = ("temperature", "thermostated", "thermostat_power", "heat_flow", "bath_power", "iterations", "max_residual")


@dataclass(frozen=True)
class StudyBlock:
    """One kind of study block.

    Attributes
    ----------
    name : the block's config key.
    function : the photodrag function the block calls.
    arguments : (block config, study) -> keyword arguments of ``function`` (SI units).
    variables : the variables the block puts into the thermal file.
    defaults : defaults of the block's config keys.
    prefix : prefix of the block's variables in the file (``keep`` are written as they are);
        ``rename`` renames the function's variables first.
    attrs_prefix : prefix of the solver's attributes (default ``prefix``).
    steady : True for the blocks that solve a steady state (model, bath and T_ref keys);
        ``ends`` for those with a hot and a cold thermostat (T_hot_K, T_cold_K).
    compute : (spectra of one point, study) -> (variables, attributes); default: call
        ``function`` with ``arguments`` and put its result in under ``prefix``.
    finish : applied to the stacked file once every point is done (e.g. R(B)/R(0) − 1).
    """

    name: str
    function: Callable
    variables: tuple[str, ...]
    arguments: Callable[[dict, object], dict] | None = None
    defaults: dict = field(default_factory=dict)
    prefix: str = ""
    keep: tuple[str, ...] = ()
    rename: dict = field(default_factory=dict)
    attrs_prefix: str | None = None
    steady: bool = False
    ends: bool = False
    compute: Callable[[xr.Dataset, object], tuple[xr.Dataset, dict]] | None = None
    finish: Callable[[xr.Dataset], xr.Dataset] | None = None

    def run(self, spectra: xr.Dataset, study) -> tuple[xr.Dataset, dict]:
        """The block's variables and attributes at one sweep point (``spectra`` has no sweep dimension)."""
        if self.compute is not None:
            return self.compute(spectra, study)
        result = self.function(spectra, **self.arguments(study.config[self.name], study))
        result = result.rename_vars(self.rename)
        prefix = self.attrs_prefix if self.attrs_prefix is not None else self.prefix
        return prefixed(result, self.prefix, spectra, keep=self.keep), solver_attrs(result, prefix)


def _solver(block: dict) -> dict:
    """The solver options of a steady-state block: model, T_bath (K or None), T_surface (K, above a surface) and,
    when given, T_ref (K)."""
    options = {"model": block["method"], "T_bath": block["bath_K"], "T_surface": block.get("surface_K")}
    if block.get("T_ref_K") is not None:
        options["T_ref"] = float(block["T_ref_K"])
    return options


def _ends(block: dict) -> dict:
    return {"hot": block["hot"], "cold": block["cold"], "T_hot": float(block["T_hot_K"]),
            "T_cold": float(block["T_cold_K"])}


def _temperature_coord(T) -> xr.DataArray:
    return xr.DataArray(np.asarray(T, dtype=float), dims="temperature",
                        attrs={"units": "K", "long_name": "temperature"})


def _over_temperatures(function, spectra: xr.Dataset, T) -> xr.DataArray:
    return xr.concat([function(spectra, t) for t in T], dim=_temperature_coord(T), coords="minimal",
                     compat="equals", join="exact", combine_attrs="drop_conflicts")


def _conductance(spectra: xr.Dataset, study) -> tuple[xr.Dataset, dict]:
    """Every pair's conductance and, above a surface, each particle's conductance to the surface."""
    T = study.temperatures("conductance")
    out = {"conductance": _over_temperatures(conductance, spectra, T).assign_attrs(
        units="W/K", long_name="thermal conductance from emitter to absorber")}
    if "transmission_to_surface" in spectra:
        to_surface = _over_temperatures(lambda s, t: surface_conductance(s, t)[0], spectra, T)
        out["surface_conductance"] = to_surface.rename(emitter="particle").assign_attrs(
            units="W/K", long_name="thermal conductance from particle to the surface")
    return xr.Dataset(out), {}


def _supercurrent(spectra: xr.Dataset, study) -> tuple[xr.Dataset, dict]:
    values = _over_temperatures(supercurrent, spectra, study.temperatures("supercurrent"))
    return xr.Dataset({
        "supercurrent": values.assign_attrs(units="W", long_name="equilibrium heat supercurrent from emitter to absorber"),
        "supercurrent_spectrum": supercurrent_spectrum(spectra),
    }), {}


def _relaxation(spectra: xr.Dataset, study) -> tuple[xr.Dataset, dict]:
    """Temperatures in time, and the linearised rates and modes."""
    block = study.config["relaxation"]
    T0 = study.initial_temperatures(spectra.sizes["emitter"])
    common = {"heat_capacity": block.get("heat_capacity_J_K"), "fixed": study.thermostats("relaxation") or None,
              "T_bath": block["bath_K"], "T_surface": block.get("surface_K")}
    result = relax(spectra, T0, study.times(), **common)
    T_modes = float(block.get("modes_T_K") or block["bath_K"] or min(T0))
    modes = relaxation_modes(spectra, T_modes, **common)
    modes = modes[[v for v in ("rate", "oscillation", "time_constant", "mode_shape") if v in modes]]
    dataset = prefixed(result, "relaxation_", spectra, keep_dims=("time",))
    dataset = dataset.merge(prefixed(modes, "relaxation_", spectra), compat="equals", join="exact")
    return dataset, {**solver_attrs(result, "relaxation_"), "relaxation_modes_T_K": T_modes}


def _magnetoresistance(stacked: xr.Dataset) -> xr.Dataset:
    stacked["magnetoresistance"] = relative_change(stacked["thermal_resistance"])  # B = 0 is there: checked at parse
    return stacked


STUDY_BLOCKS: dict[str, StudyBlock] = {block.name: block for block in (
    StudyBlock("conductance", conductance, ("conductance", "surface_conductance"), compute=_conductance),
    StudyBlock("supercurrent", supercurrent, ("supercurrent", "supercurrent_spectrum"), compute=_supercurrent),
    StudyBlock("steady_state", steady_state, tuple(f"steady_state_{v}" for v in STATE),
               arguments=lambda block, study: {"fixed": study.thermostats(), **_solver(block)},
               defaults={"method": "linear", "bath_K": None, "T_ref_K": 300.0}, prefix="steady_state_", steady=True),
    StudyBlock("drag", drag, ("drag_resistance", "delta_T_passive", "J", "drag_hot_thermostat_power",
                              *(f"drag_{v}" for v in STATE)),
               arguments=lambda block, study: {"drive": list(block["drive"]), "passive": list(block["passive"]),
                                               "T_hot": float(block["T_hot_K"]), "T_cold": float(block["T_cold_K"]),
                                               **_solver(block)},
               defaults={"method": "linear", "bath_K": None}, prefix="drag_",
               keep=("delta_T_passive", "J", "drag_resistance"), steady=True, ends=True),
    StudyBlock("relaxation", relax, ("relaxation_temperature", "relaxation_power", "relaxation_bath_power",
                                     "relaxation_thermostat_power", "relaxation_bath_energy",
                                     "relaxation_thermostat_energy", "relaxation_stored_energy",
                                     "relaxation_heat_capacity", "relaxation_rate", "relaxation_time_constant",
                                     "relaxation_oscillation", "relaxation_mode_shape"),
               defaults={"bath_K": None}, compute=_relaxation),
    StudyBlock("hall", hall, ("hall_temperature", "relative_hall_temperature", *(f"hall_state_{v}" for v in STATE)),
               arguments=lambda block, study: {**_ends(block), "free": block.get("free"), **_solver(block)},
               defaults={"method": "nonlinear", "bath_K": None}, prefix="hall_state_", attrs_prefix="hall_",
               keep=("hall_temperature", "relative_hall_temperature"), steady=True, ends=True),
    StudyBlock("magnetoresistance", thermal_resistance,
               ("thermal_resistance", "magnetoresistance", "magnetoresistance_heat_carried",
                *(f"magnetoresistance_{v}" for v in STATE)),
               arguments=lambda block, study: {**_ends(block), **_solver(block)},
               defaults={"method": "nonlinear", "bath_K": None}, prefix="magnetoresistance_",
               keep=("thermal_resistance",), rename={"resistance": "thermal_resistance"}, steady=True, ends=True,
               finish=_magnetoresistance),
)}


def solver_attrs(result: xr.Dataset, prefix: str) -> dict:
    """A solver's attributes, prefixed (``drag_method``, ``drag_definition`` ...), without the per-point ones."""
    out = {}
    for key, value in result.attrs.items():
        if key in PER_POINT or key == "title":
            continue
        out[key if key.startswith(prefix) else prefix + key] = value
    return out


def prefixed(result: xr.Dataset, prefix: str, spectra: xr.Dataset, keep=(), keep_dims=()) -> xr.Dataset:
    """A solver's dataset with its variables renamed prefix+name (names in ``keep`` unchanged).

    Dimensions the spectra do not have (``thermostat``) are prefixed too, so that a
    steady state and a drag result, whose thermostats differ, merge into one file
    (``steady_state_thermostat``, ``drag_thermostat``). Variables copied from the spectra
    (geometry, materials, field) are dropped: the thermal file holds them once. The solver's
    per-point diagnostics become variables (``drag_iterations``, ``drag_max_residual``).
    """
    result = result.drop_vars([c for c in result.coords if c not in result.dims])
    result = result.drop_vars([v for v in result.data_vars if v in spectra.data_vars])
    rename = {v: (v if v in keep else prefix + RENAMED.get(v, v)) for v in result.data_vars}
    out = result.rename_vars(rename)
    out = out.rename({d: prefix + d for d in out.dims if d not in spectra.dims and d not in keep_dims})
    for key, (name, units, long_name) in PER_POINT.items():
        if key in result.attrs:
            out[prefix + name] = xr.DataArray(result.attrs[key], attrs={"units": units, "long_name": long_name})
    out.attrs = {}
    return out
