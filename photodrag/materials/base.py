"""The material interface: a frozen dataclass with ``epsilon(omega, B)``.

Conventions (docs/theory.md): time dependence exp(-iωt), so an absorbing medium has
Im ε > 0; ω in rad/s; B a 3-vector in tesla in the physical convention (the field
that acts on the carriers). Every model returns the full relative permittivity
tensor with shape ``(n_omega, 3, 3)``, frequency axis first, never squeezed.
"""

from __future__ import annotations

import abc
import numbers
from dataclasses import dataclass, fields

import numpy as np

from ..checks import check_real, check_reals

def as_frequencies(omega) -> np.ndarray:
    """Validate angular frequencies and return them as a 1-D float array (rad/s).

    Raises ValueError for an empty array, NaN, infinity or a value <= 0.
    """
    omega = np.atleast_1d(check_reals(omega, "omega", "angular frequencies in rad/s (real numbers)"))
    if omega.ndim != 1:
        raise ValueError(f"omega must be a 1-D array of angular frequencies, got shape {omega.shape}")
    if omega.size == 0:
        raise ValueError("omega is empty: give at least one angular frequency in rad/s")
    if not np.all(np.isfinite(omega)):
        raise ValueError("omega contains NaN or infinity")
    if np.any(omega <= 0):
        raise ValueError(f"omega must be positive (rad/s); smallest value given is {omega.min():g}")
    return omega


def as_field(B, direction=None) -> np.ndarray | None:
    """The magnetic field as a float 3-vector in tesla, or None for no field: the one conversion.

    Parameters
    ----------
    B : array_like, shape (3,), a number, or None
        The field in tesla: a 3-vector, or, with ``direction``, a signed magnitude along it.
    direction : array_like, shape (3,), optional
        Any non-zero 3-vector (normalised here): the axis a magnitude ``B`` is counted along,
        as the workflow's ``B_tesla`` along ``B_direction``.

    Raises ValueError for a wrong shape, NaN or infinity, or a zero direction.
    """
    if B is None:
        return None
    if direction is not None:
        direction = check_reals(direction, "B_direction", "a non-zero 3-vector of real numbers")
        norm = np.linalg.norm(direction) if direction.shape == (3,) else 0.0
        if not norm > 0 or not np.isfinite(norm):
            raise ValueError(f"B_direction must be a non-zero 3-vector, got {direction.tolist()}")
        B = check_real(B, "B", "a field magnitude in tesla (a real number) along B_direction") * direction / norm
    B = check_reals(B, "B", "a magnetic field in tesla: a 3-vector of real numbers, or None")
    if B.shape != (3,):
        raise ValueError(f"B must be a 3-vector in tesla or None, got shape {B.shape}")
    if not np.all(np.isfinite(B)):
        raise ValueError("B contains NaN or infinity")
    return B


#: Im ε (the smallest eigenvalue of its Hermitian part) may fall below zero by this fraction of
#: max |ε_ab| at that ω: round-off (the named models stay positive, ≥ 3e-15 max |ε_ab|).
PASSIVITY_TOLERANCE = 1e-12


def check_passive(eps: np.ndarray, omega: np.ndarray, name: str) -> None:
    """Raise ValueError unless ε (n_omega, 3, 3) is finite and passive at every ω (rad/s).

    Passive: the loss matrix (ε − ε†)/2i, the Hermitian part of "Im ε", has no negative
    eigenvalue (within :data:`PASSIVITY_TOLERANCE`), so the medium absorbs the power of
    every polarisation. With exp(−iωt) that is Im ε ≥ 0; a table in the exp(+iωt) convention,
    or a negative damping, breaks it, and the transmission would come out as the spectrum of a
    medium with gain: plausible numbers, all wrong. The message names the material and the
    first frequency where it fails.
    """
    finite = np.isfinite(eps).all(axis=(-1, -2))
    if not finite.all():
        k = int(np.flatnonzero(~finite)[0])
        raise ValueError(f"material {name!r} gives a non-finite ε at ω = {omega[k]:.6g} rad/s")
    loss = (eps - np.conj(eps.swapaxes(-1, -2))) / 2j
    diagonal = np.einsum("...ii->...i", loss)
    if np.count_nonzero(loss) == np.count_nonzero(diagonal):  # a diagonal loss matrix: no eigenproblem
        smallest = diagonal.real.min(axis=-1)
    else:
        smallest = np.linalg.eigvalsh(loss)[..., 0]
    bad = np.flatnonzero(smallest < -PASSIVITY_TOLERANCE * np.abs(eps).max(axis=(-1, -2)))
    if bad.size:
        k = int(bad[0])
        raise ValueError(
            f"material {name!r} is not passive: Im ε (the smallest eigenvalue of (ε − ε†)/2i) is {smallest[k]:.4g} < 0 "
            f"at ω = {omega[k]:.6g} rad/s ({bad.size} of {omega.size} frequencies). photodrag uses exp(−iωt), where an "
            "absorbing medium has Im ε ≥ 0: a table written for exp(+iωt) needs its Im ε negated (values.conj()), "
            "and damping rates must be ≥ 0")


