"""The public spectra call: a System and an ω grid in, a self-describing xarray Dataset out."""

from __future__ import annotations

import logging
import warnings

import numpy as np
import xarray as xr

from . import memory
from ._version import __version__
from .checks import check_count, check_flag, check_increasing, check_quadrature_weights, check_reals
from .diagnostics import energy_balance_residual_array
from .engine import multipole, order_convergence, surface_kernel, tmatrix
from .engine.chunks import DEFAULT_MEMORY_BYTES, working_bytes
from .engine.dipoles import DIPOLE_KINDS, DIPOLE_MODELS, POLARIZABILITY_MODELS
from .engine.kernel import transmission
from .engine.multipole import isotropic_permittivity
from .engine.order_convergence import MultipoleConvergenceWarning
from .materials.base import as_frequencies
from .progress import Progress
from .system import AUTO_ORDER, System

log = logging.getLogger(__name__)

NORMALISATION_NOTE = (
    "T_{j->i} = 4 k^4 Tr[GG_ij chi_j GG_ij^dagger chi_i] (docs/theory.md#many-body-transmission); power absorbed by i from j is "
    "int_0^inf domega/2pi Theta(omega, T_j) T_{j->i}. The paper's eq. 2 prefactor is 3x too small."
)


def _frequencies(system: System, omega, memory_bytes: int) -> np.ndarray:
    """ω as a checked float array (rad/s), after checking that the call fits in memory."""
    values = check_reals(omega, "omega", "an array of angular frequencies in rad/s (real numbers)")
    N, n = system.n_particles, int(values.size)
    if system.uses_multipoles:
        order = 1 if system.multipole_order == AUTO_ORDER else system.multipole_order
        needed = tmatrix.working_bytes(N, n, order, memory_bytes)
    else:
        needed = working_bytes(N, n, memory_bytes, system.dipoles)
    if system.surface is not None:
        needed += surface_kernel.bytes_per_omega(N) + 16 * n * N
    memory.require(needed,
                   f"spectra of N = {N} particles at n_omega = {n} frequencies",
                   "use fewer frequencies (or split the grid into parts computed one after the other, as the "
                   "workflow's omega_chunks does), fewer particles, or a smaller memory_bytes for the kernel")
    values = as_frequencies(values)
    check_increasing(values, "omega", "sort the grid first, e.g. np.unique(omega) (sorted, repeats dropped), "
                                      "and any quadrature_weight with it")
    return values


def _largest_order(system: System, n_omega: int, memory_bytes: int) -> int:
    """The highest order of order_convergence.ORDER_SEQUENCE whose call fits in the memory available."""
    available = memory.available_bytes()
    fitting = [L for L in order_convergence.ORDER_SEQUENCE
               if available is None or tmatrix.working_bytes(system.n_particles, n_omega, L, memory_bytes) <= available]
    return fitting[-1] if fitting else 1


def _multipole_spectra(system: System, omega: np.ndarray, memory_bytes: int, progress):
    """(pair, to_bath, from_bath, data variables, attributes) of a System with multipole_order set."""
    particles = np.arange(system.n_particles)

    def eps_of(omega_part):
        return isotropic_permittivity(system.epsilon(omega_part), particles)

    if system.multipole_order != AUTO_ORDER:
        channels = tmatrix.transmission(omega, system.positions, system.radii, eps_of, system.multipole_order,
                                        memory_bytes=memory_bytes, progress=progress)
        return channels + ({}, {"multipole_order": system.multipole_order})
    max_order = _largest_order(system, omega.size, memory_bytes)
    channels, order, error, converged = order_convergence.converged_transmission(
        omega, system.positions, system.radii, eps_of, system.multipole_tol, max_order=max_order,
        memory_bytes=memory_bytes, progress=progress)
    if not converged.all():
        missed = omega[~converged]
        warnings.warn(f"multipole_order='auto' did not reach multipole_tol={system.multipole_tol:g} at "
                      f"{missed.size} of {omega.size} frequencies (first {missed[0]:.6g} rad/s) by L = {order.max()}, "
                      f"the highest order that {'fits in memory' if max_order < order_convergence.ORDER_SEQUENCE[-1] else 'is tried'}: "
                      f"their estimated relative error is up to {error[~converged].max():.3g} "
                      "(multipole_truncation_error_estimate)", MultipoleConvergenceWarning, stacklevel=3)
    variables = {
        "multipole_order_used": (("omega",), order, {
            "units": "1", "long_name": "highest multipole degree L of the spheres at this frequency"}),
        "multipole_truncation_error_estimate": (("omega",), error, {
            "units": "1", "long_name": "estimated relative truncation error of the worst transmission channel "
                                       "(its change from the previous order)"}),
    }
    attrs = {"multipole_order": AUTO_ORDER, "multipole_tol": system.multipole_tol,
             **auto_order_attributes(order, error, system.multipole_tol)}
    return channels + (variables, attrs)


