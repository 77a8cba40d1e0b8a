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

Two models of the exchange (paper eqs. 1 and 5–9):

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

import operator
from collections.abc import Mapping

import numpy as np
import xarray as xr

from ..checks import check_temperature
from .exchange import Exchange

METHODS = ("linear", "nonlinear")

#: Default Newton tolerance on the temperature update, in kelvin.
DEFAULT_TOLERANCE_K = 1e-9

#: Default cap on Newton iterations.
DEFAULT_MAX_ITERATIONS = 50

#: A net power below this fraction of a particle's gross exchange is round-off.
_ROUND_OFF = 64 * np.finfo(float).eps

FLOW_CONVENTION = (
    "heat_flow[emitter=j, absorber=i] = P_{j->i}(T_j) - P_{i->j}(T_i): net heat from j to i, "
    "P_{j->i}(T) = int_0^inf domega/2pi Theta(omega, T) T_{j->i}(omega); positive when heat goes j -> i"
)


class ConvergenceError(RuntimeError):
    """The steady-state solve did not reach its tolerance."""


def _balance_jacobian(G: np.ndarray, G_to_bath: np.ndarray | None) -> np.ndarray:
    """∂(net power into i)/∂T_k in W/K, shape (N, N) indexed [i, k].

    G[e, a] is G_{e→a} at the emitter's temperature; G_to_bath (N,) is G_{i→b}, or None
    with the bath off. d/dT_k of Σ_j [P_{j→i}(T_j) − P_{i→j}(T_i)] is G_{k→i} for k ≠ i
    and −Σ_j G_{i→j} (− G_{i→b}) for k = i.
    """
    jac = G.T.copy()
    leaving = G.sum(axis=1) + (G_to_bath if G_to_bath is not None else 0.0)
    jac[np.diag_indices_from(jac)] = -leaving
    return jac


