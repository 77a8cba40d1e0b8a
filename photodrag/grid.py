"""Adaptive frequency grids with an error estimate for the spectral integrals.

The thermal quantities a study needs are integrals over ω of the spectra,

    G_{j→i}(T)   = ∫ dω/2π ∂Θ/∂T(ω, T) 𝒯_{j→i}(ω)                (conductances, W/K)
    G_{j→b}(T), G_{b→i}(T): the same with the bath channels        (bath conductances, W/K)
    φ_{i→j}(T)   = ∫ dω/2π Θ(ω, T) [𝒯_{i→j}(ω) − 𝒯_{j→i}(ω)]      (supercurrents, W; B ≠ 0 only)

(physics.md; 𝒯 indexed [emitter, absorber]). Their integrands have peaks 0.5 % wide
(SiC's Fröhlich mode, width ≈ γ), split further by the coupling between particles, on a
range that spans decades. :func:`adaptive_spectra` builds the grid for them:

1. **Range.** [ω_lo, ω_hi] = [10⁻³ k_B T_min/ħ, 40 k_B T_max/ħ] (clipped to the materials'
   valid ranges): outside it ∂Θ/∂T and the transmissions leave less than 1e-10 of the
   integrals, far below any tolerance worth asking for (checked in the tests).
2. **Seeds.** The resonances of every distinct single particle (material, radius, B) are
   found numerically on a fine logarithmic scan, as the peaks of Tr χ (the absorbing
   part of the polarizability: Fröhlich and magneto-optically split modes, which move
   with |B|), of Tr Im ε (transverse poles, ω_T) and of Tr Im(−ε⁻¹) (longitudinal
   modes, ω_L), each with its half-height width w. Panel edges are placed at the peak
   ± w·(1, 3, 8, 20, 40), so that a mode shifted by the coupling to a few
   tens of widths away still falls on a panel narrow enough to see it; elsewhere panels
   are logarithmic, ``panels_per_decade`` per decade.
3. **Refinement.** Every panel carries the 15-point Gauss–Kronrod rule, whose 7 Gauss
   nodes are a subset of it. The grid keeps the **7-point Gauss rule** on every panel; the
   Kronrod result (exact for polynomials of degree 22 against the Gauss rule's 13) serves
   only to estimate the Gauss rule's error, which is then an estimate of the error of the
   rule actually stored, not an upper bound of unknown slack. While some quantity q has
   Σ_panels |K_pq − G_pq| > tol · scale_q, the panels whose |K_pq − G_pq| exceeds their
   share of the budget are bisected, and all new nodes are evaluated in one batched call
   of :func:`photodrag.spectra` per round.
4. **Result.** The spectra at the Gauss nodes with ``quadrature_weight`` set to the Gauss
   weights (so :func:`photodrag.conductance` integrates with exactly this rule) and the
   error estimates |Σ_p (K_p − G_p)| of every controlled quantity at the control
   temperatures.

Also controlled: the powers P_{i→j}(T) = ∫ dω/2π Θ(ω, T) 𝒯_{i→j} (for the exact, nonlinear
steady state). Relative error: scale_q = max(|Q_q|, floor · max |Q| of its family) (a family is
one kind of quantity at one temperature; for supercurrents the powers count too, as φ is
their difference), so that quantities smaller than ``floor`` (default 1e-6) times the largest
of their kind, vanishing supercurrents included, are held to an absolute error of
tol · floor · max instead of a relative one that no grid could meet.

Cost: each panel costs 15 evaluations of the spectra, of which 7 are kept; the refinement
decides from 𝒯 at all 15. The quantities are held per panel in memory
(panels × temperatures × 2N² floats), so this is meant for the few-particle systems of a
study, not for N = 1000.

References: Gauss–Kronrod G7/K15 constants from QUADPACK (Piessens et al., 1983), qk15.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import xarray as xr
from scipy import constants
from scipy.signal import find_peaks, peak_widths

from . import planck
from .diagnostics import energy_balance_residual
from .kernel import DEFAULT_MEMORY_BYTES
from .polarizability import susceptibility
from .spectra import spectra
from .system import System

log = logging.getLogger(__name__)

# 15-point Kronrod abscissae on [-1, 1] (positive half, descending; the Gauss-7 nodes are
# every other one, starting from the second) and weights; QUADPACK qk15.
_XGK = np.array([
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.0,
])
_WGK = np.array([
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
])
_WG = np.array([
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
])

#: Reference nodes (15,), Kronrod weights (15,) and Gauss weights (15,, zero off the Gauss nodes) on [-1, 1].
NODES = np.concatenate([-_XGK[:-1], _XGK[::-1]])
KRONROD_WEIGHTS = np.concatenate([_WGK[:-1], _WGK[::-1]])
GAUSS_WEIGHTS = np.zeros(15)
GAUSS_WEIGHTS[1::2] = np.concatenate([_WG[:-1], _WG[::-1]])
#: Positions of the 7 Gauss nodes among the 15.
GAUSS_INDEX = np.arange(1, 15, 2)

#: Edges around a resonance at ω0 of half-height width w: ω0 ± w × these.
RESONANCE_OFFSETS = np.array([1.0, 3.0, 8.0, 20.0, 40.0])

#: The default integration range in units of k_B T/ħ (low end at T_min, high end at T_max).
X_LOW, X_HIGH = 1e-3, 40.0


class GridConvergenceWarning(UserWarning):
    """The adaptive grid stopped at its point budget before reaching the tolerance."""


def gauss_kronrod_panels(edges) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nodes and weights of the G7/K15 rule on each panel [edges[p], edges[p+1]].

    Returns (nodes, kronrod, gauss), each (n_panels, 15): ω in rad/s and weights in rad/s;
    ``gauss`` is zero at the 8 Kronrod-only nodes.
    """
    edges = np.asarray(edges, dtype=float)
    centre = (edges[1:] + edges[:-1]) / 2
    half = (edges[1:] - edges[:-1]) / 2
    nodes = centre[:, None] + half[:, None] * NODES
    return nodes, half[:, None] * KRONROD_WEIGHTS, half[:, None] * GAUSS_WEIGHTS


