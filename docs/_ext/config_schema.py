"""Sphinx extension: the config reference, generated from ``config/schema.yaml`` at build time.

``{config-schema} systems`` (in a MyST page) renders every key below the top-level key
``systems`` as one table row: its path, type, unit, default and description, all read from the
schema that Snakemake validates every config against (config_reference.py). ``{config-schema}
$defs`` renders the value forms the others refer to (``range``, ``positive_sweep``, ...). A key
without a description, or a top-level key that no page renders, is a build warning (an error
under ``-W``), so the page cannot fall behind the schema.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from config_reference import SCHEMA, Row, load, reference

logger = logging.getLogger(__name__)


def _cell(text: str, literal: bool = False) -> nodes.entry:
    paragraph = nodes.paragraph()
    if text:
        paragraph += nodes.literal(text, text) if literal else nodes.Text(text)
    return nodes.entry("", paragraph)


def table(rows: list[Row]) -> nodes.table:
    headers = ("key", "type", "unit", "default", "description")
    widths = (27, 18, 7, 13, 35)
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=w) for w in widths]
    head = nodes.thead()
    head += nodes.row("", *[_cell(h) for h in headers])
    body = nodes.tbody()
    for row in rows:
        body += nodes.row("", _cell(row.key, True), _cell(row.type), _cell(row.unit), _cell(row.default, True),
                          _cell(row.description))
    group += [head, body]
    out = nodes.table("", group, classes=["config-reference", "colwidths-given"])
    return out


class ConfigSchema(SphinxDirective):
    """``{config-schema} <top-level key or $defs>``: the reference table of that part of config/schema.yaml."""

    required_arguments = 1

    def run(self):
        top = self.arguments[0]
        self.env.note_dependency(str(SCHEMA))
        schema = load()
        if top != "$defs" and top not in schema.get("properties", {}):
            logger.warning(f"config-schema: {top!r} is not a top-level key of {SCHEMA.name}", location=self.get_location())
            return []
        rows = reference(schema, top)
        for row in rows:
            if not row.description:
                logger.warning(f"config-schema: {row.key} has no description in {SCHEMA.name}",
                               location=self.get_location())
        rendered = getattr(self.env, "photodrag_config_keys", set())
        rendered.add(top)
        self.env.photodrag_config_keys = rendered
        return [table(rows)]


def _check_complete(app, env) -> None:
    """Every top-level key of the schema is rendered somewhere."""
    missing = set(load().get("properties", {})) - getattr(env, "photodrag_config_keys", set())
    for top in sorted(missing):
        logger.warning(f"config-schema: the top-level key {top!r} of {SCHEMA.name} is on no page")


def _merge(app, env, docnames, other) -> None:
    env.photodrag_config_keys = getattr(env, "photodrag_config_keys", set()) | getattr(other, "photodrag_config_keys", set())


def setup(app):
    app.add_directive("config-schema", ConfigSchema)
    app.connect("env-check-consistency", _check_complete)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
