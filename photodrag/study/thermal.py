"""Stage thermal (workflow/rules/thermal.smk): conductances, steady states, drag and supercurrents of a study.

The study's blocks are solved at every sweep point of its system's spectra and stacked
along the sweep dimensions. Every solver diagnostic goes into the file, so that nothing
downstream needs the config: per point as variables (``drag_iterations``,
``drag_max_residual``, ...), and the settings common to all points as attributes prefixed
with the block (``drag_method``, ``drag_model``, ``drag_bath``, ``drag_definition``, ...).
"""

from __future__ import annotations

import itertools
import logging

import numpy as np
import xarray as xr

from .._version import __version__
from ..integrate import conductance
from ..progress import Progress
from ..thermal import drag, hall, relax, relaxation_modes, steady_state, supercurrent, supercurrent_spectrum
from ..thermal.magnetoresistance import relative_change, thermal_resistance
from .spectra import stack
from .studies import StudySpec

log = logging.getLogger(__name__)

#: Variables of the spectra copied into a thermal file: the geometry, and the grid's error estimate.
GEOMETRY_VARIABLES = ("position", "radius", "material", "magnetic_field", "grid_relative_error_estimate")

#: Solver attributes that vary from point to point, kept as variables: name -> (variable, units, long_name).
PER_POINT = {
    "iterations": ("iterations", "1", "Newton iterations of the solve (1 for the direct linear solve)"),
    "max_residual_W": ("max_residual", "W", "largest net power left on a free particle"),
    "n_evaluations": ("evaluations", "1", "evaluations of the powers by the time integrator"),
    "max_energy_residual_J": ("max_energy_residual", "J", "worst mismatch of the energy balance over the run"),
}

#: A solver's variables renamed on their way into the thermal file (before the block's prefix).
RENAMED = {"max_residual_W": "max_residual"}


def thermal(spec: xr.Dataset, study: StudySpec) -> xr.Dataset:
    """Conductances, steady states, drag and supercurrents of one study, for every sweep point.

    ``spec`` is a spectra file of this workflow (sweep dimensions leading); ``study`` the
    parsed study. Each block present in the study adds its variables (module docstring).
    """
    axes = [d for d in spec["transmission"].dims if d not in ("omega", "emitter", "absorber")]
    points = list(itertools.product(*(range(spec.sizes[d]) for d in axes)))
    progress = Progress(len(points), f"thermal {study.name}", log)
    results = []
    for k, index in enumerate(points):
        results.append(_point(spec.isel(dict(zip(axes, index)), drop=True), study))
        progress.update(k + 1)
    diagnostics = [v for v in results[0].data_vars if v.endswith(tuple(name for name, _, _ in PER_POINT.values()))]
    out = stack(results, [spec[axis].reset_coords(drop=True) for axis in axes], always=diagnostics)
    out = out.merge(spec[[v for v in GEOMETRY_VARIABLES if v in spec]], compat="equals", join="outer")
    if "magnetoresistance" in study.config:
        out["magnetoresistance"] = relative_change(out["thermal_resistance"])  # B = 0 is there: checked at parse
    attrs = {key: value for key, value in results[0].attrs.items()
             if all(np.array_equal(r.attrs.get(key), value) for r in results)}
    out.attrs = {**attrs, "title": "photodrag thermal study", "study": study.name, "system": study.system,
                 "blocks": " ".join(study.blocks), "source": f"photodrag {__version__}"}
    for key, value in spec.attrs.items():
        if key in ("geometry", "geometry_description", "dipoles", "polarizability") or key.startswith("fixed_length_"):
            out.attrs[key] = value
    return out


def _temperature_coord(T) -> xr.DataArray:
    return xr.DataArray(np.asarray(T, dtype=float), dims="temperature",
                        attrs={"units": "K", "long_name": "temperature"})


def _over_temperatures(function, spec: xr.Dataset, T) -> xr.DataArray:
    return xr.concat([function(spec, t) for t in T], dim=_temperature_coord(T), coords="minimal",
                     compat="equals", join="exact", combine_attrs="drop_conflicts")


