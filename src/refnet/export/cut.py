"""The graph the files keep, cut once per graph and shared as files.

The fronts, the graph files, the VOSviewer files and report.html all show a large graph
cut to ``graphs.files`` (:mod:`refnet.export.limits`). The ``graph_cut`` rule computes that
cut once and writes ``results/graphs/cut/{graph}_edges.parquet`` (the edges kept, every
column), ``{graph}_nodes.parquet`` (the nodes kept) and ``{graph}.json`` (the counts of
:class:`~refnet.export.limits.Cut`). It reads the edge table one row group at a time, first
only its ends and weights (as node positions: no string per edge held), then the kept
rows, so a graph of tens of millions of edges costs a few hundred MB, not several GB.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from refnet.errors import InputError
from refnet.export.limits import Cut, limit_positions
from refnet.graphs.nodes import NODE_COLUMNS
from refnet.tables import ROW_GROUP_ROWS, read_parquet, write_parquet


def _positions(values: pa.ChunkedArray, ids: pa.Array, end: str, origin: str) -> np.ndarray:
    """The position of each edge end among the node ids; an end that is no node stops.

    Runs of equal ends (the sources of a table sorted by source) are looked up once."""
    values = values.combine_chunks().cast(pa.string())
    if len(values) > 1:
        starts = np.flatnonzero(
            np.r_[True, pc.not_equal(values[1:], values[:-1]).to_numpy(zero_copy_only=False)]
        )
    else:
        starts = np.arange(len(values))
    runs = len(starts) * 4 < len(values)
    distinct = values.take(pa.array(starts)) if runs else values
    found = pc.index_in(distinct, value_set=ids)
    if found.null_count:
        first = int(np.flatnonzero(found.is_null().to_numpy(zero_copy_only=False))[0])
        raise InputError(
            f"edge {end} is not in the node table", value=str(distinct[first]), origin=origin
        )
    positions = found.to_numpy(zero_copy_only=False).astype(np.int32)
    return np.repeat(positions, np.diff(np.r_[starts, len(values)])) if runs else positions


def cut_graph(
    edges_path: str | Path, nodes_path: str | Path, limits: Mapping[str, int] | None
) -> tuple[pd.DataFrame, pa.Table, Cut]:
    """The nodes (a frame) and edges (an Arrow table, the edge file's schema) that the
    graph files keep, and the cut, streaming the edge table."""
    nodes = read_parquet(nodes_path, NODE_COLUMNS)
    ids = pa.array(nodes["id"].astype(str).to_numpy(dtype=object), type=pa.string())
    file = pq.ParquetFile(edges_path)
    has_weight = "weight" in file.schema_arrow.names
    source, target, weight = [], [], []
    for group in range(file.num_row_groups):
        columns = ["source", "target", *["weight"] * has_weight]
        ends = file.read_row_group(group, columns=columns, use_threads=False)
        source.append(_positions(ends["source"], ids, "source", str(edges_path)))
        target.append(_positions(ends["target"], ids, "target", str(edges_path)))
        if has_weight:
            values = ends["weight"].to_numpy().astype(np.float64)
            weight.append(np.where(np.isnan(values), 1.0, values))
        else:
            weight.append(np.ones(ends.num_rows))
        del ends
    join = np.concatenate if source else (lambda _: np.empty(0, dtype=np.int32))
    src, tgt = join(source), join(target)
    del source, target
    keep_nodes, keep_edges, cut = limit_positions(
        nodes, src, tgt, join(weight) if weight else np.empty(0), limits
    )
    del src, tgt, weight
    kept_nodes = nodes if keep_nodes is None else nodes.loc[keep_nodes].reset_index(drop=True)
    if keep_edges is None:
        return kept_nodes, file.read(), cut
    parts, start = [], 0
    for group in range(file.num_row_groups):
        rows = file.metadata.row_group(group).num_rows
        mask = keep_edges[start : start + rows]
        start += rows
        if mask.any():
            parts.append(file.read_row_group(group, use_threads=False).filter(pa.array(mask)))
    schema = file.schema_arrow
    edges = pa.concat_tables(parts) if parts else schema.empty_table()
    return kept_nodes, edges, cut


def write_cut(
    nodes: pd.DataFrame, edges: pa.Table, cut: Cut, out: Mapping[str, str | Path]
) -> None:
    """Write ``out["nodes"]``, ``out["edges"]`` (Parquet) and ``out["cut"]`` (JSON)."""
    write_parquet(nodes, out["nodes"])
    Path(out["edges"]).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        edges.combine_chunks().replace_schema_metadata(None),
        out["edges"],
        row_group_size=ROW_GROUP_ROWS,
        compression="zstd",
    )
    text = json.dumps(dataclasses.asdict(cut), indent=1, sort_keys=True) + "\n"
    Path(out["cut"]).write_text(text, encoding="utf-8")


def read_cut(path: str | Path) -> Cut:
    """The :class:`Cut` a ``graph_cut`` job wrote."""
    try:
        return Cut(**json.loads(Path(path).read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise InputError(f"not a graph cut file: {exc}", value=str(path), origin=str(path)) from exc


def run_graph_cut(
    graph: str,
    edges_path: str | Path,
    nodes_path: str | Path,
    limits: Mapping[str, int] | None,
    out: Mapping[str, str | Path],
) -> Cut:
    """Cut one graph to ``graphs.files`` and write the kept nodes, edges and the cut."""
    import logging

    nodes, edges, cut = cut_graph(edges_path, nodes_path, limits)
    logging.getLogger("refnet").info("%s graph cut: %s", graph, cut.describe())
    write_cut(nodes, edges, cut, out)
    return cut
