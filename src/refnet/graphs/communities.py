"""Research fronts: a seeded Leiden partition of a similarity graph, numbered by a rule.

The partition is found by the Leiden algorithm (leidenalg on igraph) on the undirected,
weighted graph, optimising modularity (``RBConfigurationVertexPartition`` with its
``resolution``) or the Constant Potts Model (``CPMVertexPartition``), with a fixed seed.
Communities smaller than ``min_size`` and isolated nodes form cluster 0, "unclustered";
the others are numbered 1..K by size, largest first, ties to the community whose smallest
member id comes first (code-point order), so ids do not depend on the algorithm's order.

Whether there is structure at all is tested against chance: the same method is run on
``NULL_RUNS`` (3) degree-preserving rewirings of the graph (edge weights shuffled with them,
same seed). A partition whose quality does not beat the best of those by ``MIN_GAIN``
(relative) is no evidence of fronts: every node then goes to cluster 0 and the
:class:`Partition` says why.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import leidenalg
import numpy as np

from refnet.errors import InputError

#: Defaults of ``graphs.clusters`` in review.yaml (schemas/config.schema.yaml).
DEFAULT_CLUSTERS: dict[str, Any] = {
    "method": "modularity",
    "resolution": 1.0,
    "seed": 42,
    "min_size": 3,
}

#: Rewired graphs the partition's quality is compared with.
NULL_RUNS = 3

#: How much better than the best rewired graph a partition must be (relative quality).
MIN_GAIN = 0.15

#: Leiden iterations (leidenalg's default; running until no node moves costs ~10x more).
ITERATIONS = 2


@dataclass(frozen=True)
class Partition:
    """Cluster of each node (0 = unclustered) and what the structure test found."""

    cluster: np.ndarray
    quality: float
    null_quality: float
    structure: bool
    reason: str
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def clusters(self) -> int:
        """Number of clusters besides 0."""
        return int(self.cluster.max(initial=0))


def cluster_settings(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    """``graphs.clusters`` with defaults filled in, checked."""
    merged = {**DEFAULT_CLUSTERS, **dict(settings or {})}
    if merged["method"] not in ("modularity", "cpm"):
        raise InputError(
            "unknown clustering method (modularity or cpm)",
            value=str(merged["method"]),
            origin="graphs.clusters.method",
        )
    return merged


def undirected_graph(
    n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray
) -> ig.Graph:
    """An igraph graph of ``n`` nodes; parallel edges (a directed pair both ways) are summed."""
    lo, hi = np.minimum(source, target), np.maximum(source, target)
    keep = lo != hi
    lo, hi, weight = lo[keep], hi[keep], np.asarray(weight, dtype=np.float64)[keep]
    key = lo.astype(np.int64) * max(n, 1) + hi
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=weight, minlength=len(unique))
    pairs = np.column_stack([unique // max(n, 1), unique % max(n, 1)])
    graph = ig.Graph(n=n, edges=pairs.tolist(), directed=False)
    graph.es["weight"] = summed.tolist()
    return graph


def leiden(graph: ig.Graph, settings: Mapping[str, Any]) -> tuple[np.ndarray, float]:
    """Leiden membership (raw community numbers) and the partition's quality."""
    if graph.ecount() == 0:
        return np.arange(graph.vcount()), 0.0
    kind = (
        leidenalg.CPMVertexPartition
        if settings["method"] == "cpm"
        else leidenalg.RBConfigurationVertexPartition
    )
    partition = leidenalg.find_partition(
        graph,
        kind,
        weights="weight",
        resolution_parameter=float(settings["resolution"]),
        n_iterations=ITERATIONS,
        seed=int(settings["seed"]),
    )
    return np.asarray(partition.membership, dtype=np.int64), float(partition.quality())


def modularity(graph: ig.Graph, membership: np.ndarray) -> float:
    """Weighted modularity of a membership (0 without edges)."""
    if graph.ecount() == 0:
        return 0.0
    return float(graph.modularity(membership.tolist(), weights="weight"))


def rewired(graph: ig.Graph, seed: int, run: int) -> ig.Graph:
    """The graph with its degrees kept and its edges rewired (weights shuffled along)."""
    random.seed(seed * 1000 + run)  # igraph draws from Python's random module
    copy = graph.copy()
    copy.rewire(n=10 * graph.ecount())
    weights = np.asarray(graph.es["weight"], dtype=np.float64)
    copy.es["weight"] = np.random.default_rng(seed + run).permutation(weights).tolist()
    return copy


def find_fronts(
    n: int,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    ids: np.ndarray,
    settings: Mapping[str, Any] | None = None,
) -> Partition:
    """The numbered partition of a graph of ``n`` nodes (``ids`` give the tie rule)."""
    settings = cluster_settings(settings)
    graph = undirected_graph(n, source, target, weight)
    membership, _ = leiden(graph, settings)
    quality = modularity(graph, membership)
    null = [modularity(g, leiden(g, settings)[0]) for g in _null_graphs(graph, settings)]
    null_quality = max(null, default=0.0)
    numbered = number_clusters(membership, graph.degree(), ids, int(settings["min_size"]))
    structure, reason = _verdict(quality, null_quality, numbered)
    if not structure:
        numbered = np.zeros(n, dtype=np.int64)
    return Partition(numbered, quality, null_quality, structure, reason, dict(settings))


def _null_graphs(graph: ig.Graph, settings: Mapping[str, Any]) -> list[ig.Graph]:
    if graph.ecount() < 2:
        return []
    return [rewired(graph, int(settings["seed"]), run) for run in range(NULL_RUNS)]


def _verdict(quality: float, null_quality: float, numbered: np.ndarray) -> tuple[bool, str]:
    found = int(numbered.max(initial=0))
    if found == 0:
        return False, "no community reaches the minimum size"
    if quality <= 0 or quality < null_quality * (1 + MIN_GAIN):
        return False, (
            f"modularity {quality:.3f} is not above that of rewired graphs with the same "
            f"degrees ({null_quality:.3f}): no structure beyond chance"
        )
    return True, (
        f"{found} clusters, modularity {quality:.3f} against {null_quality:.3f} for "
        "rewired graphs with the same degrees"
    )


def number_clusters(
    membership: np.ndarray, degree: list[int] | np.ndarray, ids: np.ndarray, min_size: int
) -> np.ndarray:
    """Clusters 1..K by size (ties: smallest member id first); small ones and isolates 0."""
    membership = np.asarray(membership, dtype=np.int64)
    degree = np.asarray(degree)
    if not len(membership):
        return np.zeros(0, dtype=np.int64)
    valid = degree > 0
    id_rank = np.argsort(np.argsort(np.asarray(ids, dtype=str), kind="stable"))
    _, community = np.unique(membership, return_inverse=True)
    sizes = np.bincount(community[valid], minlength=community.max() + 1)
    first = np.full(len(sizes), len(membership), dtype=np.int64)
    np.minimum.at(first, community[valid], id_rank[valid])
    eligible = np.flatnonzero(sizes >= max(min_size, 2))
    order = eligible[np.lexsort((first[eligible], -sizes[eligible]))]
    number = np.zeros(len(sizes), dtype=np.int64)
    number[order] = np.arange(1, len(order) + 1)
    return np.where(valid, number[community], 0)
