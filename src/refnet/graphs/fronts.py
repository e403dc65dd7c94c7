"""The fronts stage: clusters, labels and a layout of one graph, as three tables.

The graph clustered and laid out is the one the graph files keep (``graphs.files``
limits, :mod:`refnet.export.limits`): for a review of usual size the whole graph; for a
large one its strongest nodes and edges, and the nodes left out are unclustered (cluster
0) with no position. Tables (``results/clusters/``, see docs in /work/notes or the README):

- ``<graph>_members``: ``id``, ``cluster``, ``x``, ``y``, ``degree_in_cluster`` (neighbours
  in the same cluster; 0 in cluster 0), one row per node of the node table, in its order;
- ``<graph>``: one row per cluster (0 first when it has members): ``cluster``, ``size``,
  ``label``, ``slug``, ``top_terms``, ``top_works``, ``mean_year``, ``internal_strength``
  (sum of the weights of edges inside), ``external_strength`` (edges with one end inside);
- ``<graph>_summary``: one row: the partition's settings, counts, modularity against
  rewired graphs, ``structure`` (whether there are fronts at all) and the verdict.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refnet.export.cut import read_cut
from refnet.export.limits import Cut, limit_graph
from refnet.export.textcolumns import positions_in
from refnet.graphs.communities import Partition, find_fronts, undirected_graph
from refnet.graphs.frontlabels import TOP_TERMS, ctfidf, label, pick_terms, slug
from refnet.graphs.layout import layout
from refnet.model import conform
from refnet.tables import (
    read_columns,
    read_parquet,
    write_csv,
    write_csv_and_parquet,
)

log = logging.getLogger("refnet")

MEMBER_COLUMNS: dict[str, str] = {
    "id": "str",
    "cluster": "int64",
    "x": "float64",
    "y": "float64",
    "degree_in_cluster": "int64",
}

CLUSTER_COLUMNS: dict[str, str] = {
    "cluster": "int64",
    "size": "int64",
    "label": "str",
    "slug": "str",
    "top_terms": "str",
    "top_works": "str",
    "mean_year": "float64",
    "internal_strength": "float64",
    "external_strength": "float64",
}

SUMMARY_COLUMNS: dict[str, str] = {
    "graph": "str",
    "nodes": "int64",
    "edges": "int64",
    "clustered_nodes": "int64",
    "clustered_edges": "int64",
    "method": "str",
    "resolution": "float64",
    "seed": "int64",
    "min_size": "int64",
    "clusters": "int64",
    "unclustered": "int64",
    "modularity": "float64",
    "null_modularity": "float64",
    "structure": "bool",
    "verdict": "str",
}

#: Graphs whose nodes are review papers (their top works are the works they cite).
PAPER_GRAPHS = ("coupling", "citation")

TOP_WORKS = 5
UNCLUSTERED = "unclustered"


def fronts(
    graph: str,
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    cited: pd.DataFrame | None = None,
    settings: Mapping[str, Any] | None = None,
    limits: Mapping[str, int] | None = None,
    kept: tuple[pd.DataFrame, Cut] | None = None,
) -> dict[str, pd.DataFrame]:
    """The members, clusters and summary tables of one graph.

    ``cited`` (``citing_id``, ``work_id``, ``label``) names the works each review paper
    cites, for the top works of a paper graph; a co-citation cluster's top works are its
    own most-cited members. With ``kept`` (the nodes and cut of a ``graph_cut`` job),
    ``edges`` are already the ones the graph files keep.
    """
    if kept is None:
        kept_nodes, kept_edges, cut = limit_graph(nodes, edges, limits)
    else:
        (kept_nodes, cut), kept_edges = kept, edges
    source = positions_in(kept_edges["source"], kept_nodes["id"])
    target = positions_in(kept_edges["target"], kept_nodes["id"])
    weight = kept_edges["weight"].to_numpy(dtype=np.float64, na_value=1.0)
    ids = kept_nodes["id"].astype(str).to_numpy()
    partition = find_fronts(len(kept_nodes), source, target, weight, ids, settings)
    ig_graph = undirected_graph(len(kept_nodes), source, target, weight)
    positions = layout(ig_graph, int(partition.settings["seed"]))
    log.info("%s fronts: %s (%s)", graph, partition.reason, cut.describe())

    where = positions_in(nodes["id"], kept_nodes["id"])
    inside = where >= 0
    cluster = np.zeros(len(nodes), dtype=np.int64)
    cluster[inside] = partition.cluster[where[inside]]
    x = np.full(len(nodes), np.nan)
    y = np.full(len(nodes), np.nan)
    x[inside], y[inside] = positions[where[inside], 0], positions[where[inside], 1]
    same = partition.cluster[source] == partition.cluster[target]
    same &= partition.cluster[source] > 0
    degree_kept = np.bincount(source[same], minlength=len(kept_nodes))
    degree_kept += np.bincount(target[same], minlength=len(kept_nodes))
    degree = np.zeros(len(nodes), dtype=np.int64)
    degree[inside] = degree_kept[where[inside]]
    members = pd.DataFrame(
        {
            "id": nodes["id"].astype(str).to_numpy(),
            "cluster": cluster,
            "x": x,
            "y": y,
            "degree_in_cluster": degree,
        }
    )
    clusters = cluster_table(graph, nodes, cluster, partition, source, target, weight, cited)
    summary = _summary(graph, cut, partition, cluster)
    return {
        "members": conform(members, MEMBER_COLUMNS),
        "clusters": conform(clusters, CLUSTER_COLUMNS),
        "summary": conform(summary, SUMMARY_COLUMNS),
    }


def cluster_table(
    graph: str,
    nodes: pd.DataFrame,
    cluster: np.ndarray,
    partition: Partition,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    cited: pd.DataFrame | None,
) -> pd.DataFrame:
    """One row per cluster present (see the module docstring)."""
    numbers = np.unique(cluster)
    titles = nodes["title"] if "title" in nodes.columns else pd.Series([""] * len(nodes))
    classes = {int(c): titles[cluster == c].tolist() for c in numbers}
    terms = {c: pick_terms(scored) for c, scored in ctfidf(classes).items()}
    works = _top_works(graph, nodes, cluster, cited)
    years = pd.to_numeric(nodes.get("year", pd.Series([None] * len(nodes))), errors="coerce")
    kept_cluster = partition.cluster
    inner, outer = _strengths(kept_cluster, source, target, weight)
    rows = []
    for c in numbers:
        c = int(c)
        top = works.get(c, [])
        mean_year = years[cluster == c].mean()
        rows.append(
            {
                "cluster": c,
                "size": int((cluster == c).sum()),
                "label": UNCLUSTERED if c == 0 else label(terms[c], top) or f"cluster {c}",
                "slug": UNCLUSTERED if c == 0 else slug(terms[c], f"cluster-{c}"),
                "top_terms": "; ".join(terms[c][:TOP_TERMS]),
                "top_works": "; ".join(top),
                "mean_year": round(float(mean_year), 1) if pd.notna(mean_year) else np.nan,
                "internal_strength": float(inner.get(c, 0.0)),
                "external_strength": float(outer.get(c, 0.0)),
            }
        )
    return pd.DataFrame(rows)


def _strengths(
    cluster: np.ndarray, source: np.ndarray, target: np.ndarray, weight: np.ndarray
) -> tuple[dict[int, float], dict[int, float]]:
    """Sum of edge weights inside each cluster, and of edges with one end in it."""
    a, b = cluster[source], cluster[target]
    size = int(cluster.max(initial=0)) + 1
    same = a == b
    inner = np.bincount(a[same], weights=weight[same], minlength=size)
    outer = np.bincount(a[~same], weights=weight[~same], minlength=size)
    outer += np.bincount(b[~same], weights=weight[~same], minlength=size)
    return dict(enumerate(inner.tolist())), dict(enumerate(outer.tolist()))


def _top_works(
    graph: str, nodes: pd.DataFrame, cluster: np.ndarray, cited: pd.DataFrame | None
) -> dict[int, list[str]]:
    """Each cluster's most-cited works as labels: by the cluster's papers (paper graphs)
    or its own members by local citations (co-citation); ties to the label, then the id."""
    if graph in PAPER_GRAPHS:
        if cited is None or cited.empty:
            return {}
        return _top_per_cluster(*_cited_counts(nodes, cluster, cited))
    labels = nodes["label"].astype(str) if "label" in nodes.columns else nodes["id"]
    citations = nodes["citations"].to_numpy() if "citations" in nodes else np.zeros(len(nodes))
    return _top_per_cluster(
        cluster,
        citations,
        labels.to_numpy(dtype=object),
        nodes["id"].astype(str).to_numpy(dtype=object),
    )


def _cited_counts(
    nodes: pd.DataFrame, cluster: np.ndarray, cited: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(cluster, papers of the cluster citing the work, label, work id) of every work cited
    in each cluster: the distinct (paper, work) pairs of the nodes' papers, counted."""
    rows = positions_in(cited["citing_id"], nodes["id"])
    works = pa.array(cited["work_id"], type=pa.large_string(), from_pandas=True)
    if isinstance(works, pa.ChunkedArray):
        works = works.combine_chunks()
    encoded = pc.dictionary_encode(works)
    code = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    n_works = max(len(encoded.dictionary), 1)
    label_rows = np.zeros(n_works, dtype=np.int64)
    label_rows[code[::-1]] = np.arange(len(code))[::-1]  # a row of each work (its label)
    inside = rows >= 0
    pairs = np.unique(rows[inside] * n_works + code[inside])
    keys, counts = np.unique(cluster[pairs // n_works] * n_works + pairs % n_works,
                             return_counts=True)  # fmt: skip
    work = keys % n_works
    labels = cited["label"].to_numpy(dtype=object)[label_rows[work]]
    ids = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)[work]
    return keys // n_works, counts, labels, ids


