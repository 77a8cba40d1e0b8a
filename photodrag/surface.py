"""A planar surface under the particles: vacuum for z > 0, a structure for z < 0.

    surface = photodrag.Surface("SiC")                              # a SiC half-space
    surface = photodrag.Surface("Au", films=[("SiC", 50e-9)])       # 50 nm of SiC on gold
    photodrag.surface_green(surface, omega, r, r_source)            # G_R, (n_omega, 3, 3), 1/m

Conventions (docs/theory.md#particles-above-a-surface): exp(−iωt); the surface is the plane z = 0
and every point lies above it; films are listed from the top down, thicknesses in m; the
reflected Green tensor is normalised as the free one, E = (k²/ε0) (G0 + G_R) p. A magneto-optical
half-space (InSb) takes the field B along ±z only; films must be isotropic under the field.
The physics engine underneath works on plain arrays: photodrag.engine.reflection (reflection
matrices), .sommerfeld and .reflected (G_R), .surface_channels (far field and surface kernels).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from scipy import constants

from .engine import reflected
from .engine.reflection import Reflector
from .materials import Material, material
from .materials.base import as_field, as_frequencies

#: A film thicker than this (m) is taken for a length given in the wrong unit.
MAX_THICKNESS = 1.0

#: B counts as normal to the surface when its in-plane part is below this fraction of |B|.
NORMAL_FIELD_TOLERANCE = 1e-12


def _material(value, what: str) -> Material:
    try:
        return material(value)
    except ValueError as error:
        raise ValueError(f"{what}: {error}") from None


def _film(index, film) -> tuple[Material, float]:
    try:
        name, thickness = film
    except (TypeError, ValueError):
        raise ValueError(f"film {index} must be a pair (material, thickness in m), got {film!r:.80}") from None
    film_material = _material(name, f"film {index}")
    if isinstance(thickness, bool) or not isinstance(thickness, numbers.Real):
        raise ValueError(f"film {index} ({film_material.name}): thickness must be a number of m, got {thickness!r:.40}")
    thickness = float(thickness)
    if not (np.isfinite(thickness) and thickness > 0):
        raise ValueError(f"film {index} ({film_material.name}): thickness must be finite and > 0 (m), got {thickness!r}")
    if thickness > MAX_THICKNESS:
        raise ValueError(f"film {index} ({film_material.name}): thickness {thickness:g} m is more than "
                         f"{MAX_THICKNESS:g} m; thicknesses are in metres (50 nm is 50e-9)")
    return film_material, thickness


@dataclass(frozen=True, init=False)
class Surface:
    """A half-space of `material` in z < 0, optionally under films, seen from the vacuum in z > 0.

    Parameters
    ----------
    material : str or photodrag.materials.Material
        The half-space: a name known to photodrag.material ("SiC", "Au", "InSb", ...) or a model.
    films : sequence of (material, thickness) pairs
        From the top (z = 0) down; thickness in m, finite and > 0.

    Attributes
    ----------
    material : photodrag.materials.Material
        The half-space.
    films : tuple of (Material, float) pairs
        The films from the top down, thickness in m.

    Raises
    ------
    ValueError
        Naming the unknown material, or the film whose thickness is wrong.
    """

    material: Material
    films: tuple[tuple[Material, float], ...]

    def __init__(self, material, films=()):
        object.__setattr__(self, "material", _material(material, "surface material"))
        if isinstance(films, (str, bytes)):
            raise ValueError(f"films must be a sequence of (material, thickness) pairs, got {films!r:.80}")
        try:
            films = tuple(films)
        except TypeError:
            raise ValueError(f"films must be a sequence of (material, thickness) pairs, got {films!r:.80}") from None
        object.__setattr__(self, "films", tuple(_film(index, film) for index, film in enumerate(films)))

    def __repr__(self) -> str:
        films = ", ".join(f"({film.name!r}, {thickness:g})" for film, thickness in self.films)
        return f"Surface({self.material.name!r}" + (f", films=[{films}])" if films else ")")

    @property
    def name(self) -> str:
        """A label: "SiC", or "50 nm SiC on Au"."""
        layers = [f"{thickness * 1e9:g} nm {film.name}" for film, thickness in self.films]
        return " on ".join(layers + [self.material.name])

    @property
    def layers(self) -> tuple[Material, ...]:
        """The materials from the top down, the half-space last."""
        return tuple(film for film, _ in self.films) + (self.material,)

    @property
    def thickness(self) -> np.ndarray:
        """Film thicknesses (L,) in m, from the top down."""
        return np.array([thickness for _, thickness in self.films], dtype=float)

    def field(self, B) -> np.ndarray:
        """B as the structure sees it (3,) T: ValueError where a magneto-optical layer would need
        a field it cannot take (in the plane of the surface, or on a film)."""
        B = as_field(B)
        if B is None:
            return np.zeros(3)
        magnitude = np.linalg.norm(B)
        magnetic = [layer for layer in self.layers if layer.magneto_optical]
        if not magnetic or magnitude == 0:
            return B
        if np.hypot(B[0], B[1]) > NORMAL_FIELD_TOLERANCE * magnitude:
            raise ValueError(f"surface {self.name}: the magneto-optical {magnetic[0].name} takes B along ±z only "
                             f"(normal to the surface), got B = {tuple(B.tolist())} T")
        for index, (film, _) in enumerate(self.films):
            if film.magneto_optical:
                raise ValueError(f"surface {self.name}: film {index} ({film.name}) is magneto-optical; under a field "
                                 "only the half-space may be")
        return B

    def reflector(self, omega, B=None) -> Reflector:
        """The engine's photodrag.engine.reflection.Reflector at ω (n,) rad/s under B (3,) T or None."""
        omega = as_frequencies(omega)
        B = self.field(B)
        eps = np.stack([layer.epsilon(omega, B) for layer in self.layers], axis=1)
        return Reflector(omega / constants.c, eps, self.thickness)

    def reflection(self, omega, k_parallel, B=None) -> np.ndarray:
        """The reflection matrix R (n_omega, m, 2, 2) in the (s, p) basis, complex.

        omega (n,) rad/s; k_parallel (m,) in-plane wavevectors ≥ 0 in 1/m (propagating below
        k = ω/c, evanescent above); B (3,) T or None. R[..., a, b] is the up-going amplitude of
        polarisation a per down-going amplitude of b, (s, p) = (0, 1), with ŝ = ẑ × q̂ and
        p̂± = (q ẑ ∓ kz q̂)/k (docs/theory.md). Diagonal, (r_s, r_p), unless s and p mix (a
        magneto-optical half-space under B ∥ z); by rotational symmetry it depends on |k_∥| only.
        """
        reflector = self.reflector(omega, B)
        q = np.atleast_1d(np.asarray(k_parallel, dtype=float))
        if q.ndim != 1 or not np.all(np.isfinite(q)) or np.any(q < 0):
            raise ValueError("k_parallel must be a 1-D array of finite in-plane wavevectors ≥ 0 in 1/m")
        k = reflector.k[:, None]
        kz = np.where(q <= k, np.sqrt(np.abs(k * k - q * q)) + 0j, 1j * np.sqrt(np.abs(q * q - k * k)))
        return reflector.matrix(kz)


