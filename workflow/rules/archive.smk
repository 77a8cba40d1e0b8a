# Stage 5, on request: `snakemake --cores 8 archive` (with a config of your own:
# `snakemake --cores 8 archive --configfile my_study.yaml`, the target before --configfile,
# which takes every word after it as a file). One tarball per study that reruns itself:
# results, figures, a complete config, provenance, a SHA-256 manifest.
# Logic: photodrag.study.archive.


rule archive_study:
    input:
        lambda w: list(archive_files(w).values()),
    output:
        "results/archive/{study}.tar.gz",
    log:
        LOGS["archive_study"],
    benchmark:
        "results/benchmarks/archive/{study}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: 1
    params:
        names=lambda w: list(archive_files(w)),
        config=lambda w: PLAN.archive_config(w.study),
        version=VERSION,
        inputs=expected_inputs,
    script:
        "../scripts/archive_study.py"


rule archive:
    input:
        expand(
            "results/archive/{study}.tar.gz", study=sorted(config.get("studies", {}))
        ),
