"""Merging and ranking candidates (no network): the score's normalisation and filters,
and the first-seen dates."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest

from refnet.discover import candidates
from refnet.discover.candidates import Settings, rank_candidates
from refnet.discover.fetch import Forward
from refnet.discover.seen import date_candidates, new_candidates, read_state, write_state
from refnet.model import MATCH_COLUMNS, PAPER_COLUMNS, REFERENCE_COLUMNS, WORK_COLUMNS, frame
from refnet.sources.citations import Citing, citing_work

PAPERS = frame([{"paper_id": f"p{i}", "doi": f"10.1/p{i}"} for i in range(4)], PAPER_COLUMNS)
NO_REFS = frame([], {**REFERENCE_COLUMNS, **MATCH_COLUMNS})
NO_WORKS = frame([], WORK_COLUMNS)


def forward(*links: tuple[str, str, dict], date: str = "2026-01-02") -> Forward:
    return Forward(
        links=[(p, Citing(source, f"10.1/{p}", [work], 1, date)) for p, source, work in links],
        review_wids={f"p{i}": f"W{i}" for i in range(4)},
    )


def test_a_long_reference_list_does_not_win_by_size():
    survey = citing_work(doi="10.9/survey", openalex_id="W90", references_count=800)
    article = citing_work(doi="10.9/article", openalex_id="W91", references_count=30)
    links = [(f"p{i}", "openalex", survey) for i in range(4)]
    links += [(f"p{i}", "openalex", article) for i in range(2)]
    table = rank_candidates(PAPERS, NO_REFS, NO_WORKS, forward(*links), Settings(1)).table
    assert list(table.doi) == ["10.9/article", "10.9/survey"]
    assert table.score.iloc[0] == round(2 / math.sqrt(4 * 30), 6)
    assert table.score.iloc[1] == round(4 / math.sqrt(4 * 800), 6)


def test_sources_merge_by_doi_and_openalex_id_and_review_papers_are_left_out():
    oa = citing_work(doi="10.9/x", openalex_id="W90", title="From OpenAlex")
    s2 = citing_work(doi="10.9/X".lower(), s2_id="abc", title="From S2")
    oc = citing_work(doi="10.9/x")
    review = citing_work(doi="10.1/p3", openalex_id="W3")  # p3 cites p0: not a candidate
    nodoi = citing_work(openalex_id="W90", title="Same work without DOI")
    links = [("p0", "openalex", oa), ("p1", "semanticscholar", s2), ("p2", "opencitations", oc)]
    links += [("p0", "openalex", review), ("p3", "openalex", nodoi)]
    ranked = rank_candidates(PAPERS, NO_REFS, NO_WORKS, forward(*links), Settings(1))
    table = ranked.table
    assert len(table) == 1 and ranked.dropped == {"review papers": 1}
    row = table.iloc[0]
    assert (row.doi, row.openalex_id, row.s2_id, row.title) == (
        "10.9/x",
        "W90",
        "abc",
        "From OpenAlex",
    )
    assert row.sources == "openalex; opencitations; semanticscholar"
    assert (row.cites, row.why) == (4, "cites: p0, p1, p2, p3")


def test_backward_works_coupling_cocitation_and_filters():
    refs = frame(
        [
            {"citing_id": "p0", "work_id": "book:waltz", "openalex_id": ""},
            {"citing_id": "p1", "work_id": "book:waltz", "openalex_id": ""},
            {"citing_id": "p1", "work_id": "doi:10.9/old", "openalex_id": "W50"},
            {"citing_id": "p2", "work_id": "doi:10.9/old", "openalex_id": "W50"},
            {"citing_id": "p2", "work_id": "doi:10.1/p0", "openalex_id": "W0"},
        ],
        {**REFERENCE_COLUMNS, **MATCH_COLUMNS},
    )
    works = frame(
        [
            {"work_id": "book:waltz", "title": "Theory", "year": 1979},
            {"work_id": "doi:10.9/old", "doi": "10.9/old", "title": "Old", "year": 1990},
            {"work_id": "doi:10.1/p0", "doi": "10.1/p0", "paper_id": "p0"},
        ],
        WORK_COLUMNS,
    )
    # a citing work of the review that also cites the backward work W50 (co-citation)
    # and shares W50 with the review's references (coupling)
    new = citing_work(doi="10.9/new", openalex_id="W91", references=["W0", "W50"], year=2025)
    links = [("p0", "openalex", new)]
    table = rank_candidates(PAPERS, refs, works, forward(*links), Settings(1)).table
    by_id = table.set_index("candidate_id")
    assert (
        by_id.loc["book:waltz", "cited_by"] == 2 and by_id.loc["book:waltz", "kind"] == "backward"
    )
    assert by_id.loc["doi:10.9/old", "cocitation"] == 1
    assert by_id.loc["doi:10.9/new", "coupling"] == 2  # W0 and W50 are cited by the review
    assert "doi:10.1/p0" not in by_id.index
    two = rank_candidates(PAPERS, refs, works, forward(*links), Settings(2)).table
    assert set(two.candidate_id) == {"book:waltz", "doi:10.9/old"}
    recent = rank_candidates(PAPERS, refs, works, forward(*links), Settings(1, 10, 2000, None))
    assert set(recent.table.candidate_id) == {"doi:10.9/new"}  # 1979 and 1990 are out
    top = rank_candidates(PAPERS, refs, works, forward(*links), Settings(1, 1))
    assert len(top.table) == 1 and top.dropped["beyond max_candidates"] == 2


def test_first_seen_comes_from_answers_and_state_and_new_is_the_latest(tmp_path):
    table = pd.DataFrame(
        {"candidate_id": ["a", "b", "c"], "first_seen": ["2026-12-01", "2026-12-01", ""]}
    )
    state_path = tmp_path / "state.csv"
    write_state(pd.DataFrame({"candidate_id": ["a"], "first_seen": ["2026-11-01"]}), {}, state_path)
    dated = date_candidates(table, read_state(state_path))
    assert list(dated.first_seen) == ["2026-11-01", "2026-12-01", "2026-12-01"]
    assert list(new_candidates(dated).candidate_id) == ["b", "c"]
    write_state(dated, read_state(state_path), state_path)
    again = date_candidates(table, read_state(state_path))
    assert again.equals(dated)  # a rerun on the same answers gives the same dates


def _random_review(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, Forward]:
    """Cited works with shared DOIs and OpenAlex ids, review papers among them, years,
    ties of score, and citing works naming some of them (a review of 40 papers)."""
    rng = random.Random(seed)
    papers = frame([{"paper_id": f"p{i}", "doi": f"10.1/p{i}"} for i in range(40)], PAPER_COLUMNS)
    works, refs = [], []
    for w in range(300):
        doi = rng.choice(["", f"10.9/w{w}", f"10.9/w{w % 50}", f"10.1/p{w % 40}"])
        paper = f"p{w % 40}" if doi.startswith("10.1/") and rng.random() < 0.5 else ""
        year = rng.choice([None, 1975, 1990, 2005, 2020])
        works.append({"work_id": f"w{w}", "doi": doi, "paper_id": paper, "year": year,
                      "title": f"Title {w}", "authors": "Waltz, K", "kind": "book"})  # fmt: skip
        wid = rng.choice(["", "", f"W{w}", f"W{w % 30}"])
        for p in rng.sample(range(40), rng.choice([0, 1, 2, 2, 3, 5, 8])):
            refs.append({"citing_id": f"p{p}", "work_id": f"w{w}", "openalex_id": wid})
    citing = [
        citing_work(doi=f"10.9/w{k}", openalex_id=f"W{k}", references=[f"W{k + 1}"])
        for k in range(0, 60, 7)
    ]
    links = [(f"p{rng.randrange(40)}", "openalex", work) for work in citing]
    refs_frame = frame(refs, {**REFERENCE_COLUMNS, **MATCH_COLUMNS})
    return papers, refs_frame, frame(works, WORK_COLUMNS), forward(*links)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "settings", [Settings(1), Settings(2, 25), Settings(3, 10, 1980, 2010), Settings(0, 7)]
)
def test_works_ranked_alone_column_wise_as_in_groups(monkeypatch, seed, settings):
    """The column-wise ranking of works that are candidates alone gives the table and the
    counts of ranking every work as a group."""
    papers, refs, works, links = _random_review(seed)
    fast = rank_candidates(papers, refs, works, links, settings)
    assert candidates._alone(works, candidates._first_wids(refs), []).any()
    monkeypatch.setattr(candidates, "_alone", lambda works, *_: np.zeros(len(works), bool))
    slow = rank_candidates(papers, refs, works, links, settings)
    pd.testing.assert_frame_equal(fast.table, slow.table)
    assert fast.dropped == slow.dropped
