"""Node and work labels."""

from __future__ import annotations

import pandas as pd
import pytest

from refnet.labels import short_label, short_labels


def test_author_and_year():
    assert short_label("Waltz, Kenneth N.; Other, A", 1979, "Theory") == "Waltz 1979"
    assert short_label("Waltz, Kenneth N.", pd.NA, "Theory") == "Waltz"


def test_works_without_author_are_named_by_their_title():
    assert short_label("", 1996, "Evraziyskii Soyuz") == "Evraziyskii Soyuz 1996"
    long = "The Embassy of the Republic of Kazakhstan"
    assert short_label("", 2013, long) == "The Embassy of the… 2013"


def test_fallback_when_nothing_is_known():
    assert short_label("", None, "", "w123") == "w123"


def test_short_labels_agree_with_short_label():
    authors = ["Waltz, K; Other, A", "", "", "Waltz, K; Other, A", " Kim ", ""]
    years = [1979, 2013, None, None, 2001, None]
    titles = ["T", "The Embassy of the Republic of Kazakhstan", "Giant oil", "", "", ""]
    expected = [short_label(a, y, t) for a, y, t in zip(authors, years, titles, strict=True)]
    assert expected[:3] == ["Waltz 1979", "The Embassy of the… 2013", "Giant oil"]
    assert expected[3:] == ["Waltz", "Kim 2001", ""]
    assert short_labels(authors, years, titles) == expected


def test_short_labels_take_missing_authors_as_empty():
    assert short_labels([None, "Kim, J; Lee, K"], [1990, 2001], ["A Title", ""]) == [
        "A Title 1990",
        "Kim 2001",
    ]


def test_short_labels_take_nan_years_as_none():
    nan = float("nan")
    assert short_labels(["Kim, J", "Lee", ""], [nan, 1990.0, nan], ["", "", ""]) == [
        "Kim",
        "Lee 1990",
        "",
    ]


def test_short_labels_check_years_only_where_there_is_a_label():
    assert short_labels(["", "Kim"], ["no year", 2001], [None, "T"]) == ["", "Kim 2001"]
    with pytest.raises(ValueError):
        short_labels(["Kim"], ["no year"], [""])
    with pytest.raises(ValueError):
        short_labels(["Kim", "Lee"], [2001], ["", ""])
