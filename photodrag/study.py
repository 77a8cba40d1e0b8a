"""From a workflow config to systems, ω grids and thermal results.

The config (config/config.yaml, validated against config/schema.yaml) names
*systems* (a geometry, per-particle materials, a field and an ω grid) and *studies*
(what to compute from one system's spectra at which temperatures). This module turns
those plain dictionaries into photodrag objects, in SI units, and back.

Units are carried by key names (physics.md: SI inside, units at the edges):
``_nm`` nanometres, ``_um`` micrometres, ``_K`` kelvin, ``_tesla`` tesla, ``_rad_s`` rad/s.

Sweeps. A numeric geometry value may be a number, a list, or a range
``{start, stop, num, spacing: linear|log}``. Swept geometry values become dimensions
*inside* one spectra file (one job computes every point of a sweep, so a 40-point sweep
pays Python start-up once). A list of field values ``B_tesla: [1, 5]`` instead expands
one config system into one system per value, each with its own files, so that changing
one field value recomputes only that system.

The materials stage is here too: ε tables (:func:`material_table`) and field maps, one
sphere's absorption per circular polarisation over (B, ω) (:func:`field_map`).

Everything handed to Snakemake's ``params`` goes through :func:`plain` first: plain
Python builtins with sorted keys, so that the recorded params only change when the
config does.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass

import numpy as np
import xarray as xr

from . import __version__, geometry
from .integrate import conductance, trapezoid_weights
from .materials import material as named_material
from .spectra import spectra
from .system import System
from .thermal import drag, steady_state, supercurrent, supercurrent_spectrum

log = logging.getLogger(__name__)

#: SI factor of each unit suffix a config key may carry.
UNIT_SCALE = {"nm": 1e-9, "um": 1e-6, "m": 1.0, "K": 1.0, "tesla": 1.0, "rad_s": 1.0}

#: What each swept geometry key means, for the long_name of its coordinate.
SWEEP_LONG_NAMES = {
    "h": "separation of the two rows (rings), centre to centre",
    "d": "distance between neighbours in a row, centre to centre",
    "radius": "particle radius",
    "ring_radius": "ring radius (particle centres)",
}


def plain(value):
    """``value`` as plain Python builtins, dict keys sorted (for Snakemake params and attrs).

    numpy scalars and arrays become float/int/bool/lists, tuples become lists; the
    result's repr depends only on the values, never on numpy's version or dict order.
    """
    if isinstance(value, dict):
        return {str(key): plain(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} {value!r} in a config subtree")


def split_unit(key: str) -> tuple[str, float]:
    """('h', 1e-9) for 'h_nm': the quantity's name and the SI factor of its unit suffix."""
    for suffix, scale in sorted(UNIT_SCALE.items(), key=lambda item: -len(item[0])):
        if key.endswith("_" + suffix):
            return key[: -len(suffix) - 1], scale
    raise ValueError(f"config key {key!r} carries no unit suffix (one of {', '.join(UNIT_SCALE)})")


def sweep_values(spec) -> list[float]:
    """The values of a sweep in config units: a number, a list, or {start, stop, num, spacing}.

    ``spacing: log`` spaces the values geometrically (start and stop must be > 0).
    """
    if isinstance(spec, dict):
        start, stop, num = float(spec["start"]), float(spec["stop"]), int(spec["num"])
        spacing = spec.get("spacing", "linear")
        if spacing == "log":
            if start <= 0 or stop <= 0:
                raise ValueError(f"a log-spaced sweep needs positive start and stop, got {start}, {stop}")
            values = np.geomspace(start, stop, num)
        elif spacing == "linear":
            values = np.linspace(start, stop, num)
        else:
            raise ValueError(f"sweep spacing must be 'linear' or 'log', got {spacing!r}")
        return [float(v) for v in values]
    if isinstance(spec, (list, tuple)):
        return [float(v) for v in spec]
    return [float(spec)]


def is_sweep(spec) -> bool:
    """True for a list or a range, false for a single number."""
    return isinstance(spec, (dict, list, tuple))