def auto_order_attributes(order, error, tol: float) -> dict:
    """The dataset attributes that sum up multipole_order="auto" over the frequencies it stores:
    multipole_order_max_used, multipole_relative_error_estimate (the worst), multipole_converged (0/1)."""
    return {"multipole_order_max_used": int(np.max(order)),
            "multipole_relative_error_estimate": float(np.max(error)),
            "multipole_converged": int(np.all(np.asarray(error) <= tol))}


def spectra(system: System, omega, *, memory_bytes: int = DEFAULT_MEMORY_BYTES, quadrature_weight=None,
            by_dipole: bool = False, progress=False) -> xr.Dataset:
    """Transmission spectra between all particles and with the bath.

    Parameters
    ----------
    system : photodrag.System
    omega : array_like, shape (n_omega,)
        Angular frequencies in rad/s: positive, finite, strictly increasing (a descending,
        shuffled or repeating grid is refused, never sorted behind your back).
    memory_bytes : int
        Bound on the memory held at once by the kernel; ω is processed in chunks
        that fit (at least one frequency at a time).
    quadrature_weight : array_like, shape (n_omega,), optional
        Weights in rad/s of the integration rule the grid was built for; stored so
        that photodrag.conductance integrates with them (default: trapezoid). Checked to be
        a rule on these nodes (:func:`photodrag.checks.check_quadrature_weights`).
    by_dipole : bool
        Also return transmission_by_dipole, the channels between the particles' dipoles.
    progress : bool or callable
        False: progress is logged (logger ``photodrag.spectra``, a line every few seconds with
        the fraction done and an ETA). True: a progress bar as well (interactive use). A
        callable is called with (fraction done, seconds elapsed) after every ω chunk instead.

    Returns
    -------
    xarray.Dataset with
        transmission (omega, emitter, absorber): 𝒯_{emitter→absorber}, dimensionless, zero diagonal;
        transmission_to_bath (omega, emitter); transmission_from_bath (omega, absorber);
        position (particle, xyz) m; radius (particle) m; material (particle);
        magnetic_field (xyz) T; dipole_model (particle) and polarizability_model (particle), the
        model each particle got (photodrag.engine.dipoles); attributes energy_balance_residual, dipoles,
        polarizability. With by_dipole: transmission_by_dipole (omega, emitter, absorber,
        emitter_dipole, absorber_dipole), dipole coordinates "electric" (and "magnetic" in the
        electric+magnetic model), summing to transmission; in the electric model it is E→E alone.
        With system.multipole_order set (photodrag.engine.tmatrix): attribute multipole_order (L or
        "auto"); with "auto" also multipole_order_used (omega), the order L at each frequency, and
        multipole_truncation_error_estimate (omega), the estimated relative error of its worst
        channel, and attributes multipole_tol, multipole_order_max_used,
        multipole_relative_error_estimate (the worst over ω) and multipole_converged (0/1).

    Raises ValueError for a bad grid or weights, when the call would not fit in the
    memory available (before allocating), or for by_dipole with multipoles; warns
    (ParticleSizeWarning) for radii with kR > 1 (kR > L with multipoles to order L) at every
    frequency of the grid, and (MultipoleConvergenceWarning) where multipole_order="auto" stops
    at its highest order before reaching multipole_tol.
    """
    if not isinstance(system, System):
        raise ValueError(f"spectra() takes a photodrag.System, got {type(system).__name__}")
    memory_bytes = check_count(memory_bytes, "memory_bytes", 1)
    by_dipole = check_flag(by_dipole, "by_dipole")
    if not (callable(progress) or isinstance(progress, (bool, np.bool_))):
        raise ValueError(f"progress must be True, False or a callable, got {progress!r:.80}")
    if by_dipole and system.uses_multipoles:
        raise ValueError(f"by_dipole=True gives the channels between dipoles; with multipole_order="
                         f"{system.multipole_order!r} the transmissions are per particle only (for the dipole "
                         "channels use dipoles='electric+magnetic', polarizability='mie' without multipole_order)")
    omega = _frequencies(system, omega, memory_bytes)
    if quadrature_weight is not None:
        quadrature_weight = check_quadrature_weights(omega, quadrature_weight)
    system.warn_size_parameter(omega)
    if not callable(progress):
        progress = Progress(1.0, f"spectra of {system.n_particles} particles at {omega.size} frequencies", log,
                            bar=bool(progress)).part(0.0, 1.0)
    channels, per_dipole, variables, attrs = _transmissions(system, omega, memory_bytes, progress, by_dipole)
    for name, values in channels.items():
        if not np.all(np.isfinite(values)):
            raise FloatingPointError(f"{name} is not finite: the many-body matrix is singular at some frequency")

    dataset = _dataset(system, omega, channels, per_dipole if by_dipole else None, quadrature_weight,
                       variables, attrs)
    to_environment, from_environment = (sum(values for name, values in channels.items() if name.startswith(way))
                                        for way in ("transmission_to_", "transmission_from_"))
    residual = float(energy_balance_residual_array(channels["transmission"], to_environment, from_environment).max())
    dataset.attrs["energy_balance_residual"] = residual
    log.info("spectra: %d particles, %d frequencies, worst energy-balance residual %.2e", system.n_particles,
             omega.size, residual)
    return dataset


