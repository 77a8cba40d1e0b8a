"""
A study run through the workflow, from Python
=============================================

The Snakemake workflow turns a config into result files and figures: spectra for every sweep
point, thermal quantities, figures that label themselves from the files
(:doc:`/configuration`, :doc:`/workflow`). This example writes a config, runs the workflow on
a copy of it in a temporary directory, reads the result files back with
:func:`photodrag.io.read_netcdf` and draws the config's figure with :func:`photodrag.plots.draw`
(the same call with which the workflow's rule ``figure`` writes ``results/figures/conductances.png``).

The study: SiC spheres (R = 50 nm), 0 at the origin, 1 on the x axis at the swept length
``gap`` (centre to centre, 250 nm to 2 µm) and 2 at 400 nm above 0; conductances at 300 K
and 400 K, and the steady state with sphere 1 held at 320 K in surroundings at 300 K.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import yaml

from photodrag import io, plots

CONFIG = """
resources:
  spectra: {threads: 2, mem_mb: 1000, runtime_min: 10}
systems:
  trio:
    geometry: positions
    positions_nm: [[0, 0, 0], [gap_nm, 0, 0], [0, 0, 400]]
    gap_nm: {start: 250, stop: 2000, num: 8, spacing: log}   # a length of our own
    radius_nm: 50
    materials: SiC
    omega_rad_s: {start: 1.6e+14, stop: 1.9e+14, num: 600}
studies:
  trio:
    system: trio
    conductance: {T_K: [300, 400]}
    steady_state:
      thermostats: [{particle: 1, T_K: 320}]
      method: nonlinear
      bath_K: 300
figures:
  conductances:
    kind: conductance
    studies: [trio]
    caption: Pair conductances of three SiC spheres against the gap.
    style: {xscale: log, yscale: log, T_K: [300, 400], width_in: 8, height_in: 5}
"""

# %%
# A copy of the workflow (the Snakefile, its rules and scripts, the schema) and the config.
# Run this from a photodrag checkout (its root or ``examples/``).
repository = next(
    p for p in (Path.cwd(), *Path.cwd().parents) if (p / "Snakefile").is_file()
)  # a checkout
workdir = Path(tempfile.mkdtemp(prefix="photodrag-study-"))
shutil.copy2(repository / "Snakefile", workdir)
shutil.copytree(
    repository / "workflow",
    workdir / "workflow",
    ignore=shutil.ignore_patterns("__pycache__"),
)
(workdir / "config").mkdir()
shutil.copy2(repository / "config" / "schema.yaml", workdir / "config")
(workdir / "study.yaml").write_text(CONFIG)

# %%
# ``snakemake --cores 2 results/thermal/trio.nc --configfile study.yaml``, as from a shell: the
# thermal file and what it needs (the spectra); without a target the workflow would also draw
# every figure of the config into ``results/figures/``.
run = subprocess.run(
    [
        sys.executable,
        "-m",
        "snakemake",
        "--cores",
        "2",
        "results/thermal/trio.nc",
        "--configfile",
        "study.yaml",
    ],
    cwd=workdir,
    capture_output=True,
    text=True,
)
if run.returncode:
    raise RuntimeError(run.stderr[-3000:])
print(
    "\n".join(
        sorted(str(p.relative_to(workdir)) for p in (workdir / "results").rglob("*.nc"))
    )
)

# %%
# The thermal file holds the conductances at every gap, with units and the geometry; the
# figure is drawn from it alone.
thermal = io.read_netcdf(workdir / "results/thermal/trio.nc")
print(thermal["conductance"].dims, thermal["conductance"].attrs["units"])
print(
    "steady state at the smallest gap (K):",
    thermal["steady_state_temperature"].isel(gap=0).values.round(2),
)
figure_config = yaml.safe_load(CONFIG)["figures"]["conductances"]
figure = plots.draw(figure_config["kind"], {"trio": thermal}, figure_config["style"])
plt.figure(figure)
plt.show()
shutil.rmtree(workdir)
