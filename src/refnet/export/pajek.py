"""Pajek ``.net`` files (read by Pajek, VOSviewer, networkx and igraph).

Vertices are numbered 1..n in node-table order and labelled with their node id (ids are
unique; labels such as "Waltz 1979" may not be). Undirected graphs list ``*Edges``,
directed ones ``*Arcs``; every line ``i j weight``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from refnet.errors import InputError
from refnet.tables import FLOAT_FORMAT


def generate_pajek(
    nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, weight: str = "weight"
) -> str:
    """The Pajek text of a graph."""
    numbers = {str(node): n for n, node in enumerate(nodes["id"], start=1)}
    lines = [f"*Vertices {len(numbers)}"]
    lines += [f'{n} "{_label(node)}"' for node, n in numbers.items()]
    lines.append("*Arcs" if directed else "*Edges")
    weights = edges[weight] if weight in edges.columns else pd.Series(1, index=edges.index)
    for s, t, w in zip(edges["source"], edges["target"], weights, strict=True):
        if str(s) not in numbers or str(t) not in numbers:
            missing = s if str(s) not in numbers else t
            raise InputError("edge end is not in the node table", value=str(missing))
        value = FLOAT_FORMAT % w if isinstance(w, float) else str(w)
        lines.append(f"{numbers[str(s)]} {numbers[str(t)]} {value}")
    return "\n".join(lines) + "\n"


def write_pajek(
    nodes: pd.DataFrame, edges: pd.DataFrame, path: str | Path, directed: bool = False
) -> None:
    """Write a Pajek ``.net`` file (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate_pajek(nodes, edges, directed), encoding="utf-8", newline="\n")


def _label(node: str) -> str:
    return " ".join(node.split()).replace('"', "'")
