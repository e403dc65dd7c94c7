"""The graph-file stages: read a graph's edge and node tables, write the tools' files."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from refnet.export.limits import Cut, limit_graph
from refnet.tables import read_parquet

log = logging.getLogger("refnet")


def read_limited_graph(
    graph: str, edges_path: str | Path, nodes_path: str | Path, limits: Mapping[str, int] | None
) -> tuple[pd.DataFrame, pd.DataFrame, Cut]:
    """A graph's nodes and edges as its files keep them (``graphs.files`` limits)."""
    nodes, edges, cut = limit_graph(read_parquet(nodes_path), read_parquet(edges_path), limits)
    log.info("%s graph files: %s", graph, cut.describe())
    return nodes, edges, cut


def run_graph_files(
    graph: str,
    edges_path: str,
    nodes_path: str,
    gexf: str,
    graphml: str,
    pajek: str,
    limits: Mapping[str, int] | None = None,
) -> None:
    """GEXF (Gephi), GraphML and Pajek files of one graph."""
    from refnet.export.graphfiles import write_gexf, write_graphml
    from refnet.export.pajek import write_pajek

    nodes, edges, cut = read_limited_graph(graph, edges_path, nodes_path, limits)
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


def run_vosviewer(
    graph: str,
    edges_path: str,
    nodes_path: str,
    map_out: str,
    network_out: str,
    json_out: str,
    limits: Mapping[str, int] | None = None,
) -> None:
    """VOSviewer map, network and JSON files of one graph."""
    from refnet.export.vosviewer import write_vosviewer

    nodes, edges, _ = read_limited_graph(graph, edges_path, nodes_path, limits)
    write_vosviewer(nodes, edges, map_out, network_out, json_out)
