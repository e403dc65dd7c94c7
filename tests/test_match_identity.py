"""Merges that must and must not happen, ids, overrides, decisions, evaluation math."""

from __future__ import annotations

import pandas as pd

from refnet.match.evaluate import pairwise_scores
from refnet.match.identity import match_references
from refnet.match.overrides import parse_overrides
from refnet.match.parse import parse_references
from refnet.model import PAPER_COLUMNS, frame

LINES = {
    "a": [
        "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979),"
        " 126.",
        "Ibid., 45.",
        "Robert A. Pape, “Soft Balancing against the United States,” International Security 30,"
        " no. 1 (Summer 2005): 7–45.",
        "T. V. Paul, “Soft Balancing in the Age of U.S. Primacy,” International Security 30,"
        " no. 1 (Summer 2005): 46–71.",
        "Waltz, Theory of International Politics.",
    ],
    "b": [
        "WALTZ KN, 1979, THEORY INT POLITICS",
        "Pape, “Soft Balancing,” 36–43",
        "Paul, “Soft Balancing,” 58–70",
    ],
    "c": [
        "Walt, Stephen. 2005. Taming American Power. New York: Norton.",
        "Walt, Stephen. 2005. The Enduring Relevance of the Realist Tradition. New York: Norton.",
        "Walt 2005",
        "Nazarbayev 2003a",
        "Nazarbayev 2003b",
    ],
}


def _refs(lines=LINES):
    rows = [
        {
            "citing_id": k,
            "position": i,
            "source": "bibliography",
            "origin": f"{k}.txt:{i + 1}",
            "raw": r,
        }
        for k, v in lines.items()
        for i, r in enumerate(v)
    ]
    return parse_references(pd.DataFrame(rows))


def _work(out, origin):
    return out.set_index("origin").at[origin, "work_id"]


def test_merges_that_must_and_must_not_happen():
    out, works, decisions = match_references(_refs(), frame([], PAPER_COLUMNS), {})
    waltz = {_work(out, o) for o in ("a.txt:1", "a.txt:2", "a.txt:5", "b.txt:1")}
    assert len(waltz) == 1 and next(iter(waltz)).startswith("waltz1979-theory")
    assert _work(out, "b.txt:2") == _work(out, "a.txt:3")  # Pape short form
    assert _work(out, "b.txt:3") == _work(out, "a.txt:4")  # Paul short form
    assert _work(out, "a.txt:3") != _work(out, "a.txt:4")  # Pape vs Paul
    assert _work(out, "c.txt:1") != _work(out, "c.txt:2")  # two Walt 2005 works
    assert _work(out, "c.txt:3") not in {_work(out, "c.txt:1"), _work(out, "c.txt:2")}
    assert _work(out, "c.txt:4") != _work(out, "c.txt:5")  # 2003a vs 2003b
    rules = out.set_index("origin")["match_rule"]
    assert rules["a.txt:2"] == "ibid" and rules["b.txt:2"] == "short-form"
    row = works.set_index("work_id").loc[next(iter(waltz))]
    assert row["label"] == "Waltz 1979" and row["citations"] == 2
    ambiguous = decisions[(decisions["rule"] == "author-year") & ~decisions["accepted"]]
    assert ambiguous["reason"].str.contains("ambiguous").any()
    assert {"a_origin", "b_raw", "score", "reason"} <= set(decisions.columns)


def test_work_ids_are_deterministic_and_independent_of_unrelated_refs():
    first, _, _ = match_references(_refs(), frame([], PAPER_COLUMNS), {})
    more = dict(LINES, d=["Hedley Bull, The Anarchical Society (London: Macmillan, 1977)."])
    second, _, _ = match_references(_refs(more), frame([], PAPER_COLUMNS), {})
    again, _, _ = match_references(_refs(), frame([], PAPER_COLUMNS), {})
    assert first.equals(again)
    shared = second[second["citing_id"] != "d"].reset_index(drop=True)
    assert shared["work_id"].tolist() == first["work_id"].tolist()


def test_review_paper_link_by_title_author_year():
    papers = frame(
        [
            {
                "paper_id": "pape2005",
                "title": "Soft Balancing against the United States",
                "authors": "Pape, Robert A.",
                "year": 2005,
                "origin": "papers.yaml:1",
            }
        ],
        PAPER_COLUMNS,
    )
    out, works, _ = match_references(_refs(), papers, {})
    linked = works.set_index("work_id").at[_work(out, "b.txt:2"), "paper_id"]
    assert linked == "pape2005"


def test_overrides_are_obeyed():
    csv = "action,a,b\ndifferent,a.txt:1,b.txt:1\nsame,c.txt:4,c.txt:5\n"
    out, _, decisions = match_references(
        _refs(), frame([], PAPER_COLUMNS), {}, parse_overrides(csv)
    )
    assert _work(out, "a.txt:1") != _work(out, "b.txt:1")
    assert _work(out, "c.txt:4") == _work(out, "c.txt:5")
    assert (decisions["rule"] == "override").any()


def test_pairwise_scores_on_a_small_case():
    truth = ["x", "x", "x", "y", "y", "z"]
    predicted = [1, 1, 2, 2, 2, 3]
    scores = pairwise_scores(truth, predicted)
    # true pairs: 3 (x) + 1 (y) = 4; predicted: 1 + 3 = 4; correct: (0,1) and (3,4) = 2
    assert scores["true_pairs"] == 4 and scores["predicted_pairs"] == 4
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5 and scores["f1"] == 0.5
