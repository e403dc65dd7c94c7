"""Exports: BibTeX bundles and graph files that LaTeX, Zotero, JabRef, Gephi and VOSviewer open.

Inputs:  review papers, cited works, similarity tables
Outputs: results/bib/{review,cited}.bib, results/graphs/{graph}.{gexf,graphml,net,clu},
         results/vosviewer/{graph}_{map,network}.txt and {graph}.json (graph files of a
         large graph keep its strongest nodes and edges: graphs.files in review.yaml),
         laid out and coloured by the fronts (results/clusters/)
"""


rule bibtex:
    input:
        papers="results/resolved/papers.parquet",
        works="results/match/works.parquet",
    output:
        review="results/bib/review.bib",
        cited="results/bib/cited.bib",
    log:
        "logs/bibtex.log",
    benchmark:
        "logs/benchmarks/bibtex.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("bibtex")
    resources:
        **rule_resources("bibtex"),
    script:
        "../scripts/bibtex.py"


rule graph_files:
    input:
        edges="results/similarity/{graph}.parquet",
        nodes="results/similarity/{graph}_nodes.parquet",
        members="results/clusters/{graph}_members.parquet",
    output:
        gexf="results/graphs/{graph}.gexf",
        graphml="results/graphs/{graph}.graphml",
        pajek="results/graphs/{graph}.net",
        clu="results/graphs/{graph}.clu",
    log:
        "logs/graph_files/{graph}.log",
    benchmark:
        "logs/benchmarks/graph_files_{graph}.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("graph_files")
    resources:
        **rule_resources("graph_files"),
    params:
        name="{graph}",
        limits=config["graphs"]["files"],
    script:
        "../scripts/graph_files.py"


rule vosviewer:
    input:
        edges="results/similarity/{graph}.parquet",
        nodes="results/similarity/{graph}_nodes.parquet",
        members="results/clusters/{graph}_members.parquet",
        clusters="results/clusters/{graph}.parquet",
    output:
        map="results/vosviewer/{graph}_map.txt",
        network="results/vosviewer/{graph}_network.txt",
        json="results/vosviewer/{graph}.json",
    log:
        "logs/vosviewer/{graph}.log",
    benchmark:
        "logs/benchmarks/vosviewer_{graph}.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("vosviewer")
    resources:
        **rule_resources("vosviewer"),
    params:
        name="{graph}",
        limits=config["graphs"]["files"],
    script:
        "../scripts/vosviewer.py"
