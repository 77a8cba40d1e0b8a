"""`python -m photodrag`: print the conductance of two SiC spheres, a quick check of an install.

`python -m photodrag check my_study.yaml`: check a workflow config as the Snakefile does (YAML
syntax, repeated keys, the schema, ranges, every sweep point), print its one-line error or its
warnings, without Snakemake. Snakemake reads a ``--configfile`` itself before the Snakefile runs
and reports a YAML syntax error without its line; this names the file and the line.
"""

import sys
from pathlib import Path

import numpy as np

import photodrag


def main() -> None:
    radius = 100e-9
    system = photodrag.System([[0, 0, 0], [0, 0, 4 * radius]], radius, "SiC")
    omega = np.linspace(1.40e14, 2.00e14, 4001)
    spectra = photodrag.spectra(system, omega)
    G = photodrag.conductance(spectra, 300.0)
    print(f"two SiC spheres, R = 100 nm, centres 400 nm apart, T = 300 K: G = {float(G[0, 1]):.4e} W/K")
    print(f"worst energy-balance residual over omega: {spectra.attrs['energy_balance_residual']:.1e}")


def check(paths: list[str], schema: str = "config/schema.yaml") -> None:
    """Check the config files ``paths`` (merged in order, as Snakemake merges them), run from the workflow's directory."""
    import yaml
    from snakemake.utils import update_config, validate

    from photodrag.study import Plan, feedback

    if not Path(schema).is_file():
        sys.exit(f"{schema} not found: run `python -m photodrag check` in the workflow's directory")
    config: dict = {}
    with feedback.one_line_errors():
        for path in paths:
            feedback.check_file(path)
            update_config(config, yaml.safe_load(Path(path).read_text()) or {})
        config = feedback.prepare(config, paths, schema)
        validate(config, schema)  # fills in the schema's defaults, as the Snakefile's pass does
        plan = Plan(config)
    feedback.show_warnings(plan.warnings)
    print(f"{', '.join(paths)}: valid; {len(plan.systems)} systems, {len(plan.studies)} studies, "
          f"{len(plan.figures)} figures")


if __name__ == "__main__":
    if sys.argv[1:2] == ["check"] and sys.argv[2:]:
        check(sys.argv[2:])
    elif sys.argv[1:]:
        sys.exit("usage: python -m photodrag  |  python -m photodrag check <config.yaml> [...]")
    else:
        main()
