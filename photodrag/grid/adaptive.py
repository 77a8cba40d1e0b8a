"""The adaptive grid itself: resonance-seeded G7/K15 panels refined until every integral converges."""

from __future__ import annotations

import inspect
import logging
import warnings

import numpy as np
import xarray as xr

from ..checks import check_count, check_real, check_reals
from ..diagnostics import energy_balance_residual
from ..engine.chunks import DEFAULT_MEMORY_BYTES
from ..spectra import auto_order_attributes, spectra
from ..system import System
from .quantities import integrals, panel_integrals, quantity_families, reservoir_channels
from .rules import GAUSS_INDEX, GAUSS_WEIGHTS, KRONROD_WEIGHTS, NODES, gauss_kronrod_panels
from .seeds import PANELS_PER_DECADE, default_omega_range, seed_edges, temperature_range

log = logging.getLogger(__name__)


class GridConvergenceWarning(UserWarning):
    """The adaptive grid stopped at its point budget before reaching the tolerance."""


def _evaluate(system, edges_lo, edges_hi, temperatures, supercurrent, memory_bytes):
    """Spectra at the K15 nodes of the given panels, and their Kronrod and Gauss−Kronrod integrals."""
    edges = np.stack([edges_lo, edges_hi], axis=1)
    centre, half = edges.mean(axis=1), (edges[:, 1] - edges[:, 0]) / 2
    nodes = centre[:, None] + half[:, None] * NODES
    kronrod = half[:, None] * KRONROD_WEIGHTS
    gauss = half[:, None] * GAUSS_WEIGHTS
    order = np.argsort(nodes, axis=None)  # spectra() takes increasing ω; refined panels come in any order
    at_nodes = spectra(system, nodes.ravel()[order], memory_bytes=memory_bytes).isel(omega=np.argsort(order))
    P, N = nodes.shape[0], system.n_particles
    pair = at_nodes["transmission"].values.reshape(P, 15, N, N)
    reservoirs = reservoir_channels(at_nodes, lambda values: values.reshape(P, 15, N))
    K = panel_integrals(nodes, kronrod, pair, reservoirs, temperatures, supercurrent)
    D = panel_integrals(nodes, kronrod - gauss, pair, reservoirs, temperatures, supercurrent)
    return at_nodes, K, D


