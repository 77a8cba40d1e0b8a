"""A study off the paper's path (config/test/geometries.yaml) end to end: every geometry, every figure
kind, a nonlinear steady state with a bath, the report's front page, and an archive that reruns itself."""

import json
import shutil
import tarfile

import numpy as np
import pytest
import xarray as xr
import yaml

from photodrag import geometry, io, study
from snakemake_runner import copy_run, copy_workflow, snakemake

CONFIG = "config/test/geometries.yaml"
FIGURES = ("gap_drag", "gap_line", "chain_conductance", "chain_matrix", "chain_temperatures", "ring_supercurrent",
           "lattice_spectrum", "cloud_temperatures", "file_matrix", "permittivities")


def run(workdir, *args, **kwargs):
    return snakemake(workdir, *args, config=CONFIG, **kwargs)


@pytest.fixture(scope="module")
def anyone(tmp_path_factory):
    workdir = copy_workflow(tmp_path_factory.mktemp("anyone") / "workflow")
    run(workdir, "--cores", "2")
    return workdir


def test_every_figure_kind_is_drawn_with_embedded_truetype_fonts(anyone):
    for name in FIGURES:
        assert (anyone / f"results/figures/{name}.png").stat().st_size > 10_000, name
        pdf = (anyone / f"results/figures/{name}.pdf").read_bytes()
        assert b"/FontFile2" in pdf and b"/Type3" not in pdf, name  # TrueType embedded, no Type 3


def test_a_swept_coordinate_becomes_its_own_dimension(anyone):
    spectra = io.read_netcdf(anyone / "results/spectra/pair_gap.nc")
    assert spectra["transmission"].dims == ("gap", "omega", "emitter", "absorber")
    assert spectra["gap"].attrs["units"] == "m" and spectra["gap"].attrs["config_key"] == "gap_nm"
    np.testing.assert_allclose(spectra["gap"].values, np.geomspace(250e-9, 2000e-9, 4))
    np.testing.assert_allclose(spectra["position"].sel(particle=1, xyz="x").values, spectra["gap"].values)
    np.testing.assert_allclose(spectra["position"].sel(particle=3).values[0], [300e-9, 0, 400e-9])
    drag = io.read_netcdf(anyone / "results/thermal/gap.nc")
    assert drag["drag_resistance"].dims == ("gap",) and drag.attrs["drag_definition"]


def test_each_geometry_places_its_particles_as_its_builder_does(anyone):
    def positions(system):
        position = io.read_netcdf(anyone / f"results/spectra/{system}.nc")["position"]
        return position.isel({d: 0 for d in position.dims if d not in ("particle", "xyz")}).values

    R = 50e-9
    np.testing.assert_allclose(positions("chain"), geometry.chain(4, 200e-9, R, "InSb").positions)
    np.testing.assert_allclose(positions("lattice"), geometry.lattice([2, 2, 1], [300e-9, 400e-9, 300e-9],
                                                                      [50e-9, 60e-9, 60e-9, 50e-9], "SiC").positions)
    np.testing.assert_allclose(positions("ring_B3T"), geometry.ring(5, R, "InSb", neighbour_distance=250e-9).positions,
                               atol=1e-20)
    cloud = geometry.random_cluster(5, [800e-9, 800e-9, 400e-9], 250e-9, 7, R, "SiC")
    np.testing.assert_allclose(positions("cloud"), cloud.positions, rtol=1e-14)  # the same seed, the same cluster
    again = study.Plan(yaml.safe_load((anyone / CONFIG).read_text())).systems["cloud"]
    np.testing.assert_array_equal(positions("cloud"), again.layout(again.points()[0])[0])  # bit for bit
    from_file = geometry.from_csv(anyone / "config/test/particles.csv")
    np.testing.assert_allclose(positions("from_file"), from_file.positions)
    lattice = io.read_netcdf(anyone / "results/spectra/lattice.nc")
    np.testing.assert_allclose(lattice["radius"].values, [50e-9, 60e-9, 60e-9, 50e-9])


def test_the_thermal_file_keeps_the_solver_diagnostics(anyone):
    chain = io.read_netcdf(anyone / "results/thermal/chain.nc")
    assert chain.attrs["steady_state_method"] == "nonlinear" and chain.attrs["steady_state_bath"] == "on"
    assert chain.attrs["steady_state_bath_temperature_K"] == 300.0
    assert chain.attrs["steady_state_tolerance_K"] > 0 and "Landauer" in chain.attrs["steady_state_model"]
    assert chain["steady_state_iterations"].dims == ("spacing",)
    assert (chain["steady_state_iterations"] >= 1).all()
    assert float(chain["steady_state_max_residual"].max()) < 1e-20
    assert chain["conductance"].dims == ("spacing", "temperature", "emitter", "absorber")


def test_the_report_front_page_describes_this_run(anyone, tmp_path):
    workdir = copy_run(anyone, tmp_path / "report")
    run(workdir, "--report", "results/report.html")
    html = (workdir / "results/report.html").read_text()
    assert "geometry" in html and "random" in html and "csv" in html
    assert "nonlinear model, bath at 300 K" in html
    assert "no bath, as in the paper" not in html and "Comparison with the paper" not in html


