"""The multipole order raised per frequency until every transmission channel has converged.

``System(multipole_order="auto", multipole_tol=tol)`` (docs/theory.md, "Exact multipoles").
The exact transmissions are the limit L → ∞ of the truncations at order L
(photodrag.engine.tmatrix). Per frequency, L runs through ORDER_SEQUENCE; at each step only the
frequencies not yet converged are computed again, and a frequency is done when every channel
(every pair 𝒯_{j→i}, i ≠ j, and both bath channels of every particle) changed by at most tol
from the previous order:

    e(ω) = max_c |𝒯_c(L) − 𝒯_c(L_prev)| / max(|𝒯_c(L)|, FLOOR · max_c' |𝒯_c'(L)|).

The result at each frequency is the last order computed, and e(ω) is stored as its error
estimate. The truncation error falls about geometrically in L, so the change from the previous
order estimates that order's error and overstates the last one's: the estimate is conservative.
Channels below FLOOR of the largest at that frequency are held to that absolute level (as the
adaptive frequency grid does with its integrals).
"""

from __future__ import annotations

import time

import numpy as np

from . import tmatrix
from .chunks import DEFAULT_MEMORY_BYTES

class MultipoleConvergenceWarning(UserWarning):
    """multipole_order="auto" stopped at its highest order before every channel reached the tolerance."""


#: The orders tried, in turn (steps of about 15 % beyond L = 8: the cost grows as L⁶).
ORDER_SEQUENCE = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 23, 26, 30, 34, 39, 45, 52, 60)

#: Channels below this fraction of the largest at a frequency are judged absolutely at that level.
FLOOR = 1e-6


def relative_change(new, old) -> np.ndarray:
    """e(ω) of the module docstring for (pair, to_bath, from_bath) tuples at two orders; shape (n,)."""
    n = new[0].shape[0]
    values = np.concatenate([np.abs(part).reshape(n, -1) for part in new], axis=1)
    change = np.concatenate([np.abs(a - b).reshape(n, -1) for a, b in zip(new, old)], axis=1)
    scale = np.maximum(values, FLOOR * values.max(axis=1, keepdims=True))
    return np.max(np.divide(change, scale, out=np.zeros_like(change), where=scale > 0), axis=1)


def converged_transmission(omega, positions, radii, eps_of, tol: float, *, max_order: int = ORDER_SEQUENCE[-1],
                           memory_bytes: int = DEFAULT_MEMORY_BYTES, progress=None):
    """Transmissions with L raised per frequency until every channel changes by at most tol.

    Parameters
    ----------
    omega : (n_omega,) rad/s; positions (N, 3) m; radii (N,) m
    eps_of : callable(omega_part) -> (n_part, N) complex scalar permittivities
    tol : relative tolerance, 0 < tol < 1
    max_order : the highest order tried (the caller bounds it by the memory available)
    memory_bytes : passed to photodrag.engine.tmatrix.transmission
    progress : callable(fraction done, elapsed seconds), called after every order with the fraction
        of frequencies converged, and with 1 at the end

    Returns
    -------
    (pair, to_bath, from_bath), order (n_omega,) int, the order of the values returned,
    error (n_omega,) float, their estimated relative error e(ω), converged (n_omega,) bool.
    Frequencies not converged at max_order keep that order's values and their estimate.
    """
    omega = np.asarray(omega, dtype=float)
    N = np.asarray(radii).size
    n = omega.size
    results = (np.zeros((n, N, N)), np.zeros((n, N)), np.zeros((n, N)))
    order = np.zeros(n, dtype=int)
    error = np.full(n, np.inf)
    converged = np.zeros(n, dtype=bool)
    active = np.arange(n)
    previous = None
    orders = [L for L in ORDER_SEQUENCE if L <= max_order]
    start = time.perf_counter()
    for L in orders:  # orders, not frequencies: each step is one batched call on the frequencies left
        current = tmatrix.transmission(omega[active], positions, radii, eps_of, L, memory_bytes=memory_bytes)
        for stored, value in zip(results, current):
            stored[active] = value
        order[active] = L
        if previous is not None:
            error[active] = relative_change(current, previous)
            done = error[active] <= tol
            converged[active[done]] = True
            keep = ~done
            active = active[keep]
            current = tuple(part[keep] for part in current)
        previous = current
        if active.size == 0:
            break
        if progress is not None:
            progress(converged.mean(), time.perf_counter() - start)
    if progress is not None:
        progress(1.0, time.perf_counter() - start)
    return results, order, error, converged
