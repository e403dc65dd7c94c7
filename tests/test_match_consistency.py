"""Identical-string consistency on tiny handmade matched tables."""

from __future__ import annotations

import pandas as pd
import pytest

from refnet.match.consistency import (
    consistency_summary,
    identical_strings,
    names_a_work,
    string_key,
)


def matched(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """A matched references table of (citing_id, raw, pages, work_id) rows."""
    return pd.DataFrame(rows, columns=["citing_id", "raw", "pages", "work_id"])


def test_string_key_folds_case_and_whitespace_only():
    assert string_key("  MERTON R.,  1973,\tSOCIOLOGY SCI ") == "merton r., 1973, sociology sci"
    assert string_key("Merton R., 1973") != string_key("Merton R, 1973")  # punctuation kept
    assert string_key(None) == ""


def test_a_string_split_into_two_works_loses_its_pair():
    table = identical_strings(
        matched(
            ("p1", "MERTON R., 1973, SOCIOLOGY SCI THEORE", "", "w1"),
            ("p2", "merton r.,  1973, sociology sci theore", "", "w2"),
            ("p1", "KUHN T., 1962, STRUCTURE SCI REVOLU", "", "k"),
            ("p2", "KUHN T., 1962, STRUCTURE SCI REVOLU", "", "k"),
        )
    )
    assert table[["papers", "works", "pairs", "pairs_lost"]].values.tolist() == [
        [2, 1, 1, 0],
        [2, 2, 1, 1],
    ]
    assert table["example"].tolist() == [
        "KUHN T., 1962, STRUCTURE SCI REVOLU",
        "MERTON R., 1973, SOCIOLOGY SCI THEORE",
    ]
    summary = consistency_summary(table)
    assert (summary["strings"], summary["split"], summary["split_share"]) == (2, 1, 0.5)
    assert (summary["pairs"], summary["pairs_lost"], summary["lost_share"]) == (2, 1, 0.5)


def test_only_pairs_across_citing_papers_count():
    # p1 gives the string twice: the pair inside its list is not counted
    rows = [("p1", "DARWIN C, 1859, ORIGIN", "", "a"), ("p1", "DARWIN C, 1859, ORIGIN", "", "b")]
    table = identical_strings(matched(*rows, ("p2", "DARWIN C, 1859, ORIGIN", "", "a")))
    assert table[["papers", "references", "works", "pairs", "pairs_lost"]].values.tolist() == [
        [2, 3, 2, 2, 1]
    ]


def test_strings_with_pages_or_one_citing_paper_are_left_out():
    table = identical_strings(
        matched(
            ("p1", "EKMAN P, 1999, HDB COGNITION EMOTIO, P45", "45", "e1"),
            ("p2", "EKMAN P, 1999, HDB COGNITION EMOTIO, P45", "45", "e2"),
            ("p3", "NUNNALLY J., 1978, PSYCHOMETRIC THEORY", None, "n1"),
            ("p3", "NUNNALLY J., 1978, PSYCHOMETRIC THEORY", "", "n2"),
        )
    )
    assert table.empty
    assert consistency_summary(table)["split_share"] == 0.0


def test_min_papers_raises_the_bar():
    rows = [
        ("p1", "YIN R., 1994, CASE STUDY", "", "y1"),
        ("p2", "YIN R., 1994, CASE STUDY", "", "y2"),
    ]
    assert len(identical_strings(matched(*rows), min_papers=3)) == 0
    assert len(identical_strings(matched(*rows), min_papers=2)) == 1


@pytest.mark.parametrize(
    ("key", "names"),
    [
        ("no title captured", False),
        ("anonymous, no title captured", False),
        ("2", False),
        ("1999, p12", False),
        ("*astrazeneca, 22433 nda", True),
        ("kuhn t., 1962, structure", True),
    ],
)
def test_placeholders_name_no_work(key, names):
    assert names_a_work(key) is names


def test_placeholder_strings_are_counted_apart():
    table = identical_strings(
        matched(("p1", "NO TITLE CAPTURED", "", "x1"), ("p2", "NO TITLE CAPTURED", "", "x2"))
    )
    assert table.empty
    assert consistency_summary(table)["excluded"] == 1
