"""What the graph files keep of a large graph, so Gephi and VOSviewer can open them.

The similarity tables keep every edge; the files for the tools (GEXF, GraphML, Pajek,
VOSviewer) are cut in two steps, each only when the graph is larger than its limit:

1. nodes: with more than ``max_nodes`` nodes, keep the ``max_nodes`` with the greatest
   total link strength (sum of the weights of their edges; VOSviewer's own criterion),
   ties to the node with more citations, then the smaller id; edges to dropped nodes go;
2. edges: with more than ``max_edges`` edges left, keep each node's ``top_k`` strongest
   edges (an edge stays when it is among the ``top_k`` of either end), ties to the edge
   that comes first in the table (sorted by source, target).

A limit of 0 switches its step off. The nodes and edges kept stay in table order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from refnet.errors import InputError
from refnet.export.textcolumns import positions_in

#: Defaults of ``graphs.files`` in review.yaml (src/refnet/config.schema.yaml).
DEFAULT_LIMITS = {"max_nodes": 10_000, "max_edges": 100_000, "top_k": 10}


@dataclass(frozen=True)
class Cut:
    """How much of a graph its files keep."""

    nodes: int
    edges: int
    kept_nodes: int
    kept_edges: int
    max_nodes: int
    max_edges: int
    top_k: int

    @property
    def changed(self) -> bool:
        """Whether anything was left out."""
        return self.kept_nodes < self.nodes or self.kept_edges < self.edges

    def describe(self) -> str:
        """One sentence saying what was kept, for logs and file descriptions."""
        if not self.changed:
            return f"all {self.nodes:,} nodes and {self.edges:,} edges"
        parts = []
        if self.kept_nodes < self.nodes:
            parts.append(
                f"the {self.kept_nodes:,} of {self.nodes:,} nodes with the greatest total "
                "link strength"
            )
        else:
            parts.append(f"all {self.nodes:,} nodes")
        if self.kept_edges < self.edges:
            rule = (
                f"each node's {self.top_k} strongest edges"
                if self.top_k and self.max_edges
                else "the edges between them"
            )
            parts.append(f"{rule}: {self.kept_edges:,} of {self.edges:,} edges")
        else:
            parts.append(f"all {self.edges:,} edges")
        return "kept " + " and ".join(parts)


def limit_graph(
    nodes: pd.DataFrame, edges: pd.DataFrame, limits: Mapping[str, int] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, Cut]:
    """The nodes and edges the graph files keep (see the module docstring), and the cut."""
    source = positions_in(edges["source"], nodes["id"])
    target = positions_in(edges["target"], nodes["id"])
    for end, positions in (("source", source), ("target", target)):
        if (positions < 0).any():
            missing = edges[end].iloc[int(np.flatnonzero(positions < 0)[0])]
            raise InputError(f"edge {end} is not in the node table", value=str(missing))
    keep_nodes, keep_edges, cut = limit_positions(nodes, source, target, _weights(edges), limits)
    kept_nodes = nodes if keep_nodes is None else nodes.loc[keep_nodes]
    kept_edges = edges if keep_edges is None else edges.loc[keep_edges]
    return kept_nodes.reset_index(drop=True), kept_edges.reset_index(drop=True), cut


def limit_positions(
    nodes: pd.DataFrame,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    limits: Mapping[str, int] | None = None,
) -> tuple[np.ndarray | None, np.ndarray | None, Cut]:
    """:func:`limit_graph` on edges given as node positions and weights: masks of the
    nodes and edges kept (None: all of them) and the cut."""
    settings = {**DEFAULT_LIMITS, **dict(limits or {})}
    max_nodes, max_edges, top_k = (int(settings[k]) for k in ("max_nodes", "max_edges", "top_k"))
    keep_nodes = keep_edges = None
    n_nodes, n_edges = len(nodes), len(source)
    if max_nodes and n_nodes > max_nodes:
        keep_nodes = _strongest_nodes(nodes, source, target, weight, max_nodes)
        keep_edges = keep_nodes[source] & keep_nodes[target]
        source, target, weight = source[keep_edges], target[keep_edges], weight[keep_edges]
    if max_edges and top_k and len(source) > max_edges:
        top = _top_edges(source, target, weight, top_k)
        if keep_edges is None:
            keep_edges = top
        else:
            keep_edges[np.flatnonzero(keep_edges)[~top]] = False
    cut = Cut(
        nodes=n_nodes,
        edges=n_edges,
        kept_nodes=n_nodes if keep_nodes is None else int(keep_nodes.sum()),
        kept_edges=n_edges if keep_edges is None else int(keep_edges.sum()),
        max_nodes=max_nodes,
        max_edges=max_edges,
        top_k=top_k,
    )
    return keep_nodes, keep_edges, cut


def _weights(edges: pd.DataFrame) -> np.ndarray:
    if "weight" not in edges.columns:
        return np.ones(len(edges), dtype=np.float64)
    return edges["weight"].to_numpy(dtype=np.float64, na_value=1.0)


def _strongest_nodes(
    nodes: pd.DataFrame, source: np.ndarray, target: np.ndarray, weight: np.ndarray, k: int
) -> np.ndarray:
    """A mask of the ``k`` nodes with the greatest total link strength."""
    n = len(nodes)
    strength = np.bincount(source, weight, minlength=n) + np.bincount(target, weight, minlength=n)
    citations = (
        nodes["citations"].to_numpy(dtype=np.float64, na_value=0)
        if "citations" in nodes.columns
        else np.zeros(n)
    )
    id_rank = np.argsort(np.argsort(nodes["id"].astype(str).to_numpy(), kind="stable"))
    order = np.lexsort((id_rank, -citations, -strength))
    keep = np.zeros(n, dtype=bool)
    keep[order[:k]] = True
    return keep


def _top_edges(source: np.ndarray, target: np.ndarray, weight: np.ndarray, k: int) -> np.ndarray:
    """A mask of the edges among the ``k`` strongest of either end."""
    m = len(source)
    position = np.arange(m)
    ends = np.concatenate([source, target])
    edge = np.concatenate([position, position])
    w = np.concatenate([weight, weight])
    order = _order_by_end_weight(ends, w, edge)
    ends, edge = ends[order], edge[order]
    starts = np.flatnonzero(np.r_[True, ends[1:] != ends[:-1]])
    rank = np.arange(len(ends)) - np.repeat(starts, np.diff(np.r_[starts, len(ends)]))
    keep = np.zeros(m, dtype=bool)
    keep[edge[rank < k]] = True
    return keep


def _order_by_end_weight(ends: np.ndarray, weight: np.ndarray, edge: np.ndarray) -> np.ndarray:
    """``np.lexsort((edge, -weight, ends))``: one sort of packed int64 keys when the
    ranks fit in 63 bits (the keys are distinct, so any sort gives the same order)."""
    if not len(ends):
        return np.lexsort((edge, -weight, ends))
    distinct, rank = np.unique(-weight, return_inverse=True)
    edge_bits = int(edge.max()).bit_length()
    rank_bits = max(len(distinct) - 1, 0).bit_length()
    if int(ends.max()).bit_length() + rank_bits + edge_bits > 62 or np.isnan(distinct).any():
        return np.lexsort((edge, -weight, ends))
    key = ends.astype(np.int64) << (rank_bits + edge_bits)
    key |= rank.astype(np.int64).reshape(-1) << edge_bits
    key |= edge
    return np.argsort(key)
