"""Progress of long work: at most a line every few seconds, with the fraction done and an ETA."""

import logging

import numpy as np

import photodrag
from photodrag import progress


def test_lines_are_throttled_and_say_how_much_is_left(monkeypatch, caplog):
    clock = iter([0.0, 1.0, 2.0, 3.0, 6.0, 12.0, 13.0])  # the start, then each update
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    log = logging.getLogger("test.progress")
    with caplog.at_level(logging.INFO, logger="test.progress"):
        job = progress.Progress(10, "a job", log)
        for done in (1, 2, 5, 6, 8, 10):
            job.update(done)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "a job: started"
    assert lines[1] == "a job:  60.0 % done, 6 s elapsed, about 4 s left"  # 1, 2, 5 came within 5 s
    assert lines[2] == "a job:  80.0 % done, 12 s elapsed, about 3 s left"
    assert lines[3] == "a job: done in 13 s" and len(lines) == 4


def test_parts_of_a_job_report_into_it(caplog):
    log = logging.getLogger("test.parts")
    with caplog.at_level(logging.INFO, logger="test.parts"):
        job = progress.Progress(2, "sweep", log, interval=0.0)
        job.part(1, 1)(0.5, 0.0)
    assert "75.0 % done" in caplog.records[-1].getMessage()


def test_spectra_show_a_progress_bar_on_request(capsys):
    system = photodrag.System([[0, 0, 0], [0, 0, 400e-9]], 100e-9, "SiC")
    photodrag.spectra(system, np.linspace(1.6e14, 1.9e14, 50), progress=True)
    assert "100%" in capsys.readouterr().err
