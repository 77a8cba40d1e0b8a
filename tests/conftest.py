"""Shared fixtures.

The reference data live in the project's shared/ folder, which CI clones beside the
repository (…/main and …/shared side by side), so it is found relative to this file.
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
SHARED = (REPOSITORY / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """Path of shared/reference (physics.md and the independent solvers' data)."""
    path = SHARED / "reference"
    if not path.is_dir():
        pytest.fail(f"reference data not found at {path}: clone shared/ beside the repository")
    return path
