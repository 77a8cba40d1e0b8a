"""Geometry builders: positions, numbering, distances (all centre-to-centre), materials, CSV."""

import numpy as np
import pytest

import photodrag
from photodrag import geometry

R = 100e-9


def distance(system, i, j):
    return float(np.linalg.norm(system.positions[i] - system.positions[j]))


def test_dimers_layout_and_crossed_materials():
    system = geometry.dimers(d=4 * R, h=8 * R, radius=R, materials=geometry.CROSSED_SIC_AU)
    assert [m.name for m in system.materials] == ["SiC", "Au", "Au", "SiC"]
    assert distance(system, 0, 1) == pytest.approx(4 * R)  # drive dimer
    assert distance(system, 2, 3) == pytest.approx(4 * R)  # passive dimer
    assert distance(system, 0, 2) == pytest.approx(8 * R)  # 3 faces 1
    assert distance(system, 1, 3) == pytest.approx(8 * R)  # 4 faces 2
    assert distance(system, 0, 3) == pytest.approx(np.hypot(4, 8) * R)  # the SiC diagonal
    np.testing.assert_array_equal(system.radii, R)
    assert system.B is None


def test_two_rows_numbering():
    n, d, h = 5, 3.5 * R, 6 * R
    system = geometry.two_rows(n, d, h, R, "SiC", B=(0, 0, 1.0))
    assert system.n_particles == 2 * n
    for k in range(n):
        np.testing.assert_allclose(system.positions[k], [k * d, 0, 0])
        np.testing.assert_allclose(system.positions[n + k], [k * d, 0, h])
    np.testing.assert_array_equal(system.B, [0, 0, 1.0])


def test_two_rows_material_count_checked():
    with pytest.raises(ValueError, match="materials"):
        geometry.two_rows(3, 4 * R, 4 * R, R, ["SiC"] * 5)


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_ring_neighbour_distance(n):
    system = geometry.coaxial_rings(1, n, R, "InSb", h=3 * R, neighbour_distance=3.5 * R)
    for p in range(n):
        assert distance(system, p, (p + 1) % n) == pytest.approx(3.5 * R, rel=1e-12)
    np.testing.assert_allclose(np.hypot(*system.positions[:, :2].T), 3.5 * R / (2 * np.sin(np.pi / n)))


def test_coaxial_rings_layout():
    rho, h = 5 * R, 4 * R
    system = geometry.coaxial_rings(3, 4, R, "InSb", h=h, ring_radius=rho, B=(0, 0, 5.0))
    assert system.n_particles == 12
    for r in range(3):
        for p in range(4):
            angle = 2 * np.pi * p / 4
            np.testing.assert_allclose(system.positions[4 * r + p], [rho * np.cos(angle), rho * np.sin(angle), r * h],
                                       atol=1e-20)
    # counter-clockwise seen from +z: the cross product of successive centres points along +z
    assert np.cross(system.positions[0], system.positions[1])[2] > 0


def test_rings_need_exactly_one_size():
    with pytest.raises(ValueError, match="exactly one"):
        geometry.coaxial_rings(2, 4, R, "InSb", h=3 * R)
    with pytest.raises(ValueError, match="exactly one"):
        geometry.coaxial_rings(2, 4, R, "InSb", h=3 * R, ring_radius=3 * R, neighbour_distance=3 * R)


@pytest.mark.parametrize("bad", [0.0, -1e-7, np.nan, np.inf])
def test_lengths_must_be_positive(bad):
    with pytest.raises(ValueError, match="positive length"):
        geometry.dimers(d=bad, h=4 * R, radius=R, materials="SiC")
    with pytest.raises(ValueError, match="positive length"):
        geometry.coaxial_rings(2, 4, R, "InSb", h=bad, neighbour_distance=3 * R)


def test_counts_must_be_integers():
    with pytest.raises(ValueError, match="integer"):
        geometry.two_rows(2.5, 4 * R, 4 * R, R, "SiC")
    with pytest.raises(ValueError, match="at least 2"):
        geometry.coaxial_rings(2, 1, R, "InSb", h=3 * R, ring_radius=3 * R)


