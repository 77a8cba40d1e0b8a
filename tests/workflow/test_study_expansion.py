"""photodrag.study: sweeps, ω chunks and the config -> systems/studies expansion."""

import warnings

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag import study

ROWS = {
    "geometry": "rows", "per_row": 2, "radius_nm": 100, "d_nm": 400,
    "h_nm": {"start": 400, "stop": 4000, "num": 3, "spacing": "log"},
    "materials": ["SiC", "Au", "Au", "SiC"], "B_tesla": None,
    "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 25}, "omega_chunks": 3,
}
RINGS = {
    "geometry": "rings", "per_ring": 4, "radius_nm": 100, "ring_radius_nm": 212.132, "h_nm": [400, 2000],
    "materials": "InSb", "B_tesla": [1.0, 5.0], "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 9},
}
CONFIG = {
    "systems": {"crossed": ROWS, "rings": RINGS},
    "studies": {"drag": {"system": "crossed", "conductance": {"T_K": [300, 350]}},
                "ring": {"system": "rings", "supercurrent": {"T_K": 300}}},
}


def test_sweeps_lists_ranges_and_numbers():
    assert study.sweep_values(3) == [3.0]
    assert study.sweep_values([1, 2]) == [1.0, 2.0]
    np.testing.assert_allclose(study.sweep_values({"start": 1, "stop": 100, "num": 3, "spacing": "log"}), [1, 10, 100])
    np.testing.assert_allclose(study.sweep_values({"start": 1, "stop": 3, "num": 3}), [1, 2, 3])
    assert all(type(v) is float for v in study.sweep_values({"start": 1, "stop": 3, "num": 3}))


def test_chunks_cover_the_grid_once():
    for n, chunks in [(10, 1), (10, 3), (7, 7), (1000, 6)]:
        covered = np.concatenate([np.arange(n)[study.spectra.chunk_slice(n, k, chunks)] for k in range(chunks)])
        np.testing.assert_array_equal(covered, np.arange(n))
    with pytest.raises(ValueError):
        study.spectra.chunk_slice(3, 0, 4)


def test_field_lists_expand_into_systems_and_studies():
    systems = study.expand_systems(CONFIG)
    assert sorted(systems) == ["crossed", "rings_B1T", "rings_B5T"]
    assert systems["rings_B5T"].B == [0.0, 0.0, 5.0] and systems["rings_B5T"].config["B_tesla"] == 5.0
    assert systems["crossed"].B is None
    assert systems["rings_B1T"].material_tables == ["InSb_B1T"]
    assert systems["crossed"].material_tables == ["Au", "SiC"]
    studies = study.expand_studies(CONFIG)
    assert {name: (s.family, s.system) for name, s in studies.items()} == {
        "drag": ("drag", "crossed"), "ring_B1T": ("ring", "rings_B1T"), "ring_B5T": ("ring", "rings_B5T")}
    tables = study.Plan(CONFIG).tables
    assert {name: (t.material, t.B) for name, t in tables.items()} == {
        "Au": ("Au", None), "InSb_B1T": ("InSb", [0.0, 0.0, 1.0]), "InSb_B5T": ("InSb", [0.0, 0.0, 5.0]),
        "SiC": ("SiC", None)}


def test_field_labels_are_file_name_safe():
    assert study.field_label([0.0, 0.0, 5.0]) == "B5T"
    assert study.field_label([0.0, 0.0, -0.5]) == "Bm0.5T"
    assert study.field_label([1.0, 0.0, 2.0]) == "Bx1_y0_z2T"
    assert study.material_table_name("SiC", [0.0, 0.0, 5.0]) == "SiC"


