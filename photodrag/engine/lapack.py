"""Dense complex inverses in place, with the LAPACK that numpy itself runs on.

The many-body kernel spends nearly all its time in one inverse of a (3N, 3N) complex matrix
per frequency. ``numpy.linalg.inv`` solves against an identity (zgesv: LU plus n right-hand
sides, about 8/3 n³ complex flops) and holds the matrix, a work copy and the result at once.
LAPACK's zgetrf + zgetri inverts in place from the LU factors (about 2 n³): measured here
25 % faster at 3N = 1500 and 18 % at 3N = 3000, with a third of the memory.

numpy does not expose getri, and SciPy's LAPACK runs on a second OpenBLAS with a thread pool
of its own, whose idle workers spin against numpy's (the timings of either became erratic when
they alternated). So the routines are taken from the OpenBLAS that numpy's wheels ship and load
(``numpy.__config__`` names it ``scipy-openblas``, symbols ``scipy_zgetrf_64_`` and so on,
64-bit integers), through ctypes: one library, one thread pool, the same threads the kernel's
matrix products use. Where numpy is built against anything else, or the library does not pass
a self-test on first use, :func:`inverse_in_place` falls back to ``numpy.linalg.inv``.

The same library gives the kernel above a surface its pivoted Cholesky (dpstrf, zpstrf) and
triangular products (dtrmm, ztrmm): :func:`numpy_cholesky`.

Layout: the routines are column-major. A C-ordered matrix is its transpose in column-major
order, and the inverse of the transpose is the transpose of the inverse, so running
getrf + getri on the C buffer as it lies leaves S⁻¹ in C order: no copy, no transpose.
"""

from __future__ import annotations

import ctypes
import functools
import glob
import logging
import os

import numpy as np

log = logging.getLogger(__name__)

#: Below this matrix size numpy's batched inverse is as fast (one call for a whole ω stack).
IN_PLACE_MIN_SIZE = 384

#: Symbol spellings of the 64-bit-integer (ILP64) routines tried, (prefix, suffix): numpy's
#: scipy-openblas wheels first. numpy's wheels build OpenBLAS with 64-bit integers.
_SPELLINGS = (("scipy_", "64_"), ("", "64_"), ("", "_64"))


class _Getri:
    """zgetrf + zgetri of one OpenBLAS library, bound through ctypes."""

    def __init__(self, library: ctypes.CDLL, prefix: str, suffix: str):
        self.getrf = getattr(library, f"{prefix}zgetrf_{suffix}")
        self.getri = getattr(library, f"{prefix}zgetri_{suffix}")
        pointer = ctypes.c_void_p
        self.getrf.argtypes = [pointer] * 6
        self.getri.argtypes = [pointer] * 7
        self.getrf.restype = self.getri.restype = None

    def invert(self, matrix: np.ndarray) -> None:
        """Overwrite one C-contiguous complex128 (m, m) matrix with its inverse."""
        m = matrix.shape[0]
        size = ctypes.c_int64(m)
        info = ctypes.c_int64(0)
        pivots = np.empty(m, dtype=np.int64)
        ref = ctypes.byref
        self.getrf(ref(size), ref(size), matrix.ctypes.data, ref(size), pivots.ctypes.data, ref(info))
        if info.value != 0:
            raise np.linalg.LinAlgError(f"Singular matrix (zgetrf info {info.value})")
        work = np.empty(64 * m, dtype=np.complex128)  # 64 columns: OpenBLAS's own optimal size for getri
        lwork = ctypes.c_int64(work.size)
        self.getri(ref(size), matrix.ctypes.data, ref(size), pivots.ctypes.data, work.ctypes.data, ref(lwork), ref(info))
        if info.value != 0:
            raise np.linalg.LinAlgError(f"Singular matrix (zgetri info {info.value})")


