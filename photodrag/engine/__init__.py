"""The physics engine: many-body transmission spectra of fluctuating dipoles, on plain arrays.

No xarray and no config here: arrays in SI units, frequency axis first, tensor axes last
(docs/theory.md). The modules, from the bottom up:

======================  ===========================================================================
``green``               the free-space Green tensors G0, Im G0 and the electric–magnetic G_EM
``polarizability``      the quasi-static (Clausius–Mossotti) α with the radiative correction, ξ, χ
``mie``                 dipolar Mie coefficients a1, b1 and the polarizabilities they give
``dipoles``             which dipoles each particle carries, and which polarizability describes them
``lapack``              the dense complex inverse in place (getrf + getri from numpy's OpenBLAS)
``interaction``         S = Λ − k²G and ImG of electric dipoles, and the low-rank factor of ImG
``coupling``            the same for coupled electric and magnetic dipoles (6N×6N)
``chunks``              how many frequencies a chunk holds, the memory planned, the loop over chunks
``kernel``              one inverse per ω, then every pair and both bath channels
``multipole``           the kernel for Mie polarizabilities and magnetic dipoles
``reflection``          reflection matrices of planar stacks, isotropic or magneto-optical (B ∥ z)
``sommerfeld``          quadrature rules and Bessel sums of the reflected Green tensor's integrals
``tabulation``          error-checked tables of those integrals over (ρ, z + z')
``reflected``           G_R for point pairs and as the 3N×3N matrix, diagonal included
``surface_channels``    far-field factors and surface kernels: where dissipation goes above a surface
======================  ===========================================================================

photodrag.spectra (one level up) wraps the kernel into an xarray Dataset with units;
photodrag.Surface (one level up) builds the reflection engine's inputs from named materials.
"""