def default_omega_range(system: System, T_range) -> tuple[float, float]:
    """[10⁻³ k_B T_min/ħ, 40 k_B T_max/ħ] in rad/s, clipped to every material's valid range."""
    T_min, T_max = _temperature_range(T_range)
    low = X_LOW * constants.k * T_min / constants.hbar
    high = X_HIGH * constants.k * T_max / constants.hbar
    for model in system.materials:
        valid_low, valid_high = model.valid_range
        low, high = max(low, valid_low), min(high, valid_high)
    if not low < high:
        raise ValueError(f"the materials' valid ranges leave no frequencies in [{low:g}, {high:g}] rad/s")
    return low, high


def _temperature_range(T_range) -> tuple[float, float]:
    T_min, T_max = (float(t) for t in np.broadcast_to(np.asarray(T_range, dtype=float), (2,)))
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
    B = system.B if system.field_given else None
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


def seed_edges(system: System, omega_range, *, panels_per_decade: float = 2.0) -> np.ndarray:
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


@dataclass
class _Families:
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


def _families(n_particles: int, n_temperatures: int, supercurrent: bool) -> _Families:
    names = ["conductance", "bath_conductance", "power"]
    shapes = [(n_temperatures, n_particles, n_particles), (n_temperatures, 2, n_particles),
              (n_temperatures, n_particles, n_particles)]
    if supercurrent:
        names.append("supercurrent")
        shapes.append((n_temperatures, n_particles, n_particles))
    return _Families(tuple(names), tuple(shapes))


def _integrals(omega, weight, pair, to_bath, from_bath, temperatures, supercurrent: bool) -> np.ndarray:
    """Σ_nodes weight × integrand of every controlled quantity, per group of nodes.

    omega, weight: (P, m) rad/s; pair (P, m, N, N); to_bath, from_bath (P, m, N);
    temperatures (n_T,) K. Returns (P, Q) in SI (W/K for conductances, W for supercurrents),
    Q ordered as :func:`_families`.
    """
    T = np.asarray(temperatures, dtype=float)[:, None, None]
    conductance_weight = planck.dtheta_dT(omega[None], T) * weight[None] / (2 * np.pi)  # (n_T, P, m)
    conductance = np.einsum("tpm,pmij->ptij", conductance_weight, pair)
    bath = np.einsum("tpm,cpmi->ptci", conductance_weight, np.stack([to_bath, from_bath]))
    parts = [conductance.reshape(len(omega), -1), bath.reshape(len(omega), -1)]
    power_weight = planck.theta(omega[None], T) * weight[None] / (2 * np.pi)
    power = np.einsum("tpm,pmij->ptij", power_weight, pair)                     # P_{i→j} at T_i = T
    parts.append(power.reshape(len(omega), -1))
    if supercurrent:
        parts.append((power - power.swapaxes(-1, -2)).reshape(len(omega), -1))  # φ_{i→j} = P_{i→j} − P_{j→i}
    return np.concatenate(parts, axis=1)


