"""The config reference of the documentation (docs/_ext/config_reference.py) covers config/schema.yaml: every key
of the schema has a row with its type, its description and, where the key names one, its unit."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))
import config_reference  # noqa: E402  (docs/_ext is not a package)

TOPS = ("allow_unusual", "resources", "materials", "systems", "studies", "figures")


def keys(schema: dict) -> set[str]:
    """Every property name anywhere in the schema (patterns as the reference spells them)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            found.update("<length>_nm" for _ in node.get("patternProperties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk({k: v for k, v in schema.items() if k != "$defs"})
    walk(schema["$defs"]["style"])
    return found


@pytest.fixture(scope="module")
def schema():
    return config_reference.load()


@pytest.fixture(scope="module")
def rows(schema):
    return [row for top in TOPS for row in config_reference.reference(schema, top)]


def test_every_key_of_the_schema_has_a_row(schema, rows):
    assert set(schema["properties"]) == set(TOPS)
    listed = {row.key.rsplit(".", 1)[-1].removeprefix("[]") for row in rows}
    assert keys(schema) - {"start", "stop", "num", "spacing", "values"} <= listed  # those: the value forms' table
    forms = {row.key for row in config_reference.reference(schema, "$defs")}
    assert {"range", "values", "positive_sweep", "temperature", "bath"} <= forms


def test_every_row_has_a_type_and_a_description(rows):
    assert all(row.type and row.description for row in rows), [row.key for row in rows if not row.description]


def test_units_come_from_the_key_names_and_defaults_from_the_schema(rows):
    by_key = {row.key: row for row in rows}
    assert by_key["systems.<name>.radius_nm"].unit == "nm"
    assert by_key["systems.<name>.B_tesla"].unit == "T"
    assert by_key["systems.<name>.omega_rad_s"].unit == "rad/s"
    assert by_key["studies.<name>.relaxation.heat_capacity_J_K"].unit == "J/K"
    assert by_key["studies.<name>.steady_state.thermostats[].T_K"].unit == "K"
    assert by_key["systems.<name>.omega_chunks"].default == "1"
    assert by_key["materials.omega_rad_s"].default == "{start: 2e+13, stop: 3e+14, num: 400, spacing: log}"
    assert "required for geometry rows" in by_key["systems.<name>.per_row"].description