def adaptive_spectra(
    system: System,
    T_range=(250.0, 400.0),
    tol: float = 1e-4,
    *,
    n_temperatures: int = 3,
    omega_range=None,
    floor: float = 1e-6,
    panels_per_decade: float = PANELS_PER_DECADE,
    max_points: int = 50_000,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
) -> xr.Dataset:
    """Spectra on an adaptive Gauss grid built until the study's integrals converge.

    Parameters
    ----------
    system : photodrag.System
    T_range : (T_min, T_max) in K
        Temperatures at which the integrals must converge; they are controlled at
        ``n_temperatures`` equally spaced temperatures from T_min to T_max (the
        integrands vary smoothly with T in between).
    tol : float
        Target relative error of every conductance G_{j→i}, every bath conductance (and surface
        conductance, above a surface) and, for B ≠ 0, every supercurrent φ_{i→j} (module docstring: relative to
        max(|Q|, floor × max of its kind)).
    omega_range : (ω_lo, ω_hi) in rad/s, optional
        Integration range; default :func:`default_omega_range`.
    floor : float
        Quantities below floor × the largest of their kind are held to that absolute level.
    panels_per_decade : float
        Logarithmic seed panels per decade of ω.
    max_points : int
        Budget of spectra evaluations (15 per panel). On reaching it the grid stops
        refining and warns (GridConvergenceWarning); the estimates stay honest.
    memory_bytes : int
        Passed to :func:`photodrag.spectra`.

    Returns
    -------
    xarray.Dataset
        What :func:`photodrag.spectra` returns, on the Gauss nodes (7 per panel, sorted),
        with ``quadrature_weight`` (omega) in rad/s, and:

        - ``conductance_error_estimate`` (grid_temperature, emitter, absorber), W/K;
        - ``bath_conductance_error_estimate`` (grid_temperature, bath_channel, particle), W/K,
          bath_channel = ['to_bath', 'from_bath'];
        - ``surface_conductance_error_estimate`` (grid_temperature, surface_channel, particle), W/K,
          above a surface;
        - ``supercurrent_error_estimate`` (grid_temperature, emitter, absorber), W (B ≠ 0 only);
        - ``grid_panel_edge`` (panel_edge), rad/s: the panels of the rule;
        - attributes grid_rule, grid_tolerance, grid_floor, grid_points_evaluated,
          grid_converged (0/1), grid_relative_error_estimate (the worst over all quantities).

        The estimates are |Σ_panels (K15 − G7)|: the estimated error of the stored rule
        (test: within 3× of the error against a 10× refined reference).
    """
    if not isinstance(system, System):
        raise ValueError(f"adaptive_spectra() takes a photodrag.System, got {type(system).__name__}")
    tol, panels_per_decade = _positive(tol, "tol"), _positive(panels_per_decade, "panels_per_decade")
    floor = _positive(floor, "floor", zero=True)
    n_temperatures, max_points = check_count(n_temperatures, "n_temperatures", 1), check_count(max_points, "max_points", 15)
    memory_bytes = check_count(memory_bytes, "memory_bytes", 1)
    T_min, T_max = temperature_range(T_range)
    temperatures = np.linspace(T_min, T_max, n_temperatures) if T_max > T_min else np.array([T_min])
    if omega_range is None:
        omega_range = default_omega_range(system, (T_min, T_max))
    omega_range = check_reals(omega_range, "omega_range", "(ω_lo, ω_hi) in rad/s (two real numbers)")
    if omega_range.shape != (2,) or not 0 < omega_range[0] < omega_range[1] or not np.isfinite(omega_range[1]):
        raise ValueError(f"omega_range must be (ω_lo, ω_hi) with 0 < ω_lo < ω_hi (rad/s), got {omega_range.tolist()}")
    low, high = (float(w) for w in omega_range)

    supercurrent = system.B is not None and bool(np.any(system.B != 0))
    families = quantity_families(system.n_particles, temperatures.size, supercurrent, system.surface is not None)
    family = families.family_index()

    edges = seed_edges(system, (low, high), panels_per_decade=panels_per_decade)
    panels = _refine(system, edges, temperatures, supercurrent, family, tol, floor, max_points, memory_bytes)
    return _assemble_result(system, *panels, temperatures, families, family, tol, floor)


def _positive(value, what: str, zero: bool = False) -> float:
    """A finite real option of adaptive_spectra, > 0 (or ≥ 0 with ``zero``); ValueError naming it otherwise."""
    expected = "a real number ≥ 0" if zero else "a positive real number"
    number = check_real(value, what, expected)
    if not (np.isfinite(number) and (number >= 0 if zero else number > 0)):
        raise ValueError(f"{what} must be {expected}, got {value!r}")
    return number


