"""The default config/config.yaml computes what issue 6 asks of the paper's figures (no run: its expansion)."""

from pathlib import Path

import numpy as np
import yaml

from photodrag import study
from snakemake_runner import REPOSITORY

CONFIG = yaml.safe_load((REPOSITORY / "config" / "config.yaml").read_text())
SYSTEMS = study.expand_systems(CONFIG)
STUDIES = study.expand_studies(CONFIG)
PAPER_FIGURES = ("fig2a", "fig2b", "fig3", "fig4a", "fig4b")


def test_every_paper_figure_is_made_and_checked():
    study.Plan(CONFIG)  # parses and checks every figure's inputs and selections
    assert set(PAPER_FIGURES) <= set(CONFIG["figures"])
    assert CONFIG["figures"]["fig2a"]["style"]["claim"] == "positive_decreasing"
    assert CONFIG["figures"]["fig2b"]["style"]["claim"] == "sign_change"
    assert CONFIG["figures"]["fig4b"]["field_maps"] == ["InSb"]
    for name in PAPER_FIGURES:
        caption = CONFIG["figures"][name]["caption"]
        assert "results/" in caption and len(caption) > 300, name  # what, where and how it departs


def test_fig2_systems_sweep_h_densely_in_both_readings_of_d():
    for family in ("sic", "crossed"):
        for reading, d_nm in (("d2R", 200), ("d4R", 400)):
            config = SYSTEMS[f"{family}_{reading}"].config
            assert config["radius_nm"] == 100 and config["d_nm"] == d_nm
            h = np.asarray(study.sweep_values(config["h_nm"]))
            assert h.size >= 40 and h.max() >= 100 * 100 and h.min() <= 200
            assert np.allclose(np.diff(np.log(h)), np.log(h[1] / h[0]))  # log-spaced
            omega, _ = study.omega_grid(config["omega_rad_s"])
            band = omega[(omega > 1.7e14) & (omega < 1.8e14)]
            assert np.diff(band).max() <= 5e10  # resolves the SiC Fröhlich resonance (~1e12 rad/s wide)
            assert omega.min() <= 1e12 and omega.max() >= 5e15  # the broadband (gold) part


def test_fig4_rings_at_2R_and_a_large_h_with_a_field_reversed_too():
    fields = sorted(s.B[2] for s in SYSTEMS.values() if s.family == "insb_rings")
    assert fields == [-5.0, 1.0, 5.0]
    config = SYSTEMS["insb_rings_B5T"].config
    assert config["per_ring"] == 4 and config["h_nm"] == [200, 2000]
    neighbour = 2 * config["ring_radius_nm"] * np.sin(np.pi / 4)
    assert np.isclose(neighbour, 300, rtol=1e-5)  # 3R, the default the physics note asks for
    assert {"rings_Bm5T", "rings_B1T", "rings_B5T"} <= set(STUDIES)


def test_default_run_stays_small():
    """Cold start on 2 cores in well under 2 minutes: few jobs, modest grids (README, measured)."""
    points = sum(len(s.omega_grid()[0]) * int(np.prod(s.shape)) for s in SYSTEMS.values())
    assert points < 1e6
    assert Path(REPOSITORY / "results" / ".gitkeep").exists()


def test_fig2b_exact_spheres_beside_both_dipole_models_stay_cheap():
    """crossed_d4R_exact: crossed_d4R_em's geometry with converged multipoles, from 2.5R (h = 2R is contact, where no
    order converges) to 100R on a coarse ω grid, drawn with the paper's model and the E+M Mie dipoles."""
    exact, em = SYSTEMS["crossed_d4R_exact"].config, SYSTEMS["crossed_d4R_em"].config
    for key in ("geometry", "per_row", "radius_nm", "d_nm", "materials", "B_tesla"):
        assert exact[key] == em[key], key
    assert (exact["multipole_order"], exact["multipole_tol"]) == ("auto", 1e-2)
    h = np.asarray(study.sweep_values(exact["h_nm"]))
    assert h.min() == 250 and h.max() == 10000 and 9 <= h.size <= 13 and {300, 400, 800} <= set(h)
    omega, _ = study.omega_grid(exact["omega_rad_s"])
    assert omega.size <= 600 and omega.min() <= 1e12 and omega.max() >= 5e15
    assert STUDIES["crossed_d4R_exact"].blocks == STUDIES["crossed_d4R_em"].blocks
    for figure in ("fig2b_em", "fig3_em"):
        assert CONFIG["figures"][figure]["studies"][-2:] == ["crossed_d4R_em", "crossed_d4R_exact"]
    assert CONFIG["figures"]["fig2b_em"]["studies"][0] == "crossed_d4R"
