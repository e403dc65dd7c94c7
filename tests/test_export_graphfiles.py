"""GEXF, GraphML, VOSviewer and Pajek files parse back with networkx and igraph."""

from __future__ import annotations

import io
import json

import igraph
import networkx as nx
import pandas as pd
import pytest

from refnet.errors import InputError
from refnet.export.graphfiles import generate_gexf, generate_graphml, write_gexf, write_graphml
from refnet.export.pajek import generate_pajek
from refnet.export.vosviewer import generate_json, generate_map, generate_network
from refnet.graphs.citation import CITATION_COLUMNS
from refnet.graphs.nodes import NODE_COLUMNS
from refnet.graphs.similarity import EDGE_COLUMNS
from refnet.model import frame

NODES = [
    {
        "id": "doi:10.1/a",
        "label": "Waltz 1979",
        "title": 'Theory & <Practice> "of" politics',
        "year": 1979,
        "doi": "10.1/a",
        "kind": "book",
        "citations": 3,
        "references": 12,
    },
    {
        "id": "pape2005",
        "label": "Пейп 2005",
        "title": "Мягкий баланс; часть\tвторая",
        "year": 2005,
        "kind": "article",
        "citations": 1,
        "references": 40,
    },
    {"id": "x\x01y", "label": "", "title": "no year, control char", "citations": 0},
]
EDGES = [
    {
        "source": "doi:10.1/a",
        "target": "pape2005",
        "weight": 3,
        "jaccard": 0.1,
        "cosine": 0.123456789,
        "inclusion": 0.25,
        "association": 0.00625,
        "association_cwts": 1.5,
    },
    {
        "source": "pape2005",
        "target": "x\x01y",
        "weight": 1,
        "jaccard": 0.5,
        "cosine": 0.5,
        "inclusion": 1.0,
        "association": 0.025,
        "association_cwts": 2.0,
    },
]


def nodes() -> pd.DataFrame:
    return frame(NODES, NODE_COLUMNS)


def edges() -> pd.DataFrame:
    return frame(EDGES, EDGE_COLUMNS)


def test_gexf_reads_back_with_networkx(tmp_path):
    text = generate_gexf(nodes(), edges())
    assert "lastmodifieddate" not in text
    graph = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 2
    assert not graph.is_directed()
    a = graph.nodes["doi:10.1/a"]
    assert a["label"] == "Waltz 1979" and a["title"] == NODES[0]["title"]
    assert a["year"] == 1979 and a["citations"] == 3 and a["doi"] == "10.1/a"
    assert graph.nodes["pape2005"]["title"] == NODES[1]["title"]
    assert "year" not in graph.nodes["xy"]  # missing year left out; control char removed
    assert graph.nodes["xy"]["label"] == "xy"  # no label: the id
    edge = graph.edges["doi:10.1/a", "pape2005"]
    assert edge["weight"] == 3 and edge["cosine"] == pytest.approx(0.123457)
    write_gexf(nodes(), edges(), tmp_path / "g.gexf")
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8") == text


def test_graphml_reads_back_with_networkx_and_igraph(tmp_path):
    path = tmp_path / "g.graphml"
    write_graphml(nodes(), edges(), path)
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 2
    assert graph.nodes["pape2005"]["label"] == "Пейп 2005"
    assert graph.edges["pape2005", "xy"]["association_cwts"] == 2.0
    assert graph.edges["doi:10.1/a", "pape2005"]["weight"] == 3
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == 3 and ig.ecount() == 2 and not ig.is_directed()
    ids = ig.vs["id"]
    first = ig.es[ig.get_eid(ids.index("doi:10.1/a"), ids.index("pape2005"))]
    assert first["weight"] == 3 and first["inclusion"] == 0.25
    assert ig.vs[ids.index("doi:10.1/a")]["title"] == NODES[0]["title"]
    assert path.read_text(encoding="utf-8") == generate_graphml(nodes(), edges())


def test_directed_citation_graph():
    citation = frame(
        [{"source": "pape2005", "target": "doi:10.1/a", "weight": 1, "work_id": "w1"}],
        CITATION_COLUMNS,
    )
    graph = nx.read_graphml(io.BytesIO(generate_graphml(nodes(), citation, directed=True).encode()))
    assert graph.is_directed() and list(graph.edges) == [("pape2005", "doi:10.1/a")]
    gexf = nx.read_gexf(io.BytesIO(generate_gexf(nodes(), citation, directed=True).encode()))
    assert gexf.is_directed() and gexf.edges["pape2005", "doi:10.1/a"]["work_id"] == "w1"


def test_edges_to_unknown_nodes_are_refused():
    bad = frame([{"source": "pape2005", "target": "nobody", "weight": 1}], EDGE_COLUMNS)
    with pytest.raises(InputError, match="nobody"):
        generate_gexf(nodes(), bad)
    with pytest.raises(InputError, match="nobody"):
        generate_network(nodes(), bad)


def test_vosviewer_map_and_network():
    lines = generate_map(nodes()).splitlines()
    header = lines[0].split("\t")
    assert header[:4] == ["id", "label", "description", "url"]
    assert "weight<Citations>" in header and header[-1] == "score<Year>"  # any year: kept
    assert "x" not in header and "cluster" not in header  # no fronts given
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert [r["score<Year>"] for r in rows] == ["1979", "2005", ""]  # missing year: empty
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["url"] == "https://doi.org/10.1/a" and rows[0]["weight<Citations>"] == "3"
    assert rows[1]["description"].startswith('"') and "\t" not in rows[1]["description"]
    network = [line.split("\t") for line in generate_network(nodes(), edges()).splitlines()]
    assert network == [["1", "2", "3"], ["2", "3", "1"]]
    cosine = generate_network(nodes(), edges(), strength="cosine").splitlines()
    assert cosine[0].split("\t")[2] == "0.123457"


def test_vosviewer_json():
    document = json.loads(generate_json(nodes(), edges(), title="coupling"))
    items = document["network"]["items"]
    assert [i["id"] for i in items] == [1, 2, 3]
    assert items[0]["weights"] == {"Citations": 3, "References": 12}
    assert items[0]["scores"] == {"Year": 1979} and "scores" not in items[2]
    assert document["network"]["links"][0] == {"source_id": 1, "target_id": 2, "strength": 3}
    assert document["info"] == {"title": "coupling"}


def test_pajek_reads_back(tmp_path):
    text = generate_pajek(nodes(), edges())
    path = tmp_path / "g.net"
    path.write_text(text, encoding="utf-8")
    graph = nx.read_pajek(path)
    assert graph.number_of_nodes() == 3
    assert {frozenset(e[:2]) for e in graph.edges} == {
        frozenset({"Waltz 1979", "Пейп 2005"}),  # unique labels name the vertices
        frozenset({"Пейп 2005", "x\x01y"}),  # no label: the id
    }
    weights = sorted(d["weight"] for *_, d in graph.edges(data=True))
    assert weights == [1.0, 3.0]
    assert "*Arcs" in generate_pajek(nodes(), edges(), directed=True)