class _Cholesky:
    """Cholesky factors (d/zpotrf, pivoted d/zpstrf) and triangular products (d/ztrmm) of one OpenBLAS library,
    through ctypes.

    Both work on C-ordered buffers as they lie. A C-ordered Hermitian matrix K is, column-major, Kᵀ = conj(K);
    :meth:`factor` leaves the factor so that, with P the permutation of `pivots` and r the rank,
    Pᵀ K P ≈ Lᵀ† Lᵀ where Lᵀ (r × m, upper trapezoidal) is the upper triangle of the buffer's first r rows.
    """

    def __init__(self, library: ctypes.CDLL, prefix: str, suffix: str):
        self.pstrf = {np.dtype(float): getattr(library, f"{prefix}dpstrf_{suffix}"),
                      np.dtype(complex): getattr(library, f"{prefix}zpstrf_{suffix}")}
        self.trmm = {np.dtype(float): getattr(library, f"{prefix}dtrmm_{suffix}"),
                     np.dtype(complex): getattr(library, f"{prefix}ztrmm_{suffix}")}
        self.potrf = {np.dtype(float): getattr(library, f"{prefix}dpotrf_{suffix}"),
                      np.dtype(complex): getattr(library, f"{prefix}zpotrf_{suffix}")}
        for routine in (*self.pstrf.values(), *self.trmm.values(), *self.potrf.values()):
            routine.restype = None

    def cholesky(self, matrix: np.ndarray) -> bool:
        """Unpivoted Cholesky in place of one C-contiguous Hermitian (m, m) float64 or complex128 matrix: True
        where it is positive definite (the layout of :meth:`factor` with no permutation and rank m); False
        otherwise, the buffer then partly overwritten."""
        size, info = ctypes.c_int64(matrix.shape[0]), ctypes.c_int64(0)
        ref = ctypes.byref
        self.potrf[matrix.dtype](ctypes.c_char_p(b"L"), ref(size), ctypes.c_void_p(matrix.ctypes.data), ref(size),
                                 ref(info), ctypes.c_size_t(1))
        return info.value == 0

    def factor(self, matrix: np.ndarray, rtol: float) -> tuple[np.ndarray, int]:
        """Pivoted Cholesky in place of one C-contiguous Hermitian PSD (m, m) float64 or complex128 matrix.

        Stops when the largest residual diagonal is ≤ rtol Tr(K)/m, so Tr(K − the factor's product) ≤ rtol
        Tr(K) for a PSD residual. Returns (pivots (m,) from 0, rank r); see the class for the layout.
        """
        m = matrix.shape[0]
        pivots = np.empty(m, dtype=np.int64)
        rank, info = ctypes.c_int64(0), ctypes.c_int64(0)
        tolerance = ctypes.c_double(rtol * float(np.trace(matrix).real) / m)
        work = np.empty(2 * m)
        ref, size = ctypes.byref, ctypes.c_int64(m)
        self.pstrf[matrix.dtype](ctypes.c_char_p(b"L"), ref(size), ctypes.c_void_p(matrix.ctypes.data), ref(size),
                                 ctypes.c_void_p(pivots.ctypes.data), ref(rank), ref(tolerance),
                                 ctypes.c_void_p(work.ctypes.data), ref(info), ctypes.c_size_t(1))
        if info.value < 0:
            raise np.linalg.LinAlgError(f"pivoted Cholesky failed (pstrf info {info.value})")
        return pivots - 1, rank.value

    def upper_times(self, factored: np.ndarray, rank: int, rows: np.ndarray) -> None:
        """rows[:rank] ← U rows[:rank] in place, U the upper triangle of factored[:rank, :rank] (C order).

        rows: C-contiguous (≥ rank, width) of factored's dtype, or float64 rows for a float64 factor
        (the real view of complex rows: a real U multiplies real and imaginary parts alike).
        """
        m = factored.shape[0]
        width = rows.shape[1]
        one = np.ones(1, dtype=factored.dtype)
        ref, char = ctypes.byref, ctypes.c_char_p
        # column-major, rows[:rank] is Bᵀ (width × rank) and U is Lᵀ of the lower L: U B = (Bᵀ L)ᵀ, side R
        self.trmm[factored.dtype](char(b"R"), char(b"L"), char(b"N"), char(b"N"), ref(ctypes.c_int64(width)),
                                  ref(ctypes.c_int64(rank)), ctypes.c_void_p(one.ctypes.data),
                                  ctypes.c_void_p(factored.ctypes.data), ref(ctypes.c_int64(m)),
                                  ctypes.c_void_p(rows.ctypes.data), ref(ctypes.c_int64(width)),
                                  ctypes.c_size_t(1), ctypes.c_size_t(1), ctypes.c_size_t(1), ctypes.c_size_t(1))


def _numpy_openblas_paths() -> list[str]:
    """Files of the OpenBLAS that numpy's wheels bundle (Linux: numpy.libs, macOS: numpy/.dylibs)."""
    root = os.path.dirname(np.__file__)
    patterns = [os.path.join(root, os.pardir, "numpy.libs", "*openblas*"), os.path.join(root, ".dylibs", "*openblas*")]
    return sorted(path for pattern in patterns for path in glob.glob(pattern))


