"""Figures a referee can read (issue 20): no legend or inset covers data, every text is at least 7 pt and
inside the figure, inset tick labels sit inside the main axes (never on its tick column), every particle of
a three-dimensional cluster is shown, labels carry their units once, selections of any swept dimension
work, and the notes say what the figure shows and nothing else.

Every figure kind is drawn from result files computed in this process (tests/workflow/results_in_process)
for the default study, config/config.yaml as it is, and for two studies of the tests' own with sweeps the
shipped configs do not have: an InSb ring under a field swept from -4 T to 4 T, a gold/SiC square with
magnetic dipoles, drag and relaxation against its spacing, and a 4 x 4 x 4 lattice.
"""

import numpy as np
import pytest
import yaml
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from results_in_process import draw, write_results
from snakemake_runner import REPOSITORY

OMEGA = {"start": 1.6e14, "stop": 1.9e14, "num": 40}

OWN = {
    "materials": {"omega_rad_s": {"start": 1.0e14, "stop": 2.5e14, "num": 60, "spacing": "log"},
                  "field_maps": {"InSb": {"B_tesla": [0, 2, 4], "radius_nm": 100,
                                          "omega_rad_s": {"start": 1.6e14, "stop": 1.9e14, "num": 40}}}},
    "systems": {
        "ring": {"geometry": "ring", "n": 4, "neighbour_distance_nm": 300, "radius_nm": 100, "materials": "InSb",
                 "B_tesla": {"start": -4, "stop": 4, "num": 5}, "omega_rad_s": OMEGA},
        "square": {"geometry": "lattice", "shape": [2, 2, 1], "spacing_nm": {"start": 250, "stop": 1000, "num": 4,
                                                                             "spacing": "log"},
                   "radius_nm": 50, "materials": ["SiC", "Au", "Au", "SiC"], "dipoles": "electric+magnetic",
                   "polarizability": "mie", "omega_rad_s": [OMEGA, {"start": 1e12, "stop": 5e15, "num": 15,
                                                                    "spacing": "log"}]},
        "cube": {"geometry": "lattice", "shape": [4, 4, 4], "spacing_nm": 300, "radius_nm": 50, "materials": "SiC",
                 "omega_rad_s": {"start": 1.7e14, "stop": 1.8e14, "num": 12}},
    },
    "studies": {
        "ring": {"system": "ring", "conductance": {"T_K": 300}, "supercurrent": {"T_K": 300},
                 "steady_state": {"thermostats": [{"particle": 0, "T_K": 320}], "method": "nonlinear",
                                  "bath_K": 300}},
        "square": {"system": "square", "conductance": {"T_K": 300},
                   "drag": {"drive": [0, 1], "passive": [2, 3], "T_hot_K": 320, "T_cold_K": 300},
                   "relaxation": {"T0_K": [400, 300, 300, 300], "t_s": {"start": 1e-4, "stop": 10, "num": 20,
                                                                       "spacing": "log"}, "bath_K": 300}},
        "cube": {"system": "cube", "steady_state": {"thermostats": [{"particle": 0, "T_K": 330}], "bath_K": 300}},
    },
    "figures": {
        "ring_temperatures": {"kind": "line", "studies": ["ring"], "caption": "T against B.",
                              "style": {"variable": "steady_state_temperature", "x": "B"}},
        "ring_conductances": {"kind": "conductance", "studies": ["ring"], "caption": "G against B.",
                              "style": {"x": "B", "xscale": "linear"}},
        "ring_map": {"kind": "temperature_map", "studies": ["ring"], "caption": "At 4 T.", "style": {"B_tesla": [4]}},
        "ring_matrix": {"kind": "conductance_matrix", "studies": ["ring"], "caption": "At 4 T.",
                        "style": {"B_tesla": 4}},
        "ring_supercurrent": {"kind": "supercurrent_spectrum", "studies": ["ring"], "field_maps": ["InSb"],
                              "caption": "Every field.", "style": {"pair": [0, 1]}},
        "ring_permittivity": {"kind": "epsilon", "materials": ["InSb"], "caption": "InSb at every field."},
        "field_map": {"kind": "field_map", "field_maps": ["InSb"], "caption": "One sphere."},
        "square_drag": {"kind": "drag", "studies": ["square"], "caption": "Drag against the spacing."},
        "square_conductances": {"kind": "conductance", "studies": ["square"], "caption": "G against the spacing."},
        "square_cooling": {"kind": "line", "studies": ["square"], "caption": "Cooling at 250 nm.",
                           "style": {"variable": "relaxation_temperature", "x": "time", "xscale": "log",
                                     "spacing_nm": [250]}},
        "square_to_bath": {"kind": "spectrum", "systems": ["square"], "caption": "To the bath.",
                           "style": {"channel": "to_bath", "spacing_nm": [250, 1000]}},
        "cube_map": {"kind": "temperature_map", "studies": ["cube"], "caption": "A held corner."},
    },
}

