"""Particles above a surface: the spectra's channels against the laws they obey and against an
independent calculation.

- one particle: its channels to the surface and to the far field against a quadrature written
  here from the Fresnel coefficients (scipy.integrate.quad; nothing of photodrag.engine), and
  against the near-field closed form 𝒯 → Im α Im[(ε − 1)/(ε + 1)]/(2π d³) at small heights;
- energy balance with the surface channel to 1e-10 (SiC, Au, a lossless film, a magneto-optical
  InSb surface under B), Kirchhoff at B = 0, Onsager under a field, positivity;
- ε → 1: the pairs are the vacuum's, and far field plus surface is the vacuum's bath;
- a thick film is the half-space of its material, a vanishing one no film.
"""

import numpy as np
import pytest
from scipy import constants
from scipy.integrate import quad

import photodrag
from photodrag.materials import Drude, Lorentz

R = 20e-9
SIC_BAND = np.linspace(1.72e14, 1.80e14, 3)          # across SiC's surface-phonon polariton (ε ≈ −1 at 1.78e14)


def _fresnel(eps, k, q):
    """(r_s, r_p) of a half-space at in-plane wavevector q (complex allowed), r_p → +1 for a perfect conductor."""
    kz = np.sqrt(k * k - q * q + 0j)
    kz = np.where(kz.imag < 0, -kz, kz)
    kz2 = np.sqrt(eps * k * k - q * q + 0j)
    kz2 = np.where(kz2.imag < 0, -kz2, kz2)
    return (kz - kz2) / (kz + kz2), (eps * kz - kz2) / (eps * kz + kz2), kz


def _integral(f, k, height, eps):
    """∫0^∞ dq q/kz f(q) split at q = k: θ on the propagating part, κ = √(q² − k²) on the evanescent one,
    which ends where e^{−2κ·height} < e^{−70}, with a break at the surface polariton's κ."""
    def part(g, a, b, points=None):
        re = quad(lambda x: g(x).real, a, b, epsabs=0, epsrel=1e-12, limit=2000, points=points)[0]
        im = quad(lambda x: g(x).imag, a, b, epsabs=0, epsrel=1e-12, limit=2000, points=points)[0]
        return re + 1j * im
    propagating = part(lambda t: k * np.sin(t) * f(k * np.sin(t)), 0, np.pi / 2)
    end = 35 / height
    pole = (np.sqrt(k * k * eps / (eps + 1) - k * k + 0j)).real          # where ε kz + kz2 = 0, quasi-statically
    points = [pole] if 0 < pole < end else None
    evanescent = part(lambda kappa: -1j * f(np.sqrt(k * k + kappa * kappa)), 0, end, points)
    return propagating + evanescent


def independent_channels(eps_particle, eps_surface, omega, radius, height):
    """(𝒯 to surface, 𝒯 to far field) of one isotropic sphere at height `height` above a half-space."""
    k = omega / constants.c
    out = []
    for e_p, e_s, kk in zip(eps_particle, eps_surface, k):
        def G(component):
            def f(q):
                r_s, r_p, kz = _fresnel(e_s, kk, q)
                phase = np.exp(2j * kz * height)
                if component == "xx":
                    return 1j / (8 * np.pi * kk**2) * (kk**2 * r_s - kz**2 * r_p) * phase
                return 1j / (4 * np.pi * kk**2) * q * q * r_p * phase
            return _integral(f, kk, height, e_s)

        def far(component):
            def f(t):
                r_s, r_p, kz = _fresnel(e_s, kk, kk * np.sin(t))
                e = np.exp(2j * kz * height)
                if component == "xx":
                    value = 0.5 * (abs(1 + r_s * e) ** 2 + np.cos(t) ** 2 * abs(r_p * e - 1) ** 2)
                else:
                    value = np.sin(t) ** 2 * abs(1 + r_p * e) ** 2
                return np.sin(t) * value
            return kk / (8 * np.pi) * quad(f, 0, np.pi / 2, epsabs=0, epsrel=1e-12, limit=400)[0]

        inverse_alpha0 = (1 + 3 / (e_p - 1)) / (4 * np.pi * radius**3)
        xi = -inverse_alpha0.imag
        total = 0j
        channels = np.zeros(2)
        for component, weight in (("xx", 2), ("zz", 1)):
            G_R = G(component)
            X = 1 / (inverse_alpha0 - 1j * kk**3 / (6 * np.pi) - kk**2 * G_R)
            A_far = far(component)
            A_surf = kk / (6 * np.pi) + G_R.imag - A_far
            channels += weight * 4 * kk**2 * abs(X) ** 2 * xi * np.array([A_surf, A_far])
        out.append(channels)
    return np.array(out).T


