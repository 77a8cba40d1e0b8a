# Stage 1: ε(ω) tables, one per material in use and, for magneto-optical ones, per field;
# field maps: ε and the absorption of one sphere per circular polarisation over (B, ω).


rule material_table:
    output:
        "results/materials/{table}.nc",
    params:
        table=lambda w: study.plain({"material": TABLES[w.table][0], "B_tesla": TABLES[w.table][1],
                                     "omega_rad_s": config["materials"]["omega_rad_s"]}),
        version=VERSION,
    log:
        "results/logs/materials/{table}.log",
    benchmark:
        "results/benchmarks/materials/{table}.tsv"
    threads: 1
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/material_table.py"


rule field_map:
    output:
        "results/materials/field_maps/{material}.nc",
    params:
        field_map=lambda w: study.plain(config["materials"]["field_maps"][w.material]),
        version=VERSION,
    log:
        "results/logs/materials/field_maps/{material}.log",
    benchmark:
        "results/benchmarks/materials/field_maps/{material}.tsv"
    threads: 1
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/field_map.py"
