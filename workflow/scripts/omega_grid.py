"""Rule omega_grid: the adaptive ω grid (nodes, weights, error estimates) of one system."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
system = study.SystemSpec.from_plain(snakemake.params.system)
memory_bytes = snakemake.resources.mem_mb * 10**6 // 2  # the kernel's share of the job's memory
grid = study.spectra.adaptive_grid(system, memory_bytes)
io.write_netcdf(grid, snakemake.output[0], title=f"adaptive omega grid of {system.name}",
                config=snakemake.params.system, history=f"rule omega_grid ({system.name})")
