"""Graph files of a large graph: streamed in chunks, parsed back, limited for the tools."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from refnet.errors import InputError
from refnet.export import graphfiles, pajek, vosviewer
from refnet.export.limits import limit_graph
from refnet.export.stage import run_graph_files
from refnet.formatting import round_significant
from refnet.graphs.incidence import incidence
from refnet.graphs.nodes import paper_nodes
from refnet.graphs.similarity import EDGE_COLUMNS, coupling
from refnet.model import empty
from refnet.synthetic import synthetic_review
from refnet.tables import write_parquet

MEASURES = [c for c in EDGE_COLUMNS if c not in ("source", "target")]


@pytest.fixture(scope="module")
def graph() -> tuple[pd.DataFrame, pd.DataFrame]:
    papers, refs = synthetic_review(300, refs_per_paper=20, seed=3)
    refs["work_id"] = "doi:" + refs["doi"]
    inc = incidence(refs, papers["paper_id"])
    edges = coupling(inc)
    nodes = paper_nodes(papers, inc, empty({"source": "str", "target": "str"}))
    assert len(edges) > 5000  # large enough to need many chunks below
    return nodes, edges


def test_streamed_gexf_and_graphml_parse_back_to_the_edge_table(graph, tmp_path, monkeypatch):
    nodes, edges = graph
    monkeypatch.setattr(graphfiles, "CHUNK_ROWS", 1000)
    graphfiles.write_gexf(nodes, edges, tmp_path / "g.gexf")
    graphfiles.write_graphml(nodes, edges, tmp_path / "g.graphml")
    for parsed in (nx.read_gexf(tmp_path / "g.gexf"), nx.read_graphml(tmp_path / "g.graphml")):
        assert parsed.number_of_nodes() == len(nodes)
        assert parsed.number_of_edges() == len(edges)
        back = pd.DataFrame(
            [{"source": s, "target": t, **d} for s, t, d in parsed.edges(data=True)]
        )
        back[["source", "target"]] = np.sort(back[["source", "target"]].to_numpy(str), axis=1)
        back = back.sort_values(["source", "target"]).reset_index(drop=True)
        assert back["source"].tolist() == edges["source"].tolist()
        assert back["target"].tolist() == edges["target"].tolist()
        for measure in MEASURES:
            expected = round_significant(edges[measure].to_numpy(dtype=float))
            assert np.array_equal(back[measure].to_numpy(dtype=float), expected), measure
    monkeypatch.setattr(graphfiles, "CHUNK_ROWS", 10**6)
    one_chunk = graphfiles.generate_gexf(nodes, edges)
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8") == one_chunk


def test_streamed_vosviewer_and_pajek_files(graph, tmp_path, monkeypatch):
    nodes, edges = graph
    monkeypatch.setattr(vosviewer, "CHUNK_ROWS", 999)
    monkeypatch.setattr(pajek, "CHUNK_ROWS", 999)
    document = json.loads(vosviewer.generate_json(nodes, edges, strength="cosine"))
    links = document["network"]["links"]
    assert len(links) == len(edges) and len(document["network"]["items"]) == len(nodes)
    numbers = {node: k for k, node in enumerate(nodes["id"], start=1)}
    assert links[1234]["source_id"] == numbers[edges["source"].iloc[1234]]
    assert links[-1]["strength"] == pytest.approx(edges["cosine"].iloc[-1], rel=1e-5)
    lines = vosviewer.generate_network(nodes, edges).splitlines()
    assert len(lines) == len(edges) and lines[999].split("\t")[2] == str(edges["weight"][999])
    path = tmp_path / "g.net"
    pajek.write_pajek(nodes, edges, path)
    assert nx.read_pajek(path).number_of_edges() == len(edges)


def test_limits_keep_the_strongest_nodes_and_each_nodes_top_edges(graph):
    nodes, edges = graph
    kept_nodes, kept_edges, cut = limit_graph(
        nodes, edges, {"max_nodes": 100, "max_edges": 500, "top_k": 3}
    )
    assert len(kept_nodes) == 100 and cut.kept_nodes == 100 and cut.changed
    strength = (
        pd.concat(
            [edges.groupby("source")["weight"].sum(), edges.groupby("target")["weight"].sum()]
        )
        .groupby(level=0)
        .sum()
    )
    weakest_kept = strength.reindex(kept_nodes["id"]).fillna(0).min()
    dropped = strength.drop(kept_nodes["id"], errors="ignore")
    assert (dropped <= weakest_kept).all()
    assert set(kept_edges["source"]) | set(kept_edges["target"]) <= set(kept_nodes["id"])
    # every kept edge is among the 3 strongest of one of its ends, and each node keeps ≥ 1
    inside = edges[edges["source"].isin(kept_nodes["id"]) & edges["target"].isin(kept_nodes["id"])]
    for node in kept_nodes["id"].iloc[:20]:
        incident = inside[(inside["source"] == node) | (inside["target"] == node)]
        kept = kept_edges[(kept_edges["source"] == node) | (kept_edges["target"] == node)]
        if len(incident):
            assert len(kept) >= min(3, len(incident))
            assert kept["weight"].max() == incident["weight"].max()
    assert len(kept_edges) <= 3 * 100 and len(kept_edges) < len(inside)
    assert "3 strongest edges" in cut.describe() and "100 of 300 nodes" in cut.describe()
    _, small_edges, small_cut = limit_graph(nodes, edges, {"max_edges": 0})
    assert small_edges.equals(edges) and not small_cut.changed
    with pytest.raises(InputError, match="not in the node table"):
        limit_graph(nodes.iloc[1:], edges)


def test_graph_files_stage_logs_and_names_the_cut(graph, tmp_path, caplog):
    nodes, edges = graph
    write_parquet(nodes, tmp_path / "n.parquet")
    write_parquet(edges, tmp_path / "e.parquet")
    out = {k: tmp_path / f"coupling.{k}" for k in ("gexf", "graphml", "net")}
    limits = {"max_nodes": 0, "max_edges": 1000, "top_k": 2}
    with caplog.at_level("INFO", logger="refnet"):
        run_graph_files(
            "coupling", tmp_path / "e.parquet", tmp_path / "n.parquet", *out.values(), limits
        )
    assert "each node's 2 strongest edges" in caplog.text
    parsed = nx.read_gexf(out["gexf"])
    assert parsed.number_of_nodes() == len(nodes) and parsed.number_of_edges() < len(edges)
    assert "2 strongest edges" in out["gexf"].read_text(encoding="utf-8").split("</meta>")[0]
    first = out["gexf"].read_bytes()
    run_graph_files(
        "coupling", tmp_path / "e.parquet", tmp_path / "n.parquet", *out.values(), limits
    )
    assert out["gexf"].read_bytes() == first


def test_graph_file_limits_are_settings_with_defaults():
    from refnet.config import validate_config
    from refnet.errors import ConfigError
    from refnet.export.limits import DEFAULT_LIMITS

    config = validate_config({"name": "x", "inputs": {}})
    assert config["graphs"]["files"] == DEFAULT_LIMITS
    chosen = validate_config({"name": "x", "inputs": {}, "graphs": {"files": {"top_k": 3}}})
    assert chosen["graphs"]["files"] == {**DEFAULT_LIMITS, "top_k": 3}
    with pytest.raises(ConfigError, match="graphs/files/max_nodes"):
        validate_config({"name": "x", "inputs": {}, "graphs": {"files": {"max_nodes": -1}}})


def test_graph_cut_of_the_parquet_file_equals_the_cut_of_the_table(graph, tmp_path):
    from refnet.export.cut import cut_graph

    nodes, edges = graph
    write_parquet(nodes, tmp_path / "n.parquet")
    write_parquet(edges, tmp_path / "e.parquet")
    limits = {"max_nodes": 200, "max_edges": 1000, "top_k": 3}
    kept_nodes, kept_edges, cut = cut_graph(tmp_path / "e.parquet", tmp_path / "n.parquet", limits)
    expected_nodes, expected_edges, expected = limit_graph(nodes, edges, limits)
    assert cut == expected and cut.changed
    pd.testing.assert_frame_equal(kept_nodes, expected_nodes)
    assert kept_edges.to_pandas()["source"].tolist() == expected_edges["source"].tolist()
    assert kept_edges.schema.field("source").type == "large_string"
    stray = edges.copy()
    stray.loc[len(stray) // 2, "target"] = "nobody"
    write_parquet(stray, tmp_path / "e.parquet")
    with pytest.raises(InputError, match="not in the node table") as error:
        cut_graph(tmp_path / "e.parquet", tmp_path / "n.parquet", limits)
    assert error.value.value == "nobody"


def test_top_edges_order_is_the_lexicographic_order():
    from refnet.export.limits import _order_by_end_weight

    rng = np.random.default_rng(0)
    ends = rng.integers(0, 50, 5000)
    weight = rng.integers(1, 9, 5000).astype(np.float64)
    edge = np.arange(5000)
    expected = np.lexsort((edge, -weight, ends))
    assert np.array_equal(_order_by_end_weight(ends, weight, edge), expected)
    weight[3] = 0.5  # any float weights
    expected = np.lexsort((edge, -weight, ends))
    assert np.array_equal(_order_by_end_weight(ends, weight, edge), expected)
