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


def test_numpy_openblas_cholesky_is_found_here():
    """The kernel above a surface factors K with numpy's own pstrf and multiplies with its trmm."""
    assert lapack.numpy_cholesky() is not None


@pytest.mark.parametrize("dtype", [float, complex])
@pytest.mark.parametrize("rank", [40, 25])
def test_pivoted_cholesky_and_triangular_product(dtype, rank):
    """Pᵀ K P = U† U with U the upper trapezoid of the factored buffer's first r rows, and U rows in place."""
    rng = np.random.default_rng(rank)
    A = rng.standard_normal((rank, 40)) + (1j * rng.standard_normal((rank, 40)) if dtype is complex else 0)
    K = np.conj(A.T) @ A
    B = rng.standard_normal((40, 7)) + 1j * rng.standard_normal((40, 7))
    routines = lapack.numpy_cholesky()
    factored = K.copy()
    pivots, found = routines.factor(factored, 1e-13)
    U = np.triu(factored[:found])
    assert found == rank
    np.testing.assert_allclose(np.conj(U.T) @ U, K[np.ix_(pivots, pivots)], atol=1e-12 * np.abs(K).max())
    rows = np.ascontiguousarray(B[pivots])
    routines.upper_times(factored, found, rows.view(np.float64) if dtype is float else rows)
    rows[:found] += factored[:found, found:] @ B[pivots][found:]
    np.testing.assert_allclose(rows[:found], U @ B[pivots], atol=1e-12 * np.abs(rows).max())


@pytest.mark.parametrize("material, B", [("SiC", None), ("InSb", (0, 0, 2.0))])
def test_surface_channels_from_the_factor_equal_the_dense_products(monkeypatch, material, B):
    """Above a surface the environment's channels come from a pivoted Cholesky of K and two triangular
    products; without those routines, from the dense products K S⁻¹ and S⁻¹ K. Both give the same."""
    import photodrag
    from photodrag.engine import surface_kernel

    rng = np.random.default_rng(2)
    positions = np.column_stack([rng.uniform(0, 3e-6, (30, 2)), rng.uniform(100e-9, 700e-9, 30)])
    system = photodrag.System(positions, 20e-9, material, B=B, surface=photodrag.Surface(material))
    omega = np.array([1.2e14, 1.3e14]) if material == "InSb" else np.array([1.7e14, 1.8e14])
    factored = photodrag.spectra(system, omega)
    monkeypatch.setattr(surface_kernel, "numpy_cholesky", lambda: None)
    dense = photodrag.spectra(system, omega)
    for name in ("transmission_to_surface", "transmission_from_surface"):
        np.testing.assert_allclose(factored[name], dense[name], rtol=0, atol=1e-12 * float(dense[name].max()))


@pytest.mark.parametrize("dtype", [float, complex])
def test_the_surface_kernels_factor_falls_back_to_pivots_on_the_rebuilt_matrix(dtype):
    """K is factored without pivots where it is positive definite; where it is not, potrf stops part way, and
    K, written again, gets pstrf exactly as the original would have. Both read the upper triangle alone."""
    from photodrag.engine import surface_kernel

    rng = np.random.default_rng(7)
    routines = lapack.numpy_cholesky()
    for rank, definite in ((600, True), (200, False)):
        A = rng.standard_normal((rank, 600)) + (1j * rng.standard_normal((rank, 600)) if dtype is complex else 0)
        K = np.conj(A.T) @ A + (1e-3 * np.eye(600) if definite else 0)
        factored = np.triu(K) + np.tril(np.full_like(K, np.nan), -1)        # nothing below the diagonal
        pivots, found = surface_kernel._factor(routines, factored, lambda: np.copyto(factored, np.triu(K)))
        expected = K.copy()
        if definite:
            assert pivots is None and found == 600 and routines.cholesky(expected)
        else:
            expected_pivots, expected_rank = routines.factor(expected, surface_kernel.LOW_RANK_TOLERANCE)
            assert found == expected_rank == rank and np.array_equal(pivots, expected_pivots)
        np.testing.assert_array_equal(np.triu(factored[:found]), np.triu(expected[:found]))


@pytest.mark.parametrize("material, B", [("SiC", None), ("InSb", (0, 0, 2.0))])
def test_surface_channels_after_a_failed_cholesky_are_the_same(monkeypatch, material, B):
    """Where potrf finds K not positive definite (made to say so here, after it has overwritten K), the kernel
    rebuilds K from G_R and factors it with pivots: the channels are those of the unpivoted factor."""
    import photodrag

    rng = np.random.default_rng(3)
    positions = np.column_stack([rng.uniform(0, 3e-6, (30, 2)), rng.uniform(100e-9, 700e-9, 30)])
    system = photodrag.System(positions, 20e-9, material, B=B, surface=photodrag.Surface(material))
    omega = np.array([1.2e14, 1.3e14]) if material == "InSb" else np.array([1.7e14, 1.8e14])
    direct = photodrag.spectra(system, omega)
    routines, failed = lapack.numpy_cholesky(), []
    cholesky = routines.cholesky

    def failing(matrix):  # potrf runs (and overwrites K), then says K is not positive definite
        failed.append(cholesky(matrix))
        return False

    monkeypatch.setattr(routines, "cholesky", failing)
    rebuilt = photodrag.spectra(system, omega)
    assert failed == [True, True]                                          # both frequencies took the second road
    for name in ("transmission_to_surface", "transmission_from_surface", "transmission_to_bath"):
        np.testing.assert_allclose(rebuilt[name], direct[name], rtol=0, atol=1e-11 * float(direct[name].max()))
