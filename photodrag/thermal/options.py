"""What every thermal solver is told, validated once: the thermostats, and how a steady state is solved.

Every solver of photodrag.thermal spells its options alike, keyword-only (docs/theory.md#steady-states):

* ``model``: ``"linear"`` (the balance expanded about a uniform T_ref, persistent currents kept)
  or ``"nonlinear"`` (the exact Landauer balance, Newton's method);
* ``T_ref``: the expansion temperature of the linear model, Newton's starting point of the
  nonlinear one (K);
* ``T_bath``: the temperature of the surroundings in K, or None for no bath (as in the paper);
* ``T_surface``: the temperature of the surface below the particles in K, required when the
  spectra have a surface channel (a System with ``surface=``) and refused otherwise;
* ``tol`` (K) and ``max_iterations``: when Newton's method stops.

The thermostats are a mapping particle index -> temperature in K. The ``method=`` and
``bath=`` spellings of earlier releases still work for one release, with a DeprecationWarning
(photodrag.deprecation).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..checks import check_particle, check_temperature

#: Values of ``model``: the exchange expanded to first order about T_ref, or the exact balance.
MODELS = ("linear", "nonlinear")

#: Default Newton tolerance on the temperature update, in kelvin.
DEFAULT_TOLERANCE_K = 1e-9

#: Default cap on Newton iterations.
DEFAULT_MAX_ITERATIONS = 50

#: What the file attribute ``model`` says of each model.
MODEL_DESCRIPTIONS = {
    "linear": "first-order expansion of the Landauer balance about a uniform T_ref, persistent currents kept "
              "(paper eqs. 5-9)",
    "nonlinear": "exact Landauer balance, Newton's method (paper eqs. 1, 5)",
}


#: The linear model is applied without a warning to temperatures within this factor of T_ref.
LINEAR_RANGE = 2.0


class LinearisationWarning(UserWarning):
    """The linear model is applied at temperatures far from the T_ref it is expanded about."""


def check_linearisation(T_ref: float, held, stacklevel: int = 2) -> None:
    """Warn (LinearisationWarning) when a held temperature (K; thermostats, bath, surface) is not within a factor
    :data:`LINEAR_RANGE` of T_ref: the linear model expands Θ about T_ref, meaningless so far from it."""
    held = [float(T) for T in held if T is not None]
    far = [T for T in held if not T_ref / LINEAR_RANGE <= T <= LINEAR_RANGE * T_ref]
    if far:
        warnings.warn(
            f"the linear model expands the exchange about T_ref = {T_ref:g} K, but it is applied with temperatures "
            f"held at {min(held):g}-{max(held):g} K: beyond a factor {LINEAR_RANGE:g} of T_ref its conductances "
            "and persistent currents are those of another temperature. Give T_ref near the held temperatures, or use "
            "the nonlinear model", LinearisationWarning, stacklevel=stacklevel + 1)


def check_bath(T_bath) -> float | None:
    """``T_bath`` as a temperature in K, or None for no bath."""
    return None if T_bath is None else check_temperature(T_bath, "bath temperature")


def reservoir_temperatures(exchange, T_bath: float | None, T_surface) -> dict:
    """{reservoir: K or None} for the spectra of ``exchange`` (photodrag.thermal.exchange.Exchange).

    The surface of spectra above a surface is a reservoir like the bath but never optional: its
    temperature is required (a solve that dropped it would lose the heat the surface carries), and
    refused for spectra that have no surface channel.
    """
    has_surface = "surface" in exchange.reservoirs
    if has_surface and T_surface is None:
        raise ValueError("these spectra have a surface channel (the particles sit above a surface): give the "
                         "surface's temperature T_surface in K; the solver does not drop the heat the surface carries")
    if not has_surface and T_surface is not None:
        raise ValueError(f"T_surface = {T_surface!r} was given, but these spectra have no surface channel: they were "
                         "computed for particles in vacuum (photodrag.System(..., surface=None))")
    temperatures = {"bath": T_bath}
    if has_surface:
        temperatures["surface"] = check_temperature(T_surface, "surface temperature")
    return temperatures


@dataclass(frozen=True)
class SolverOptions:
    """How a steady state is solved; build it with :meth:`checked`, which validates every field.

    Attributes: model (one of MODELS), T_ref (K), T_bath (K or None), tol (K), max_iterations.
    """

    model: str
    T_ref: float
    T_bath: float | None
    tol: float
    max_iterations: int
    T_surface: float | None = None

    @classmethod
    def checked(cls, model: str = "linear", T_ref: float = 300.0, T_bath: float | None = None,
                tol: float = DEFAULT_TOLERANCE_K, max_iterations: int = DEFAULT_MAX_ITERATIONS,
                T_surface: float | None = None) -> "SolverOptions":
        """The options after checking them; ValueError naming the first that is wrong.

        ``T_surface`` is checked against the spectra by :func:`reservoir_temperatures`.
        """
        if not isinstance(model, str) or model not in MODELS:
            raise ValueError(f"model must be one of {MODELS}, got {model!r}")
        try:
            tol_ok = bool(np.isfinite(tol) and tol > 0)
        except TypeError:
            tol_ok = False
        if not tol_ok:
            raise ValueError(f"tol must be a positive number of kelvin, got {tol!r}")
        if isinstance(max_iterations, bool) or not isinstance(max_iterations, (int, np.integer)) or max_iterations < 1:
            raise ValueError(f"max_iterations must be an integer of at least 1, got {max_iterations!r}")
        T_surface = None if T_surface is None else check_temperature(T_surface, "surface temperature")
        return cls(model, check_temperature(T_ref, "T_ref"), check_bath(T_bath), float(tol), int(max_iterations),
                   T_surface)

    def attrs(self) -> dict:
        """The attributes a steady state records of its solver (their names are part of the file format)."""
        attrs = {
            "method": self.model,
            "T_ref_K": self.T_ref,
            "T_ref_meaning": ("expansion temperature of the conductances and persistent currents"
                              if self.model == "linear" else "starting point of Newton's method"),
            "bath": "off" if self.T_bath is None else "on",
            "tolerance_K": self.tol if self.model == "nonlinear" else 0.0,
        }
        if self.T_bath is not None:
            attrs["bath_temperature_K"] = self.T_bath
        return {**attrs, **self.surface_attrs()}

    def surface_attrs(self) -> dict:
        """``surface_temperature_K`` above a surface; nothing in vacuum (whose files stay as they were)."""
        return {} if self.T_surface is None else {"surface_temperature_K": self.T_surface}


@dataclass(frozen=True)
class Thermostats:
    """Particles held at fixed temperatures; build it with :meth:`checked`.

    ``held`` maps particle index -> K, in increasing index order.
    """

    held: dict[int, float]

    @classmethod
    def checked(cls, fixed, n_particles: int) -> "Thermostats":
        """Thermostats of a system of ``n_particles`` from a mapping particle -> K (ValueError naming what is wrong)."""
        if not isinstance(fixed, Mapping):
            raise ValueError(f"fixed must map particle index -> thermostat temperature in K, e.g. "
                             f"{{0: 350.0, 1: 300.0}}; got {type(fixed).__name__} {fixed!r:.60}")
        held = {}
        for key, value in fixed.items():
            index = check_particle(key, "thermostat particle", n_particles)
            held[index] = check_temperature(value, f"thermostat temperature of particle {index}")
        return cls(dict(sorted(held.items())))

    @property
    def index(self) -> np.ndarray:
        """The thermostated particles, increasing (int array)."""
        return np.array(list(self.held), dtype=int)

    @property
    def temperatures(self) -> np.ndarray:
        """Their temperatures in K, in the order of :attr:`index`."""
        return np.array(list(self.held.values()), dtype=float)

    def free(self, n_particles: int) -> np.ndarray:
        """The particles no thermostat holds, increasing."""
        return np.setdiff1d(np.arange(n_particles), self.index)
