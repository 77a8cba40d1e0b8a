"""Rule archive_study: one study's results, figures, complete config and provenance in a tarball."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
study.archive.write(snakemake.output[0], dict(zip(snakemake.params.names, snakemake.input)), snakemake.params.config,
                    name=snakemake.wildcards.study, inputs=snakemake.params.inputs)