def omega_grid(spec) -> tuple[np.ndarray, np.ndarray]:
    """(ω, w): the angular frequencies (rad/s) of ``omega_rad_s`` and trapezoid weights (rad/s).

    ``spec`` is a range ``{start, stop, num, spacing}`` or a list of ranges, whose union
    (sorted, duplicates removed) is the grid: e.g. a dense linear band over a resonance
    plus a broad log-spaced part for a Drude metal. The weights belong to the whole grid,
    so that ω chunks computed as separate jobs integrate, once merged, exactly as the
    unsplit grid would.
    """
    parts = spec if isinstance(spec, (list, tuple)) and spec and isinstance(spec[0], dict) else [spec]
    omega = np.unique(np.concatenate([np.asarray(sweep_values(part), dtype=float) for part in parts]))
    if omega.size < 2 or np.any(np.diff(omega) <= 0):
        raise ValueError("omega_rad_s must give at least two strictly increasing frequencies")
    return omega, trapezoid_weights(omega)


def is_adaptive(spec) -> bool:
    """True for an ``omega_rad_s`` of the form ``{adaptive: {tol, T_range_K, ...}}``."""
    return isinstance(spec, dict) and "adaptive" in spec


def adaptive_grid(spec: "SystemSpec", memory_bytes: int) -> xr.Dataset:
    """The adaptive ω grid of a system: one Gauss rule that serves every sweep point.

    For each sweep point :func:`photodrag.grid.adaptive_spectra` builds resonance-seeded
    G7/K15 panels until every conductance, bath conductance, power and (B ≠ 0)
    supercurrent meets ``tol`` at temperatures across ``T_range_K``. The grid kept is the
    union of all points' panel edges, with the 7-point Gauss rule on each panel: a
    refinement of every point's own grid, so that one ω axis (and ω chunks, computed as
    separate jobs) serves the whole sweep. The spectra computed here are discarded; the
    chunks recompute them on the union's nodes.

    Returns a dataset with ``omega`` (the Gauss nodes, rad/s), ``quadrature_weight``
    (rad/s; the thermal stage integrates with exactly these), ``grid_panel_edge``, and per
    sweep point ``grid_relative_error_estimate`` (the worst estimated relative error on
    that point's own grid, an upper estimate for the union), ``grid_points_evaluated`` and
    ``grid_converged``.
    """
    from .grid import GAUSS_INDEX, adaptive_spectra, gauss_kronrod_panels

    settings = spec.config["omega_rad_s"]["adaptive"]
    options = {"tol": float(settings.get("tol", 1e-4)),
               "T_range": tuple(float(t) for t in settings.get("T_range_K", (250.0, 400.0))),
               "n_temperatures": int(settings.get("n_temperatures", 3)),
               "max_points": int(settings.get("max_points", 50_000))}
    if "omega_range_rad_s" in settings:
        options["omega_range"] = tuple(float(w) for w in settings["omega_range_rad_s"])
    axes = sweep_axes(spec.config)
    edges, error, evaluated, converged = [], [], [], []
    points = list(sweep_points(axes))
    for k, point in enumerate(points):
        log.info("%s: adaptive grid for sweep point %d of %d %s", spec.name, k + 1, len(points), point)
        built = adaptive_spectra(build_system(spec, point), memory_bytes=memory_bytes, **options)
        edges.append(built["grid_panel_edge"].values)
        error.append(float(built.attrs["grid_relative_error_estimate"]))
        evaluated.append(int(built.attrs["grid_points_evaluated"]))
        converged.append(int(built.attrs["grid_converged"]))
    union = np.unique(np.concatenate(edges))
    nodes, _, gauss = gauss_kronrod_panels(union)
    omega, weight = nodes[:, GAUSS_INDEX].ravel(), gauss[:, GAUSS_INDEX].ravel()
    order = np.argsort(omega)
    shape = tuple(len(v) for v in axes.values())
    dims = tuple(axes)
    per_point = lambda values, attrs: (dims, np.asarray(values).reshape(shape), attrs)  # noqa: E731
    dataset = xr.Dataset(
        {
            "quadrature_weight": ("omega", weight[order], {
                "units": "rad/s", "long_name": "quadrature weight (7-point Gauss rule per panel)"}),
            "grid_panel_edge": ("panel_edge", union, {
                "units": "rad/s", "long_name": "edges of the quadrature panels (union over the sweep points)"}),
            "grid_relative_error_estimate": per_point(error, {
                "units": "1", "long_name": "worst estimated relative error of the thermal integrals on the "
                                           "point's own adaptive grid (the union refines it)"}),
            "grid_points_evaluated": per_point(evaluated, {
                "units": "1", "long_name": "spectra evaluations spent building the point's grid"}),
            "grid_converged": per_point(converged, {
                "units": "1", "long_name": "1 if the point's grid met the tolerance within max_points"}),
        },
        coords={"omega": ("omega", omega[order], {"units": "rad/s", "long_name": "angular frequency"}),
                **{c.name: c for c in _sweep_coords(axes)}},
        attrs={"system": spec.name, "grid_rule": "7-point Gauss-Legendre per panel (G7/K15 adaptive, "
                                                 "photodrag.grid.adaptive_spectra), union over sweep points",
               "grid_tolerance": options["tol"], "grid_T_range_K": list(options["T_range"])},
    )
    if not all(converged):
        log.warning("%s: the adaptive grid of %d sweep point(s) stopped at max_points before meeting tol",
                    spec.name, len(converged) - sum(converged))
    return dataset


