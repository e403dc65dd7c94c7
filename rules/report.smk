"""Report: every skipped input in one table, and a short summary of the run.

Inputs:  the problems tables of every stage, the main results
Outputs: results/problems.csv, results/report.md
"""


rule problems:
    input:
        seeds="results/seeds/problems.csv",
        parsed=parsed_problem_tables(),
    output:
        "results/problems.csv",
    log:
        "logs/problems.log",
    conda:
        "../environment.yml"
    threads: rule_threads("problems")
    resources:
        **rule_resources("problems"),
    script:
        "../scripts/problems.py"


rule report:
    input:
        papers="results/resolved/papers.parquet",
        references="results/match/references.parquet",
        works="results/match/works.parquet",
        decisions="results/match/decisions.csv",
        unresolved="results/unresolved.csv",
        problems="results/problems.csv",
        coupling="results/similarity/coupling.parquet",
        cocitation="results/similarity/cocitation.parquet",
        citation="results/similarity/citation.parquet",
    output:
        "results/report.md",
    log:
        "logs/report.log",
    benchmark:
        "logs/benchmarks/report.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("report")
    resources:
        **rule_resources("report"),
    params:
        name=config["name"],
    script:
        "../scripts/report.py"