class _Nonlinear:
    """Exact Landauer balance: flows and their derivatives at any temperatures."""

    def __init__(self, exchange: Exchange, T_bath: float | None):
        self.exchange = exchange
        self.T_bath = T_bath
        if T_bath is not None:
            self._from_bath = exchange.from_bath_power(T_bath)

    def flows(self, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Net heat flow q[j, i] from j to i (N, N) and net power b_i from the bath (N,), in W."""
        flow, bath, _ = self.flows_and_gross(T)
        return flow, bath

    def flows_and_gross(self, T: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """As :meth:`flows`, plus each particle's gross exchange Σ_j (P_{j→i} + P_{i→j}) (+ bath), W (N,).

        The gross exchange sets the round-off floor of the particle's net power.
        """
        one_way, to_bath = self.exchange.emitted(T)
        gross = one_way.sum(axis=0) + one_way.sum(axis=1)
        if self.T_bath is None:
            return one_way - one_way.T, np.zeros_like(to_bath), gross
        return one_way - one_way.T, self._from_bath - to_bath, gross + self._from_bath + to_bath

    def jacobian(self, T: np.ndarray) -> np.ndarray:
        G, G_to_bath = self.exchange.conductances(T)
        return _balance_jacobian(G, G_to_bath if self.T_bath is not None else None)


class _Linear:
    """The exact balance expanded to first order about a uniform T_ref (module docstring)."""

    def __init__(self, exchange: Exchange, T_bath: float | None, T_ref: float):
        self.T_bath = T_bath
        self.T_ref = T_ref
        self.persistent, persistent_to_bath = exchange.persistent(T_ref)
        self.G, self.G_to_bath = exchange.conductances(np.full(exchange.n_particles, T_ref))
        if T_bath is not None:
            # b_i ≈ −φ⁰_{i→b} + G_{b→i}(T_ref)(T_b − T_ref) − G_{i→b}(T_ref)(T_i − T_ref)
            self._bath_constant = -persistent_to_bath + exchange.from_bath_conductance(T_ref) * (T_bath - T_ref)
        self._jacobian = _balance_jacobian(self.G, self.G_to_bath if T_bath is not None else None)

    def flows(self, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Linearised q[j, i] (N, N) and b_i (N,) in W."""
        dT = T - self.T_ref
        into = self.G * dT[:, None]  # G_{j→i}(T_ref)(T_j − T_ref), indexed [j, i]
        # both parts are antisymmetric to the last bit; the driven part is kept apart from
        # the (much larger) one-way powers so that no digits of it are lost
        pair = self.persistent + (into - into.T)
        if self.T_bath is None:
            return pair, np.zeros_like(T)
        return pair, self._bath_constant - self.G_to_bath * dT

    def jacobian(self, _T: np.ndarray) -> np.ndarray:
        return self._jacobian


def _thermostats(fixed, n: int) -> dict[int, float]:
    if not isinstance(fixed, Mapping):
        raise ValueError(f"fixed must map particle index -> thermostat temperature in K, e.g. {{0: 350.0, 1: 300.0}}; "
                         f"got {type(fixed).__name__} {fixed!r:.60}")
    thermostats = {}
    for key, value in fixed.items():
        try:
            index = operator.index(key)
        except TypeError:
            raise ValueError(f"thermostat key {key!r} is not a particle index (an integer)") from None
        if not 0 <= index < n:
            raise ValueError(f"thermostat on particle {index}, but the system has particles 0..{n - 1}")
        thermostats[index] = check_temperature(value, f"thermostat temperature of particle {index}")
    return thermostats


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


def _solve_linear(model: _Linear, T: np.ndarray, free: np.ndarray) -> np.ndarray:
    """The linear model is affine in T: one Newton step from any start is its exact solution."""
    T = T.copy()
    if free.size:
        pair, bath = model.flows(T)
        T[free] += _newton_step(model, T, free, pair.sum(axis=0)[free] + bath[free])
    if np.any(T <= 0):
        raise ValueError(
            f"the linear model gives non-positive temperatures {T[T <= 0].tolist()} K: the temperature "
            "differences are too large for a linearisation about T_ref; use method='nonlinear'"
        )
    return T


def _solve_nonlinear(model: _Nonlinear, T: np.ndarray, free: np.ndarray, tol: float, max_iterations: int):
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
        pair, bath, gross = model.flows_and_gross(T)
        residual = pair.sum(axis=0)[free] + bath[free]
        if np.all(np.abs(residual) <= _ROUND_OFF * gross[free]):
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


def steady_state(
    spec: xr.Dataset,
    fixed: Mapping[int, float],
    method: str = "linear",
    T_ref: float = 300.0,
    bath: float | None = None,
    *,
    tol: float = DEFAULT_TOLERANCE_K,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> xr.Dataset:
    """Steady-state temperatures with some particles held by thermostats.

    Every particle not in ``fixed`` relaxes to zero net power (paper eq. 5; see the module
    docstring for the sign conventions and the two models).

    Parameters
    ----------
    spec : xarray.Dataset
        Output of :func:`photodrag.spectra`; its ω grid and quadrature weights are the
        integration rule.
    fixed : mapping int -> float
        Thermostated particles and their temperatures in K, e.g. ``{0: 350.0, 1: 300.0}``.
        May be empty when the bath is on.
    method : {"linear", "nonlinear"}
        ``"linear"``: first-order expansion about T_ref with the conductances at T_ref
        (paper eqs. 5–9, persistent currents kept). ``"nonlinear"``: exact Landauer balance.
    T_ref : float
        Expansion temperature of the linear model in K; starting point of Newton's method
        for the nonlinear one.
    bath : float or None
        Temperature of the surroundings in K, or None for no bath (as in the paper).
    tol : float
        Convergence criterion of the nonlinear solve in K: it stops when the largest Newton
        update of any temperature is at most ``tol``, or when every free particle's net power
        is at the round-off floor of its gross exchange. The linear model is solved directly
        (it is affine in the temperatures) and ignores ``tol``.
    max_iterations : int
        Newton iterations before :class:`ConvergenceError` is raised.

    Returns
    -------
    xarray.Dataset with
        temperature (particle) K; thermostated (particle) bool;
        thermostat_power (thermostat) W, the power each thermostat injects into its particle;
        heat_flow (emitter, absorber) W, net heat from emitter to absorber (antisymmetric);
        bath_power (particle) W, net power each particle receives from the bath (zero when off);
        position, radius, material, magnetic_field copied from ``spec``.
        Attributes: method, model, T_ref_K, bath, bath_temperature_K (bath on only),
        tolerance_K, iterations (Newton steps; 1 for the direct linear solve), max_residual_W
        (largest net power left on a free particle), flow_convention.

    Raises
    ------
    ValueError
        No thermostat and no bath, a thermostat index out of range, a temperature that is
        not finite and positive, an unknown method, or a linear solution with a temperature
        at or below 0 K (differences too large to linearise).
    ConvergenceError
        The solve did not reach ``tol`` in ``max_iterations``, or its equations are singular.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    exchange = Exchange.from_spectra(spec)
    n = exchange.n_particles
    thermostats = _thermostats(fixed, n)
    T_ref = check_temperature(T_ref, "T_ref")
    T_bath = None if bath is None else check_temperature(bath, "bath temperature")
    if not thermostats and T_bath is None:
        raise ValueError(
            "no thermostat and no bath: the temperatures are undetermined; fix at least one particle's "
            "temperature or turn the bath on"
        )
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be a positive number of kelvin, got {tol}")
    if max_iterations < 1:
        raise ValueError(f"max_iterations must be at least 1, got {max_iterations}")

    model = _Linear(exchange, T_bath, T_ref) if method == "linear" else _Nonlinear(exchange, T_bath)
    start = np.full(n, T_ref)
    fixed_index = np.array(sorted(thermostats), dtype=int)
    start[fixed_index] = [thermostats[i] for i in fixed_index]
    free = np.setdiff1d(np.arange(n), fixed_index)
    if method == "linear":
        T, iterations = _solve_linear(model, start, free), 1
    else:
        T, iterations = _solve_nonlinear(model, start, free, tol, max_iterations)

    pair, bath_in = model.flows(T)
    received = pair.sum(axis=0) + bath_in
    injected = -received[fixed_index]
    residual = float(np.max(np.abs(received[free]))) if free.size else 0.0
    if not (np.all(np.isfinite(T)) and np.all(np.isfinite(pair)) and np.all(np.isfinite(injected))):
        raise ConvergenceError("the steady state is not finite: check the spectra for NaN or infinity")
    return _dataset(spec, T, thermostats, fixed_index, injected, pair, bath_in, method, T_ref, T_bath, tol,
                    iterations, residual)


def _dataset(spec, T, thermostats, fixed_index, injected, pair, bath_in, method, T_ref, T_bath, tol, iterations,
             residual) -> xr.Dataset:
    n = T.size
    index = np.arange(n)
    provenance = {name: spec[name] for name in ("position", "radius", "material", "magnetic_field") if name in spec}
    attrs = {
        "title": "photodrag steady-state temperatures",
        "method": method,
        "T_ref_K": T_ref,
        "T_ref_meaning": (
            "expansion temperature of the conductances and persistent currents"
            if method == "linear" else "starting point of Newton's method"
        ),
        "bath": "off" if T_bath is None else "on",
        "tolerance_K": tol if method == "nonlinear" else 0.0,
        "iterations": iterations,
        "max_residual_W": residual,
        "flow_convention": FLOW_CONVENTION,
        "model": (
            "first-order expansion of the Landauer balance about a uniform T_ref, persistent currents kept "
            "(paper eqs. 5-9)" if method == "linear" else "exact Landauer balance, Newton's method (paper eqs. 1, 5)"
        ),
    }
    if T_bath is not None:
        attrs["bath_temperature_K"] = T_bath
    return xr.Dataset(
        data_vars={
            "temperature": ("particle", T, {"units": "K", "long_name": "steady-state temperature"}),
            "thermostated": ("particle", np.isin(index, fixed_index), {
                "long_name": "particle held by a thermostat"}),
            "thermostat_power": ("thermostat", injected, {
                "units": "W", "long_name": "power injected by the thermostat into its particle"}),
            "heat_flow": (("emitter", "absorber"), pair, {
                "units": "W", "long_name": "net heat flow from emitter to absorber"}),
            "bath_power": ("particle", bath_in, {
                "units": "W", "long_name": "net power received from the bath"}),
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
