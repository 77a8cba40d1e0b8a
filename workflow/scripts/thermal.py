"""Rule thermal: conductances, steady states, drag and supercurrents of one study."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
dataset = study.thermal(io.read_netcdf(snakemake.input[0]), snakemake.params.study)
io.write_netcdf(dataset, snakemake.output[0], title=f"photodrag thermal study {snakemake.wildcards.study}",
                config=snakemake.params.study, history=f"rule thermal ({snakemake.wildcards.study})")
