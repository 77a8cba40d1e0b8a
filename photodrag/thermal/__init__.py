"""Thermal physics on top of the spectra: steady-state temperatures, drag, supercurrents.

Conventions (physics.md): spectra indexed [omega, emitter, absorber]; the power that
absorber i takes from emitter j is ∫ dω/2π Θ(ω, T_j) 𝒯_{j→i}; a net heat flow
``heat_flow[j, i]`` is positive when heat goes from j to i. SI units (K, W, W/K, K/W).
"""

from .persistent import circulation, supercurrent, supercurrent_spectrum, supercurrent_to_bath
from .resistance import DRAG_DEFINITION, drag
from .temperatures import ConvergenceError, steady_state

__all__ = [
    "steady_state",
    "ConvergenceError",
    "drag",
    "DRAG_DEFINITION",
    "supercurrent",
    "supercurrent_spectrum",
    "supercurrent_to_bath",
    "circulation",
]
