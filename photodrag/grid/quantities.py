"""The quantities an adaptive grid controls, integrated per panel with the spectral-integral core.

Conductances, bath conductances and powers at the control temperatures, and (B ≠ 0)
supercurrents, flattened into one vector per panel so that the refinement treats them alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ..checks import check_temperatures
from ..integrate import quadrature_weights, thermal_weight

@dataclass
class Families:
    """Per-panel integrals of the controlled quantities, flattened to (panels, quantities)."""

    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...], ...]

    @property
    def sizes(self):
        return [int(np.prod(s)) for s in self.shapes]

    def split(self, flat: np.ndarray) -> dict[str, np.ndarray]:
        """flat (..., Q) → {name: (..., *shape)}."""
        out, start = {}, 0
        for name, shape, size in zip(self.names, self.shapes, self.sizes):
            out[name] = flat[..., start:start + size].reshape(flat.shape[:-1] + shape)
            start += size
        return out

    def family_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(family of each quantity, family whose size also sets each family's scale).

        A family is one kind at one temperature. A supercurrent is the difference of the two
        powers P_{i→j}, P_{j→i}; its scale is set by the powers too, so that a supercurrent
        that vanishes (two particles, or a symmetric pair) is judged against them, not
        against its own round-off.
        """
        index, family, first = [], 0, {}
        for name, shape, size in zip(self.names, self.shapes, self.sizes):
            first[name] = family
            per_temperature = size // shape[0]
            for _ in range(shape[0]):
                index.append(np.full(per_temperature, family))
                family += 1
        partner = np.arange(family)
        if "supercurrent" in first:
            n_T = self.shapes[0][0]
            partner[first["supercurrent"]:first["supercurrent"] + n_T] = first["power"] + np.arange(n_T)
        return np.concatenate(index), partner


def quantity_families(n_particles: int, n_temperatures: int, supercurrent: bool, surface: bool = False) -> Families:
    """The controlled quantities of N particles at n_T temperatures (supercurrents only under a field,
    the conductances to and from the surface only above one)."""
    names = ["conductance", "bath_conductance"] + (["surface_conductance"] if surface else []) + ["power"]
    shapes = [(n_temperatures, n_particles, n_particles), (n_temperatures, 2, n_particles)]
    shapes += [(n_temperatures, 2, n_particles)] * surface + [(n_temperatures, n_particles, n_particles)]
    if supercurrent:
        names.append("supercurrent")
        shapes.append((n_temperatures, n_particles, n_particles))
    return Families(tuple(names), tuple(shapes))


def panel_integrals(omega, weight, pair, reservoirs, temperatures, supercurrent: bool) -> np.ndarray:
    """Σ_nodes weight × integrand of every controlled quantity, per group of nodes.

    omega, weight: (P, m) rad/s; pair (P, m, N, N); reservoirs: the (to, from) channels (P, m, N)
    of the bath and, above a surface, of the surface; temperatures (n_T,) K. Returns (P, Q) in SI
    (W/K for conductances, W for supercurrents), Q ordered as :func:`quantity_families`.
    """
    T = np.asarray(temperatures, dtype=float)[:, None, None]
    conductance_weight = thermal_weight(omega[None], weight[None], T, derivative=True)  # (n_T, P, m)
    conductance = np.einsum("tpm,pmij->ptij", conductance_weight, pair)
    parts = [conductance.reshape(len(omega), -1)]
    for to, back in reservoirs:
        reservoir = np.einsum("tpm,cpmi->ptci", conductance_weight, np.stack([to, back]))
        parts.append(reservoir.reshape(len(omega), -1))
    power_weight = thermal_weight(omega[None], weight[None], T)
    power = np.einsum("tpm,pmij->ptij", power_weight, pair)                     # P_{i→j} at T_i = T
    parts.append(power.reshape(len(omega), -1))
    if supercurrent:
        parts.append((power - power.swapaxes(-1, -2)).reshape(len(omega), -1))  # φ_{i→j} = P_{i→j} − P_{j→i}
    return np.concatenate(parts, axis=1)


def integrals(spectra: xr.Dataset, temperatures) -> dict[str, np.ndarray]:
    """The controlled quantities integrated with the dataset's stored rule (or the trapezoid).

    Returns {'conductance': (n_T, N, N) W/K [T, emitter, absorber], 'bath_conductance':
    (n_T, 2, N) W/K [T, to/from bath, particle], above a surface 'surface_conductance' alike, 'power': (n_T, N, N) W, the power
    P_{emitter→absorber} = ∫ dω/2π Θ(ω, T) 𝒯 at emitter temperature T, and when the dataset's field is not zero
    'supercurrent': (n_T, N, N) W [T, i, j], φ_{i→j}}.
    """
    omega = spectra["omega"].values
    weight = quadrature_weights(spectra).values
    temperatures = check_temperatures(temperatures)
    supercurrent = bool(np.any(spectra["magnetic_field"].values != 0))
    flat = panel_integrals(omega[None], weight[None], spectra["transmission"].values[None],
                           reservoir_channels(spectra, lambda values: values[None]), temperatures, supercurrent)[0]
    N = spectra.sizes["emitter"]
    return quantity_families(N, temperatures.size, supercurrent, "transmission_to_surface" in spectra).split(flat)


def reservoir_channels(spectra: xr.Dataset, shape) -> list:
    """[(to, from)] of the bath and, above a surface, of the surface: ``shape`` applied to each channel's values."""
    return [tuple(shape(spectra[f"transmission_{way}_{r}"].values) for way in ("to", "from"))
            for r in ("bath", "surface") if f"transmission_to_{r}" in spectra]


def relative_error(values: dict, reference: dict, floor: float = 1e-6) -> dict[str, np.ndarray]:
    """|values − reference| / max(|reference|, floor × max |reference| of its kind and temperature).

    values, reference: dictionaries as returned by :func:`integrals`; returns the same keys.
    """
    out = {}
    for key, ref in reference.items():
        if key not in values:
            continue
        ref = np.asarray(ref)
        largest = np.abs(ref).reshape(ref.shape[0], -1).max(axis=1)
        if key == "supercurrent" and "power" in reference:  # judged against the powers it is the difference of
            largest = np.maximum(largest, np.abs(np.asarray(reference["power"])).reshape(ref.shape[0], -1).max(axis=1))
        largest = largest.reshape((-1,) + (1,) * (ref.ndim - 1))
        scale = np.maximum(np.abs(ref), floor * largest)
        out[key] = np.abs(np.asarray(values[key]) - ref) / np.where(scale > 0, scale, np.finfo(float).tiny)
    return out