def _point(spec: xr.Dataset, study: StudySpec) -> xr.Dataset:
    """The thermal quantities of one sweep point (no sweep dimensions)."""
    parts, attrs = {}, {}
    config = study.config
    if "conductance" in config:
        T = study.temperatures("conductance")
        parts["conductance"] = _over_temperatures(conductance, spec, T).assign_attrs(
            units="W/K", long_name="thermal conductance from emitter to absorber")
    if "supercurrent" in config:
        T = study.temperatures("supercurrent")
        parts["supercurrent"] = _over_temperatures(supercurrent, spec, T).assign_attrs(
            units="W", long_name="equilibrium heat supercurrent from emitter to absorber")
        parts["supercurrent_spectrum"] = supercurrent_spectrum(spec)
    dataset = xr.Dataset(parts)
    if "steady_state" in config:
        block = config["steady_state"]
        state = steady_state(spec, fixed=study.thermostats(), method=block["method"], T_ref=float(block["T_ref_K"]),
                             bath=block["bath_K"])
        dataset = dataset.merge(_prefixed(state, "steady_state_", spec), compat="equals", join="exact")
        attrs.update(_solver_attrs(state, "steady_state_"))
    if "drag" in config:
        block = config["drag"]
        result = drag(spec, drive=list(block["drive"]), passive=list(block["passive"]), T_hot=float(block["T_hot_K"]),
                      T_cold=float(block["T_cold_K"]), method=block["method"], bath=block["bath_K"],
                      **({"T_ref": float(block["T_ref_K"])} if block.get("T_ref_K") is not None else {}))
        dataset = dataset.merge(_prefixed(result, "drag_", spec, keep=("delta_T_passive", "J", "drag_resistance")),
                                compat="equals", join="exact")
        attrs.update(_solver_attrs(result, "drag_"))
    if "hall" in config:
        block = config["hall"]
        result = hall(spec, hot=block["hot"], cold=block["cold"], T_hot=float(block["T_hot_K"]),
                      T_cold=float(block["T_cold_K"]), free=block.get("free"), method=block["method"],
                      bath=block["bath_K"], T_ref=block.get("T_ref_K"))
        dataset = dataset.merge(_prefixed(result, "hall_state_", spec,
                                          keep=("hall_temperature", "relative_hall_temperature")),
                                compat="equals", join="exact")
        attrs.update(_solver_attrs(result, "hall_"))
    if "magnetoresistance" in config:
        block = config["magnetoresistance"]
        result = thermal_resistance(spec, hot=block["hot"], cold=block["cold"], T_hot=float(block["T_hot_K"]),
                                    T_cold=float(block["T_cold_K"]), method=block["method"], bath=block["bath_K"],
                                    T_ref=block.get("T_ref_K"))
        result = result.rename_vars(resistance="thermal_resistance")
        dataset = dataset.merge(_prefixed(result, "magnetoresistance_", spec, keep=("thermal_resistance",)),
                                compat="equals", join="exact")
        attrs.update(_solver_attrs(result, "magnetoresistance_"))
    if "relaxation" in config:
        dataset, more = _relaxation(dataset, spec, study)
        attrs.update(more)
    dataset.attrs = attrs
    return dataset


def _relaxation(dataset: xr.Dataset, spec: xr.Dataset, study: StudySpec) -> tuple[xr.Dataset, dict]:
    """The relaxation block: temperatures in time and the linearised rates and modes."""
    block = study.config["relaxation"]
    n = spec.sizes["emitter"]
    T0 = study.initial_temperatures(n)
    fixed = study.thermostats("relaxation") or None
    capacity = block.get("heat_capacity_J_K")
    result = relax(spec, T0, study.times(), heat_capacity=capacity, fixed=fixed, bath=block["bath_K"])
    T_modes = float(block.get("modes_T_K") or block["bath_K"] or min(T0))
    modes = relaxation_modes(spec, T_modes, heat_capacity=capacity, fixed=fixed, bath=block["bath_K"])
    modes = modes[[v for v in ("rate", "oscillation", "time_constant", "mode_shape") if v in modes]]
    dataset = dataset.merge(_prefixed(result, "relaxation_", spec, keep_dims=("time",)), compat="equals",
                            join="exact")
    dataset = dataset.merge(_prefixed(modes, "relaxation_", spec), compat="equals", join="exact")
    return dataset, {**_solver_attrs(result, "relaxation_"), "relaxation_modes_T_K": T_modes}


def _solver_attrs(result: xr.Dataset, prefix: str) -> dict:
    """A solver's attributes, prefixed (``drag_method``, ``drag_definition`` ...), without the per-point ones."""
    out = {}
    for key, value in result.attrs.items():
        if key in PER_POINT or key == "title":
            continue
        name = key if key.startswith(prefix) else prefix + key
        out[name] = value
    return out


def _prefixed(result: xr.Dataset, prefix: str, spec: xr.Dataset, keep=(), keep_dims=()) -> xr.Dataset:
    """A solver's dataset with its variables renamed prefix+name (names in ``keep`` unchanged).

    Dimensions the spectra do not have (``thermostat``) are prefixed too, so that a
    steady state and a drag result, whose thermostats differ, merge into one file
    (``steady_state_thermostat``, ``drag_thermostat``). Variables copied from the spectra
    (geometry, materials, field) are dropped: the thermal file holds them once. The solver's
    per-point diagnostics become variables (``drag_iterations``, ``drag_max_residual``).
    """
    result = result.drop_vars([c for c in result.coords if c not in result.dims])
    result = result.drop_vars([v for v in result.data_vars if v in spec.data_vars])
    rename = {v: (v if v in keep else prefix + RENAMED.get(v, v)) for v in result.data_vars}
    out = result.rename_vars(rename)
    out = out.rename({d: prefix + d for d in out.dims if d not in spec.dims and d not in keep_dims})
    for key, (name, units, long_name) in PER_POINT.items():
        if key in result.attrs:
            out[prefix + name] = xr.DataArray(result.attrs[key], attrs={"units": units, "long_name": long_name})
    out.attrs = {}
    return out
