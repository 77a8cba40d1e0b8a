"""The spectra of one system on plain arrays, the powers and conductances they give, and the two
Landauer models of the heat balance built on them.

Conventions (docs/theory.md#conventions): 𝒯 is indexed [omega, emitter, absorber]; the
power absorber i takes from emitter j at T_j is P_{j→i}(T_j) = ∫ dω/2π Θ(ω, T_j) 𝒯_{j→i}(ω),
integrated with the dataset's quadrature weights through
:func:`photodrag.integrate.thermal_weight`, the one implementation of the spectral integral.

Besides the particles there are reservoirs, each a body at one temperature that exchanges
with every particle through its two channels ``transmission_to_<r>`` and
``transmission_from_<r>``: the ``bath`` (the far field, always there; off when its temperature
is None, as in the paper) and the ``surface`` below the particles (there when the spectra have
its channels, and then never dropped: docs/theory.md).

The models (docs/theory.md#steady-states) give, at temperatures T (N,) in K, the net heat flow
q[j, i] from j to i and the net power each particle receives from each reservoir that is on,
in W, and the exact Jacobian of the balance. :class:`NonlinearModel` takes Θ at the actual
temperatures; :class:`LinearModel` expands about a uniform T_ref and keeps the persistent
(zeroth-order) currents. Both report flows that are consistent with their own temperatures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ..checks import check_spectra
from ..integrate import quadrature_weights, thermal_weight

#: The reservoirs a spectra Dataset may exchange with, by the names of their channels.
RESERVOIRS = ("bath", "surface")


@dataclass(frozen=True)
class Exchange:
    """The spectra of one system (no sweep dimensions), on plain arrays.

    Attributes
    ----------
    omega : ndarray, shape (n_omega,)
        Angular frequencies in rad/s.
    weight : ndarray, shape (n_omega,)
        Quadrature weights in rad/s (∫ f dω ≈ Σ weight·f).
    pair : ndarray, shape (n_omega, N, N)
        𝒯_{emitter→absorber}.
    to_reservoir, from_reservoir : dict of ndarray, shape (n_omega, N)
        𝒯_{i→r} and 𝒯_{r→i} of each reservoir r the spectra have (``bath``, and ``surface``
        for particles above one).
    """

    omega: np.ndarray
    weight: np.ndarray
    pair: np.ndarray
    to_reservoir: dict
    from_reservoir: dict

    @classmethod
    def from_spectra(cls, spectra: xr.Dataset) -> "Exchange":
        check_spectra(spectra)
        extra = [d for d in spectra["transmission"].dims if d not in ("omega", "emitter", "absorber")]
        if extra:
            raise ValueError(
                f"these spectra are swept along {extra}: select one sweep point first, "
                f"e.g. spectra.isel({extra[0]}=0), or loop over the points")
        present = [r for r in RESERVOIRS if f"transmission_to_{r}" in spectra]
        return cls(
            omega=spectra["omega"].values,
            weight=quadrature_weights(spectra).values,
            pair=spectra["transmission"].transpose("omega", "emitter", "absorber").values,
            to_reservoir={r: spectra[f"transmission_to_{r}"].transpose("omega", "emitter").values for r in present},
            from_reservoir={r: spectra[f"transmission_from_{r}"].transpose("omega", "absorber").values
                            for r in present},
        )

    @property
    def n_particles(self) -> int:
        return self.pair.shape[1]

    @property
    def reservoirs(self) -> tuple[str, ...]:
        """The reservoirs these spectra exchange with, in the order of :data:`RESERVOIRS`."""
        return tuple(self.to_reservoir)

    def _per_particle(self, T: np.ndarray, derivative: bool) -> np.ndarray:
        """The spectral factor at each particle's temperature T (N,), shape (n_omega, N)."""
        return thermal_weight(self.omega[:, None], self.weight[:, None], np.asarray(T)[None, :], derivative=derivative)

    def _uniform(self, T: float, derivative: bool) -> np.ndarray:
        return thermal_weight(self.omega, self.weight, T, derivative=derivative)

    def _from_particles(self, factor: np.ndarray) -> tuple[np.ndarray, dict]:
        return (np.einsum("we,wea->ea", factor, self.pair),
                {r: np.einsum("we,we->e", factor, to) for r, to in self.to_reservoir.items()})

    def emitted(self, T: np.ndarray) -> tuple[np.ndarray, dict]:
        """Powers in W at particle temperatures T (N,): P_{e→a}(T_e) (N, N) and {r: P_{i→r}(T_i) (N,)}."""
        return self._from_particles(self._per_particle(T, derivative=False))

    def conductances(self, T: np.ndarray) -> tuple[np.ndarray, dict]:
        """G_{e→a}(T_e) (N, N) and {r: G_{i→r}(T_i) (N,)} in W/K at particle temperatures T (N,)."""
        return self._from_particles(self._per_particle(T, derivative=True))

    def received_power(self, reservoir: str, T: float) -> np.ndarray:
        """P_{r→i}(T_r) in W, shape (N,): what each particle absorbs from reservoir r at T_r (K)."""
        return self._uniform(T, derivative=False) @ self.from_reservoir[reservoir]

    def received_conductance(self, reservoir: str, T: float) -> np.ndarray:
        """G_{r→i}(T_r) in W/K, shape (N,)."""
        return self._uniform(T, derivative=True) @ self.from_reservoir[reservoir]

    def persistent(self, T: float) -> tuple[np.ndarray, dict]:
        """Persistent currents at a uniform T, in W (paper eq. 14).

        Returns φ_{e→a} = P_{e→a}(T) − P_{a→e}(T) = ∫ dω/2π Θ [𝒯_{e→a} − 𝒯_{a→e}] (N, N),
        antisymmetric to the last bit, and {r: φ_{i→r} = ∫ dω/2π Θ [𝒯_{i→r} − 𝒯_{r→i}] (N,)}.
        In a reciprocal system all vanish to round-off; nothing is symmetrised.
        """
        one_way, _ = self.emitted(np.full(self.n_particles, T))
        theta = self._uniform(T, derivative=False)
        return one_way - one_way.T, {r: theta @ (to - self.from_reservoir[r]) for r, to in self.to_reservoir.items()}


