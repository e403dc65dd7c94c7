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
        *discover_outputs(),
    ]


def discover_outputs():
    """The discover stage's files, unless discover: enabled: false."""
    if not config["discover"]["enabled"]:
        return []
    names = ["candidates.csv", "candidates.parquet", "new.csv", "candidates.bib"]
    return [f"results/discover/{name}" for name in [*names, "candidates.ris"]]
