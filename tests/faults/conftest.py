"""The fault corpus drives the workflow with the workflow tests' runner (tests/workflow)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workflow"))
