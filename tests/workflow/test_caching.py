"""Only what a change touches reruns (issue 5, "Caching that users can rely on").

Each test edits a copy of a completed run of config/test/config.yaml and asks Snakemake
(a dry run) which jobs it would execute.
"""

from snakemake_runner import edit_config, jobs_of, planned, snakemake


def test_second_run_does_nothing(run_copy):
    assert planned(run_copy, "--cores", "2") == {}


def test_second_real_run_executes_no_job(run_copy):
    result = snakemake(run_copy, "--cores", "2")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_changing_a_field_value_reruns_only_that_field(run_copy):
    """B = 5 T -> 4 T: the InSb table, spectra, thermal study and figures of that field; nothing of SiC."""

    def edit(config):
        config["systems"]["insb_rings"]["B_tesla"] = [1.0, 4.0]

    edit_config(run_copy, edit)
    assert jobs_of(run_copy, "material_table") == ["results/materials/InSb_B4T.nc"]
    assert jobs_of(run_copy, "spectra") == ["results/spectra/insb_rings_B4T.nc"]
    assert jobs_of(run_copy, "spectra_chunk") == ["results/spectra/chunks/insb_rings_B4T/omega-1-of-1.nc"]
    assert jobs_of(run_copy, "thermal") == ["results/thermal/rings_B4T.nc"]
    assert jobs_of(run_copy, "figure") == ["results/figures/materials.pdf", "results/figures/materials.png",
                                           "results/figures/rings.pdf", "results/figures/rings.png"]


def test_changing_a_temperature_reruns_thermal_and_figures_only(run_copy):
    def edit(config):
        config["studies"]["drag"]["drag"]["T_hot_K"] = 360

    edit_config(run_copy, edit)
    jobs = planned(run_copy)
    assert set(jobs) == {"thermal", "figure", "all"}
    assert jobs_of(run_copy, "thermal") == ["results/thermal/drag.nc"]
    assert jobs_of(run_copy, "figure") == ["results/figures/conductance.pdf", "results/figures/conductance.png",
                                           "results/figures/drag.pdf", "results/figures/drag.png"]


def test_changing_a_figure_style_reruns_only_that_figure(run_copy):
    def edit(config):
        config["figures"]["rings"]["style"]["dpi"] = 72

    edit_config(run_copy, edit)
    assert planned(run_copy) == {"figure": 1, "all": 1}
    assert jobs_of(run_copy, "figure") == ["results/figures/rings.pdf", "results/figures/rings.png"]


def test_changing_an_omega_grid_reruns_that_system_and_what_follows(run_copy):
    def edit(config):
        config["systems"]["sic_dimers"]["omega_rad_s"][0]["num"] = 41

    edit_config(run_copy, edit)
    assert jobs_of(run_copy, "spectra") == ["results/spectra/sic_dimers.nc"]
    assert planned(run_copy) == {"spectra_chunk": 2, "spectra": 1, "thermal": 1, "figure": 2, "all": 1}


def test_a_new_photodrag_version_reruns_everything_it_computed(run_copy, tmp_path):
    """Snakemake does not track imported code; the version in every rule's params does."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import photodrag\nphotodrag.__version__ = '999.0'\n")
    jobs = planned(run_copy, env={"PYTHONPATH": str(site)})
    assert jobs == {"material_table": 3, "field_map": 1, "spectra_chunk": 4, "spectra": 3, "thermal": 3, "figure": 5,
                    "all": 1}


def test_a_study_temperature_reruns_the_study_at_every_field_and_says_why(run_copy):
    """(`--list-changes params` would list every output: a Snakemake 9.27 bug, so the dry run is read.)"""

    def edit(config):
        config["studies"]["rings"]["supercurrent"]["T_K"] = 310

    edit_config(run_copy, edit)
    assert jobs_of(run_copy, "thermal") == ["results/thermal/rings_B1T.nc", "results/thermal/rings_B5T.nc"]
    assert planned(run_copy) == {"thermal": 2, "figure": 1, "all": 1}
    assert "Params have changed since last execution" in snakemake(run_copy, "--dry-run").stdout
