"""Stage spectra (workflow/rules/spectra.smk): adaptive ω grids, ω chunks of every sweep point, merging.

Swept lengths become dimensions *inside* one spectra file: one job computes one ω chunk of
every sweep point of a system, so a 40-point sweep pays Python start-up once per chunk, and
the chunks (the unit of distribution on a cluster) are merged into results/spectra/<system>.nc.
Each chunk carries the weights of the *whole* grid, so merged spectra integrate exactly as
the unsplit grid would.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import xarray as xr

from ..grid import ADAPTIVE_DEFAULTS, GAUSS_INDEX, adaptive_spectra, gauss_kronrod_panels
from ..progress import Progress
from ..spectra import auto_order_attributes, spectra
from .systems import SystemSpec
from .values import ConfigError

log = logging.getLogger(__name__)

#: Variables that never depend on the swept geometry.
SWEEP_INDEPENDENT = ("material", "magnetic_field", "quadrature_weight")

#: The keys of ``omega_rad_s: {adaptive: {...}}``: the argument of photodrag.grid.adaptive_spectra each
#: sets, and its conversion. A key left out takes that function's default (grid.ADAPTIVE_DEFAULTS).
ADAPTIVE_KEYS = {
    "tol": ("tol", float),
    "T_range_K": ("T_range", lambda values: tuple(float(v) for v in values)),
    "n_temperatures": ("n_temperatures", int),
    "max_points": ("max_points", int),
    "omega_range_rad_s": ("omega_range", lambda values: tuple(float(v) for v in values)),
}

#: Grid variables that travel from an adaptive grid's file into the spectra.
GRID_VARIABLES = ("grid_panel_edge", "grid_relative_error_estimate", "grid_points_evaluated", "grid_converged")


def chunk_slice(n_omega: int, chunk: int, n_chunks: int) -> slice:
    """The ω indices of chunk ``chunk`` (0-based) of ``n_chunks`` nearly equal, contiguous chunks."""
    if not 0 <= chunk < n_chunks or n_chunks > n_omega:
        raise ValueError(f"chunk {chunk} of {n_chunks} does not exist for {n_omega} frequencies")
    bounds = np.linspace(0, n_omega, n_chunks + 1).round().astype(int)
    return slice(int(bounds[chunk]), int(bounds[chunk + 1]))


def stack(datasets: list[xr.Dataset], coords: list[xr.DataArray], always=()) -> xr.Dataset:
    """Datasets in outer-product order of ``coords`` stacked along one new dimension per coordinate.

    Variables that are equal at every point (materials, radii, the field) are kept once, except
    those named in ``always`` (per-point diagnostics); along a sweep of one value only those in
    :data:`SWEEP_INDEPENDENT` are.
    """
    if not coords:
        return datasets[0]
    first, *rest = coords
    size = len(datasets) // first.size
    parts = [stack(datasets[i * size:(i + 1) * size], rest, always) for i in range(first.size)]
    if first.size == 1:
        varying = [v for v in parts[0].data_vars if v not in SWEEP_INDEPENDENT]
    else:
        varying = [v for v in parts[0].data_vars
                   if v in always or not all(p[v].equals(parts[0][v]) for p in parts)]
    return xr.concat(parts, dim=first, data_vars=varying, coords="minimal", compat="equals",
                     join="outer", combine_attrs="drop_conflicts")


def _coords(system: SystemSpec) -> list[xr.DataArray]:
    return [xr.DataArray(values, dims=dim, attrs=attrs) for dim, values, attrs in system.sweep_coords().values()]


def _describe(system: SystemSpec) -> dict:
    """Attributes that say what the system is, for the figures and the report."""
    fixed = {f"fixed_length_{name}_m": value for name, value in system.fixed_lengths.items() if name != "radius"}
    return {"system": system.name, "geometry": system.kind.name, "geometry_description": system.kind.description,
            **fixed}


def adaptive_grid(system: SystemSpec, memory_bytes: int) -> xr.Dataset:
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
    settings = system.config["omega_rad_s"]["adaptive"]
    options = {argument: convert(settings[key]) for key, (argument, convert) in ADAPTIVE_KEYS.items()
               if key in settings}
    applied = {**ADAPTIVE_DEFAULTS, **options}  # what adaptive_spectra will use
    edges, error, evaluated, converged = [], [], [], []
    points = system.points()
    progress = Progress(len(points), f"adaptive grid of {system.name}", log)
    for k, point in enumerate(points):
        built = adaptive_spectra(system.system(point), memory_bytes=memory_bytes, **options)
        edges.append(built["grid_panel_edge"].values)
        error.append(float(built.attrs["grid_relative_error_estimate"]))
        evaluated.append(int(built.attrs["grid_points_evaluated"]))
        converged.append(int(built.attrs["grid_converged"]))
        progress.update(k + 1)
    union = np.unique(np.concatenate(edges))
    nodes, _, gauss = gauss_kronrod_panels(union)
    omega, weight = nodes[:, GAUSS_INDEX].ravel(), gauss[:, GAUSS_INDEX].ravel()
    order = np.argsort(omega)
    dims = tuple(system.axes)

    def per_point(values, attrs):
        return dims, np.asarray(values).reshape(system.shape), attrs

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
                **{c.dims[0]: c for c in _coords(system)}},
        attrs={**_describe(system), "grid_rule": "7-point Gauss-Legendre per panel (G7/K15 adaptive, "
                                                "photodrag.grid.adaptive_spectra), union over sweep points",
               "grid_tolerance": applied["tol"], "grid_T_range_K": list(applied["T_range"])},
    )
    if not all(converged):
        log.warning("%s: the adaptive grid of %d sweep point(s) stopped at max_points before meeting tol",
                    system.name, len(converged) - sum(converged))
    return dataset


def chunk(system: SystemSpec, index: int, n_chunks: int, memory_bytes: int,
          grid: xr.Dataset | None = None) -> xr.Dataset:
    """Spectra of every sweep point of a system on ω chunk ``index`` (0-based), sweep dimensions leading.

    The ω grid and its weights are the config's (:meth:`SystemSpec.omega_grid`) or, for an
    adaptive system, those of ``grid`` (:func:`adaptive_grid`, built by its own job).
    """
    if system.adaptive:
        if grid is None:
            raise ConfigError(f"system {system.name!r} has an adaptive ω grid: pass the dataset adaptive_grid() built")
        omega, weight = grid["omega"].values, grid["quadrature_weight"].values
    else:
        omega, weight = system.omega_grid()
    part = chunk_slice(omega.size, index, n_chunks)
    points = system.points()
    label = (f"spectra of {system.name}, omega chunk {index + 1} of {n_chunks} ({math.prod(system.shape)} sweep "
             f"points, {part.stop - part.start} frequencies each)")
    progress = Progress(len(points), label, log)
    results = []
    for k, point in enumerate(points):
        results.append(spectra(system.system(point), omega[part], memory_bytes=memory_bytes,
                               quadrature_weight=weight[part], progress=progress.part(k, 1)))
    dataset = stack(results, _coords(system))
    if system.adaptive:  # the grid's provenance travels with the spectra (equal in every chunk)
        dataset = dataset.merge(grid.drop_dims("omega").reset_coords(drop=True)[list(GRID_VARIABLES)],
                                compat="equals", join="exact")
        dataset.attrs.update(grid_rule=grid.attrs["grid_rule"], grid_tolerance=grid.attrs["grid_tolerance"])
    dataset.attrs.update(_describe(system), omega_chunk=f"{index + 1} of {n_chunks}",
                         energy_balance_residual=max(float(d.attrs["energy_balance_residual"]) for d in results))
    return _with_order_summary(dataset)


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
    return _with_order_summary(merged)


def _with_order_summary(dataset: xr.Dataset) -> xr.Dataset:
    """Spectra of multipole_order="auto" with their summary attributes (multipole_order_max_used, ..._converged)
    over every sweep point and ω they hold: stacking points or merging chunks drops those that differ."""
    if "multipole_order_used" in dataset:
        dataset.attrs.update(auto_order_attributes(dataset["multipole_order_used"].values,
                                                   dataset["multipole_truncation_error_estimate"].values,
                                                   dataset.attrs["multipole_tol"]))
    return dataset
