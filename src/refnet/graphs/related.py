"""Related papers: for each review paper, the most similar other review papers."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from refnet.graphs.edges import Edges
from refnet.graphs.incidence import incidence
from refnet.graphs.similarity import cocitation
from refnet.match.frames import conform_fast

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
    coupling: pd.DataFrame | Edges,
    cocited: pd.DataFrame | Edges,
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
    reference or a shared citer are listed, at most ``top_k`` per paper. Either graph
    may be an edge table or :class:`~refnet.graphs.edges.Edges`; pairs are handled as
    integer positions, never as a table of both directions.
    """
    weights = {"coupling": 1.0, "cocitation": 1.0, **(weights or {})}
    graphs = [_pair_arrays(coupling), _pair_arrays(cocited)]
    ids = np.unique(np.concatenate([g[0] for g in graphs]).astype(object))
    n = max(len(ids), 1)
    keys, edges = [], []
    for graph_ids, i, j, _, _ in graphs:
        position = np.searchsorted(ids, graph_ids).astype(np.int64)
        a, b = position[i], position[j]
        back = _by_target(a, b, n)
        keys.append(np.concatenate([a * n + b, (b * n + a)[back]]))
        edges.append(np.concatenate([np.arange(len(a)), back]))
    pair, where = _sorted_union(keys)  # empties ``keys``
    # per pair, its edge in each graph (-1: absent); weights and cosines are looked up
    found = []
    for offset, edge in zip((0, len(edges[0])), edges, strict=True):
        index = np.full(len(pair), -1, dtype=np.int64 if len(edge) > 2**31 - 2 else np.int32)
        index[where[offset : offset + len(edge)]] = edge
        found.append(index)
    del edges, where
    score = _present(found[0], graphs[0][4], 0.0)
    score *= weights["coupling"]
    other = _present(found[1], graphs[1][4], 0.0)
    other *= weights["cocitation"]
    score += other
    del other
    paper = pair // n
    chosen, rank = _top_per_paper(paper, score, top_k)
    del paper
    paper, related = pair[chosen] // n, pair[chosen] % n
    del pair
    columns: dict[str, np.ndarray] = {}
    for kind, graph, index in zip(("coupling", "cocitation"), graphs, found, strict=True):
        columns[f"{kind}_weight"] = _present(index[chosen], graph[3], 0).astype(np.int64)
        columns[f"{kind}_cosine"] = _present(index[chosen], graph[4], 0.0)
    titles = dict(zip(papers["paper_id"].astype(str), papers["title"].astype(str), strict=False))
    paper_ids, related_ids = ids[paper], ids[related]
    table = pd.DataFrame(
        {
            "paper_id": paper_ids,
            "rank": rank,
            "related_id": related_ids,
            "score": score[chosen],
            **columns,
            "paper_title": [titles.get(p, "") for p in paper_ids],
            "related_title": [titles.get(r, "") for r in related_ids],
        }
    )
    return conform_fast(table, RELATED_COLUMNS)


#: Pairs ranked per block of papers (bounds the sort's memory).
RANK_BLOCK = 4_000_000


def _by_target(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Positions of the pairs (a, b) in (b, a) order (a counting sort when sorted by a)."""
    order = np.arange(len(a), dtype=np.int64)
    return sp.coo_matrix((order, (a, b)), shape=(n, n)).tocsc().data


def _sorted_union(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys of ``parts`` (emptied) sorted, and where each key went; the keys are
    made of sorted runs, which a stable sort merges in linear time."""
    keys = np.concatenate(parts)
    parts.clear()
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    del keys
    new = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.zeros(0, dtype=bool)
    rank = np.cumsum(new)
    rank -= 1
    where = np.empty(len(ordered), dtype=np.int64)
    where[order] = rank
    del rank, order
    return ordered[new], where


def _present(index: np.ndarray, values: np.ndarray, absent: float) -> np.ndarray:
    """``values[index]`` where ``index`` ≥ 0, ``absent`` elsewhere (``values``' dtype)."""
    out = np.full(len(index), absent, dtype=values.dtype)
    present = index >= 0
    out[present] = values[index[present]]
    return out


def _top_per_paper(
    paper: np.ndarray, score: np.ndarray, top_k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of each paper's ``top_k`` best pairs and their ranks (1 = best).

    Pairs come sorted by (paper, related); a stable sort on score within each paper
    keeps ties in related-id order.
    """
    chosen, ranks = [], []
    starts = np.flatnonzero(np.r_[True, paper[1:] != paper[:-1]]) if len(paper) else paper
    bounds = np.r_[starts, len(paper)]
    block_starts = bounds[np.unique(np.searchsorted(bounds, np.arange(0, len(paper), RANK_BLOCK)))]
    for lo, hi in itertools.pairwise(np.r_[block_starts, len(paper)]):
        order = lo + np.lexsort((-score[lo:hi], paper[lo:hi]))
        group = paper[order]
        first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)])) + 1
        keep = rank <= top_k
        chosen.append(order[keep])
        ranks.append(rank[keep])
    if not chosen:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(chosen), np.concatenate(ranks).astype(np.int64)


def _pair_arrays(
    graph: pd.DataFrame | Edges,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(ids, source positions, target positions, weight, cosine) of an edge table."""
    if isinstance(graph, Edges):
        return graph.ids, graph.source, graph.target, graph.weight, graph.measure("cosine")
    if not len(graph):
        empty = np.empty(0, dtype=np.int64)
        return np.empty(0, dtype=object), empty, empty, empty, empty.astype(np.float64)
    ends = pd.concat([graph["source"], graph["target"]], ignore_index=True).astype(str)
    codes, ids = pd.factorize(ends, sort=True)
    half = len(graph)
    weight = pd.to_numeric(graph["weight"]).fillna(0).to_numpy(dtype=np.int64)
    cosine = pd.to_numeric(graph["cosine"]).to_numpy(dtype=np.float64)
    return np.asarray(ids, dtype=object), codes[:half], codes[half:], weight, cosine