def chunk_slice(n_omega: int, chunk: int, n_chunks: int) -> slice:
    """The ω indices of chunk ``chunk`` (0-based) of ``n_chunks`` nearly equal, contiguous chunks."""
    if not 0 <= chunk < n_chunks or n_chunks > n_omega:
        raise ValueError(f"chunk {chunk} of {n_chunks} does not exist for {n_omega} frequencies")
    bounds = np.linspace(0, n_omega, n_chunks + 1).round().astype(int)
    return slice(int(bounds[chunk]), int(bounds[chunk + 1]))


# ---------------------------------------------------------------- names of things


def number_label(value: float) -> str:
    """A file-name-safe rendering of a number: 5.0 -> '5', 0.25 -> '0.25', -1 -> 'm1'."""
    text = f"{value:g}".replace("+", "")
    return text.replace("-", "m")


def field_vector(B_tesla, direction=(0.0, 0.0, 1.0)) -> list[float] | None:
    """The field in tesla as a 3-vector along ``direction`` (normalised), or None for no field."""
    if B_tesla is None:
        return None
    direction = np.asarray(direction, dtype=float)
    norm = np.linalg.norm(direction)
    if not norm > 0:
        raise ValueError("B_direction must be a non-zero 3-vector")
    return [float(c) for c in float(B_tesla) * direction / norm]


def field_label(B) -> str:
    """'B5T' for 5 T along z, 'Bx1_y0_z2T' otherwise, '' for no field."""
    if B is None:
        return ""
    x, y, z = B
    if x == 0 and y == 0:
        return f"B{number_label(z)}T"
    return f"Bx{number_label(x)}_y{number_label(y)}_z{number_label(z)}T"


def material_table_name(name: str, B) -> str:
    """The results/materials/<name>.nc stem: the material, and the field if ε depends on it."""
    if named_material(name).magneto_optical and B is not None:
        return f"{name}_{field_label(B)}"
    return name


# ---------------------------------------------------------------- systems


@dataclass(frozen=True)
class SystemSpec:
    """One expanded system of the config: its file name, config subtree and field."""

    name: str
    family: str  # the system's name in the config
    config: dict  # plain, with B_tesla a single number (or None)
    B: list[float] | None

    @classmethod
    def from_config(cls, name: str, family: str, config: dict) -> "SystemSpec":
        """The system ``name`` from its config subtree (B_tesla a single number or null)."""
        B = field_vector(config.get("B_tesla"), config.get("B_direction", (0, 0, 1)))
        return cls(name, family, plain(config), B)

    @property
    def materials(self) -> list[str]:
        return particle_materials(self.config)

    @property
    def material_tables(self) -> list[str]:
        return sorted({material_table_name(m, self.B) for m in self.materials})

    @property
    def n_chunks(self) -> int:
        return int(self.config.get("omega_chunks", 1))

    @property
    def adaptive(self) -> bool:
        """True when the ω grid is built adaptively (``omega_rad_s: {adaptive: {...}}``)."""
        return is_adaptive(self.config["omega_rad_s"])


