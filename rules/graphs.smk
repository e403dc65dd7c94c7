"""Graphs: coupling, co-citation and direct citation on sparse incidence matrices.

Inputs:  results/match/{references,works}.parquet, results/resolved/papers.parquet
Outputs: results/similarity/<table>.csv and .parquet for coupling, cocitation, citation
         (edges with weights and measures), their node tables, cited_works, and related
         (each review paper's most similar others)
With shards: similarity: K (K > 1) the products are computed in K similarity_shard jobs
(row blocks, results/similarity/shards/) and gathered by rule similarity.
"""


rule similarity_shard:
    input:
        references="results/match/references.parquet",
        papers="results/resolved/papers.parquet",
    output:
        temp("results/similarity/shards/{shard}.npz"),
    log:
        "logs/similarity_shard/{shard}.log",
    benchmark:
        "logs/benchmarks/similarity_shard_{shard}.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("similarity_shard")
    resources:
        **rule_resources("similarity_shard"),
    params:
        graphs=config["graphs"],
        shard="{shard}",
        shards=config["shards"]["similarity"],
    script:
        "../scripts/similarity_shard.py"


rule similarity:
    input:
        references="results/match/references.parquet",
        works="results/match/works.parquet",
        papers="results/resolved/papers.parquet",
        shards=similarity_shards(),
    output:
        expand("results/similarity/{table}.parquet", table=GRAPH_TABLES),
        shown_tables(expand("results/similarity/{table}.csv", table=GRAPH_TABLES)),
    log:
        "logs/similarity.log",
    benchmark:
        "logs/benchmarks/similarity.tsv"
    priority: 3  # on the longest path: before the jobs that end a branch
    conda:
        "../environment.yml"
    threads: rule_threads("similarity")
    resources:
        **rule_resources("similarity"),
    params:
        graphs=config["graphs"],
    script:
        "../scripts/similarity.py"
