"""The tables behind report.html, and its id renumbering, without a browser."""

from __future__ import annotations

import pandas as pd

from refnet import model
from refnet.graphs.nodes import NODE_COLUMNS
from refnet.report import data
from refnet.report.page import stable_ids
from refnet.report.stage import summary_line


def _nodes(ids, citations):
    rows = [
        {
            "id": i,
            "label": i.upper(),
            "title": f"T {i}",
            "year": 2000,
            "kind": "article",
            "citations": c,
        }
        for i, c in zip(ids, citations, strict=True)
    ]
    return model.frame(rows, NODE_COLUMNS)


EDGES = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "weight": [2, 1]})


def test_map_without_clusters_is_coloured_by_kind_and_deterministic():
    nodes = _nodes(["a", "b", "c"], [3, 1, 0])
    first = data.map_data("coupling", nodes, EDGES, {"a": "Pape, R."})
    second = data.map_data("coupling", nodes, EDGES, {"a": "Pape, R."})
    assert first.coloured_by == "kind" and set(first.nodes["group"]) == {"article"}
    assert first.nodes[["x", "y"]].equals(second.nodes[["x", "y"]])
    assert first.nodes["authors"].tolist() == ["Pape, R.", "", ""]
    assert first.nodes["size"].iloc[0] > first.nodes["size"].iloc[2]
    assert first.edges["x1"].tolist() == first.nodes.set_index("id").loc[["b", "c"], "x"].tolist()


def test_map_with_clusters_takes_their_positions_and_labels():
    nodes = _nodes(["a", "b", "c"], [3, 1, 0])
    members = pd.DataFrame(
        {"id": ["a", "b", "c"], "cluster": [1, 1, 0], "x": [1.0, 2.0, 3.0], "y": [0.5, 0, 0]}
    )
    labels = pd.DataFrame({"cluster": [0, 1], "label": ["unclustered", "balancing"]})
    drawn = data.map_data("coupling", nodes, EDGES, {}, members=members, cluster_labels=labels)
    assert drawn.coloured_by == "cluster"
    assert drawn.nodes["x"].tolist() == [1.0, 2.0, 3.0]
    assert drawn.nodes["group"].tolist() == ["1: balancing", "1: balancing", "unclustered"]


def test_map_keeps_the_graph_file_limits_and_says_so():
    nodes = _nodes(["a", "b", "c"], [3, 1, 0])
    drawn = data.map_data("coupling", nodes, EDGES, {}, {"max_nodes": 2})
    assert len(drawn.nodes) == 2 and drawn.cut.changed
    assert "2 of 3 nodes" in drawn.cut.describe()


def test_shared_works_of_related_pairs():
    refs = pd.DataFrame({"citing_id": ["p", "p", "q", "q"], "work_id": ["w1", "w2", "w2", "w1"]})
    works = pd.DataFrame({"work_id": ["w1", "w2"], "label": ["Waltz 1979", "Walt 1987"]})
    related = pd.DataFrame({"paper_id": ["p", "q"], "related_id": ["q", "r"]})
    assert data.shared_works(refs, works, related) == ["Walt 1987; Waltz 1979", ""]


def test_rpys_counts_references_per_cited_year_and_the_median_deviation():
    works = pd.DataFrame({"work_id": ["a", "b", "c"], "year": pd.array([1979, 1981, None])})
    refs = pd.DataFrame({"work_id": ["a", "a", "a", "b", "c"]})
    spectrum = data.rpys(refs, works)
    assert spectrum["year"].tolist() == [1979, 1980, 1981]
    assert spectrum["references"].tolist() == [3, 0, 1]
    assert spectrum["deviation"].tolist() == [2.0, -1.0, 0.0]


def test_identity_summary_and_papers_per_year():
    refs = pd.DataFrame({"work_id": ["a", "b", "c"], "match_rule": ["doi", "doi", ""]})
    summary = data.identity_summary(
        refs,
        pd.DataFrame({"work_id": ["a", "b"]}),
        pd.DataFrame({"paper_id": ["x", "x"]}),
        pd.DataFrame({"stage": ["seeds"]}),
    )
    assert dict(zip(summary["what"], summary["count"], strict=True)) == {
        "references": 3,
        "cited works": 2,
        "matched by doi": 2,
        "matched by none": 1,
        "papers unresolved online": 1,
        "problems (skipped input)": 1,
    }
    papers = pd.DataFrame({"year": pd.array([2005, 2005, None, 2008], dtype="Int64")})
    per_year = data.papers_per_year(papers)
    assert per_year.to_dict("list") == {"year": [2005, 2008], "papers": [2, 1]}


def test_stable_ids_renumber_in_order_and_leave_data_alone():
    page = (
        '<div id="3f2b1c9e-1111-4222-8333-444455556666" data-root-id="p77"></div>'
        '{"roots":{"p77":"3f2b1c9e-1111-4222-8333-444455556666"},"root_ids":["p77"]}'
        '{"id":"p77","refs":[{"id":"p80"}],"data":["p77 x"]}'
    )
    shifted = page.replace('p77"', 'p91"').replace('p80"', 'p94"')
    assert stable_ids(page) == stable_ids(shifted)
    assert '"data":["p77 x"]' in stable_ids(page)
    assert "refnet-0001" in stable_ids(page) and "3f2b1c9e" not in stable_ids(page)


def test_summary_line_names_the_counts_and_the_page():
    line = summary_line({"review papers": 35, "problems": 1}, "results/report.html")
    assert line == "refnet: 35 review papers, 1 problems.\nOpen the review: results/report.html\n"
