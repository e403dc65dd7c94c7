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

from dataclasses import dataclass

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
    "cocitation_pairs",
    "cocited_works",
    "coupling",
    "coupling_edges",
    "coupling_pairs",
    "gather_pairs",
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


def coupling_edges(
    inc: Incidence, min_weight: int = 1, top_k: int = 0, pairs: Pairs | None = None
) -> Edges:
    """:func:`coupling` as arrays (no table of strings and floats until asked).

    ``pairs``: the gathered :func:`coupling_pairs` of every shard (the product is then not
    computed again)."""
    return _similarity(inc.matrix, inc.papers, min_weight, top_k, pairs)


def cocitation_edges(
    inc: Incidence,
    min_citations: int = 2,
    min_weight: int = 1,
    top_k: int = 0,
    pairs: Pairs | None = None,
) -> Edges:
    """:func:`cocitation` as arrays (no table of strings and floats until asked)."""
    keep = cocited_works(inc, min_citations)
    matrix = inc.matrix[:, keep].T.tocsr()
    return _similarity(matrix, inc.works[keep], min_weight, top_k, pairs)


def coupling_pairs(inc: Incidence, min_weight: int, top_k: int, shard: int, shards: int) -> Pairs:
    """Shard ``shard`` of ``shards`` of the coupling product: the pairs of its rows."""
    return _shard_pairs(inc.matrix, min_weight, top_k, shard, shards)


def cocitation_pairs(
    inc: Incidence, min_citations: int, min_weight: int, top_k: int, shard: int, shards: int
) -> Pairs:
    """Shard ``shard`` of ``shards`` of the co-citation product: the pairs of its rows."""
    matrix = inc.matrix[:, cocited_works(inc, min_citations)].T.tocsr()
    return _shard_pairs(matrix, min_weight, top_k, shard, shards)


