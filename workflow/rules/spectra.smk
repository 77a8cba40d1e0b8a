# Stage 2: transmission spectra per system. Independent of temperature: computed once and
# read by every study of the system. One job per ω chunk computes every sweep point of
# the system (Python start-up paid once per chunk, not per point); the chunks, the unit
# of distribution on a cluster, are merged into results/spectra/<system>.nc. A system with
# an adaptive ω grid (omega_rad_s: {adaptive: ...}) first gets its grid from rule omega_grid
# (results/grids/<system>.nc: nodes, weights, error estimates), which the chunks then split.
# Logic: photodrag.study.spectra.


rule omega_grid:
    output:
        "results/grids/{system}.nc",
    input:
        lambda w: PLAN.systems[w.system].input_files,
    params:
        system=system_params,
        version=VERSION,
    log:
        "results/logs/grids/{system}.log",
    benchmark:
        "results/benchmarks/grids/{system}.tsv"
    threads: config["resources"]["spectra"]["threads"]
    resources:
        mem_mb=config["resources"]["spectra"]["mem_mb"],
        runtime=config["resources"]["spectra"]["runtime_min"],
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/omega_grid.py"


rule spectra_chunk:
    input:
        system_inputs,
    output:
        temp("results/spectra/chunks/{system}/omega-{chunk}-of-{chunks}.nc"),
    params:
        system=system_params,
        version=VERSION,
    log:
        "results/logs/spectra/{system}/omega-{chunk}-of-{chunks}.log",
    benchmark:
        "results/benchmarks/spectra/{system}/omega-{chunk}-of-{chunks}.tsv"
    threads: config["resources"]["spectra"]["threads"]
    resources:
        mem_mb=config["resources"]["spectra"]["mem_mb"],
        runtime=config["resources"]["spectra"]["runtime_min"],
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/spectra_chunk.py"


rule spectra:
    input:
        lambda w: PLAN.chunk_files(w.system),
    output:
        "results/spectra/{system}.nc",
    params:
        system=system_params,
        version=VERSION,
    log:
        "results/logs/spectra/{system}.log",
    benchmark:
        "results/benchmarks/spectra/{system}.tsv"
    threads: 1
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/spectra.py"
