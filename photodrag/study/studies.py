"""One study of a workflow config, parsed: what to compute from one system's spectra, at which temperatures.

A study names a system and any of the blocks ``conductance``, ``supercurrent``,
``steady_state`` and ``drag``. Particle indices are checked against the system when the
config is parsed (0-based, as in the files), so that a thermostat out of range or a drive
row overlapping the passive one stops the run before any job.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import check_temperature, check_temperatures
from ..thermal.temperatures import METHODS
from .values import ConfigError, plain, sweep_values

_STATE = ("temperature", "thermostated", "thermostat_power", "heat_flow", "bath_power", "iterations", "max_residual")

#: The blocks a study may hold, each with the variables it puts into the thermal file.
BLOCKS = {
    "conductance": ("conductance",),
    "supercurrent": ("supercurrent", "supercurrent_spectrum"),
    "steady_state": tuple(f"steady_state_{v}" for v in _STATE),
    "drag": ("drag_resistance", "delta_T_passive", "J", "drag_hot_thermostat_power",
             *(f"drag_{v}" for v in _STATE)),
}


@dataclass(frozen=True, eq=False)
class StudySpec:
    """One expanded study: its file name, config family, the expanded system it reads, its subtree."""

    name: str
    family: str
    system: str
    config: dict

    def __post_init__(self):
        config = plain(self.config)
        for key in ("steady_state", "drag"):
            if key in config:
                config[key] = {"method": "linear", "bath_K": None, **config[key]}
        if "steady_state" in config:
            config["steady_state"].setdefault("T_ref_K", 300.0)
        object.__setattr__(self, "config", config)
        for block in ("conductance", "supercurrent"):
            if block in config:
                self.temperatures(block)
        for block in ("steady_state", "drag"):
            if block in config:
                self._check_solver(block)

    def _where(self, *keys) -> str:
        return ".".join(["studies", self.family, *map(str, keys)])

    @property
    def blocks(self) -> list[str]:
        return [block for block in BLOCKS if block in self.config]

    def temperatures(self, block: str) -> list[float]:
        """The temperatures (K) of a conductance or supercurrent block."""
        raw = self.config[block]["T_K"]
        try:
            return list(check_temperatures(sweep_values(raw, self._where(block, "T_K")), self._where(block, "T_K")))
        except ValueError as error:
            raise ConfigError(str(error)) from None

    def _check_solver(self, block: str) -> None:
        entry = self.config[block]
        if entry["method"] not in METHODS:
            raise ConfigError(f"{self._where(block, 'method')}: {entry['method']!r} is not one of {METHODS}")
        keys = ["bath_K", "T_ref_K"] + (["T_hot_K", "T_cold_K"] if block == "drag" else [])
        for key in keys:
            if entry.get(key) is not None:
                try:
                    check_temperature(entry[key], self._where(block, key))
                except ValueError as error:
                    raise ConfigError(str(error)) from None
        if block == "drag" and float(entry["T_hot_K"]) == float(entry["T_cold_K"]):
            raise ConfigError(f"{self._where(block)}: T_hot_K and T_cold_K are both {entry['T_hot_K']} K: "
                              "drag needs a temperature difference")

    def thermostats(self) -> dict[int, float]:
        """The steady state's thermostats {particle: K}."""
        return {int(item["particle"]): float(item["T_K"]) for item in self.config["steady_state"]["thermostats"]}

    def check_particles(self, n_particles: int) -> None:
        """Refuse particle indices outside 0..N−1, a particle given twice, or drive and passive sharing one."""
        def indices(values, *keys):
            bad = [int(v) for v in values if not 0 <= int(v) < n_particles]
            if bad:
                raise ConfigError(f"{self._where(*keys)}: particle(s) {bad} out of range: system "
                                  f"{self.system!r} has particles 0..{n_particles - 1}")
            if len(set(values)) != len(values):
                raise ConfigError(f"{self._where(*keys)}: lists a particle twice: {list(values)}")
            return set(values)

        if "steady_state" in self.config:
            indices([item["particle"] for item in self.config["steady_state"]["thermostats"]],
                    "steady_state", "thermostats")
        if "drag" in self.config:
            drive = indices(self.config["drag"]["drive"], "drag", "drive")
            passive = indices(self.config["drag"]["passive"], "drag", "passive")
            if drive & passive:
                raise ConfigError(f"{self._where('drag')}: drive and passive share particle(s) "
                                  f"{sorted(drive & passive)}")

    def plain(self) -> dict:
        return {"name": self.name, "family": self.family, "system": self.system, "config": self.config}

    @classmethod
    def from_plain(cls, value: dict) -> "StudySpec":
        return cls(value["name"], value["family"], value["system"], value["config"])
