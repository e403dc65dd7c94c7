"""Bibliographic coupling and co-citation with their similarity measures.

Both graphs come from one product of a sparse 0/1 matrix M (items × features) with its
transpose: coupling uses M = A (papers × works), co-citation M = Aᵀ (works × papers,
restricted to works cited at least ``min_citations`` times). For a pair of items i, j:

- ``weight`` c_ij: shared features (references in common, or papers citing both);
- s_i: occurrences of item i, the row sum of M. For coupling it is the number of
  distinct matched references of paper i; for co-citation the local citation count of
  work i (distinct review papers citing it, counted before any filter);
- ``jaccard`` = c_ij / (s_i + s_j − c_ij); ``cosine`` (Salton) = c_ij / √(s_i·s_j);
  ``inclusion`` (Simpson, overlap) = c_ij / min(s_i, s_j);
  ``association`` (van Eck & Waltman 2009, proximity index) = c_ij / (s_i·s_j);
- ``association_cwts`` = c_ij · 2m / (n_i·n_j), the form of VOSviewer and CWTS
  networkanalysis: n_i is the total link strength of i (Σ_{j≠i} c_ij over the whole
  graph, before ``min_weight`` and ``top_k``) and 2m = Σ_i n_i. It is observed over
  expected weight, so 1 means "as often as chance".

Measures are computed on the non-zero pairs only; the product is done in row blocks
so memory stays bounded, and no dense n×n matrix is ever built.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from refnet.graphs.edges import EDGE_COLUMNS, MEASURES, Edges
from refnet.graphs.incidence import Incidence

__all__ = [
    "EDGE_COLUMNS",
    "MEASURES",
    "Edges",
    "cocitation",
    "cocitation_edges",
    "cocited_works",
    "coupling",
    "coupling_edges",
]

#: Upper bound of product entries handled per row block.
BLOCK_ENTRIES = 2_000_000


def coupling(inc: Incidence, min_weight: int = 1, top_k: int = 0) -> pd.DataFrame:
    """Bibliographic coupling of the papers: A·Aᵀ above the diagonal, with measures."""
    return coupling_edges(inc, min_weight=min_weight, top_k=top_k).frame()


def cocitation(
    inc: Incidence, min_citations: int = 2, min_weight: int = 1, top_k: int = 0
) -> pd.DataFrame:
    """Co-citation of the works cited by ≥ ``min_citations`` papers: Aᵀ·A, with measures."""
    return cocitation_edges(inc, min_citations, min_weight, top_k).frame()


def coupling_edges(inc: Incidence, min_weight: int = 1, top_k: int = 0) -> Edges:
    """:func:`coupling` as arrays (no table of strings and floats until asked)."""
    return _similarity(inc.matrix, inc.papers, min_weight=min_weight, top_k=top_k)


def cocitation_edges(
    inc: Incidence, min_citations: int = 2, min_weight: int = 1, top_k: int = 0
) -> Edges:
    """:func:`cocitation` as arrays (no table of strings and floats until asked)."""
    keep = cocited_works(inc, min_citations)
    matrix = inc.matrix[:, keep].T.tocsr()
    return _similarity(matrix, inc.works[keep], min_weight=min_weight, top_k=top_k)


def cocited_works(inc: Incidence, min_citations: int) -> np.ndarray:
    """Column positions of the works cited by at least ``min_citations`` papers."""
    return np.flatnonzero(inc.citations >= min_citations)


def _similarity(matrix: sp.csr_matrix, ids: np.ndarray, min_weight: int, top_k: int) -> Edges:
    matrix = sp.csr_matrix(matrix, dtype=np.int32)
    n = matrix.shape[0]
    occurrences = np.asarray(matrix.sum(axis=1, dtype=np.int64)).ravel()
    feature_counts = np.asarray(matrix.sum(axis=0, dtype=np.int64)).ravel()
    strength = matrix @ (feature_counts - 1)
    transposed = matrix.T.tocsr()
    if top_k:
        # ties: higher cosine first (smaller s_j, as s_i is fixed within a row), then id
        tie_rank = np.empty(n, dtype=np.int64)
        tie_rank[np.lexsort((np.arange(n), occurrences))] = np.arange(n)
    parts, tail, tail_start = [], transposed, 0
    for start, stop in _blocks(matrix @ feature_counts):
        if top_k:
            product = matrix[start:stop] @ transposed
            parts.append(_top_pairs(product, start, tie_rank, min_weight, top_k))
        else:  # only columns ≥ start can lie above the diagonal: trim them as we go
            tail = tail[:, start - tail_start :] if start > tail_start else tail
            tail_start = start
            product = matrix[start:stop] @ tail
            parts.append(_upper_pairs(product, start, min_weight))
        del product
    i, j, w = (_concatenate(parts, k) for k in range(3))
    if top_k and len(i):
        key, first = np.unique(i.astype(np.int64) * n + j, return_index=True)
        i, j, w = (key // n).astype(np.int32), (key % n).astype(np.int32), w[first]
    return Edges(ids, i, j, w, occurrences, strength)


def _concatenate(parts: list, k: int) -> np.ndarray:
    """The ``k``-th arrays of ``parts`` joined as int32, freeing each part's array."""
    joined = np.concatenate([p[k] for p in parts]) if parts else np.empty(0)
    for p in parts:
        p[k] = None
    return joined.astype(np.int32, copy=False)


