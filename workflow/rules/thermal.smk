# Stage 3: conductances, steady states, drag and supercurrents of each study, from the
# spectra of its system. A temperature change reruns this stage only.
# Logic: photodrag.study.thermal.


rule thermal:
    input:
        lambda w: f"results/spectra/{PLAN.studies[w.study].system}.nc",
    output:
        "results/thermal/{study}.nc",
    log:
        LOGS["thermal"],
    benchmark:
        "results/benchmarks/thermal/{study}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: 1
    params:
        study=lambda w: PLAN.studies[w.study].plain(),
        version=VERSION,
        inputs=expected_inputs,
    script:
        "../scripts/thermal.py"