def test_close_rows_warn():
    with pytest.warns(photodrag.DipoleValidityWarning):
        geometry.dimers(d=4 * R, h=2 * R, radius=R, materials="SiC")


def test_from_positions():
    system = geometry.from_positions([[0, 0, 0], [5 * R, 0, 0]], [R, 2 * R], ["SiC", "Au"])
    np.testing.assert_array_equal(system.radii, [R, 2 * R])


def test_csv_with_units_and_materials(tmp_path):
    path = tmp_path / "particles.csv"
    path.write_text("# two spheres\nx_nm,y_nm,z_nm,radius_nm,material\n0,0,0,100,SiC\n400,0,0,50,Au\n")
    system = geometry.from_csv(path)
    np.testing.assert_allclose(system.positions, [[0, 0, 0], [400e-9, 0, 0]])
    np.testing.assert_allclose(system.radii, [100e-9, 50e-9])
    assert [m.name for m in system.materials] == ["SiC", "Au"]


def test_csv_with_shared_radius_and_material(tmp_path):
    path = tmp_path / "particles.csv"
    path.write_text("x_um, y_um, z_um\n0, 0, 0\n0.4, 0, 0\n0, 0.4, 0\n")
    system = geometry.from_csv(path, radius=R, material="InSb", B=(0, 0, 1.0))
    assert system.n_particles == 3
    np.testing.assert_allclose(system.positions[1], [0.4e-6, 0, 0])


@pytest.mark.parametrize(
    "text, match",
    [
        ("a,b,c\n1,2,3\n", "x_<unit>"),
        ("x_mm,y_mm,z_mm,radius_nm,material\n0,0,0,100,SiC\n", "unknown length unit"),
        ("x_m,y_m,z_m,material\n0,0,0,SiC\n", "radius"),
        ("x_m,y_m,z_m,radius_m\n0,0,0,1e-7\n", "material"),
        ("x_m,y_m,z_m\n", "no particles"),
        ("x_m,y_m,z_m,radius_m,material\nzero,0,0,1e-7,SiC\n", "x_m"),
    ],
)
def test_csv_errors_name_the_problem(tmp_path, text, match):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=match):
        geometry.from_csv(path)


def test_builders_pass_the_dipole_model_on(tmp_path):
    from photodrag import geometry

    model = dict(dipoles="electric+magnetic", polarizability="mie")
    table = tmp_path / "particles.csv"
    table.write_text("x_nm,y_nm,z_nm\n0,0,0\n400,0,0\n")
    built = [
        geometry.dimers(400e-9, 400e-9, 100e-9, geometry.CROSSED_SIC_AU, **model),
        geometry.two_rows(3, 400e-9, 400e-9, 100e-9, "Au", **model),
        geometry.coaxial_rings(2, 4, 100e-9, "SiC", h=300e-9, neighbour_distance=300e-9, **model),
        geometry.from_positions([[0, 0, 0], [0, 0, 400e-9]], 100e-9, "Au", **model),
        geometry.from_csv(table, radius=100e-9, material="Au", **model),
    ]
    for system in built:
        assert (system.dipoles, system.polarizability) == ("electric+magnetic", "mie")
    assert geometry.dimers(400e-9, 400e-9, 100e-9, "SiC").dipoles == "electric"


def test_csv_columns_are_read_by_name_in_any_order_and_case(tmp_path):
    """A header in another order, case, with spaces, brackets, µm and Excel's byte-order mark reads the same."""
    path = tmp_path / "particles.csv"
    path.write_text("\ufeffMaterial, Radius (µm), Z [nm], Y_nm, X_nm\nSiC, 0.06, 0, 0, 0\nAu, 0.08, 0, 0, 400\n",
                    encoding="utf-8")
    system = geometry.from_csv(path)
    np.testing.assert_allclose(system.positions, [[0, 0, 0], [400e-9, 0, 0]])
    np.testing.assert_allclose(system.radii, [60e-9, 80e-9])
    assert [m.name for m in system.materials] == ["SiC", "Au"]
