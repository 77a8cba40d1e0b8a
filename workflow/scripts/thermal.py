"""Rule thermal: conductances, steady states, drag and supercurrents of one study."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
spec = study.StudySpec.from_plain(snakemake.params.study)
dataset = study.thermal.thermal(study.origin.read(snakemake.input[0], snakemake.params.inputs), spec)
io.write_netcdf(dataset, snakemake.output[0], title=f"photodrag thermal study {spec.name}",
                config=snakemake.params.study, history=f"rule thermal ({spec.name})")