def expand_systems(config: dict) -> dict[str, SystemSpec]:
    """Every system of the config, a list of B values expanded into one system per value.

    Names: the config's name, plus ``_B<value>T`` when ``B_tesla`` was a list.
    """
    out = {}
    for name, entry in sorted(config.get("systems", {}).items()):
        B_values = entry.get("B_tesla")
        if is_sweep(B_values):
            for value in sweep_values(B_values):
                label = field_label(field_vector(value, entry.get("B_direction", (0, 0, 1))))
                out[f"{name}_{label}"] = SystemSpec.from_config(f"{name}_{label}", name, {**entry, "B_tesla": value})
        else:
            out[name] = SystemSpec.from_config(name, name, entry)
    return out


def particle_materials(system: dict) -> list[str]:
    """One material name per particle."""
    n = n_particles(system)
    names = system["materials"]
    if isinstance(names, str):
        return [names] * n
    if len(names) != n:
        raise ValueError(f"system has {n} particles but {len(names)} materials are listed")
    return list(names)


def n_particles(system: dict) -> int:
    """How many particles a system's geometry places."""
    kind = system["geometry"]
    if kind == "rows":
        return 2 * int(system["per_row"])
    if kind == "rings":
        return 2 * int(system["per_ring"])
    if kind == "positions":
        return len(system["positions_nm"])
    raise ValueError(f"unknown geometry {kind!r} (rows, rings, positions)")


def sweep_axes(system: dict) -> dict[str, np.ndarray]:
    """The swept lengths of a system's geometry (``*_nm`` keys given as sweeps), in m, by name.

    The order is the config keys' sorted order, which is also the order of the
    dimensions in the result files.
    """
    axes = {}
    for key, value in sorted(system.items()):
        if key.endswith(("_nm", "_um")) and key != "positions_nm" and is_sweep(value):
            name, scale = split_unit(key)
            axes[name] = np.asarray(sweep_values(value)) * scale
    return axes


def lengths(system: dict, point: dict[str, float]) -> dict[str, float]:
    """Every length of a system's geometry in m at one sweep point (swept values from ``point``)."""
    value = {}
    for key, raw in system.items():
        if key.endswith(("_nm", "_um")) and key != "positions_nm":
            name, scale = split_unit(key)
            value[name] = point[name] if name in point else float(raw) * scale
    return value


def sweep_points(axes: dict[str, np.ndarray]):
    """Yield {name: value in m} over the outer product of the sweep axes, the last axis fastest."""
    names = list(axes)
    for values in itertools.product(*(axes[name] for name in names)):
        yield {name: float(v) for name, v in zip(names, values)}


def build_system(spec: SystemSpec, point: dict[str, float]) -> System:
    """The photodrag.System of one sweep point, from the builders of photodrag.geometry.

    rows: geometry.two_rows (particle per_row + k faces particle k, rows h apart);
    rings: geometry.coaxial_rings with two rings h apart along z, the field's usual axis;
    positions: the centres listed in ``positions_nm``. All distances centre to centre.
    """
    config, length = spec.config, lengths(spec.config, point)
    if config["geometry"] == "rows":
        return geometry.two_rows(int(config["per_row"]), length["d"], length["h"], length["radius"],
                                 spec.materials, B=spec.B)
    if config["geometry"] == "rings":
        return geometry.coaxial_rings(2, int(config["per_ring"]), length["radius"], spec.materials, h=length["h"],
                                      ring_radius=length["ring_radius"], B=spec.B)
    if config["geometry"] == "positions":
        return geometry.from_positions(np.asarray(config["positions_nm"], dtype=float) * 1e-9, length["radius"],
                                       spec.materials, B=spec.B)
    raise ValueError(f"unknown geometry {config['geometry']!r} (rows, rings, positions)")