def _transmissions(system: System, omega, memory_bytes: int, progress, by_dipole: bool):
    """(channels, per-dipole channels, variables, attributes) of a System: the kernel's channels {variable name:
    array}, the channels between dipoles, and the data variables and attributes its model adds to the Dataset."""
    if system.surface is not None:
        def kernels(eps, k):
            return multipole.dipole_kernels(eps, system.radii, k, system.models)

        pair, to_far, from_far, to_surface, from_surface = surface_kernel.transmission(
            omega, system, kernels, memory_bytes=memory_bytes, progress=progress)
        return ({"transmission": pair, "transmission_to_bath": to_far, "transmission_from_bath": from_far,
                 "transmission_to_surface": to_surface, "transmission_from_surface": from_surface},
                pair[..., None, None], {}, _surface_attrs(system.surface))
    if system.uses_multipoles:
        pair, to_bath, from_bath, variables, attrs = _multipole_spectra(system, omega, memory_bytes, progress)
        return ({"transmission": pair, "transmission_to_bath": to_bath, "transmission_from_bath": from_bath},
                pair[..., None, None], variables, attrs)
    if (system.dipoles, system.polarizability) == (DIPOLE_MODELS[0], POLARIZABILITY_MODELS[0]):  # the paper's model
        pair, to_bath, from_bath = transmission(
            omega, system.separations(), system.epsilon, system.radii, memory_bytes=memory_bytes, progress=progress
        )
        per_dipole = pair[..., None, None]
    else:
        pair, to_bath, from_bath, per_dipole = multipole.transmission(
            omega, system, memory_bytes=memory_bytes, progress=progress, by_dipole=by_dipole)
    return ({"transmission": pair, "transmission_to_bath": to_bath, "transmission_from_bath": from_bath}, per_dipole,
            {}, {})