@functools.lru_cache(maxsize=1)
def numpy_getri() -> _Getri | None:
    """The zgetrf/zgetri of numpy's own OpenBLAS, checked on a small matrix; None where unavailable."""
    try:
        blas = np.__config__.CONFIG["Build Dependencies"]["lapack"]
        if "openblas" not in str(blas.get("name", "")).lower():
            return None
        for path in _numpy_openblas_paths():
            library = ctypes.CDLL(path)  # already loaded by numpy: the same handle, the same thread pool
            for prefix, suffix in _SPELLINGS:
                try:
                    routines = _Getri(library, prefix, suffix)
                except AttributeError:
                    continue
                rng = np.random.default_rng(1)
                test = rng.standard_normal((5, 5)) + 1j * rng.standard_normal((5, 5)) + 4 * np.eye(5)
                expected = np.linalg.inv(test)
                routines.invert(test)
                if np.allclose(test, expected, rtol=1e-12, atol=1e-12):
                    log.debug("in-place inverses from %s (%szgetri_%s)", path, prefix, suffix)
                    return routines
    except Exception as error:  # any surprise in a foreign build: fall back, never fail
        log.debug("numpy's LAPACK getri is not usable (%s); using numpy.linalg.inv", error)
    return None


def _check_cholesky(routines: _Cholesky) -> bool:
    """Whether the routines factor and multiply a small real and a small complex PSD matrix correctly."""
    rng = np.random.default_rng(2)
    for dtype in (float, complex):
        A = rng.standard_normal((6, 4)) + (1j * rng.standard_normal((6, 4)) if dtype is complex else 0)
        K = A @ np.conj(A.T)                                         # rank 4 of 6
        B = rng.standard_normal((6, 3)) + (1j * rng.standard_normal((6, 3)) if dtype is complex else 0)
        factored = K.copy()
        pivots, rank = routines.factor(factored, 1e-13)
        upper = np.triu(factored[:rank])
        rows = np.ascontiguousarray(B.T[:, pivots].T)                 # Pᵀ B
        routines.upper_times(factored, rank, rows)
        rows[:rank] += factored[:rank, rank:] @ np.ascontiguousarray(B.T[:, pivots].T)[rank:]
        if rank != 4 or not np.allclose(np.conj(upper.T) @ upper, K[np.ix_(pivots, pivots)], atol=1e-12) or \
                not np.allclose(rows[:rank], upper @ B[pivots], atol=1e-12):
            return False
        definite = K + np.eye(6)
        factored = definite.copy()
        if not routines.cholesky(factored) or routines.cholesky(K.copy()):   # positive definite, and singular
            return False
        upper = np.triu(factored)
        if not np.allclose(np.conj(upper.T) @ upper, definite, atol=1e-12):
            return False
    return True


@functools.lru_cache(maxsize=1)
def numpy_cholesky() -> _Cholesky | None:
    """The d/zpstrf and d/ztrmm of numpy's own OpenBLAS, checked on small matrices; None where unavailable."""
    if numpy_getri() is None:  # numpy's library was not found or failed its own check
        return None
    try:
        for path in _numpy_openblas_paths():
            library = ctypes.CDLL(path)
            for prefix, suffix in _SPELLINGS:
                try:
                    routines = _Cholesky(library, prefix, suffix)
                except AttributeError:
                    continue
                if _check_cholesky(routines):
                    return routines
    except Exception as error:  # any surprise in a foreign build: fall back, never fail
        log.debug("numpy's LAPACK pstrf/trmm are not usable (%s); using dense products", error)
    return None


def inverse_in_place(stack: np.ndarray) -> np.ndarray:
    """Inverses of a stack of complex matrices, shape (n, m, m), in place where possible.

    stack must be C-contiguous complex128. From m = IN_PLACE_MIN_SIZE on, and where numpy's
    OpenBLAS provides getri, each matrix is overwritten with its inverse and stack itself is
    returned; otherwise a new array from ``numpy.linalg.inv``. Either way use the return
    value, and treat stack as consumed. Raises numpy.linalg.LinAlgError for a singular matrix.
    """
    routines = numpy_getri() if stack.shape[-1] >= IN_PLACE_MIN_SIZE else None
    if routines is None or stack.dtype != np.complex128 or not stack.flags.c_contiguous:
        return np.linalg.inv(stack)
    for matrix in stack:  # one LAPACK call per matrix of ≥ 384²: the loop's cost is nil beside it
        routines.invert(matrix)
    return stack
