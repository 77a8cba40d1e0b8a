"""The G7/K15 Gauss–Kronrod rule on panels of the ω axis (QUADPACK qk15 constants).

The 7 Gauss nodes are a subset of the 15 Kronrod nodes: the grid stores the Gauss rule and
uses the Kronrod one only to estimate the Gauss rule's error (photodrag.grid.adaptive).
References: Piessens et al., QUADPACK (1983), qk15.
"""

from __future__ import annotations

import numpy as np

from ..checks import check_increasing, check_reals

# 15-point Kronrod abscissae on [-1, 1] (positive half, descending; the Gauss-7 nodes are
# every other one, starting from the second) and weights; QUADPACK qk15.
_XGK = np.array([
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.0,
])
_WGK = np.array([
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
])
_WG = np.array([
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
])

#: Reference nodes (15,), Kronrod weights (15,) and Gauss weights (15,, zero off the Gauss nodes) on [-1, 1].
NODES = np.concatenate([-_XGK[:-1], _XGK[::-1]])
KRONROD_WEIGHTS = np.concatenate([_WGK[:-1], _WGK[::-1]])
GAUSS_WEIGHTS = np.zeros(15)
GAUSS_WEIGHTS[1::2] = np.concatenate([_WG[:-1], _WG[::-1]])
#: Positions of the 7 Gauss nodes among the 15.
GAUSS_INDEX = np.arange(1, 15, 2)


def gauss_kronrod_panels(edges) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nodes and weights of the G7/K15 rule on each panel [edges[p], edges[p+1]].

    Returns (nodes, kronrod, gauss), each (n_panels, 15): ω in rad/s and weights in rad/s;
    ``gauss`` is zero at the 8 Kronrod-only nodes.
    """
    edges = check_reals(edges, "panel edges", "angular frequencies in rad/s (real numbers)")
    check_increasing(edges, "panel edges", "sort them first (np.unique(edges))")
    centre = (edges[1:] + edges[:-1]) / 2
    half = (edges[1:] - edges[:-1]) / 2
    nodes = centre[:, None] + half[:, None] * NODES
    return nodes, half[:, None] * KRONROD_WEIGHTS, half[:, None] * GAUSS_WEIGHTS
