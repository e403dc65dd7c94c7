"""Why two papers are linked: shared works, what each link rests on, weight_exact."""

from __future__ import annotations

import pandas as pd

from refnet.graphs.stage import build_graphs
from refnet.model import PAPER_COLUMNS, WORK_COLUMNS, frame


def _tables(rows: list[tuple[str, str, str]]) -> dict:
    references = pd.DataFrame(rows, columns=["citing_id", "work_id", "match_rule"])
    references["origin"] = "refs.bib:" + references.index.astype(str)
    papers = frame([{"paper_id": p, "title": p} for p in ("A", "B", "C")], PAPER_COLUMNS)
    works = frame(
        [
            {"work_id": "w_doi", "label": "Pape 2005"},
            {"work_id": "w_title", "label": "Waltz 1979"},
            {"work_id": "w_over", "label": "Paul 2005"},
            {"work_id": "w_isbn", "label": "Walt 1987"},
        ],
        WORK_COLUMNS,
    )
    return build_graphs(references, works, papers, {"cocitation_min_citations": 2})


ROWS = [
    ("A", "w_doi", "doi"),
    ("B", "w_doi", "doi"),
    ("A", "w_title", "title"),
    ("A", "w_title", "doi"),  # a second reference to the same work: the strongest counts
    ("B", "w_title", "key"),
    ("A", "w_over", "override"),
    ("B", "w_over", "title"),
    ("B", "w_isbn", "isbn"),
    ("C", "w_isbn", "doi"),
    ("C", "w_title", ""),
]


def test_coupling_evidence_names_each_shared_work_and_its_basis():
    built = _tables(ROWS)
    why = built["coupling_evidence"]
    ab = why.loc[(why["source"] == "A") & (why["target"] == "B")].set_index("shared")
    assert ab["basis"].to_dict() == {"w_doi": "doi", "w_over": "override", "w_title": "fuzzy"}
    assert ab.loc["w_title", ["source_rule", "target_rule"]].tolist() == ["doi", "key"]
    assert ab.loc["w_doi", "shared_label"] == "Pape 2005"
    bc = why.loc[(why["source"] == "B") & (why["target"] == "C")].set_index("shared")
    assert bc["basis"].to_dict() == {"w_isbn": "isbn", "w_title": "unknown"}
    coupling = built["coupling"].frame().set_index(["source", "target"])
    assert coupling.loc[("A", "B"), "weight"] == 3
    assert coupling.loc[("A", "B"), "weight_exact"] == 1  # only the DOI link
    assert coupling.loc[("B", "C"), "weight_exact"] == 1
    assert coupling.loc[("A", "C"), "weight_exact"] == 0  # C's link has no rule
    # every shared work of every edge is listed once
    assert len(why) == int(coupling["weight"].sum())


def test_cocitation_evidence_lists_the_citing_papers():
    built = _tables(ROWS)
    why = built["cocitation_evidence"]
    pair = why.loc[(why["source"] == "w_doi") & (why["target"] == "w_title")]
    assert pair["shared"].tolist() == ["A", "B"]
    assert pair["basis"].tolist() == ["doi", "fuzzy"]
    cocitation = built["cocitation"].frame().set_index(["source", "target"])
    assert cocitation.loc[("w_doi", "w_title"), "weight_exact"] == 1


def test_all_exact_links_give_weight_exact_equal_to_weight_and_a_cap_keeps_strong_edges():
    rows = [(p, w, "doi") for p in "ABC" for w in ("w_doi", "w_title")] + [("A", "w_isbn", "doi")]
    rows.append(("B", "w_isbn", "doi"))
    references = pd.DataFrame(rows, columns=["citing_id", "work_id", "match_rule"])
    papers = frame([{"paper_id": p} for p in "ABC"], PAPER_COLUMNS)
    works = frame([{"work_id": "w_doi"}], WORK_COLUMNS)
    built = build_graphs(references, works, papers, {"evidence_max_rows": 3})
    coupling = built["coupling"].frame()
    assert (coupling["weight_exact"] == coupling["weight"]).all()
    why = built["coupling_evidence"]
    assert set(zip(why["source"], why["target"], strict=True)) == {("A", "B")}  # weight 3
    assert why.loc[why["shared"] == "w_title", "shared_label"].tolist() == ["w_title"]


def test_weight_exact_is_the_product_of_the_exact_links_on_a_random_review():
    import numpy as np
    import scipy.sparse as sp

    from refnet.graphs.edges import Edges
    from refnet.graphs.evidence import Links, exact_weights

    rng = np.random.default_rng(1)
    dense = rng.random((60, 40)) < 0.2
    codes = np.where(rng.random(dense.shape) < 0.7, 1, 2) * dense  # 1: doi, 2: a string rule
    links = Links(sp.csr_matrix(codes.astype(np.int32)), ["doi", "title"])
    exact = links.exact()
    shared = (dense.astype(int) @ dense.T.astype(int)).astype(np.int64)
    i, j = np.nonzero(np.triu(shared, 1))
    edges = Edges(np.arange(60).astype(str), i, j, shared[i, j], np.zeros(60), np.zeros(60))
    expected = (exact @ exact.T).toarray()[i, j]
    assert (expected < shared[i, j]).any() and (expected > 0).any()
    assert np.array_equal(exact_weights(links.matrix, exact, edges), expected)
    kept = np.flatnonzero(shared[i, j] >= 2)  # pruned edges (min_weight) are left out
    pruned = Edges(edges.ids, i[kept], j[kept], shared[i, j][kept], np.zeros(60), np.zeros(60))
    assert np.array_equal(exact_weights(links.matrix, exact, pruned), expected[kept])
