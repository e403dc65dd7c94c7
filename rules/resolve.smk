"""Resolve: metadata and reference lists of the review papers from the online sources.

Offline-first: answers come from the HTTP cache (`sources.cache`) when present; with the
network absent the stage completes and lists what it could not resolve, with the reason.
Inputs:  results/seeds/papers.parquet
Outputs: results/resolved/papers.parquet, results/resolved/references.parquet,
         results/papers.csv, results/coverage.csv, results/unresolved.csv
"""


rule resolve:
    input:
        papers="results/seeds/papers.parquet",
    output:
        papers="results/resolved/papers.parquet",
        references="results/resolved/references.parquet",
        papers_csv=shown("results/papers.csv", "papers"),
        coverage=shown("results/coverage.csv", "coverage"),
        unresolved=shown("results/unresolved.csv", "unresolved"),
    log:
        "logs/resolve.log",
    benchmark:
        "logs/benchmarks/resolve.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("resolve")
    resources:
        **rule_resources("resolve"),
    params:
        sources=config["sources"],
    script:
        "../scripts/resolve.py"