DEFAULT = yaml.safe_load((REPOSITORY / "config/config.yaml").read_text())


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    root = tmp_path_factory.mktemp("own")
    return write_results(OWN, root), root


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    root = tmp_path_factory.mktemp("default")
    return write_results(DEFAULT, root), root


@pytest.fixture(scope="module")
def drawn(own, default):
    """Every figure of both configs, drawn once: {'own/ring_map': Figure, 'default/fig2b': Figure, ...}."""
    out = {}
    for label, (plan, root) in (("own", own), ("default", default)):
        for name in plan.figures:
            figure = draw(plan, root, name)
            FigureCanvasAgg(figure).draw()
            out[f"{label}/{name}"] = figure
    return out


FIGURES = [f"own/{name}" for name in OWN["figures"]] + [f"default/{name}" for name in DEFAULT["figures"]]


def test_every_figure_kind_is_drawn_for_both_configs():
    kinds = {entry["kind"] for entry in OWN["figures"].values()}
    from photodrag.plots import FIGURE_KINDS
    assert kinds == set(FIGURE_KINDS)


def _points(axes) -> np.ndarray:
    """Display coordinates of every data point drawn in ``axes`` (vertices of lines and markers, offsets of
    collections, vertices of patches, in data coordinates) that lies within the axes."""
    found = [np.empty((0, 2))]
    for line in axes.get_lines():
        if line.get_transform() is axes.transData and len(line.get_xydata()):
            found.append(axes.transData.transform(line.get_xydata()))
    for collection in axes.collections:
        if collection.get_offset_transform() is axes.transData:
            found.append(axes.transData.transform(collection.get_offsets()))
    for patch in axes.patches:
        if patch.get_data_transform() is axes.transData:
            found.append(patch.get_transform().transform(patch.get_path().vertices))
    points = np.concatenate(found)
    x, y, box = points[:, 0], points[:, 1], axes.bbox  # what the axes clip away is not drawn
    return points[np.isfinite(x) & np.isfinite(y) & (x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)]


def _inside(points, box) -> int:
    x, y = points.T
    return int(np.sum((x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)))


def _main_axes(figure):
    insets = {child for ax in figure.axes for child in ax.child_axes}
    return [ax for ax in figure.axes if ax.axison and ax not in insets and not hasattr(ax, "_colorbar")]


def _insets(axes):
    """The insets of ``axes`` (its child axes but a secondary axis, such as the top axis in radii)."""
    return [child for child in axes.child_axes if type(child).__name__ != "SecondaryAxis"]


@pytest.mark.slow
@pytest.mark.parametrize("name", FIGURES)
def test_no_legend_or_inset_covers_a_data_point(drawn, name):
    figure = drawn[name]
    renderer = figure.canvas.get_renderer()
    legends = [legend.get_window_extent(renderer) for legend in figure.legends]
    for ax in _main_axes(figure):
        points = _points(ax)
        boxes = [("legend", box) for box in legends]
        if ax.get_legend() is not None:
            boxes.append(("legend", ax.get_legend().get_window_extent(renderer)))
        boxes += [("inset", child.get_tightbbox(renderer)) for child in _insets(ax)]
        for what, box in boxes:
            assert _inside(points, box) == 0, f"{name}: the {what} covers {_inside(points, box)} data point(s)"


@pytest.mark.slow
@pytest.mark.parametrize("name", FIGURES)
def test_an_inset_and_its_tick_labels_lie_inside_the_main_axes(drawn, name):
    figure = drawn[name]
    renderer = figure.canvas.get_renderer()
    for ax in _main_axes(figure):
        frame = ax.bbox.padded(-2)
        for child in _insets(ax):
            box = child.get_tightbbox(renderer)
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, name


def _placed_texts(figure):
    """Texts whose place matters: titles, axis labels of shown axes, legends, notes, sketches, annotations."""
    texts = list(figure.texts) + [t for legend in figure.legends for t in legend.get_texts()]
    for ax in figure.axes:
        texts += list(ax.texts) + [ax.title, ax._left_title, ax._right_title]
        if ax.axison:
            texts += [ax.xaxis.label, ax.yaxis.label]
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


@pytest.mark.slow
@pytest.mark.parametrize("name", FIGURES)
def test_every_text_is_at_least_7_pt_and_inside_the_figure(drawn, name):
    figure = drawn[name]
    renderer = figure.canvas.get_renderer()
    small = {t.get_text()[:40] for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()
             and t.get_fontsize() < 7 - 1e-9}
    assert not small, f"{name}: text below 7 pt: {sorted(small)}"
    page = figure.bbox.padded(1)
    for text in _placed_texts(figure):
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, \
            f"{name}: {text.get_text()[:60]!r} is cut off at the figure's edge"


def _notes(figure) -> str:
    return "\n".join(t.get_text() for ax in figure.axes if not ax.axison for t in ax.texts if "\u2022" in t.get_text())


