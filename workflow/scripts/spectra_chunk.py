"""Rule spectra_chunk: spectra of every sweep point of one system on one ω chunk."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
system = study.SystemSpec.from_plain(snakemake.params.system)
chunk, chunks = int(snakemake.wildcards.chunk), int(snakemake.wildcards.chunks)
memory_bytes = snakemake.resources.mem_mb * 10**6 // 2  # the kernel's share of the job's memory
grid = study.origin.read(snakemake.input[0], snakemake.params.inputs) if system.adaptive else None  # its adaptive grid
dataset = study.spectra.chunk(system, chunk - 1, chunks, memory_bytes, grid=grid)
io.write_netcdf(dataset, snakemake.output[0], title=f"photodrag spectra of {system.name}, omega chunk {chunk} of {chunks}",
                config=snakemake.params.system, history=f"rule spectra_chunk ({system.name}, {chunk} of {chunks})")
