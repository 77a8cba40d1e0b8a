# Stage 1: ε(ω) tables, one per material in use and, for magneto-optical ones, per field.


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
