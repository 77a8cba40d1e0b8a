"""Rule material_table: ε(ω) of one material (at one field) as NetCDF."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
table = snakemake.params.table
dataset = study.materials.material_table(table["material"], table["B_tesla"], table["omega_rad_s"])
io.write_netcdf(dataset, snakemake.output[0], title=f"permittivity of {table['material']}", config=table,
                history=f"rule material_table ({snakemake.wildcards.table})")