def _blocks(upper_bounds: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges whose product has at most about BLOCK_ENTRIES entries."""
    cumulative = np.cumsum(upper_bounds)
    blocks, start, n = [], 0, len(upper_bounds)
    while start < n:
        before = cumulative[start - 1] if start else 0
        stop = int(np.searchsorted(cumulative, before + BLOCK_ENTRIES, side="right"))
        stop = max(stop, start + 1)
        blocks.append((start, stop))
        start = stop
    return blocks


def _entries(product: sp.csr_matrix, ordered: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local rows, columns and values of a CSR product; ``ordered``: columns sorted in rows."""
    if ordered:  # two counting-sort passes: cheaper than sorting every row
        product = product.tocsc().tocsr()
    rows = np.repeat(np.arange(product.shape[0], dtype=np.int32), np.diff(product.indptr))
    return rows, product.indices, product.data


def _upper_pairs(product: sp.csr_matrix, offset: int, min_weight: int) -> list[np.ndarray]:
    """Pairs i < j with weight ≥ min_weight of a block whose columns start at ``offset``."""
    rows, cols, w = _entries(product, ordered=True)
    keep = cols > rows
    if min_weight > 1:
        keep &= w >= min_weight
    return [rows[keep] + offset, cols[keep] + offset, w[keep]]


def _top_pairs(
    product: sp.csr_matrix, offset: int, tie_rank: np.ndarray, min_weight: int, top_k: int
) -> list[np.ndarray]:
    """Each row's ``top_k`` strongest pairs as (min, max, weight).

    Strongest first; ties go to the neighbour with the lower ``tie_rank``.
    """
    rows, cols, w = _entries(product, ordered=False)  # the key below orders them
    keep = (cols != rows + offset) & (w >= min_weight)
    rows, cols, w = rows[keep], cols[keep], w[keep]
    if not len(rows):
        return [rows, cols, w]
    rows, cols, w = _at_least_kth(rows, cols, w, top_k)
    rank_bits = len(tie_rank).bit_length()
    weight_bits = int(w.max()).bit_length()
    if int(rows[-1]).bit_length() + weight_bits + rank_bits <= 62:
        key = rows.astype(np.int64) << (weight_bits + rank_bits)
        key |= (int(w.max()) - w.astype(np.int64)) << rank_bits
        key |= tie_rank[cols]
        order = np.argsort(key)
    else:
        order = np.lexsort((tie_rank[cols], -w, rows))
    rows, cols, w = rows[order], cols[order], w[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    top = rank < top_k
    i, j, w = rows[top] + offset, cols[top], w[top]
    return [np.minimum(i, j), np.maximum(i, j), w]


def _at_least_kth(
    rows: np.ndarray, cols: np.ndarray, w: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drop entries weaker than their row's k-th strongest weight (a cheap pre-filter)."""
    wmax = int(w.max())
    n_rows = int(rows[-1]) + 1
    if n_rows * (wmax + 1) > 50_000_000:
        return rows, cols, w
    counts = np.bincount(rows.astype(np.int64) * (wmax + 1) + w, minlength=n_rows * (wmax + 1))
    at_least = np.cumsum(counts.reshape(n_rows, wmax + 1)[:, ::-1], axis=1)[:, ::-1]
    # threshold: the largest weight t with at least k entries of weight ≥ t (0 if none)
    enough = at_least >= k
    threshold = np.where(enough.any(axis=1), wmax - np.argmax(enough[:, ::-1], axis=1), 0)
    keep = w >= threshold[rows]
    return rows[keep], cols[keep], w[keep]
