"""The graph-file stages: read a graph's edge and node tables, write the tools' files."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from refnet.errors import InputError
from refnet.export.cut import read_cut
from refnet.export.limits import Cut, limit_graph
from refnet.export.textcolumns import positions_in
from refnet.graphs.nodes import NODE_COLUMNS
from refnet.tables import read_parquet

log = logging.getLogger("refnet")


def read_limited_graph(
    graph: str,
    edges_path: str | Path,
    nodes_path: str | Path,
    limits: Mapping[str, int] | None,
    members_path: str | Path | None = None,
    cut_path: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, Cut]:
    """A graph's nodes and edges as its files keep them (``graphs.files`` limits), the
    nodes with the fronts' ``cluster``, ``x`` and ``y`` when ``members_path`` is given.

    With ``cut_path`` (a ``graph_cut`` job's JSON) the edge and node tables are the ones
    that job kept, read as they are."""
    nodes = read_parquet(nodes_path, NODE_COLUMNS)
    if cut_path is not None:
        edges, cut = read_parquet(edges_path), read_cut(cut_path)
    else:
        nodes, edges, cut = limit_graph(nodes, read_parquet(edges_path), limits)
    log.info("%s graph files: %s", graph, cut.describe())
    if members_path is not None:
        nodes = with_fronts(nodes, read_parquet(members_path), members_path)
    return nodes, edges, cut


def with_fronts(nodes: pd.DataFrame, members: pd.DataFrame, origin: object) -> pd.DataFrame:
    """``nodes`` with ``cluster``, ``x`` and ``y`` of the members table."""
    where = positions_in(nodes["id"], members["id"])
    if (where < 0).any():
        missing = str(nodes["id"].iloc[int(np.flatnonzero(where < 0)[0])])
        raise InputError(
            "node has no row in the fronts members table", value=missing, origin=str(origin)
        )
    rows = members.iloc[where]
    return nodes.assign(
        cluster=rows["cluster"].to_numpy(dtype=np.int64),
        x=rows["x"].to_numpy(dtype=np.float64),
        y=rows["y"].to_numpy(dtype=np.float64),
    )


def cluster_labels(clusters_path: str | Path | None) -> dict[int, str]:
    """Cluster number → label from a fronts clusters table (none without a path)."""
    if clusters_path is None:
        return {}
    table = read_parquet(clusters_path)
    return dict(zip(table["cluster"].astype(int), table["label"].astype(str), strict=True))


def run_graph_files(
    graph: str,
    edges_path: str,
    nodes_path: str,
    gexf: str,
    graphml: str,
    pajek: str,
    limits: Mapping[str, int] | None = None,
    members_path: str | None = None,
    clu: str | None = None,
    cut_path: str | None = None,
) -> None:
    """GEXF (Gephi), GraphML and Pajek files of one graph (and the Pajek partition)."""
    from refnet.export.graphfiles import write_gexf, write_graphml
    from refnet.export.pajek import write_clu, write_pajek

    nodes, edges, cut = read_limited_graph(
        graph, edges_path, nodes_path, limits, members_path, cut_path
    )
    if cut.changed:
        log.warning(
            "%s graph files (GEXF, GraphML, Pajek, VOSviewer) %s; every edge is in "
            "results/similarity/%s.csv (limits: graphs.files in review.yaml)",
            graph,
            cut.describe(),
            graph,
        )
    directed = graph == "citation"
    description = f"refnet {graph} graph: {cut.describe()}"
    write_gexf(nodes, edges, gexf, directed=directed, description=description)
    write_graphml(nodes, edges, graphml, directed=directed)
    write_pajek(nodes, edges, pajek, directed=directed)
    if clu is not None:
        write_clu(nodes, clu)


def run_vosviewer(
    graph: str,
    edges_path: str,
    nodes_path: str,
    map_out: str,
    network_out: str,
    json_out: str,
    limits: Mapping[str, int] | None = None,
    members_path: str | None = None,
    clusters_path: str | None = None,
    cut_path: str | None = None,
) -> None:
    """VOSviewer map, network and JSON files of one graph."""
    from refnet.export.vosviewer import write_vosviewer

    nodes, edges, _ = read_limited_graph(
        graph, edges_path, nodes_path, limits, members_path, cut_path
    )
    labels = cluster_labels(clusters_path)
    write_vosviewer(nodes, edges, map_out, network_out, json_out, cluster_labels=labels)