def _refine(system, edges, temperatures, supercurrent, family, tol, floor, max_points, memory_bytes):
    """Bisect the panels whose estimated error exceeds their share of ``tol`` until every quantity converges.

    Returns the spectra of every round and, per panel kept, its round, its index within that
    round's spectra, its edges and its Kronrod integrals and K − G differences; then the number
    of points evaluated and whether the grid converged within ``max_points``.
    """
    lo, hi = edges[:-1], edges[1:]
    lo, hi = edges[:-1], edges[1:]
    # Per panel: round, index within the round's spectra, Kronrod integrals, K − G.
    rounds: list[xr.Dataset] = []
    panel_round = np.empty(0, dtype=int)
    panel_local = np.empty(0, dtype=int)
    panel_lo = np.empty(0)
    panel_hi = np.empty(0)
    kronrod = np.empty((0, family[0].size))
    difference = np.empty((0, family[0].size))
    evaluated = 0
    converged = False
    while True:
        round_spectra, K_new, D_new = _evaluate(system, lo, hi, temperatures, supercurrent, memory_bytes)
        rounds.append(round_spectra)
        evaluated += 15 * lo.size
        panel_round = np.concatenate([panel_round, np.full(lo.size, len(rounds) - 1)])
        panel_local = np.concatenate([panel_local, np.arange(lo.size)])
        panel_lo, panel_hi = np.concatenate([panel_lo, lo]), np.concatenate([panel_hi, hi])
        kronrod, difference = np.concatenate([kronrod, K_new]), np.concatenate([difference, D_new])

        scale = _scales(kronrod.sum(axis=0), *family, floor)
        bound = np.abs(difference).sum(axis=0) / (tol * scale)
        log.info("adaptive grid: %d panels, %d evaluations, worst error bound %.2g of tol",
                 panel_lo.size, evaluated, bound.max())
        if bound.max() <= 1:
            converged = True
            break
        failing = bound > 1
        share = (np.abs(difference[:, failing]) / (tol * scale[failing])).max(axis=1)
        split = share >= min(1.0 / panel_lo.size, share.max())  # at least the worst panel
        if evaluated + 30 * np.count_nonzero(split) > max_points:
            warnings.warn(
                f"adaptive grid stopped at {evaluated} evaluations (max_points={max_points}) with an estimated "
                f"error bound {bound.max():.2g} × tol",
                GridConvergenceWarning,
                stacklevel=3,
            )
            break
        middle = (panel_lo[split] + panel_hi[split]) / 2
        lo = np.concatenate([panel_lo[split], middle])
        hi = np.concatenate([middle, panel_hi[split]])
        keep = ~split
        panel_round, panel_local = panel_round[keep], panel_local[keep]
        panel_lo, panel_hi = panel_lo[keep], panel_hi[keep]
        kronrod, difference = kronrod[keep], difference[keep]

    return rounds, panel_round, panel_local, panel_lo, panel_hi, kronrod, difference, evaluated, converged




#: The defaults of adaptive_spectra's options, read from its signature: the one place they are written
#: (the workflow's adaptive ω grids leave out what the config leaves out; the schema's documented defaults
#: are tested against these).
ADAPTIVE_DEFAULTS = {name: parameter.default for name, parameter in
                     inspect.signature(adaptive_spectra).parameters.items()
                     if parameter.default is not inspect.Parameter.empty}


def _scales(totals: np.ndarray, family: np.ndarray, partner: np.ndarray, floor: float) -> np.ndarray:
    """max(|Q_q|, floor × max |Q| over q's family and its partner family), never zero."""
    magnitude = np.abs(totals)
    family_max = np.zeros(family.max() + 1)
    np.maximum.at(family_max, family, magnitude)
    family_max = np.maximum(family_max, family_max[partner])
    scale = np.maximum(magnitude, floor * family_max[family])
    return np.where(scale > 0, scale, np.finfo(float).tiny)


