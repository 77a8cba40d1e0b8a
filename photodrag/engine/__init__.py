"""The physics engine: many-body transmission spectra of fluctuating dipoles and multipoles, on plain arrays.

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
``mie_orders``          Mie coefficients a_l, b_l of every order, scaled for the multipole problem
``spherical_waves``     vector spherical waves: 3j symbols, translation coefficients, rotations
``tmatrix``             N spheres with multipoles to order L on the kernel's trace formulas
``order_convergence``   the order raised per frequency until every channel converges ("auto")
``reflection``          reflection matrices of planar stacks, isotropic or magneto-optical (B ∥ z)
``sommerfeld``          quadrature rules and Bessel sums of the reflected Green tensor's integrals
``tabulation``          error-checked tables of those integrals over (ρ, z + z')
``reflected``           G_R for point pairs and as the 3N×3N matrix, diagonal included
``hemisphere``          the propagating plane waves above a surface in closed Bessel form (rows, factors)
``surface_channels``    far-field factors and surface kernels: where dissipation goes above a surface
``surface_kernel``      the kernel above a surface: every pair, the far field and the surface per ω
======================  ===========================================================================

photodrag.spectra (one level up) wraps the kernel into an xarray Dataset with units;
photodrag.Surface (one level up) builds the reflection engine's inputs from named materials.
"""
