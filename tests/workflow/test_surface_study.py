"""A study above a surface: the config keys surface, height_nm and surface_K, parsed and carried to the files."""

import numpy as np
import pytest

import photodrag
from photodrag import study

ABOVE = {
    "geometry": "positions", "positions_nm": [[0, 0, 0], [400, 0, 0]], "radius_nm": 50, "materials": "SiC",
    "surface": {"material": "Au", "films": [{"material": "SiC", "thickness_nm": 50}]},
    "height_nm": {"values": [100, 300]},
    "omega_rad_s": {"start": 1.70e14, "stop": 1.80e14, "num": 5},
}
CONFIG = {
    "systems": {"above": ABOVE},
    "studies": {"heat": {"system": "above", "conductance": {"T_K": 300},
                         "steady_state": {"thermostats": [{"particle": 0, "T_K": 320}], "surface_K": 300,
                                          "bath_K": 300}}},
}


def _config(**system):
    return {"systems": {"above": {**ABOVE, **system}}, "studies": {}}


def test_surface_and_height_are_parsed():
    system = study.Plan(CONFIG).systems["above"]
    assert system.surface.name == "50 nm SiC on Au" and system.surface.thickness[0] == pytest.approx(50e-9)
    assert list(system.axes) == ["height"] and system.sweep_coords()["height"][2]["units"] == "m"
    positions, _ = system.layout({"height": 300e-9})
    np.testing.assert_allclose(positions[:, 2], 300e-9)                  # the geometry lifted, not stretched
    assert system.system({"height": 100e-9}).surface.name == "50 nm SiC on Au"
    lifted = _config(surface="SiC", height_um=0.2)
    del lifted["systems"]["above"]["height_nm"]
    assert study.Plan(lifted).systems["above"].fixed_lengths["height"] == pytest.approx(2e-7)


@pytest.mark.parametrize("change, message", [
    ({"surface": None}, r"systems.above.height_nm: lifts the geometry above a surface, and the system has none"),
    ({"surface": "Gold"}, r"systems.above.surface.material: unknown material 'Gold'"),
    ({"surface": {"material": "SiC", "films": [{"material": "SiC"}]}},
     r"systems.above.surface.films\[0\]: needs thickness_nm"),
    ({"height_nm": {"values": [100, 30]}}, r"systems.above at height_nm = 30.*entirely above it"),
])
def test_what_the_parse_refuses(change, message):
    config = _config(**change)
    if change.get("surface", "") is None:
        config["systems"]["above"].pop("surface")
    with pytest.raises(study.ConfigError, match=message):
        study.Plan(config)


def test_a_solved_block_needs_the_surface_temperature():
    config = {**CONFIG, "studies": {"heat": {"system": "above",
                                              "steady_state": {"thermostats": [{"particle": 0, "T_K": 320}]}}}}
    with pytest.raises(study.ConfigError, match=r"studies.heat.steady_state: system 'above' sits above a surface.*"
                                                r"give surface_K"):
        study.Plan(config)
    vacuum = _config()
    vacuum["systems"]["above"] = {k: v for k, v in ABOVE.items() if k not in ("surface", "height_nm")}
    vacuum["systems"]["above"]["positions_nm"] = [[0, 0, 200], [400, 0, 200]]
    vacuum["studies"] = CONFIG["studies"]
    with pytest.raises(study.ConfigError, match="studies.heat.steady_state.surface_K: system 'above' has no surface"):
        study.Plan(vacuum)


def test_spectra_and_thermal_stages_carry_the_surface():
    plan = study.Plan(CONFIG)
    system = plan.systems["above"]
    spectra = study.spectra.merge_chunks([study.spectra.chunk(system, 0, 1, 1 << 28)])
    assert spectra["transmission_to_surface"].dims == ("height", "omega", "emitter")
    assert spectra.attrs["surface"] == "50 nm SiC on Au"
    result = study.thermal.thermal(spectra, plan.studies["heat"])
    assert result["steady_state_surface_power"].dims == ("height", "particle")
    assert result.attrs["steady_state_surface_temperature_K"] == 300.0 and result.attrs["surface"] == "50 nm SiC on Au"
    direct = photodrag.steady_state(spectra.isel(height=1), {0: 320.0}, T_bath=300.0, T_surface=300.0)
    np.testing.assert_allclose(result["steady_state_temperature"].isel(height=1).values, direct["temperature"].values)
    to_surface, _ = photodrag.surface_conductance(spectra.isel(height=0), 300.0)
    assert result["surface_conductance"].dims == ("height", "temperature", "particle")
    np.testing.assert_allclose(result["surface_conductance"].isel(height=0, temperature=0).values, to_surface.values,
                               rtol=1e-14)
    assert result["surface_conductance"].attrs["units"] == "W/K"


def test_a_single_particle_is_solved_at_every_height():
    """One particle's pair channel is zero at every height and kept once in the spectra file: the thermal stage
    still computes every sweep point, from the channels that do change (to and from the surface)."""
    config = {"systems": {"one": {**ABOVE, "positions_nm": [[0, 0, 0]], "surface": "Au"}},
              "studies": {"cooling": {"system": "one", "relaxation": {
                  "T0_K": 320, "t_s": {"values": [0.0, 0.1, 1.0]}, "bath_K": 300, "surface_K": 300}}}}
    plan = study.Plan(config)
    spectra = study.spectra.merge_chunks([study.spectra.chunk(plan.systems["one"], 0, 1, 1 << 28)])
    assert "height" not in spectra["transmission"].dims and "height" in spectra["transmission_to_surface"].dims
    result = study.thermal.thermal(spectra, plan.studies["cooling"])
    rates = result["relaxation_rate"]
    assert "height" in rates.dims and rates.sizes["height"] == 2
    assert not np.isclose(rates.isel(height=0).item(), rates.isel(height=1).item(), rtol=1e-3)


@pytest.mark.parametrize("figure", [
    {"kind": "spectrum", "systems": ["above", "vacuum"], "style": {"channel": "to_surface"}},
    {"kind": "line", "studies": ["heat", "still"], "style": {"variable": "surface_conductance", "x": "height"}},
])
def test_a_surface_quantity_of_a_system_without_surface_is_refused_at_parse(figure):
    """What exists above a surface only is refused, naming the key and the system, before anything runs."""
    vacuum = {key: value for key, value in ABOVE.items() if key not in ("surface", "height_nm")}
    config = {"systems": {**CONFIG["systems"], "vacuum": vacuum},
              "studies": {**CONFIG["studies"], "still": {"system": "vacuum", "conductance": {"T_K": 300}}},
              "figures": {"bad": {**figure, "caption": "a surface channel"}}}
    key = "channel" if "channel" in figure["style"] else "variable"
    with pytest.raises(study.ConfigError, match=rf"figures\.bad\.style\.{key}: .*\['vacuum'\] have none"):
        study.Plan(config)
    del config["systems"]["vacuum"], config["studies"]["still"]
    figure = {**figure, "systems": ["above"]} if "systems" in figure else {**figure, "studies": ["heat"]}
    config["figures"]["bad"] = {**figure, "caption": "a surface channel"}
    study.Plan(config)   # above a surface alone: accepted