def test_systems_come_from_the_geometry_builders():
    spec = study.expand_systems(CONFIG)["rings_B5T"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", photodrag.DipoleValidityWarning)
        system = spec.system({"h": 400e-9})
        expected = photodrag.geometry.coaxial_rings(2, 4, 100e-9, "InSb", h=400e-9, ring_radius=212.132e-9,
                                                    B=(0, 0, 5.0))
    np.testing.assert_allclose(system.positions, expected.positions)
    np.testing.assert_array_equal(system.B, [0, 0, 5.0])


@pytest.fixture(scope="module")
def chunks():
    spec = study.expand_systems(CONFIG)["crossed"]
    return spec, [study.spectra.chunk(spec, k, 3, 10**8) for k in range(3)]


def test_merged_chunks_equal_the_unsplit_grid(chunks):
    """Chunks carry the whole grid's trapezoid weights, so merged spectra integrate like unsplit ones."""
    spec, parts = chunks
    merged = study.spectra.merge_chunks(parts)
    whole = study.spectra.chunk(spec, 0, 1, 10**8)
    for name in ("transmission", "transmission_to_bath", "transmission_from_bath", "quadrature_weight", "position"):
        np.testing.assert_allclose(merged[name].values, whole[name].values, rtol=1e-13, atol=0, err_msg=name)
    assert merged["transmission"].dims == ("h", "omega", "emitter", "absorber")
    assert merged["h"].attrs["units"] == "m"
    np.testing.assert_allclose(merged["h"].values, [400e-9, 1264.9110640673516e-9, 4000e-9])
    G_merged = photodrag.conductance(merged.isel(h=1), 300.0)
    G_whole = photodrag.conductance(whole.isel(h=1).drop_vars("quadrature_weight"), 300.0)  # plain trapezoid
    np.testing.assert_allclose(G_merged.values, G_whole.values, rtol=1e-12)


def test_merge_refuses_overlapping_or_foreign_chunks(chunks):
    _, parts = chunks
    with pytest.raises(ValueError, match="overlap"):
        study.spectra.merge_chunks([parts[0], parts[0]])
    other = parts[1].copy()
    other.attrs["system"] = "another"
    with pytest.raises(ValueError, match="different systems"):
        study.spectra.merge_chunks([parts[0], other])


def test_thermal_keeps_the_sweep_and_temperature_dimensions(chunks):
    spec, parts = chunks
    result = study.thermal.thermal(study.spectra.merge_chunks(parts), study.StudySpec("drag", "drag", "crossed", CONFIG["studies"]["drag"]))
    assert result["conductance"].dims == ("h", "temperature", "emitter", "absorber")
    assert result["temperature"].values.tolist() == [300.0, 350.0]
    at_point = photodrag.conductance(study.spectra.merge_chunks(parts).isel(h=2), 350.0)
    np.testing.assert_allclose(result["conductance"].isel(h=2, temperature=1).values, at_point.values)
    assert result["position"].dims == ("h", "particle", "xyz")
    assert isinstance(result, xr.Dataset)


def test_field_map_splits_the_circular_resonances_and_reversing_B_swaps_them():
    grid = {"start": 1.6e14, "stop": 1.9e14, "num": 600}
    dataset = study.materials.field_map("InSb", [-5.0, 0.0, 5.0], 100e-9, grid)
    sigma = dataset["absorption_cross_section"]
    assert sigma.dims == ("B", "omega", "polarisation") and sigma.attrs["units"] == "m2"
    assert float(sigma.min()) > 0
    plus, minus = sigma.sel(polarisation="sigma_plus"), sigma.sel(polarisation="sigma_minus")
    np.testing.assert_allclose(plus.sel(B=0.0), minus.sel(B=0.0), rtol=1e-12)
    np.testing.assert_allclose(plus.sel(B=5.0), minus.sel(B=-5.0), rtol=1e-10)
    peak = sigma["omega"][sigma.argmax("omega")]
    # the cyclotron-active (counter-clockwise) mode moves up in frequency under B > 0, the other down
    assert float(peak.sel(B=5.0, polarisation="sigma_plus")) > float(peak.sel(B=0.0, polarisation="sigma_plus"))
    assert float(peak.sel(B=5.0, polarisation="sigma_minus")) < float(peak.sel(B=0.0, polarisation="sigma_minus"))
    assert dataset["epsilon"].dims == ("B", "omega", "row", "column")


def test_a_system_without_sweeps_gives_plain_dimensions():
    config = {"geometry": "positions", "positions_nm": [[0, 0, 0], [400, 0, 0], [0, 500, 0]], "radius_nm": 100,
              "materials": ["SiC", "InSb", "Au"], "B_tesla": 2.0, "B_direction": [1, 0, 0],
              "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 12}}
    spec = study.SystemSpec("three", "three", config)
    assert spec.B == [2.0, 0.0, 0.0] and spec.material_tables == ["Au", "InSb_Bx2_y0_z0T", "SiC"]
    spectra = study.spectra.merge_chunks([study.spectra.chunk(spec, k, 2, 10**8) for k in range(2)])
    assert spectra["transmission"].dims == ("omega", "emitter", "absorber")
    np.testing.assert_allclose(spectra["position"].values, [[0, 0, 0], [400e-9, 0, 0], [0, 500e-9, 0]])
    block = {"system": "three", "supercurrent": {"T_K": [300, 310]},
             "steady_state": {"thermostats": [{"particle": 0, "T_K": 310}], "method": "linear", "T_ref_K": 300,
                              "bath_K": 300}}
    result = study.thermal.thermal(spectra, study.StudySpec('s', 's', 'sys', block))
    assert result["supercurrent"].dims == ("temperature", "emitter", "absorber")
    assert result["steady_state_temperature"].dims == ("particle",)
    assert float(result["steady_state_temperature"][0]) == 310.0
    assert 300.0 < float(result["steady_state_temperature"][1]) < 310.0
    np.testing.assert_allclose(result["supercurrent"].sel(temperature=300.0).values,
                               photodrag.supercurrent(spectra, 300.0).values)


def test_a_sweep_of_one_value_keeps_its_dimension():
    config = {**ROWS, "h_nm": [400], "omega_chunks": 1}
    spec = study.SystemSpec("one", "one", config)
    spectra = study.spectra.chunk(spec, 0, 1, 10**8)
    assert spectra["transmission"].dims == ("h", "omega", "emitter", "absorber")
    assert spectra["position"].dims == ("h", "particle", "xyz")
    assert spectra["material"].dims == ("particle",)
    result = study.thermal.thermal(spectra, study.StudySpec('s', 's', 'sys', {"system": "one", "conductance": {"T_K": 300}}))
    assert result["conductance"].dims == ("h", "temperature", "emitter", "absorber")


def test_a_study_with_a_steady_state_and_a_drag_keeps_both_thermostat_sets(chunks):
    """Regression: both blocks have a `thermostat` dimension of different sizes; each gets its prefix."""
    spec, parts = chunks
    spectra = study.spectra.merge_chunks(parts)
    block = {"system": "sic", "drag": {"drive": [0, 1], "passive": [2, 3], "T_hot_K": 350, "T_cold_K": 300},
             "steady_state": {"thermostats": [{"particle": 0, "T_K": 320}], "bath_K": 300.0}}
    result = study.thermal.thermal(spectra, study.StudySpec('s', 's', 'sys', block))
    assert result["steady_state_thermostat_power"].dims == ("h", "steady_state_thermostat")
    assert result["drag_thermostat_power"].dims == ("h", "drag_thermostat")
    assert result.sizes["steady_state_thermostat"] == 1 and result.sizes["drag_thermostat"] == 2
    alone = study.thermal.thermal(spectra, study.StudySpec('s', 's', 'sys', {"system": "sic", "drag": block["drag"]}))
    np.testing.assert_array_equal(result["drag_resistance"].values, alone["drag_resistance"].values)
    assert (result["steady_state_temperature"].sel(particle=0) == 320.0).all()