def _evaluate(system, edges_lo, edges_hi, temperatures, supercurrent, memory_bytes):
    """Spectra at the K15 nodes of the given panels, and their Kronrod and Gauss−Kronrod integrals."""
    edges = np.stack([edges_lo, edges_hi], axis=1)
    centre, half = edges.mean(axis=1), (edges[:, 1] - edges[:, 0]) / 2
    nodes = centre[:, None] + half[:, None] * NODES
    kronrod = half[:, None] * KRONROD_WEIGHTS
    gauss = half[:, None] * GAUSS_WEIGHTS
    spec = spectra(system, nodes.ravel(), memory_bytes=memory_bytes)
    P, N = nodes.shape[0], system.n_particles
    pair = spec["transmission"].values.reshape(P, 15, N, N)
    to_bath = spec["transmission_to_bath"].values.reshape(P, 15, N)
    from_bath = spec["transmission_from_bath"].values.reshape(P, 15, N)
    K = _integrals(nodes, kronrod, pair, to_bath, from_bath, temperatures, supercurrent)
    D = _integrals(nodes, kronrod - gauss, pair, to_bath, from_bath, temperatures, supercurrent)
    return spec, K, D


def adaptive_spectra(
    system: System,
    T_range=(250.0, 400.0),
    tol: float = 1e-4,
    *,
    n_temperatures: int = 3,
    omega_range=None,
    floor: float = 1e-6,
    panels_per_decade: float = 2.0,
    max_points: int = 50_000,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
) -> xr.Dataset:
    """Spectra on an adaptive Gauss grid built until the study's integrals converge.

    Parameters
    ----------
    system : photodrag.System
    T_range : (T_min, T_max) in K
        Temperatures at which the integrals must converge; they are controlled at
        ``n_temperatures`` equally spaced temperatures from T_min to T_max (the
        integrands vary smoothly with T in between).
    tol : float
        Target relative error of every conductance G_{j→i}, every bath conductance and,
        for B ≠ 0, every supercurrent φ_{i→j} (module docstring: relative to
        max(|Q|, floor × max of its kind)).
    omega_range : (ω_lo, ω_hi) in rad/s, optional
        Integration range; default :func:`default_omega_range`.
    floor : float
        Quantities below floor × the largest of their kind are held to that absolute level.
    panels_per_decade : float
        Logarithmic seed panels per decade of ω.
    max_points : int
        Budget of spectra evaluations (15 per panel). On reaching it the grid stops
        refining and warns (GridConvergenceWarning); the estimates stay honest.
    memory_bytes : int
        Passed to :func:`photodrag.spectra`.

    Returns
    -------
    xarray.Dataset
        What :func:`photodrag.spectra` returns, on the Gauss nodes (7 per panel, sorted),
        with ``quadrature_weight`` (omega) in rad/s, and:

        - ``conductance_error_estimate`` (grid_temperature, emitter, absorber), W/K;
        - ``bath_conductance_error_estimate`` (grid_temperature, bath_channel, particle), W/K,
          bath_channel = ['to_bath', 'from_bath'];
        - ``supercurrent_error_estimate`` (grid_temperature, emitter, absorber), W (B ≠ 0 only);
        - ``grid_panel_edge`` (panel_edge), rad/s: the panels of the rule;
        - attributes grid_rule, grid_tolerance, grid_floor, grid_points_evaluated,
          grid_converged (0/1), grid_relative_error_estimate (the worst over all quantities).

        The estimates are |Σ_panels (K15 − G7)|: the estimated error of the stored rule
        (test: within 3× of the error against a 10× refined reference).
    """
    if not isinstance(system, System):
        raise TypeError("adaptive_spectra() takes a photodrag.System")
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be positive, got {tol}")
    T_min, T_max = _temperature_range(T_range)
    temperatures = np.linspace(T_min, T_max, max(1, int(n_temperatures))) if T_max > T_min else np.array([T_min])
    if omega_range is None:
        omega_range = default_omega_range(system, (T_min, T_max))
    low, high = (float(w) for w in omega_range)
    if not 0 < low < high:
        raise ValueError(f"omega_range must satisfy 0 < ω_lo < ω_hi (rad/s), got {omega_range}")

    supercurrent = bool(system.field_given and np.any(system.B != 0))
    families = _families(system.n_particles, temperatures.size, supercurrent)
    family = families.family_index()

    edges = seed_edges(system, (low, high), panels_per_decade=panels_per_decade)
    lo, hi = edges[:-1], edges[1:]
    # Per panel: round, index within the round's spectra, Kronrod integrals, K − G.
    rounds: list[xr.Dataset] = []
    panel_round = np.empty(0, dtype=int)
    panel_local = np.empty(0, dtype=int)
    panel_lo = np.empty(0)
    panel_hi = np.empty(0)
    kronrod = np.empty((0, family[0].size))
    difference = np.empty((0, family[0].size))
    evaluated = 0
    converged = False
    while True:
        spec, K_new, D_new = _evaluate(system, lo, hi, temperatures, supercurrent, memory_bytes)
        rounds.append(spec)
        evaluated += 15 * lo.size
        panel_round = np.concatenate([panel_round, np.full(lo.size, len(rounds) - 1)])
        panel_local = np.concatenate([panel_local, np.arange(lo.size)])
        panel_lo, panel_hi = np.concatenate([panel_lo, lo]), np.concatenate([panel_hi, hi])
        kronrod, difference = np.concatenate([kronrod, K_new]), np.concatenate([difference, D_new])

        scale = _scales(kronrod.sum(axis=0), *family, floor)
        bound = np.abs(difference).sum(axis=0) / (tol * scale)
        log.info("adaptive grid: %d panels, %d evaluations, worst error bound %.2g of tol",
                 panel_lo.size, evaluated, bound.max())
        if bound.max() <= 1:
            converged = True
            break
        failing = bound > 1
        share = (np.abs(difference[:, failing]) / (tol * scale[failing])).max(axis=1)
        split = share >= min(1.0 / panel_lo.size, share.max())  # at least the worst panel
        if evaluated + 30 * np.count_nonzero(split) > max_points:
            warnings.warn(
                f"adaptive grid stopped at {evaluated} evaluations (max_points={max_points}) with an estimated "
                f"error bound {bound.max():.2g} × tol",
                GridConvergenceWarning,
                stacklevel=2,
            )
            break
        middle = (panel_lo[split] + panel_hi[split]) / 2
        lo = np.concatenate([panel_lo[split], middle])
        hi = np.concatenate([middle, panel_hi[split]])
        keep = ~split
        panel_round, panel_local = panel_round[keep], panel_local[keep]
        panel_lo, panel_hi = panel_lo[keep], panel_hi[keep]
        kronrod, difference = kronrod[keep], difference[keep]

    return _assemble_result(
        system, rounds, panel_round, panel_local, panel_lo, panel_hi, kronrod, difference,
        temperatures, families, family, tol, floor, evaluated, converged,
    )


