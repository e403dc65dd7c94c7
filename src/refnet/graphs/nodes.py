"""Node tables of the graphs: one row per node with the attributes graph files show."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.graphs.incidence import Incidence
from refnet.labels import short_label
from refnet.model import conform

NODE_COLUMNS: dict[str, str] = {
    "id": "str",
    "label": "str",  # short "Surname Year" label
    "title": "str",
    "year": "Int64",
    "doi": "str",
    "kind": "str",
    "citations": "int64",  # local citations: distinct review papers citing it
    "references": "int64",  # distinct matched references (0 for cited works)
}


def paper_nodes(papers: pd.DataFrame, inc: Incidence, citations: pd.DataFrame) -> pd.DataFrame:
    """Review papers as nodes; ``citations`` is the direct-citation table."""
    papers = papers.sort_values("paper_id", kind="stable")
    ids = papers["paper_id"].astype(str)
    labels = [
        short_label(a, y, t, i)
        for a, y, t, i in zip(papers["authors"], papers["year"], papers["title"], ids, strict=True)
    ]
    references = pd.Series(inc.references, index=inc.papers)
    cited = citations["target"].value_counts()
    nodes = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "label": labels,
            "title": papers["title"].to_numpy(),
            "year": papers["year"].to_numpy(),
            "doi": papers["doi"].to_numpy(),
            "kind": papers["kind"].to_numpy(),
            "citations": ids.map(cited).fillna(0).to_numpy(),
            "references": ids.map(references).fillna(0).to_numpy(),
        }
    )
    return conform(nodes, NODE_COLUMNS)


def work_nodes(works: pd.DataFrame, inc: Incidence, positions: np.ndarray) -> pd.DataFrame:
    """The cited works at ``positions`` (columns of ``inc``) as nodes."""
    ids = pd.Series(inc.works[positions], dtype=object)
    known = works.drop_duplicates("work_id").set_index("work_id")
    rows = known.reindex(ids)
    labels = rows["label"].fillna("").astype(str).to_numpy()
    nodes = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "label": np.where(labels == "", ids.to_numpy(), labels),
            "title": rows["title"].to_numpy(),
            "year": rows["year"].to_numpy(),
            "doi": rows["doi"].to_numpy(),
            "kind": rows["kind"].to_numpy(),
            "citations": inc.citations[positions],
            "references": 0,
        }
    )
    return conform(nodes, NODE_COLUMNS)
