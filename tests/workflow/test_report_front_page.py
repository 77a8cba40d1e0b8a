"""The report's front page is written from the config that ran (no run needed: the Plan is enough)."""

import yaml

from photodrag import study
from snakemake_runner import REPOSITORY


def front_page(name):
    config = yaml.safe_load((REPOSITORY / name).read_text())
    return study.report.front_page(study.Plan(config), [name])


def test_the_default_study_lists_its_systems_and_the_deviations_from_the_paper():
    page = front_page("config/config.yaml")
    assert "``config/config.yaml``" in page and "**crossed_d4R_em**" in page
    assert "drag (drive [0, 1]: 350 K to 300 K, passive [2, 3]; linear model, no bath)" in page
    assert "Comparison with the paper" in page and "fig2a" in page and "Normalisation" in page


def test_a_study_of_ones_own_says_what_ran_and_nothing_of_the_paper(monkeypatch):
    monkeypatch.chdir(REPOSITORY)
    page = front_page("config/test/geometries.yaml")
    assert "geometry ``random``" in page and "geometry ``csv``" in page
    assert "steady state (particle 0 at 330 K; nonlinear model, bath at 300 K)" in page
    assert "Comparison with the paper" not in page and "paper" not in page.split("Studies")[1]


def test_every_block_of_every_study_and_the_dipole_model_of_every_system_are_named():
    assert set(study.report.BLOCK_LINES) == set(study.STUDY_BLOCKS)  # a new block must say what it is
    relaxation = front_page("config/examples/relaxation.yaml")
    assert "relaxation (from 400, 300, 300, 300 K; 81 times from 0 to 2 s; no particle held; bath at 300 K)" \
        in relaxation
    assert "thermal Hall effect (hot 0 at 310 K, cold 2 at 300 K; nonlinear model, no bath)" \
        in front_page("config/examples/hall_square.yaml")
    assert "magnetoresistance (hot 0 at 301 K" in front_page("config/examples/magnetoresistance_chain.yaml")
    default = front_page("config/config.yaml")
    systems = [line for line in default.split("Studies")[0].splitlines() if line.startswith("- **")]
    assert systems and all(("dipoles, " in line and " polarizability;" in line) or
                           "exact multipoles, multipole_order " in line for line in systems)
    assert "**crossed_d4R_em**" in default and "electric+magnetic dipoles, mie polarizability" in default
    exact = next(line for line in systems if line.startswith("- **crossed_d4R_exact**"))
    assert "exact multipoles, multipole_order auto (multipole_tol 0.01);" in exact and "dipoles" not in exact