def _scales(totals: np.ndarray, family: np.ndarray, partner: np.ndarray, floor: float) -> np.ndarray:
    """max(|Q_q|, floor × max |Q| over q's family and its partner family), never zero."""
    magnitude = np.abs(totals)
    family_max = np.zeros(family.max() + 1)
    np.maximum.at(family_max, family, magnitude)
    family_max = np.maximum(family_max, family_max[partner])
    scale = np.maximum(magnitude, floor * family_max[family])
    return np.where(scale > 0, scale, np.finfo(float).tiny)


def _assemble_result(system, rounds, panel_round, panel_local, panel_lo, panel_hi, kronrod, difference,
                     temperatures, families, family, tol, floor, evaluated, converged) -> xr.Dataset:
    omega_vars = [name for name in rounds[0].data_vars if "omega" in rounds[0][name].dims]
    parts, weights = [], []
    for r, spec in enumerate(rounds):
        mine = np.flatnonzero(panel_round == r)
        if mine.size == 0:
            continue
        rows = (panel_local[mine][:, None] * 15 + GAUSS_INDEX).ravel()
        parts.append(spec[omega_vars].isel(omega=rows))
        half = (panel_hi[mine] - panel_lo[mine]) / 2
        weights.append((half[:, None] * GAUSS_WEIGHTS[GAUSS_INDEX]).ravel())
    merged = xr.concat(parts, dim="omega")
    merged["quadrature_weight"] = ("omega", np.concatenate(weights), {
        "units": "rad/s", "long_name": "quadrature weight (7-point Gauss rule per panel)"})
    merged = merged.sortby("omega")
    result = xr.merge([rounds[0].drop_dims("omega"), merged], combine_attrs="override")

    estimate = np.abs(difference.sum(axis=0))
    relative = estimate / _scales(kronrod.sum(axis=0), *family, floor)
    split = families.split(estimate)
    grid_T = ("grid_temperature", temperatures, {"units": "K", "long_name": "temperature at which the grid was controlled"})
    result = result.assign_coords(grid_temperature=grid_T, bath_channel=("bath_channel", ["to_bath", "from_bath"], {"long_name": "bath channel: particle to bath, bath to particle"}))
    result["conductance_error_estimate"] = (("grid_temperature", "emitter", "absorber"), split["conductance"], {
        "units": "W/K", "long_name": "estimated error of the conductance integrated with quadrature_weight"})
    result["bath_conductance_error_estimate"] = (("grid_temperature", "bath_channel", "particle"),
                                                 split["bath_conductance"], {
        "units": "W/K", "long_name": "estimated error of the bath conductances integrated with quadrature_weight"})
    result["power_error_estimate"] = (("grid_temperature", "emitter", "absorber"), split["power"], {
        "units": "W", "long_name": "estimated error of the power emitter to absorber at the emitter temperature"})
    if "supercurrent" in split:
        result["supercurrent_error_estimate"] = (("grid_temperature", "emitter", "absorber"), split["supercurrent"], {
            "units": "W", "long_name": "estimated error of the equilibrium heat supercurrent emitter to absorber"})
    edges = np.unique(np.concatenate([panel_lo, panel_hi]))
    result["grid_panel_edge"] = ("panel_edge", edges, {"units": "rad/s", "long_name": "edges of the quadrature panels"})
    result.attrs.update(
        grid_rule="7-point Gauss-Legendre per panel; error estimated by the 15-point Kronrod extension (QUADPACK qk15)",
        grid_tolerance=float(tol),
        grid_floor=float(floor),
        grid_points_evaluated=int(evaluated),
        grid_converged=int(converged),
        grid_relative_error_estimate=float(relative.max()),
        energy_balance_residual=float(energy_balance_residual(result).max()),
    )
    log.info("adaptive grid: %d panels, %d of %d evaluated points kept, estimated relative error %.2g",
             panel_lo.size, result.sizes["omega"], evaluated, relative.max())
    return result


