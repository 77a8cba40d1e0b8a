"""Steady-state temperatures of many particles, some held by thermostats.

Conventions (docs/theory.md, repeated here because this is where they bite):

* Spectra are indexed [omega, emitter, absorber]; 𝒯_{j→i} carries the fluctuations of
  emitter j to absorber i.
* The power particle i absorbs from j is P_{j→i}(T_j) = ∫₀^∞ dω/2π Θ(ω, T_j) 𝒯_{j→i}(ω),
  integrated with the spectra's quadrature weights (photodrag.thermal.exchange).
* The net heat flow from j to i is q_{j→i} = P_{j→i}(T_j) − P_{i→j}(T_i): positive when
  heat goes from j to i. It is antisymmetric, q_{i→j} = −q_{j→i}.
* With the bath on at T_b, particle i also receives b_i = P_{b→i}(T_b) − P_{i→b}(T_i).
* A free (unthermostated) particle relaxes to zero net power: Σ_j q_{j→i} + b_i = 0.
  A thermostat injects whatever keeps its particle balanced:
  p_f = −(Σ_j q_{j→f} + b_f).

Two models of the exchange (paper eqs. 1 and 5–9; ``model=``, photodrag.thermal.exchange):

* ``"nonlinear"``: the exact Landauer balance above, Θ at the actual temperatures,
  solved by Newton's method. The Jacobian is exact: ∂P_{k→i}(T_k)/∂T_k = G_{k→i}(T_k),
  the conductance at the emitter's current temperature.
* ``"linear"``: that balance expanded to first order about a uniform temperature T_ref,

      q_{j→i} ≈ φ⁰_{j→i} + G_{j→i}(T_ref)(T_j − T_ref) − G_{i→j}(T_ref)(T_i − T_ref),
      φ⁰_{j→i} = ∫ dω/2π Θ(ω, T_ref) [𝒯_{j→i} − 𝒯_{i→j}],

  and likewise for the bath. The zeroth-order term φ⁰ is the persistent heat current
  (paper eq. 14): it vanishes in a reciprocal system, where the expansion reduces to the
  paper's Σ_j G_ji (T_j − T_i) = 0 (eqs. 6–8, T = C⁻¹V), and it is kept exactly when
  B ≠ 0. Nothing is symmetrised. With the bath on at T_b = T_ref the zeroth-order terms
  of each particle cancel (the engine's energy balance); with the bath off they do not in
  a non-reciprocal system, so an isolated set of particles is not at rest at a uniform
  temperature (the persistent currents need the bath to close).

Both models report flows that are consistent with their own temperatures, so that every
free particle balances and the thermostat powers plus the bath exchange sum to zero in
either model.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr

from ..deprecation import renamed_arguments
from .exchange import Exchange, balance_model, total
from .options import (
    DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE_K, MODEL_DESCRIPTIONS, SolverOptions, Thermostats, check_linearisation,
    reservoir_temperatures,
)

#: A net power below this fraction of a particle's gross exchange is round-off.
ROUND_OFF = 64 * np.finfo(float).eps

FLOW_CONVENTION = (
    "heat_flow[emitter=j, absorber=i] = P_{j->i}(T_j) - P_{i->j}(T_i): net heat from j to i, "
    "P_{j->i}(T) = int_0^inf domega/2pi Theta(omega, T) T_{j->i}(omega); positive when heat goes j -> i"
)

#: The variables of a steady state that hold a physical result (the rest is provenance).
STATE_VARIABLES = ("temperature", "thermostat_power", "heat_flow", "bath_power", "surface_power")


class ConvergenceError(RuntimeError):
    """The steady-state solve did not reach its tolerance."""


def _newton_step(model, T: np.ndarray, free: np.ndarray, residual: np.ndarray) -> np.ndarray:
    """The Newton update of the free temperatures, in K (free.size,)."""
    jac = model.jacobian(T)[np.ix_(free, free)]
    try:
        step = np.linalg.solve(jac, -residual)
    except np.linalg.LinAlgError:
        raise ConvergenceError(
            "the balance equations of the free particles are singular: some free particle exchanges no heat "
            "with any thermostat or the bath on this frequency grid"
        ) from None
    if not np.all(np.isfinite(step)):
        raise ConvergenceError("the Newton update is not finite: the balance equations are (nearly) singular")
    return step


def _solve_linear(model, T: np.ndarray, free: np.ndarray) -> np.ndarray:
    """The linear model is affine in T: one Newton step from any start is its exact solution."""
    T = T.copy()
    if free.size:
        pair, reservoirs = model.flows(T)
        T[free] += _newton_step(model, T, free, (pair.sum(axis=0) + total(reservoirs, T.size))[free])
    if np.any(T <= 0):
        raise ValueError(
            f"the linear model gives non-positive temperatures {T[T <= 0].tolist()} K: the temperature "
            "differences are too large for a linearisation about T_ref; use model='nonlinear'"
        )
    return T


def _solve_nonlinear(model, T: np.ndarray, free: np.ndarray, tol: float, max_iterations: int):
    """Newton's method on the net power of the free particles; T holds the start and the fixed values.

    Converged when the largest update is at most ``tol`` (K), or when every free particle's
    net power is at the round-off floor of its gross exchange (no update can do better).
    No temperature changes by more than half its value in one step, which keeps a far
    start (where Θ is exponentially small) from overshooting.
    """
    T = T.copy()
    if free.size == 0:
        return T, 0
    for iteration in range(1, max_iterations + 1):
        pair, reservoirs, gross = model.flows_and_gross(T)
        residual = (pair.sum(axis=0) + total(reservoirs, T.size))[free]
        if np.all(np.abs(residual) <= ROUND_OFF * gross[free]):
            return T, iteration - 1
        step = _newton_step(model, T, free, residual)
        step *= min(1.0, 0.5 * float(np.min(T[free] / np.maximum(np.abs(step), np.finfo(float).tiny))))
        T[free] += step
        if np.max(np.abs(step)) <= tol:
            return T, iteration
    raise ConvergenceError(
        f"steady state not converged after {max_iterations} Newton iterations: last temperature "
        f"update {np.max(np.abs(step)):.3e} K > tolerance {tol:.3e} K"
    )


def _held(start: np.ndarray, free: np.ndarray, temperatures: dict) -> list[float]:
    """The temperatures held fixed, K: the thermostats' (in ``start``, off ``free``) and the reservoirs' that are on."""
    fixed = np.setdiff1d(np.arange(start.size), free)
    return [*map(float, start[fixed]), *(T for T in temperatures.values() if T is not None)]


def _restarted(exchange: Exchange, temperatures: dict, start: np.ndarray, free: np.ndarray, options: SolverOptions,
               failure: ConvergenceError) -> tuple[np.ndarray, int, str]:
    """Newton's method once more, after it failed from T_ref: from the linear solution about the mean held
    temperature (a start near the answer where T_ref is far from it, as 300 K is from thermostats at 10-20 K).

    Returns the temperatures, the iterations and what was done (an attribute of the result); raises
    ConvergenceError naming T_ref and the held temperatures when this start fails too.
    """
    held = _held(start, free, temperatures)
    middle = float(np.mean(held))
    guess = start.copy()
    guess[free] = middle
    try:
        guess = _solve_linear(balance_model(exchange, "linear", temperatures, middle), guess, free)
    except (ValueError, ConvergenceError):
        pass  # no usable linear solution: start at the mean held temperature
    try:
        T, iterations = _solve_nonlinear(balance_model(exchange, "nonlinear", temperatures, options.T_ref), guess,
                                         free, options.tol, options.max_iterations)
    except ConvergenceError:
        raise ConvergenceError(
            f"{failure} (from T_ref = {options.T_ref:g} K), and again from the linear solution about {middle:g} K, "
            f"the mean of the held temperatures ({min(held):g}-{max(held):g} K): give T_ref near the temperatures "
            "you expect, or raise max_iterations") from None
    return T, iterations, (f"Newton's method did not converge from T_ref = {options.T_ref:g} K and was restarted from "
                           f"the linear solution about {middle:g} K, the mean of the held temperatures")


@renamed_arguments(positional=("method", "T_ref", "bath"), spec="spectra", method="model", bath="T_bath")
def steady_state(
    spectra: xr.Dataset, fixed: Mapping[int, float], *,
    model: str = "linear", T_ref: float = 300.0, T_bath: float | None = None, T_surface: float | None = None,
    tol: float = DEFAULT_TOLERANCE_K, max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> xr.Dataset:
    """Steady-state temperatures with some particles held by thermostats.

    Every particle not in ``fixed`` relaxes to zero net power (paper eq. 5; see the module
    docstring for the sign conventions and the two models).

    Parameters
    ----------
    spectra : xarray.Dataset
        Output of :func:`photodrag.spectra`; its ω grid and quadrature weights are the
        integration rule.
    fixed : mapping int -> float
        Thermostated particles and their temperatures in K, e.g. ``{0: 350.0, 1: 300.0}``.
        May be empty when the bath is on.
    model : {"linear", "nonlinear"}
        ``"linear"``: first-order expansion about T_ref with the conductances at T_ref
        (paper eqs. 5–9, persistent currents kept). ``"nonlinear"``: exact Landauer balance.
    T_ref : float
        Expansion temperature of the linear model in K (a held temperature beyond a factor 2 of
        it warns, :class:`~photodrag.thermal.LinearisationWarning`); starting point of Newton's
        method for the nonlinear one (should it not converge from there, it is restarted once from
        the linear solution about the mean held temperature, and the result's attribute
        ``newton_restart`` says so).
    T_bath : float or None
        Temperature of the surroundings in K, or None for no bath (as in the paper).
    T_surface : float or None
        Temperature of the surface below the particles in K: required for spectra of particles
        above a surface (``System(..., surface=...)``), refused for spectra without one.
    tol : float
        Convergence criterion of the nonlinear solve in K: it stops when the largest Newton
        update of any temperature is at most ``tol``, or when every free particle's net power
        is at the round-off floor of its gross exchange. The linear model is solved directly
        (it is affine in the temperatures) and ignores ``tol``.
    max_iterations : int
        Newton iterations before :class:`ConvergenceError` is raised.

    ``method=`` and ``bath=`` (and passing them by position) are the deprecated spellings of
    ``model=`` and ``T_bath=``: they still work, with a DeprecationWarning.

    Returns
    -------
    xarray.Dataset with
        temperature (particle) K; thermostated (particle) bool;
        thermostat_power (thermostat) W, the power each thermostat injects into its particle;
        heat_flow (emitter, absorber) W, net heat from emitter to absorber (antisymmetric);
        bath_power (particle) W, net power each particle receives from the bath (zero when off);
        surface_power (particle) W, net power each particle receives from the surface (above a
        surface only); position, radius, material, magnetic_field copied from ``spectra``.
        Attributes: method (the model's name), model (its description), T_ref_K, bath,
        bath_temperature_K (bath on only), surface_temperature_K (above a surface), tolerance_K, iterations (Newton steps; 1 for the
        direct linear solve), max_residual_W (largest net power left on a free particle),
        flow_convention.

    Raises
    ------
    ValueError
        No thermostat and no bath (nor surface), a missing or superfluous T_surface, a thermostat
        index out of range, a temperature that is
        not finite and positive, an unknown model, or a linear solution with a temperature
        at or below 0 K (differences too large to linearise).
    ConvergenceError
        The solve did not reach ``tol`` in ``max_iterations``, or its equations are singular.
    """
    exchange = Exchange.from_spectra(spectra)
    thermostats = Thermostats.checked(fixed, exchange.n_particles)
    options = SolverOptions.checked(model, T_ref, T_bath, tol, max_iterations, T_surface)
    return solve(spectra, exchange, thermostats, options)


def solve(spectra: xr.Dataset, exchange: Exchange, thermostats: Thermostats, options: SolverOptions) -> xr.Dataset:
    """:func:`steady_state` of validated thermostats and options (``exchange``: the spectra on plain arrays)."""
    temperatures = reservoir_temperatures(exchange, options.T_bath, options.T_surface)
    if not thermostats.held and all(T is None for T in temperatures.values()):
        raise ValueError(
            "no thermostat and no bath: the temperatures are undetermined; fix at least one particle's "
            "temperature or turn the bath on"
        )
    n = exchange.n_particles
    balance = balance_model(exchange, options.model, temperatures, options.T_ref)
    start = np.full(n, options.T_ref)
    fixed_index = thermostats.index
    start[fixed_index] = thermostats.temperatures
    free = thermostats.free(n)
    restart = {}
    if options.model == "linear":
        check_linearisation(options.T_ref, _held(start, free, temperatures), stacklevel=3)
        T, iterations = _solve_linear(balance, start, free), 1
    else:
        try:
            T, iterations = _solve_nonlinear(balance, start, free, options.tol, options.max_iterations)
        except ConvergenceError as failure:
            T, iterations, restart["newton_restart"] = _restarted(exchange, temperatures, start, free, options, failure)

    pair, reservoirs = balance.flows(T)
    received = pair.sum(axis=0) + total(reservoirs, n)
    injected = -received[fixed_index]
    residual = float(np.max(np.abs(received[free]))) if free.size else 0.0
    if not (np.all(np.isfinite(T)) and np.all(np.isfinite(pair)) and np.all(np.isfinite(injected))):
        raise ConvergenceError("the steady state is not finite: check the spectra for NaN or infinity")
    attrs = {"title": "photodrag steady-state temperatures", **options.attrs(), "iterations": iterations,
             "max_residual_W": residual, "flow_convention": FLOW_CONVENTION,
             "model": MODEL_DESCRIPTIONS[options.model], **restart}
    return _dataset(spectra, T, fixed_index, injected, pair, reservoirs, attrs)


def _dataset(spectra, T, fixed_index, injected, pair, reservoirs, attrs) -> xr.Dataset:
    n = T.size
    index = np.arange(n)
    surface = {"surface_power": ("particle", reservoirs["surface"], {
        "units": "W", "long_name": "net power received from the surface"})} if "surface" in reservoirs else {}
    provenance = {name: spectra[name] for name in ("position", "radius", "material", "magnetic_field")
                  if name in spectra}
    return xr.Dataset(
        data_vars={
            "temperature": ("particle", T, {"units": "K", "long_name": "steady-state temperature"}),
            "thermostated": ("particle", np.isin(index, fixed_index), {
                "long_name": "particle held by a thermostat"}),
            "thermostat_power": ("thermostat", injected, {
                "units": "W", "long_name": "power injected by the thermostat into its particle"}),
            "heat_flow": (("emitter", "absorber"), pair, {
                "units": "W", "long_name": "net heat flow from emitter to absorber"}),
            "bath_power": ("particle", reservoirs.get("bath", np.zeros(n)), {
                "units": "W", "long_name": "net power received from the bath"}),
            **surface,
            **provenance,
        },
        coords={
            "particle": ("particle", index, {"long_name": "particle index"}),
            "emitter": ("emitter", index, {"long_name": "particle the heat leaves"}),
            "absorber": ("absorber", index, {"long_name": "particle the heat reaches"}),
            "thermostat": ("thermostat", fixed_index, {"long_name": "thermostated particle"}),
        },
        attrs=attrs,
    )
