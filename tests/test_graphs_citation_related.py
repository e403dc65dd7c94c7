"""Direct citation, related papers and the graphs stage on a small review."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from refnet import tables
from refnet.graphs.citation import cited_works, direct_citations
from refnet.graphs.edges import Edges
from refnet.graphs.incidence import incidence
from refnet.graphs.related import paper_cocitation, related_papers
from refnet.graphs.similarity import coupling, coupling_edges
from refnet.graphs.stage import GRAPH_TABLES, build_graphs, run_graphs
from refnet.model import MATCH_COLUMNS, PAPER_COLUMNS, REFERENCE_COLUMNS, WORK_COLUMNS, frame
from refnet.synthetic import synthetic_review
from refnet.tables import write_csv, write_parquet

# P3 and P4 cite the review papers P1 and P2 (through works w:p1, w:p2); P4 cites itself
CITED = {
    "P1": ["waltz", "pape", "paul"],
    "P2": ["waltz", "pape", "brooks"],
    "P3": ["waltz", "w:p1", "w:p2", "brooks"],
    "P4": ["w:p1", "w:p2", "w:p4", "w:p1"],
}
IN_REVIEW = {"w:p1": "P1", "w:p2": "P2", "w:p4": "P4"}


def pairs(edges: pd.DataFrame) -> set[tuple[str, str]]:
    return set(edges[["source", "target"]].itertuples(index=False, name=None))


def weights(edges: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(s, t): w for s, t, w in edges[["source", "target", "weight"]].itertuples(index=False)}


def references() -> pd.DataFrame:
    rows = [
        {"citing_id": p, "position": n, "work_id": w, "origin": f"{p}:{n}"}
        for p, ws in CITED.items()
        for n, w in enumerate(ws)
    ]
    return frame(rows, {**REFERENCE_COLUMNS, **MATCH_COLUMNS})


def works() -> pd.DataFrame:
    ids = sorted({w for ws in CITED.values() for w in ws})
    rows = [
        {
            "work_id": w,
            "label": w.title(),
            "title": f"Title of {w}",
            "year": 2000,
            "paper_id": IN_REVIEW.get(w, ""),
        }
        for w in ids
    ]
    return frame(rows, WORK_COLUMNS)


def papers() -> pd.DataFrame:
    rows = [
        {"paper_id": p, "title": f"Paper {p}", "authors": f"Author{p[1]}, A.", "year": 2010 + i}
        for i, p in enumerate(CITED)
    ]
    return frame(rows, PAPER_COLUMNS)


def test_direct_citations_follow_works_paper_id():
    edges = direct_citations(references(), works())
    got = pairs(edges)
    assert got == {("P3", "P1"), ("P3", "P2"), ("P4", "P1"), ("P4", "P2")}  # no P4→P4
    assert (
        edges.loc[(edges["source"] == "P3") & (edges["target"] == "P1"), "work_id"].item() == "w:p1"
    )


def test_cited_works_has_one_edge_per_distinct_pair():
    edges = cited_works(references())
    assert len(edges) == sum(len(set(ws)) for ws in CITED.values())
    assert edges.equals(edges.sort_values(["source", "target"]).reset_index(drop=True))


def test_paper_cocitation_counts_review_papers_citing_both():
    cocited = paper_cocitation(direct_citations(references(), works()), list(CITED))
    row = cocited.set_index(["source", "target"]).loc[("P1", "P2")]
    assert row["weight"] == 2  # P3 and P4 cite both
    assert row["cosine"] == pytest.approx(2 / math.sqrt(2 * 2))
    assert len(cocited) == 1


def test_related_papers_rank_by_the_weighted_sum_of_cosines():
    refs, paper_table = references(), papers()
    inc = incidence(refs, papers=list(CITED))
    coupled = coupling(inc)
    cocited = paper_cocitation(direct_citations(refs, works()), list(CITED))
    related = related_papers(coupled, cocited, paper_table, {"coupling": 1.0, "cocitation": 2.0}, 2)
    p1 = related.loc[related["paper_id"] == "P1"].reset_index(drop=True)
    shared = {q: len(set(CITED["P1"]) & set(CITED[q])) for q in ("P2", "P3")}
    size = {p: len(set(ws)) for p, ws in CITED.items()}
    score_p2 = shared["P2"] / math.sqrt(size["P1"] * size["P2"]) + 2.0 * 1.0
    score_p3 = shared["P3"] / math.sqrt(size["P1"] * size["P3"])
    assert list(p1["related_id"]) == ["P2", "P3"]
    assert list(p1["rank"]) == [1, 2]
    assert p1["score"].tolist() == pytest.approx([score_p2, score_p3])
    assert p1.loc[0, "cocitation_weight"] == 2 and p1.loc[0, "coupling_weight"] == shared["P2"]
    assert p1.loc[0, "related_title"] == "Paper P2"
    # weights matter: without co-citation P2 still leads on coupling, the score drops by 2
    plain = related_papers(coupled, cocited, paper_table, {"cocitation": 0.0}, 2)
    assert plain.loc[plain["paper_id"] == "P1", "score"].iloc[0] == pytest.approx(score_p2 - 2.0)
    assert related.groupby("paper_id").size().max() <= 2


def test_build_graphs_uses_the_settings():
    tables = build_graphs(
        references(), works(), papers(), {"top_k": 1, "cocitation_min_citations": 3}
    )
    assert set(tables) == set(GRAPH_TABLES)
    counts = tables["cocitation_nodes"].set_index("id")["citations"]
    frequent = {w for ws in CITED.values() for w in ws if sum(w in v for v in CITED.values()) >= 3}
    assert set(counts.index) == frequent == {"waltz"}
    assert counts["waltz"] == 3
    nodes = tables["coupling_nodes"].set_index("id")
    assert nodes.loc["P1", "citations"] == 2 and nodes.loc["P1", "label"] == "Author1 2010"
    assert nodes.loc["P4", "references"] == 3


def test_run_graphs_writes_identical_bytes_twice(tmp_path):
    inputs = tmp_path / "in"
    write_parquet(references(), inputs / "references.parquet")
    write_parquet(works(), inputs / "works.parquet")
    write_parquet(papers(), inputs / "papers.parquet")
    args = [inputs / "references.parquet", inputs / "works.parquet", inputs / "papers.parquet"]
    first = run_graphs(*args, {}, tmp_path / "a")
    run_graphs(*args, {}, tmp_path / "b")
    for name, path in first.items():
        for suffix in (".csv", ".parquet"):
            a = path.with_suffix(suffix).read_bytes()
            assert a == (tmp_path / "b" / path.with_suffix(suffix).name).read_bytes(), name
    coupling_csv = pd.read_csv(first["coupling"])
    assert list(coupling_csv.columns)[:3] == ["source", "target", "weight"]
    assert len(pd.read_csv(first["related"])) > 0


def synthetic_tables(n: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A synthetic review whose references also cite review papers and leave some unmatched."""
    paper_table, refs = synthetic_review(n, refs_per_paper=40, seed=1)
    refs["work_id"] = "doi:" + refs["doi"]
    into_review = refs.index[::53]
    refs.loc[into_review, "work_id"] = paper_table["paper_id"].to_numpy()[
        [k % n for k in range(len(into_review))]
    ]
    refs.loc[refs.index[5::211], "work_id"] = ""
    ids = sorted(set(refs["work_id"]) - {""})
    in_review = set(paper_table["paper_id"])
    work_rows = [
        {
            "work_id": w,
            "label": f"Label {w[-5:]}",
            "title": f'Title, "{w}"',  # fields that need quoting
            "year": 2000 + k % 20,
            "doi": w[4:],
            "paper_id": w if w in in_review else "",
        }
        for k, w in enumerate(ids)
    ]
    return refs, frame(work_rows, WORK_COLUMNS), paper_table


