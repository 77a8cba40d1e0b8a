"""Deterministic kill -9 for the fault tests: imported by every Python process started with this
directory on PYTHONPATH. When PHOTODRAG_TEST_KILL_AT names a file, the process that is about to
rename its finished ``.partial`` over that file sends itself SIGKILL instead: the job dies at
the worst moment for its output (everything written, nothing in place), at a known point,
without a timing race. Every writer of photodrag (NetCDF, figures, archives) ends with
os.replace; a writer that did not would not be killed, and the test would say so."""

import os
import signal

_TARGET = os.environ.get("PHOTODRAG_TEST_KILL_AT")

if _TARGET:
    _replace = os.replace

    def _replace_or_die(source, destination, *args, **kwargs):
        if os.path.abspath(os.fspath(destination)) == os.path.abspath(_TARGET):
            os.kill(os.getpid(), signal.SIGKILL)
        return _replace(source, destination, *args, **kwargs)

    os.replace = _replace_or_die
