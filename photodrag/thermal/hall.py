"""The photon thermal Hall effect (Ben-Abdallah, PRL 116, 084301, 2016).

Four particles on a square; two on one diagonal are held by thermostats at T_hot and
T_cold, the two on the other diagonal are free. Without a field the square's mirror
symmetry through the thermostated diagonal gives the free pair equal temperatures. A
magnetic field normal to the square breaks that symmetry in magneto-optical particles
(the exchange is no longer reciprocal), and a temperature difference appears across the
free diagonal, odd in B:

    ΔT_H = T(free[0]) − T(free[1]),    relative Hall temperature ΔT_H / (T_hot − T_cold).

In the paper's numbering 1 = hot, 2 = cold, 3 = free[0], 4 = free[1], so the relative
Hall temperature is its (T3 − T4)/(T1 − T2). The sign depends on the order of the free
pair relative to the field: ``handedness`` is +1 when free[0] lies counter-clockwise of the
hot particle seen from the tip of the field axis û (right-handed about û), −1 when
clockwise. For :func:`photodrag.geometry.coaxial_rings` (1, 4, ...) with hot = 0, cold = 2
and the default free = (1, 3), a field along +z gives handedness +1. B is the physical
field (the paper's InSb tensor is the physical one at −B: its signs are those at −B here).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..checks import check_particle
from ..deprecation import renamed_arguments
from .field import field_axis
from .held import HeldPair, held_states
from .options import DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE_K, SolverOptions

HALL_DEFINITION = (
    "hall_temperature = T(free[0]) - T(free[1]); relative_hall_temperature = hall_temperature / (T_hot - T_cold) "
    "(the paper's (T3 - T4)/(T1 - T2) with 1 = hot, 2 = cold, 3 = free[0], 4 = free[1]); handedness = +1 when "
    "free[0] is counter-clockwise of hot seen from the tip of the field axis"
)


def _free_pair(pair: HeldPair, free) -> tuple[int, int]:
    """The free pair in the order that defines the sign: ``free``, or the two others, lower index first."""
    others = tuple(p for p in range(4) if p not in (pair.hot, pair.cold))
    if free is None:
        return others
    free = tuple(check_particle(p, "free", 4) for p in free)
    if len(free) != 2 or sorted(free) != list(others):
        raise ValueError(
            f"free must be the two particles other than hot and cold, {others} in either order; got {free}"
        )
    return free


#: Relative tolerance of the mirror symmetry of a Hall set-up (of its largest distance).
SYMMETRY_TOLERANCE = 1e-6


def check_mirror_symmetry(positions, radii, materials, hot: int, cold: int, free) -> None:
    """Refuse a Hall set-up whose free pair are not mirror images of each other through the hot–cold axis.

    The Hall temperature is a Hall signal only because it vanishes at B = 0: the free pair must
    be swapped by a mirror that keeps hot and cold in place, i.e. each free particle is as far
    from hot as the other, and as far from cold, with equal radii and materials. Otherwise the
    geometry alone gives the free pair different temperatures (hot and cold on neighbouring
    corners of a square, not opposite ones). ``positions`` (4, 3) m, ``radii`` (4,) m, ``materials``
    (4,) names; ValueError naming the particles and distances.
    """
    positions, radii = np.asarray(positions, dtype=float), np.asarray(radii, dtype=float)
    a, b = free
    scale = SYMMETRY_TOLERANCE * float(np.ptp(positions, axis=0).max())
    for held, name in ((hot, "hot"), (cold, "cold")):
        d_a, d_b = (float(np.linalg.norm(positions[p] - positions[held])) for p in (a, b))
        if abs(d_a - d_b) > scale:
            raise ValueError(
                f"the free particles {a} and {b} are {d_a:.4g} m and {d_b:.4g} m from the {name} particle {held}: the "
                "Hall set-up needs them mirror images through the hot-cold axis, so that the Hall temperature "
                "vanishes at B = 0; otherwise it reports the geometry's asymmetry as a Hall signal. Hold two "
                "opposite corners of the square (hot=0, cold=2 for a ring of four), not neighbours")
    if abs(radii[a] - radii[b]) > SYMMETRY_TOLERANCE * radii.max() or str(materials[a]) != str(materials[b]):
        raise ValueError(
            f"the free particles {a} and {b} differ ({radii[a]:.4g} m of {materials[a]}, {radii[b]:.4g} m of "
            f"{materials[b]}): the Hall set-up needs them alike, so that the Hall temperature vanishes at B = 0")


def handedness(positions: np.ndarray, hot: int, first: int, axis: np.ndarray | None) -> int:
    """+1 if ``first`` is counter-clockwise of ``hot`` about the square's centre seen from the tip of ``axis``, −1 if
    clockwise, 0 without an axis (no field) or when the three lie on a line through it."""
    if axis is None:
        return 0
    centre = positions.mean(axis=0)
    turn = float(np.cross(positions[hot] - centre, positions[first] - centre) @ axis)
    scale = float(np.linalg.norm(positions[hot] - centre) * np.linalg.norm(positions[first] - centre))
    return 0 if abs(turn) <= 1e-12 * scale else int(np.sign(turn))


@renamed_arguments(spec="spectra", method="model", bath="T_bath")
def hall(
    spectra: xr.Dataset, hot: int = 0, cold: int = 2, T_hot: float = 310.0, T_cold: float = 300.0, *,
    free=None, model: str = "nonlinear", T_bath: float | None = None, T_surface: float | None = None,
    T_ref: float | None = None, tol: float = DEFAULT_TOLERANCE_K, max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> xr.Dataset:
    """Hall temperature difference of the free pair of a four-particle square.

    Parameters
    ----------
    spectra : xarray.Dataset
        Spectra of four particles (:func:`photodrag.spectra`), one field or a sweep along B.
    hot, cold : int
        The thermostated particles (one diagonal), held at ``T_hot`` and ``T_cold`` (K).
    T_hot, T_cold : float
        Thermostat temperatures in K; they must differ.
    free : pair of int, optional
        The free pair in the order that defines the sign (default: the other two, lower
        index first).
    model : {"nonlinear", "linear"}
        Model of :func:`photodrag.steady_state` (default: the exact Landauer balance).
    T_bath : float or None
        Bath temperature in K, or None for no bath.
    T_surface : float or None
        Temperature of the surface in K (spectra above a surface only, and then required).
    T_ref : float, optional
        Newton's starting point (nonlinear) or the expansion temperature (linear), K;
        default ``T_cold``.
    tol, max_iterations
        See :func:`photodrag.steady_state`. ``method=`` and ``bath=`` are deprecated
        spellings of ``model=`` and ``T_bath=``.

    Returns
    -------
    xarray.Dataset
        hall_temperature (K), relative_hall_temperature (1), and the steady state's
        temperature (particle) K, thermostat_power (thermostat) W, heat_flow (emitter,
        absorber) W, bath_power (particle) W, max_residual_W; each with a leading B
        dimension for a sweep. Attributes: hot, cold, free, T_hot_K, T_cold_K, method,
        bath, handedness (see the module docstring), hall_definition.

    Raises
    ------
    ValueError
        Not four particles, bad indices, equal or invalid temperatures, a free pair that is not mirror
        symmetric through the hot–cold axis (:func:`check_mirror_symmetry`).
    """
    n = spectra.sizes["emitter"]
    if n != 4:
        raise ValueError(
            f"the thermal Hall set-up needs exactly four particles (two thermostated on one diagonal of a square, "
            f"two free on the other); these spectra have {n}"
        )
    pair = HeldPair.checked(hot, cold, T_hot, T_cold, n, "the Hall effect")
    free = _free_pair(pair, free)
    options = SolverOptions.checked(model, pair.T_cold if T_ref is None else T_ref, T_bath, tol, max_iterations,
                                    T_surface)
    if all(name in spectra for name in ("position", "radius", "material")):  # photodrag's spectra carry them
        positions = np.asarray(spectra["position"].values, dtype=float).reshape(-1, 4, 3)
        radii, materials = (np.broadcast_to(spectra[v].values.reshape(-1, 4), positions.shape[:2])
                            for v in ("radius", "material"))
        for point in zip(positions, radii, materials):
            check_mirror_symmetry(*point, pair.hot, pair.cold, free)
    drive = pair.T_hot - pair.T_cold

    def derive(state):
        delta = float(state["temperature"][free[0]] - state["temperature"][free[1]])
        return {
            "hall_temperature": (delta, {
                "units": "K", "long_name": "Hall temperature difference T(free[0]) - T(free[1])"}),
            "relative_hall_temperature": (delta / drive, {
                "units": "1", "long_name": "relative Hall temperature (T(free[0]) - T(free[1]))/(T_hot - T_cold)"}),
        }

    result = held_states(spectra, pair, options, derive)
    positions = spectra["position"].values
    positions = positions[0] if positions.ndim == 3 else positions
    result.attrs = {
        "title": "photodrag photon thermal Hall effect",
        **pair.attrs(),
        "free": np.array(free),
        "method": options.model,
        "bath": "off" if options.T_bath is None else f"{options.T_bath} K",
        **options.surface_attrs(),
        "handedness": handedness(positions, pair.hot, free[0], field_axis(spectra)),
        "hall_definition": HALL_DEFINITION,
        "reference": "Ben-Abdallah, PRL 116, 084301 (2016)",
    }
    return result
