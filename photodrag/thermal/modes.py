"""Relaxation rates and modes: the radiative exchange linearised about a uniform temperature.

For small deviations δT of the free particles from a uniform temperature T,

    dδT/dt = −K δT + d,    K_ik = −(1/C_i) ∂(Σ_j q_{j→i} + b_i)/∂T_k  at T   (s⁻¹),

where C_i is the heat capacity (J/K) and the derivative is the exact Jacobian of the
Landauer balance (the conductances at T, photodrag.thermal.temperatures). With
K = V Λ V⁻¹, δT(t) = V e^{−Λt} V⁻¹ δT(0) + (the response to d). The drift d (K/s) is
the net power at the state itself (free particles at T, thermostats at their values,
bath at its temperature) divided by C: it vanishes when that state is a steady state.

C·K is symmetric in a reciprocal system, so K then has real, positive rates. Under a
magnetic field the conductances are not symmetric, C·K is not either, and its eigenvalues
may come in complex pairs: each is reported as it is, a decay rate Re λ and an angular
frequency Im λ, never symmetrised.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr

from ..checks import check_temperature
from ..deprecation import renamed_arguments
from .capacity import heat_capacities
from .exchange import Exchange, NonlinearModel, total
from .field import require_single_field
from .options import Thermostats, check_bath, reservoir_temperatures


@renamed_arguments(positional=("bath",), spec="spectra", bath="T_bath")
def relaxation_modes(
    spectra: xr.Dataset, T: float, heat_capacity=None, fixed: Mapping[int, float] | None = None, *,
    T_bath: float | None = None, T_surface: float | None = None,
) -> xr.Dataset:
    """Rates and modes of the relaxation linearised about the uniform temperature T.

    Parameters
    ----------
    spectra : xarray.Dataset
        Output of :func:`photodrag.spectra` for one field.
    T : float
        Temperature in K at which the exchange is linearised (every particle at T).
    heat_capacity : array_like, shape (N,), optional
        Heat capacities in J/K; default as in :func:`photodrag.relax`.
    fixed : mapping int -> float, optional
        Thermostated particles (they do not relax) and their temperatures in K; the
        temperatures enter only the drift.
    T_bath : float or None
        Bath temperature in K, or None for no bath. Turning the bath on adds each
        particle's emission conductance G_{i→b}(T) to its rate; the bath temperature
        enters only the drift. ``bath=`` (also by position) is its deprecated spelling.
    T_surface : float or None
        Temperature of the surface in K (spectra above a surface only, and then required): the
        surface adds G_{i→s}(T) to each rate; its temperature enters only the drift.

    Returns
    -------
    xarray.Dataset with
        rate (mode) s⁻¹: Re λ, the decay rate of each mode, slowest first;
        oscillation (mode) rad/s: Im λ (zero to round-off in a reciprocal system);
        time_constant (mode) s: 1/rate (infinite for a rate ≤ 0: a conserved quantity,
        e.g. the total energy of an isolated cluster);
        mode_shape (particle, mode) complex: the eigenvectors of K in temperature space, unit
        norm, largest component real and positive, zero on thermostated particles;
        rate_matrix (particle, particle_k) s⁻¹: K, zero rows and columns for thermostated
        particles; drift (particle) K/s; heat_capacity (particle) J/K.
        Attributes: temperature_K, bath, bath_temperature_K (bath on), asymmetry
        (‖CK − (CK)ᵀ‖ / ‖CK‖, Frobenius norms: zero to round-off when reciprocal).

    Raises
    ------
    ValueError
        Bad temperatures, heat capacities, thermostats, or every particle thermostated.
    """
    require_single_field(spectra, "relaxation_modes")
    T = check_temperature(T, "T")
    exchange = Exchange.from_spectra(spectra)
    n = exchange.n_particles
    thermostats = Thermostats.checked({} if fixed is None else fixed, n)
    capacity = heat_capacities(spectra, heat_capacity)
    temperatures = reservoir_temperatures(exchange, check_bath(T_bath), T_surface)
    free = thermostats.free(n)
    if free.size == 0:
        raise ValueError("every particle is thermostated: nothing relaxes")

    model = NonlinearModel(exchange, temperatures)
    uniform = np.full(n, T)
    jac = model.jacobian(uniform)[np.ix_(free, free)]  # ∂(net power into i)/∂T_k, W/K
    K_free = -jac / capacity[free, None]
    eigenvalues, vectors = _eigenmodes(K_free)

    state = uniform.copy()
    state[thermostats.index] = thermostats.temperatures
    pair, reservoirs = model.flows(state)
    drift = np.zeros(n)
    drift[free] = (pair.sum(axis=0) + total(reservoirs, n))[free] / capacity[free]

    rate_matrix = np.zeros((n, n))
    rate_matrix[np.ix_(free, free)] = K_free
    mode = np.zeros((n, free.size), dtype=complex)
    mode[free] = vectors
    attrs = {
        "title": "photodrag relaxation rates and modes (linearised about a uniform temperature)",
        "temperature_K": T,
        "bath": "off" if temperatures["bath"] is None else "on",
        "asymmetry": float(np.linalg.norm(jac - jac.T) / np.linalg.norm(jac)),
        "definition": "d(delta T)/dt = -rate_matrix delta T + drift; rate_matrix = V diag(rate + i oscillation) V^-1",
    }
    attrs.update({f"{r}_temperature_K": T_r for r, T_r in temperatures.items() if T_r is not None})
    return _dataset(eigenvalues, mode, rate_matrix, drift, capacity, attrs)


def _eigenmodes(K: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (slowest first) and unit eigenvectors (largest component real and positive) of K."""
    eigenvalues, vectors = np.linalg.eig(K)
    order = np.lexsort((eigenvalues.imag, eigenvalues.real))
    eigenvalues, vectors = eigenvalues[order].astype(complex), vectors[:, order].astype(complex)
    largest = vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])]
    return eigenvalues, vectors * (np.abs(largest) / largest)


def _dataset(eigenvalues, mode, rate_matrix, drift, capacity, attrs) -> xr.Dataset:
    rate = eigenvalues.real
    time_constant = np.full(rate.shape, np.inf)
    decaying = rate > 0
    time_constant[decaying] = 1 / rate[decaying]
    index = np.arange(rate_matrix.shape[0])
    return xr.Dataset(
        data_vars={
            "rate": ("mode", rate, {"units": "1/s", "long_name": "decay rate (real part of the eigenvalue)"}),
            "oscillation": ("mode", eigenvalues.imag, {
                "units": "rad/s", "long_name": "angular frequency (imaginary part of the eigenvalue)"}),
            "time_constant": ("mode", time_constant, {"units": "s", "long_name": "relaxation time 1/rate"}),
            "mode_shape": (("particle", "mode"), mode, {"units": "1", "long_name": "mode shape in temperature space"}),
            "rate_matrix": (("particle", "particle_k"), rate_matrix, {
                "units": "1/s", "long_name": "linearised rate matrix K (d delta T/dt = -K delta T + drift)"}),
            "drift": ("particle", drift, {"units": "K/s", "long_name": "dT/dt at the linearisation state"}),
            "heat_capacity": ("particle", capacity, {"units": "J/K", "long_name": "heat capacity"}),
        },
        coords={
            "particle": ("particle", index, {"long_name": "particle index"}),
            "particle_k": ("particle_k", index, {"long_name": "particle index (column of the rate matrix)"}),
            "mode": ("mode", np.arange(rate.size), {"long_name": "relaxation mode, slowest first"}),
        },
        attrs=attrs,
    )
