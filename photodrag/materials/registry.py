"""Named parameter sets: the materials of the paper and of physics.md."""

from __future__ import annotations

from scipy import constants

from .base import Material
from .dispersive import Drude, Lorentz
from .magneto import MagnetoOptical

_PER_CM3 = 1e6  # m⁻³ per cm⁻³

_INSB_PHONON = dict(eps_inf=15.7, omega_L=3.62e13, omega_T=3.39e13, Gamma=5.65e11)

NAMED: dict[str, Material] = {
    "SiC": Lorentz.from_lo_to(
        name="SiC",
        eps_inf=6.7,
        omega_L=1.825e14,
        omega_T=1.494e14,
        gamma=0.9e12,
        reference="Palik, Handbook of Optical Constants (1985); paper text; physics.md",
    ),
    "Au": Drude(
        name="Au",
        omega_p=1.371e16,
        gamma=4e13,
        reference="Chapuis et al., PRB 77, 125402 (2008); paper text; physics.md",
    ),
    "InSb": MagnetoOptical(
        name="InSb",
        **_INSB_PHONON,
        gamma=1e12,
        carrier_density=1.36e19 * _PER_CM3,
        effective_mass=7.29e-32,
        reference="the paper's eqs. 15-18 (parameters), physical sign of B (physics.md)",
    ),
    "InSb-ZhuFan": MagnetoOptical(
        name="InSb-ZhuFan",
        **_INSB_PHONON,
        gamma=3.39e12,
        carrier_density=1.07e17 * _PER_CM3,
        effective_mass=0.022 * constants.m_e,
        reference="Zhu & Fan, PRL 117, 134303 (2016)",
    ),
}


def material(name_or_material) -> Material:
    """Return the named material model, or a Material object unchanged.

    Known names: 'SiC', 'Au', 'InSb', 'InSb-ZhuFan'.
    """
    if isinstance(name_or_material, Material):
        return name_or_material
    try:
        return NAMED[name_or_material]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown material {name_or_material!r}; known names: {', '.join(sorted(NAMED))}, "
            "or pass a photodrag.materials model (Drude, Lorentz, MagnetoOptical, Tabulated)"
        ) from None
