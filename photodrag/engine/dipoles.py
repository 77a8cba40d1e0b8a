"""Which dipoles each particle carries and which polarizability describes them.

A System asks for one model (docs/magnetic-dipoles.md):

* ``dipoles="electric"`` (the paper's): one electric dipole per sphere, a 3N×3N problem;
  ``dipoles="electric+magnetic"``: an electric and a magnetic dipole per sphere, 6N×6N.
* ``polarizability="quasistatic"`` (the paper's): the electric dipole takes the tensor
  Clausius–Mossotti α0 (photodrag.engine.polarizability), the magnetic one the quasi-static
  eddy-current α_H0 (photodrag.engine.mie.quasistatic_magnetic), both with the radiative correction;
  ``polarizability="mie"``: the exact dipolar Mie polarizabilities 6πi a1/k³ and 6πi b1/k³.

Mie theory and the magnetic dipole need an isotropic sphere. An anisotropic particle (a
magneto-optical material under a non-zero field) keeps the quasi-static electric dipole and
gets no magnetic dipole whatever is asked; the System warns once (AnisotropicParticleWarning)
and the spectra record per particle which model it got. Nothing falls back silently.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

#: Values of System(dipoles=...): the paper's model first.
DIPOLE_MODELS = ("electric", "electric+magnetic")

#: Values of System(polarizability=...): the paper's model first.
POLARIZABILITY_MODELS = ("quasistatic", "mie")

#: Names of the two kinds of dipole, in the order of the kernel's blocks and of the
#: emitter_dipole / absorber_dipole coordinates.
DIPOLE_KINDS = ("electric", "magnetic")


class AnisotropicParticleWarning(UserWarning):
    """Anisotropic particles keep the quasi-static electric dipole and carry no magnetic dipole."""


def check_model(key: str, value, allowed: tuple[str, ...]) -> str:
    """value if it is one of allowed, else a ValueError naming the key and the valid values."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"unknown {key}={value!r}; valid values: {', '.join(map(repr, allowed))}")
    return value


def dipole_blocks_per_particle(dipoles: str) -> int:
    """3×3 blocks per particle in the many-body matrix: 1 (electric) or 2 (electric+magnetic)."""
    return DIPOLE_MODELS.index(check_model("dipoles", dipoles, DIPOLE_MODELS)) + 1


@dataclass(frozen=True)
class ParticleModels:
    """The model each particle gets: ``dipole[i]`` in DIPOLE_MODELS, ``polarizability[i]`` in
    POLARIZABILITY_MODELS, and ``anisotropic`` (N,) bool, the particles held to the paper's model."""

    dipole: tuple[str, ...]
    polarizability: tuple[str, ...]
    anisotropic: np.ndarray

    @property
    def magnetic(self) -> np.ndarray:
        """Indices of the particles that carry a magnetic dipole, increasing."""
        return np.array([i for i, d in enumerate(self.dipole) if d == "electric+magnetic"], dtype=int)

    @property
    def mie(self) -> np.ndarray:
        """Indices of the particles described by Mie polarizabilities, increasing."""
        return np.array([i for i, p in enumerate(self.polarizability) if p == "mie"], dtype=int)

    @property
    def n_blocks(self) -> int:
        """Number of 3×3 dipole blocks: N electric ones, then one per magnetic dipole."""
        return len(self.dipole) + self.magnetic.size


def particle_models(materials, field, dipoles: str, polarizability: str) -> ParticleModels:
    """Assign the requested model to every isotropic particle and the paper's to anisotropic ones.

    materials: the System's Material objects; field: its B in tesla (3-vector) or None.
    A particle is anisotropic when its material is magneto-optical and the field is non-zero.
    """
    check_model("dipoles", dipoles, DIPOLE_MODELS)
    check_model("polarizability", polarizability, POLARIZABILITY_MODELS)
    field_on = field is not None and bool(np.any(np.asarray(field) != 0))
    anisotropic = np.array([field_on and m.magneto_optical for m in materials], dtype=bool)
    return ParticleModels(
        dipole=tuple(DIPOLE_MODELS[0] if a else dipoles for a in anisotropic),
        polarizability=tuple(POLARIZABILITY_MODELS[0] if a else polarizability for a in anisotropic),
        anisotropic=anisotropic,
    )


def warn_if_held_back(models: ParticleModels, materials, dipoles: str, polarizability: str, stacklevel: int) -> None:
    """One AnisotropicParticleWarning when some particles cannot have the model asked for."""
    asked_beyond_paper = (dipoles, polarizability) != (DIPOLE_MODELS[0], POLARIZABILITY_MODELS[0])
    held = np.flatnonzero(models.anisotropic)
    if not asked_beyond_paper or held.size == 0:
        return
    names = sorted({materials[i].name for i in held})
    shown = held[:10].tolist()
    warnings.warn(
        f"{held.size} anisotropic particle(s) {shown}{' ...' if held.size > 10 else ''} "
        f"(magneto-optical under the field: {', '.join(names)}) keep the quasi-static electric dipole and carry "
        f"no magnetic dipole, although dipoles={dipoles!r}, polarizability={polarizability!r} were asked; the "
        f"spectra's dipole_model and polarizability_model record what each particle got",
        AnisotropicParticleWarning,
        stacklevel=stacklevel,
    )
