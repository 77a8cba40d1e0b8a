"""Sphinx extension: the API reference written from the public namespaces' ``__all__``.

At ``builder-inited`` it writes ``docs/api/`` (not under version control): one page per
namespace with its module docstring and a table of its names, and one page per public
function or class (``api/generated/<public path>.rst``, autodoc + numpydoc). Each object is
documented once, under the first namespace of :data:`NAMESPACES` that exports it
(``photodrag.drag`` rather than ``photodrag.thermal.drag``); later namespaces link to that
page. The pages follow whatever the namespaces export, so nothing here names a module file.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import numpy as np

#: The public face, in the order in which objects get their home page.
NAMESPACES = ("photodrag", "photodrag.thermal", "photodrag.geometry", "photodrag.materials", "photodrag.grid",
              "photodrag.plots", "photodrag.io")


def public_names(module) -> list[str]:
    """``module.__all__``, or (for a module without one) what it defines itself without a leading underscore."""
    names = getattr(module, "__all__", None)
    if names is not None:
        return [n for n in names if not n.startswith("__")]
    return [name for name, obj in vars(module).items() if not name.startswith("_")
            and (inspect.isfunction(obj) or inspect.isclass(obj)) and (obj.__module__ == module.__name__ or (
                inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__.startswith("photodrag")))]


#: ``|x|`` written for an absolute value or a norm, which reST would read as a substitution.
ABSOLUTE_VALUE = re.compile(r"(?<![\w|`\\])\|(?=[^\s|])([^|\n`]*?[^\s|\\])\|(?![\w|])")


def escape_bars(text: str) -> str:
    """``|x|`` as an absolute value (``\\|x\\|``); table rows (``| a | b |``) are left alone."""
    return ABSOLUTE_VALUE.sub(r"\\|\1\\|", text)


def summary(obj) -> str:
    """The first paragraph of ``obj``'s docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    return escape_bars(" ".join(doc.split("\n\n")[0].split()))


def value_text(value) -> str:
    """A constant's value as the reference shows it: text in full, anything else briefly."""
    if isinstance(value, str):
        return escape_bars(value)
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, threshold=12)
    else:
        text = repr(value)
    text = " ".join(text.split())
    return f"``{text if len(text) <= 160 else text[:157] + '...'}``"


def directive(obj) -> str:
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return "autoexception"
    if inspect.isclass(obj):
        return "autoclass"
    return "autofunction"


def _underline(title: str, char: str = "=") -> str:
    return f"{title}\n{char * len(title)}\n"


def _write(path: Path, text: str) -> None:
    """Write only what changed, so that Sphinx rereads only changed pages."""
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def write_pages(out: Path) -> None:
    """The namespace pages ``out/<namespace>.rst``, the object pages ``out/generated/*.rst`` and ``out/index.rst``."""
    home: dict[int, str] = {}  # id of a function or class -> its public path
    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        rows, pages, data = [], [], []
        for name in public_names(module):
            obj = getattr(module, name)
            path = f"{namespace}.{name}"
            if inspect.ismodule(obj):
                rows.append((f":mod:`{obj.__name__}`", summary(obj)))
            elif inspect.isfunction(obj) or inspect.isclass(obj):
                canonical = home.setdefault(id(obj), path)
                role = "class" if inspect.isclass(obj) else "func"
                rows.append((f":{role}:`{name} <{canonical}>`", summary(obj)))
                if canonical == path:
                    pages.append(path)
                    members = "   :members:\n" if directive(obj) == "autoclass" else ""
                    _write(out / "generated" / f"{path}.rst",
                           f"{_underline(path)}\n.. currentmodule:: {namespace}\n\n"
                           f".. {directive(obj)}:: {name}\n{members}")
            else:
                rows.append((f":data:`{name} <{path}>`", "constant, below"))
                data.append((name, obj))
        text = [_underline(namespace), f".. automodule:: {namespace}\n   :no-members:\n   :no-index:\n",
                ".. currentmodule:: " + namespace + "\n", ".. list-table::\n   :widths: 30 70\n"]
        text += [f"   * - {ref}\n     - {line or ' '}\n" for ref, line in rows]
        if data:
            text.append(_underline("Constants", "-"))
            text += [f".. py:data:: {name}\n\n   {value_text(obj)}\n" for name, obj in data]
        if pages:
            text.append(".. toctree::\n   :hidden:\n\n" + "".join(f"   generated/{p}\n" for p in pages))
        _write(out / f"{namespace}.rst", "\n".join(text))
    _write(out / "index.rst", _underline("API reference") + INTRO + ".. toctree::\n   :maxdepth: 1\n\n"
           + "".join(f"   {namespace}\n" for namespace in NAMESPACES))


INTRO = """
Every public function and class, from its docstring: parameters with their units and array
shapes, what it returns, the conventions it follows (:doc:`../theory`). Everything inside
photodrag is SI (ω in rad/s, lengths in m, B in T, temperatures in K, powers in W); arrays are
frequency first, ``[omega, emitter, absorber]``.

"""


def _on_builder_inited(app) -> None:
    write_pages(Path(app.srcdir) / "api")


def _on_docstring(app, what, name, obj, options, lines) -> None:
    lines[:] = [escape_bars(line) for line in lines]


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("autodoc-process-docstring", _on_docstring)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
