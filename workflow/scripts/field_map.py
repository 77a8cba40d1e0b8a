"""Rule field_map: ε and the absorption of one sphere per polarisation over a (B, ω) grid."""

from photodrag import io, study

io.log_to(snakemake.log[0], threads=snakemake.threads)
entry = snakemake.params.field_map
dataset = study.materials.field_map(snakemake.wildcards.material, entry["B_tesla"],
                                    study.materials.field_map_radius(entry), entry["omega_rad_s"])
io.write_netcdf(dataset, snakemake.output[0], title=f"field map of {snakemake.wildcards.material}", config=entry,
                history=f"rule field_map ({snakemake.wildcards.material})")
