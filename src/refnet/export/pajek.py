"""Pajek ``.net`` files (read by Pajek, VOSviewer, networkx and igraph).

Vertices are numbered 1..n in node-table order and named by their label ("Waltz 1979")
where no other node of the graph has the same label, else by their node id (ids are
unique). With the fronts' ``x`` and ``y`` on every node, each vertex line carries its
position rescaled into [0, 1] (Pajek's drawing square). Undirected graphs list
``*Edges``, directed ones ``*Arcs``; every line ``i j weight``. Edges are written a chunk
at a time. The partition into clusters goes to a ``.clu`` file beside it: ``*Vertices n``
and one cluster number per vertex (0 = unclustered).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from refnet.export.textcolumns import endpoint_numbers, join
from refnet.formatting import TEXT, join_bytes, value_text
from refnet.tables import CHUNK_ROWS


def iter_pajek(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, weight: str = "weight"
) -> Iterator[bytes | pa.Buffer]:
    """The Pajek text of a graph (UTF-8), in chunks."""
    names = vertex_names(nodes)
    head = [f"*Vertices {len(names)}"]
    coordinates = _coordinates(nodes)
    head += [f'{n} "{_label(name)}"{coordinates[n - 1]}' for n, name in enumerate(names, start=1)]
    head.append("*Arcs" if directed else "*Edges")
    yield ("\n".join(head) + "\n").encode("utf-8")
    for start in range(0, len(edges), CHUNK_ROWS):
        rows = edges.iloc[start : start + CHUNK_ROWS]
        source, target = endpoint_numbers(nodes, rows)
        if weight in rows.columns:
            weights = value_text(pa.array(rows[weight], from_pandas=True))
        else:
            weights = pa.nulls(len(rows), TEXT)
        weights = weights.fill_null("1")
        yield join_bytes(join(source, " ", target, " ", weights, "\n"))


def generate_pajek(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, weight: str = "weight"
) -> str:
    """The Pajek text of a graph."""
    chunks = iter_pajek(nodes, edges, directed, weight)
    return b"".join(bytes(chunk) for chunk in chunks).decode("utf-8")


def write_pajek(
    nodes: pd.DataFrame, edges: pd.DataFrame, path: str | Path, directed: bool = False
) -> None:
    """Write a Pajek ``.net`` file (UTF-8), streaming."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for chunk in iter_pajek(nodes, edges, directed):
            fh.write(chunk)


def vertex_names(nodes: pd.DataFrame) -> list[str]:
    """Each node's label where it is unique in the graph (and not empty), else its id."""
    ids = nodes["id"].astype(str)
    if "label" not in nodes.columns:
        return ids.tolist()
    labels = nodes["label"].fillna("").astype(str).map(lambda t: " ".join(t.split()))
    unique = ~labels.duplicated(keep=False) & (labels != "")
    return labels.where(unique, ids).tolist()


def generate_clu(nodes: pd.DataFrame) -> str:
    """The Pajek partition (``.clu``) of the nodes' ``cluster`` column."""
    clusters = nodes["cluster"].fillna(0).astype(int).tolist() if "cluster" in nodes else []
    return "\n".join([f"*Vertices {len(nodes)}", *map(str, clusters)]) + "\n"


def write_clu(nodes: pd.DataFrame, path: str | Path) -> None:
    """Write the ``.clu`` partition file."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(generate_clu(nodes), encoding="utf-8")


def _coordinates(nodes: pd.DataFrame) -> list[str]:
    """`` x y 0`` in [0, 1] per vertex when every node has x and y, else ""."""
    if (
        nodes.empty
        or not {"x", "y"} <= set(nodes.columns)
        or nodes[["x", "y"]].isna().to_numpy().any()
    ):
        return [""] * len(nodes)
    xy = nodes[["x", "y"]].to_numpy(dtype=np.float64)
    low, span = xy.min(axis=0), np.ptp(xy, axis=0)
    scaled = (xy - low) / np.where(span > 0, span.max(), 1.0)
    return [f" {x:.4f} {y:.4f} 0" for x, y in scaled]


def _label(node: str) -> str:
    return " ".join(node.split()).replace('"', "'")
