"""The experiment "two held, the rest free", shared by drag, the thermal Hall effect and the resistance.

Two particles are held by thermostats, ``hot`` at T_hot and ``cold`` at T_cold; every other
particle relaxes (photodrag.thermal.temperatures). :class:`HeldPair` is that set-up, validated
once; :func:`held_states` solves it at each field of the spectra and adds the scalars each
experiment derives from the state (ΔT_p and R_D, the Hall temperature, the resistance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import xarray as xr

from ..checks import check_particle, check_temperature
from .exchange import Exchange
from .field import over_field
from .options import SolverOptions, Thermostats
from .temperatures import STATE_VARIABLES, solve


@dataclass(frozen=True)
class HeldPair:
    """Particle ``hot`` held at ``T_hot`` and ``cold`` at ``T_cold`` (K); build it with :meth:`checked`."""

    hot: int
    cold: int
    T_hot: float
    T_cold: float

    @classmethod
    def checked(cls, hot, cold, T_hot, T_cold, n_particles: int, experiment: str) -> "HeldPair":
        """The set-up after checking it: two distinct particles in range, two different temperatures.

        ``experiment`` names what needs them in the messages ("drag", "a resistance", ...).
        """
        hot, cold = check_particle(hot, "hot", n_particles), check_particle(cold, "cold", n_particles)
        if hot == cold:
            raise ValueError(f"hot and cold are both particle {hot}: {experiment} needs two thermostated particles")
        T_hot, T_cold = check_temperature(T_hot, "T_hot"), check_temperature(T_cold, "T_cold")
        if T_hot == T_cold:
            raise ValueError(f"T_hot and T_cold are both {T_hot} K: {experiment} needs a temperature difference")
        return cls(hot, cold, T_hot, T_cold)

    @property
    def thermostats(self) -> Thermostats:
        """The two thermostats, as every solver takes them."""
        return Thermostats(dict(sorted({self.hot: self.T_hot, self.cold: self.T_cold}.items())))

    def attrs(self) -> dict:
        """hot, cold, T_hot_K, T_cold_K: what every result of the experiment records."""
        return {"hot": self.hot, "cold": self.cold, "T_hot_K": self.T_hot, "T_cold_K": self.T_cold}


def held_states(spectra: xr.Dataset, pair: HeldPair, options: SolverOptions,
                derive: Callable[[xr.Dataset], dict[str, tuple[float, dict]]]) -> xr.Dataset:
    """The steady state of ``pair`` at each field, with the scalars ``derive`` forms from each state.

    Returns the states' temperature (particle), thermostat_power (thermostat), heat_flow
    (emitter, absorber), bath_power (particle), max_residual_W and magnetic_field (xyz), plus
    ``derive``'s {name: (value, attrs)}, each with a leading B dimension for a field sweep.
    """

    def one_field(single: xr.Dataset) -> xr.Dataset:
        state = solve(single, Exchange.from_spectra(single), pair.thermostats, options)
        kept = state[[name for name in (*STATE_VARIABLES, "magnetic_field") if name in state]]
        kept["max_residual_W"] = xr.DataArray(state.attrs["max_residual_W"], attrs={
            "units": "W", "long_name": "largest net power left on a free particle"})
        for name, (value, attrs) in derive(state).items():
            kept[name] = xr.DataArray(float(value), attrs=attrs)
        kept.attrs = {}
        return kept

    return over_field(spectra, one_field)
