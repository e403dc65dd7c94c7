"""Incidence, coupling and co-citation on a small hand-built review."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from refnet.errors import InputError
from refnet.graphs import edges as edges_module
from refnet.graphs import similarity
from refnet.graphs.incidence import incidence
from refnet.graphs.similarity import cocitation, coupling
from refnet.model import MATCH_COLUMNS, REFERENCE_COLUMNS, frame

CITED = {
    "P1": ["waltz1979", "pape2005", "paul2005", "walt1987", "waltz1979"],  # one duplicate
    "P2": ["waltz1979", "pape2005", "brooks2005"],
    "P3": ["waltz1979", "brooks2005", "w:p1"],
    "P4": [],
    "P5": ["paul2005"],
}


def pairs(edges: pd.DataFrame) -> set[tuple[str, str]]:
    return set(edges[["source", "target"]].itertuples(index=False, name=None))


def weights(edges: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(s, t): w for s, t, w in edges[["source", "target", "weight"]].itertuples(index=False)}


def references(cited: dict[str, list[str]] = CITED) -> pd.DataFrame:
    rows = [
        {"citing_id": paper, "position": n, "work_id": work, "origin": f"bib/{paper}.txt:{n + 1}"}
        for paper, works in cited.items()
        for n, work in enumerate(works)
    ]
    rows.append({"citing_id": "P2", "position": 9, "work_id": "", "origin": "bib/P2.txt:10"})
    return frame(rows, {**REFERENCE_COLUMNS, **MATCH_COLUMNS})


def test_incidence_counts_pairs_once_and_keeps_papers_without_references():
    inc = incidence(references(), papers=list(CITED))
    assert list(inc.papers) == ["P1", "P2", "P3", "P4", "P5"]
    assert list(inc.works) == sorted({w for ws in CITED.values() for w in ws})
    assert inc.matrix.max() == 1
    assert list(inc.references) == [len(set(CITED[p])) for p in inc.papers]
    assert inc.references[3] == 0


def test_incidence_rejects_a_citing_paper_outside_the_review():
    with pytest.raises(InputError, match="P5") as error:
        incidence(references(), papers=["P1", "P2", "P3", "P4"])
    assert "bib/P5.txt:1" in str(error.value)


def test_coupling_weight_is_the_number_of_shared_references():
    edges = coupling(incidence(references(), papers=list(CITED)))
    expected = {
        (a, b): len(set(CITED[a]) & set(CITED[b]))
        for a, b in itertools.combinations(sorted(CITED), 2)
        if set(CITED[a]) & set(CITED[b])
    }
    got = {
        (s, t): w
        for s, t, w in zip(edges["source"], edges["target"], edges["weight"], strict=False)
    }
    assert got == expected
    assert (edges["source"] < edges["target"]).all()
    assert list(edges.columns) == list(similarity.EDGE_COLUMNS)


def test_coupling_measures_equal_their_formulas():
    edges = coupling(incidence(references(), papers=list(CITED))).set_index(["source", "target"])
    refs = {p: set(ws) for p, ws in CITED.items()}
    c, s1, s2 = 2, len(refs["P1"]), len(refs["P2"])  # P1 and P2 share waltz and pape
    row = edges.loc[("P1", "P2")]
    assert row["jaccard"] == pytest.approx(c / len(refs["P1"] | refs["P2"]))
    assert row["cosine"] == pytest.approx(c / math.sqrt(s1 * s2))
    assert row["inclusion"] == pytest.approx(c / min(s1, s2))
    assert row["association"] == pytest.approx(c / (s1 * s2))
    # CWTS: n_i = total link strength of i over the whole graph, 2m = sum of all n_i
    strength = {p: sum(len(refs[p] & refs[q]) for q in refs if q != p) for p in refs}
    two_m = sum(strength.values())
    assert row["association_cwts"] == pytest.approx(c * two_m / (strength["P1"] * strength["P2"]))


def test_cocitation_filters_works_cited_too_rarely():
    inc = incidence(references(), papers=list(CITED))
    edges = cocitation(inc, min_citations=2)
    citers = {w: {p for p, ws in CITED.items() if w in ws} for w in inc.works}
    frequent = sorted(w for w, ps in citers.items() if len(ps) >= 2)
    expected = {
        (a, b): len(citers[a] & citers[b])
        for a, b in itertools.combinations(frequent, 2)
        if citers[a] & citers[b]
    }
    assert {
        (s, t): w for s, t, w in edges[["source", "target", "weight"]].itertuples(index=False)
    } == expected
    assert "walt1987" not in set(edges["source"]) | set(edges["target"])
    everything = cocitation(inc, min_citations=1)
    assert ("pape2005", "walt1987") in set(
        zip(everything["source"], everything["target"], strict=False)
    )
    row = everything.set_index(["source", "target"]).loc[("pape2005", "waltz1979")]
    # co-citation s_j: local citation count of the work
    s_pape, s_waltz = len(citers["pape2005"]), len(citers["waltz1979"])
    assert row["weight"] == 2
    assert row["cosine"] == pytest.approx(2 / math.sqrt(s_pape * s_waltz))


def test_min_weight_drops_weak_edges():
    edges = coupling(incidence(references(), papers=list(CITED)), min_weight=2)
    strong = {
        (a, b)
        for a, b in itertools.combinations(sorted(CITED), 2)
        if len(set(CITED[a]) & set(CITED[b])) >= 2
    }
    assert strong == {("P1", "P2"), ("P2", "P3")}
    assert pairs(edges) == strong


def test_top_k_keeps_an_edge_strong_for_either_end():
    cited = {"A": ["x", "y", "z"], "B": ["x", "y", "z"], "C": ["x", "y"], "D": ["x"], "E": ["q"]}
    inc = incidence(references(cited), papers=list(cited))
    edges = coupling(inc, top_k=1)
    # A's and B's strongest is each other; C's is A or B with weight 2 (tie: A and B
    # both have s=3, so the lower id A); D's strongest are all weight 1, s: C=2 < A=B=3
    assert pairs(edges) == {
        ("A", "B"),
        ("A", "C"),
        ("C", "D"),
    }
    full = coupling(inc)
    assert len(full) == 6
    assert pairs(edges) <= set(zip(full["source"], full["target"], strict=False))


def test_block_boundaries_do_not_change_the_result(monkeypatch):
    rng = np.random.default_rng(7)
    cited = {f"p{i:03d}": [f"w{x}" for x in rng.integers(0, 60, 8)] for i in range(120)}
    inc = incidence(references(cited), papers=list(cited))
    whole = coupling(inc), cocitation(inc), coupling(inc, top_k=3), cocitation(inc, top_k=2)
    monkeypatch.setattr(similarity, "BLOCK_ENTRIES", 50)
    blocked = coupling(inc), cocitation(inc), coupling(inc, top_k=3), cocitation(inc, top_k=2)
    for a, b in zip(whole, blocked, strict=False):
        pd.testing.assert_frame_equal(a, b)
    dense = inc.matrix.toarray().astype(int) @ inc.matrix.toarray().T.astype(int)
    upper = {
        (inc.papers[i], inc.papers[j]): dense[i, j]
        for i, j in zip(*np.triu_indices(120, 1), strict=False)
        if dense[i, j]
    }
    assert (
        dict(
            zip(
                zip(whole[0]["source"], whole[0]["target"], strict=False),
                whole[0]["weight"],
                strict=False,
            )
        )
        == upper
    )


def test_empty_review_gives_empty_tables():
    inc = incidence(references({}), papers=["A"])
    assert coupling(inc).empty and cocitation(inc).empty
    assert list(coupling(inc).columns) == list(similarity.EDGE_COLUMNS)


def test_edge_arrays_are_narrow_and_give_the_table_columns():
    rng = np.random.default_rng(3)
    cited = {f"p{i:02d}": [f"w{x}" for x in rng.integers(0, 30, 6)] for i in range(40)}
    inc = incidence(references(cited), papers=list(cited))
    edges = similarity.coupling_edges(inc)
    table = coupling(inc)
    assert edges.source.dtype == edges.target.dtype == edges.weight.dtype == np.int16
    assert (edges.source < edges.target).all()
    assert len(edges) == len(table) and edges.nbytes == 6 * len(edges)
    assert list(inc.papers[edges.source]) == list(table["source"])
    for name in similarity.MEASURES:
        np.testing.assert_array_equal(edges.measure(name), table[name].to_numpy())
    with pytest.raises(ValueError, match="unknown similarity measure"):
        edges.measure("dice")


def test_cocitation_edges_keep_only_works_cited_often_enough():
    cited = {"A": ["x", "y", "z"], "B": ["x", "y"], "C": ["x"]}
    inc = incidence(references(cited), papers=list(cited))
    edges = similarity.cocitation_edges(inc, min_citations=2)
    assert list(edges.ids) == ["x", "y"]
    assert (list(edges.source), list(edges.target), list(edges.weight)) == ([0], [1], [2])
    # cosine of x (3 citers) and y (2 citers) sharing 2: 2 / sqrt(6)
    assert edges.measure("cosine")[0] == pytest.approx(2 / np.sqrt(6))


def test_narrowest_int_switches_to_int32_above_int16():
    assert similarity.narrowest_int(-1) == similarity.narrowest_int(32_767) == np.int16
    assert similarity.narrowest_int(32_768) == similarity.narrowest_int(2**31 - 1) == np.int32


def test_positions_beyond_int16_are_int32_and_exact():
    # paper p cites works 2p and 2p + 1: 33,000 works, one co-citation edge per paper
    n_papers = 16_500
    cited = pd.DataFrame(
        {
            "citing_id": np.repeat([f"p{i:05d}" for i in range(n_papers)], 2),
            "work_id": [f"w{i:05d}" for i in range(2 * n_papers)],
        }
    )
    edges = similarity.cocitation_edges(incidence(cited), min_citations=1)
    assert edges.source.dtype == edges.target.dtype == np.int32 and edges.weight.dtype == np.int16
    np.testing.assert_array_equal(edges.source, np.arange(0, 2 * n_papers, 2))
    np.testing.assert_array_equal(edges.target, np.arange(1, 2 * n_papers, 2))
    assert (edges.weight == 1).all() and edges.ids[edges.target[-1]] == "w32999"


def test_join_fills_one_array_and_empties_the_parts():
    parts = [np.array([1, 2], dtype=np.int32), np.empty(0, dtype=np.int32), np.array([3])]
    joined = similarity._join(parts, np.dtype(np.int16))
    assert joined.dtype == np.int16 and list(joined) == [1, 2, 3] and parts == []
    assert similarity._join([], np.dtype(np.int32)).dtype == np.int32


def _cocitation_in_small_blocks(monkeypatch, seed: int, min_weight: int):
    """Co-citation edges of a random review built in blocks of 40 entries, with the upper
    triangle (i, j, weight) of the dense product."""
    rng = np.random.default_rng(seed)
    cited = {f"p{i:02d}": [f"w{x:02d}" for x in rng.integers(0, 25, 7)] for i in range(60)}
    inc = incidence(references(cited), papers=list(cited))
    dense = inc.matrix.T.toarray().astype(int) @ inc.matrix.toarray().astype(int)
    monkeypatch.setattr(similarity, "BLOCK_ENTRIES", 40)
    edges = similarity.cocitation_edges(inc, min_citations=1, min_weight=min_weight)
    i, j = np.triu_indices(len(dense), 1)
    return edges, i, j, dense[i, j]


def _assert_edges(edges, i, j, weight, kept) -> None:
    np.testing.assert_array_equal(edges.source, i[kept])
    np.testing.assert_array_equal(edges.target, j[kept])
    np.testing.assert_array_equal(edges.weight, weight[kept])


def test_upper_edges_with_min_weight_match_the_dense_product(monkeypatch):
    edges, i, j, weight = _cocitation_in_small_blocks(monkeypatch, 11, min_weight=3)
    strong = weight >= 3
    assert strong.any() and not strong.all()
    _assert_edges(edges, i, j, weight, strong)


def test_measures_do_not_depend_on_the_chunk_size(monkeypatch):
    rng = np.random.default_rng(5)
    cited = {f"p{i:02d}": [f"w{x}" for x in rng.integers(0, 40, 9)] for i in range(50)}
    edges = similarity.cocitation_edges(incidence(references(cited), papers=list(cited)), 1)
    whole = {name: edges.measure(name) for name in similarity.MEASURES}
    monkeypatch.setattr(edges_module, "MEASURE_CHUNK", 7)
    for name, values in whole.items():
        chunked = edges.measure(name)
        assert chunked.tobytes() == values.tobytes() and len(chunked) > 7


@pytest.mark.parametrize("min_weight", [1, 2])
def test_below_diagonal_keeps_entries_left_of_the_diagonal(min_weight):
    rng = np.random.default_rng(5)
    dense = rng.integers(0, 4, (9, 4)) * (rng.random((9, 4)) < 0.7)
    kept = similarity._below_diagonal(sp.csr_matrix(dense), min_weight).toarray()
    rows, cols = np.indices(dense.shape)
    np.testing.assert_array_equal(kept, np.where((cols < rows) & (dense >= min_weight), dense, 0))


def test_upper_edges_in_small_blocks_match_the_dense_product(monkeypatch):
    edges, i, j, weight = _cocitation_in_small_blocks(monkeypatch, 12, min_weight=1)
    _assert_edges(edges, i, j, weight, weight > 0)
