"""Why two nodes are linked: each edge's shared items and what each link rests on.

Every matched reference carries the rule that gave it its work (``match_rule`` of the
match stage): ``doi`` or ``isbn`` (identifiers), ``override`` (the user's overrides
file), or one of the matcher's string rules (``key``, ``title``, ``short-form``,
``author-year``, ``locator``, ``ibid``, ``crossref-bibliographic``…): a fuzzy merge. A
paper citing a work through several references keeps the strongest of them, in the order
doi, isbn, the string rules, override, no rule. An edge's link through one shared item
(a work for coupling, a citing paper for co-citation) has two ends, and rests on the
weaker of them:

- ``doi``: both ends by DOI; ``isbn``: both by an identifier, one at least by ISBN;
- ``fuzzy``: an end by a string rule (the rules of both ends are given);
- ``override``: an end only by an override; ``unknown``: an end with no rule recorded.

``weight_exact`` of an edge counts its shared items whose link is ``doi`` or ``isbn``.
The evidence table has one row per edge and shared item; when it would pass
``evidence_max_rows`` it keeps the strongest edges (weight ≥ a threshold chosen so the
rows fit) and says so in the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from refnet.graphs.edges import Edges
from refnet.graphs.incidence import Incidence, sorted_codes

log = logging.getLogger("refnet")

IDENTIFIER_RULES = ("doi", "isbn")
OVERRIDE = "override"

#: Columns of an evidence table.
EVIDENCE_COLUMNS: dict[str, str] = {
    "source": "str",
    "target": "str",
    "shared": "str",  # the shared work (coupling) or citing paper (co-citation)
    "shared_label": "str",
    "basis": "str",  # doi, isbn, fuzzy, override, unknown
    "source_rule": "str",  # the rule of the source's link to the shared item
    "target_rule": "str",
}

#: Default cap of evidence rows per graph (``graphs.evidence_max_rows``).
EVIDENCE_MAX_ROWS = 1_000_000


def _rank(rule: str) -> int:
    """Strength of a rule, strongest 0: doi, isbn, string rules, override, none."""
    if rule in IDENTIFIER_RULES:
        return IDENTIFIER_RULES.index(rule)
    if rule == OVERRIDE:
        return 3
    return 4 if rule == "" else 2


@dataclass(frozen=True)
class Links:
    """The incidence pattern with the code of each link's rule as data (rules[code - 1])."""

    matrix: sp.csr_matrix
    rules: list[str]

    @property
    def ranks(self) -> np.ndarray:
        """Rank of each rule code (index 0 unused)."""
        return np.array([9] + [_rank(rule) for rule in self.rules], dtype=np.int64)

    def exact(self) -> sp.csr_matrix:
        """0/1 matrix of the links by identifiers."""
        keep = (self.ranks <= 1)[self.matrix.data]
        exact = sp.csr_matrix(
            (keep.astype(np.int32), self.matrix.indices.copy(), self.matrix.indptr.copy()),
            self.matrix.shape,
        )  # copies: eliminate_zeros works in place
        exact.eliminate_zeros()
        return exact


def link_rules(references: pd.DataFrame, inc: Incidence) -> Links:
    """Each (paper, work) link of ``inc`` with its strongest rule."""
    matched = references.loc[references["work_id"].notna() & (references["work_id"] != "")]
    if "match_rule" in matched.columns:
        rule = matched["match_rule"].fillna("").astype(str).to_numpy()
    else:
        rule = np.full(len(matched), "", dtype=object)
    if inc.cols is not None and inc.rows is not None and len(inc.cols) == len(matched):
        col, row = inc.cols, inc.rows  # the incidence coded these references already
    else:
        col, works = sorted_codes(matched["work_id"])
        if not np.array_equal(works, inc.works):
            raise ValueError("references and incidence disagree on the works")
        papers = pa.array(inc.papers, type=pa.string())
        citing = pa.array(matched["citing_id"].astype(str).to_numpy(), type=pa.string())
        row = pc.index_in(citing, value_set=papers).to_numpy(zero_copy_only=False)
    rules = sorted(set(rule.tolist()), key=lambda r: (_rank(r), r))
    number = {name: k for k, name in enumerate(rules, start=1)}
    code = pd.Series(rule, dtype=object).map(number).to_numpy(dtype=np.int64)
    n_works = max(len(inc.works), 1)
    key = row.astype(np.int64) * n_works + col
    order = np.lexsort((code, key))
    first = np.r_[True, key[order][1:] != key[order][:-1]] if len(order) else order
    chosen = order[first]
    matrix = sp.csr_matrix(
        (code[chosen].astype(np.int32), (row[chosen], col[chosen])),
        shape=inc.matrix.shape,
    )
    matrix.sort_indices()
    return Links(matrix, rules)


