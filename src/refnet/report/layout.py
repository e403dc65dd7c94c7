"""A deterministic map layout for graphs that have no cluster positions yet.

Small graphs get a seeded force-directed layout (networkx spring layout); graphs above
``SPRING_LIMIT`` nodes get a sunflower spiral ordered by group, then citations, then id,
so groups sit together and the most cited nodes in the middle. Same input, same bytes.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

#: Largest graph laid out by the force-directed layout (its cost grows with n squared).
SPRING_LIMIT = 1500
SEED = 15


def layout_positions(nodes: pd.DataFrame, edges: pd.DataFrame, groups: pd.Series) -> np.ndarray:
    """An (n, 2) array of positions in [-1, 1] for ``nodes`` (rows in table order)."""
    n = len(nodes)
    if n == 0:
        return np.zeros((0, 2))
    if n <= SPRING_LIMIT and len(edges):
        graph = nx.Graph()
        graph.add_nodes_from(nodes["id"])
        graph.add_weighted_edges_from(
            zip(edges["source"], edges["target"], edges["weight"], strict=False)
        )
        placed = nx.spring_layout(graph, seed=SEED, iterations=100, weight="weight")
        return np.array([placed[i] for i in nodes["id"]], dtype=float)
    order = np.lexsort(
        (
            nodes["id"].astype(str).to_numpy(),
            -nodes["citations"].to_numpy(dtype=float),
            groups.astype(str).to_numpy(),
        )
    )
    rank = np.empty(n, dtype=float)
    rank[order] = np.arange(n)
    radius = np.sqrt((rank + 0.5) / n)
    angle = rank * np.pi * (3 - np.sqrt(5))
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