def integrals(spec: xr.Dataset, temperatures) -> dict[str, np.ndarray]:
    """The controlled quantities integrated with the dataset's stored rule (or the trapezoid).

    Returns {'conductance': (n_T, N, N) W/K [T, emitter, absorber], 'bath_conductance':
    (n_T, 2, N) W/K [T, to/from bath, particle], 'power': (n_T, N, N) W, the power
    P_{emitter→absorber} = ∫ dω/2π Θ(ω, T) 𝒯 at emitter temperature T, and when the dataset's field is not zero
    'supercurrent': (n_T, N, N) W [T, i, j], φ_{i→j}}.
    """
    from .integrate import quadrature_weights

    omega = spec["omega"].values
    weight = quadrature_weights(spec).values
    temperatures = np.atleast_1d(np.asarray(temperatures, dtype=float))
    supercurrent = bool(np.any(spec["magnetic_field"].values != 0))
    flat = _integrals(
        omega[None], weight[None], spec["transmission"].values[None],
        spec["transmission_to_bath"].values[None], spec["transmission_from_bath"].values[None],
        temperatures, supercurrent,
    )[0]
    N = spec.sizes["emitter"]
    return _families(N, temperatures.size, supercurrent).split(flat)


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


def refined_reference(system: System, panel_edges, temperatures, *, factor: int = 10,
                      memory_bytes: int = DEFAULT_MEMORY_BYTES) -> dict[str, np.ndarray]:
    """The controlled quantities with each panel cut into ``factor`` equal parts and the K15 rule.

    A reference for the error estimates (same range, same panels, 10 × 15/7 ≈ 21× the nodes).
    Returns the same dictionary as :func:`integrals`.
    """
    edges = np.asarray(panel_edges, dtype=float)
    fine = (edges[:-1, None] + (edges[1:] - edges[:-1])[:, None] * np.linspace(0, 1, factor + 1)[:-1]).ravel()
    fine = np.append(fine, edges[-1])
    nodes, kronrod, _ = gauss_kronrod_panels(fine)
    spec = spectra(system, nodes.ravel(), quadrature_weight=kronrod.ravel(), memory_bytes=memory_bytes)
    return integrals(spec, temperatures)
