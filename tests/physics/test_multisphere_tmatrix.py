"""Multiple scattering between spheres, exactly: photodrag's multipole spectra against an independent
T-matrix calculation built on treams (its Mie T-matrices, its translation coefficients, its basis),
per particle and in total, with gaps down to 2 nm, and the two-sphere conductance against Krüger,
Bimonte, Emig & Kardar's formula (PRB 86, 115423 (2012)) written out here.

In treams' basis (outgoing power ∝ |c|², T the sphere's T-matrix, C the outgoing→regular translations
between the spheres, J the regular→regular ones), a source s_j at sphere j leaves the outgoing
amplitudes c = (1 − TC)⁻¹ s and the incident field C c on the others. The fluctuations of j have
⟨s s†⟩ ∝ χ_j = −(T_j + T_j†)/2 − T_j T_j†, sphere i absorbs a†[−(T_i + T_i†)/2 − T_i† T_i] a, the set
radiates c† J c, and the vacuum's incident field has correlations ∝ J. With photodrag's
normalisation (𝒯 = 4 Tr χ for one sphere alone, docs/theory.md):

    𝒯_{j→i} = 4 Tr[M_ij χ_j M_ij† χ̃_i],            M = C (1 − TC)⁻¹,
    𝒯_{j→b} = 4 Tr[((1 − TC)⁻¹)_{:,j}† J ((1 − TC)⁻¹)_{:,j} χ_j],
    𝒯_{b→i} = 4 Tr[((1 − CT)⁻¹)_{i,:} J ((1 − CT)⁻¹)_{i,:}† χ̃_i].
"""

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.planck import dtheta_dT

treams = pytest.importorskip("treams", reason="treams (optional test dependency) is not installed")

R = 100e-9


def treams_cluster(k0, positions, radii, eps, order):
    """(T, C, J, sphere index of every mode) of a cluster, treams' parity basis."""
    spheres = [treams.TMatrix.sphere(order, k0, radius, [treams.Material(e), treams.Material()], poltype="parity")
               for radius, e in zip(radii, eps)]
    cluster = treams.TMatrix.cluster(spheres, positions)
    T = np.asarray(cluster)
    C = np.linalg.solve(T, np.eye(len(T)) - np.asarray(cluster.interaction()))   # interaction() = 1 − T C
    J = np.asarray(treams.expand(cluster.basis, "regular", k0=k0, poltype="parity"))
    return T, C, J, cluster.basis.pidx


def treams_transmission(omega, positions, radii, materials, order):
    """(pair [ω, emitter, absorber], to_bath, from_bath) from the formulas of the module docstring."""
    N = len(radii)
    eps = np.stack([photodrag.material(m).epsilon(omega)[:, 0, 0] for m in materials], axis=1)
    pair, to_bath, from_bath = np.zeros((omega.size, N, N)), np.zeros((omega.size, N)), np.zeros((omega.size, N))
    for w in range(omega.size):  # the reference, a literal loop
        T, C, J, sphere = treams_cluster(omega[w] / constants.c, positions, radii, eps[w], order)
        identity = np.eye(len(T))
        emitting = -(T + T.conj().T) / 2 - T @ T.conj().T
        absorbing = -(T + T.conj().T) / 2 - T.conj().T @ T
        outgoing = np.linalg.inv(identity - T @ C)
        incident = C @ outgoing
        dressed = np.linalg.inv(identity - C @ T)
        for i in range(N):
            at_i = sphere == i
            for j in range(N):
                if i != j:
                    block = incident[np.ix_(at_i, sphere == j)]
                    chi_j = emitting[np.ix_(sphere == j, sphere == j)]
                    pair[w, j, i] = 4 * np.trace(block @ chi_j @ block.conj().T @ absorbing[np.ix_(at_i, at_i)]).real
            column, row = outgoing[:, at_i], dressed[at_i, :]
            to_bath[w, i] = 4 * np.trace(column.conj().T @ J @ column @ emitting[np.ix_(at_i, at_i)]).real
            from_bath[w, i] = 4 * np.trace(row @ J @ row.conj().T @ absorbing[np.ix_(at_i, at_i)]).real
    return pair, to_bath, from_bath


