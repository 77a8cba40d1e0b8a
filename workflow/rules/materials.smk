# Stage 1: ε(ω) tables, one per material in use and, for magneto-optical ones, per field;
# field maps: ε and the absorption of one sphere per polarisation over (B, ω).
# Logic: photodrag.study.materials.


rule material_table:
    output:
        "results/materials/{table}.nc",
    log:
        LOGS["material_table"],
    benchmark:
        "results/benchmarks/materials/{table}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: 1
    params:
        table=lambda w: PLAN.tables[w.table].plain(),
        version=VERSION,
    script:
        "../scripts/material_table.py"


rule field_map:
    output:
        "results/materials/field_maps/{material}.nc",
    log:
        LOGS["field_map"],
    benchmark:
        "results/benchmarks/materials/field_maps/{material}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: 1
    params:
        field_map=lambda w: PLAN.field_maps[w.material],
        version=VERSION,
    script:
        "../scripts/field_map.py"
