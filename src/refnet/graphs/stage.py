"""The graphs stage: read the matched tables, write every graph's edge and node tables.

Coupling and co-citation stay :class:`~refnet.graphs.edges.Edges` (integer arrays) until
they are written: their tables are streamed to CSV and Parquet one row group at a time,
so a review of 100,000 papers never holds tens of millions of rows of text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from refnet import tables
from refnet.graphs.citation import cited_works, direct_citations
from refnet.graphs.edges import Edges
from refnet.graphs.evidence import EVIDENCE_MAX_ROWS, Links, evidence, exact_weights, link_rules
from refnet.graphs.incidence import incidence
from refnet.graphs.names import GRAPH_TABLES
from refnet.graphs.nodes import paper_nodes, work_nodes
from refnet.graphs.related import paper_cocitation, related_papers
from refnet.graphs.similarity import (
    Pairs,
    cocitation_edges,
    cocitation_pairs,
    cocited_works,
    coupling_edges,
    coupling_pairs,
    gather_pairs,
)
from refnet.match.frames import conform_fast
from refnet.model import PAPER_COLUMNS, WORK_COLUMNS
from refnet.tables import write_batches, write_csv_and_parquet

#: The reference columns the graphs use (``origin`` names a bad row in errors,
#: ``match_rule`` says what each link rests on).
USED_REFERENCE_COLUMNS = ("citing_id", "work_id", "origin", "match_rule")


def build_graphs(
    references: pd.DataFrame,
    works: pd.DataFrame,
    papers: pd.DataFrame,
    settings: Mapping[str, Any] | None = None,
    pairs: Mapping[str, Pairs] | None = None,
) -> dict[str, pd.DataFrame | Edges]:
    """Every graph table from the matched references, the works and the review papers.

    ``settings`` is the ``graphs`` section of review.yaml (defaults filled in). The
    ``coupling`` and ``cocitation`` tables are :class:`Edges` (``frame()`` gives the
    table); the others are DataFrames. ``pairs``: the products gathered from
    :func:`run_similarity_shard` jobs, by name (:func:`shard_products`).
    """
    pairs = pairs or {}
    settings = dict(settings or {})
    min_weight = int(settings.get("min_weight", 1))
    top_k = int(settings.get("top_k", 0))
    min_citations = int(settings.get("cocitation_min_citations", 2))
    paper_ids = sorted(set(papers["paper_id"].astype(str)))
    inc = incidence(references, papers=paper_ids)
    cited = cited_works(references, inc)
    citation = direct_citations(references, works, cited)
    nodes = paper_nodes(papers, inc, citation)
    # related papers use every pair, whatever the pruning
    coupled = coupling_edges(inc, pairs=pairs.get("coupling_all"))
    related = related_papers(
        coupled,
        paper_cocitation(citation, paper_ids),
        papers,
        weights=settings.get("related_weights"),
        top_k=int(settings.get("related_top_k", 10)),
    )
    if min_weight > 1 or top_k:
        del coupled
        coupled = coupling_edges(inc, min_weight, top_k, pairs.get("coupling"))
    max_rows = int(settings.get("evidence_max_rows", EVIDENCE_MAX_ROWS))
    links = link_rules(references, inc)
    coupled = coupled.with_exact(exact_weights(links.matrix, links.exact(), coupled))
    work_labels = _labels(works, "work_id", inc.works)
    coupling_why = evidence(links, coupled, inc.works, work_labels, max_rows, "coupling")
    kept = cocited_works(inc, min_citations)
    by_work = Links(links.matrix[:, kept].T.tocsr(), links.rules)
    by_work.matrix.sort_indices()
    cocited = cocitation_edges(inc, min_citations, min_weight, top_k, pairs.get("cocitation"))
    cocited = cocited.with_exact(exact_weights(by_work.matrix, by_work.exact(), cocited))
    paper_labels = _labels(nodes, "id", inc.papers)
    cocitation_why = evidence(by_work, cocited, inc.papers, paper_labels, max_rows, "cocitation")
    return {
        "coupling": coupled,
        "coupling_nodes": nodes,
        "coupling_evidence": coupling_why,
        "cocitation": cocited,
        "cocitation_nodes": work_nodes(works, inc, kept),
        "cocitation_evidence": cocitation_why,
        "citation": citation,
        "citation_nodes": nodes,
        "cited_works": cited,
        "related": related,
    }


def _labels(table: pd.DataFrame, key: str, ids: np.ndarray) -> np.ndarray:
    """The ``label`` of each id (the id itself where there is none)."""
    labels = table.drop_duplicates(key).set_index(key)["label"].astype(str)
    found = labels.reindex(pd.Index(ids, dtype=object)).fillna("").to_numpy(dtype=object)
    return np.where(found == "", ids, found)


def write_graph_table(table: pd.DataFrame | Edges, csv_path: Path, parquet_path: Path) -> None:
    """Write one graph table as CSV and Parquet; Edges stream one row group at a time."""
    if isinstance(table, Edges) and len(table):
        batches = table.batches(tables.ROW_GROUP_ROWS)
        write_batches(table.schema, batches, csv_path, parquet_path, table.csv_lines())
        return
    write_csv_and_parquet(
        table.frame() if isinstance(table, Edges) else table, csv_path, parquet_path
    )


def read_references(path: str | Path) -> pd.DataFrame:
    """The text columns of the matched reference table that the graphs use, missing
    values as "" (what ``model.conform`` gives), kept as Arrow strings."""
    return tables.read_columns(path, USED_REFERENCE_COLUMNS)


def _pruning(settings: Mapping[str, Any] | None) -> tuple[int, int, int]:
    """(min_weight, top_k, cocitation_min_citations) of the ``graphs`` settings."""
    settings = dict(settings or {})
    return (
        int(settings.get("min_weight", 1)),
        int(settings.get("top_k", 0)),
        int(settings.get("cocitation_min_citations", 2)),
    )


def shard_products(
    references: pd.DataFrame,
    papers: pd.DataFrame,
    settings: Mapping[str, Any] | None,
    shard: int,
    shards: int,
) -> dict[str, Pairs]:
    """Shard ``shard`` of ``shards`` of the coupling and co-citation products (row blocks):
    what :func:`build_graphs` takes as ``pairs`` once every shard's are gathered."""
    min_weight, top_k, min_citations = _pruning(settings)
    inc = incidence(references, papers=sorted(set(papers["paper_id"].astype(str))))
    out = {"coupling_all": coupling_pairs(inc, 1, 0, shard, shards)}
    if min_weight > 1 or top_k:
        out["coupling"] = coupling_pairs(inc, min_weight, top_k, shard, shards)
    out["cocitation"] = cocitation_pairs(inc, min_citations, min_weight, top_k, shard, shards)
    return out


