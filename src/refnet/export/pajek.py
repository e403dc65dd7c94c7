"""Pajek ``.net`` files (read by Pajek, VOSviewer, networkx and igraph).

Vertices are numbered 1..n in node-table order and labelled with their node id (ids are
unique; labels such as "Waltz 1979" may not be). Undirected graphs list ``*Edges``,
directed ones ``*Arcs``; every line ``i j weight``. Edges are written a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa

from refnet.export.textcolumns import endpoint_numbers, join
from refnet.formatting import TEXT, join_bytes, value_text
from refnet.tables import CHUNK_ROWS


def iter_pajek(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, weight: str = "weight"
) -> Iterator[bytes | pa.Buffer]:
    """The Pajek text of a graph (UTF-8), in chunks."""
    ids = [str(node) for node in nodes["id"]]
    head = [f"*Vertices {len(ids)}"]
    head += [f'{n} "{_label(node)}"' for n, node in enumerate(ids, start=1)]
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


def _label(node: str) -> str:
    return " ".join(node.split()).replace('"', "'")
