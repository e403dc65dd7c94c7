"""Related papers: for each review paper, the most similar other review papers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from refnet.graphs.incidence import incidence
from refnet.graphs.similarity import EDGE_COLUMNS, cocitation
from refnet.model import conform

RELATED_COLUMNS: dict[str, str] = {
    "paper_id": "str",
    "rank": "int64",  # 1 = most related
    "related_id": "str",
    "score": "float64",
    "coupling_weight": "int64",  # references the two papers share
    "cocitation_weight": "int64",  # review papers citing both
    "coupling_cosine": "float64",
    "cocitation_cosine": "float64",
    "paper_title": "str",
    "related_title": "str",
}


def paper_cocitation(citations: pd.DataFrame, papers: Sequence[str]) -> pd.DataFrame:
    """Co-citation of review papers: pairs cited together by other review papers.

    ``citations`` is the direct-citation table (source cites target); s_i is the number
    of review papers citing paper i.
    """
    as_references = pd.DataFrame(
        {"citing_id": citations["source"].astype(str), "work_id": citations["target"].astype(str)}
    )
    return cocitation(incidence(as_references, papers=papers), min_citations=1)


def related_papers(
    coupling: pd.DataFrame,
    cocited: pd.DataFrame,
    papers: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    top_k: int = 10,
) -> pd.DataFrame:
    """Rank, for each review paper, the others by a combined similarity.

    score(i, j) = w_coupling · cosine_coupling(i, j) + w_cocitation · cosine_cocitation(i, j)

    where each cosine is Salton's c_ij / √(s_i·s_j) from its own graph (0 when the pair
    is absent from it) and the weights come from ``graphs.related_weights``. Like
    Amsler's (1972) measure it credits both shared references and shared citers; unlike
    it, each kind is normalised by its own totals, so a long reference list does not
    drown co-citation. Ties are broken by ``related_id``. Only pairs with a shared
    reference or a shared citer are listed, at most ``top_k`` per paper.
    """
    weights = {"coupling": 1.0, "cocitation": 1.0, **(weights or {})}
    pairs = _both_directions(coupling, "coupling").merge(
        _both_directions(cocited, "cocitation"), on=["paper_id", "related_id"], how="outer"
    )
    for kind in ("coupling", "cocitation"):
        pairs[f"{kind}_weight"] = pairs[f"{kind}_weight"].fillna(0).astype(np.int64)
        pairs[f"{kind}_cosine"] = pairs[f"{kind}_cosine"].fillna(0.0).astype(np.float64)
    pairs["score"] = (
        weights["coupling"] * pairs["coupling_cosine"]
        + weights["cocitation"] * pairs["cocitation_cosine"]
    )
    pairs = pairs.sort_values(
        ["paper_id", "score", "related_id"], ascending=[True, False, True], kind="stable"
    )
    pairs["rank"] = pairs.groupby("paper_id", sort=False).cumcount() + 1
    pairs = pairs.loc[pairs["rank"] <= top_k]
    titles = dict(zip(papers["paper_id"].astype(str), papers["title"].astype(str), strict=False))
    pairs["paper_title"] = pairs["paper_id"].map(titles)
    pairs["related_title"] = pairs["related_id"].map(titles)
    return conform(pairs, RELATED_COLUMNS)


def _both_directions(edges: pd.DataFrame, kind: str) -> pd.DataFrame:
    edges = conform(edges, EDGE_COLUMNS)
    forward = pd.DataFrame(
        {
            "paper_id": edges["source"],
            "related_id": edges["target"],
            f"{kind}_weight": edges["weight"],
            f"{kind}_cosine": edges["cosine"],
        }
    )
    backward = forward.rename(columns={"paper_id": "related_id", "related_id": "paper_id"})
    return pd.concat([forward, backward], ignore_index=True)
