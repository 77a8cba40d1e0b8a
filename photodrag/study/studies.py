"""One study of a workflow config, parsed: what to compute from one system's spectra, at which temperatures.

A study names a system and any of the blocks of photodrag.study.blocks.STUDY_BLOCKS
(``conductance``, ``supercurrent``, ``steady_state``, ``drag`` (the paper's), ``relaxation``
(heat in time), ``hall`` (the photon thermal Hall effect) and ``magnetoresistance`` (thermal
resistance against a swept B)). Particle indices are checked against the system when the
config is parsed (0-based, as in the files), so that a thermostat out of range or a drive
row overlapping the passive one stops the run before any job.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import check_temperature, check_temperatures
from ..plain import plain
from ..thermal.capacity import check_plausible
from ..thermal.hall import check_mirror_symmetry
from ..thermal.magnetoresistance import ZERO_FIELD_T
from ..thermal.options import MODELS, check_linearisation
from .blocks import STUDY_BLOCKS
from .values import ConfigError, sweep_values

@dataclass(frozen=True, eq=False)
class StudySpec:
    """One expanded study: its file name, config family, the expanded system it reads, its subtree."""

    name: str
    family: str
    system: str
    config: dict

    def __post_init__(self):
        config = plain(self.config)
        for name, block in STUDY_BLOCKS.items():
            if name in config and block.defaults:
                config[name] = {**block.defaults, **config[name]}
        object.__setattr__(self, "config", config)
        for block in ("conductance", "supercurrent"):
            if block in config:
                self.temperatures(block)
        for name, block in STUDY_BLOCKS.items():
            if name in config and block.steady:
                self._check_solver(name)
        if "relaxation" in config:
            self.times()

    def _where(self, *keys) -> str:
        return ".".join(["studies", self.family, *map(str, keys)])

    @property
    def blocks(self) -> list[str]:
        return [block for block in STUDY_BLOCKS if block in self.config]

    def temperatures(self, block: str) -> list[float]:
        """The temperatures (K) of a conductance or supercurrent block."""
        raw = self.config[block]["T_K"]
        try:
            return list(check_temperatures(sweep_values(raw, self._where(block, "T_K")), self._where(block, "T_K")))
        except ValueError as error:
            raise ConfigError(str(error)) from None

    def _check_solver(self, block: str) -> None:
        entry = self.config[block]
        if entry["method"] not in MODELS:
            raise ConfigError(f"{self._where(block, 'method')}: {entry['method']!r} is not one of {MODELS}")
        ends = STUDY_BLOCKS[block].ends
        keys = ["bath_K", "T_ref_K"] + (["T_hot_K", "T_cold_K"] if ends else [])
        for key in keys:
            if entry.get(key) is not None:
                try:
                    check_temperature(entry[key], self._where(block, key))
                except ValueError as error:
                    raise ConfigError(str(error)) from None
        if ends and float(entry["T_hot_K"]) == float(entry["T_cold_K"]):
            raise ConfigError(f"{self._where(block)}: T_hot_K and T_cold_K are both {entry['T_hot_K']} K: "
                              f"{block} needs a temperature difference")
        if entry["method"] == "linear":  # the expansion temperature, as the block's solver takes it
            T_ref = entry.get("T_ref_K") or (entry["T_cold_K"] if ends else None)
            held = [entry.get(k) for k in ("bath_K", "T_hot_K", "T_cold_K")] + [
                item["T_K"] for item in entry.get("thermostats", [])]
            if T_ref is not None:
                check_linearisation(float(T_ref), held)

    def times(self) -> list[float]:
        """The relaxation's output times in s: a list from 0, a linear range from 0, or a log range (0 prepended)."""
        raw, where = self.config["relaxation"]["t_s"], self._where("relaxation", "t_s")
        try:
            values = sweep_values(raw, where)
        except ValueError as error:
            raise ConfigError(str(error)) from None
        if isinstance(raw, dict) and raw.get("spacing") == "log":
            values = [0.0] + values
        if values[0] != 0 or any(b <= a for a, b in zip(values, values[1:])):
            raise ConfigError(f"{where}: times must start at 0 and increase (a log range gets t = 0 put in front), "
                              f"got {values[:4]}{' ...' if len(values) > 4 else ''}")
        return values

    def initial_temperatures(self, n_particles: int) -> list[float]:
        """The relaxation's initial temperatures (K), one per particle."""
        raw, where = self.config["relaxation"]["T0_K"], self._where("relaxation", "T0_K")
        values = [raw] * n_particles if not isinstance(raw, list) else raw
        if len(values) != n_particles:
            raise ConfigError(f"{where}: lists {len(values)} temperatures for {n_particles} particles; give one for "
                              "all or one per particle")
        try:
            return [check_temperature(v, f"{where}[{k}]") for k, v in enumerate(values)]
        except ValueError as error:
            raise ConfigError(str(error)) from None

    def thermostats(self, block: str = "steady_state") -> dict[int, float]:
        """The thermostats {particle: K} of a steady state or a relaxation."""
        return {int(item["particle"]): float(item["T_K"]) for item in self.config[block].get("thermostats", [])}

    def check_system(self, system) -> None:
        """Refuse what the study asks of a system it cannot do: indices out of range, a Hall study on
        particles that are not four, a magnetoresistance without a field sweep through 0."""
        n_particles = system.n_particles
        self.check_particles(n_particles)
        if "hall" in self.config and n_particles != 4:
            raise ConfigError(f"{self._where('hall')}: the thermal Hall set-up needs four particles (two thermostated "
                              f"on one diagonal of a square, two free); system {self.system!r} has {n_particles}")
        if "magnetoresistance" in self.config:
            B = system.axes.get("B")
            if B is None or not any(abs(b) <= ZERO_FIELD_T for b in B):
                raise ConfigError(f"{self._where('magnetoresistance')}: needs a field swept through 0 as its reference "
                                  f"R(0): give system {system.family!r} B_tesla as {{start, stop, num}} or {{values}} "
                                  "including 0")
        if "relaxation" in self.config:
            self.initial_temperatures(n_particles)
            capacity = self.config["relaxation"].get("heat_capacity_J_K")
            if capacity is not None and (len(capacity) != n_particles or min(capacity) <= 0):
                raise ConfigError(f"{self._where('relaxation', 'heat_capacity_J_K')}: needs {n_particles} positive "
                                  f"heat capacities (J/K), got {capacity}")
        self._check_surface(system)
        self._check_at_points(system)

    def _check_surface(self, system) -> None:
        """A block that solves for temperatures needs the surface's temperature above a surface, and none without."""
        for name, block in STUDY_BLOCKS.items():
            if name not in self.config or not (block.steady or name == "relaxation"):
                continue
            given = self.config[name].get("surface_K") is not None
            if system.surface is not None and not given:
                raise ConfigError(f"{self._where(name)}: system {system.family!r} sits above a surface "
                                  f"({system.surface.name}), which exchanges heat with its particles: give surface_K, "
                                  "the surface's temperature in K")
            if system.surface is None and given:
                raise ConfigError(f"{self._where(name, 'surface_K')}: system {system.family!r} has no surface (give it "
                                  "one with surface: <material>, or leave surface_K out)")

    def _check_at_points(self, system) -> None:
        """What the blocks' physics assumes of the geometry, at every sweep point of the system: a Hall square's
        mirror symmetry, heat capacities that particles of these radii can have."""
        checks = []
        hall = self.config.get("hall")
        if hall is not None:
            free = hall.get("free") or [p for p in range(4) if p not in (hall["hot"], hall["cold"])]
            checks.append((self._where("hall"), lambda positions, radii: check_mirror_symmetry(
                positions, radii, system.materials, hall["hot"], hall["cold"], free)))
        capacity = self.config.get("relaxation", {}).get("heat_capacity_J_K")
        if capacity is not None:
            checks.append((self._where("relaxation", "heat_capacity_J_K"),
                           lambda positions, radii: check_plausible(capacity, radii)))
        for point in system.points() if checks else []:
            positions, radii = system.layout(point)
            for where, check in checks:
                try:
                    check(positions, radii)
                except ValueError as error:
                    at = system.describe_point(point)
                    raise ConfigError(f"{where} (system {system.name!r}{' at ' + at if at else ''}): {error}") from None

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

        for block in ("steady_state", "relaxation"):
            if block in self.config:
                indices([item["particle"] for item in self.config[block].get("thermostats", [])], block, "thermostats")
        for block in ("hall", "magnetoresistance"):
            if block in self.config:
                entry = self.config[block]
                indices([entry["hot"], entry["cold"], *entry.get("free", [])], block)
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
