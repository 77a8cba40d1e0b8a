"""photodrag: near-field radiative heat transfer, thermal photon drag and heat
supercurrents in many-body systems of nanoparticles (fluctuating electric dipoles, and
magnetic ones on request: System(dipoles="electric+magnetic", polarizability="mie"); exact spheres
at any distance with System(multipole_order=L or "auto")).

Conventions (docs/theory.md): SI units; exp(−iωt), Im ε > 0 is loss; transmission arrays
are indexed [omega, emitter, absorber]; B is the physical magnetic field in tesla.
"""

from . import geometry, materials
from ._version import __version__
from .diagnostics import energy_balance_residual, reciprocity_residual
from .engine.dipoles import AnisotropicParticleWarning
from .engine.order_convergence import MultipoleConvergenceWarning
from .grid import adaptive_spectra
from .integrate import bath_conductance, conductance, surface_conductance
from .materials import material
from .spectra import spectra
from .surface import Surface, surface_green
from .system import DipoleValidityWarning, ParticleSizeWarning, System
from .thermal import drag, relax, relaxation_modes, steady_state, supercurrent

__all__ = [
    "__version__",
    "materials",
    "material",
    "System",
    "Surface",
    "surface_green",
    "DipoleValidityWarning",
    "AnisotropicParticleWarning",
    "MultipoleConvergenceWarning",
    "ParticleSizeWarning",
    "spectra",
    "adaptive_spectra",
    "conductance",
    "bath_conductance",
    "surface_conductance",
    "energy_balance_residual",
    "reciprocity_residual",
    "steady_state",
    "drag",
    "supercurrent",
    "relax",
    "relaxation_modes",
    "geometry",
]
