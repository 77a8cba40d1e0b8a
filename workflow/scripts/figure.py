"""Rule figure: one figure of the config as PNG and PDF."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
study.figures.render(snakemake.params.figure, [snakemake.output.png, snakemake.output.pdf], snakemake.params.inputs)
