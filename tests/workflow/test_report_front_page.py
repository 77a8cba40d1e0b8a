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