def balance_jacobian(G: np.ndarray, G_to_reservoirs) -> np.ndarray:
    """∂(net power into i)/∂T_k in W/K, shape (N, N) indexed [i, k].

    G[e, a] is G_{e→a} at the emitter's temperature; G_to_reservoirs the G_{i→r} (N,) of the
    reservoirs that are on. d/dT_k of Σ_j [P_{j→i}(T_j) − P_{i→j}(T_i)] − Σ_r P_{i→r}(T_i) is
    G_{k→i} for k ≠ i and −Σ_j G_{i→j} − Σ_r G_{i→r} for k = i.
    """
    jacobian = G.T.copy()
    jacobian[np.diag_indices_from(jacobian)] = -(G.sum(axis=1) + sum(G_to_reservoirs, np.zeros(G.shape[0])))
    return jacobian


class NonlinearModel:
    """The exact Landauer balance: flows and their derivatives at any temperatures.

    ``temperatures`` maps each reservoir that is on to its temperature in K (a reservoir of
    the spectra that is not in it is off).
    """

    def __init__(self, exchange: Exchange, temperatures: dict):
        self.exchange = exchange
        self.on = [r for r in exchange.reservoirs if temperatures.get(r) is not None]
        self._received = {r: exchange.received_power(r, temperatures[r]) for r in self.on}

    def flows(self, T: np.ndarray) -> tuple[np.ndarray, dict]:
        """Net heat flow q[j, i] from j to i (N, N) and {r: net power each particle receives from r (N,)}, in W."""
        flow, reservoirs, _ = self.flows_and_gross(T)
        return flow, reservoirs

    def flows_and_gross(self, T: np.ndarray) -> tuple[np.ndarray, dict, np.ndarray]:
        """As :meth:`flows`, plus each particle's gross exchange Σ_j (P_{j→i} + P_{i→j}) (+ reservoirs), W (N,).

        The gross exchange sets the round-off floor of the particle's net power.
        """
        one_way, to_reservoir = self.exchange.emitted(T)
        gross = one_way.sum(axis=0) + one_way.sum(axis=1)
        reservoirs = {}
        for r in self.on:
            reservoirs[r] = self._received[r] - to_reservoir[r]
            gross = gross + self._received[r] + to_reservoir[r]
        return one_way - one_way.T, reservoirs, gross

    def jacobian(self, T: np.ndarray) -> np.ndarray:
        """:func:`balance_jacobian` at the temperatures T (N,) K."""
        return self.linearisation(T)[0]

    def linearisation(self, T: np.ndarray) -> tuple[np.ndarray, dict]:
        """The Jacobian and {r: G_{i→r}(T_i) (N,), W/K} of the reservoirs that are on, from one evaluation."""
        G, G_to = self.exchange.conductances(T)
        on = {r: G_to[r] for r in self.on}
        return balance_jacobian(G, list(on.values())), on


class LinearModel:
    """The exact balance expanded to first order about a uniform T_ref (K); ``temperatures`` as in
    :class:`NonlinearModel`."""

    def __init__(self, exchange: Exchange, temperatures: dict, T_ref: float):
        self.T_ref = T_ref
        self.on = [r for r in exchange.reservoirs if temperatures.get(r) is not None]
        self.persistent, persistent_to = exchange.persistent(T_ref)
        self.G, G_to = exchange.conductances(np.full(exchange.n_particles, T_ref))
        self.G_to = {r: G_to[r] for r in self.on}
        # net power from r ≈ −φ⁰_{i→r} + G_{r→i}(T_ref)(T_r − T_ref) − G_{i→r}(T_ref)(T_i − T_ref)
        self._constant = {r: -persistent_to[r] + exchange.received_conductance(r, T_ref) * (temperatures[r] - T_ref)
                          for r in self.on}
        self._jacobian = balance_jacobian(self.G, list(self.G_to.values()))

    def flows(self, T: np.ndarray) -> tuple[np.ndarray, dict]:
        """Linearised q[j, i] (N, N) and {r: net power from r (N,)} in W."""
        dT = T - self.T_ref
        into = self.G * dT[:, None]  # G_{j→i}(T_ref)(T_j − T_ref), indexed [j, i]
        # both parts are antisymmetric to the last bit; the driven part is kept apart from
        # the (much larger) one-way powers so that no digits of it are lost
        pair = self.persistent + (into - into.T)
        return pair, {r: self._constant[r] - self.G_to[r] * dT for r in self.on}

    def jacobian(self, _T: np.ndarray) -> np.ndarray:
        """The constant Jacobian of the linear model, (N, N) W/K."""
        return self._jacobian


def balance_model(exchange: Exchange, model: str, temperatures: dict, T_ref: float):
    """The :class:`LinearModel` or :class:`NonlinearModel` of these spectra (model in photodrag.thermal.options.MODELS)."""
    return LinearModel(exchange, temperatures, T_ref) if model == "linear" else NonlinearModel(exchange, temperatures)


def total(reservoirs: dict, n_particles: int) -> np.ndarray:
    """Σ over reservoirs of the net power each particle receives from them, W (N,)."""
    return sum(reservoirs.values(), np.zeros(n_particles))