@pytest.mark.parametrize("height", [40e-9, 300e-9, 3e-6])
def test_one_particle_against_an_independent_quadrature(height):
    sic = photodrag.material("SiC")
    omega = np.array([1.70e14, 1.76e14, 1.79e14])
    system = photodrag.System([[0.0, 0.0, height]], R, "SiC", surface=photodrag.Surface("SiC"))
    spectra = photodrag.spectra(system, omega)
    to_surface, to_far = independent_channels(sic.epsilon(omega)[:, 0, 0], sic.epsilon(omega)[:, 0, 0], omega, R,
                                              height)
    np.testing.assert_allclose(spectra["transmission_to_surface"].values[:, 0], to_surface, rtol=1e-7)
    np.testing.assert_allclose(spectra["transmission_to_bath"].values[:, 0], to_far, rtol=1e-7)


def test_near_field_closed_form():
    """At small heights (k√|ε| d ≪ 1, R ≪ d) 𝒯_{p→s} = Im α Im β / (2π d³), β = (ε − 1)/(ε + 1),
    α = 4πR³(ε − 1)/(ε + 2): the quasi-static image (measured: 8 % off at d = 100 nm where |ε| = 36,
    0.6 % at 40 nm, 0.3 % at 20 nm; below that the image dresses the particle, R/d = 0.2)."""
    omega = np.array([1.55e14, 1.65e14, 1.70e14, 1.80e14, 1.85e14])    # ε from −36 to +0.5
    eps = photodrag.material("SiC").epsilon(omega)[:, 0, 0]
    radius = 2e-9
    alpha = 4 * np.pi * radius**3 * (eps - 1) / (eps + 2)
    beta = (eps - 1) / (eps + 1)
    for height, tolerance in ((40e-9, 1e-2), (20e-9, 4e-3)):
        system = photodrag.System([[0.0, 0.0, height]], radius, "SiC", surface=photodrag.Surface("SiC"))
        got = photodrag.spectra(system, omega)["transmission_to_surface"].values[:, 0]
        np.testing.assert_allclose(got, alpha.imag * beta.imag / (2 * np.pi * height**3), rtol=tolerance)


def _cluster(surface, B=None, materials="SiC"):
    positions = [[0, 0, 150e-9], [260e-9, 40e-9, 90e-9], [-120e-9, 230e-9, 300e-9], [80e-9, -200e-9, 60e-9]]
    return photodrag.System(positions, R, materials, B=B, surface=surface)


SURFACES = {
    "SiC": photodrag.Surface("SiC"),
    "Au": photodrag.Surface("Au"),
    "lossless film on Au": photodrag.Surface("Au", films=[(Lorentz(eps_inf=4.0), 200e-9)]),
    "SiC film on Au": photodrag.Surface("Au", films=[("SiC", 40e-9)]),
    "lossless half-space": photodrag.Surface(Lorentz(eps_inf=2.25)),
}


@pytest.mark.parametrize("name", SURFACES)
def test_energy_balance_and_reciprocity(name):
    spectra = photodrag.spectra(_cluster(SURFACES[name]), SIC_BAND)
    assert float(photodrag.energy_balance_residual(spectra).max()) <= 1e-10
    T = spectra["transmission"].values
    assert np.max(np.abs(T - T.transpose(0, 2, 1))) <= 1e-9 * T.max()
    for reservoir in ("bath", "surface"):  # Kirchhoff: each channel gives what it takes
        to, back = (spectra[f"transmission_{way}_{reservoir}"].values for way in ("to", "from"))
        np.testing.assert_allclose(to, back, rtol=1e-9, atol=1e-12 * to.max())
        assert np.all(to >= -1e-12 * to.max())