def spectra_chunk(spec: SystemSpec, chunk: int, n_chunks: int, memory_bytes: int,
                  grid: xr.Dataset | None = None) -> xr.Dataset:
    """Spectra of every sweep point of a system on one ω chunk, sweep axes as leading dimensions.

    The ω grid and its weights are those of the config (:func:`omega_grid`) or, for an
    adaptive system, those of ``grid`` (:func:`adaptive_grid`, built by its own job).
    """
    if spec.adaptive:
        if grid is None:
            raise ValueError(f"system {spec.name!r} has an adaptive ω grid: pass the dataset adaptive_grid() built")
        omega, weight = grid["omega"].values, grid["quadrature_weight"].values
    else:
        omega, weight = omega_grid(spec.config["omega_rad_s"])
    part = chunk_slice(omega.size, chunk, n_chunks)
    axes = sweep_axes(spec.config)
    total = math.prod(len(v) for v in axes.values())
    results = []
    for k, point in enumerate(sweep_points(axes)):
        log.info("%s: sweep point %d of %d %s, omega chunk %d of %d", spec.name, k + 1, total, point,
                 chunk + 1, n_chunks)
        results.append(spectra(build_system(spec, point), omega[part], memory_bytes=memory_bytes,
                               quadrature_weight=weight[part]))
    dataset = _stack(results, _sweep_coords(axes))
    if spec.adaptive:  # the grid's provenance travels with the spectra (equal in every chunk)
        dataset = dataset.merge(grid.drop_dims("omega").reset_coords(drop=True)[
            ["grid_panel_edge", "grid_relative_error_estimate", "grid_points_evaluated", "grid_converged"]],
            compat="equals", join="exact")
        dataset.attrs.update(grid_rule=grid.attrs["grid_rule"], grid_tolerance=grid.attrs["grid_tolerance"])
    dataset.attrs.update(system=spec.name, omega_chunk=f"{chunk + 1} of {n_chunks}",
                         energy_balance_residual=max(float(d.attrs["energy_balance_residual"]) for d in results))
    return dataset


#: Variables that never depend on the swept geometry.
SWEEP_INDEPENDENT = ("material", "magnetic_field", "quadrature_weight")


def _stack(datasets: list[xr.Dataset], coords: list[xr.DataArray]) -> xr.Dataset:
    """Datasets in outer-product order of ``coords`` stacked along one new dimension per coordinate.

    Variables that are equal at every point (materials, radii, the field) are kept once;
    along a sweep of one value only those in :data:`SWEEP_INDEPENDENT` are.
    """
    if not coords:
        return datasets[0]
    first, *rest = coords
    size = len(datasets) // first.size
    parts = [_stack(datasets[i * size:(i + 1) * size], rest) for i in range(first.size)]
    if first.size == 1:
        varying = [v for v in parts[0].data_vars if v not in SWEEP_INDEPENDENT]
    else:
        varying = [v for v in parts[0].data_vars if not all(p[v].equals(parts[0][v]) for p in parts)]
    return xr.concat(parts, dim=first, data_vars=varying, coords="minimal", compat="equals",
                     join="outer", combine_attrs="drop_conflicts")


def _sweep_coords(axes: dict[str, np.ndarray]) -> list[xr.DataArray]:
    return [xr.DataArray(values, dims=name, attrs={"units": "m", "long_name": SWEEP_LONG_NAMES.get(name, name)})
            for name, values in axes.items()]


def merge_chunks(chunks: list[xr.Dataset]) -> xr.Dataset:
    """One spectra dataset from its ω chunks; refuses chunks of different systems or overlapping ω."""
    chunks = sorted(chunks, key=lambda d: float(d["omega"][0]))
    names = {d.attrs.get("system") for d in chunks}
    if len(names) != 1:
        raise ValueError(f"chunks of different systems cannot be merged: {sorted(map(str, names))}")
    for before, after in zip(chunks, chunks[1:]):
        if float(before["omega"][-1]) >= float(after["omega"][0]):
            raise ValueError("omega chunks overlap")
    omega_vars = [v for v in chunks[0].data_vars if "omega" in chunks[0][v].dims]
    merged = xr.concat(chunks, dim="omega", data_vars=omega_vars, coords="minimal", compat="equals",
                       join="exact", combine_attrs="drop_conflicts")
    merged.attrs["energy_balance_residual"] = max(float(d.attrs["energy_balance_residual"]) for d in chunks)
    merged.attrs.pop("omega_chunk", None)
    merged.attrs["omega_chunks"] = len(chunks)
    return merged


