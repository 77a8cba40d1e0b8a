"""Rule figure: one figure of the config as PNG and PDF."""

from photodrag import io, plots

io.log_to(snakemake.log[0], threads=snakemake.threads)
figure = snakemake.params.figure
datasets = {name: io.read_netcdf(path) for name, path in zip(snakemake.params.names, snakemake.input)}
plots.save(plots.FIGURES[figure["kind"]](datasets, **figure.get("style", {})), snakemake.output.png,
           snakemake.output.pdf)