#: What the channels of a spectra Dataset hold: variable -> (dims, long_name).
CHANNELS = {
    "transmission": (("omega", "emitter", "absorber"), "spectral transmission from emitter to absorber"),
    "transmission_to_bath": (("omega", "emitter"), "spectral transmission from particle to the bath"),
    "transmission_from_bath": (("omega", "absorber"), "spectral transmission from the bath to particle"),
    "transmission_to_surface": (("omega", "emitter"), "spectral transmission from particle to the surface"),
    "transmission_from_surface": (("omega", "absorber"), "spectral transmission from the surface to particle"),
}


def _dataset(system: System, omega, channels: dict, per_dipole, quadrature_weight, extra_variables: dict,
             extra_attrs: dict) -> xr.Dataset:
    """The spectra Dataset of :func:`spectra` from the kernel's arrays (per_dipole: None unless asked for) and
    what the model adds (:func:`_transmissions`)."""
    n = system.n_particles
    index = np.arange(n)
    dataset = xr.Dataset(
        data_vars={
            **{name: (CHANNELS[name][0], values, {"units": "1", "long_name": CHANNELS[name][1]})
               for name, values in channels.items()},
            "position": (("particle", "xyz"), system.positions, {"units": "m", "long_name": "particle centre"}),
            "radius": (("particle",), system.radii, {"units": "m", "long_name": "particle radius"}),
            "material": (("particle",), np.array([m.name for m in system.materials], dtype=object), {
                "long_name": "material model name"}),
            "magnetic_field": (("xyz",), np.zeros(3) if system.B is None else system.B, {
                "units": "T", "long_name": "magnetic field (physical sign convention)"}),
            "dipole_model": (("particle",), np.array(system.models.dipole, dtype=object), {
                "long_name": "dipoles the particle carries"}),
            "polarizability_model": (("particle",), np.array(system.models.polarizability, dtype=object), {
                "long_name": "polarizability model of the particle"}),
            **extra_variables,
        },
        coords={
            "omega": ("omega", omega, {"units": "rad/s", "long_name": "angular frequency"}),
            "emitter": ("emitter", index, {"long_name": "emitting particle"}),
            "absorber": ("absorber", index, {"long_name": "absorbing particle"}),
            "particle": ("particle", index, {"long_name": "particle index"}),
            "xyz": ("xyz", ["x", "y", "z"], {"long_name": "Cartesian component"}),
        },
        attrs={
            "title": "photodrag many-body transmission spectra",
            "source": f"photodrag {__version__}",
            "magnetic_field_given": int(system.B is not None),
            "normalisation": NORMALISATION_NOTE,
            "time_convention": "exp(-i omega t); Im eps > 0 is loss",
            "dipoles": system.dipoles,
            "polarizability": system.polarizability,
            **extra_attrs,
        },
    )
    if per_dipole is not None:
        kinds = list(DIPOLE_KINDS[: per_dipole.shape[-1]])
        dataset["transmission_by_dipole"] = xr.DataArray(
            per_dipole, dims=("omega", "emitter", "absorber", "emitter_dipole", "absorber_dipole"),
            coords={"emitter_dipole": ("emitter_dipole", kinds, {"long_name": "dipole of the emitter"}),
                    "absorber_dipole": ("absorber_dipole", kinds, {"long_name": "dipole of the absorber"})},
            attrs={"units": "1", "long_name": "spectral transmission from emitter's dipole to absorber's dipole"})
    if quadrature_weight is not None:
        dataset["quadrature_weight"] = ("omega", quadrature_weight, {"units": "rad/s", "long_name": "quadrature weight"})
    return dataset


def _surface_attrs(surface) -> dict:
    """What a spectra file says of the surface under the particles (nothing in vacuum: those files are as they were)."""
    if surface is None:
        return {}
    return {
        "surface": surface.name,
        "surface_layers": [layer.name for layer in surface.layers],
        "surface_film_thickness_m": surface.thickness,
        "channels": "transmission_to/from_bath: the far field, radiation to and from z -> +inf above the surface; "
                    "transmission_to/from_surface: what the structure in z < 0 absorbs or carries away, and emits "
                    "(docs/theory.md#channels-above-a-surface)",
    }