def _top_per_cluster(
    cluster: np.ndarray, n: np.ndarray, labels: np.ndarray, ids: np.ndarray
) -> dict[int, list[str]]:
    """The ``TOP_WORKS`` labels of each cluster by ``n`` (most first), ties to the label,
    then the id; an empty label is the id. Only each cluster's leaders are sorted by text."""
    n = np.asarray(n)
    if not len(n):  # no member, or no work cited by the members
        return {}
    labels = np.where(labels == "", ids, labels)
    order = np.lexsort((-n, cluster))
    numbers, starts = np.unique(cluster[order], return_index=True)
    top = {}
    for c, a, b in zip(numbers, starts, [*starts[1:], len(order)], strict=True):
        segment = order[a:b]
        counts = n[segment]  # most first
        floor = counts[min(TOP_WORKS, len(segment)) - 1]
        leaders = segment[: int(np.searchsorted(-counts, -floor, side="right"))]
        best = sorted(leaders.tolist(), key=lambda i: (-n[i], labels[i], ids[i]))
        top[int(c)] = [str(labels[i]) for i in best[:TOP_WORKS]]
    return top


def _summary(graph: str, cut: Any, partition: Partition, cluster: np.ndarray) -> pd.DataFrame:
    s = partition.settings
    return pd.DataFrame(
        [
            {
                "graph": graph,
                "nodes": cut.nodes,
                "edges": cut.edges,
                "clustered_nodes": cut.kept_nodes,
                "clustered_edges": cut.kept_edges,
                "method": s["method"],
                "resolution": float(s["resolution"]),
                "seed": int(s["seed"]),
                "min_size": int(s["min_size"]),
                "clusters": partition.clusters,
                "unclustered": int((cluster == 0).sum()),
                "modularity": round(partition.quality, 4),
                "null_modularity": round(partition.null_quality, 4),
                "structure": partition.structure,
                "verdict": partition.reason,
            }
        ]
    )


