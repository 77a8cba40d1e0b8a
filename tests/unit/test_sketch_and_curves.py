"""Two things a study of its own showed: a figure's sketch of many particles in a row numbers only the particles
whose numbers do not overlap (they ran into one illegible string), and a system without the dimension a figure
is drawn against (the same chain in vacuum, beside it above a surface against its height) is drawn across it."""

import numpy as np
import xarray as xr

from photodrag.plots import curves
from photodrag.plots import style as look
from photodrag.plots.placement import renderer
from photodrag.plots.sketch import draw_sketch


def chain(n, spacing=100e-9, height=60e-9):
    positions = np.column_stack([np.arange(n) * spacing, np.zeros(n), np.full(n, height)])
    return xr.Dataset({"position": (("particle", "xyz"), positions), "radius": ("particle", np.full(n, 20e-9)),
                       "material": ("particle", ["SiC"] * n)}, attrs={"geometry": "chain", "surface": "SiC"})


def test_a_long_chain_numbers_the_particles_whose_numbers_fit():
    figure, _, sketch, _ = look.new_figure(look.merged({}, width_in=6.3, height_in=3.2, dpi=150))
    draw_sketch(sketch, chain(30))
    numbers = [text for text in sketch.texts if text.get_text().isdigit()]
    drawing = renderer(figure)
    boxes = [text.get_window_extent(drawing) for text in numbers]
    assert {"0", "29"} <= {text.get_text() for text in numbers}            # both ends, always
    assert 3 < len(numbers) < 30                                           # some, not all thirty
    assert not any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[k + 1:])


def test_a_short_chain_numbers_every_particle():
    figure, _, sketch, _ = look.new_figure(look.merged({}, width_in=6.3, height_in=3.2, dpi=150))
    draw_sketch(sketch, chain(4, spacing=500e-9))
    assert sorted(text.get_text() for text in sketch.texts if text.get_text().isdigit()) == ["0", "1", "2", "3"]


def test_a_system_without_the_figures_dimension_is_drawn_across_it():
    height = xr.DataArray([60e-9, 150e-9, 400e-9], dims="height", attrs={"units": "m"})
    above = xr.Dataset({"conductance": ("height", [8e-20, 1.1e-19, 6e-20])}, coords={"height": height})
    vacuum = xr.Dataset({"conductance": ((), 1.4e-21)})
    drawn = curves.curves({"above": above, "vacuum": vacuum}, "conductance", "height")
    assert [curve.source for curve in drawn] == ["above", "vacuum"]
    np.testing.assert_array_equal(drawn[1].x, drawn[0].x)
    np.testing.assert_array_equal(drawn[1].y, [1.4e-21] * 3)
