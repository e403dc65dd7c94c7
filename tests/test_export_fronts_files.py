"""Graph files with the fronts: GEXF 1.3 against the shipped schema, layout, colours,
clusters in GraphML, Pajek and VOSviewer, read back by networkx, igraph and lxml."""

from __future__ import annotations

import io
import json
from pathlib import Path

import igraph
import networkx as nx
import pandas as pd
import pytest

from refnet.export.graphfiles import generate_gexf, generate_graphml
from refnet.export.pajek import generate_clu, generate_pajek, vertex_names
from refnet.export.palette import PALETTE, UNCLUSTERED, rgb
from refnet.export.stage import with_fronts
from refnet.export.vosviewer import generate_json, generate_map
from refnet.graphs.nodes import NODE_COLUMNS
from refnet.graphs.similarity import EDGE_COLUMNS
from refnet.model import frame

XSD = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "gexf-1.3" / "gexf.xsd"


def graph() -> tuple[pd.DataFrame, pd.DataFrame]:
    nodes = frame(
        [
            {"id": "a", "label": "Waltz 1979", "title": "Theory", "year": 1979, "citations": 9},
            {"id": "b", "label": "Pape 2005", "title": "Soft", "year": 2005, "citations": 3},
            {"id": "c", "label": "Pape 2005", "title": "", "citations": 0, "doi": ""},
            {"id": "d", "label": "Paul 2005", "year": 2005, "citations": 1},
        ],
        NODE_COLUMNS,
    )
    members = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "cluster": [1, 1, 0, 2],
            "x": [-1000.0, 12.5, 3.25, 1000.0],
            "y": [0.0, -40.0, 7.75, 20.0],
            "degree_in_cluster": [1, 1, 0, 0],
        }
    )
    edges = frame(
        [
            {"source": "a", "target": "b", "weight": 2, "cosine": 0.5},
            {"source": "b", "target": "c", "weight": 1, "cosine": 0.25},
            {"source": "c", "target": "d", "weight": 1, "cosine": 0.1},
        ],
        EDGE_COLUMNS,
    )
    return with_fronts(nodes, members, "members.parquet"), edges


def test_gexf_13_validates_and_carries_layout_colour_size():
    etree = pytest.importorskip("lxml.etree")
    if not XSD.exists():
        pytest.skip(f"GEXF 1.3 schema not found at {XSD} (../shared absent)")
    nodes, edges = graph()
    text = generate_gexf(nodes, edges)
    doc = etree.fromstring(text.encode("utf-8"))
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    assert 'version="1.3"' in text and "1.2draft" not in text
    assert 'value=""' not in text  # missing values are left out, never empty
    ns = {"g": "http://gexf.net/1.3"}
    types = {a.get("title"): a.get("type") for a in doc.iterfind(".//g:attribute", ns)}
    assert types["year"] == "integer" and types["cluster"] == "integer"
    assert "x" not in types and "y" not in types  # the layout is the position, not data
    first = doc.find(".//g:node[@id='a']", ns)
    assert first.find("g:position", ns).attrib == {"x": "-1000", "y": "0", "z": "0"}
    colour = first.find("g:color", ns).attrib
    assert (int(colour["r"]), int(colour["g"]), int(colour["b"])) == rgb(PALETTE[0])
    unclustered = doc.find(".//g:node[@id='c']/g:color", ns).attrib
    assert (int(unclustered["r"]),) * 3 == rgb(UNCLUSTERED)
    sizes = [float(n.find("g:size", ns).get("value")) for n in doc.iterfind(".//g:node", ns)]
    assert sizes[0] == max(sizes) and sizes[2] == min(sizes)  # by citations


def test_gexf_and_graphml_load_with_the_table_counts(tmp_path):
    nodes, edges = graph()
    gexf = nx.read_gexf(io.BytesIO(generate_gexf(nodes, edges).encode("utf-8")))
    assert (gexf.number_of_nodes(), gexf.number_of_edges()) == (len(nodes), len(edges))
    assert gexf.nodes["d"]["cluster"] == 2 and gexf.nodes["a"]["year"] == 1979
    as_igraph = igraph.Graph.from_networkx(gexf)
    assert (as_igraph.vcount(), as_igraph.ecount()) == (len(nodes), len(edges))
    path = tmp_path / "g.graphml"
    path.write_text(generate_graphml(nodes, edges), encoding="utf-8")
    graphml = igraph.Graph.Read_GraphML(str(path))
    assert graphml.vs["cluster"] == [1, 1, 0, 2]
    assert graphml.vs["x"] == [-1000.0, 12.5, 3.25, 1000.0]


def test_pajek_names_partition_and_coordinates(tmp_path):
    nodes, edges = graph()
    assert vertex_names(nodes) == ["Waltz 1979", "b", "c", "Paul 2005"]  # Pape 2005 twice
    net = tmp_path / "g.net"
    net.write_text(generate_pajek(nodes, edges), encoding="utf-8")
    read = igraph.Graph.Read_Pajek(str(net))
    assert read.vcount() == 4 and read.ecount() == 3
    assert read.vs["x"][0] == 0.0 and read.vs["x"][3] == 1.0
    clu = generate_clu(nodes).splitlines()
    assert clu == ["*Vertices 4", "1", "1", "0", "2"]


def test_vosviewer_map_and_json_carry_the_fronts():
    nodes, edges = graph()
    lines = generate_map(nodes).splitlines()
    header = lines[0].split("\t")
    assert header == [
        "id", "label", "description", "url", "x", "y", "cluster",
        "weight<Citations>", "weight<References>", "score<Year>",
    ]  # fmt: skip
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert [r["cluster"] for r in rows] == ["1", "1", "", "2"]  # VOSviewer takes 1..1000
    assert [r["score<Year>"] for r in rows] == ["1979", "2005", "", "2005"]
    assert rows[1]["x"] == "12.5" and rows[2]["y"] == "7.75"
    labels = {1: "realism (Waltz 1979)", 2: "soft balancing (Paul 2005)"}
    document = json.loads(generate_json(nodes, edges, cluster_labels=labels))
    items = document["network"]["items"]
    assert items[0]["x"] == -1000.0 and items[0]["cluster"] == 1
    assert "cluster" not in items[2] and "scores" not in items[2]
    assert document["network"]["clusters"] == [
        {"cluster": 1, "label": "realism (Waltz 1979)"},
        {"cluster": 2, "label": "soft balancing (Paul 2005)"},
    ]


def test_members_without_a_node_row_are_refused():
    nodes, _ = graph()
    members = pd.DataFrame({"id": ["a"], "cluster": [1], "x": [0.0], "y": [0.0]})
    with pytest.raises(Exception, match="fronts members table"):
        with_fronts(nodes[["id", "label"]], members, "m.parquet")


def test_an_empty_laid_out_graph_gives_empty_pajek_coordinates():
    from refnet.export.pajek import _coordinates

    nodes = pd.DataFrame({"id": [], "label": [], "x": [], "y": []})
    assert _coordinates(nodes) == []
