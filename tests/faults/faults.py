"""The harness of the fault corpus: a case is an action that must be refused with a message.

Each case runs in an empty directory of its own (the current directory while it runs); after
it, that directory must hold no partial output: no ``*.partial`` file, no empty file, and
nothing under any name the case lists as an output it must not leave. Damaged inputs a case
prepares on purpose live under ``inputs/``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest


@dataclass(frozen=True)
class Case:
    """One bad input or fault: ``run(directory)`` must raise (or warn) ``expected`` matching every ``says``."""

    name: str
    run: Callable[[Path], object]
    expected: type
    says: tuple[str, ...]
    outputs: tuple[str, ...] = field(default=())   # paths (relative to the directory) that must not exist after


class Registry(dict):
    def case(self, expected, *says, outputs=()):
        def register(run):
            name = run.__name__.removeprefix("case_")
            assert name not in self, name
            self[name] = Case(name, run, expected, says, tuple(outputs))
            return run
        return register


def partial_output(directory: Path, outputs=()) -> list[str]:
    """What a failed action left that it should not have: partial, empty or named outputs
    (the damaged inputs a case prepares under ``inputs/`` aside)."""
    left = [str(p.relative_to(directory)) for p in directory.rglob("*")
            if p.is_file() and (p.name.endswith(".partial") or p.stat().st_size == 0)
            and p.relative_to(directory).parts[0] != "inputs"]
    return left + [name for name in outputs if (directory / name).exists()]


def check(case: Case, directory: Path, monkeypatch) -> str:
    """Run ``case`` in ``directory``; returns the message after asserting it and the leftovers."""
    monkeypatch.chdir(directory)
    if issubclass(case.expected, Warning):
        with pytest.warns(case.expected) as record:
            case.run(directory)
        message = " | ".join(str(w.message) for w in record if issubclass(w.category, case.expected))
    else:
        with pytest.raises(case.expected) as error:
            case.run(directory)
        message = str(error.value)
    for text in case.says:
        assert text in message, f"{case.name}: {text!r} not in {message!r}"
    assert not partial_output(directory, case.outputs), partial_output(directory, case.outputs)
    return message


class ChildError(Exception):
    """An exception raised in a child process, as 'TypeName: message'."""


def in_child(code: str, directory: Path, file_size_limit: int | None = None) -> None:
    """Run ``code`` (Python) in a fresh interpreter in ``directory``; re-raise what it raised as ChildError.

    With ``file_size_limit`` (bytes) no file may grow beyond it (RLIMIT_FSIZE, SIGXFSZ ignored):
    a write past it fails with EFBIG the way a full disk fails with ENOSPC, deep inside HDF5.
    """
    limit = "" if file_size_limit is None else textwrap.dedent(f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({file_size_limit}, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        """)
    wrapped = limit + "import json, sys\ntry:\n" + textwrap.indent(textwrap.dedent(code), "    ") + textwrap.dedent("""
        except Exception as error:
            print(json.dumps([type(error).__name__, str(error)]))
            sys.exit(3)
        """)
    result = subprocess.run([sys.executable, "-c", wrapped], cwd=directory, capture_output=True, text=True, timeout=120)
    if result.returncode == 3:
        name, message = json.loads(result.stdout.strip().splitlines()[-1])
        raise ChildError(f"{name}: {message}")
    assert result.returncode == 0, result.stderr
