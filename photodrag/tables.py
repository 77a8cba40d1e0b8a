"""Tables users write (CSV files): their rows with line numbers, and column names read by what they say.

The one reading of a header, shared by particle files (photodrag.geometry.csv) and ε tables
(photodrag.materials.tabulated): a column is known by its name, never by its position. Case,
spaces, brackets and a UTF-8 byte-order mark (Excel writes one) do not change a name:
``X (nm)``, ``x [nm]`` and ``x_nm`` are all ``x_nm``; µ and μ are written u. The header is the
first line that is not a comment, or a commented line of names right before the data (what
numpy.savetxt writes: ``# omega_rad_s,eps_real,eps_imag``); a file that starts with numbers is
refused, since its first row would otherwise be lost.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from os import PathLike
from pathlib import Path



@dataclass(frozen=True)
class Table:
    """A CSV file as read: its path, the header as written and canonical, the rows with their line numbers."""

    path: Path
    names: list[str]                      # as written (for messages)
    columns: list[str]                    # canonical (column_name)
    rows: list[tuple[int, list[str]]]     # (line number, values)

    def column(self, name: str) -> list[str]:
        """Every row's value in the column of canonical name ``name``, as written."""
        k = self.columns.index(name)
        return [row[k] for _, row in self.rows]


def is_number(text: str) -> bool:
    """True when ``text`` reads as a number: how a header row is told from a first row of data."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def column_name(text: str) -> str:
    """The canonical form of a column name: 'x_nm' for 'X (nm)', ' x_nm ', '\\ufeffx [nm]'; 'x_um' for 'x_µm'."""
    name = text.replace("\ufeff", "").strip().lower().replace("µ", "u").replace("μ", "u")
    return re.sub(r"[\s()\[\]_]+", "_", name).strip("_")


def split_unit(name: str, units) -> tuple[str, str | None]:
    """(quantity, unit) of a canonical column name whose last part is one of ``units``; (name, None) otherwise."""
    for unit in sorted(units, key=len, reverse=True):
        if name.endswith("_" + unit) and len(name) > len(unit) + 1:
            return name[: -len(unit) - 1], unit
    return name, None


def _fields(line: str) -> list[str]:
    return [value.strip() for value in next(csv.reader([line]))]


def read_table(path, what: str, example: str, items: str) -> Table:
    """The header and data rows of the CSV file ``path``; ValueError naming the file and the line.

    ``what`` says what the file holds ("particle file", "permittivity table"), ``example`` is a
    header to suggest where the file has none, ``items`` what its rows are ("particles").
    """
    if not isinstance(path, (str, PathLike)):
        raise ValueError(f"the {what} must be a file name (a str or Path), got {path!r:.80}")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{what} {path} does not exist")
    text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not part of the first name
    numbered = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    data = [(n, line) for n, line in numbered if not line.startswith("#")]
    if not data:
        raise ValueError(f"{path}: no {items}: a header row such as '{example}' and a row per item are needed")
    header = _fields(data[0][1])
    if any(is_number(name) for name in header):
        before = [line for n, line in numbered if n < data[0][0]]
        header = _fields(before[-1].lstrip("#")) if before else []
        if len(header) < 2 or any(is_number(name) for name in header):
            raise ValueError(f"{path}: the first row {data[0][1]!r} is data, not a header: start the file with a "
                             f"header row such as '{example}'")
    else:
        data = data[1:]
    if len(header) == 1 and ";" in header[0]:
        raise ValueError(f"{path}: the header {header[0]!r} separates its columns with ';': photodrag reads "
                         "comma-separated files (e.g. '" + example + "')")
    if not data:
        raise ValueError(f"{path}: a header but no {items} (no rows of data)")
    rows = [(n, _fields(line)) for n, line in data]
    for n, row in rows:
        if len(row) != len(header):
            raise ValueError(f"{path}, line {n}: {len(row)} value(s) for the {len(header)} columns {header}")
    return Table(path, header, [column_name(name) for name in header], rows)


def numbers(table: Table, name: str) -> list[float]:
    """The column ``name`` (canonical) as floats; ValueError naming the file, the line and the column."""
    values, k = [], table.columns.index(name)
    for line, row in table.rows:
        try:
            values.append(float(row[k]))
        except ValueError:
            raise ValueError(f"{table.path}, line {line}: {','.join(row)!r}: {row[k]!r} in column {table.names[k]!r} "
                             "is not a number") from None
    return values
