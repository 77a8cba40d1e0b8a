"""Heat in time: how the particles' temperatures relax under radiative exchange.

Each free particle i (heat capacity C_i, J/K) obeys

    C_i dT_i/dt = Σ_j q_{j→i}(T) + b_i(T),

with the exact Landauer flows of photodrag.thermal.temperatures (q_{j→i} = P_{j→i}(T_j) −
P_{i→j}(T_i), b_i = P_{b→i}(T_b) − P_{i→b}(T_i) when the bath is on): Θ is taken at the
actual temperatures, nothing is linearised and nothing is symmetrised. Thermostated
particles keep their temperature; their thermostat injects p_f = −(Σ_j q_{j→f} + b_f).

The system is stiff (its rates span orders of magnitude), so it is integrated by an
implicit solver (scipy.integrate.solve_ivp, BDF or Radau) whose Jacobian is the exact one,
∂(C_i dT_i/dt)/∂T_k = G_{k→i}(T_k) for k ≠ i and −Σ_j G_{i→j}(T_i) − G_{i→b}(T_i) for k = i:
the conductance matrix at the current temperatures.

Energy bookkeeping. Alongside the temperatures the solver integrates, with the same error
control, the energy each thermostat has injected and the net energy the particles have
received from the bath. Because the pair flows are antisymmetric, at every instant

    Σ_i C_i (T_i(t) − T_i(0)) = bath_energy(t) + Σ_f thermostat_energy_f(t),

and the solver keeps this linear invariant to round-off (every implicit linear multistep or
Runge–Kutta step does, given a Jacobian that respects it, as this one does).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr
from scipy.integrate import solve_ivp

from .capacity import heat_capacities
from ..checks import check_reals, check_temperature
from ..deprecation import renamed_arguments
from .exchange import Exchange, NonlinearModel
from .field import require_single_field
from .exchange import total
from .options import Thermostats, check_bath, reservoir_temperatures
from .temperatures import ConvergenceError

#: Solvers of scipy.integrate.solve_ivp that take a Jacobian and suit stiff problems.
SOLVERS = ("BDF", "Radau")

#: Default relative tolerance of the solver (on temperatures and energies).
DEFAULT_RTOL = 1e-8

#: Default absolute tolerance of the solver, in K (energies: in K times the mean heat capacity).
DEFAULT_ATOL_K = 1e-8

#: Default cap on the evaluations of the right-hand side.
DEFAULT_MAX_EVALUATIONS = 100_000

POWER_DEFINITION = (
    "power[time, particle=i] = sum_j heat_flow[j, i] + bath_power[i] (+ surface_power[i] above a surface): net "
    "radiative power particle i receives from the other particles and from the bath (zero bath term when the bath "
    "is off) and the surface; the thermostat's injection is not included, so for a free particle power = C dT/dt "
    "and for a thermostated one power = -thermostat_power"
)

ENERGY_BALANCE = (
    "stored_energy = sum_i C_i (T_i(t) - T_i(0)) = bath_energy (+ surface_energy) + sum_f thermostat_energy_f; "
    "bath_energy is the net energy the particles received from the bath (what went to the bath is -bath_energy), "
    "surface_energy the same for the surface below them, thermostat_energy_f the energy thermostat f injected into "
    "its particle"
)


class RelaxationError(ConvergenceError):
    """The time integration could not be finished."""


class _Abort(Exception):
    """Raised inside the right-hand side to stop the solver with a reason."""


def _check_times(t) -> np.ndarray:
    times = check_reals(t, "t", "an array of times in s (real numbers)")
    if times.ndim != 1 or times.size < 2:
        raise ValueError(f"t must be a 1-D array of at least two times in s, got shape {times.shape}")
    if not np.all(np.isfinite(times)):
        raise ValueError("t contains NaN or infinity")
    if times[0] != 0:
        raise ValueError(f"t must start at 0 s (the initial state), got t[0] = {times[0]} s")
    steps = np.diff(times)
    if np.any(steps <= 0):
        k = int(np.flatnonzero(steps <= 0)[0])
        raise ValueError(f"t must be strictly increasing: t[{k}] = {times[k]} s, t[{k + 1}] = {times[k + 1]} s")
    return times


def _check_initial(T0, n: int, thermostats: Thermostats) -> np.ndarray:
    values = np.atleast_1d(np.asarray(T0, dtype=object))
    if values.shape != (n,):
        raise ValueError(f"T0 must have shape ({n},) in K (one initial temperature per particle), got {values.shape}")
    T = np.array([check_temperature(v, f"T0[{k}]") for k, v in enumerate(values)])
    for index, held in thermostats.held.items():
        if abs(T[index] - held) > 1e-12 * held:
            raise ValueError(
                f"T0[{index}] = {T[index]} K but the thermostat holds particle {index} at {held} K: "
                "give a thermostated particle its thermostat's temperature in T0"
            )
    return T


class _Problem:
    """The state y = (T_free in K, reservoir energies / C_s, thermostat energies / C_s) and its derivatives.

    One energy per reservoir of the spectra (the bath, and the surface above one): what the
    particles received from it. Energies are divided by the mean heat capacity C_s (J/K) so that
    they are in kelvin, like the temperatures, and one absolute tolerance serves both.
    """

    def __init__(self, exchange: Exchange, temperatures: dict, capacity, thermostats: Thermostats,
                 max_evaluations: int):
        self.model = NonlinearModel(exchange, temperatures)
        self.reservoirs = exchange.reservoirs
        self.capacity = capacity
        self.fixed = thermostats.index
        self.free = thermostats.free(capacity.size)
        self.T_fixed = thermostats.temperatures
        self.scale = float(capacity.mean())
        self.n_free = self.free.size
        self.max_evaluations = max_evaluations
        self.evaluations = 0
        self.t_last = 0.0

    def temperatures(self, y: np.ndarray) -> np.ndarray:
        T = np.empty(self.capacity.size)
        T[self.free] = y[: self.n_free]
        T[self.fixed] = self.T_fixed
        return T

    def _checked(self, t: float, y: np.ndarray) -> np.ndarray:
        T = self.temperatures(y)
        if not np.all(np.isfinite(T) & (T > 0)):
            raise _Abort(f"a trial temperature left the physical range (T = {T.tolist()} K) near t = {t:.6g} s")
        return T

    def received(self, T: np.ndarray) -> tuple[np.ndarray, dict]:
        """Net power each particle receives from the others and the reservoirs (N,), and each reservoir's
        part {r: (N,)} (zeros for a reservoir that is off), W."""
        pair, parts = self.model.flows(T)
        parts = {r: parts.get(r, np.zeros(T.size)) for r in self.reservoirs}
        return pair.sum(axis=0) + total(parts, T.size), parts

    def rhs(self, t: float, y: np.ndarray) -> np.ndarray:
        self.evaluations += 1
        if self.evaluations > self.max_evaluations:
            raise _Abort(f"more than {self.max_evaluations} evaluations of the powers")
        self.t_last = t
        received, parts = self.received(self._checked(t, y))
        if not np.all(np.isfinite(received)):
            raise _Abort(f"the powers are not finite at t = {t:.6g} s: check the spectra for NaN or infinity")
        return np.concatenate([
            received[self.free] / self.capacity[self.free],
            [parts[r].sum() / self.scale for r in self.reservoirs],
            -received[self.fixed] / self.scale,
        ])

    def jacobian(self, t: float, y: np.ndarray) -> np.ndarray:
        jac, G_to = self.model.linearisation(self._checked(t, y))     # ∂received_i/∂T_k, [i, k]
        full = np.zeros((y.size, y.size))
        full[: self.n_free, : self.n_free] = jac[np.ix_(self.free, self.free)] / self.capacity[self.free, None]
        for row, r in enumerate(self.reservoirs, start=self.n_free):   # Σ_i (P_{r→i} − P_{i→r}(T_i)): −G_{k→r}
            if r in G_to:
                full[row, : self.n_free] = -G_to[r][self.free] / self.scale
        full[self.n_free + len(self.reservoirs):, : self.n_free] = -jac[np.ix_(self.fixed, self.free)] / self.scale
        return full


@renamed_arguments(positional=("bath",), spec="spectra", bath="T_bath", method="integrator")
def relax(
    spectra: xr.Dataset, T0, t, heat_capacity=None, fixed: Mapping[int, float] | None = None, *,
    T_bath: float | None = None, T_surface: float | None = None, integrator: str = "BDF", rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL_K, max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
) -> xr.Dataset:
    """Temperatures in time under the exact (nonlinear) radiative exchange.

    Parameters
    ----------
    spectra : xarray.Dataset
        Output of :func:`photodrag.spectra` for one field (no ``B`` dimension).
    T0 : array_like, shape (N,)
        Initial temperatures in K; a thermostated particle's entry must equal its thermostat's.
    t : array_like, shape (n_time,)
        Output times in s: strictly increasing, ``t[0] = 0``.
    heat_capacity : array_like, shape (N,), optional
        Heat capacities in J/K. Default: each material's volumetric heat capacity
        (``photodrag.material(name).volumetric_heat_capacity``, J m⁻³ K⁻¹) times 4πR³/3.
    fixed : mapping int -> float, optional
        Thermostated particles and their temperatures in K.
    T_bath : float or None
        Bath temperature in K, or None for no bath.
    T_surface : float or None
        Temperature of the surface in K (spectra above a surface only, and then required).
    integrator : {"BDF", "Radau"}
        Implicit solver of scipy.integrate.solve_ivp.
    rtol : float
        Relative tolerance of the solver, on the temperatures and on the energies.
    atol : float
        Absolute tolerance in K on the temperatures (on the energies: atol times the mean
        heat capacity, in J).
    max_evaluations : int
        Evaluations of the powers allowed before the integration is abandoned.

    ``bath=`` (also by position) and ``method=`` are the deprecated spellings of ``T_bath=``
    and ``integrator=``: they still work, with a DeprecationWarning.

    Returns
    -------
    xarray.Dataset with
        temperature (time, particle) K;
        power (time, particle) W, the net radiative power each particle receives from the
        other particles and the bath, thermostat not included (attribute ``definition``);
        bath_power (time, particle) W, the bath's part of it (zero when the bath is off);
        thermostat_power (time, thermostat) W, what each thermostat injects;
        bath_energy (time) J, net energy received from the bath since t = 0;
        thermostat_energy (time, thermostat) J, energy each thermostat injected since t = 0;
        stored_energy (time) J, Σ_i C_i (T_i(t) − T_i(0));
        heat_capacity (particle) J/K; thermostated (particle) bool; the spectra's geometry.
        Attributes: the integrator (attribute ``method``), rtol, atol_K, n_evaluations, n_jacobian_evaluations,
        n_lu_decompositions, status, message; bath, bath_temperature_K, heat_capacity_source,
        power_definition, energy_balance and max_energy_residual_J (largest
        |stored_energy − bath_energy − Σ thermostat_energy| over the output times).

    Raises
    ------
    ValueError
        Times not increasing or not starting at 0, temperatures or heat capacities that are
        not finite and positive, wrong shapes, a thermostat out of range or disagreeing with
        T0, a material without a known heat capacity (and no ``heat_capacity``), an unknown
        integrator or tolerance.
    RelaxationError
        The solver could not finish (it failed, ran out of evaluations, or a temperature
        left the physical range); no temperatures are returned.
    """
    require_single_field(spectra, "relax")
    if integrator not in SOLVERS:
        raise ValueError(f"integrator must be one of {SOLVERS} (implicit solvers of solve_ivp), got {integrator!r}")
    for name, value in (("rtol", rtol), ("atol", atol)):
        if not (np.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    if max_evaluations < 1:
        raise ValueError(f"max_evaluations must be at least 1, got {max_evaluations}")
    exchange = Exchange.from_spectra(spectra)
    n = exchange.n_particles
    times = _check_times(t)
    thermostats = Thermostats.checked({} if fixed is None else fixed, n)
    T_start = _check_initial(T0, n, thermostats)
    capacity = heat_capacities(spectra, heat_capacity)
    temperatures = reservoir_temperatures(exchange, check_bath(T_bath), T_surface)

    problem = _Problem(exchange, temperatures, capacity, thermostats, max_evaluations)
    y0 = np.concatenate([T_start[problem.free], np.zeros(len(problem.reservoirs) + problem.fixed.size)])
    try:
        solution = solve_ivp(problem.rhs, (0.0, times[-1]), y0, method=integrator, t_eval=times,
                             jac=problem.jacobian, rtol=rtol, atol=atol)
    except _Abort as reason:
        raise RelaxationError(
            f"the relaxation could not be finished: {reason}; it had reached t = {problem.t_last:.6g} s "
            f"of {times[-1]:.6g} s"
        ) from None
    if solution.status != 0 or solution.y.shape[1] != times.size:
        raise RelaxationError(
            f"the relaxation could not be finished: solve_ivp ({integrator}) stopped with status {solution.status}: "
            f"{solution.message}"
        )
    if not np.all(np.isfinite(solution.y)):
        raise RelaxationError("the relaxation produced non-finite values: check the spectra for NaN or infinity")
    return _dataset(spectra, problem, solution, times, T_start, temperatures, heat_capacity is None,
                    dict(method=integrator, rtol=rtol, atol_K=atol))


def _dataset(spectra, problem: _Problem, solution, times, T_start, temperatures, default_capacity,
             solver) -> xr.Dataset:
    temperature = np.array([problem.temperatures(y) for y in solution.y.T])
    received, parts = zip(*(problem.received(T) for T in temperature), strict=True)
    received = np.array(received)
    capacity = problem.capacity
    stored = (temperature - T_start) @ capacity
    first = problem.n_free
    energies = {r: solution.y[first + k] * problem.scale for k, r in enumerate(problem.reservoirs)}
    thermostat_energy = solution.y[first + len(problem.reservoirs):].T * problem.scale
    residual = float(np.max(np.abs(stored - total(energies, times.size) - thermostat_energy.sum(axis=1))))
    n = capacity.size
    index = np.arange(n)
    provenance = {name: spectra[name] for name in ("position", "radius", "material", "magnetic_field")
                  if name in spectra}
    attrs = _attrs(solution, temperatures, default_capacity, solver, residual)
    reservoirs = {}
    for r in problem.reservoirs:
        reservoirs[f"{r}_power"] = (("time", "particle"), np.array([p[r] for p in parts]), {
            "units": "W", "long_name": f"net power received from the {r}"})
        reservoirs[f"{r}_energy"] = ("time", energies[r], {
            "units": "J", "long_name": f"net energy received from the {r} since t = 0"})
    return xr.Dataset(
        data_vars={
            "temperature": (("time", "particle"), temperature, {"units": "K", "long_name": "temperature"}),
            "power": (("time", "particle"), received, {
                "units": "W", "long_name": "net radiative power received from the other particles and the "
                + " and the ".join(problem.reservoirs), "definition": POWER_DEFINITION}),
            **reservoirs,
            "thermostat_power": (("time", "thermostat"), -received[:, problem.fixed], {
                "units": "W", "long_name": "power injected by the thermostat into its particle"}),
            "thermostat_energy": (("time", "thermostat"), thermostat_energy, {
                "units": "J", "long_name": "energy injected by the thermostat since t = 0"}),
            "stored_energy": ("time", stored, {
                "units": "J", "long_name": "change of the particles' heat content since t = 0"}),
            "heat_capacity": ("particle", capacity, {"units": "J/K", "long_name": "heat capacity"}),
            "thermostated": ("particle", np.isin(index, problem.fixed), {
                "long_name": "particle held by a thermostat"}),
            **provenance,
        },
        coords={
            "time": ("time", times, {"units": "s", "long_name": "time"}),
            "particle": ("particle", index, {"long_name": "particle index"}),
            "thermostat": ("thermostat", problem.fixed, {"long_name": "thermostated particle"}),
        },
        attrs=attrs,
    )

def _attrs(solution, temperatures: dict, default_capacity: bool, solver: dict, residual: float) -> dict:
    """The attributes of a relaxation: the solver's settings and counts, the reservoirs, the definitions."""
    T_bath, T_surface = temperatures.get("bath"), temperatures.get("surface")
    attrs = {
        "title": "photodrag relaxation in time",
        "model": "exact Landauer powers (Theta at the actual temperatures), implicit time integration",
        **solver,
        "n_evaluations": int(solution.nfev),
        "n_jacobian_evaluations": int(solution.njev),
        "n_lu_decompositions": int(solution.nlu),
        "status": int(solution.status),
        "message": str(solution.message),
        "bath": "off" if T_bath is None else "on",
        "heat_capacity_source": (
            "material volumetric heat capacity x sphere volume" if default_capacity else "given"
        ),
        "power_definition": POWER_DEFINITION,
        "energy_balance": ENERGY_BALANCE,
        "max_energy_residual_J": residual,
    }
    if T_bath is not None:
        attrs["bath_temperature_K"] = T_bath
    if T_surface is not None:
        attrs["surface_temperature_K"] = T_surface
    return attrs
