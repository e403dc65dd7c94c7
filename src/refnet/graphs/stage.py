"""The graphs stage: read the matched tables, write every graph's edge and node tables."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from refnet.graphs.citation import cited_works, direct_citations
from refnet.graphs.incidence import incidence
from refnet.graphs.names import GRAPH_TABLES
from refnet.graphs.nodes import paper_nodes, work_nodes
from refnet.graphs.related import paper_cocitation, related_papers
from refnet.graphs.similarity import cocitation, cocited_works, coupling
from refnet.model import MATCH_COLUMNS, PAPER_COLUMNS, REFERENCE_COLUMNS, WORK_COLUMNS
from refnet.tables import read_parquet, write_csv, write_parquet


def build_graphs(
    references: pd.DataFrame,
    works: pd.DataFrame,
    papers: pd.DataFrame,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every graph table from the matched references, the works and the review papers.

    ``settings`` is the ``graphs`` section of review.yaml (defaults filled in).
    """
    settings = dict(settings or {})
    min_weight = int(settings.get("min_weight", 1))
    top_k = int(settings.get("top_k", 0))
    min_citations = int(settings.get("cocitation_min_citations", 2))
    paper_ids = sorted(set(papers["paper_id"].astype(str)))
    inc = incidence(references, papers=paper_ids)
    citation = direct_citations(references, works)
    nodes = paper_nodes(papers, inc, citation)
    full_coupling = coupling(inc)  # related papers use every pair, whatever the pruning
    pruned = full_coupling if min_weight <= 1 and not top_k else coupling(inc, min_weight, top_k)
    return {
        "coupling": pruned,
        "coupling_nodes": nodes,
        "cocitation": cocitation(inc, min_citations, min_weight, top_k),
        "cocitation_nodes": work_nodes(works, inc, cocited_works(inc, min_citations)),
        "citation": citation,
        "citation_nodes": nodes,
        "cited_works": cited_works(references),
        "related": related_papers(
            full_coupling,
            paper_cocitation(citation, paper_ids),
            papers,
            weights=settings.get("related_weights"),
            top_k=int(settings.get("related_top_k", 10)),
        ),
    }


def run_graphs(
    references_path: str | Path,
    works_path: str | Path,
    papers_path: str | Path,
    settings: Mapping[str, Any] | None,
    out_dir: str | Path,
) -> dict[str, Path]:
    """Read the Parquet inputs, build the graphs and write ``<out_dir>/<table>.{csv,parquet}``.

    Returns the paths written, by table name.
    """
    references = read_parquet(references_path, {**REFERENCE_COLUMNS, **MATCH_COLUMNS})
    works = read_parquet(works_path, WORK_COLUMNS)
    papers = read_parquet(papers_path, PAPER_COLUMNS)
    tables = build_graphs(references, works, papers, settings)
    out_dir = Path(out_dir)
    written: dict[str, Path] = {}
    for name in GRAPH_TABLES:
        write_csv(tables[name], out_dir / f"{name}.csv")
        write_parquet(tables[name], out_dir / f"{name}.parquet")
        written[name] = out_dir / f"{name}.csv"
    return written
