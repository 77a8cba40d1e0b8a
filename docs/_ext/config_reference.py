"""The config reference as rows, read from ``config/schema.yaml``: every key with its path, type, unit
(from the key's suffix, as the config spells units), default and description.

Plain Python (no Sphinx), tested in tests/unit/test_config_reference.py; the Sphinx directive that
renders it is config_schema.py beside this file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

SCHEMA = Path(__file__).resolve().parents[2] / "config" / "schema.yaml"

#: Units as the config spells them in key names (config/README: "Units are in the key names").
UNIT_SUFFIXES = (("_rad_s", "rad/s"), ("_J_K", "J/K"), ("_tesla", "T"), ("_nm", "nm"), ("_um", "µm"),
                 ("_K", "K"), ("_in", "inch"), ("_mb", "MB"), ("_min", "min"), ("_s", "s"))

#: Placeholders for keys given by a pattern (the schema's patternProperties).
LENGTH_PATTERN_SUFFIX = "_(nm|um)$"

@dataclass(frozen=True)
class Row:
    key: str  # dotted path, <name> for a name of your own, [] for the items of a list
    type: str
    unit: str
    default: str
    description: str


def unit(key: str) -> str:
    """The unit a key's name states (``radius_nm`` -> nm), or '' for none."""
    for suffix, name in UNIT_SUFFIXES:
        if key.endswith(suffix):
            return name
    return ""


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/$defs/") else None


def resolve(schema: dict, defs: dict) -> dict:
    """``schema`` with its ``$ref`` merged in (the referring schema's own keys win)."""
    name = _ref_name(schema)
    if name is None:
        return schema
    return {**resolve(defs[name], defs), **{k: v for k, v in schema.items() if k != "$ref"}}


def type_text(schema: dict, defs: dict) -> str:
    """A short reading of a schema's type: a named value form, an enum, alternatives, a list of something."""
    name = _ref_name(schema)
    if name is not None:
        target = defs[name]
        return type_text(target, defs) if "enum" in target or name in ("positive_number", "particle_index") else name
    if "const" in schema:
        return json.dumps(schema["const"])
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v) if v is not None else "null" for v in schema["enum"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return " or ".join(dict.fromkeys(type_text(s, defs) for s in schema[key]))
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        items = type_text(schema.get("items", {}), defs)
        size = (f" of {schema['minItems']}" if schema.get("minItems") == schema.get("maxItems") and "minItems" in schema
                else "")
        return f"list{size} of {items}" if items else "list"
    if kind == "object":
        return "mapping"
    if kind in ("number", "integer"):
        bounds = [f"> {schema['exclusiveMinimum']}" if "exclusiveMinimum" in schema else "",
                  f"≥ {schema['minimum']}" if "minimum" in schema else ""]
        return " ".join([kind, *filter(None, bounds)])
    return kind or ""


def flow(value) -> str:
    """A value as a config spells it (YAML flow style): ``{start: 2e+13, num: 400}``, ``null``, ``[0, 0, 1]``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e5 or value != int(value) else f"{value:.1f}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return str(value)


def _pattern_key(pattern: str) -> str:
    if pattern.endswith(LENGTH_PATTERN_SUFFIX):
        return "<length>_nm"
    return f"<key matching {pattern}>"


def _conditions(schema: dict) -> dict[str, list[str]]:
    """{key: ['geometry rows', ...]}: the if/then cases of ``allOf`` that require a key."""
    found: dict[str, list[str]] = {}
    for case in schema.get("allOf", []):
        condition = case.get("if", {}).get("properties", {})
        for name, rule in condition.items():
            for required in case.get("then", {}).get("required", []):
                found.setdefault(required, []).append(f"{name} {rule.get('const')}")
    return found


def is_value_form(schema: dict, defs: dict) -> bool:
    """Whether ``schema`` refers to a described value form of ``$defs`` (``range``, ...): its keys are
    in the value forms' table, not repeated wherever it is used."""
    name = _ref_name(schema)
    return name is not None and "description" in defs[name]


def _children(schema: dict, defs: dict) -> list[tuple[str, dict]]:
    """(key, schema) of what nests below a mapping or a list: properties, patterns, named entries, list items."""
    if is_value_form(schema, defs):
        return []
    schema = resolve(schema, defs)
    found = [(k, v) for k, v in schema.get("properties", {}).items()]
    found += [(_pattern_key(p), v) for p, v in schema.get("patternProperties", {}).items()]
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        names = schema.get("propertyNames", {})
        placeholder = "<material>" if _ref_name(names) == "material_name" else "<name>"
        found.append((placeholder, extra))
    for key in ("oneOf", "anyOf"):  # keys of an alternative that is a mapping (an adaptive ω grid)
        for alternative in schema.get(key, []):
            if not is_value_form(alternative, defs) and resolve(alternative, defs).get("type") == "object":
                found += _children(alternative, defs)
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, dict) and "properties" in resolve(items, defs):
        found += [(f"[].{k}", v) for k, v in _children(items, defs)]  # thermostats[].particle
    return found


def _walk(path: str, schema: dict, defs: dict, required: set, conditions: dict, rows: list[Row]) -> None:
    resolved = resolve(schema, defs)
    key = path.rsplit(".", 1)[-1]
    description = resolved.get("description", "").strip()
    notes = []
    if key in required:
        notes.append("required")
    if key in conditions:
        notes.append("required for " + ", ".join(conditions[key]))
    if notes:
        description = f"{description} ({'; '.join(notes)})" if description else "; ".join(notes)
    default = flow(resolved["default"]) if "default" in resolved else ""
    rows.append(Row(path, type_text(schema, defs), unit(key), default, description))
    inner_required, inner_conditions = set(resolved.get("required", [])), _conditions(resolved)
    extra = resolved.get("additionalProperties")
    if isinstance(extra, dict):  # named entries: their keys' requirements live one level down
        inner = resolve(extra, defs)
        inner_required, inner_conditions = set(inner.get("required", [])), _conditions(inner)
    for child, sub in _children(schema, defs):
        if child.startswith("<") and not child.endswith("_nm"):  # a named entry: its keys directly below
            for grandchild, subsub in _children(sub, defs):
                _walk(f"{path}.{child}.{grandchild}", subsub, defs, inner_required, inner_conditions, rows)
            continue
        _walk(path + (child if child.startswith("[") else f".{child}"), sub, defs, inner_required if isinstance(extra, dict) else set(resolved.get("required", [])),
              inner_conditions if isinstance(extra, dict) else _conditions(resolved), rows)


def reference(schema: dict, top: str) -> list[Row]:
    """The rows of every key below the top-level key ``top`` (or of the value forms, ``top='$defs'``)."""
    defs = schema.get("$defs", {})
    if top == "$defs":
        return [Row(name, type_text({k: v for k, v in d.items() if k != "description"}, defs), "", "",
                    d.get("description", "")) for name, d in defs.items() if "description" in d]
    rows: list[Row] = []
    _walk(top, schema["properties"][top], defs, set(schema.get("required", [])), {}, rows)
    return rows


def load(path: Path = SCHEMA) -> dict:
    return yaml.safe_load(path.read_text())