@pytest.mark.slow
def test_notes_say_what_the_figure_shows(drawn):
    conductance = _notes(drawn["own/square_conductances"]).replace("\n", " ")
    assert "drag" not in conductance and "bath" not in conductance and "T_hot" not in conductance
    cooling = _notes(drawn["own/square_cooling"]).replace("\n  ", " ")
    assert "drag" not in cooling and "T_hot" not in cooling
    assert "at t = 0: particle 0 at 400 K, the others at 300 K" in cooling and "bath at 300 K" in cooling
    temperatures = _notes(drawn["own/ring_temperatures"]).replace("\n  ", " ")
    assert "particle 0 held at 320 K" in temperatures
    supercurrent = _notes(drawn["own/ring_supercurrent"]).replace("\n  ", " ")
    assert "B = 0 T: zero to round-off" in supercurrent
    assert "\u00d7: the \u2212B spectrum negated" in supercurrent
    assert "dotted" not in DEFAULT["figures"]["fig4a"]["caption"]


@pytest.mark.slow
def test_axis_labels_carry_their_units_once_and_field_ticks_reach_the_ends(drawn):
    figure = drawn["own/ring_temperatures"]
    axes = _main_axes(figure)[0]
    label = axes.get_xlabel()
    assert label.endswith("(T)") and label.count("(") == 1, label
    ticks = [t for t in axes.get_xticks() if axes.get_xlim()[0] <= t <= axes.get_xlim()[1]]
    assert min(ticks) == -4 and max(ticks) == 4, ticks
    assert _main_axes(drawn["default/fig3"])[0].get_ylabel() == "conductance $|G|$ (W/K)"


@pytest.mark.slow
def test_a_field_swept_system_is_shown_at_the_selected_field(drawn, own):
    plan, root = own
    from photodrag import io
    thermal = io.read_netcdf(root / "results/thermal/ring.nc")
    expected = np.abs(thermal["conductance"].sel(B=4.0).isel(temperature=0).transpose("emitter", "absorber").values)
    np.fill_diagonal(expected, np.nan)
    image = _main_axes(drawn["own/ring_matrix"])[0].get_images()[0].get_array()
    np.testing.assert_allclose(np.asarray(image.filled(np.nan)), expected, rtol=1e-12)
    assert "B = 4 T" in _notes(drawn["own/ring_map"])
    sketch = [line.get_marker() for ax in drawn["own/ring_matrix"].axes if not ax.axison for line in ax.get_lines()]
    assert "." in sketch and "x" not in sketch  # the sketch's field is the point's, +4 T (⊙), not the first (⊗)


@pytest.mark.slow
def test_every_particle_of_a_lattice_is_shown_and_none_hides_another(drawn):
    figure = drawn["own/cube_map"]
    panels = _main_axes(figure)
    assert len(panels) == 4  # the layers along the view
    renderer = figure.canvas.get_renderer()
    centres = []
    for ax in panels:
        circles = [p for p in ax.patches if p.get_facecolor()[3] > 0]
        assert len(circles) == 16
        boxes = [c.get_window_extent(renderer) for c in circles]
        for k, box in enumerate(boxes):
            assert not any(box.padded(-1).overlaps(other.padded(-1)) for other in boxes[k + 1:])
        centres += [tuple(np.round(c.center, 6)) for c in circles]
    assert len(centres) == 64
    rings = [p for ax in panels for p in ax.patches if p.get_facecolor()[3] == 0]
    assert len(rings) == 1  # the held corner, ringed where it can be seen
    assert "4 layers along" in _notes(figure).replace("\n  ", " ")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["default/fig4a", "own/ring_matrix"])
def test_the_sketch_writes_B_beside_the_field_symbol_not_on_it(drawn, name):
    figure = drawn[name]
    renderer = figure.canvas.get_renderer()
    sketch = next(ax for ax in figure.axes if not ax.axison and ax.patches)
    label = next(t for t in sketch.texts if t.get_text() in ("B", "\u00b1B")).get_window_extent(renderer)
    symbols = [line.get_window_extent(renderer) for line in sketch.get_lines() if line.get_marker() in ("o", ".", "x")]
    assert symbols and not any(label.overlaps(symbol) for symbol in symbols)


@pytest.mark.slow
def test_curves_are_labelled_by_the_values_the_style_selects(drawn):
    figure = drawn["own/square_to_bath"]  # spacing_nm: [250, 1000] of 250, 397, 630, 1000 nm
    legends = [legend for legend in figure.legends] + [ax.get_legend() for ax in figure.axes if ax.get_legend()]
    texts = [t.get_text() for legend in legends for t in legend.get_texts()]
    assert any("spacing = 250 nm" in t for t in texts) and any("spacing = 1 \u00b5m" in t for t in texts), texts
    assert not any("397" in t or "630" in t for t in texts), texts
    assert _main_axes(figure)[0].get_xscale() == "log"  # its ω grid spans decades of wavelength