CASES = {
    "SiC-SiC-gap-5nm": ([[0, 0, 0], [2 * R + 5e-9, 0, 0]], [R, R], ["SiC", "SiC"], 4),
    "SiC-Au-gap-2nm-oblique": ([[0, 0, 0], [0.6 * (2 * R + 2e-9), 0, 0.8 * (2 * R + 2e-9)]], [R, R], ["SiC", "Au"], 5),
    "Au-SiC-Au-unequal": ([[0, 0, 0], [1.9 * R + 2e-8, 0, 0], [0.5 * R, 1.9 * R + 3e-8, 0.4 * R]],
                          [R, 0.9 * R, 0.8 * R], ["Au", "SiC", "Au"], 4),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_against_treams_per_particle_and_in_total(case):
    positions, radii, materials, order = CASES[case]
    omega = np.array([1.62e14, 1.78e14])      # off and near the coupled Fröhlich modes
    system = photodrag.System(positions, radii, materials, multipole_order=order)
    spec = photodrag.spectra(system, omega)
    mine = (spec["transmission"].values, spec["transmission_to_bath"].values, spec["transmission_from_bath"].values)
    reference = treams_transmission(omega, np.array(positions), np.array(radii), materials, order)
    for value, expected in zip(mine, reference):
        np.testing.assert_allclose(value, expected, rtol=1e-9, atol=1e-12 * expected.max())
    emitted = lambda pair, to_bath: pair.sum(axis=2) + to_bath                    # everything j gives, per ω
    np.testing.assert_allclose(emitted(mine[0], mine[1]), emitted(reference[0], reference[1]), rtol=1e-9)
    np.testing.assert_allclose(mine[0].sum(axis=(1, 2)), reference[0].sum(axis=(1, 2)), rtol=1e-9)


def kruger_transmission(k0, positions, radii, eps, order):
    """Krüger et al.'s two-body formula, 𝒯_{1→2} = 4 Tr[χ̃_2 U_21 W χ_1 W† U_21†], W = (1 − T_1 U_12 T_2 U_21)⁻¹,
    with each sphere's own T-matrix and the two translations between them (no N-body matrix)."""
    T, C, _, sphere = treams_cluster(k0, positions, radii, eps, order)
    one, two = sphere == 0, sphere == 1
    T1, T2 = T[np.ix_(one, one)], T[np.ix_(two, two)]
    U12, U21 = C[np.ix_(one, two)], C[np.ix_(two, one)]
    chi1 = -(T1 + T1.conj().T) / 2 - T1 @ T1.conj().T
    chi2 = -(T2 + T2.conj().T) / 2 - T2.conj().T @ T2
    W = np.linalg.inv(np.eye(len(T1)) - T1 @ U12 @ T2 @ U21)
    return 4 * np.trace(chi2 @ U21 @ W @ chi1 @ W.conj().T @ U21.conj().T).real


def test_two_sphere_conductance_against_krueger():
    """SiC and gold, R = 100 nm, gap 10 nm, L = 4: the spectra on a band grid and the 300 K conductance
    integrated from them (the trapezoid rule, as photodrag.conductance), to 1e-9."""
    positions, radii, materials, order = np.array([[0, 0, 0], [0, 0, 2 * R + 1e-8]]), [R, R], ["SiC", "Au"], 4
    omega = np.linspace(1.45e14, 1.95e14, 11)
    eps = np.stack([photodrag.material(m).epsilon(omega)[:, 0, 0] for m in materials], axis=1)
    kruger = np.array([kruger_transmission(w / constants.c, positions, radii, eps[i], order) for i, w in enumerate(omega)])
    spec = photodrag.spectra(photodrag.System(positions, radii, materials, multipole_order=order), omega)
    np.testing.assert_allclose(spec["transmission"].sel(emitter=0, absorber=1).values, kruger, rtol=1e-9)
    conductance = np.trapezoid(dtheta_dT(omega, 300.0) * kruger, omega) / (2 * np.pi)
    np.testing.assert_allclose(float(photodrag.conductance(spec, 300.0).sel(emitter=0, absorber=1)), conductance, rtol=1e-9)