def run_similarity_shard(
    references_path: str | Path,
    papers_path: str | Path,
    settings: Mapping[str, Any] | None,
    shard: int,
    shards: int,
    out_path: str | Path,
) -> None:
    """Compute one shard of the products and save its pairs (``.npz``) for the gather."""
    papers = pd.read_parquet(papers_path, columns=["paper_id"])
    products = shard_products(read_references(references_path), papers, settings, shard, shards)
    arrays = {f"{name}.{k}": part[k] for name, part in products.items() for k in range(3)}
    with Path(out_path).open("wb") as out:
        np.savez(out, **arrays)


def gather_products(paths: list[str | Path], settings: Mapping[str, Any] | None) -> dict:
    """The shards' pairs (files of :func:`run_similarity_shard`, in shard order) joined."""
    top_k = _pruning(settings)[1]
    parts: dict[str, list[Pairs]] = {}
    for path in paths:
        with np.load(path) as saved:
            names = sorted({key.rsplit(".", 1)[0] for key in saved.files})
            for name in names:
                part = tuple(saved[f"{name}.{k}"] for k in range(3))
                parts.setdefault(name, []).append(part)
    return {
        name: gather_pairs(found, 0 if name == "coupling_all" else top_k)
        for name, found in parts.items()
    }


def run_graphs(
    references_path: str | Path,
    works_path: str | Path,
    papers_path: str | Path,
    settings: Mapping[str, Any] | None,
    out_dir: str | Path,
    shard_paths: list[str | Path] | None = None,
) -> dict[str, Path]:
    """Read the Parquet inputs, build the graphs and write ``<out_dir>/<table>.{csv,parquet}``.

    With ``shard_paths`` (the ``similarity_shard`` jobs' files, in shard order) the
    products are taken from them. Returns the paths written, by table name. Each table is
    dropped once written.
    """
    pairs = gather_products(shard_paths, settings) if shard_paths else None
    built = build_graphs(
        read_references(references_path),
        conform_fast(pd.read_parquet(works_path), WORK_COLUMNS),
        conform_fast(pd.read_parquet(papers_path), PAPER_COLUMNS),
        settings,
        pairs,
    )
    out_dir = Path(out_dir)
    written: dict[str, Path] = {}
    for name in GRAPH_TABLES:
        table = built.pop(name)
        write_graph_table(table, out_dir / f"{name}.csv", out_dir / f"{name}.parquet")
        del table
        written[name] = out_dir / f"{name}.csv"
    return written
