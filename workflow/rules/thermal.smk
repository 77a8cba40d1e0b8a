# Stage 3: conductances, steady states, drag and supercurrents of each study, from the
# spectra of its system. A temperature change reruns this stage only.


rule thermal:
    input:
        lambda w: f"results/spectra/{STUDIES[w.study].system}.nc",
    output:
        "results/thermal/{study}.nc",
    params:
        study=lambda w: STUDIES[w.study].config,
        version=VERSION,
    log:
        "results/logs/thermal/{study}.log",
    benchmark:
        "results/benchmarks/thermal/{study}.tsv"
    threads: 1
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/thermal.py"
