# Stage 5 (on request: `snakemake --cores 2 archive`): one tarball per study with its
# config subtree, results, figures, versions and a SHA-256 manifest.


rule archive_study:
    input:
        lambda w: list(archive_files(w).values()),
    output:
        "results/archive/{study}.tar.gz",
    params:
        names=lambda w: list(archive_files(w)),
        config=archive_config,
        version=VERSION,
    log:
        "results/logs/archive/{study}.log",
    benchmark:
        "results/benchmarks/archive/{study}.tsv"
    threads: 1
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/archive_study.py"


rule archive:
    input:
        expand("results/archive/{study}.tar.gz", study=sorted(config["studies"])),
