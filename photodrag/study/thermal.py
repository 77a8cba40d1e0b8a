"""Stage thermal (workflow/rules/thermal.smk): the blocks of a study at every sweep point of its system's spectra.

Each block of the study (photodrag.study.blocks.STUDY_BLOCKS: conductances, steady states,
drag, supercurrents, relaxation, Hall effect, magnetoresistance) is computed at every sweep
point and the results are stacked along the sweep dimensions, with every solver diagnostic in
the file (photodrag.study.blocks).
"""

from __future__ import annotations

import itertools
import logging

import numpy as np
import xarray as xr

from .._version import __version__
from ..progress import Progress
from .blocks import PER_POINT, STUDY_BLOCKS
from .spectra import stack
from .studies import StudySpec

log = logging.getLogger(__name__)

#: Variables of the spectra copied into a thermal file: the geometry, and the grid's error estimate.
GEOMETRY_VARIABLES = ("position", "radius", "material", "magnetic_field", "grid_relative_error_estimate")

#: Dimensions of the spectra's channels that are not a sweep.
CHANNEL_DIMS = ("omega", "emitter", "absorber", "emitter_dipole", "absorber_dipole")

#: Attributes of the spectra that say what the system is, copied into the thermal file (the multipoles' if any:
#: their order or "auto" and its tolerance, the highest order used, the worst error estimate, converged or not).
SYSTEM_ATTRIBUTES = ("geometry", "geometry_description", "dipoles", "polarizability", "surface", "multipole_order",
                     "multipole_tol", "multipole_order_max_used", "multipole_relative_error_estimate",
                     "multipole_converged")


def thermal(spectra: xr.Dataset, study: StudySpec) -> xr.Dataset:
    """Every block of one study, at every sweep point of ``spectra`` (a spectra file of this workflow)."""
    # the sweep: every dimension of any channel, as one channel may be the same at every point (the pair
    # channel of a single particle, zero at every height) and kept once in the file
    swept = {d for name in spectra.data_vars if name.startswith("transmission") for d in spectra[name].dims}
    axes = [d for d in spectra.dims if d in swept and d not in CHANNEL_DIMS]
    points = list(itertools.product(*(range(spectra.sizes[d]) for d in axes)))
    progress = Progress(len(points), f"thermal {study.name}", log)
    results = []
    for k, index in enumerate(points):
        results.append(_point(spectra.isel(dict(zip(axes, index)), drop=True), study))
        progress.update(k + 1)
    diagnostics = [v for v in results[0].data_vars if v.endswith(tuple(name for name, _, _ in PER_POINT.values()))]
    out = stack(results, [spectra[axis].reset_coords(drop=True) for axis in axes], always=diagnostics)
    out = out.merge(spectra[[v for v in GEOMETRY_VARIABLES if v in spectra]], compat="equals", join="outer")
    if "multipole_order_used" in spectra:  # multipole_order="auto": the highest order each sweep point needed
        out["multipole_order_max"] = spectra["multipole_order_used"].max("omega").assign_attrs(
            units="1", long_name="highest multipole degree L used over the ω grid at this sweep point")
    for name in study.blocks:
        if STUDY_BLOCKS[name].finish is not None:
            out = STUDY_BLOCKS[name].finish(out)
    attrs = {key: value for key, value in results[0].attrs.items()
             if all(np.array_equal(r.attrs.get(key), value) for r in results)}
    out.attrs = {**attrs, "title": "photodrag thermal study", "study": study.name, "system": study.system,
                 "blocks": " ".join(study.blocks), "source": f"photodrag {__version__}"}
    for key, value in spectra.attrs.items():
        if key in SYSTEM_ATTRIBUTES or key.startswith("fixed_length_"):
            out.attrs[key] = value
    return out


def _point(spectra: xr.Dataset, study: StudySpec) -> xr.Dataset:
    """Every block of the study at one sweep point (``spectra`` without sweep dimensions)."""
    dataset, attrs = xr.Dataset(), {}
    for name in study.blocks:
        variables, more = STUDY_BLOCKS[name].run(spectra, study)
        dataset = dataset.merge(variables, compat="equals", join="exact")
        attrs.update(more)
    dataset.attrs = attrs
    return dataset