@pytest.mark.parametrize("review", ["embedded", "synthetic"])
@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"cocitation_min_citations": 5},
        {"top_k": 3, "cocitation_min_citations": 3},
        {"min_weight": 2, "cocitation_min_citations": 1000},  # an empty co-citation graph
    ],
)
def test_run_graphs_writes_the_bytes_of_the_whole_tables(tmp_path, monkeypatch, review, settings):
    """Streaming the edge arrays writes what the writers write for the whole DataFrames."""
    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 5000)  # several row groups per edge table
    monkeypatch.setattr(tables, "CHUNK_ROWS", 3000)
    inputs = (references(), works(), papers()) if review == "embedded" else synthetic_tables(300)
    paths = [tmp_path / f"{name}.parquet" for name in ("references", "works", "papers")]
    for table, path in zip(inputs, paths, strict=True):
        write_parquet(table, path)
    written = run_graphs(*paths, settings, tmp_path / "stage")
    built = build_graphs(*inputs, settings)
    assert isinstance(built["coupling"], Edges) and isinstance(built["cocitation"], Edges)
    if review == "synthetic" and not settings:
        assert len(built["coupling"]) > 3 * tables.ROW_GROUP_ROWS
    for name, path in written.items():
        table = built[name]
        table = table.frame() if isinstance(table, Edges) else table
        write_csv(table, tmp_path / "whole" / f"{name}.csv")
        write_parquet(table, tmp_path / "whole" / f"{name}.parquet")
        for suffix in (".csv", ".parquet"):
            expected = (tmp_path / "whole" / f"{name}{suffix}").read_bytes()
            assert path.with_suffix(suffix).read_bytes() == expected, (name, suffix)


def test_related_papers_take_edge_arrays_or_tables_alike():
    refs, paper_table = references(), papers()
    inc = incidence(refs, papers=list(CITED))
    citations = direct_citations(refs, works())
    cocited = paper_cocitation(citations, list(CITED))
    from_tables = related_papers(coupling(inc), cocited, paper_table, top_k=3)
    from_edges = related_papers(coupling_edges(inc), cocited, paper_table, top_k=3)
    pd.testing.assert_frame_equal(from_tables, from_edges)
    linked = {
        p: {
            q for q in CITED if q != p and (set(CITED[p]) & set(CITED[q]) or {p, q} == {"P1", "P2"})
        }
        for p in CITED
    }
    assert len(from_tables) == sum(min(3, len(qs)) for qs in linked.values())


def test_related_papers_do_not_depend_on_the_order_of_edge_rows():
    refs, paper_table = references(), papers()
    coupled = coupling(incidence(refs, papers=list(CITED)))
    cocited = paper_cocitation(direct_citations(refs, works()), list(CITED))
    shuffled = coupled.sample(frac=1.0, random_state=3).reset_index(drop=True)
    assert not shuffled["source"].is_monotonic_increasing or len(coupled) < 3
    pd.testing.assert_frame_equal(
        related_papers(shuffled, cocited, paper_table, top_k=2),
        related_papers(coupled, cocited, paper_table, top_k=2),
    )


def test_read_references_gives_what_conform_gives(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from refnet.graphs.stage import read_references

    path = tmp_path / "references.parquet"
    table = pa.table({"citing_id": ["P1", None], "work_id": pa.nulls(2), "raw": ["x", "y"]})
    pq.write_table(table, path)
    got = read_references(path)
    assert list(got.columns) == ["citing_id", "work_id", "origin", "match_rule"]
    assert got.astype(object).to_dict("list") == {
        "citing_id": ["P1", ""],
        "work_id": ["", ""],
        "origin": ["", ""],
        "match_rule": ["", ""],
    }