def surface_green(surface: Surface, omega, r, r_source, B=None) -> np.ndarray:
    """The reflected Green tensor G_R(r, r_source) of a surface: (n_omega, 3, 3) complex, 1/m.

    E(r) = (k²/ε0) [G0(r − r_source) + G_R(r, r_source)] p for a dipole p at r_source, k = ω/c.

    Parameters
    ----------
    surface : Surface
    omega : (n,) rad/s
    r, r_source : (3,) m, both with z > 0 (ValueError naming the point otherwise); (P, 3) arrays
        give (n_omega, P, 3, 3).
    B : (3,) T or None, the field (along ±z for a magneto-optical half-space).

    Sommerfeld integrals on real-axis Gauss panels with the quasi-static image subtracted
    analytically, accurate to ~1e-12 of the tensor (docs/theory.md#particles-above-a-surface).
    """
    if not isinstance(surface, Surface):
        raise ValueError(f"surface must be a photodrag.Surface, got {type(surface).__name__}")
    single = np.ndim(r) == 1 and np.ndim(r_source) == 1
    r, r_source = np.broadcast_arrays(np.atleast_2d(np.asarray(r, dtype=float)),
                                      np.atleast_2d(np.asarray(r_source, dtype=float)))
    G = reflected.reflected_green(surface.reflector(omega, B), r, r_source)
    return G[:, 0] if single else G