def check_rates(name: str, **rates) -> None:
    """Raise ValueError naming the material and parameter of any rate (rad/s) that is negative or not finite."""
    for key, value in rates.items():
        try:
            good = bool(np.isfinite(value) and value >= 0)
        except TypeError:
            good = False
        if not good:
            raise ValueError(f"material {name!r}: {key} must be a finite rate ≥ 0 (rad/s), got {value!r}; a negative "
                             "damping makes Im ε < 0, a medium with gain")


def isotropic(eps: np.ndarray) -> np.ndarray:
    """Promote a scalar permittivity of shape (n,) to the tensor ε·1, shape (n, 3, 3)."""
    return eps[:, None, None] * np.eye(3)


@dataclass(frozen=True, kw_only=True)
class Material(abc.ABC):
    """A dielectric model. Subclasses implement :meth:`_epsilon`.

    Attributes shared by all models: ``name`` (how results refer to it),
    ``valid_range`` (ω_min, ω_max) in rad/s where the model is meant to be used,
    ``reference`` (where its parameters come from), ``volumetric_heat_capacity``
    (J m⁻³ K⁻¹ near 300 K, or None when not known; it sets the default heat capacity
    of a sphere in :func:`photodrag.relax`) and ``heat_capacity_reference``.
    """

    name: str = "custom"
    reference: str = ""
    volumetric_heat_capacity: float | None = None
    heat_capacity_reference: str = ""

    def __post_init__(self):
        for item in fields(self):  # every parameter annotated float is one real number (not text, not complex)
            if item.type in ("float", float):  # the annotation's text, or the type where annotations are evaluated
                check_real(getattr(self, item.name), f"material {self.name!r}: {item.name}", "a real number")
        capacity = self.volumetric_heat_capacity
        if capacity is not None and not (isinstance(capacity, numbers.Real) and np.isfinite(capacity) and capacity > 0):
            raise ValueError(
                f"material {self.name!r}: volumetric_heat_capacity must be a positive number of J m^-3 K^-1 "
                f"or None, got {capacity!r}"
            )

    @property
    def valid_range(self) -> tuple[float, float]:
        """(ω_min, ω_max) in rad/s where the model may be evaluated."""
        return (0.0, np.inf)

    @property
    def magneto_optical(self) -> bool:
        """True when ε depends on the magnetic field."""
        return False

    def epsilon(self, omega, B=None) -> np.ndarray:
        """Relative permittivity tensor.

        Parameters
        ----------
        omega : array_like, shape (n_omega,) or scalar
            Angular frequency in rad/s (> 0).
        B : array_like, shape (3,), or None
            Magnetic field in tesla. Ignored by models that do not depend on it.

        Returns
        -------
        ndarray, complex, shape (n_omega, 3, 3)

        Raises ValueError where ε is not finite or not passive (:func:`check_passive`).
        """
        omega = as_frequencies(omega)
        B = as_field(B)
        eps = self._epsilon(omega, np.zeros(3) if B is None else B)
        check_passive(eps, omega, self.name)
        return eps

    @abc.abstractmethod
    def _epsilon(self, omega: np.ndarray, B: np.ndarray) -> np.ndarray: ...
