"""Fronts: seeded Leiden clusters of each graph, labels from the review's titles and most-cited
works, and a deterministic layout that the graph files carry.

Inputs:  results/similarity/{graph}_nodes.parquet, the graph the files keep
         (results/graphs/cut/, rule graph_cut in exports.smk), the matched
         references and works (top works of a cluster)
Outputs: results/clusters/{graph}_members.{csv,parquet} (node, cluster, x, y, degree in its
         cluster), results/clusters/{graph}.{csv,parquet} (one row per cluster: label, top
         terms and works, mean year, link strengths), results/clusters/{graph}_summary.csv
         (settings, modularity against rewired graphs, whether there is structure at all)
"""


rule fronts:
    input:
        nodes="results/similarity/{graph}_nodes.parquet",
        edges="results/graphs/cut/{graph}_edges.parquet",
        kept_nodes="results/graphs/cut/{graph}_nodes.parquet",
        cut="results/graphs/cut/{graph}.json",
        references="results/match/references.parquet",
        works="results/match/works.parquet",
    output:
        members="results/clusters/{graph}_members.csv",
        members_parquet="results/clusters/{graph}_members.parquet",
        clusters="results/clusters/{graph}.csv",
        clusters_parquet="results/clusters/{graph}.parquet",
        summary="results/clusters/{graph}_summary.csv",
    log:
        "logs/fronts/{graph}.log",
    benchmark:
        "logs/benchmarks/fronts_{graph}.tsv"
    priority: 1  # on the longest path: before the jobs that end a branch
    conda:
        "../environment.yml"
    threads: rule_threads("fronts")
    resources:
        **rule_resources("fronts"),
    params:
        name="{graph}",
        clusters=config["graphs"]["clusters"],
        limits=config["graphs"]["files"],
    script:
        "../scripts/fronts.py"
