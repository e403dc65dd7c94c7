"""Exports: bibliographies and graph files that LaTeX, Zotero, JabRef, Gephi and VOSviewer open.

Inputs:  review papers, cited works, similarity tables, clusters (results/clusters/)
Outputs: results/graphs/cut/{graph}_{edges,nodes}.parquet and {graph}.json (what the
         graph files keep of a large graph, cut once: graphs.files in review.yaml;
         kept, so a rerun of one consumer does not redo the fronts),
         results/bib/{review,cited}.{bib,ris,json} (BibTeX, RIS, CSL-JSON),
         results/bib/clusters/{graph}-{cluster}-{slug}.{bib,ris,json} per research front,
         listed in results/bib/clusters.csv,
         results/graphs/{graph}.{gexf,graphml,net,clu},
         results/vosviewer/{graph}_{map,network}.txt and {graph}.json (graph files of a
         large graph keep its strongest nodes and edges: graphs.files in review.yaml),
         laid out and coloured by the fronts (results/clusters/)
"""


rule bibliographies:
    input:
        papers="results/resolved/papers.parquet",
        works="results/match/works.parquet",
    output:
        review_bib=shown("results/bib/review.bib", "bibtex"),
        review_ris=shown("results/bib/review.ris", "bibtex"),
        review_json=shown("results/bib/review.json", "bibtex"),
        cited_bib=shown("results/bib/cited.bib", "bibtex"),
        cited_ris=shown("results/bib/cited.ris", "bibtex"),
        cited_json=shown("results/bib/cited.json", "bibtex"),
    log:
        "logs/bibliographies.log",
    benchmark:
        "logs/benchmarks/bibliographies.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("bibliographies")
    resources:
        **rule_resources("bibliographies"),
    script:
        "../scripts/bibliographies.py"


rule front_bibliographies:
    input:
        papers="results/resolved/papers.parquet",
        works="results/match/works.parquet",
        members=expand("results/clusters/{graph}_members.parquet", graph=GRAPHS),
        clusters=expand("results/clusters/{graph}.parquet", graph=GRAPHS),
    output:
        folder=directory("results/bib/clusters"),
        manifest="results/bib/clusters.csv",
    log:
        "logs/front_bibliographies.log",
    benchmark:
        "logs/benchmarks/front_bibliographies.tsv"
    priority: 1  # the longest job after the fronts: before the short ones
    conda:
        "../environment.yml"
    threads: rule_threads("front_bibliographies")
    resources:
        **rule_resources("front_bibliographies"),
    params:
        graphs=GRAPHS,
    script:
        "../scripts/front_bibliographies.py"


rule graph_cut:
    input:
        edges="results/similarity/{graph}.parquet",
        nodes="results/similarity/{graph}_nodes.parquet",
    output:
        edges="results/graphs/cut/{graph}_edges.parquet",
        nodes="results/graphs/cut/{graph}_nodes.parquet",
        cut="results/graphs/cut/{graph}.json",
    log:
        "logs/graph_cut/{graph}.log",
    benchmark:
        "logs/benchmarks/graph_cut_{graph}.tsv"
    priority: 2  # on the longest path: before the jobs that end a branch
    conda:
        "../environment.yml"
    threads: rule_threads("graph_cut")
    resources:
        **rule_resources("graph_cut"),
    params:
        name="{graph}",
        limits=config["graphs"]["files"],
    script:
        "../scripts/graph_cut.py"


rule graph_files:
    input:
        edges="results/graphs/cut/{graph}_edges.parquet",
        nodes="results/graphs/cut/{graph}_nodes.parquet",
        cut="results/graphs/cut/{graph}.json",
        members="results/clusters/{graph}_members.parquet",
    output:
        gexf=shown("results/graphs/{graph}.gexf", "graphfiles"),
        graphml=shown("results/graphs/{graph}.graphml", "graphfiles"),
        pajek=shown("results/graphs/{graph}.net", "graphfiles"),
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
        edges="results/graphs/cut/{graph}_edges.parquet",
        nodes="results/graphs/cut/{graph}_nodes.parquet",
        cut="results/graphs/cut/{graph}.json",
        members="results/clusters/{graph}_members.parquet",
        clusters="results/clusters/{graph}.parquet",
    output:
        map=shown("results/vosviewer/{graph}_map.txt", "vosviewer"),
        network=shown("results/vosviewer/{graph}_network.txt", "vosviewer"),
        json=shown("results/vosviewer/{graph}.json", "vosviewer"),
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
