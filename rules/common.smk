"""Validation of refs/review.yaml and the helpers that list each stage's files.

No rules here: only the config check and input functions used by the rule files. This
runs on every Snakemake call, even a no-op: it imports only light modules, and reads the
review's inputs only when per-paper jobs need them (papers YAML, full texts).
"""

from pathlib import Path

from refnet.config import validate_config
from refnet.graphs.names import GRAPH_TABLES, GRAPHS

config.update(validate_config(config, "refs/review.yaml"))


def per_paper_jobs(config):
    """paper → bibliography file and paper → full text (empty without those inputs)."""
    inputs = config["inputs"]
    if not (inputs["papers"] or inputs["fulltext"]):
        return {}, {}
    from refnet.inputs.seeds import bibliography_files, fulltext_jobs

    bibliographies = bibliography_files(config, Path(".")) if inputs["papers"] else {}
    return bibliographies, fulltext_jobs(config)


BIBLIOGRAPHIES, FULLTEXTS = per_paper_jobs(config)


wildcard_constraints:
    paper=r"[^/]+",
    graph="|".join(GRAPHS),


def seed_files(wildcards=None):
    """Every file named under inputs: in review.yaml."""
    inputs = config["inputs"]
    files = [*inputs["papers"], *inputs["dois"], *inputs["bibtex"], *inputs["exports"]]
    return sorted(set(files))


def bibliography_of(wildcards):
    """The bibliography file of one review paper."""
    return BIBLIOGRAPHIES[wildcards.paper]


def fulltext_of(wildcards):
    """The plain-text paper whose citations become a bibliography."""
    return FULLTEXTS[wildcards.paper]


def parsed_reference_tables(wildcards=None):
    """One parsed table per bibliography and per full text."""
    tables = [f"results/parsed/bibliography/{p}.parquet" for p in sorted(BIBLIOGRAPHIES)]
    tables += [f"results/parsed/fulltext/{p}.parquet" for p in sorted(FULLTEXTS)]
    return tables


def parsed_problem_tables(wildcards=None):
    """The problems table that goes with each parsed table."""
    return [t.removesuffix(".parquet") + ".problems.csv" for t in parsed_reference_tables()]


def overrides_file(wildcards=None):
    """The user's merge overrides, when review.yaml names one."""
    path = config["match"]["overrides"]
    return [path] if path else []


def final_outputs():
    """Everything `snakemake` builds by default."""
    graph_files = [
        f"results/graphs/{graph}.{ext}" for graph in GRAPHS for ext in ("gexf", "graphml", "net")
    ]
    return [
        "results/papers.csv",
        "results/references.csv",
        "results/works.csv",
        "results/match/decisions.csv",
        "results/coverage.csv",
        "results/unresolved.csv",
        "results/problems.csv",
        "results/similarity/coupling.csv",
        "results/similarity/cocitation.csv",
        "results/similarity/citation.csv",
        "results/similarity/related.csv",
        "results/bib/review.bib",
        "results/bib/cited.bib",
        *graph_files,
        "results/vosviewer/coupling_map.txt",
        "results/vosviewer/cocitation_map.txt",
        "results/report.md",
        "results/report.html",
    ]


def built_cluster_tables(wildcards=None):
    """The research-fronts members tables already on disk (the report colours by them)."""
    paths = [f"results/clusters/{graph}_members.parquet" for graph in ("coupling", "cocitation")]
    return [p for p in paths if Path(p).exists()]


#: The group of each caption in `snakemake --report` (captions in rules/captions/).
REPORT_CATEGORIES = {
    "papers": "Tables",
    "references": "Tables",
    "works": "Tables",
    "decisions": "Identity",
    "coverage": "Identity",
    "unresolved": "Identity",
    "problems": "Identity",
    "similarity": "Similarity",
    "bibtex": "Bibliographies",
    "graphfiles": "Graph files",
    "vosviewer": "VOSviewer",
    "report_md": "Review",
    "report_html": "Review",
}


def shown(path, caption):
    """``path`` marked for `snakemake --report` with the caption rules/captions/<caption>.rst."""
    subcategory = "{graph}" if "{graph}" in path else None
    category = REPORT_CATEGORIES[caption]
    return report(
        path, caption=f"captions/{caption}.rst", category=category, subcategory=subcategory
    )


def shown_tables(paths):
    """Each of ``paths`` marked for `snakemake --report` under the similarity caption."""
    return [shown(p, "similarity") for p in paths]
