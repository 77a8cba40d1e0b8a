"""Rule archive_study: one study's config, results, figures, versions and manifest in a tarball."""

from photodrag import io

io.log_to(snakemake.log[0], threads=snakemake.threads)
io.archive(snakemake.output[0], dict(zip(snakemake.params.names, snakemake.input)), snakemake.params.config,
           name=snakemake.wildcards.study)
