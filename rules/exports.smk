"""Exports: BibTeX bundles and graph files that LaTeX, Zotero, JabRef, Gephi and VOSviewer open.

Inputs:  review papers, cited works, similarity tables
Outputs: results/bib/{review,cited}.bib, results/graphs/{graph}.{gexf,graphml,net},
         results/vosviewer/{graph}_{map,network}.txt and {graph}.json (graph files of a
         large graph keep its strongest nodes and edges: graphs.files in review.yaml)
"""


rule bibtex:
    input:
        papers="results/resolved/papers.parquet",
        works="results/match/works.parquet",
    output:
        review=shown("results/bib/review.bib", "bibtex"),
        cited=shown("results/bib/cited.bib", "bibtex"),
    log:
        "logs/bibtex.log",
    conda:
        "../environment.yml"
    script:
        "../scripts/bibtex.py"


rule graph_files:
    input:
        edges="results/similarity/{graph}.parquet",
        nodes="results/similarity/{graph}_nodes.parquet",
    output:
        gexf=shown("results/graphs/{graph}.gexf", "graphfiles"),
        graphml=shown("results/graphs/{graph}.graphml", "graphfiles"),
        pajek=shown("results/graphs/{graph}.net", "graphfiles"),
    log:
        "logs/graph_files/{graph}.log",
    conda:
        "../environment.yml"
    params:
        name="{graph}",
        limits=config["graphs"]["files"],
    script:
        "../scripts/graph_files.py"


rule vosviewer:
    input:
        edges="results/similarity/{graph}.parquet",
        nodes="results/similarity/{graph}_nodes.parquet",
    output:
        map=shown("results/vosviewer/{graph}_map.txt", "vosviewer"),
        network=shown("results/vosviewer/{graph}_network.txt", "vosviewer"),
        json=shown("results/vosviewer/{graph}.json", "vosviewer"),
    log:
        "logs/vosviewer/{graph}.log",
    conda:
        "../environment.yml"
    params:
        name="{graph}",
        limits=config["graphs"]["files"],
    script:
        "../scripts/vosviewer.py"
