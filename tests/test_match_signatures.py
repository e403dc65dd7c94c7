"""Identity of title-less references (WoS cited references): identical means same unless
the evidence says otherwise, and every refusal is listed with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_match_books import _match as match_export

from refnet.match.signatures import is_edition


def _match(tmp_path: Path, lists: list[list[str]]):
    """Match the cited references of a WoS export with one record per list."""
    matched, _, decisions = match_export(tmp_path, lists)
    return matched, decisions


def _works(matched, raw: str) -> int:
    return matched.loc[matched["raw"] == raw, "work_id"].nunique()


def test_an_edition_in_the_volume_does_not_turn_a_book_into_a_journal(tmp_path):
    bare = "Darwin C., 1859, ORIGIN SPECIES MEANS"
    lists = [[bare], [bare], [bare, "Darwin C. R., 1872, ORIGIN SPECIES MEANS, V6th"]]
    matched, _ = _match(tmp_path, lists)
    assert _works(matched, bare) == 1


def test_a_stray_page_list_is_no_volume(tmp_path):
    # "P273, 339" once made "339" a volume, and the source a journal
    bare = "MERTON R., 1973, SOCIOLOGY SCI THEORE"
    lists = [[bare], [bare], ["MERTON R., 1973, SOCIOLOGY SCI THEORE, P273, 339"]]
    matched, _ = _match(tmp_path, lists)
    assert matched["work_id"].nunique() == 1


def test_bare_references_of_a_journal_join(tmp_path):
    bare = "SMITH J, 1990, J POLIT, P7"
    lists = [[bare], [bare], ["JONES K, 1991, J POLIT, V3, P9"]]
    matched, _ = _match(tmp_path, lists)
    assert _works(matched, bare) == 1


def test_chapters_of_a_collection_stay_apart_with_the_reason(tmp_path):
    lists = [
        ["Ekman P, 1999, HDB COGNITION EMOTIO, P301"],
        ["Ekman P, 1999, HDB COGNITION EMOTIO, P45"],
        ["Power M, 1999, HDB COGNITION EMOTIO, P3"],
    ]
    matched, decisions = _match(tmp_path, lists)
    assert matched["work_id"].nunique() == 3
    refused = decisions[~decisions["accepted"]]
    assert refused["reason"].str.contains("collection").any()


def test_pinpoints_of_a_book_join(tmp_path):
    lists = [["WALTZ K, 1979, THEORY INT POLITICS, P126"], ["WALTZ K, 1979, THEORY INT POLITICS"]]
    lists.append(["WALTZ KN, 1979, THEORY INT POLITICS, P91"])
    matched, _ = _match(tmp_path, lists)
    assert matched["work_id"].nunique() == 1


def test_article_number_journals_need_the_article_number(tmp_path):
    ref = "LARIVIERE V, 2015, PLOS ONE, V10"
    matched, decisions = _match(tmp_path, [[ref], [ref]])
    assert _works(matched, ref) == 2
    assert decisions["reason"].str.contains("article-number").any()


def test_one_list_with_two_pages_of_a_source_names_two_works(tmp_path):
    a, b = "NESTLER JK, 1829, MITTHEILUNGEN, P153", "NESTLER JK, 1829, MITTHEILUNGEN, P163"
    matched, _ = _match(tmp_path, [[a, b], [a]])
    assert matched["work_id"].nunique() == 2
    assert _works(matched, a) == 1


def test_year_letters_of_one_list_still_tell_works_apart(tmp_path):
    a, b = "WALT S, 2005a, TAMING AM POWER", "WALT S, 2005b, TAMING AM POWER"
    matched, _ = _match(tmp_path, [[a, b]])
    assert matched["work_id"].nunique() == 2


@pytest.mark.parametrize(
    ("volume", "edition"),
    [("6th", True), ("2ND ED.", True), ("Sixth", True), ("3 ed", True), ("12", False),
     ("XXVI", False), ("II", False), ("2008", False), ("S1", False)],
)  # fmt: skip
def test_editions_are_told_from_volumes(volume, edition):
    assert is_edition(volume) is edition


def test_an_edition_written_with_its_number_is_no_volume(tmp_path):
    # the key of "V5TH ED." is "5": the volume as written tells the edition
    lists = [["GREENE WH, 1990, ECONOMETRIC ANAL, P12"], ["GREENE WH, 1990, ECONOMETRIC ANAL, P45"]]
    lists.append(["GREENE W.H., 2003, ECONOMETRIC ANAL, V5TH ED."])
    matched, _ = _match(tmp_path, lists)
    assert _works(matched, "GREENE WH, 1990, ECONOMETRIC ANAL, P12") == 1
    pinpoints = matched[matched["raw"].str.contains(", P")]
    assert pinpoints["work_id"].nunique() == 1  # a book's pages, not a journal's articles
