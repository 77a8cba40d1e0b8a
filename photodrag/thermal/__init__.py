"""Thermal physics on top of the spectra: steady-state temperatures, drag, supercurrents,
relaxation in time, the photon thermal Hall effect and thermal magnetoresistance.

Conventions (docs/theory.md): spectra indexed [omega, emitter, absorber]; the power that
absorber i takes from emitter j is ∫ dω/2π Θ(ω, T_j) 𝒯_{j→i}; a net heat flow
``heat_flow[j, i]`` is positive when heat goes from j to i. SI units (K, W, W/K, K/W).
"""

from .dynamics import RelaxationError, relax
from .field import FieldIndependenceWarning, warn_if_field_independent
from .hall import HALL_DEFINITION, hall
from .magnetoresistance import RESISTANCE_DEFINITION, magnetoresistance, thermal_resistance
from .modes import relaxation_modes
from .options import MODELS, LinearisationWarning, SolverOptions, Thermostats
from .persistent import (
    circulation, supercurrent, supercurrent_spectrum, supercurrent_to_bath, supercurrent_to_surface,
)
from .resistance import DRAG_DEFINITION, drag
from .temperatures import ConvergenceError, steady_state

__all__ = [
    "steady_state",
    "MODELS",
    "SolverOptions",
    "Thermostats",
    "ConvergenceError",
    "drag",
    "DRAG_DEFINITION",
    "supercurrent",
    "supercurrent_spectrum",
    "supercurrent_to_bath",
    "supercurrent_to_surface",
    "circulation",
    "relax",
    "relaxation_modes",
    "RelaxationError",
    "hall",
    "HALL_DEFINITION",
    "thermal_resistance",
    "magnetoresistance",
    "RESISTANCE_DEFINITION",
    "FieldIndependenceWarning",
    "LinearisationWarning",
    "warn_if_field_independent",
]
