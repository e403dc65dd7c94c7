"""Validation of refs/review.yaml and the helpers that list each stage's files.

No rules here: only the config check and input functions used by the rule files. This
runs on every Snakemake call, even a no-op: it imports only light modules, and reads the
review's inputs only when per-paper jobs need them (papers YAML, full texts).
"""

from pathlib import Path

from refnet.config import check_review, validate_config
from refnet.errors import show_tracebacks, stop_on_error
from refnet.graphs.names import GRAPH_TABLES, GRAPHS

# a bad review stops here with one message (its traceback only with verbose: true)
with stop_on_error(bool(config.get("verbose"))):
    config.update(validate_config(config, "refs/review.yaml"))
    check_review(config, Path("."), "refs/review.yaml")
show_tracebacks(config["verbose"])  # in the stages' scripts too


def per_paper_jobs(config):
    """paper → bibliography file and paper → full text (empty without those inputs)."""
    inputs = config["inputs"]
    if not (inputs["papers"] or inputs["fulltext"]):
        return {}, {}
    from refnet.inputs.seeds import per_paper_files

    return per_paper_files(config, Path("."))


with stop_on_error(config["verbose"]):
    BIBLIOGRAPHIES, FULLTEXTS = per_paper_jobs(config)


wildcard_constraints:
    paper=r"[^/]+",
    shard=r"\d+",
    graph="|".join(GRAPHS),


def seed_files(wildcards=None):
    """Every readable file named under inputs: in review.yaml (the seeds stage lists the others)."""
    from refnet.inputs.paths import usable_inputs

    usable, _ = usable_inputs(config, Path("."))
    return sorted({name for names in usable.values() for name in names})


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


#: The bibliography formats written beside each other (BibTeX, RIS, CSL-JSON).
BIB_FORMATS = ("bib", "ris", "json")


def final_outputs():
    """Everything `snakemake` builds by default."""
    graph_files = [
        f"results/graphs/{graph}.{ext}"
        for graph in GRAPHS
        for ext in ("gexf", "graphml", "net", "clu")
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
        "results/similarity/coupling_evidence.csv",
        "results/similarity/cocitation_evidence.csv",
        *[f"results/bib/{name}.{ext}" for name in ("review", "cited") for ext in BIB_FORMATS],
        "results/bib/clusters.csv",
        *graph_files,
        "results/vosviewer/coupling_map.txt",
        "results/vosviewer/cocitation_map.txt",
        "results/report.md",
        *[
            f"results/clusters/{graph}{part}.{ext}"
            for graph in GRAPHS
            for part in ("", "_members")
            for ext in ("csv", "parquet")
        ],
        *[f"results/clusters/{graph}_summary.csv" for graph in GRAPHS],
        *discover_outputs(),
        "results/report.html",
    ]


def rule_resources(rule):
    """mem_mb and runtime (minutes) of one rule: resources.<rule> over resources.default."""
    given = {**config["resources"]["default"], **config["resources"].get(rule, {})}
    return {"mem_mb": given["mem_mb"], "runtime": given["runtime"]}


def rule_threads(rule):
    """Threads of one rule: resources.<rule>.threads over resources.default.threads."""
    return (
        config["resources"].get(rule, {}).get("threads", config["resources"]["default"]["threads"])
    )


def match_looks_up_online():
    """Whether the match rule asks Crossref (online, with match.lookup.enabled)."""
    return not config["sources"]["offline"] and config["match"]["lookup"]["enabled"]


def discover_candidates():
    """The candidates table the report shows, unless discover: enabled: false."""
    return ["results/discover/candidates.parquet"] if config["discover"]["enabled"] else []


def discover_outputs():
    """The discover stage's files, unless discover: enabled: false."""
    if not config["discover"]["enabled"]:
        return []
    names = ["candidates.csv", "candidates.parquet", "new.csv", "candidates.bib"]
    return [f"results/discover/{name}" for name in [*names, "candidates.ris"]]


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


def similarity_shards(wildcards=None):
    """The similarity_shard files, in shard order (none with shards: similarity: 1)."""
    k = config["shards"]["similarity"]
    return [f"results/similarity/shards/{i}.npz" for i in range(k)] if k > 1 else []


def match_shard_count():
    """Match shards: shards.match, but 1 when the match looks works up online."""
    return 1 if match_looks_up_online() else config["shards"]["match"]


def match_shards(wildcards=None):
    """The match_shard tables, in shard order (none with one shard)."""
    k = match_shard_count()
    names = ("references", "works", "decisions", "lookup")
    files = [f"results/match/shards/{i}/{name}.parquet" for i in range(k) for name in names]
    return files if k > 1 else []
