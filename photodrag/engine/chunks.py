"""Frequency chunks: how many frequencies the kernel takes at once, the memory that holds, the loop
over chunks and the buffers every chunk of one call reuses.

The kernel's memory per frequency is planned here (:func:`bytes_per_omega`), so that
photodrag.spectra can refuse a call that would not fit before allocating
(:func:`working_bytes`) and every chunk stays within ``memory_bytes``
(:func:`frequencies_per_chunk`).
"""

from __future__ import annotations

import time

import numpy as np

from .dipoles import dipole_blocks_per_particle
from .interaction import LOW_RANK_MIN_SIZE
from .lapack import IN_PLACE_MIN_SIZE, numpy_getri

#: Default bound on the memory the kernel holds at once, in bytes.
DEFAULT_MEMORY_BYTES = 1 << 30

#: For small N, a chunk holds at most this many bytes per (n, 3N, 3N) complex stack.
CACHE_STACK_BYTES = 1 << 20

#: For larger N, a chunk holds at most this many bytes per stack (one ω if a matrix is larger).
LARGE_STACK_BYTES = 8 << 20


def bytes_per_omega(n_particles: int, dipoles: str = "electric") -> int:
    """Peak memory the kernel holds per frequency, in bytes.

    dipoles="electric" (3N×3N, m = 3N): with the in-place inverse (m ≥
    photodrag.engine.lapack.IN_PLACE_MIN_SIZE, with numpy's OpenBLAS), S, overwritten by S⁻¹, is the
    only m² array: 16 m², plus O(m r) for the factor of ImG and the bath products.
    numpy.linalg.inv instead holds S, its work copy and S⁻¹ at once: 48 m² in the low-rank path
    (3N ≥ LOW_RANK_MIN_SIZE). The dense path (small N) holds S, ImG, S⁻¹, the inverse's work
    copy, and the products S⁻¹Ξ, ΞS⁻¹ and ImG S⁻¹Ξ: 104 m², 112 m² with the O(N²) arrays.
    dipoles="electric+magnetic" (6N×6N): the same with m = 6N, plus 72 N² for the transmissions
    per pair of dipoles; an upper bound when some particles carry no magnetic dipole.
    Not counted: the geometry, 32 N² bytes once per call (twice that with magnetic dipoles).
    """
    blocks = n_particles * dipole_blocks_per_particle(dipoles)
    return bytes_per_omega_blocks(blocks) + (72 * n_particles**2 if blocks > n_particles else 0)


def bytes_per_omega_blocks(n_blocks: int) -> int:
    """:func:`bytes_per_omega` for a matrix of n_blocks 3×3 blocks (m = 3 n_blocks)."""
    m = 3 * n_blocks
    if m >= LOW_RANK_MIN_SIZE:
        if m >= IN_PLACE_MIN_SIZE and numpy_getri() is not None:
            return 16 * m * m + 8192 * m
        return 48 * m * m + 8192 * m
    return 112 * m * m + 1024 * m


def frequencies_per_chunk(n_blocks: int, memory_bytes: int, per_omega_bytes: int | None = None, *,
                          matrix_size: int | None = None) -> int:
    """Frequencies per chunk: within memory_bytes and, below that, few enough that the
    stacks stay small.

    n_blocks: 3×3 blocks of the matrix (N for electric dipoles); per_omega_bytes: the memory
    per ω (default :func:`bytes_per_omega_blocks` of n_blocks); matrix_size: the matrix's rows
    when its blocks are not 3×3 (default 3 n_blocks; photodrag.engine.tmatrix: 2L(L+2) per sphere).
    Small N (32 stacks fit in CACHE_STACK_BYTES): as many ω as fill CACHE_STACK_BYTES, so the
    dozen passes over the stacks run from cache (1.5× faster at N = 8 than one chunk of
    2000 ω). Larger N: at most 32 ω and at most LARGE_STACK_BYTES per stack, one ω when a
    single matrix is larger. Fresh arrays of hundreds of MiB cost page faults on every
    element written; measured per ω on 2 cores: N = 100, 4 ω per chunk 1.8–2.2× the bare
    inverse against 2.8–3.2× with 32; N = 500, 1 ω 1.16× against 1.46× with 8; N = 1000,
    1 ω 1.11× against 1.28× with 2.
    """
    size = 3 * n_blocks if matrix_size is None else matrix_size
    per_omega = 16 * size**2  # one complex matrix
    if 32 * per_omega <= CACHE_STACK_BYTES:
        stacked = CACHE_STACK_BYTES // per_omega
    else:
        stacked = max(1, min(32, LARGE_STACK_BYTES // per_omega))
    if per_omega_bytes is None:
        per_omega_bytes = bytes_per_omega_blocks(n_blocks)
    return min(max(1, int(memory_bytes // per_omega_bytes)), stacked)


def working_bytes(n_particles: int, n_omega: int, memory_bytes: int = DEFAULT_MEMORY_BYTES,
                  dipoles: str = "electric") -> int:
    """Peak memory of a spectra call in bytes: its results, one chunk's work, the geometry.

    Results 8 n_ω (N² + 2N); work: the chunk's frequencies × :func:`bytes_per_omega` and
    their permittivities; geometry about 160 N² per dipole block, held for the whole call.
    """
    blocks = dipole_blocks_per_particle(dipoles)
    per_omega = bytes_per_omega(n_particles, dipoles)
    step = min(n_omega, frequencies_per_chunk(n_particles * blocks, memory_bytes, per_omega))
    results = 8 * n_omega * (n_particles**2 + 2 * n_particles)
    return results + step * (per_omega + 144 * n_particles) + 160 * blocks * n_particles**2


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
