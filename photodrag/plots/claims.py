"""The paper's claims, checked against the data, for the figures whose config asks (``style.claim``).

Ben-Abdallah, "Thermal photon drag in many-body systems" (arXiv:1904.10563, 2019). Each
claim returns a statement of what the paper says and, per curve, whether the data bear it
out. They apply to the paper's systems; on another study a claim is still computed, but it
is the config's choice to ask for it.
"""

from __future__ import annotations

import numpy as np

from . import facts

#: Drag claims: (what the paper says, test of (x, R_D, ΔT_p) along the swept distance).
DRAG_CLAIMS = {
    "positive_decreasing": ("paper (Fig. 2a): R_D > 0, decaying monotonically with the separation",
                            lambda x, rd, dt: bool(np.all(rd > 0) and np.all(np.diff(rd) < 0))),
    "sign_change": ("paper (Fig. 2b): R_D, \u0394T_p < 0 beyond the near field (positive in it)",
                    lambda x, rd, dt: bool(dt[0] > 0 and np.any(dt < 0) and np.all(rd * dt > 0))),
}

#: Claims of the other figures (checked by the functions below).
OTHER_CLAIMS = {
    "conductance_order": "paper (Fig. 3): the drag's sign follows the diagonal against the facing conductances "
                         "(eq. 12: T_2 \u2212 T_3 has the sign of G_02\u00b7G_13 \u2212 G_03\u00b7G_12, 0-based)",
    "broadening": "paper (Fig. 4): the supercurrent spectrum is broader for closer rings and for stronger fields",
}

#: Every claim a figure may ask for (the schema's enum is checked against it).
CLAIMS = (*DRAG_CLAIMS, *OTHER_CLAIMS)


def drag(claim: str, x, rd, dt) -> tuple[str, str]:
    """(statement, verdict) of a drag claim for one curve."""
    statement, test = DRAG_CLAIMS[claim]
    return statement, "reproduces the paper" if test(x, rd, dt) else "does not reproduce the paper"


def conductance_order(G: np.ndarray, x: np.ndarray, dim: str, units: str) -> list[str]:
    """For two dimers (drive 0, 1; passive 2 facing 0, 3 facing 1): the sign of eq. 12 along the sweep.

    ``G`` (sweep, emitter, absorber) in W/K.
    """
    if G.shape[-1] != 4:
        return ["The eq. 12 check needs two dimers (4 particles); this system has "
                f"{G.shape[-1]}."]
    product = G[:, 0, 2] * G[:, 1, 3] - G[:, 0, 3] * G[:, 1, 2]
    return [OTHER_CLAIMS["conductance_order"] + ".",
            "From the data: G_02\u00b7G_13 \u2212 G_03\u00b7G_12: " + facts.describe_sign("it", dim, x, product, units) + "."]


def broadening(spans: dict[str, tuple[float, float]]) -> list[str]:
    """The paper's Fig. 4 claim, with the widths found (label -> (λ_lo, λ_hi) µm), in one note."""
    widths = "; ".join(f"{hi - lo:.3g} \u00b5m at {label}" for label, (lo, hi) in spans.items())
    return [OTHER_CLAIMS["broadening"] + f"; widths above 5 % of each |peak|: {widths}."]
