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
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from refnet import tables
from refnet.graphs.citation import cited_works, direct_citations
from refnet.graphs.edges import Edges
from refnet.graphs.evidence import EVIDENCE_MAX_ROWS, Links, evidence, exact_weights, link_rules
from refnet.graphs.incidence import incidence
from refnet.graphs.names import GRAPH_TABLES
from refnet.graphs.nodes import paper_nodes, work_nodes
from refnet.graphs.related import paper_cocitation, related_papers
from refnet.graphs.similarity import cocitation_edges, cocited_works, coupling_edges
from refnet.match.frames import conform_fast
from refnet.model import PAPER_COLUMNS, WORK_COLUMNS
from refnet.tables import write_batches, write_csv, write_parquet

#: The reference columns the graphs use (``origin`` names a bad row in errors,
#: ``match_rule`` says what each link rests on).
USED_REFERENCE_COLUMNS = ("citing_id", "work_id", "origin", "match_rule")


def build_graphs(
    references: pd.DataFrame,
    works: pd.DataFrame,
    papers: pd.DataFrame,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, pd.DataFrame | Edges]:
    """Every graph table from the matched references, the works and the review papers.

    ``settings`` is the ``graphs`` section of review.yaml (defaults filled in). The
    ``coupling`` and ``cocitation`` tables are :class:`Edges` (``frame()`` gives the
    table); the others are DataFrames.
    """
    settings = dict(settings or {})
    min_weight = int(settings.get("min_weight", 1))
    top_k = int(settings.get("top_k", 0))
    min_citations = int(settings.get("cocitation_min_citations", 2))
    paper_ids = sorted(set(papers["paper_id"].astype(str)))
    inc = incidence(references, papers=paper_ids)
    cited = cited_works(references)
    citation = direct_citations(references, works, cited)
    nodes = paper_nodes(papers, inc, citation)
    coupled = coupling_edges(inc)  # related papers use every pair, whatever the pruning
    related = related_papers(
        coupled,
        paper_cocitation(citation, paper_ids),
        papers,
        weights=settings.get("related_weights"),
        top_k=int(settings.get("related_top_k", 10)),
    )
    if min_weight > 1 or top_k:
        del coupled
        coupled = coupling_edges(inc, min_weight, top_k)
    max_rows = int(settings.get("evidence_max_rows", EVIDENCE_MAX_ROWS))
    links = link_rules(references, inc)
    coupled = coupled.with_exact(exact_weights(links.matrix, links.exact(), coupled))
    work_labels = _labels(works, "work_id", inc.works)
    coupling_why = evidence(links, coupled, inc.works, work_labels, max_rows, "coupling")
    kept = cocited_works(inc, min_citations)
    by_work = Links(links.matrix[:, kept].T.tocsr(), links.rules)
    by_work.matrix.sort_indices()
    cocited = cocitation_edges(inc, min_citations, min_weight, top_k)
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
        write_batches(table.schema, table.batches(tables.ROW_GROUP_ROWS), csv_path, parquet_path)
        return
    frame = table.frame() if isinstance(table, Edges) else table
    write_csv(frame, csv_path)
    write_parquet(frame, parquet_path)


def read_references(path: str | Path) -> pd.DataFrame:
    """The text columns of the matched reference table that the graphs use, missing
    values as "" (what ``model.conform`` gives), kept as Arrow strings."""
    present = set(pq.read_schema(path).names)
    table = pq.read_table(path, columns=[c for c in USED_REFERENCE_COLUMNS if c in present])
    columns = {}
    for name in USED_REFERENCE_COLUMNS:
        if name in present:
            text = pc.cast(table.column(name), pa.string())
            text = pc.fill_null(text, "") if text.null_count else text
        else:
            text = pa.chunked_array([pa.nulls(table.num_rows, pa.string()).fill_null("")])
        columns[name] = pd.Series(pd.array(text, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
    return pd.DataFrame(columns)


def run_graphs(
    references_path: str | Path,
    works_path: str | Path,
    papers_path: str | Path,
    settings: Mapping[str, Any] | None,
    out_dir: str | Path,
) -> dict[str, Path]:
    """Read the Parquet inputs, build the graphs and write ``<out_dir>/<table>.{csv,parquet}``.

    Returns the paths written, by table name. Each table is dropped once written.
    """
    built = build_graphs(
        read_references(references_path),
        conform_fast(pd.read_parquet(works_path), WORK_COLUMNS),
        conform_fast(pd.read_parquet(papers_path), PAPER_COLUMNS),
        settings,
    )
    out_dir = Path(out_dir)
    written: dict[str, Path] = {}
    for name in GRAPH_TABLES:
        table = built.pop(name)
        write_graph_table(table, out_dir / f"{name}.csv", out_dir / f"{name}.parquet")
        del table
        written[name] = out_dir / f"{name}.csv"
    return written
