"""The spectra of one system on plain arrays, the powers and conductances they give, and the two
Landauer models of the heat balance built on them.

Conventions (docs/theory.md#conventions): 𝒯 is indexed [omega, emitter, absorber]; the
power absorber i takes from emitter j at T_j is P_{j→i}(T_j) = ∫ dω/2π Θ(ω, T_j) 𝒯_{j→i}(ω),
integrated with the dataset's quadrature weights through
:func:`photodrag.integrate.thermal_weight`, the one implementation of the spectral integral.

The models (docs/theory.md#steady-states) give, at temperatures T (N,) in K, the net heat flow
q[j, i] from j to i and the net power b_i each particle receives from the bath, in W, and the
exact Jacobian of the balance. :class:`NonlinearModel` takes Θ at the actual temperatures;
:class:`LinearModel` expands about a uniform T_ref and keeps the persistent (zeroth-order)
currents. Both report flows that are consistent with their own temperatures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ..checks import check_spectra
from ..integrate import quadrature_weights, thermal_weight


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
    to_bath, from_bath : ndarray, shape (n_omega, N)
        𝒯_{i→b} and 𝒯_{b→i}.
    """

    omega: np.ndarray
    weight: np.ndarray
    pair: np.ndarray
    to_bath: np.ndarray
    from_bath: np.ndarray

    @classmethod
    def from_spectra(cls, spectra: xr.Dataset) -> "Exchange":
        check_spectra(spectra)
        extra = [d for d in spectra["transmission"].dims if d not in ("omega", "emitter", "absorber")]
        if extra:
            raise ValueError(
                f"these spectra are swept along {extra}: select one sweep point first, "
                f"e.g. spectra.isel({extra[0]}=0), or loop over the points")
        return cls(
            omega=spectra["omega"].values,
            weight=quadrature_weights(spectra).values,
            pair=spectra["transmission"].transpose("omega", "emitter", "absorber").values,
            to_bath=spectra["transmission_to_bath"].transpose("omega", "emitter").values,
            from_bath=spectra["transmission_from_bath"].transpose("omega", "absorber").values,
        )

    @property
    def n_particles(self) -> int:
        return self.pair.shape[1]

    def _per_particle(self, T: np.ndarray, derivative: bool) -> np.ndarray:
        """The spectral factor at each particle's temperature T (N,), shape (n_omega, N)."""
        return thermal_weight(self.omega[:, None], self.weight[:, None], np.asarray(T)[None, :], derivative=derivative)

    def _uniform(self, T: float, derivative: bool) -> np.ndarray:
        return thermal_weight(self.omega, self.weight, T, derivative=derivative)

    def emitted(self, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Powers in W at particle temperatures T (N,): P_{e→a}(T_e) (N, N) and P_{i→b}(T_i) (N,)."""
        theta = self._per_particle(T, derivative=False)
        return np.einsum("we,wea->ea", theta, self.pair), np.einsum("we,we->e", theta, self.to_bath)

    def conductances(self, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """G_{e→a}(T_e) (N, N) and G_{i→b}(T_i) (N,) in W/K at particle temperatures T (N,)."""
        slope = self._per_particle(T, derivative=True)
        return np.einsum("we,wea->ea", slope, self.pair), np.einsum("we,we->e", slope, self.to_bath)

    def from_bath_power(self, T_bath: float) -> np.ndarray:
        """P_{b→i}(T_b) in W, shape (N,)."""
        return self._uniform(T_bath, derivative=False) @ self.from_bath

    def from_bath_conductance(self, T_bath: float) -> np.ndarray:
        """G_{b→i}(T_b) in W/K, shape (N,)."""
        return self._uniform(T_bath, derivative=True) @ self.from_bath

    def persistent(self, T: float) -> tuple[np.ndarray, np.ndarray]:
        """Persistent currents at a uniform T, in W (paper eq. 14).

        Returns φ_{e→a} = P_{e→a}(T) − P_{a→e}(T) = ∫ dω/2π Θ [𝒯_{e→a} − 𝒯_{a→e}] (N, N),
        antisymmetric to the last bit, and φ_{i→b} = ∫ dω/2π Θ [𝒯_{i→b} − 𝒯_{b→i}] (N,).
        In a reciprocal system both vanish to round-off; nothing is symmetrised.
        """
        one_way, _ = self.emitted(np.full(self.n_particles, T))
        return one_way - one_way.T, self._uniform(T, derivative=False) @ (self.to_bath - self.from_bath)


def balance_jacobian(G: np.ndarray, G_to_bath: np.ndarray | None) -> np.ndarray:
    """∂(net power into i)/∂T_k in W/K, shape (N, N) indexed [i, k].

    G[e, a] is G_{e→a} at the emitter's temperature; G_to_bath (N,) is G_{i→b}, or None
    with the bath off. d/dT_k of Σ_j [P_{j→i}(T_j) − P_{i→j}(T_i)] is G_{k→i} for k ≠ i
    and −Σ_j G_{i→j} (− G_{i→b}) for k = i.
    """
    jacobian = G.T.copy()
    leaving = G.sum(axis=1) + (G_to_bath if G_to_bath is not None else 0.0)
    jacobian[np.diag_indices_from(jacobian)] = -leaving
    return jacobian


class NonlinearModel:
    """The exact Landauer balance: flows and their derivatives at any temperatures; T_bath in K or None."""

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
        """:func:`balance_jacobian` at the temperatures T (N,) K."""
        G, G_to_bath = self.exchange.conductances(T)
        return balance_jacobian(G, G_to_bath if self.T_bath is not None else None)


class LinearModel:
    """The exact balance expanded to first order about a uniform T_ref (K); T_bath in K or None."""

    def __init__(self, exchange: Exchange, T_bath: float | None, T_ref: float):
        self.T_bath = T_bath
        self.T_ref = T_ref
        self.persistent, persistent_to_bath = exchange.persistent(T_ref)
        self.G, self.G_to_bath = exchange.conductances(np.full(exchange.n_particles, T_ref))
        if T_bath is not None:
            # b_i ≈ −φ⁰_{i→b} + G_{b→i}(T_ref)(T_b − T_ref) − G_{i→b}(T_ref)(T_i − T_ref)
            self._bath_constant = -persistent_to_bath + exchange.from_bath_conductance(T_ref) * (T_bath - T_ref)
        self._jacobian = balance_jacobian(self.G, self.G_to_bath if T_bath is not None else None)

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
        """The constant Jacobian of the linear model, (N, N) W/K."""
        return self._jacobian


def balance_model(exchange: Exchange, model: str, T_bath: float | None, T_ref: float):
    """The :class:`LinearModel` or :class:`NonlinearModel` of these spectra (model in photodrag.thermal.options.MODELS)."""
    return LinearModel(exchange, T_bath, T_ref) if model == "linear" else NonlinearModel(exchange, T_bath)
