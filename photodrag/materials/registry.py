"""Named parameter sets: the materials of the paper and of docs/theory.md."""

from __future__ import annotations

from scipy import constants

from .base import Material
from .dispersive import Drude, Lorentz
from .magneto import MagnetoOptical

_PER_CM3 = 1e6  # m⁻³ per cm⁻³

_INSB_PHONON = dict(eps_inf=15.7, omega_L=3.62e13, omega_T=3.39e13, Gamma=5.65e11)

# Volumetric heat capacities near 300 K, J m⁻³ K⁻¹: mass density (kg m⁻³) times specific
# heat at constant pressure (J kg⁻¹ K⁻¹). For a solid c_p and c_v differ by well under 1 %
# at 300 K, less than the spread between handbooks.
_G_PER_CM3 = 1e3  # kg m⁻³ per g cm⁻³
_J_PER_G_K = 1e3  # J kg⁻¹ K⁻¹ per J g⁻¹ K⁻¹
_HEAT_CAPACITY = {
    "SiC": dict(
        volumetric_heat_capacity=3.21 * _G_PER_CM3 * 0.69 * _J_PER_G_K,
        heat_capacity_reference=(
            "2.21e6 J m^-3 K^-1 = 3.21 g cm^-3 x 0.69 J g^-1 K^-1 at 300 K (4H/6H-SiC): Levinshtein, Rumyantsev "
            "& Shur (eds.), Properties of Advanced Semiconductor Materials (Wiley, 2001), ch. 5; Ioffe NSM archive"
        ),
    ),
    "Au": dict(
        # 25.42 J mol⁻¹ K⁻¹ / 196.967 g mol⁻¹ = 0.1291 J g⁻¹ K⁻¹
        volumetric_heat_capacity=19.30 * _G_PER_CM3 * (25.42 / 196.967) * _J_PER_G_K,
        heat_capacity_reference=(
            "2.49e6 J m^-3 K^-1 = 19.30 g cm^-3 x 25.42 J mol^-1 K^-1 / 196.967 g mol^-1 at 298 K: "
            "CRC Handbook of Chemistry and Physics (Haynes ed.), heat capacity and density of the elements"
        ),
    ),
    "InSb": dict(
        volumetric_heat_capacity=5.77 * _G_PER_CM3 * 0.20 * _J_PER_G_K,
        heat_capacity_reference=(
            "1.15e6 J m^-3 K^-1 = 5.77 g cm^-3 x 0.20 J g^-1 K^-1 at 300 K: Levinshtein, Rumyantsev & Shur (eds.), "
            "Handbook Series on Semiconductor Parameters vol. 1 (World Scientific, 1996); Ioffe NSM archive. "
            "The free carriers add < 1e-3 of it"
        ),
    ),
}

NAMED: dict[str, Material] = {
    "SiC": Lorentz.from_lo_to(
        name="SiC",
        eps_inf=6.7,
        omega_L=1.825e14,
        omega_T=1.494e14,
        gamma=0.9e12,
        reference="Palik, Handbook of Optical Constants (1985); paper text; docs/theory.md",
        **_HEAT_CAPACITY["SiC"],
    ),
    "Au": Drude(
        name="Au",
        omega_p=1.371e16,
        gamma=4e13,
        reference="Chapuis et al., PRB 77, 125402 (2008); paper text; docs/theory.md",
        **_HEAT_CAPACITY["Au"],
    ),
    "InSb": MagnetoOptical(
        name="InSb",
        **_INSB_PHONON,
        gamma=1e12,
        carrier_density=1.36e19 * _PER_CM3,
        effective_mass=7.29e-32,
        reference="the paper's eqs. 15-18 (parameters), physical sign of B (docs/theory.md)",
        **_HEAT_CAPACITY["InSb"],
    ),
    "InSb-ZhuFan": MagnetoOptical(
        name="InSb-ZhuFan",
        **_INSB_PHONON,
        gamma=3.39e12,
        carrier_density=1.07e17 * _PER_CM3,
        effective_mass=0.022 * constants.m_e,
        reference="Zhu & Fan, PRL 117, 134303 (2016)",
        **_HEAT_CAPACITY["InSb"],  # the same crystal; the carriers do not change it
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