def exact_weights(links: sp.csr_matrix, exact: sp.csr_matrix, edges: Edges) -> np.ndarray:
    """``weight_exact`` of each edge: shared features joined by identifiers only.

    It is the edge's weight less its shared features where a link is not exact. With A
    the links (0/1), E the exact ones and X = A − E the others, a shared feature f of
    i and j is not exact on both ends exactly when X_if·A_jf + E_if·X_jf = 1, so the
    weight lost is (X·Aᵀ + E·Xᵀ)_ij: a product of the few inexact links, not a second
    product of them all.
    """
    weight = edges.weight.astype(np.int64)
    if exact.nnz == 0 or not len(edges):
        return np.zeros(len(edges), dtype=np.int64)
    if exact.nnz == links.nnz:
        return weight
    pattern = sp.csr_matrix(
        (np.ones(links.nnz, dtype=np.int32), links.indices, links.indptr), links.shape
    )
    inexact = (pattern - exact).tocsr()
    inexact.eliminate_zeros()
    lost = (inexact @ pattern.T + exact @ inexact.T).tocoo()
    upper = lost.row < lost.col
    rows, cols, values = lost.row[upper], lost.col[upper], lost.data[upper]
    n = np.int64(max(links.shape[0], 1))
    keys = edges.source.astype(np.int64) * n + edges.target
    wanted = rows.astype(np.int64) * n + cols
    position = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = keys[position] == wanted  # pairs pruned away (min_weight, top_k) are absent
    weight[position[found]] -= values[found]
    return weight


def _lookup(
    matrix: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each (row, col) is stored in ``matrix`` (sorted indices) and its value."""
    n_cols = np.int64(max(matrix.shape[1], 1))
    stored_rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    keys = stored_rows * n_cols + matrix.indices
    wanted = rows.astype(np.int64) * n_cols + cols
    position = np.searchsorted(keys, wanted)
    position = np.minimum(position, max(len(keys) - 1, 0))
    found = keys[position] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
    values = np.where(found, matrix.data[position] if len(keys) else 0, 0)
    return found, values


def evidence(
    links: Links,
    edges: Edges,
    shared_ids: np.ndarray,
    shared_labels: np.ndarray,
    max_rows: int = EVIDENCE_MAX_ROWS,
    graph: str = "",
) -> pd.DataFrame:
    """One row per edge and shared feature (see the module docstring)."""
    chosen = _strongest(edges.weight, max_rows, graph)
    i, j = edges.source[chosen].astype(np.int64), edges.target[chosen].astype(np.int64)
    matrix = links.matrix
    starts, lengths = matrix.indptr[i], np.diff(matrix.indptr)[i]
    edge = np.repeat(np.arange(len(i)), lengths)
    offsets = np.arange(len(edge)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    at = np.repeat(starts, lengths) + offsets
    feature, code_i = matrix.indices[at], matrix.data[at]
    found, code_j = _lookup(matrix, j[edge], feature)
    edge, feature, code_i, code_j = edge[found], feature[found], code_i[found], code_j[found]
    ranks = links.ranks
    weakest = np.maximum(ranks[code_i], ranks[code_j])
    basis = np.select(
        [weakest == 0, weakest == 1, weakest == 2, weakest == 3],
        ["doi", "isbn", "fuzzy", OVERRIDE],
        "unknown",
    )
    names = np.array(["", *links.rules], dtype=object)
    ids = edges.ids
    table = pd.DataFrame(
        {
            "source": ids[i[edge]],
            "target": ids[j[edge]],
            "shared": shared_ids[feature],
            "shared_label": shared_labels[feature],
            "basis": basis,
            "source_rule": names[code_i],
            "target_rule": names[code_j],
        }
    )
    return table.astype("str")


def _strongest(weight: np.ndarray, max_rows: int, graph: str) -> np.ndarray:
    """Positions of the edges whose evidence is written (all, unless over ``max_rows``)."""
    total = int(weight.sum(dtype=np.int64))
    if not max_rows or total <= max_rows:
        return np.arange(len(weight))
    values, counts = np.unique(weight, return_counts=True)
    rows_from = np.cumsum((values * counts)[::-1])[::-1]  # rows of edges with weight >= v
    fits = np.flatnonzero(rows_from <= max_rows)
    threshold = int(values[fits[0]]) if len(fits) else int(values[-1]) + 1
    chosen = np.flatnonzero(weight >= threshold)
    log.warning(
        "%s evidence: %s rows would pass evidence_max_rows (%s); written for the %s of "
        "%s edges with weight >= %s",
        graph,
        f"{total:,}",
        f"{max_rows:,}",
        f"{len(chosen):,}",
        f"{len(weight):,}",
        threshold,
    )
    return chosen
