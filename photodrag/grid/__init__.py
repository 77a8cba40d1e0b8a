"""Adaptive frequency grids with an error estimate for the spectral integrals.

The thermal quantities a study needs are integrals over ω of the spectra,

    G_{j→i}(T)   = ∫ dω/2π ∂Θ/∂T(ω, T) 𝒯_{j→i}(ω)                (conductances, W/K)
    G_{j→b}(T), G_{b→i}(T): the same with the bath channels        (bath conductances, W/K)
    φ_{i→j}(T)   = ∫ dω/2π Θ(ω, T) [𝒯_{i→j}(ω) − 𝒯_{j→i}(ω)]      (supercurrents, W; B ≠ 0 only)

(docs/theory.md; 𝒯 indexed [emitter, absorber]). Their integrands have peaks 0.5 % wide
(SiC's Fröhlich mode, width ≈ γ), split further by the coupling between particles, on a
range that spans decades. :func:`adaptive_spectra` builds the grid for them:

1. **Range.** [ω_lo, ω_hi] = [10⁻³ k_B T_min/ħ, 40 k_B T_max/ħ] (clipped to the materials'
   valid ranges): outside it ∂Θ/∂T and the transmissions leave less than 1e-10 of the
   integrals, far below any tolerance worth asking for (checked in the tests).
2. **Seeds.** The resonances of every distinct single particle (material, radius, B) are
   found numerically on a fine logarithmic scan, as the peaks of Tr χ (the absorbing
   part of the polarizability: Fröhlich and magneto-optically split modes, which move
   with |B|), of Tr Im ε (transverse poles, ω_T) and of Tr Im(−ε⁻¹) (longitudinal
   modes, ω_L), each with its half-height width w. Panel edges are placed at the peak
   ± w·(1, 3, 8, 20, 40), so that a mode shifted by the coupling to a few
   tens of widths away still falls on a panel narrow enough to see it; elsewhere panels
   are logarithmic, ``panels_per_decade`` per decade.
3. **Refinement.** Every panel carries the 15-point Gauss–Kronrod rule, whose 7 Gauss
   nodes are a subset of it. The grid keeps the **7-point Gauss rule** on every panel; the
   Kronrod result (exact for polynomials of degree 22 against the Gauss rule's 13) serves
   only to estimate the Gauss rule's error, which is then an estimate of the error of the
   rule actually stored, not an upper bound of unknown slack. While some quantity q has
   Σ_panels |K_pq − G_pq| > tol · scale_q, the panels whose |K_pq − G_pq| exceeds their
   share of the budget are bisected, and all new nodes are evaluated in one batched call
   of :func:`photodrag.spectra` per round.
4. **Result.** The spectra at the Gauss nodes with ``quadrature_weight`` set to the Gauss
   weights (so :func:`photodrag.conductance` integrates with exactly this rule) and the
   error estimates |Σ_p (K_p − G_p)| of every controlled quantity at the control
   temperatures.

Also controlled: the powers P_{i→j}(T) = ∫ dω/2π Θ(ω, T) 𝒯_{i→j} (for the exact, nonlinear
steady state). Relative error: scale_q = max(|Q_q|, floor · max |Q| of its family) (a family is
one kind of quantity at one temperature; for supercurrents the powers count too, as φ is
their difference), so that quantities smaller than ``floor`` (default 1e-6) times the largest
of their kind, vanishing supercurrents included, are held to an absolute error of
tol · floor · max instead of a relative one that no grid could meet.

Cost: each panel costs 15 evaluations of the spectra, of which 7 are kept; the refinement
decides from 𝒯 at all 15. The quantities are held per panel in memory
(panels × temperatures × 2N² floats), so this is meant for the few-particle systems of a
study, not for N = 1000.

References: Gauss–Kronrod G7/K15 constants from QUADPACK (Piessens et al., 1983), qk15.
"""

from .adaptive import ADAPTIVE_DEFAULTS, GridConvergenceWarning, adaptive_spectra, refined_reference
from .quantities import integrals, relative_error
from .rules import GAUSS_INDEX, GAUSS_WEIGHTS, KRONROD_WEIGHTS, NODES, gauss_kronrod_panels
from .seeds import (PANELS_PER_DECADE, RESONANCE_OFFSETS, X_HIGH, X_LOW, default_omega_range, resonances,
                    seed_edges)

__all__ = [
    "adaptive_spectra", "ADAPTIVE_DEFAULTS", "GridConvergenceWarning", "refined_reference", "integrals",
    "relative_error",
    "gauss_kronrod_panels", "default_omega_range", "resonances", "seed_edges",
    "NODES", "KRONROD_WEIGHTS", "GAUSS_WEIGHTS", "GAUSS_INDEX", "RESONANCE_OFFSETS", "X_LOW", "X_HIGH",
    "PANELS_PER_DECADE",
]