def _assemble_result(system, rounds, panel_round, panel_local, panel_lo, panel_hi, kronrod, difference,
                     evaluated, converged, temperatures, families, family, tol, floor) -> xr.Dataset:
    omega_vars = [name for name in rounds[0].data_vars if "omega" in rounds[0][name].dims]
    parts, weights = [], []
    for r, round_spectra in enumerate(rounds):
        mine = np.flatnonzero(panel_round == r)
        if mine.size == 0:
            continue
        rows = (panel_local[mine][:, None] * 15 + GAUSS_INDEX).ravel()
        parts.append(round_spectra[omega_vars].isel(omega=rows))
        half = (panel_hi[mine] - panel_lo[mine]) / 2
        weights.append((half[:, None] * GAUSS_WEIGHTS[GAUSS_INDEX]).ravel())
    merged = xr.concat(parts, dim="omega")
    merged["quadrature_weight"] = ("omega", np.concatenate(weights), {
        "units": "rad/s", "long_name": "quadrature weight (7-point Gauss rule per panel)"})
    merged = merged.sortby("omega")
    result = xr.merge([rounds[0].drop_dims("omega"), merged], combine_attrs="override")

    estimate = np.abs(difference.sum(axis=0))
    relative = estimate / _scales(kronrod.sum(axis=0), *family, floor)
    split = families.split(estimate)
    grid_T = ("grid_temperature", temperatures, {"units": "K", "long_name": "temperature at which the grid was controlled"})
    result = result.assign_coords(grid_temperature=grid_T, bath_channel=("bath_channel", ["to_bath", "from_bath"], {"long_name": "bath channel: particle to bath, bath to particle"}))
    result["conductance_error_estimate"] = (("grid_temperature", "emitter", "absorber"), split["conductance"], {
        "units": "W/K", "long_name": "estimated error of the conductance integrated with quadrature_weight"})
    result["bath_conductance_error_estimate"] = (("grid_temperature", "bath_channel", "particle"),
                                                 split["bath_conductance"], {
        "units": "W/K", "long_name": "estimated error of the bath conductances integrated with quadrature_weight"})
    result["power_error_estimate"] = (("grid_temperature", "emitter", "absorber"), split["power"], {
        "units": "W", "long_name": "estimated error of the power emitter to absorber at the emitter temperature"})
    if "surface_conductance" in split:
        result = result.assign_coords(surface_channel=("surface_channel", ["to_surface", "from_surface"], {
            "long_name": "surface channel: particle to surface, surface to particle"}))
        result["surface_conductance_error_estimate"] = (("grid_temperature", "surface_channel", "particle"),
                                                        split["surface_conductance"], {
            "units": "W/K", "long_name": "estimated error of the surface conductances integrated with quadrature_weight"})
    if "supercurrent" in split:
        result["supercurrent_error_estimate"] = (("grid_temperature", "emitter", "absorber"), split["supercurrent"], {
            "units": "W", "long_name": "estimated error of the equilibrium heat supercurrent emitter to absorber"})
    edges = np.unique(np.concatenate([panel_lo, panel_hi]))
    result["grid_panel_edge"] = ("panel_edge", edges, {"units": "rad/s", "long_name": "edges of the quadrature panels"})
    result.attrs.update(
        grid_rule="7-point Gauss-Legendre per panel; error estimated by the 15-point Kronrod extension (QUADPACK qk15)",
        grid_tolerance=float(tol),
        grid_floor=float(floor),
        grid_points_evaluated=int(evaluated),
        grid_converged=int(converged),
        grid_relative_error_estimate=float(relative.max()),
        energy_balance_residual=float(energy_balance_residual(result).max()),
    )
    if "multipole_order_used" in result:  # the first round's summary, redone over the frequencies kept
        result.attrs.update(auto_order_attributes(result["multipole_order_used"].values,
                                                  result["multipole_truncation_error_estimate"].values,
                                                  result.attrs["multipole_tol"]))
    log.info("adaptive grid: %d panels, %d of %d evaluated points kept, estimated relative error %.2g",
             panel_lo.size, result.sizes["omega"], evaluated, relative.max())
    return result


def refined_reference(system: System, panel_edges, temperatures, *, factor: int = 10,
                      memory_bytes: int = DEFAULT_MEMORY_BYTES) -> dict[str, np.ndarray]:
    """The controlled quantities with each panel cut into ``factor`` equal parts and the K15 rule.

    A reference for the error estimates (same range, same panels, 10 × 15/7 ≈ 21× the nodes).
    Returns the same dictionary as :func:`integrals`.
    """
    edges = np.asarray(panel_edges, dtype=float)
    fine = (edges[:-1, None] + (edges[1:] - edges[:-1])[:, None] * np.linspace(0, 1, factor + 1)[:-1]).ravel()
    fine = np.append(fine, edges[-1])
    nodes, kronrod, _ = gauss_kronrod_panels(fine)
    fine_spectra = spectra(system, nodes.ravel(), quadrature_weight=kronrod.ravel(), memory_bytes=memory_bytes)
    return integrals(fine_spectra, temperatures)
