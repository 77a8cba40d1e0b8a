"""Frequency chunks: the loop over them, and the buffers every chunk of one call reuses."""

from __future__ import annotations

import time

import numpy as np


class Workspace:
    """Buffers reused by every chunk of one call: named arrays of the first chunk's shape.

    A later (shorter) chunk gets the leading part, which is still C-contiguous.
    """

    def __init__(self):
        self._buffers: dict[str, np.ndarray] = {}

    def get(self, name: str, shape: tuple, dtype=complex) -> np.ndarray:
        buffer = self._buffers.get(name)
        if buffer is None or buffer.shape[1:] != shape[1:] or buffer.shape[0] < shape[0] or buffer.dtype != dtype:
            buffer = self._buffers[name] = np.empty(shape, dtype=dtype)
        return buffer[: shape[0]]


def over_chunks(omega, step, compute, shapes, progress=None):
    """Run compute(omega_chunk) -> tuple of arrays on chunks of step frequencies; stack the results.

    shapes: the trailing shape of each result (its leading axis is ω). progress, if given, is
    called with (fraction_done, elapsed_seconds) after every chunk.
    """
    outputs = [np.empty((omega.size,) + tuple(shape)) for shape in shapes]
    start_time = time.perf_counter()
    for start in range(0, omega.size, step):  # chunks, not frequencies: each chunk is one batched solve
        part = slice(start, min(start + step, omega.size))
        for output, result in zip(outputs, compute(omega[part])):
            output[part] = result
        if progress is not None:
            progress(part.stop / omega.size, time.perf_counter() - start_time)
    return tuple(outputs)
