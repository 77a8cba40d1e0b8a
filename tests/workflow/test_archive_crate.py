"""An archive's ro-crate-metadata.json: an RO-Crate 1.1 that conforms to the Workflow Run Crate profile 0.5
(and so to Process Run Crate 0.5 and Workflow RO-Crate 1.0), checked entity by entity against the
requirements those profiles state as MUST; and the time of a run kept there and in provenance.json.

The archive is written by photodrag.study.archive.write, as rule archive_study writes it (the end-to-end
archive of a workflow run is checked in test_anyone_study.py)."""

import datetime
import json
import os
import tarfile

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag import io
from photodrag.study import archive, crate

PROFILE = "https://w3id.org/ro/wfrun/workflow/0.5"
WRITTEN = (1_700_000_000, 1_700_000_100)  # when the two result files were written (POSIX time)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    """An archive of study 'demo' (a thermal file, a figure, a particle file, the workflow), unpacked."""
    source = tmp_path_factory.mktemp("source")
    data = xr.Dataset({"conductance": ("emitter", np.arange(2.0), {"units": "W/K", "long_name": "G"})})
    io.write_netcdf(data, source / "demo.nc", title="thermal")
    (source / "demo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for path, stamp in zip((source / "demo.nc", source / "demo.png"), WRITTEN):
        os.utime(path, (stamp, stamp))
    (source / "particles.csv").write_text("x_nm,y_nm,z_nm\n0,0,0\n")
    (source / "Snakefile").write_text("rule all:\n    input: []\n")
    (source / "thermal.smk").write_text("# a rule file\n")
    files = {"thermal/demo.nc": source / "demo.nc", "figures/demo.png": source / "demo.png",
             "inputs/config/particles.csv": source / "particles.csv", "source/Snakefile": source / "Snakefile",
             "source/workflow/rules/thermal.smk": source / "thermal.smk"}
    target = tmp_path_factory.mktemp("archive")
    archive.write(target / "demo.tar.gz", files, {"studies": {"demo": {}}}, name="demo")
    with tarfile.open(target / "demo.tar.gz") as tar:
        tar.extractall(target, filter="data")
    return target / "demo"


@pytest.fixture(scope="module")
def graph(unpacked):
    document = json.loads((unpacked / "ro-crate-metadata.json").read_text())
    assert document["@context"] == "https://w3id.org/ro/crate/1.1/context"
    entities = {entity["@id"]: entity for entity in document["@graph"]}
    assert len(entities) == len(document["@graph"]), "an @id given twice"
    return entities


def ids(value) -> list[str]:
    """The @ids a property refers to (one reference or a list)."""
    return [v["@id"] for v in (value if isinstance(value, list) else [value])]


def types(entity) -> set[str]:
    return set(entity["@type"] if isinstance(entity["@type"], list) else [entity["@type"]])


def test_the_crate_is_an_ro_crate_whose_root_lists_every_member(graph, unpacked):
    descriptor = graph["ro-crate-metadata.json"]
    assert descriptor["@type"] == "CreativeWork" and ids(descriptor["about"]) == ["./"]
    assert crate.RO_CRATE in ids(descriptor["conformsTo"])
    root = graph["./"]
    assert "Dataset" in types(root) and root["name"] and root["description"] and root["license"]
    datetime.datetime.fromisoformat(root["datePublished"])
    members = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert set(ids(root["hasPart"])) == members - {"ro-crate-metadata.json"}
    for name in members - {"ro-crate-metadata.json"}:
        assert "File" in types(graph[name]), name
        if "contentSize" in graph[name]:
            assert int(graph[name]["contentSize"]) == (unpacked / name).stat().st_size, name
    for entity in graph.values():  # every reference inside the crate resolves
        for value in entity.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and not item["@id"].startswith(("http://", "https://")):
                    assert item["@id"] in graph, (entity["@id"], item["@id"])


def test_the_main_entity_is_the_snakemake_workflow_in_the_crate(graph, unpacked):
    """Workflow RO-Crate 1.0: mainEntity a File, SoftwareSourceCode and ComputationalWorkflow that is in the
    crate, with its language a ComputerLanguage; the crate has a license."""
    main = graph[ids(graph["./"]["mainEntity"])[0]]
    assert types(main) >= {"File", "SoftwareSourceCode", "ComputationalWorkflow"}
    assert (unpacked / main["@id"]).read_text().startswith("rule all")
    language = graph[ids(main["programmingLanguage"])[0]]
    assert language["@type"] == "ComputerLanguage" and language["name"] == "Snakemake"
    assert set(ids(main["hasPart"])) == {"source/workflow/rules/thermal.smk"}
    for parameter in ids(main["input"]):  # Workflow Run Crate: FormalParameters, each realised by a file
        assert graph[parameter]["@type"] == "FormalParameter" and graph[parameter]["additionalType"]
        example = graph[ids(graph[parameter]["workExample"])[0]]
        assert ids(example["exampleOfWork"]) == [parameter] and (unpacked / example["@id"]).is_file()


def test_the_root_conforms_to_the_run_profiles_and_mentions_the_run(graph):
    """Process Run Crate and Workflow Run Crate: the profiles as CreativeWork entities in conformsTo; a
    CreateAction, mentioned from the root, whose instrument is the main workflow."""
    root = graph["./"]
    profiles = ids(root["conformsTo"])
    assert PROFILE in profiles and "https://w3id.org/ro/wfrun/process/0.5" in profiles
    assert "https://w3id.org/workflowhub/workflow-ro-crate/1.0" in profiles
    for profile in profiles:
        assert graph[profile]["@type"] == "CreativeWork" and graph[profile]["version"] == profile.rsplit("/", 1)[1]
    runs = [e for e in graph.values() if e["@type"] == "CreateAction" and ids(e["instrument"]) == ids(root["mainEntity"])]
    assert len(runs) == 1 and ids(root["mentions"]) == [runs[0]["@id"]]
    assert runs[0]["actionStatus"] == "http://schema.org/CompletedActionStatus"


def test_the_run_takes_the_config_and_inputs_and_gives_every_result(graph):
    run = graph[crate.RUN]
    assert ids(run["object"]) == ["config.json", "inputs/config/particles.csv"]
    assert ids(run["result"]) == ["figures/demo.png", "thermal/demo.nc"]
    assert graph["thermal/demo.nc"]["encodingFormat"] == "application/x-netcdf"


def test_the_time_of_the_run_is_in_the_crate_and_the_provenance_only(graph, unpacked):
    run = graph[crate.RUN]
    assert run["startTime"] == crate.iso(WRITTEN[0]) == "2023-11-14T22:13:20+00:00"
    assert run["endTime"] == crate.iso(WRITTEN[1])
    provenance = json.loads((unpacked / "provenance.json").read_text())
    assert provenance["run"]["started"] == run["startTime"] and provenance["run"]["ended"] == run["endTime"]
    assert provenance["run"]["archived"] == graph["./"]["datePublished"]
    with xr.open_dataset(unpacked / "thermal/demo.nc", engine="netcdf4") as result:
        written = json.dumps(result.attrs)
    assert "2023" not in written and provenance["run"]["archived"][:10] not in written


def test_the_software_and_its_versions_are_the_workflows_requirements(graph):
    needed = {graph[i]["name"]: graph[i]["softwareVersion"] for i in ids(graph[crate.WORKFLOW]["softwareRequirements"])}
    assert needed["photodrag"] == photodrag.__version__
    assert needed["Python"].count(".") == 2
    assert needed["snakemake"] == io.package_versions()["snakemake"]
    assert needed["numpy"] == np.__version__
    assert all(graph[i]["@type"] == "SoftwareApplication" for i in ids(graph[crate.WORKFLOW]["softwareRequirements"]))
