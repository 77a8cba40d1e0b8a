"""Where an adaptive grid starts: the integration range and panels seeded at the resonances.

The resonances of every distinct single particle (material, radius, field) are found
numerically, as the peaks of Tr χ, Tr Im ε and Tr Im(−ε⁻¹) on a fine logarithmic scan;
panel edges are placed at each peak ± its width × :data:`RESONANCE_OFFSETS`, logarithmic
panels elsewhere (module photodrag.grid's docstring says why).
"""

from __future__ import annotations

import numpy as np
from scipy import constants
from scipy.signal import find_peaks, peak_widths

from ..checks import check_reals
from ..engine.polarizability import susceptibility
from ..planck import X_HIGH, X_LOW, thermal_window  # noqa: F401  (X_LOW, X_HIGH: photodrag.grid's)
from ..system import System

#: Edges around a resonance at ω0 of half-height width w: ω0 ± w × these.
RESONANCE_OFFSETS = np.array([1.0, 3.0, 8.0, 20.0, 40.0])


#: Logarithmic seed panels per decade of ω (the default of seed_edges and adaptive_spectra).
PANELS_PER_DECADE = 2.0


def default_omega_range(system: System, T_range) -> tuple[float, float]:
    """[10⁻³ k_B T_min/ħ, 40 k_B T_max/ħ] in rad/s, clipped to every material's valid range."""
    T_min, T_max = temperature_range(T_range)
    low, high = thermal_window(T_min, T_max)
    for model in system.materials:
        valid_low, valid_high = model.valid_range
        low, high = max(low, valid_low), min(high, valid_high)
    if not low < high:
        raise ValueError(f"the materials' valid ranges leave no frequencies in [{low:g}, {high:g}] rad/s")
    return low, high


def temperature_range(T_range) -> tuple[float, float]:
    values = check_reals(T_range, "T_range", "(T_min, T_max) in K (real numbers)")
    if values.size not in (1, 2) or values.ndim > 1:
        raise ValueError(f"T_range must be (T_min, T_max) in K, got {T_range!r}")
    T_min, T_max = (float(t) for t in np.broadcast_to(values.ravel(), (2,)))
    if not (np.isfinite(T_min) and np.isfinite(T_max) and 0 < T_min <= T_max):
        raise ValueError(f"T_range must be (T_min, T_max) in K with 0 < T_min <= T_max, got {T_range}")
    return T_min, T_max


def _peaks(omega: np.ndarray, profile: np.ndarray) -> list[tuple[float, float]]:
    """(centre, half-height width) in rad/s of the peaks of a positive profile on a log grid."""
    profile = np.where(np.isfinite(profile) & (profile > 0), profile, np.nan)
    if np.all(np.isnan(profile)):
        return []
    floor = np.nanmax(profile) * 1e-300
    profile = np.nan_to_num(profile, nan=floor)
    index, _ = find_peaks(np.log(np.maximum(profile, floor)), prominence=np.log(2.0))
    if index.size == 0:
        return []
    _, _, left, right = peak_widths(profile, index, rel_height=0.5)
    log_omega = np.log(omega)
    position = np.arange(omega.size)
    lo = np.exp(np.interp(left, position, log_omega))
    hi = np.exp(np.interp(right, position, log_omega))
    return [(float(omega[i]), float(b - a)) for i, a, b in zip(index, lo, hi)]


def resonances(system: System, omega_range, *, samples_per_decade: int = 20000) -> list[tuple[float, float]]:
    """Resonances of the system's isolated particles, found numerically.

    For each distinct (material, radius) under the system's field, the peaks of
    Tr χ (χ the absorbing part of the polarizability with the radiative correction),
    Tr Im ε and Tr Im(−ε⁻¹) on a logarithmic scan of ``omega_range`` (rad/s).

    Returns a sorted list of (ω0, w): centre and full width at half height, both rad/s.
    """
    low, high = omega_range
    n = max(64, int(samples_per_decade * np.log10(high / low)))
    omega = np.geomspace(low, high, n)
    k = omega / constants.c
    B = system.B
    found = []
    seen = set()
    for model, radius in zip(system.materials, system.radii):
        key = (id(model), float(radius))
        if key in seen:
            continue
        seen.add(key)
        eps = model.epsilon(omega, B)
        chi = susceptibility(eps, radius, k)
        loss = np.trace(eps, axis1=-2, axis2=-1).imag
        inverse = np.linalg.inv(eps)
        longitudinal = -np.trace(inverse, axis1=-2, axis2=-1).imag
        for profile in (np.trace(chi, axis1=-2, axis2=-1).real, loss, longitudinal):
            found.extend(_peaks(omega, profile))
    return sorted(set(found))


def seed_edges(system: System, omega_range, *, panels_per_decade: float = PANELS_PER_DECADE) -> np.ndarray:
    """Initial panel edges (rad/s, sorted): logarithmic, plus a fan around each resonance."""
    low, high = omega_range
    n_log = max(2, int(np.ceil(panels_per_decade * np.log10(high / low))) + 1)
    edges = [np.geomspace(low, high, n_log)]
    for centre, width in resonances(system, omega_range):
        if width > 0.5 * centre:  # a broad feature: the logarithmic panels resolve it
            continue
        offsets = width * RESONANCE_OFFSETS
        edges.append(centre + np.concatenate([-offsets[::-1], offsets]))
    edges = np.concatenate(edges)
    edges = np.unique(edges[(edges > low) & (edges < high)])
    edges = np.concatenate([[low], edges, [high]])
    keep = np.concatenate([[True], np.diff(edges) > 1e-9 * edges[1:]])
    keep[-1] = True
    edges = edges[keep]
    return edges[np.concatenate([[True], np.diff(edges) > 0])]
