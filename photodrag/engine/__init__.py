"""The physics engine: many-body transmission spectra of fluctuating dipoles and multipoles, on plain arrays.

No xarray and no config here: arrays in SI units, frequency axis first, tensor axes last
(docs/theory.md). The modules, from the bottom up:

=====================  ===========================================================================
``green``              the free-space Green tensors G0, Im G0 and the electric–magnetic G_EM
``polarizability``     the quasi-static (Clausius–Mossotti) α with the radiative correction, ξ, χ
``mie``                dipolar Mie coefficients a1, b1 and the polarizabilities they give
``dipoles``            which dipoles each particle carries, and which polarizability describes them
``lapack``             the dense complex inverse in place (getrf + getri from numpy's OpenBLAS)
``interaction``        S = Λ − k²G and ImG of electric dipoles, and the low-rank factor of ImG
``coupling``           the same for coupled electric and magnetic dipoles (6N×6N)
``chunks``             how many frequencies a chunk holds, the memory planned, the loop over chunks
``kernel``             one inverse per ω, then every pair and both bath channels
``multipole``          the kernel for Mie polarizabilities and magnetic dipoles
``mie_orders``         Mie coefficients a_l, b_l of every order, scaled for the multipole problem
``spherical_waves``    vector spherical waves: 3j symbols, translation coefficients, rotations
``tmatrix``            N spheres with multipoles to order L on the kernel's trace formulas
``order_convergence``  the order raised per frequency until every channel converges ("auto")
=====================  ===========================================================================

photodrag.spectra (one level up) wraps the kernel into an xarray Dataset with units.
"""
