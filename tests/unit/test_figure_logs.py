"""A figure job's log holds photodrag's records and every warning, not the INFO chatter of the libraries
that write the PDF (fontTools listed 100-240 lines of glyph subsetting per figure before)."""

import logging
import sys

from matplotlib.figure import Figure

from photodrag import io, plots


def test_a_figure_log_keeps_photodrag_and_warnings_and_drops_fonttools_info(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # log_to replaces it: restore it afterwards
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        io.log_to(tmp_path / "figure.log")
        figure = Figure(figsize=(3, 2))
        figure.add_subplot().set_title(r"$\mathcal{T}_{i\to j}$ 0123456789")
        plots.save(figure, tmp_path / "figure.pdf", tmp_path / "figure.png")
        logging.getLogger("photodrag.plots").info("drawn")
        logging.getLogger("fontTools.subset").warning("a real problem")
    finally:
        for handler in root.handlers[len(before):]:
            handler.close()
            root.removeHandler(handler)
        root.setLevel(level)
        logging.captureWarnings(False)
    text = (tmp_path / "figure.log").read_text()
    assert "photodrag.plots INFO: drawn" in text and "fontTools.subset WARNING: a real problem" in text
    assert "fontTools.subset INFO" not in text and "mathtext INFO" not in text
    assert len(text.splitlines()) == 2
