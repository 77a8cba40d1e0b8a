"""photodrag.Surface and photodrag.surface_green: construction, validation, the field's direction,
and the public reflection against the engine and the Fresnel coefficients."""

import dataclasses

import numpy as np
import pytest
from scipy import constants

import photodrag
from photodrag.engine import reflected
from photodrag.materials import Drude


def test_public_names():
    assert {"Surface", "surface_green"} <= set(photodrag.__all__)
    surface = photodrag.Surface("Au", films=[("SiC", 50e-9)])
    assert surface.material is photodrag.material("Au")
    assert surface.films == ((photodrag.material("SiC"), 50e-9),)
    assert surface.name == "50 nm SiC on Au"
    assert surface == photodrag.Surface(photodrag.material("Au"), [(photodrag.material("SiC"), 5e-8)])
    assert hash(surface) == hash(photodrag.Surface("Au", films=(("SiC", 5e-8),)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        surface.films = ()
    custom = photodrag.Surface(Drude(name="metal", omega_p=1e16, gamma=1e13))
    assert custom.name == "metal" and custom.films == ()


@pytest.mark.parametrize("arguments, message", [
    (("Gold",), "surface material: unknown material 'Gold'"),
    (("Au", [("SiCC", 1e-8)]), "film 0: unknown material 'SiCC'"),
    (("Au", [("SiC", 1e-8), ("Au", 0.0)]), r"film 1 \(Au\): thickness must be finite and > 0"),
    (("Au", [("SiC", -5e-9)]), r"film 0 \(SiC\): thickness must be finite and > 0"),
    (("Au", [("SiC", float("nan"))]), "thickness must be finite"),
    (("Au", [("SiC", float("inf"))]), "thickness must be finite"),
    (("Au", [("SiC", "50 nm")]), "thickness must be a number of m"),
    (("Au", [("SiC", True)]), "thickness must be a number of m"),
    (("Au", [("SiC", 50)]), "thicknesses are in metres"),
    (("Au", [("SiC",)]), "film 0 must be a pair"),
    (("Au", "SiC"), "films must be a sequence"),
    (("Au", 3), "films must be a sequence"),
])
def test_refuses_bad_structures(arguments, message):
    with pytest.raises(ValueError, match=message):
        photodrag.Surface(*arguments)


def test_field_must_be_normal_on_a_magneto_optical_surface():
    omega = [1.2e14]
    insb = photodrag.Surface("InSb")
    assert insb.reflection(omega, [1e6], B=(0, 0, -2.0)).shape == (1, 1, 2, 2)
    with pytest.raises(ValueError, match=r"InSb takes B along ±z only .* got B = \(1.0, 0.0, 1.0\) T"):
        insb.reflection(omega, [1e6], B=(1.0, 0.0, 1.0))
    with pytest.raises(ValueError, match=r"film 0 \(InSb\) is magneto-optical"):
        photodrag.Surface("Au", [("InSb", 1e-7)]).reflection(omega, [1e6], B=(0, 0, 1.0))
    photodrag.Surface("Au", [("InSb", 1e-7)]).reflection(omega, [1e6], B=None)   # isotropic at B = 0
    sic = photodrag.Surface("SiC")                                                  # a field it ignores
    np.testing.assert_array_equal(sic.reflection(omega, [1e6], B=(3.0, 1.0, 0)), sic.reflection(omega, [1e6]))


def test_reflection_is_fresnel_of_the_half_space():
    omega = np.array([1.7e14, 1.75e14])
    q = np.array([0.0, 2e5, 5e5, 3e6, 1e8])
    R = photodrag.Surface("SiC").reflection(omega, q)
    assert R.shape == (2, 5, 2, 2)
    eps = photodrag.material("SiC").epsilon(omega)[:, 0, 0][:, None]
    k = (omega / constants.c)[:, None]
    kz = np.sqrt(k**2 - q**2 + 0j)
    kz1 = np.sqrt(eps * k**2 - q**2)
    kz1 = np.where(kz1.imag < 0, -kz1, kz1)
    np.testing.assert_allclose(R[..., 1, 1], (eps * kz - kz1) / (eps * kz + kz1), rtol=1e-12)
    np.testing.assert_allclose(R[..., 0, 0], (kz - kz1) / (kz + kz1), rtol=1e-9, atol=1e-15)
    with pytest.raises(ValueError, match="k_parallel"):
        photodrag.Surface("SiC").reflection(omega, [-1.0])


def test_surface_green_shapes_and_refusals():
    surface = photodrag.Surface("Au", films=[("SiC", 50e-9)])
    omega = np.array([1.6e14, 1.7e14, 1.8e14])
    r, source = np.array([1e-7, 2e-7, 3e-7]), np.array([0.0, 0.0, 1e-7])
    G = photodrag.surface_green(surface, omega, r, source)
    assert G.shape == (3, 3, 3) and G.dtype == complex
    engine = reflected.reflected_green(surface.reflector(omega), r[None], source[None])[:, 0]
    np.testing.assert_array_equal(G, engine)
    several = photodrag.surface_green(surface, omega, np.stack([r, r]), source)
    assert several.shape == (3, 2, 3, 3)
    np.testing.assert_allclose(several[:, 1], G, rtol=1e-13)
    assert photodrag.surface_green(surface, 1.7e14, r, source).shape == (1, 3, 3)
    with pytest.raises(ValueError, match=r"point r_source lies at z = 0 m ≤ 0"):
        photodrag.surface_green(surface, omega, r, [0, 0, 0])
    with pytest.raises(ValueError, match=r"point r lies at z = -1e-07 m ≤ 0"):
        photodrag.surface_green(surface, omega, [0, 0, -1e-7], source)
    with pytest.raises(ValueError, match="omega must be positive"):
        photodrag.surface_green(surface, [-1.0], r, source)
    with pytest.raises(ValueError, match="must be a photodrag.Surface"):
        photodrag.surface_green("SiC", omega, r, source)
