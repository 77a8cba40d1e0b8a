"""The public spectra call: a System and an ω grid in, a self-describing xarray Dataset out."""

from __future__ import annotations

import logging

import numpy as np
import xarray as xr

from . import memory
from ._version import __version__
from .checks import check_count, check_flag, check_increasing, check_quadrature_weights, check_reals
from .diagnostics import energy_balance_residual_array
from .engine import multipole, surface_kernel
from .engine.chunks import DEFAULT_MEMORY_BYTES, working_bytes
from .engine.dipoles import DIPOLE_KINDS, DIPOLE_MODELS, POLARIZABILITY_MODELS
from .engine.kernel import transmission
from .materials.base import as_frequencies
from .progress import Progress
from .system import System

log = logging.getLogger(__name__)

NORMALISATION_NOTE = (
    "T_{j->i} = 4 k^4 Tr[GG_ij chi_j GG_ij^dagger chi_i] (docs/theory.md#many-body-transmission); power absorbed by i from j is "
    "int_0^inf domega/2pi Theta(omega, T_j) T_{j->i}. The paper's eq. 2 prefactor is 3x too small."
)


def _frequencies(system: System, omega, memory_bytes: int) -> np.ndarray:
    """ω as a checked float array (rad/s), after checking that the call fits in memory."""
    values = check_reals(omega, "omega", "an array of angular frequencies in rad/s (real numbers)")
    N, n = system.n_particles, int(values.size)
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

    Raises ValueError for a bad grid or weights, or when the call would not fit in the
    memory available (before allocating); warns (ParticleSizeWarning) for radii with
    kR > 1 at every frequency of the grid.
    """
    if not isinstance(system, System):
        raise ValueError(f"spectra() takes a photodrag.System, got {type(system).__name__}")
    memory_bytes = check_count(memory_bytes, "memory_bytes", 1)
    by_dipole = check_flag(by_dipole, "by_dipole")
    if not (callable(progress) or isinstance(progress, (bool, np.bool_))):
        raise ValueError(f"progress must be True, False or a callable, got {progress!r:.80}")
    omega = _frequencies(system, omega, memory_bytes)
    if quadrature_weight is not None:
        quadrature_weight = check_quadrature_weights(omega, quadrature_weight)
    system.warn_size_parameter(omega)
    if not callable(progress):
        progress = Progress(1.0, f"spectra of {system.n_particles} particles at {omega.size} frequencies", log,
                            bar=bool(progress)).part(0.0, 1.0)
    channels, per_dipole = _transmissions(system, omega, memory_bytes, progress, by_dipole)
    for name, values in channels.items():
        if not np.all(np.isfinite(values)):
            raise FloatingPointError(f"{name} is not finite: the many-body matrix is singular at some frequency")

    dataset = _dataset(system, omega, channels, per_dipole if by_dipole else None, quadrature_weight)
    to_environment, from_environment = (sum(values for name, values in channels.items() if name.startswith(way))
                                        for way in ("transmission_to_", "transmission_from_"))
    residual = float(energy_balance_residual_array(channels["transmission"], to_environment, from_environment).max())
    dataset.attrs["energy_balance_residual"] = residual
    log.info("spectra: %d particles, %d frequencies, worst energy-balance residual %.2e", system.n_particles,
             omega.size, residual)
    return dataset


def _transmissions(system: System, omega, memory_bytes: int, progress, by_dipole: bool) -> tuple[dict, np.ndarray]:
    """The kernel's channels {variable name: array} and the per-dipole channels (or None) of a System."""
    if system.surface is not None:
        def kernels(eps, k):
            return multipole.dipole_kernels(eps, system.radii, k, system.models)

        pair, to_far, from_far, to_surface, from_surface = surface_kernel.transmission(
            omega, system, kernels, memory_bytes=memory_bytes, progress=progress)
        return ({"transmission": pair, "transmission_to_bath": to_far, "transmission_from_bath": from_far,
                 "transmission_to_surface": to_surface, "transmission_from_surface": from_surface},
                pair[..., None, None])
    if (system.dipoles, system.polarizability) == (DIPOLE_MODELS[0], POLARIZABILITY_MODELS[0]):  # the paper's model
        pair, to_bath, from_bath = transmission(
            omega, system.separations(), system.epsilon, system.radii, memory_bytes=memory_bytes, progress=progress
        )
        per_dipole = pair[..., None, None]
    else:
        pair, to_bath, from_bath, per_dipole = multipole.transmission(
            omega, system, memory_bytes=memory_bytes, progress=progress, by_dipole=by_dipole)
    return {"transmission": pair, "transmission_to_bath": to_bath, "transmission_from_bath": from_bath}, per_dipole


#: What the channels of a spectra Dataset hold: variable -> (dims, long_name).
CHANNELS = {
    "transmission": (("omega", "emitter", "absorber"), "spectral transmission from emitter to absorber"),
    "transmission_to_bath": (("omega", "emitter"), "spectral transmission from particle to the bath"),
    "transmission_from_bath": (("omega", "absorber"), "spectral transmission from the bath to particle"),
    "transmission_to_surface": (("omega", "emitter"), "spectral transmission from particle to the surface"),
    "transmission_from_surface": (("omega", "absorber"), "spectral transmission from the surface to particle"),
}


def _dataset(system: System, omega, channels: dict, per_dipole, quadrature_weight) -> xr.Dataset:
    """The spectra Dataset of :func:`spectra` from the kernel's arrays (per_dipole: None unless asked for)."""
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
            **_surface_attrs(system.surface),
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