def test_a_lossless_surface_takes_what_it_transmits():
    """A lossless half-space absorbs nothing, but what enters it propagates away (waves with q < n k,
    including the near field's frustrated part): the surface's channel is positive, and smaller than
    a polar crystal's, which also absorbs its surface polariton's near field."""
    lossless = photodrag.spectra(_cluster(SURFACES["lossless half-space"]), SIC_BAND)
    lossy = photodrag.spectra(_cluster(SURFACES["SiC"]), SIC_BAND)
    assert np.all(lossless["transmission_to_surface"].values > 0)
    assert float(lossy["transmission_to_surface"].sum()) > float(lossless["transmission_to_surface"].sum())


def test_onsager_above_a_magneto_optical_surface():
    surface = photodrag.Surface("InSb")
    omega = np.linspace(1.6e14, 1.9e14, 7)
    plus = photodrag.spectra(_cluster(surface, B=[0, 0, 2.0], materials="InSb"), omega)
    minus = photodrag.spectra(_cluster(surface, B=[0, 0, -2.0], materials="InSb"), omega)
    assert float(photodrag.energy_balance_residual(plus).max()) <= 1e-10
    T_plus, T_minus = plus["transmission"].values, minus["transmission"].values
    np.testing.assert_allclose(T_plus, T_minus.transpose(0, 2, 1), rtol=1e-8, atol=1e-12 * T_plus.max())
    for reservoir in ("bath", "surface"):
        np.testing.assert_allclose(plus[f"transmission_to_{reservoir}"].values,
                                   minus[f"transmission_from_{reservoir}"].values, rtol=1e-8,
                                   atol=1e-12 * plus[f"transmission_to_{reservoir}"].values.max())
    assert np.max(np.abs(T_plus - T_plus.transpose(0, 2, 1))) > 1e-4 * T_plus.max()   # and it is non-reciprocal


def test_a_surface_of_vacuum_changes_nothing():
    """ε → 1: the pairs are the vacuum's, and far field plus surface (the lower half-space) is the vacuum's bath.

    One particle then radiates half up, half down, but not uniformly in ε − 1 = δ: at grazing
    incidence (cos θ ≲ √|δ|) any interface reflects totally, so the split differs from 1/2 by O(√|δ|)
    (measured 1.2e-5 at δ = −3e-11, 2.5e-5 at δ = 1e-9).
    """
    air = photodrag.Surface(Drude(omega_p=1e9, gamma=1e12))           # ε − 1 ≈ −3e-11
    above = photodrag.spectra(_cluster(air), SIC_BAND)
    vacuum = photodrag.spectra(_cluster(None), SIC_BAND)
    np.testing.assert_allclose(above["transmission"].values, vacuum["transmission"].values, rtol=1e-7, atol=0)
    for way in ("to", "from"):
        total = above[f"transmission_{way}_bath"].values + above[f"transmission_{way}_surface"].values
        np.testing.assert_allclose(total, vacuum[f"transmission_{way}_bath"].values, rtol=1e-7)
    one = photodrag.spectra(photodrag.System([[0, 0, 100e-9]], R, "SiC", surface=air), SIC_BAND)
    delta = np.abs(air.material.epsilon(SIC_BAND)[:, 0, 0] - 1).max()
    np.testing.assert_allclose(one["transmission_to_surface"].values, one["transmission_to_bath"].values,
                               rtol=10 * np.sqrt(delta))


