# Stage 3: conductances, steady states, drag and supercurrents of each study, from the
# spectra of its system. A temperature change reruns this stage only.
# Logic: photodrag.study.thermal.


rule thermal:
    input:
        lambda w: f"results/spectra/{PLAN.studies[w.study].system}.nc",
    output:
        "results/thermal/{study}.nc",
    params:
        study=lambda w: PLAN.studies[w.study].plain(),
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
