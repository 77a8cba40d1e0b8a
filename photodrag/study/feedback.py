"""Reading a workflow config with feedback a user can act on.

* A YAML key given twice is an error (YAML would silently keep the last value).
* Numbers written ``1e13`` (which YAML 1.1, as PyYAML reads it, takes for text) are read as
  numbers.
* The schema (config/schema.yaml) is checked with one short message per problem: where it
  is (``systems.sic.radus_nm``), what is wrong, and the closest valid key or value.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from pathlib import Path

import yaml

from ..checks import misspelling
from ..geometry import GEOMETRIES
from .system_parse import GENERAL_KEYS, GENERAL_LENGTHS
from .values import ConfigError, closest

#: Text that YAML 1.1 leaves as a string but that is plainly a number: 1e13, -2.5E-3, 1.e5.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+")

#: Keys whose values are free text, never numbers.
_TEXT_KEYS = ("caption",)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a mapping with the same key twice."""


def _mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ConfigError(f"line {key_node.start_mark.line + 1}: key {key!r} is given twice (first on line "
                              f"{seen[key] + 1}); YAML would keep only the last value")
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def check_file(path) -> None:
    """Refuse a config file that is not valid YAML, or that gives a key twice, naming the file, the line and what."""
    path = Path(path)
    try:
        yaml.load(path.read_text(), Loader=_UniqueKeyLoader)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = "; ".join(str(part) for part in (error.context, error.problem) if part)
        raise ConfigError(f"{path}{where}: not valid YAML ({what})") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML ({' '.join(str(error).split())})") from None


@contextmanager
def one_line_errors():
    """In the Snakefile: a ConfigError stops the run with its one line on stderr, no traceback after it.

    Snakemake prints a traceback with any exception raised while the Snakefile is parsed; a
    refusal of the config is not a bug, and its message says all there is to say.
    """
    try:
        yield
    except ConfigError as error:
        sys.stderr.write(f"ConfigError: {error}\n")
        raise SystemExit(1) from None


def show_warnings(lines) -> None:
    """Print what the config's model will warn of (photodrag.study.Plan.warnings), once each, on stderr."""
    for line in lines:
        sys.stderr.write(f"photodrag warning: {line}\n")


def numbers(value, key=None):
    """``value`` with every text that is plainly a number (``1e13``) turned into a float."""
    if isinstance(value, dict):
        return {k: numbers(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [numbers(v, key) for v in value]
    if isinstance(value, str) and key not in _TEXT_KEYS and _NUMBER.fullmatch(value.strip()):
        return float(value)
    return value


def _path(error) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in error.absolute_path).replace(".[", "[")


def _properties(schema: dict, root: dict) -> list[str]:
    """The keys a schema object allows (following $ref, allOf and the branches of oneOf)."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    keys = list(schema.get("properties", {}))
    for branch in schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
        keys += _properties(branch, root)
    return keys


def _for_geometry(allowed: list[str], value) -> list[str]:
    """The keys of ``allowed`` that apply to a system's geometry, when ``value`` is a system naming a known one."""
    kind = GEOMETRIES.get(value.get("geometry")) if isinstance(value, dict) and isinstance(value.get("geometry"), str) \
        else None
    if kind is None:
        return allowed
    lengths = {f"{name}_{suffix}" for name in (*kind.length_names, *kind.vectors, *GENERAL_LENGTHS)
               for suffix in ("nm", "um")}
    own = {*GENERAL_KEYS, *kind.counts, *kind.keys} | lengths
    return [key for key in allowed if key in own]


def _message(error, root: dict) -> str:
    where = _path(error) or "the config"
    value = error.instance
    if error.validator == "additionalProperties":
        allowed = _properties(error.schema, root)
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        patterns = error.schema.get("patternProperties", {})
        unknown = [k for k in unknown if not any(re.search(p, k) for p in patterns)] or unknown
        key = unknown[0] if unknown else "?"
        shown = sorted(k for k in _for_geometry(allowed, value) if not (k.endswith("_um") and k[:-3] + "_nm" in allowed))
        twins = " (each length in _nm also in _um)" if len(shown) < len(allowed) else ""
        return f"{where}: unknown key {key!r}{closest(key, allowed)}; valid keys here: {', '.join(shown)}{twins}"
    if error.validator == "enum":
        return f"{where}: {value!r} is not one of {error.validator_value}{closest(value, error.validator_value)}"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in value][0]
        return f"{where}: missing key {missing!r}{misspelling(missing, value)}"
    if error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _message(deepest, root)
        enums = [e for e in error.context if e.validator == "enum" and isinstance(value, str)]
        if enums:
            return _message(enums[0], root)
    if error.validator == "pattern" and isinstance(error.schema, dict) and "description" in error.schema:
        return f"{where}: {value!r} is not {error.schema['description']}"
    if error.validator == "type" and isinstance(value, str) and re.fullmatch(r"[\d.eE+-]+", value):
        return f"{where}: {value!r} is text, not a number; write it as a plain number, e.g. 1.0e+13"
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    text = error.message if len(error.message) < 200 else f"{value!r} is not valid here"
    return f"{where}: {text}" + (f" ({hint})" if hint else "")


def validate(config: dict, schema_path) -> None:
    """Check ``config`` against the JSON schema; ConfigError with one short message if it is not valid."""
    import jsonschema

    schema = yaml.safe_load(Path(schema_path).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        raise ConfigError(_message(best, schema))


def prepare(config: dict, files, schema_path) -> dict:
    """The config as the workflow uses it: files checked for repeated keys, numbers read, schema checked.

    ``config`` is Snakemake's (files merged, --config applied); ``files`` the config files it
    read. Returns the config with numbers converted; raises ConfigError with a short message.
    """
    for path in files:
        check_file(path)
    config = numbers(config)
    validate(config, schema_path)
    return config