# ---------------------------------------------------------------- studies


@dataclass(frozen=True)
class StudySpec:
    """One expanded study: its file name, the system it reads and its config subtree."""

    name: str
    family: str  # the study's name in the config
    system: str
    config: dict


def expand_studies(config: dict) -> dict[str, StudySpec]:
    """Every study of the config, one per expanded system it refers to.

    A study of a system whose B_tesla was a list becomes one study per field value,
    named like the systems (study name plus ``_B<value>T``).
    """
    systems = expand_systems(config)
    out = {}
    for name, entry in sorted(config.get("studies", {}).items()):
        base = entry["system"]
        matches = [s for s in systems.values() if s.family == base]
        if not matches:
            raise ValueError(f"study {name!r} refers to system {base!r}, which the config does not define")
        for system in matches:
            study_name = name + system.name[len(base):]
            out[study_name] = StudySpec(study_name, name, system.name, plain(entry))
    return out


def _temperatures(value) -> np.ndarray:
    return np.asarray(sweep_values(value), dtype=float)


def thermal(spec: xr.Dataset, study: dict) -> xr.Dataset:
    """Conductances, steady states, drag and supercurrents of one study, for every sweep point.

    ``spec`` is a spectra file of this workflow (sweep axes as leading dimensions);
    ``study`` the study's config subtree. Each block present in the study
    (conductance, steady_state, drag, supercurrent) adds its variables.
    """
    axes = [d for d in spec["transmission"].dims if d not in ("omega", "emitter", "absorber")]
    points = list(itertools.product(*(range(spec.sizes[d]) for d in axes)))
    results = []
    for k, index in enumerate(points):
        log.info("thermal: sweep point %d of %d", k + 1, len(points))
        results.append(_thermal_point(spec.isel(dict(zip(axes, index)), drop=True), study))
    out = _stack(results, [spec[axis].reset_coords(drop=True) for axis in axes])
    geometry_vars = [v for v in ("position", "radius", "material", "magnetic_field", "grid_relative_error_estimate")
                     if v in spec]
    out = out.merge(spec[geometry_vars], compat="equals", join="outer")
    out.attrs.update(title="photodrag thermal study", system=str(spec.attrs.get("system", "")))
    return out


def _thermal_point(spec: xr.Dataset, study: dict) -> xr.Dataset:
    """The thermal quantities of one system (no sweep dimensions)."""
    parts = {}
    block = study.get("conductance")
    if block:
        T = _temperatures(block["T_K"])
        G = xr.concat([conductance(spec, t) for t in T], dim=_temperature_coord(T), coords="minimal",
                      compat="equals", join="exact", combine_attrs="drop_conflicts")
        parts["conductance"] = G.assign_attrs(units="W/K", long_name="thermal conductance from emitter to absorber")
    block = study.get("supercurrent")
    if block:
        T = _temperatures(block["T_K"])
        phi = xr.concat([supercurrent(spec, t) for t in T], dim=_temperature_coord(T), coords="minimal",
                        compat="equals", join="exact", combine_attrs="drop_conflicts")
        parts["supercurrent"] = phi.assign_attrs(
            units="W", long_name="equilibrium heat supercurrent from emitter to absorber")
        parts["supercurrent_spectrum"] = supercurrent_spectrum(spec)
    dataset = xr.Dataset(parts)
    block = study.get("steady_state")
    if block:
        fixed = {int(item["particle"]): float(item["T_K"]) for item in block["thermostats"]}
        state = steady_state(spec, fixed=fixed, method=block.get("method", "linear"),
                                       T_ref=float(block.get("T_ref_K", 300.0)), bath=block.get("bath_K"))
        dataset = dataset.merge(_prefixed(state, "steady_state_", spec), compat="equals", join="exact")
    block = study.get("drag")
    if block:
        result = drag(spec, drive=list(block["drive"]), passive=list(block["passive"]),
                                T_hot=float(block["T_hot_K"]), T_cold=float(block["T_cold_K"]),
                                method=block.get("method", "linear"), bath=block.get("bath_K"))
        dataset = dataset.merge(_prefixed(result, "drag_", spec, keep=("delta_T_passive", "J", "drag_resistance")),
                                compat="equals", join="exact")
    dataset.attrs["source"] = f"photodrag {__version__}"
    return dataset


