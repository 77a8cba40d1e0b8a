"""Stage materials (workflow/rules/materials.smk): ε tables and field maps.

An ε table holds ε(ω) of one material (and, for a magneto-optical one, one field) on the
grid ``materials.omega_rad_s``; a field map holds ε and one isolated sphere's dipole
absorption cross section per polarisation over a (B along z, ω) grid: the particle's
resonances and how a field splits them (paper Fig. 4b, inset).
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy import constants

from ..materials import material as named_material
from ..engine.polarizability import quasistatic
from ..units import length_key, split_unit
from .values import ConfigError, field_label, sweep_values


#: Where the grids of the materials stage are in a config.
TABLE_GRID = "materials.omega_rad_s"


def check_grids(materials: dict) -> None:
    """Refuse, when the config is parsed, a grid of the materials stage that cannot be built (ConfigError naming
    its key): ``materials.omega_rad_s`` and each field map's ``B_tesla`` and ``omega_rad_s``."""
    grids = {TABLE_GRID: materials.get("omega_rad_s")}
    for name, entry in materials.get("field_maps", {}).items():
        grids.update({f"materials.field_maps.{name}.{key}": entry.get(key) for key in ("B_tesla", "omega_rad_s")})
    for where, grid in grids.items():
        if grid is not None:
            try:
                sweep_values(grid, where)
            except ValueError as error:
                raise ConfigError(str(error)) from None


def material_table(name: str, B, omega_spec) -> xr.Dataset:
    """ε(ω) of a named material under field B (tesla 3-vector or None) on the grid ``omega_rad_s``."""
    omega = np.asarray(sweep_values(omega_spec, TABLE_GRID))
    model = named_material(name)
    return xr.Dataset(
        {
            "epsilon": (("omega", "row", "column"), model.epsilon(omega, B), {
                "units": "1", "long_name": f"relative permittivity tensor of {name}"}),
            "magnetic_field": (("xyz",), np.zeros(3) if B is None else np.asarray(B, dtype=float), {
                "units": "T", "long_name": "magnetic field (physical sign convention)"}),
        },
        coords={
            "omega": ("omega", omega, {"units": "rad/s", "long_name": "angular frequency"}),
            "row": ("row", ["x", "y", "z"], {"long_name": "tensor row (field component)"}),
            "column": ("column", ["x", "y", "z"], {"long_name": "tensor column (polarisation component)"}),
            "xyz": ("xyz", ["x", "y", "z"], {"long_name": "Cartesian component"}),
        },
        attrs={"material": name, "reference": model.reference,
               "time_convention": "exp(-i omega t); Im eps > 0 is loss"},
    )


#: Unit vectors of the polarisations of a field map: circular about z (B along z) and linear along z.
POLARISATIONS = {
    "sigma_plus": np.array([1, 1j, 0]) / np.sqrt(2),   # counter-clockwise seen from +z (cyclotron-active
    "sigma_minus": np.array([1, -1j, 0]) / np.sqrt(2),  # for electrons, docs/theory.md#materials), and clockwise
    "z": np.array([0, 0, 1], dtype=complex),
}


def field_map(name: str, B_spec, radius: float, omega_spec) -> xr.Dataset:
    """ε and the absorption cross section of one isolated sphere over a (B, ω) grid.

    B along +z in tesla (a sweep), radius in m, ω in rad/s. For each polarisation e of
    :data:`POLARISATIONS` the dipole absorption cross section (absorbing side)
    is σ_abs = k e†[(α − α†)/(2i) − (k³/6π) α†α] e, in m², with α the radiatively
    corrected polarizability (docs/theory.md#bath-channels). Its peaks in the (λ, B) plane are the particle's resonances,
    split by the field (paper Fig. 4b, inset).
    """
    B_values = np.asarray(sweep_values(B_spec))
    omega = np.asarray(sweep_values(omega_spec))
    model = named_material(name)
    eps = np.stack([model.epsilon(omega, (0.0, 0.0, b)) for b in B_values])  # (B, omega, 3, 3)
    k = omega / constants.c
    radiative = (k**3 / (6 * np.pi))[None, :, None, None]
    alpha = np.linalg.inv(np.linalg.inv(quasistatic(eps, radius)) - 1j * radiative * np.eye(3))
    dagger = np.conj(np.swapaxes(alpha, -1, -2))
    chi = (alpha - dagger) / 2j - radiative * dagger @ alpha
    units = np.stack(list(POLARISATIONS.values()))  # (polarisation, 3)
    sigma = k[None, :, None] * np.einsum("pi,bwij,pj->bwp", units.conj(), chi, units).real
    return xr.Dataset(
        {
            "epsilon": (("B", "omega", "row", "column"), eps, {
                "units": "1", "long_name": f"relative permittivity tensor of {name}"}),
            "absorption_cross_section": (("B", "omega", "polarisation"), sigma, {
                "units": "m2", "long_name": "dipole absorption cross section of one sphere"}),
        },
        coords={
            "B": ("B", B_values, {"units": "T", "long_name": "magnetic field along +z (physical sign)"}),
            "omega": ("omega", omega, {"units": "rad/s", "long_name": "angular frequency"}),
            "row": ("row", ["x", "y", "z"], {"long_name": "tensor row (field component)"}),
            "column": ("column", ["x", "y", "z"], {"long_name": "tensor column (polarisation component)"}),
            "polarisation": ("polarisation", list(POLARISATIONS), {
                "long_name": "sigma_plus (1, i, 0)/sqrt 2, sigma_minus (1, -i, 0)/sqrt 2, z (0, 0, 1)"}),
        },
        attrs={"material": name, "radius_m": float(radius), "reference": model.reference,
               "time_convention": "exp(-i omega t); Im eps > 0 is loss"},
    )


def check_field_map(name: str, entry: dict) -> None:
    """Refuse a field map whose fields do not increase: the map is drawn against B in their order (never sorted).

    ``entry`` is the config's ``materials.field_maps.<name>``; the fields' values and repeats are
    checked by :func:`photodrag.study.values.sweep_values`, their ranges with every config value.
    """
    try:
        if length_key(entry, "radius") is None:
            raise ValueError("needs radius_nm (or radius_um), the sphere's radius")
    except ValueError as error:
        raise ConfigError(f"materials.field_maps.{name}: {error}") from None
    where = f"materials.field_maps.{name}.B_tesla"
    B = sweep_values(entry["B_tesla"], where)
    if any(b <= a for a, b in zip(B, B[1:])):
        raise ConfigError(f"{where}: the fields {B} do not increase: a field map is drawn against B in this order; "
                          "write them in increasing order")


def field_map_radius(entry: dict) -> float:
    """The sphere radius of a field map's config entry in m (``radius_nm`` or ``radius_um``)."""
    key = length_key(entry, "radius")
    return float(entry[key]) * split_unit(key)[1]


def material_table_name(name: str, B) -> str:
    """The results/materials/<name>.nc stem: the material, and the field if ε depends on it."""
    if named_material(name).magneto_optical and B is not None:
        return f"{name}_{field_label(B)}"
    return name