def _data_equal(a: xr.Dataset, b: xr.Dataset, where: str) -> None:
    assert sorted(a.data_vars) == sorted(b.data_vars), where
    for name in list(a.data_vars) + list(a.coords):
        np.testing.assert_array_equal(a[name].values, b[name].values, err_msg=f"{where}: {name}")


@pytest.mark.slow
def test_an_archive_reruns_from_its_own_config_to_identical_data(anyone, tmp_path):
    workdir = copy_run(anyone, tmp_path / "archived")
    run(workdir, "--cores", "2", "archive")
    with tarfile.open(workdir / "results/archive/from_file.tar.gz") as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    archive = tmp_path / "unpacked" / "from_file"
    assert (archive / "inputs/config/test/particles.csv").exists() and (archive / "RERUN.md").exists()
    assert "cp -r from_file/inputs/. ." in (archive / "RERUN.md").read_text()  # the step that applies here
    config = json.loads((archive / "config.json").read_text())
    assert config["systems"]["from_file"]["omega_chunks"] == 1  # defaults filled in
    provenance = json.loads((archive / "provenance.json").read_text())
    assert {"python", "platform", "photodrag", "packages", "git"} <= set(provenance)

    fresh = copy_workflow(tmp_path / "fresh")
    (fresh / "config/test/particles.csv").unlink()  # the archive brings the file its system reads
    shutil.copytree(archive / "inputs", fresh, dirs_exist_ok=True)
    snakemake(fresh, "--cores", "2", config=str(archive / "config.json"))
    compared = 0
    for path in archive.rglob("*.nc"):
        relative = path.relative_to(archive)
        _data_equal(io.read_netcdf(path), io.read_netcdf(fresh / "results" / relative), str(relative))
        compared += 1
    assert compared >= 3  # thermal, spectra and ε tables
    # A rerun gives the same files: every result and figure the manifest lists, byte for byte (RERUN.md's check).
    manifest = dict(reversed(line.split("  ")) for line in (archive / "SHA256SUMS").read_text().splitlines())
    rerun = {name: io.sha256(fresh / "results" / name) for name in manifest if (fresh / "results" / name).is_file()}
    assert len(rerun) >= compared + 2 and all(rerun[name] == manifest[name] for name in rerun), rerun
    # The RO-Crate's workflow is the one that ran, its run lists every result file of the archive.
    graph = {e["@id"]: e for e in json.loads((archive / "ro-crate-metadata.json").read_text())["@graph"]}
    assert (archive / "source/Snakefile").read_text() == (fresh / "Snakefile").read_text()
    results = {e["@id"] for e in graph["#run"]["result"]}
    assert {name for name in manifest if name.endswith(".nc")} <= results
    assert graph["#run"]["startTime"] <= graph["#run"]["endTime"] == provenance["run"]["ended"]


def _overlapping_ticks(figure) -> list[str]:
    """Tick labels of one axis whose boxes overlap, drawn at the figure's own size."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    found = []
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in axis.get_ticklabels()
                     if t.get_visible() and t.get_text()]
            for (a, box_a), (b, box_b) in zip(boxes, boxes[1:]):
                if box_a.overlaps(box_b):
                    found.append(f"{a!r} and {b!r}")
    return found


def test_figures_label_themselves_from_the_files_without_colliding_ticks(anyone, monkeypatch):
    monkeypatch.chdir(anyone)
    plan = study.Plan(yaml.safe_load((anyone / CONFIG).read_text()))
    from photodrag import plots

    drawn = {}
    for name, spec in plan.figures.items():
        datasets = {n: io.read_netcdf(anyone / path) for n, path in spec.inputs}
        drawn[name] = plots.draw(spec.kind, datasets, spec.style)
        assert not _overlapping_ticks(drawn[name]), (name, _overlapping_ticks(drawn[name]))
    gap = drawn["gap_drag"].axes[0]
    assert "gap" in gap.get_xlabel() and "nm" in gap.get_xlabel()
    texts = " ".join(" ".join(t.get_text().split()) for ax in drawn["gap_drag"].axes for t in ax.texts)  # unwrapped
    assert "h/R" not in texts and "ring radius" not in texts and "Drive: 0 held at 320 K, 1 at 300 K" in texts
    chain = drawn["chain_conductance"].axes[0]
    assert "spacing" in chain.get_xlabel()
    legend = chain.get_legend() or drawn["chain_conductance"].legends[0]  # in the axes, or under the figure
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == 6 and all("temperature = " in text for text in labels)  # only what differs
    assert not any("B = " in text for text in labels)  # the field is shared: said once, in the notes


def test_editing_a_csv_geometry_reruns_its_system_only(anyone, tmp_path):
    workdir = copy_run(anyone, tmp_path / "edited")
    assert "Nothing to be done" in run(workdir, "--dry-run").stdout
    path = workdir / "config/test/particles.csv"
    path.write_text(path.read_text().replace("400,0,0,80,Au", "420,0,0,80,Au"))
    plan = run(workdir, "--dry-run").stdout
    assert "results/spectra/from_file.nc" in plan and "results/thermal/from_file.nc" in plan
    assert "results/spectra/chain.nc" not in plan and "results/spectra/pair_gap.nc" not in plan
