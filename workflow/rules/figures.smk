# Stage 4: one PNG and one PDF per figure of the config; the PNG goes into
# `snakemake --report results/report.html` with the figure's caption.
# Logic: photodrag.study.figures, drawing: photodrag.plots.


rule figure:
    input:
        figure_inputs,
    output:
        png=report(
            "results/figures/{figure}.png",
            caption="../report/figure.rst",
            category="Figures",
            labels={"figure": "{figure}"},
        ),
        pdf="results/figures/{figure}.pdf",
    log:
        LOGS["figure"],
    benchmark:
        "results/benchmarks/figures/{figure}.tsv"
    conda:
        "../envs/photodrag.yaml"
    threads: 1
    params:
        figure=lambda w: PLAN.figures[w.figure].plain(),
        version=VERSION,
        inputs=expected_inputs,
    script:
        "../scripts/figure.py"