def _temperature_coord(T: np.ndarray) -> xr.DataArray:
    return xr.DataArray(T, dims="temperature", attrs={"units": "K", "long_name": "temperature"})


def _prefixed(result: xr.Dataset, prefix: str, spec: xr.Dataset, keep=()) -> xr.Dataset:
    """A solver's dataset with its variables renamed prefix+name (names in ``keep`` unchanged).

    Dimensions the spectra do not have (``thermostat``) are prefixed too, so that a
    steady state and a drag result, whose thermostats differ, merge into one file
    (``steady_state_thermostat``, ``drag_thermostat``). Variables copied from the spectra
    (geometry, materials, field) are dropped: the thermal file holds them once.
    """
    result = result.drop_vars([c for c in result.coords if c not in result.dims])
    result = result.drop_vars([v for v in result.data_vars if v in spec.data_vars])
    rename = {v: (v if v in keep else prefix + v) for v in result.data_vars}
    out = result.rename_vars(rename)
    own_dims = {d: prefix + d for d in out.dims if d not in spec.dims}
    out = out.rename(own_dims)
    out.attrs = {}
    return out


# ---------------------------------------------------------------- materials


def material_tables(config: dict) -> dict[str, tuple[str, list[float] | None]]:
    """Every ε table the config needs: table name -> (material name, B in T or None).

    One table per material of every system, and per field for magneto-optical ones.
    """
    out = {}
    for system in expand_systems(config).values():
        for name in system.materials:
            out[material_table_name(name, system.B)] = (name, system.B if named_material(name).magneto_optical else None)
    return dict(sorted(out.items()))


def material_table(name: str, B, omega_spec) -> xr.Dataset:
    """ε(ω) of a named material under field B (tesla 3-vector or None) on the grid ``omega_rad_s``."""
    omega = np.asarray(sweep_values(omega_spec))
    model = named_material(name)
    return xr.Dataset(
        {
            "epsilon": (("omega", "row", "column"), model.epsilon(omega, B), {
                "units": "1", "long_name": f"relative permittivity tensor of {name}"}),
            "magnetic_field": (("xyz",), np.zeros(3) if B is None else np.asarray(B, dtype=float), {
                "units": "T", "long_name": "magnetic field (physical sign convention)"}),
        },
        coords={
            "omega": ("omega", omega, {"units": "rad/s", "long_name": "angular frequency"}),
            "row": ("row", ["x", "y", "z"], {"long_name": "tensor row (field component)"}),
            "column": ("column", ["x", "y", "z"], {"long_name": "tensor column (polarisation component)"}),
            "xyz": ("xyz", ["x", "y", "z"], {"long_name": "Cartesian component"}),
        },
        attrs={"material": name, "reference": model.reference,
               "time_convention": "exp(-i omega t); Im eps > 0 is loss"},
    )


#: Unit vectors of the polarisations of a field map: circular about z (B along z) and linear along z.
POLARISATIONS = {
    "sigma_plus": np.array([1, 1j, 0]) / np.sqrt(2),   # counter-clockwise seen from +z (cyclotron-active
    "sigma_minus": np.array([1, -1j, 0]) / np.sqrt(2),  # for electrons, physics.md), and clockwise
    "z": np.array([0, 0, 1], dtype=complex),
}