def test_films_thick_and_thin():
    """A film of thickness → ∞ is the half-space of its material; → 0, no film. (Not for every pair of
    layers alike: a film perturbs p waves by about q t ε_f and q t ε_s²/ε_f, which vanish only for
    t ≪ 1/(q |ε_f|) and t ≪ |ε_f|/(q ε_s²): here a gold film (|ε_f| ≈ 5e3) of 1e-18 m on SiC.)"""
    bare = photodrag.spectra(_cluster(photodrag.Surface("SiC")), SIC_BAND)
    thin = photodrag.spectra(_cluster(photodrag.Surface("SiC", films=[("Au", 1e-18)])), SIC_BAND)
    half = photodrag.spectra(_cluster(photodrag.Surface("SiC")), SIC_BAND)
    thick = photodrag.spectra(_cluster(photodrag.Surface("Au", films=[("SiC", 20e-6)])), SIC_BAND)
    for name in ("transmission", "transmission_to_surface", "transmission_to_bath"):
        np.testing.assert_allclose(thin[name].values, bare[name].values, rtol=1e-5, atol=1e-9 * bare[name].max().item())
        np.testing.assert_allclose(thick[name].values, half[name].values, rtol=1e-6, atol=1e-12 * half[name].max().item())


def test_the_surface_amplifies_the_exchange_between_particles():
    """Two SiC spheres (R = 50 nm) 100 nm above SiC: the surface phonon polariton carries heat between
    them, and the more so the farther apart they are (measured at 300 K: 2.5× at 0.5 µm, 5× at 1 µm,
    23× at 2 µm, 75× at 4 µm), where the free field's near field has died out."""
    omega = np.linspace(1.45e14, 1.90e14, 181)

    def amplification(distance):
        pair = photodrag.System([[0, 0, 100e-9], [distance, 0, 100e-9]], 50e-9, "SiC")
        G = [float(photodrag.conductance(photodrag.spectra(system, omega), 300.0)[0, 1])
             for system in (pair, pair.with_surface(photodrag.Surface("SiC")))]
        return G[1] / G[0]

    near, far = amplification(1e-6), amplification(4e-6)
    assert far > 30 and far > 5 * near > 5


def test_what_a_surface_refuses():
    with pytest.raises(ValueError, match=r"entirely above it \(z − R > 0\); 1 do not: 1 \(z = 1e-08 m, R = 2e-08 m\)"):
        photodrag.System([[0, 0, 100e-9], [0, 300e-9, 10e-9]], R, "SiC", surface=photodrag.Surface("SiC"))
    with pytest.raises(ValueError, match="electric dipole model only"):
        photodrag.System([[0, 0, 100e-9]], R, "Au", dipoles="electric+magnetic", polarizability="mie",
                         surface=photodrag.Surface("SiC"))
    with pytest.raises(ValueError, match="takes B along ±z only"):
        photodrag.System([[0, 0, 100e-9]], R, "SiC", B=[1.0, 0, 0], surface=photodrag.Surface("InSb"))
    with pytest.raises(ValueError, match="must be a photodrag.Surface"):
        photodrag.System([[0, 0, 100e-9]], R, "SiC", surface="SiC")
    with pytest.warns(photodrag.DipoleValidityWarning, match="closer to the surface than 1.5 radii"):
        photodrag.System([[0, 0, 25e-9]], R, "SiC", surface=photodrag.Surface("SiC"))
    with pytest.raises(ValueError, match="keep the surface"):
        _cluster(SURFACES["SiC"]).rotated(np.array([[1, 0, 0], [0, 0, -1], [0, 1, 0]]))


def test_vacuum_spectra_have_no_surface_channel():
    spectra = photodrag.spectra(_cluster(None), SIC_BAND[:3])
    assert "transmission_to_surface" not in spectra and "surface" not in spectra.attrs


def test_adaptive_grid_converges_the_surface_channel():
    system = photodrag.System([[0, 0, 100e-9], [400e-9, 0, 150e-9]], R, "SiC", surface=photodrag.Surface("SiC"))
    grid = photodrag.adaptive_spectra(system, T_range=(300.0, 300.0), tol=1e-3, omega_range=(1.6e14, 1.9e14))
    estimate = grid["surface_conductance_error_estimate"]
    assert list(estimate["surface_channel"].values) == ["to_surface", "from_surface"]
    to_surface, _ = photodrag.surface_conductance(grid, 300.0)
    assert float(estimate.sel(surface_channel="to_surface").max()) <= 1e-3 * float(to_surface.max())
    assert grid.attrs["grid_converged"] == 1
