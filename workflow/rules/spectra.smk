# Stage 2: transmission spectra per system. Independent of temperature: computed once and
# read by every study of the system. One job per ω chunk computes every sweep point of
# the system (Python start-up paid once per chunk, not per point); the chunks, the unit
# of distribution on a cluster, are merged into results/spectra/<system>.nc. A system with
# an adaptive ω grid (omega_rad_s: {adaptive: ...}) first gets its grid from rule omega_grid
# (results/grids/<system>.nc: nodes, weights, error estimates), which the chunks then split.
# Logic: photodrag.study.spectra.


rule omega_grid:
    input:
        lambda w: PLAN.systems[w.system].input_files,
    output:
        "results/grids/{system}.nc",
    log:
        LOGS["omega_grid"],
    benchmark:
        "results/benchmarks/grids/{system}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: config["resources"]["spectra"]["threads"]
    resources:
        mem_mb=config["resources"]["spectra"]["mem_mb"],
        runtime=config["resources"]["spectra"]["runtime_min"],
    params:
        system=system_params,
        version=VERSION,
    script:
        "../scripts/omega_grid.py"


rule spectra_chunk:
    input:
        system_inputs,
    output:
        temp("results/spectra/chunks/{system}/omega-{chunk}-of-{chunks}.nc"),
    log:
        LOGS["spectra_chunk"],
    benchmark:
        "results/benchmarks/spectra/{system}/omega-{chunk}-of-{chunks}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: config["resources"]["spectra"]["threads"]
    resources:
        mem_mb=config["resources"]["spectra"]["mem_mb"],
        runtime=config["resources"]["spectra"]["runtime_min"],
    params:
        system=system_params,
        version=VERSION,
        inputs=expected_inputs,
    script:
        "../scripts/spectra_chunk.py"


rule spectra:
    input:
        lambda w: PLAN.chunk_files(w.system),
    output:
        "results/spectra/{system}.nc",
    log:
        LOGS["spectra"],
    benchmark:
        "results/benchmarks/spectra/{system}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: 1
    params:
        system=system_params,
        version=VERSION,
        inputs=expected_inputs,
    script:
        "../scripts/spectra.py"