def field_map(name: str, B_spec, radius: float, omega_spec) -> xr.Dataset:
    """ε and the absorption cross section of one isolated sphere over a (B, ω) grid.

    B along +z in tesla (a sweep), radius in m, ω in rad/s. For each polarisation e of
    :data:`POLARISATIONS` the dipole absorption cross section (physics.md, absorbing side)
    is σ_abs = k e†[(α − α†)/(2i) − (k³/6π) α†α] e, in m², with α the radiatively
    corrected polarizability. Its peaks in the (λ, B) plane are the particle's resonances,
    split by the field (paper Fig. 4b, inset).
    """
    from scipy import constants

    from .polarizability import quasistatic

    B_values = np.asarray(sweep_values(B_spec))
    omega = np.asarray(sweep_values(omega_spec))
    model = named_material(name)
    eps = np.stack([model.epsilon(omega, (0.0, 0.0, b)) for b in B_values])  # (B, omega, 3, 3)
    k = omega / constants.c
    radiative = (k**3 / (6 * np.pi))[None, :, None, None]
    alpha = np.linalg.inv(np.linalg.inv(quasistatic(eps, radius)) - 1j * radiative * np.eye(3))
    dagger = np.conj(np.swapaxes(alpha, -1, -2))
    chi = (alpha - dagger) / 2j - radiative * dagger @ alpha
    units = np.stack(list(POLARISATIONS.values()))  # (polarisation, 3)
    sigma = k[None, :, None] * np.einsum("pi,bwij,pj->bwp", units.conj(), chi, units).real
    return xr.Dataset(
        {
            "epsilon": (("B", "omega", "row", "column"), eps, {
                "units": "1", "long_name": f"relative permittivity tensor of {name}"}),
            "absorption_cross_section": (("B", "omega", "polarisation"), sigma, {
                "units": "m2", "long_name": "dipole absorption cross section of one sphere"}),
        },
        coords={
            "B": ("B", B_values, {"units": "T", "long_name": "magnetic field along +z (physical sign)"}),
            "omega": ("omega", omega, {"units": "rad/s", "long_name": "angular frequency"}),
            "row": ("row", ["x", "y", "z"], {"long_name": "tensor row (field component)"}),
            "column": ("column", ["x", "y", "z"], {"long_name": "tensor column (polarisation component)"}),
            "polarisation": ("polarisation", list(POLARISATIONS), {
                "long_name": "sigma_plus (1, i, 0)/sqrt 2, sigma_minus (1, -i, 0)/sqrt 2, z (0, 0, 1)"}),
        },
        attrs={"material": name, "radius_m": float(radius), "reference": model.reference,
               "time_convention": "exp(-i omega t); Im eps > 0 is loss"},
    )


#: What each figure kind shows: the figure's key that lists its inputs and, for studies,
#: the block each study must have.
FIGURE_INPUTS = {
    "drag": ("studies", "drag"),
    "conductance": ("studies", "conductance"),
    "supercurrent_spectrum": ("studies", "supercurrent"),
    "epsilon": ("materials", None),
    "field_map": ("field_maps", None),
}


def check_figures(config: dict) -> None:
    """Refuse, naming the figure, a figure without the inputs its kind needs."""
    for name, figure in sorted(config.get("figures", {}).items()):
        key, block = FIGURE_INPUTS[figure["kind"]]
        if not figure.get(key):
            raise ValueError(f"figure {name!r} of kind {figure['kind']!r} needs a list '{key}'")
        if block is None:
            continue
        studies = expand_studies(config)
        for wanted in figure[key]:
            matches = [s for s in studies.values() if wanted in (s.name, s.family)]
            if not matches:
                raise ValueError(f"figure {name!r} shows study {wanted!r}, which the config does not define")
            if any(block not in s.config for s in matches):
                raise ValueError(f"figure {name!r} of kind {figure['kind']!r} shows study {wanted!r}, "
                                 f"which has no '{block}' block")


def config_subtree(config: dict, *, systems=(), studies=(), figures=()) -> dict:
    """The parts of the config that a result depends on, as plain sorted builtins."""
    out = {}
    if systems:
        out["systems"] = {s: config["systems"][s] for s in systems}
    if studies:
        out["studies"] = {s: config["studies"][s] for s in studies}
    if figures:
        out["figures"] = {f: config["figures"][f] for f in figures}
    return plain(out)


__all__ = [
    "plain", "sweep_values", "omega_grid", "chunk_slice", "expand_systems", "expand_studies",
    "SystemSpec", "StudySpec", "build_system", "spectra_chunk", "merge_chunks", "thermal", "adaptive_grid",
    "is_adaptive",
    "material_table_name", "field_label", "config_subtree", "material_tables", "material_table", "field_map",
]
