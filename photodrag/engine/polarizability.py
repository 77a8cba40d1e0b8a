"""Electric-dipole polarizability of a sphere: tensor Clausius–Mossotti with the
radiative correction (Draine, ApJ 333, 848 (1988); docs/theory.md).

Convention: p = ε0 α E, α in m³; k = ω/c in rad/m; exp(−iωt).

    α0 = 4πR³ (ε − 1)(ε + 2)⁻¹
    α  = (1 − i k³/(6π) α0)⁻¹ α0,   equivalently   α⁻¹ = α0⁻¹ − i k³/(6π) 1.

The many-body kernel only needs α⁻¹ and the dissipation kernel
ξ = −(α0⁻¹ − α0⁻¹†)/(2i): with it the generalised susceptibility of docs/theory.md,
χ = (α − α†)/(2i) − (k³/6π) α α†, is χ = α ξ α† exactly (and α† ξ α on the absorbing
side), so the radiative correction cancels from ξ and no small difference of large
numbers is ever taken.
"""

from __future__ import annotations

import numpy as np

IDENTITY = np.eye(3)


def _sphere_volume_factor(radius) -> np.ndarray:
    """4πR³ with R broadcast against a trailing (3, 3) tensor."""
    return (4 * np.pi * np.asarray(radius, dtype=float) ** 3)[..., None, None]


def quasistatic(eps: np.ndarray, radius) -> np.ndarray:
    """α0 = 4πR³ (ε − 1)(ε + 2)⁻¹ in m³.

    eps: (..., 3, 3) relative permittivity; radius: m, broadcastable to eps[..., 0, 0].
    """
    # (ε − 1) and (ε + 2)⁻¹ are functions of the same matrix, so they commute.
    return _sphere_volume_factor(radius) * np.linalg.solve(eps + 2 * IDENTITY, eps - IDENTITY)


def _inverse_3x3(m):
    """Inverse of a stack (..., 3, 3) by cofactors (one pass of array arithmetic, no LAPACK call per matrix).

    Raises ValueError where a matrix is singular (here: ε − 1, a particle with ε = 1).
    """
    cof = np.empty_like(m)
    for i in range(3):
        i1, i2 = (i + 1) % 3, (i + 2) % 3
        for j in range(3):
            j1, j2 = (j + 1) % 3, (j + 2) % 3
            cof[..., j, i] = m[..., i1, j1] * m[..., i2, j2] - m[..., i1, j2] * m[..., i2, j1]  # adjugate
    det = np.einsum("...j,...j->...", m[..., 0, :], cof[..., :, 0])
    if np.any(det == 0):
        raise ValueError("ε − 1 is singular: a particle with ε = 1 does not polarise")
    cof /= det[..., None, None]
    return cof


def inverse_quasistatic(eps: np.ndarray, radius) -> np.ndarray:
    """α0⁻¹ = (1 + 3 (ε − 1)⁻¹) / (4πR³) in m⁻³, shape (..., 3, 3).

    Raises ValueError where ε − 1 is singular (a particle indistinguishable from vacuum).
    """
    return (IDENTITY + 3 * _inverse_3x3(eps - IDENTITY)) / _sphere_volume_factor(radius)


def radiative_term(k) -> np.ndarray:
    """k³/(6π) in m⁻³, the radiation reaction of a point dipole; k in rad/m."""
    return np.asarray(k, dtype=float) ** 3 / (6 * np.pi)


def inverse_polarizability(eps: np.ndarray, radius, k) -> np.ndarray:
    """α⁻¹ = α0⁻¹ − i k³/(6π) 1 in m⁻³.

    eps: (n_omega, ..., 3, 3); k: (n_omega,) rad/m, broadcast along the leading axis.
    """
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * (eps.ndim - 1))
    return inverse_quasistatic(eps, radius) - 1j * radiative_term(k) * IDENTITY


def polarizability(eps: np.ndarray, radius, k) -> np.ndarray:
    """α with the radiative correction in m³; same shapes as :func:`inverse_polarizability`."""
    return np.linalg.inv(inverse_polarizability(eps, radius, k))


def hermitian_imag(matrix: np.ndarray) -> np.ndarray:
    """(M − M†)/(2i), the Hermitian 'imaginary part' of a stack of square matrices."""
    return (matrix - np.conj(matrix.swapaxes(-1, -2))) / 2j


def dissipation_kernel(eps: np.ndarray, radius) -> np.ndarray:
    """ξ = −(α0⁻¹ − α0⁻¹†)/(2i) in m⁻³, Hermitian and positive semidefinite for a lossy medium.

    χ_emit = α ξ α† and χ_abs = α† ξ α (docs/theory.md's χ with the radiative correction).
    """
    return -hermitian_imag(inverse_quasistatic(eps, radius))


def susceptibility(eps: np.ndarray, radius, k, *, side: str = "emitter") -> np.ndarray:
    """The generalised susceptibility χ of docs/theory.md in m³, written literally.

    side='emitter': (α − α†)/(2i) − (k³/6π) α α†;
    side='absorber': (α − α†)/(2i) − (k³/6π) α† α.
    Used by the reference implementation and single-particle formulas.
    """
    if side not in ("emitter", "absorber"):
        raise ValueError("side must be 'emitter' or 'absorber'")
    alpha = polarizability(eps, radius, k)
    k = np.asarray(k, dtype=float).reshape((-1,) + (1,) * (eps.ndim - 1))
    alpha_h = np.conj(alpha.swapaxes(-1, -2))
    product = alpha @ alpha_h if side == "emitter" else alpha_h @ alpha
    return hermitian_imag(alpha) - radiative_term(k) * product
