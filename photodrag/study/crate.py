"""The RO-Crate of an archive: ``ro-crate-metadata.json``, Workflow Run Crate 0.5.

The archive's top directory is the crate (RO-Crate 1.1). It describes, as JSON-LD:

* the **workflow** (the crate's ``mainEntity``): ``source/Snakefile`` with the rules, scripts
  and schema it ran with under ``source/``, a ``ComputationalWorkflow`` in Snakemake, whose one
  input slot is the config (a ``FormalParameter``);
* the **run** (a ``CreateAction`` whose ``instrument`` is the workflow): its ``object`` the
  config (``config.json``) and the files the systems read (``inputs/``), its ``result`` every
  result file and figure, its ``startTime`` and ``endTime`` the first and last time a result
  file was written;
* the **software**: photodrag, Python and every installed distribution with its version
  (``softwareRequirements`` of the workflow).

The time of the run is here and in ``provenance.json``, never in the result files, so that a
rerun gives the same files. References: RO-Crate 1.1 (https://w3id.org/ro/crate/1.1) and the
Workflow Run Crate profiles (https://w3id.org/ro/wfrun/workflow/0.5).
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import PurePosixPath

from .._version import __version__

CONTEXT = "https://w3id.org/ro/crate/1.1/context"
RO_CRATE = "https://w3id.org/ro/crate/1.1"
#: The profiles the crate conforms to: {permalink: name}.
PROFILES = {
    "https://w3id.org/ro/wfrun/process/0.5": "Process Run Crate",
    "https://w3id.org/ro/wfrun/workflow/0.5": "Workflow Run Crate",
    "https://w3id.org/workflowhub/workflow-ro-crate/1.0": "Workflow RO-Crate",
}
SNAKEMAKE = "https://w3id.org/workflowhub/workflow-ro-crate#snakemake"
LICENSE = "https://spdx.org/licenses/MIT"
WORKFLOW = "source/Snakefile"
CONFIG = "config.json"
METADATA = "ro-crate-metadata.json"
RUN = "#run"
CONFIG_PARAMETER = "#configfile"

#: Media types of the members, by suffix.
MEDIA_TYPES = {".nc": "application/x-netcdf", ".png": "image/png", ".pdf": "application/pdf",
               ".json": "application/json", ".md": "text/markdown", ".csv": "text/csv", ".yaml": "application/yaml",
               ".py": "text/x-python", ".smk": "text/x-snakemake", ".rst": "text/x-rst", "": "text/plain"}


def iso(timestamp: float) -> str:
    """A POSIX time as ISO 8601 in UTC, to the second."""
    return datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc).isoformat()


def run_times(files: dict) -> dict[str, str]:
    """{'started', 'ended'}: when the first and the last result file (not an input, not the workflow's source)
    was written, from their modification times."""
    stamps = [os.stat(source).st_mtime for name, source in files.items() if _role(name) == "result"]
    return {"started": iso(min(stamps)), "ended": iso(max(stamps))} if stamps else {}


def _role(name: str) -> str:
    top = PurePosixPath(name).parts[0]
    return {"source": "source", "inputs": "input"}.get(top, "result")


def _ref(identifier: str) -> dict:
    return {"@id": identifier}


def _refs(identifiers: list[str]) -> dict | list[dict]:
    """References to ``identifiers``; one alone as a single value (RO-Crate's compacted form)."""
    found = [_ref(i) for i in identifiers]
    return found[0] if len(found) == 1 else found


def _file(name: str, size: int | None, description: str | None = None, **more) -> dict:
    entity = {"@id": name, "@type": "File", "name": PurePosixPath(name).name,
              "encodingFormat": MEDIA_TYPES.get(PurePosixPath(name).suffix, "application/octet-stream")}
    if size is not None:
        entity["contentSize"] = str(size)
    if description:
        entity["description"] = description
    return {**entity, **more}


def _software(provenance: dict) -> list[dict]:
    """photodrag, Python and every installed distribution as SoftwareApplication entities."""
    found = [{"@id": "#photodrag", "@type": "SoftwareApplication", "name": "photodrag",
              "softwareVersion": provenance["photodrag"],
              "description": "near-field radiative heat transfer between many nanoparticles (this workflow's package)"
              + (f"; git commit {provenance['git']['commit']}" + (" with uncommitted changes" if
                 provenance["git"]["dirty"] else "") if provenance.get("git") else "")},
             {"@id": "https://www.python.org/", "@type": "SoftwareApplication", "name": "Python",
              "url": "https://www.python.org/", "softwareVersion": sys.version.split()[0]}]
    for name, version in provenance["packages"].items():
        if name.lower() == "photodrag":
            continue
        url = f"https://pypi.org/project/{name}/{version}/"
        found.append({"@id": url, "@type": "SoftwareApplication", "name": name, "url": url,
                      "softwareVersion": version})
    return found


def metadata(name: str, files: dict, generated: dict[str, bytes], provenance: dict, archived: str) -> dict:
    """The JSON-LD of ``ro-crate-metadata.json`` for the archive of study ``name``.

    Parameters
    ----------
    name : str
        The study.
    files : dict
        Name inside the archive -> path now, for every member copied in (results, figures, ``inputs/``,
        and the workflow under ``source/``, its Snakefile at :data:`WORKFLOW`, which the rule
        archive_study always provides).
    generated : dict
        Name inside the archive -> bytes, for every member written by photodrag (``config.json``,
        ``provenance.json``, ``RERUN.md``); ``SHA256SUMS`` is added after the crate and listed too.
    provenance : dict
        What :func:`photodrag.study.archive.provenance` returns (versions; ``run``: the run's times).
    archived : str
        When the archive was written, ISO 8601 (the crate's ``datePublished``).
    """
    members = {arcname: os.stat(source).st_size for arcname, source in files.items()}
    members.update({arcname: len(data) for arcname, data in generated.items()})
    members["SHA256SUMS"] = None
    roles = {arcname: ("object" if arcname == CONFIG or _role(arcname) == "input" else
                       "source" if _role(arcname) == "source" else
                       "result" if arcname in files else "record") for arcname in members}
    software = _software(provenance)
    described = {
        CONFIG: "the complete config of this study, every key with its default filled in: the workflow's input",
        "provenance.json": "versions of Python, photodrag and every package, the platform, the git commit, the "
                           "run's times",
        "RERUN.md": "how to rerun the study from this archive",
        "SHA256SUMS": "SHA-256 of every other member (sha256sum -c SHA256SUMS)",
        WORKFLOW: "the Snakemake workflow that computed the results",
    }
    entities = [_file(arcname, size, described.get(arcname),
                      **({"exampleOfWork": _ref(CONFIG_PARAMETER)} if arcname == CONFIG else {}))
                for arcname, size in sorted(members.items()) if arcname != WORKFLOW]
    times = provenance.get("run", {})
    action = {"@id": RUN, "@type": "CreateAction", "name": f"photodrag workflow run of study {name}",
              "description": f"snakemake --configfile {CONFIG}: the results and figures of study {name}",
              "instrument": _ref(WORKFLOW), "actionStatus": "http://schema.org/CompletedActionStatus",
              "object": _refs([a for a, role in sorted(roles.items()) if role == "object"]),
              "result": _refs([a for a, role in sorted(roles.items()) if role == "result"]),
              **({"startTime": times["started"], "endTime": times["ended"]} if "started" in times else {})}
    workflow = {"@id": WORKFLOW, "@type": ["File", "SoftwareSourceCode", "ComputationalWorkflow"],
                "name": "photodrag workflow", "description": described[WORKFLOW], "version": __version__,
                "encodingFormat": "text/x-snakemake",
                **({"contentSize": str(members[WORKFLOW])} if WORKFLOW in members else {}),
                "programmingLanguage": _ref(SNAKEMAKE), "license": _ref(LICENSE),
                "hasPart": _refs([a for a, role in sorted(roles.items()) if role == "source" and a != WORKFLOW]),
                "input": _ref(CONFIG_PARAMETER),
                "softwareRequirements": _refs([s["@id"] for s in software])}
    snakemake_version = provenance["packages"].get("snakemake")
    graph = [
        {"@id": METADATA, "@type": "CreativeWork", "about": _ref("./"),
         "conformsTo": [_ref(RO_CRATE), _ref("https://w3id.org/workflowhub/workflow-ro-crate/1.0")]},
        {"@id": "./", "@type": "Dataset", "name": f"photodrag study {name}",
         "description": f"Results, figures, config and provenance of the photodrag study {name}, with the workflow "
                        "that computed them; RERUN.md says how to rerun it.",
         "datePublished": archived, "license": _ref(LICENSE),
         "conformsTo": [_ref(p) for p in PROFILES], "mainEntity": _ref(WORKFLOW), "mentions": _ref(RUN),
         "hasPart": _refs(sorted(members))},
        *({"@id": p, "@type": "CreativeWork", "name": title, "version": p.rsplit("/", 1)[1]}
          for p, title in PROFILES.items()),
        {"@id": LICENSE, "@type": "CreativeWork", "name": "MIT License", "identifier": "MIT"},
        workflow,
        {"@id": SNAKEMAKE, "@type": "ComputerLanguage", "name": "Snakemake", "alternateName": "SMK",
         "identifier": _ref("https://doi.org/10.12688/f1000research.29032.2"),
         "url": _ref("https://snakemake.readthedocs.io"), **({"version": snakemake_version} if snakemake_version else {})},
        {"@id": CONFIG_PARAMETER, "@type": "FormalParameter", "name": "configfile", "additionalType": "File",
         "encodingFormat": "application/json", "valueRequired": True,
         "conformsTo": _ref("https://bioschemas.org/profiles/FormalParameter/1.0-RELEASE"),
         "description": "the study's config (config/schema.yaml): snakemake --configfile", "workExample": _ref(CONFIG)},
        action,
        *entities,
        *software,
    ]
    return {"@context": CONTEXT, "@graph": graph}
