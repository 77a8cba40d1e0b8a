"""Builders of particle arrangements; each returns a :class:`photodrag.System`.

All distances are centre to centre, in metres (a gap between surfaces is the distance
minus the two radii). Particle numbering is part of each builder's contract (0-based, as in
every result file), so that the thermostat, drive and passive indices of
photodrag.steady_state and photodrag.drag can be written down from it:

* :func:`two_rows` — row 0 is particles 0..n−1 along +x, row 1 is n..2n−1, displaced by h
  along +z; particle n+k faces particle k. For n = 2 these are the paper's two dimers (its
  1, 2 = drive, 3 facing 1, 4 facing 2; here drive 0, 1 and passive 2, 3).
* :func:`coaxial_rings` — ring r lies in the plane z = r·h around the z axis; its particles
  r·n + p sit at the azimuth 2πp/n, counter-clockwise seen from +z. :func:`ring` is one ring.
* :func:`chain` — particle k at (k·spacing, 0, 0).
* :func:`lattice` — particle i + nx(j + ny k) at (i sx, j sy, k sz).
* :func:`random_cluster` — n centres in a box about the origin, reproducible from a seed.
* :func:`from_positions` and :func:`photodrag.geometry.from_csv` — arbitrary centres.

The System itself refuses overlaps and warns (DipoleValidityWarning) for pairs closer
than 3 radii. Every builder passes ``**model`` (``dipoles``, ``polarizability``) on to
:class:`photodrag.System` (default: the paper's model, electric quasi-static dipoles).
"""

from __future__ import annotations

from ..system import System
from . import layouts

#: Paper Fig. 2b, "crossed" SiC/gold dimers: the two SiC particles sit on a diagonal.
CROSSED_SIC_AU = ("SiC", "Au", "Au", "SiC")


def _per_particle(materials, n: int):
    """A single material for all, or a list of n."""
    if isinstance(materials, str) or not hasattr(materials, "__len__"):
        return materials
    if len(materials) != n:
        raise ValueError(f"got {len(materials)} materials for {n} particles")
    return list(materials)


def from_positions(positions, radius, materials, B=None, **model) -> System:
    """A System from a list of centres (N, 3) in m; radius (m) and materials per particle or shared."""
    return System(positions, radius, materials, B=B, **model)


def _built(positions, radius, materials, B, model) -> System:
    return System(positions, radius, _per_particle(materials, len(positions)), B=B, **model)


def two_rows(n: int, d: float, h: float, radius: float, materials, B=None, **model) -> System:
    """Two parallel rows of n particles; dimers when n = 2 (paper Figs. 1b, 2, 3).

    Parameters
    ----------
    n : int
        Particles per row (≥ 1).
    d : float
        Centre-to-centre distance between neighbours within a row, in m (along +x).
    h : float
        Centre-to-centre distance between the rows, in m (along +z).
    radius : float or array_like, shape (2n,)
        Sphere radii in m.
    materials : str, Material, or sequence of 2n of them
        Row 0 first, then row 1; e.g. :data:`CROSSED_SIC_AU` for the paper's Fig. 2b.
    B : array_like, shape (3,), or None
        Magnetic field in tesla (physical convention).

    Returns
    -------
    photodrag.System
        Particle k of row 0 at (k·d, 0, 0), particle n+k of row 1 at (k·d, 0, h).
    """
    return _built(layouts.two_rows(n, d, h), radius, materials, B, model)


def dimers(d: float, h: float, radius: float, materials, B=None, **model) -> System:
    """Two parallel dimers (paper Fig. 2): :func:`two_rows` with n = 2.

    Drive dimer = particles 0, 1; passive dimer = 2 (facing 0), 3 (facing 1). ``d`` is the
    centre-to-centre distance within a dimer and ``h`` between the dimers, both in m.
    """
    return two_rows(2, d, h, radius, materials, B=B, **model)


def coaxial_rings(m: int, n: int, radius: float, materials, *, h: float, ring_radius: float | None = None,
                  neighbour_distance: float | None = None, B=None, **model) -> System:
    """m coaxial rings of n particles each, around the z axis (paper Fig. 4: m = 2, n = 4).

    Parameters
    ----------
    m : int
        Number of rings (≥ 1).
    n : int
        Particles per ring (≥ 2).
    radius : float or array_like, shape (m·n,)
        Sphere radii in m.
    materials : str, Material, or sequence of m·n of them
        Ring 0 first.
    h : float
        Axial centre-to-centre distance between successive rings, in m (ignored for m = 1).
    ring_radius, neighbour_distance : float
        Give exactly one, in m: the distance of the centres from the axis, or the
        centre-to-centre distance between neighbours on a ring, 2·ring_radius·sin(π/n).
    B : array_like, shape (3,), or None
        Magnetic field in tesla; (0, 0, B_z) lies along the ring axis.

    Returns
    -------
    photodrag.System
        Particle r·n + p at (ρ cos 2πp/n, ρ sin 2πp/n, r·h).
    """
    n = layouts.count(n, "n (particles per ring)", 2)
    rho = layouts.ring_radius(n, ring_radius, neighbour_distance)
    return _built(layouts.coaxial_rings(m, n, rho, h), radius, materials, B, model)


def ring(n: int, radius: float, materials, *, ring_radius: float | None = None,
         neighbour_distance: float | None = None, B=None, **model) -> System:
    """One ring of n particles in the xy plane about the origin, particle p at azimuth 2πp/n.

    Give exactly one of ``ring_radius`` (distance of the centres from the axis, m) and
    ``neighbour_distance`` (centre distance of neighbours, m). Counter-clockwise seen from +z,
    so that a field (0, 0, B_z) lies along the ring's axis.
    """
    n = layouts.count(n, "n (particles per ring)", 2)
    rho = layouts.ring_radius(n, ring_radius, neighbour_distance)
    return _built(layouts.coaxial_rings(1, n, rho, 1.0), radius, materials, B, model)


def chain(n: int, spacing: float, radius: float, materials, B=None, **model) -> System:
    """n particles along +x, particle k at (k·spacing, 0, 0); spacing centre to centre in m."""
    return _built(layouts.chain(n, spacing), radius, materials, B, model)


def lattice(shape, spacing, radius: float, materials, B=None, **model) -> System:
    """A simple lattice of nx × ny × nz particles, ``spacing`` one length or three (m).

    Particle i + nx (j + ny k) at (i sx, j sy, k sz), x running fastest.
    """
    return _built(layouts.lattice(shape, spacing), radius, materials, B, model)


def random_cluster(n: int, box, min_distance: float, seed: int, radius: float, materials, B=None, **model) -> System:
    """n particles drawn uniformly in a box (x, y, z in m) about the origin, no two closer than
    ``min_distance`` (m, centre to centre); the same seed always gives the same cluster."""
    return _built(layouts.random_cluster(n, box, min_distance, seed), radius, materials, B, model)
