"""The house has floors: a module imports only from rooms on the floors below its own, never upward,
so that there is no cycle to dodge and a newcomer can read the package from the ground up."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "photodrag"

#: The rooms of photodrag (top-level modules and subpackages), from the ground floor up.
FLOORS = [
    {"_version", "units", "plain", "deprecation", "labels", "memory", "progress", "planck", "checks", "integrity",
     "tables"},
    {"engine", "materials", "io", "integrate", "diagnostics"},
    {"surface", "thermal"},
    {"system"},
    {"spectra", "geometry", "plots"},
    {"grid"},
    {"study"},
    {"__init__"},
    {"__main__"},
]


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path):
    """The photodrag modules a file imports (absolute names)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + [node.module]) if node.module else ".".join(base)
            if target.startswith("photodrag"):
                yield from ([f"{target}.{a.name}" for a in node.names] if target == "photodrag" else [target])
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("photodrag"))


def test_every_room_is_on_a_floor():
    rooms = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").exists())}
    assert rooms == set().union(*FLOORS)


def test_no_module_imports_from_its_own_floor_or_above():
    floor = {room: level for level, rooms in enumerate(FLOORS) for room in rooms}
    upward = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        here = _room(module)
        for target in _imports(path):
            there = _room(target)
            if there != here and floor[there] >= floor[here]:
                upward.append(f"{path.relative_to(PACKAGE.parent)} imports {target} (floor {floor[there]} >= {floor[here]})")
    assert not upward, "\n".join(upward)


def test_reading_a_result_file_loads_nothing_of_the_workflow():
    code = "import sys, photodrag.io; print(sorted(m for m in sys.modules if m.startswith('photodrag.study')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_no_private_name_crosses_a_module():
    crossing = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                crossing += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")
                             and not a.name.startswith("__") and a.name != "_version"]
    assert not crossing, crossing
