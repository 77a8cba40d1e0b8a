"""CITATION.cff: valid Citation File Format fields, and the version of the package it cites."""

from pathlib import Path

import yaml

import photodrag

CITATION = Path(__file__).resolve().parents[2] / "CITATION.cff"


def test_citation_names_this_version_with_the_required_fields():
    citation = yaml.safe_load(CITATION.read_text())
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(citation) and citation["authors"]
    assert citation["version"] == photodrag.__version__  # pyproject.toml's version, as installed
    assert citation["license"] == "MIT"
    assert all(reference["title"] and reference["authors"] for reference in citation["references"])
