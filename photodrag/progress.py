"""Progress of long work: throttled log lines with the fraction done and an ETA, or a progress bar.

A spectra job over a 60-point sweep logs a line every few seconds, not one per ω chunk, and
each line says how far it is and when it should be done. In interactive use
(``photodrag.spectra(..., progress=True)``) a tqdm bar shows the same.
"""

from __future__ import annotations

import logging
import time

#: Seconds between two progress lines of the same task.
LOG_INTERVAL_S = 5.0


def _duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


class Progress:
    """Progress of ``total`` units of work (sweep points, frequencies), reported as they complete.

    Parameters
    ----------
    total : float
        Units of work in all.
    label : str
        What is being done, at the start of every line.
    log : logging.Logger
        Where the lines go (level INFO), at most one per ``interval`` seconds plus the last.
    bar : bool
        Also show a tqdm progress bar (interactive use).
    """

    def __init__(self, total: float, label: str, log: logging.Logger, *, bar: bool = False,
                 interval: float = LOG_INTERVAL_S):
        self.total, self.label, self.log, self.interval = float(max(total, 1e-300)), label, log, interval
        self.start = self._last = time.monotonic()
        self._bar = None
        self._done = 0.0
        log.info("%s: started", label)
        if bar:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total, desc=label, unit="ω" if "spectra" in label else "it")

    def update(self, done: float) -> None:
        """Record that ``done`` units (cumulative) are complete."""
        if self._bar is not None:
            self._bar.update(done - self._done)
            if done >= self.total:
                self._bar.close()
        self._done = done
        now = time.monotonic()
        finished = done >= self.total
        if not finished and now - self._last < self.interval:
            return
        self._last = now
        elapsed = now - self.start
        fraction = done / self.total
        if finished:
            self.log.info("%s: done in %s", self.label, _duration(elapsed))
        else:
            eta = elapsed * (1 - fraction) / fraction if fraction > 0 else float("nan")
            self.log.info("%s: %5.1f %% done, %s elapsed, about %s left", self.label, 100 * fraction,
                          _duration(elapsed), _duration(eta) if fraction > 0 else "?")

    def part(self, offset: float, size: float):
        """A callback for a sub-task of ``size`` units starting at ``offset``: called with its own fraction done."""
        return lambda fraction, *_: self.update(offset + size * fraction)
