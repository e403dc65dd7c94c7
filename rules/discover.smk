"""Discover: the papers the review is missing, ranked by their links to it.

Forward citations of the review papers (OpenAlex, OpenCitations, Semantic Scholar,
through the HTTP cache) and backward candidates from the identity stage; what is new
since the previous run (first-seen dates kept in discover.state). Settings: discover:.
Inputs:  results/resolved/papers.parquet, results/match/{references,works}.parquet
Outputs: results/discover/candidates.{csv,parquet}, new.csv, fetched.csv,
         candidates.bib, candidates.ris
"""


rule discover:
    input:
        papers="results/resolved/papers.parquet",
        references="results/match/references.parquet",
        works="results/match/works.parquet",
    output:
        candidates="results/discover/candidates.csv",
        candidates_parquet="results/discover/candidates.parquet",
        new="results/discover/new.csv",
        fetched="results/discover/fetched.csv",
        bib="results/discover/candidates.bib",
        ris="results/discover/candidates.ris",
    log:
        "logs/discover.log",
    benchmark:
        "logs/benchmarks/discover.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("discover")
    resources:
        **rule_resources("discover"),
    params:
        discover=config["discover"],
        sources=config["sources"],
    script:
        "../scripts/discover.py"
