"""A set of spherical particles in vacuum or above a planar surface, under a uniform magnetic field."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import constants

from . import memory
from .checks import check_reals
from .engine.dipoles import (
    DIPOLE_MODELS,
    POLARIZABILITY_MODELS,
    ParticleModels,
    check_model,
    particle_models,
    warn_if_held_back,
)
from .materials import Material, material
from .materials.base import as_field
from .surface import Surface

#: Below this centre-to-centre distance, in units of the mean radius (R_i + R_j)/2,
#: higher multipoles matter and the dipole model is outside its validity.
DIPOLE_VALIDITY_RATIO = 3.0


#: Below this radius (m) a bulk, local ε does not describe a sphere (surface and quantum-size effects).
MIN_RADIUS = 1e-9

#: System(multipole_order=...) besides positive integers: raise L per frequency until converged.
AUTO_ORDER = "auto"

#: Default tolerance of multipole_order="auto": the largest relative change of any channel accepted.
DEFAULT_MULTIPOLE_TOL = 1e-3


#: (dipoles, polarizability) of the paper, the defaults; and of multipole_order, whose l = 1 they are.
PAPER_MODEL = (DIPOLE_MODELS[0], POLARIZABILITY_MODELS[0])
MULTIPOLE_MODEL = (DIPOLE_MODELS[1], POLARIZABILITY_MODELS[1])

#: System.with_model's marker for "keep the current value" where None has a meaning of its own.
KEEP = object()


class DipoleValidityWarning(UserWarning):
    """Two particles are closer than the dipole approximation allows."""


class ParticleSizeWarning(DipoleValidityWarning):
    """A radius the dipole model of a sphere cannot describe: below 1 nm, or kR > 1 everywhere.

    The electric-dipole polarizability needs kR ≪ 1 (k = ω/c). A radius with kR > 1 even at
    the lowest frequency of the grid is most often a length in nm given where metres are meant.
    """


def check_multipole(order, tol):
    """(order, tol) checked: order None, an integer ≥ 1 or "auto"; tol only with "auto" (default 1e-3).

    Raises ValueError naming the key and what is valid.
    """
    if order is None or isinstance(order, str):
        if order not in (None, AUTO_ORDER):
            raise ValueError(f"unknown multipole_order={order!r}; valid values: None (dipoles), an integer L ≥ 1, "
                             f"or {AUTO_ORDER!r}")
    elif isinstance(order, (bool, np.bool_)) or not isinstance(order, (int, np.integer)) or order < 1:
        raise ValueError(f"multipole_order must be an integer L ≥ 1 (the highest multipole degree), "
                         f"{AUTO_ORDER!r} or None, got {order!r}")
    else:
        order = int(order)
    if order != AUTO_ORDER:
        if tol is not None:
            raise ValueError(f"multipole_tol applies to multipole_order={AUTO_ORDER!r} only, got multipole_order="
                             f"{order!r} with multipole_tol={tol!r}")
        return order, None
    tol = DEFAULT_MULTIPOLE_TOL if tol is None else tol
    if isinstance(tol, (bool, np.bool_)) or not isinstance(tol, (int, float, np.floating)) or not 0 < tol < 1:
        raise ValueError(f"multipole_tol must be a relative tolerance between 0 and 1, got {tol!r}")
    return order, float(tol)


def _as_array(value, what: str, unit: str) -> np.ndarray:
    return check_reals(value, what, f"numbers in {unit}")


def require_pair_memory(n: int) -> None:
    """Refuse (ValueError) N particles whose pair distances (about 40 N² bytes) the memory cannot hold."""
    memory.require(40 * n**2, f"the pair distances of N = {n} particles", "use fewer particles")


def pair_distances(positions: np.ndarray, radii: np.ndarray):
    """(i, j, centre distance, sum of radii) of every pair i < j, in m."""
    i, j = np.triu_indices(positions.shape[0], k=1)
    return i, j, np.linalg.norm(positions[i] - positions[j], axis=-1), radii[i] + radii[j]


def check_overlaps(positions, radii) -> None:
    """Raise ValueError naming the pairs of spheres that overlap or coincide.

    positions (N, 3) m, radii (N,) m; touching spheres (distance = R_i + R_j) are allowed.
    The one overlap check: System runs it, and so does the workflow on every sweep point
    when the Snakefile is parsed.
    """
    positions, radii = np.asarray(positions, dtype=float), np.asarray(radii, dtype=float)
    i, j, distance, contact = pair_distances(positions, radii)
    overlap = distance < contact * (1 - 1e-12)
    if np.any(overlap):
        pairs = [(int(a), int(b)) for a, b in zip(i[overlap], j[overlap])]
        shown = ", ".join(f"({a}, {b})" for a, b in pairs[:10]) + (" ..." if len(pairs) > 10 else "")
        raise ValueError(f"overlapping spheres: {len(pairs)} pair(s) have centre distances below the sum of "
                         f"their radii: {shown}")


def check_above_surface(positions, radii) -> None:
    """Raise ValueError naming the particles that are not entirely above the surface z = 0 (z − R ≤ 0).

    positions (N, 3) m, radii (N,) m. The one check: System runs it, and so does the workflow at
    every sweep point when the Snakefile is parsed.
    """
    positions, radii = np.asarray(positions, dtype=float), np.asarray(radii, dtype=float)
    below = np.flatnonzero(positions[:, 2] - radii <= 0)
    if below.size:
        shown = ", ".join(f"{p} (z = {positions[p, 2]:.4g} m, R = {radii[p]:.4g} m)" for p in below[:10])
        raise ValueError(f"the surface is the plane z = 0 and every particle must lie entirely above it "
                         f"(z − R > 0); {below.size} do not: {shown}{' ...' if below.size > 10 else ''}")


def close_pairs(positions, radii, ratio: float = None) -> list[tuple[int, int]]:
    """Pairs (i < j) whose centre distance is below ``ratio`` × the mean radius (R_i + R_j)/2.

    ``ratio`` defaults to :data:`DIPOLE_VALIDITY_RATIO`: closer pairs are outside the dipole
    model's validity. A relative tolerance keeps builders that place spheres exactly at 3R
    from being flagged by round-off.
    """
    ratio = DIPOLE_VALIDITY_RATIO if ratio is None else ratio
    i, j, distance, contact = pair_distances(np.asarray(positions, dtype=float), np.asarray(radii, dtype=float))
    close = distance < ratio * contact / 2 * (1 - 1e-12)
    return [(int(a), int(b)) for a, b in zip(i[close], j[close])]


@dataclass(frozen=True, eq=False, init=False)
class System:
    """N spheres: positions (N, 3) in m, radii (N,) in m, one material each, field B in T.

    ``materials`` takes names known to :func:`photodrag.material` or Material objects;
    a single name or object is used for every particle. ``B`` is a 3-vector in tesla
    in the physical convention (see photodrag.materials.magneto), or None for no field;
    ``system.B`` is that vector, or None.

    Raises ValueError for overlapping spheres, non-positive radii, NaN or infinity,
    wrong shapes or types, mismatched lengths, or more particles than the memory holds.
    Warns (DipoleValidityWarning) for pairs closer than 3 radii centre to centre, naming
    them, and (ParticleSizeWarning) for radii below 1 nm.

    ``dipoles`` ("electric", the paper's, or "electric+magnetic") and ``polarizability``
    ("quasistatic", the paper's, or "mie") choose the model (photodrag.engine.dipoles); an
    anisotropic particle keeps the paper's model, with one AnisotropicParticleWarning.

    ``surface`` (a photodrag.Surface, or None for vacuum) puts the structure in z < 0 under
    the particles: every particle must lie entirely above it (z − R > 0; refused naming the
    particles), particles closer to it than 1.5 radii (their image nearer than 3 radii) warn
    (DipoleValidityWarning), and the electric dipole model is the one it supports.

    ``multipole_order`` makes the spheres exact at any distance (docs/theory.md, "Exact
    multipoles"): an integer L ≥ 1 gives every sphere its electric and magnetic Mie multipoles
    a_l, b_l up to degree L (photodrag.engine.tmatrix; L = 1 is dipoles="electric+magnetic",
    polarizability="mie"); "auto" raises L per frequency until every transmission channel
    changes by less than ``multipole_tol`` (default 1e-3). It implies the electric+magnetic Mie
    model (``dipoles`` and ``polarizability`` left at their defaults, or set to it; any other
    combination is refused), and beyond L = 1 it needs isotropic
    spheres: a magneto-optical particle under a field is refused (ValueError naming it).
    No DipoleValidityWarning is given for close pairs when L > 1 or "auto". Multipoles are
    for spheres in vacuum: with a surface they are refused.
    """

    positions: np.ndarray
    radii: np.ndarray
    materials: tuple[Material, ...]
    B: np.ndarray | None = None
    dipoles: str = DIPOLE_MODELS[0]
    polarizability: str = POLARIZABILITY_MODELS[0]
    surface: Surface | None = None
    multipole_order: int | str | None = None
    multipole_tol: float | None = None

    def __init__(self, positions, radii, materials, B=None, dipoles=DIPOLE_MODELS[0],
                 polarizability=POLARIZABILITY_MODELS[0], surface=None, multipole_order=None, multipole_tol=None):
        positions = _as_array(positions, "positions", "metres (shape (N, 3))")
        if positions.ndim != 2 or positions.shape[1] != 3 or positions.shape[0] == 0:
            raise ValueError(f"positions must have shape (N, 3) in metres, got {positions.shape}")
        n = positions.shape[0]
        require_pair_memory(n)
        if radii is None:
            raise ValueError("radii must be given in metres: one number for every particle, or one per particle")
        radii = _as_array(radii, "radii", "metres")
        if radii.ndim == 0:
            radii = np.full(n, float(radii))
        if radii.shape != (n,):
            raise ValueError(f"radii must have shape ({n},) to match {n} positions, got {radii.shape}")
        if not np.all(np.isfinite(positions)):
            raise ValueError("positions contain NaN or infinity")
        if not np.all(np.isfinite(radii)):
            raise ValueError("radii contain NaN or infinity")
        if np.any(radii <= 0):
            bad = np.flatnonzero(radii <= 0)
            raise ValueError(f"radii must be positive (m); particles {bad.tolist()} have {radii[bad].tolist()}")
        if isinstance(materials, (str, Material)):
            materials = [materials] * n
        try:
            materials = list(materials)
        except TypeError:
            raise ValueError(f"materials must be a material (a name such as 'SiC' or a photodrag.materials model) "
                             f"or a list of {n}, one per particle; got {materials!r:.80}") from None
        if len(materials) != n:
            raise ValueError(f"got {len(materials)} materials for {n} particles (positions has {n} rows): give one "
                             "per particle, or a single one for all")
        materials = tuple(material(m) for m in materials)
        object.__setattr__(self, "positions", positions)
        object.__setattr__(self, "radii", radii)
        object.__setattr__(self, "materials", materials)
        object.__setattr__(self, "B", as_field(B))
        order, tol = check_multipole(multipole_order, multipole_tol)
        dipoles = check_model("dipoles", dipoles, DIPOLE_MODELS)
        polarizability = check_model("polarizability", polarizability, POLARIZABILITY_MODELS)
        if order is not None:
            if (dipoles, polarizability) not in (PAPER_MODEL, MULTIPOLE_MODEL):
                raise ValueError(f"multipole_order={order!r} gives every sphere its electric and magnetic Mie multipoles: "
                                 f"it takes dipoles={DIPOLE_MODELS[1]!r} and polarizability={POLARIZABILITY_MODELS[1]!r} "
                                 f"(or neither), got dipoles={dipoles!r}, polarizability={polarizability!r}")
            dipoles, polarizability = MULTIPOLE_MODEL
        object.__setattr__(self, "dipoles", dipoles)
        object.__setattr__(self, "polarizability", polarizability)
        object.__setattr__(self, "multipole_order", order)
        object.__setattr__(self, "multipole_tol", tol)
        self._check_multipole_particles()
        object.__setattr__(self, "surface", self._checked_surface(surface))
        self._check_distances()
        warn_if_held_back(self.models, self.materials, self.dipoles, self.polarizability, stacklevel=3)
        small = np.flatnonzero(radii < MIN_RADIUS)
        if small.size:
            warnings.warn(f"particles {small[:10].tolist()} have radii below {MIN_RADIUS:g} m (smallest "
                          f"{radii.min():.3g} m): a bulk, local permittivity does not describe spheres this small; "
                          "radii are in metres", ParticleSizeWarning, stacklevel=2)

    @property
    def n_particles(self) -> int:
        return self.positions.shape[0]

    @property
    def models(self) -> ParticleModels:
        """The dipole model and polarizability each particle gets (photodrag.engine.dipoles)."""
        return particle_models(self.materials, self.B, self.dipoles, self.polarizability)

    @property
    def uses_multipoles(self) -> bool:
        """True when the spectra run the multipole (T-matrix) engine, photodrag.engine.tmatrix.

        multipole_order=1 with an anisotropic particle runs the 6N dipole kernel instead, which
        is the same model for the isotropic spheres and the only one the anisotropic particle has.
        """
        return self.multipole_order is not None and not (self.multipole_order == 1 and self.models.anisotropic.any())

    def _check_multipole_particles(self) -> None:
        """Refuse multipoles beyond the dipoles for particles that are not isotropic spheres."""
        if self.multipole_order in (None, 1):
            return
        held = np.flatnonzero(self.models.anisotropic)
        if held.size:
            names = sorted({self.materials[i].name for i in held})
            raise ValueError(
                f"multipole_order={self.multipole_order!r} needs isotropic spheres, and particles "
                f"{held[:10].tolist()}{' ...' if held.size > 10 else ''} ({', '.join(names)} under the field B = "
                f"{self.B.tolist()} T) are anisotropic: they have no Mie multipoles beyond the dipoles. Use "
                "multipole_order=1 (their quasi-static electric dipole, the others' Mie dipoles), or no field")

    def separations(self) -> np.ndarray:
        """r_i − r_j for every pair, shape (N, N, 3) in m."""
        return self.positions[:, None, :] - self.positions[None, :, :]

    def _check_distances(self) -> None:
        check_overlaps(self.positions, self.radii)
        pairs = close_pairs(self.positions, self.radii)
        if pairs and self.multipole_order in (None, 1):  # higher orders are exact at any distance once converged
            shown = ", ".join(f"({a}, {b})" for a, b in pairs[:10]) + (" ..." if len(pairs) > 10 else "")
            warnings.warn(
                f"{len(pairs)} particle pair(s) closer than {DIPOLE_VALIDITY_RATIO:g} radii centre to centre, "
                f"where the dipole model is outside its validity: {shown}",
                DipoleValidityWarning,
                stacklevel=3,
            )

    def _checked_surface(self, surface) -> Surface | None:
        """The surface after checking that the particles, the field and the model go with it."""
        if surface is None:
            return None
        if not isinstance(surface, Surface):
            raise ValueError(f"surface must be a photodrag.Surface (e.g. photodrag.Surface('SiC')) or None, got "
                             f"{type(surface).__name__} {surface!r:.60}")
        if self.multipole_order is not None:
            raise ValueError(f"multipole_order={self.multipole_order!r} (exact spheres) is for particles in vacuum: "
                             "above a surface photodrag has the electric dipole model only (the multipoles' "
                             "reflection by the surface is not implemented); leave multipole_order unset")
        if self.dipoles != DIPOLE_MODELS[0]:
            raise ValueError(f"above a surface photodrag has the electric dipole model only (dipoles='electric', "
                             f"either polarizability); dipoles={self.dipoles!r} needs the reflected tensors of "
                             "magnetic dipoles, which are not implemented")
        surface.field(self.B)  # a magneto-optical surface takes B along ±z only: refused now, not per ω
        check_above_surface(self.positions, self.radii)
        near = np.flatnonzero(self.positions[:, 2] < DIPOLE_VALIDITY_RATIO / 2 * self.radii * (1 - 1e-12))
        if near.size:
            warnings.warn(f"particles {near[:10].tolist()}{' ...' if near.size > 10 else ''} are closer to the "
                          f"surface than {DIPOLE_VALIDITY_RATIO / 2:g} radii (centre to surface): their image is "
                          f"nearer than {DIPOLE_VALIDITY_RATIO:g} radii, where the dipole model is outside its "
                          "validity", DipoleValidityWarning, stacklevel=4)
        return surface

    def warn_size_parameter(self, omega: np.ndarray) -> None:
        """Warn (ParticleSizeWarning) for radii with kR > 1 at every ω of the grid (rad/s).

        Judged at the lowest ω: a grid may reach far above the frequencies that carry the
        heat (where kR > 1 costs nothing), but a sphere larger than 1/k of the longest
        wavelength is outside the dipole model at every frequency. With multipoles to order L
        the bound is kR > L (a sphere needs L of order kR at least); "auto" raises L itself.
        """
        if self.multipole_order == AUTO_ORDER:
            return
        bound = self.multipole_order if self.uses_multipoles else 1
        size = float(np.min(omega)) / constants.c * self.radii                     # k_min R
        large = np.flatnonzero(size > bound)
        if large.size:
            model = (f"multipoles to order L = {bound} need kR below about L" if self.uses_multipoles else
                     "the electric-dipole model needs kR ≪ 1")
            warnings.warn(
                f"particles {large[:10].tolist()} (radius up to {self.radii.max():.3g} m) have kR > {bound} at every "
                f"frequency of the grid (kR = {size.max():.3g} at its lowest, ω = {np.min(omega):.4g} rad/s): {model} "
                "and its results are meaningless here. Lengths are in metres "
                "(100 nm is 100e-9)", ParticleSizeWarning, stacklevel=3)

    def epsilon(self, omega: np.ndarray) -> np.ndarray:
        """Permittivity of every particle, shape (n_omega, N, 3, 3); one evaluation per distinct material."""
        out = np.empty((len(omega), self.n_particles, 3, 3), dtype=complex)
        for model in {id(m): m for m in self.materials}.values():  # distinct objects, a handful
            mask = np.array([m is model for m in self.materials])
            try:
                out[:, mask] = model.epsilon(omega, self.B)[:, None]
            except ValueError as error:
                particles = np.flatnonzero(mask)
                shown = f"{particles[:10].tolist()}{' ...' if particles.size > 10 else ''}"
                raise ValueError(f"particles {shown} (material {model.name!r}): {error}") from error
        return out

    def rotated(self, rotation: np.ndarray, shift=(0.0, 0.0, 0.0)) -> "System":
        """The same system rigidly rotated (proper rotation matrix, B rotated with it) and shifted (m).

        Above a surface only the motions that map the surface onto itself are rigid: rotations
        about z and shifts in the plane (others raise ValueError).
        """
        rotation = check_reals(rotation, "rotation", "a 3 x 3 rotation matrix of real numbers")
        shift = check_reals(shift, "shift", "a 3-vector in metres")
        if self.surface is not None and not (np.allclose(rotation[:, 2], [0, 0, 1], atol=1e-12) and shift[2] == 0):
            raise ValueError("above a surface a rigid motion must keep the surface: rotate about z and shift in "
                             "the plane z = const")
        positions = self.positions @ rotation.T + shift
        B = None if self.B is None else rotation @ self.B
        return System(positions, self.radii, self.materials, B=B, surface=self.surface, **self._model())

    def with_field(self, B) -> "System":
        """The same particles under another field (tesla 3-vector or None)."""
        return System(self.positions, self.radii, self.materials, B=B, surface=self.surface, **self._model())

    def with_model(self, dipoles=None, polarizability=None, multipole_order=KEEP, multipole_tol=KEEP) -> "System":
        """The same particles, field and surface with another model.

        dipoles, polarizability: None keeps the current value; multipole_order, multipole_tol: KEEP
        (the default) keeps it, None switches the multipoles off (back to the dipole model given).
        """
        model = self._model()
        if multipole_order is not KEEP:
            model.update(multipole_order=multipole_order, multipole_tol=None)
            if multipole_order is not None:  # the multipoles bring their own model unless one is named
                model.update(zip(("dipoles", "polarizability"), PAPER_MODEL))
        if multipole_tol is not KEEP:
            model["multipole_tol"] = multipole_tol
        if dipoles is not None:
            model["dipoles"] = dipoles
        if polarizability is not None:
            model["polarizability"] = polarizability
        return System(self.positions, self.radii, self.materials, B=self.B, surface=self.surface, **model)

    def with_surface(self, surface) -> "System":
        """The same particles, field and model above another surface (a photodrag.Surface, or None for vacuum)."""
        return System(self.positions, self.radii, self.materials, B=self.B, surface=surface, **self._model())

    def _model(self) -> dict:
        """The keyword arguments that rebuild this model."""
        return {"dipoles": self.dipoles, "polarizability": self.polarizability,
                "multipole_order": self.multipole_order, "multipole_tol": self.multipole_tol}
