"""Graphs: coupling, co-citation and direct citation on sparse incidence matrices.

Inputs:  results/match/{references,works}.parquet, results/resolved/papers.parquet
Outputs: results/similarity/{coupling,cocitation,citation}.csv (+ .parquet, and a
         nodes table each), results/similarity/related.csv
"""


rule similarity:
    input:
        references="results/match/references.parquet",
        works="results/match/works.parquet",
        papers="results/resolved/papers.parquet",
    output:
        expand(
            "results/similarity/{graph}{suffix}",
            graph=GRAPHS,
            suffix=[".csv", ".parquet", "_nodes.parquet"],
        ),
        related="results/similarity/related.csv",
    log:
        "logs/similarity.log",
    conda:
        "../environment.yml"
    params:
        graphs=config["graphs"],
        out_dir="results/similarity",
    script:
        "../scripts/similarity.py"
