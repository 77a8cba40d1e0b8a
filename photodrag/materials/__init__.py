"""Dielectric models: named parameter sets and generic user models.

>>> import photodrag
>>> photodrag.material("SiC").epsilon([1.7e14]).shape
(1, 3, 3)
"""

from .base import Material
from .dispersive import Drude, Lorentz, Oscillator
from .magneto import MagnetoOptical
from .registry import NAMED, material
from .tabulated import Tabulated

__all__ = ["Material", "Drude", "Lorentz", "Oscillator", "MagnetoOptical", "Tabulated", "NAMED", "material"]
