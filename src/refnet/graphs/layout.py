"""A deterministic 2-D layout: Fruchterman–Reingold (igraph) from a seeded start.

The start positions are drawn uniformly from a square of side √n by NumPy's generator
with the clustering seed, then igraph's Fruchterman–Reingold force-directed layout runs a
fixed number of iterations with the edge weights as attraction (igraph draws any random
number from Python's ``random``, seeded too). The result is centred on the origin,
scaled so the farthest node lies at ``SCALE`` and rounded to two decimals, so equal
inputs give equal bytes and rounding noise in the last bits of a float never shows.
"""

from __future__ import annotations

import random

import igraph as ig
import numpy as np

#: The farthest node's distance from the centre, in layout units.
SCALE = 1000.0

#: Fruchterman–Reingold iterations.
ITERATIONS = 500


def layout(graph: ig.Graph, seed: int) -> np.ndarray:
    """Positions (n × 2, float64) of the nodes of ``graph`` (weights: edge ``weight``)."""
    n = graph.vcount()
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    start = np.random.default_rng(seed).uniform(0, np.sqrt(n), size=(n, 2))
    random.seed(seed)
    weights = graph.es["weight"] if graph.ecount() else None
    positions = graph.layout_fruchterman_reingold(
        weights=weights, niter=ITERATIONS, seed=start.tolist(), grid="auto"
    )
    return normalise(np.asarray(positions.coords, dtype=np.float64))


def normalise(positions: np.ndarray) -> np.ndarray:
    """Centred, scaled to :data:`SCALE` and rounded to 0.01."""
    centred = positions - positions.mean(axis=0)
    reach = float(np.sqrt((centred**2).sum(axis=1)).max())
    scaled = centred * (SCALE / reach) if reach > 0 else centred
    return np.round(scaled, 2) + 0.0  # + 0.0 turns -0.0 into 0.0
