"""The warnings raised inside the jobs, collected for the user: the run's summary and the report's front page.

A job logs each Python warning it raises in one line of its log (photodrag.io.log_to). Here the
logs of every job of a plan are read back, the same warning from several jobs (the ω chunks of one
system, say) is told once with the logs it is in, and the result is printed at the end of a run
(the Snakefile's ``onsuccess`` and ``onerror``) and written into the report's front page. The logs
are those of the jobs that made the current results, this run's or an earlier one's.

:data:`LOGS` is where each rule logs: the rules (workflow/rules/*.smk) name their ``log:`` from it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import io

#: The log of each rule's jobs, a pattern in the rule's wildcards (workflow/rules/*.smk use these).
LOGS = {
    "material_table": "results/logs/materials/{table}.log",
    "field_map": "results/logs/materials/field_maps/{material}.log",
    "omega_grid": "results/logs/grids/{system}.log",
    "spectra_chunk": "results/logs/spectra/{system}/omega-{chunk}-of-{chunks}.log",
    "spectra": "results/logs/spectra/{system}.log",
    "thermal": "results/logs/thermal/{study}.log",
    "figure": "results/logs/figures/{figure}.log",
    "archive_study": "results/logs/archive/{study}.log",
}


def job_logs(plan) -> list[str]:
    """The log of every job of ``plan`` (photodrag.study.Plan), in the order the stages run; archives aside."""
    logs = [LOGS["material_table"].format(table=t) for t in plan.tables]
    logs += [LOGS["field_map"].format(material=m) for m in plan.field_maps]
    for name, system in plan.systems.items():
        if system.adaptive:
            logs.append(LOGS["omega_grid"].format(system=name))
        logs += [LOGS["spectra_chunk"].format(system=name, chunk=k, chunks=system.n_chunks)
                 for k in range(1, system.n_chunks + 1)]
        logs.append(LOGS["spectra"].format(system=name))
    logs += [LOGS["thermal"].format(study=s) for s in plan.studies]
    logs += [LOGS["figure"].format(figure=f) for f in plan.figures]
    return logs


def job_warnings(plan, directory=".") -> dict[tuple[str, str], list[str]]:
    """{(category, message): the logs that hold it} over every job of ``plan``, in the order first met."""
    found: dict[tuple[str, str], list[str]] = {}
    for log in job_logs(plan):
        for warning in dict.fromkeys(io.logged_warnings(Path(directory) / log)):
            found.setdefault(warning, []).append(log)
    return found


def _where(logs: list[str], quote: str = "") -> str:
    return f"{quote}{logs[0]}{quote}" + (f" and {len(logs) - 1} more log(s)" if len(logs) > 1 else "")


def summary(plan, directory=".") -> str:
    """The warnings of the jobs as lines of text for the end of a run; empty when there are none."""
    found = job_warnings(plan, directory)
    if not found:
        return ""
    lines = [f"photodrag: {len(found)} warning(s) raised inside the jobs that made these results:"]
    lines += [f"  {category}: {message} [{_where(logs)}]" for (category, message), logs in found.items()]
    return "\n".join(lines) + "\n"


def print_summary(plan, directory=".") -> None:
    """Print :func:`summary` to stderr (the Snakefile's onsuccess and onerror)."""
    sys.stderr.write(summary(plan, directory))


def _rst(text: str) -> str:
    """Text with reStructuredText's inline markup characters escaped."""
    for character in "\\*`|_":
        text = text.replace(character, "\\" + character)
    return text


def report_section(plan, directory=".") -> str:
    """The report front page's section on the warnings of the jobs (reStructuredText)."""
    found = job_warnings(plan, directory)
    lines = ["", "Warnings raised by the jobs", "---------------------------", ""]
    if not found:
        return "\n".join(lines + ["No job that made these results raised a warning.", ""])
    lines += [f"- **{category}**: {_rst(message)} ({_where(logs, '``')})" for (category, message), logs in found.items()]
    return "\n".join(lines + [""])
