"""Rule spectra: merge the ω chunks of one system into results/spectra/<system>.nc."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
merged = study.spectra.merge_chunks([study.origin.read(path, snakemake.params.inputs) for path in snakemake.input])
io.write_netcdf(merged, snakemake.output[0], title=f"photodrag spectra of {snakemake.wildcards.system}",
                config=snakemake.params.system, history=f"rule spectra ({len(snakemake.input)} omega chunks merged)")
