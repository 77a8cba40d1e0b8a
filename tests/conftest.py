"""Shared fixtures.

The independent solvers' reference data travel with the tests (tests/data/, each folder with a
README saying where it comes from), so that the suite runs from a plain clone.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so that CI is reproducible; set
# HYPOTHESIS_PROFILE=explore to search afresh.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """Path of tests/data: the independent solvers' reference data (DSGF's two SiC dipoles)."""
    path = REPOSITORY / "tests" / "data"
    if not (path / "dsgf-two-sic-dipoles").is_dir():
        pytest.fail(f"reference data not found at {path}")
    return path
