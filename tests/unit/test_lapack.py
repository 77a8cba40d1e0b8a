"""In-place inverses (photodrag.engine.lapack) against numpy.linalg.inv, on both of its paths."""

import numpy as np
import pytest

from photodrag.engine import lapack


def _stack(n, size, seed=0):
    rng = np.random.default_rng(seed)
    stack = rng.standard_normal((n, size, size)) + 1j * rng.standard_normal((n, size, size))
    return stack + 2 * np.sqrt(size) * np.eye(size)


def test_numpy_openblas_getri_is_found_here():
    """The wheels this project installs ship numpy with scipy-openblas: the fast path must be live,
    or every benchmark figure in README would silently describe the fallback."""
    assert lapack.numpy_getri() is not None


@pytest.mark.parametrize("size", [lapack.IN_PLACE_MIN_SIZE, lapack.IN_PLACE_MIN_SIZE + 37])
def test_in_place_inverse_equals_numpy_inverse(size):
    stack = _stack(2, size)
    expected = np.linalg.inv(stack)
    result = lapack.inverse_in_place(stack)
    assert result is stack  # overwritten, no second (3N)² array
    np.testing.assert_allclose(result, expected, rtol=0, atol=1e-12 * np.abs(expected).max())
    np.testing.assert_allclose(result[0] @ _stack(2, size)[0], np.eye(size), atol=1e-12)


def test_small_matrices_and_the_fallback_use_numpy(monkeypatch):
    small = _stack(3, 24)
    np.testing.assert_allclose(lapack.inverse_in_place(small.copy()), np.linalg.inv(small), rtol=1e-13)
    monkeypatch.setattr(lapack, "numpy_getri", lambda: None)
    large = _stack(1, lapack.IN_PLACE_MIN_SIZE)
    result = lapack.inverse_in_place(large.copy())
    np.testing.assert_allclose(result, np.linalg.inv(large), rtol=1e-13)


def test_singular_matrix_raises_like_numpy():
    singular = _stack(1, lapack.IN_PLACE_MIN_SIZE)
    singular[0, :, 5] = 0.0
    with pytest.raises(np.linalg.LinAlgError):
        lapack.inverse_in_place(singular)


def test_non_contiguous_input_is_not_overwritten():
    base = _stack(2, lapack.IN_PLACE_MIN_SIZE)
    view = base.transpose(0, 2, 1)
    before = view.copy()
    result = lapack.inverse_in_place(view)
    np.testing.assert_array_equal(view, before)
    np.testing.assert_allclose(result, np.linalg.inv(before), rtol=1e-12, atol=1e-14)
