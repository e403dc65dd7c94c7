"""A deterministic map layout for the nodes that have no cluster positions.

Small graphs get the fronts' own layout (:func:`refnet.graphs.layout.layout`, seeded
Fruchterman–Reingold in igraph), so a map without clusters looks like one with them;
graphs above ``FORCE_LIMIT`` nodes get a sunflower spiral ordered by group, then
citations, then id, so groups sit together and the most cited nodes in the middle. Both
are in the fronts' units (the farthest node at ``SCALE``). Same input, same bytes.
"""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd

from refnet.graphs.layout import SCALE, layout

#: Largest graph laid out by the force-directed layout (its cost grows with n squared).
FORCE_LIMIT = 1500
SEED = 15


def layout_positions(nodes: pd.DataFrame, edges: pd.DataFrame, groups: pd.Series) -> np.ndarray:
    """An (n, 2) array of positions for ``nodes`` (rows in table order)."""
    n = len(nodes)
    if n == 0:
        return np.zeros((0, 2))
    if n <= FORCE_LIMIT and len(edges):
        index = pd.Series(np.arange(n), index=nodes["id"].to_numpy())
        graph = ig.Graph(
            n=n,
            edges=list(
                zip(
                    index[edges["source"]].to_numpy().tolist(),
                    index[edges["target"]].to_numpy().tolist(),
                    strict=True,
                )
            ),
        )
        graph.es["weight"] = edges["weight"].to_numpy(dtype=float).tolist()
        return layout(graph, SEED)
    order = np.lexsort(
        (
            nodes["id"].astype(str).to_numpy(),
            -nodes["citations"].to_numpy(dtype=float),
            groups.astype(str).to_numpy(),
        )
    )
    rank = np.empty(n, dtype=float)
    rank[order] = np.arange(n)
    radius = SCALE * np.sqrt((rank + 0.5) / n)
    angle = rank * np.pi * (3 - np.sqrt(5))
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