def gather_pairs(parts: list[Pairs], top_k: int) -> Pairs:
    """The shards' pairs joined in shard order: the pairs one whole product gives."""
    i, j, w = (np.concatenate([part[k] for part in parts]) for k in range(3))
    if top_k and len(i):  # a pair among the top of both ends came from two rows
        n = int(max(i.max(), j.max())) + 1
        key, first = np.unique(i.astype(np.int64) * n + j, return_index=True)
        i, j, w = (key // n).astype(i.dtype), (key % n).astype(j.dtype), w[first]
    return i, j, w


def cocited_works(inc: Incidence, min_citations: int) -> np.ndarray:
    """Column positions of the works cited by at least ``min_citations`` papers."""
    return np.flatnonzero(inc.citations >= min_citations)


#: A product's pairs: positions i < j and weights (see :class:`Edges`).
Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class _Product:
    """A matrix ready for its product with its transpose, and its row blocks."""

    matrix: sp.csr_matrix
    occurrences: np.ndarray
    strength: np.ndarray
    bounds: np.ndarray  # per row, an upper bound of its product entries
    blocks: list[tuple[int, int]]
    dtypes: tuple[np.dtype, np.dtype]


def _product(matrix: sp.csr_matrix) -> _Product:
    n = matrix.shape[0]
    occurrences = np.asarray(matrix.sum(axis=1, dtype=np.int64)).ravel()
    # a weight never exceeds the occurrences of either end
    dtypes = (narrowest_int(n - 1), narrowest_int(int(occurrences.max(initial=0))))
    matrix = sp.csr_matrix(matrix, dtype=dtypes[1])  # so products come in the weight dtype
    feature_counts = np.asarray(matrix.sum(axis=0, dtype=np.int64)).ravel()
    strength = matrix @ (feature_counts - 1)
    bounds = matrix @ feature_counts
    return _Product(matrix, occurrences, strength, bounds, _blocks(bounds), dtypes)


def _pairs(p: _Product, blocks: list[tuple[int, int]], min_weight: int, top_k: int) -> Pairs:
    if top_k:
        return _top_edges(p.matrix, blocks, p.occurrences, min_weight, top_k, p.dtypes)
    return _upper_edges(p.matrix, blocks, min_weight, p.dtypes)


def _similarity(
    matrix: sp.csr_matrix, ids: np.ndarray, min_weight: int, top_k: int, pairs: Pairs | None
) -> Edges:
    p = _product(matrix)
    if pairs is None:
        pairs = gather_pairs([_pairs(p, p.blocks, min_weight, top_k)], top_k)
    i, j, w = pairs
    return Edges(ids, i, j, w, p.occurrences, p.strength)


def _shard_pairs(
    matrix: sp.csr_matrix, min_weight: int, top_k: int, shard: int, shards: int
) -> Pairs:
    p = _product(matrix)
    # blocks small enough that every shard gets some (the pairs do not depend on them)
    entries = min(BLOCK_ENTRIES, -(-int(p.bounds.sum()) // shards))
    blocks = _blocks(p.bounds, max(entries, 1))
    return _pairs(p, shard_blocks(blocks, p.bounds, shard, shards), min_weight, top_k)


def shard_blocks(
    blocks: list[tuple[int, int]], bounds: np.ndarray, shard: int, shards: int
) -> list[tuple[int, int]]:
    """The row blocks of shard ``shard`` of ``shards``: consecutive blocks, each shard
    about the same share of the product's entries (the split depends on the data only)."""
    if not 0 <= shard < shards:
        raise ValueError(f"shard {shard} is not one of 0..{shards - 1}")
    cumulative = np.cumsum(bounds, dtype=np.float64)
    total = cumulative[-1] if len(cumulative) else 0.0
    before = [cumulative[start - 1] if start else 0.0 for start, _ in blocks]
    owner = [min(shards - 1, int(shards * b / total)) if total else 0 for b in before]
    return [block for block, k in zip(blocks, owner, strict=True) if k == shard]


def narrowest_int(bound: int) -> np.dtype:
    """The narrowest of int16 and int32 holding every integer in 0..``bound``."""
    return np.dtype(np.int16 if bound <= np.iinfo(np.int16).max else np.int32)


def _upper_edges(
    matrix: sp.csr_matrix,
    blocks: list[tuple[int, int]],
    min_weight: int,
    dtypes: tuple[np.dtype, np.dtype],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair i < j with weight ≥ ``min_weight``, sorted by (i, j).

    The product is symmetric, so rows ``start:stop`` of its upper triangle are the
    columns of the part of ``matrix[start:] @ matrix[start:stop]ᵀ`` below the diagonal:
    converted to CSC, its entries come grouped by row i and sorted by j in one counting
    pass. Each block keeps its targets and weights in the output dtypes and its number
    of edges per row, from which the sources are rebuilt.
    """
    (position, weight), counts = dtypes, np.zeros(matrix.shape[0], dtype=np.int64)
    targets, weights = [], []
    columns = matrix.T  # CSC: a block of its columns is one contiguous slice
    for start, stop in blocks:
        product = _rows_from(matrix, start) @ columns[:, start:stop]
        upper = _below_diagonal(product, min_weight).tocsc()
        del product
        counts[start:stop] = np.diff(upper.indptr)
        targets.append(np.add(upper.indices, start, dtype=position, casting="unsafe"))
        weights.append(upper.data.astype(weight, copy=False))
        del upper
    rows = slice(blocks[0][0], blocks[-1][1]) if blocks else slice(0, 0)
    sources = np.repeat(np.arange(len(counts), dtype=position)[rows], counts[rows])
    return sources, _join(targets, position), _join(weights, weight)


def _below_diagonal(product: sp.csr_matrix, min_weight: int) -> sp.csr_matrix:
    """The entries of ``product`` with column < row and weight ≥ ``min_weight``.

    Rows from ``product.shape[1]`` on lie wholly below the diagonal, so with no weight
    bound only the rows before them are checked entry by entry.
    """
    n_rows, n_cols = product.shape
    checked = n_rows if min_weight > 1 else min(n_rows, n_cols)
    head = int(product.indptr[checked])
    rows = _rows(product.indptr[: checked + 1])
    keep = product.indices[:head] < rows
    if min_weight > 1:
        keep &= product.data >= min_weight
    indptr = product.indptr.copy()
    np.cumsum(np.bincount(rows[keep], minlength=checked), out=indptr[1 : checked + 1])
    del rows
    indptr[checked + 1 :] -= head - indptr[checked]
    data = np.concatenate([product.data[:head][keep], product.data[head:]])
    indices = np.concatenate([product.indices[:head][keep], product.indices[head:]])
    return sp.csr_matrix((data, indices, indptr), product.shape)


def _rows_from(matrix: sp.csr_matrix, start: int) -> sp.csr_matrix:
    """Rows ``start:`` of ``matrix`` sharing its data (no copy of the entries)."""
    first = int(matrix.indptr[start])
    parts = (matrix.data[first:], matrix.indices[first:], matrix.indptr[start:] - first)
    return sp.csr_matrix(parts, shape=(matrix.shape[0] - start, matrix.shape[1]), copy=False)


def _rows(indptr: np.ndarray) -> np.ndarray:
    """The row of each stored entry of a CSR matrix with row pointers ``indptr`` (int32)."""
    return np.repeat(np.arange(len(indptr) - 1, dtype=np.int32), np.diff(indptr))


def _join(parts: list[np.ndarray], dtype: np.dtype) -> np.ndarray:
    """``parts`` joined into one array, each part freed (``parts`` emptied) once copied.

    The joined array is filled as the parts go, so their memory is not held twice.
    """
    joined = np.empty(sum(len(part) for part in parts), dtype=dtype)
    start = 0
    parts.reverse()
    while parts:
        part = parts.pop()
        joined[start : start + len(part)] = part
        start += len(part)
    return joined


def _top_edges(
    matrix: sp.csr_matrix,
    blocks: list[tuple[int, int]],
    occurrences: np.ndarray,
    min_weight: int,
    top_k: int,
    dtypes: tuple[np.dtype, np.dtype],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs among the ``top_k`` strongest of either end, by row block (a pair can
    come twice: :func:`gather_pairs` keeps one and sorts them by (i, j))."""
    n, (position, weight) = matrix.shape[0], dtypes
    # ties: higher cosine first (smaller s_j, as s_i is fixed within a row), then id
    tie_rank = np.empty(n, dtype=np.int64)
    tie_rank[np.lexsort((np.arange(n), occurrences))] = np.arange(n)
    transposed = matrix.T.tocsr()
    parts = [[], [], []]
    for start, stop in blocks:
        block = _top_pairs(matrix[start:stop] @ transposed, start, tie_rank, min_weight, top_k)
        for part, values in zip(parts, block, strict=True):
            part.append(values)
        del block
    return _join(parts[0], position), _join(parts[1], position), _join(parts[2], weight)


def _blocks(upper_bounds: np.ndarray, entries: int = 0) -> list[tuple[int, int]]:
    """Row ranges whose product has at most about ``entries`` (BLOCK_ENTRIES) entries."""
    entries = entries or BLOCK_ENTRIES
    cumulative = np.cumsum(upper_bounds)
    blocks, start, n = [], 0, len(upper_bounds)
    while start < n:
        before = cumulative[start - 1] if start else 0
        stop = int(np.searchsorted(cumulative, before + entries, side="right"))
        stop = max(stop, start + 1)
        blocks.append((start, stop))
        start = stop
    return blocks


def _top_pairs(
    product: sp.csr_matrix, offset: int, tie_rank: np.ndarray, min_weight: int, top_k: int
) -> list[np.ndarray]:
    """Each row's ``top_k`` strongest pairs as (min, max, weight).

    Strongest first; ties go to the neighbour with the lower ``tie_rank``.
    """
    rows, cols, w = _rows(product.indptr), product.indices, product.data  # key below orders
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