def cited_labels(references: pd.DataFrame, works: pd.DataFrame) -> pd.DataFrame:
    """``citing_id``, ``work_id`` and the work's ``label`` of every matched reference."""
    pairs = references.loc[references["work_id"].astype(str) != "", ["citing_id", "work_id"]]
    first = works.drop_duplicates("work_id")
    at = positions_in(pairs["work_id"], first["work_id"])
    labels = first["label"].fillna("").astype(str).to_numpy(dtype=object)
    label = labels[np.where(at >= 0, at, 0)] if len(labels) else np.full(len(at), "", object)
    return pairs.assign(label=np.where(at >= 0, label, ""))


def run_fronts(
    graph: str,
    edges_path: str | Path,
    nodes_path: str | Path,
    references_path: str | Path,
    works_path: str | Path,
    out: Mapping[str, str | Path],
    settings: Mapping[str, Any] | None = None,
    limits: Mapping[str, int] | None = None,
    cut: Mapping[str, str | Path] | None = None,
) -> dict[str, pd.DataFrame]:
    """Read one graph's tables, write ``out[name]`` for ``members``, ``clusters``,
    ``summary`` (CSV) and ``members_parquet``, ``clusters_parquet`` (Parquet).

    ``cut``: the ``nodes``, ``edges`` and ``cut`` files of the graph's ``graph_cut`` job,
    read instead of cutting ``edges_path`` here (which is then not read)."""
    cited = None
    if graph in PAPER_GRAPHS:
        cited = cited_labels(
            read_columns(references_path, ("citing_id", "work_id")),
            pd.read_parquet(works_path, columns=["work_id", "label"]),
        )
    kept = None
    if cut is not None:
        kept = (read_parquet(cut["nodes"]), read_cut(cut["cut"]))
        edges_path = cut["edges"]
    result = fronts(
        graph, read_parquet(nodes_path), read_parquet(edges_path), cited, settings, limits, kept
    )
    for name in ("members", "clusters"):
        write_csv_and_parquet(result[name], out[name], out[f"{name}_parquet"])
    write_csv(result["summary"], out["summary"])
    return result
