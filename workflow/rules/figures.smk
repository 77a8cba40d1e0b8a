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
    params:
        figure=lambda w: PLAN.figures[w.figure].plain(),
        version=VERSION,
    log:
        "results/logs/figures/{figure}.log",
    benchmark:
        "results/benchmarks/figures/{figure}.tsv"
    threads: 1
    conda:
        "../envs/photodrag.yaml"
    script:
        "../scripts/figure.py"
