"""One list of each thing: the schema's enums are the registries' keys, and no package file grows past ~400 lines."""

import re
from pathlib import Path

import yaml

import photodrag
from photodrag import geometry, materials, plots
from photodrag.plots import claims

REPOSITORY = Path(__file__).resolve().parents[2]
SCHEMA = yaml.safe_load((REPOSITORY / "config" / "schema.yaml").read_text())
SYSTEM = SCHEMA["properties"]["systems"]["additionalProperties"]
FIGURE = SCHEMA["properties"]["figures"]["additionalProperties"]


def test_schema_materials_are_the_registry():
    assert SCHEMA["$defs"]["material_name"]["enum"] == list(materials.NAMED)


def test_schema_dipole_models_are_the_registry():
    from photodrag.engine.dipoles import DIPOLE_MODELS, POLARIZABILITY_MODELS

    assert SYSTEM["properties"]["dipoles"]["enum"] == list(DIPOLE_MODELS)
    assert SYSTEM["properties"]["polarizability"]["enum"] == list(POLARIZABILITY_MODELS)


def test_schema_system_keys_are_the_parse_s_and_the_multipoles_the_system_s():
    """Every general key of a system is in the schema; multipole_order and multipole_tol say what System takes."""
    from photodrag.study.system_parse import GENERAL_KEYS, MULTIPOLE_KEYS
    from photodrag.system import AUTO_ORDER, DEFAULT_MULTIPOLE_TOL

    assert set(GENERAL_KEYS) <= set(SYSTEM["properties"]) and set(MULTIPOLE_KEYS) <= set(GENERAL_KEYS)
    order = SYSTEM["properties"]["multipole_order"]["oneOf"]
    assert {"const": AUTO_ORDER} in order and {"type": "integer", "minimum": 1} in order
    tol = SYSTEM["properties"]["multipole_tol"]
    assert float(re.search(r"\(default ([-+.0-9eE]+)\)", tol["description"])[1]) == DEFAULT_MULTIPOLE_TOL
    assert (tol["exclusiveMinimum"], tol["exclusiveMaximum"]) == (0, 1)


def test_schema_geometries_are_the_registry():
    assert SYSTEM["properties"]["geometry"]["enum"] == list(geometry.GEOMETRIES)
    for kind in geometry.GEOMETRIES.values():
        assert hasattr(geometry, kind.builder), kind.name  # each has its Python builder
        for key in kind.counts:
            assert key in SYSTEM["properties"], key


def test_schema_figure_kinds_and_claims_are_the_registries():
    assert FIGURE["properties"]["kind"]["enum"] == list(plots.FIGURE_KINDS)
    assert SCHEMA["$defs"]["style"]["properties"]["claim"]["enum"] == list(claims.CLAIMS)
    for kind in plots.FIGURE_KINDS.values():
        assert kind.inputs in FIGURE["properties"], kind.name
        module = __import__(f"photodrag.plots.{kind.name}", fromlist=["draw"])
        assert callable(module.draw), kind.name


def test_schema_adaptive_grid_keys_and_defaults_are_the_code_s():
    """The adaptive grid's defaults are written once (adaptive_spectra's signature); the schema documents them."""
    from photodrag.grid import ADAPTIVE_DEFAULTS
    from photodrag.study.spectra import ADAPTIVE_KEYS

    adaptive = next(option for option in SYSTEM["properties"]["omega_rad_s"]["oneOf"] if "properties" in option)
    schema = adaptive["properties"]["adaptive"]
    assert list(schema["properties"]) == list(ADAPTIVE_KEYS)
    for key, entry in schema["properties"].items():
        default = ADAPTIVE_DEFAULTS[ADAPTIVE_KEYS[key][0]]
        documented = re.search(r"\(default ([-+.0-9eE]+)\)", entry.get("description", ""))
        if documented:
            assert float(documented[1]) == default, key
        else:  # required, or a default the code computes (None)
            assert key in schema["required"] or default is None, key


def test_the_version_is_the_package_metadata():
    from importlib import metadata

    assert photodrag.__version__ == metadata.version("photodrag")


def test_no_package_file_is_a_grab_bag():
    sizes = {path.relative_to(REPOSITORY): len(path.read_text().splitlines())
             for path in (REPOSITORY / "photodrag").rglob("*.py")}
    assert max(sizes.values()) <= 420, sorted(sizes.items(), key=lambda item: -item[1])[:3]


def test_schema_study_blocks_are_the_registry():
    from photodrag.study import STUDY_BLOCKS
    from photodrag.thermal import MODELS

    blocks = SCHEMA["properties"]["studies"]["additionalProperties"]["properties"]
    assert sorted(set(blocks) - {"system", "allow_unusual"}) == sorted(STUDY_BLOCKS)
    for name, block in STUDY_BLOCKS.items():
        keys = blocks[name]["properties"]
        for key, value in block.defaults.items():  # every default names a key of the block, as the schema says
            assert key in keys, (name, key)
            assert keys[key].get("default", value) == value, (name, key)
        if block.steady:
            method = keys["method"]
            enum = SCHEMA["$defs"]["method"]["enum"] if "$ref" in method else method["enum"]
            assert enum == list(MODELS), name
            assert {"method", "bath_K", "T_ref_K"} <= set(keys), name
        if block.ends:
            assert {"T_hot_K", "T_cold_K"} <= set(keys), name
