"""Strata of candidate book pairs, on handmade references."""

from __future__ import annotations

import pandas as pd
import pytest

from refnet.match.book_sample import candidates, is_translation_pair, stratum


def book(line, key, author, year, source, citing="p1", pages=""):
    return {
        "line": line,
        "key": key,
        "author": author,
        "year": year,
        "source": source,
        "first_word": source.split()[0],
        "citing_id": citing,
        "pages": pages,
    }


MERTON = book(1, "merton r, 1973, sociology sci", "merton", 1973, "sociology sci")


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (book(2, MERTON["key"], "merton", 1973, "sociology sci", citing="p2"), "identical"),
        (book(2, MERTON["key"], "merton", 1973, "sociology sci"), None),  # one citing list
        (
            book(
                2, "merton rk, 1973, sociology sci theore", "merton", 1973, "sociology sci theore"
            ),
            "variant",
        ),
        (
            book(2, "merton r, 1973, social theory", "merton", 1973, "social theory"),
            "same-author-year",
        ),
        (book(2, "merton r, 1968, sociology sci", "merton", 1968, "sociology sci"), "years"),
        (
            book(2, "merton r, 1968, social theory", "merton", 1968, "social theory"),
            "author-other-years",
        ),
        (book(2, "storer n, 1973, sociology sci", "storer", 1973, "sociology sci"), "same-volume"),
        (book(2, "storer n, 1970, sociology sci", "storer", 1970, "sociology sci"), None),
    ],
)
def test_strata(other, expected):
    assert stratum(MERTON, other) == expected


def test_identical_strings_with_a_page_are_no_candidates():
    with_page = book(
        1, "merton r, 1973, sociology sci, p439", "merton", 1973, "sociology sci", "p1", "439"
    )
    other = {**with_page, "line": 2, "citing_id": "p2"}
    assert stratum(with_page, other) is None


def test_translation_pairs_need_a_listed_author_and_no_common_word():
    keimplasma = book(1, "k", "weismann", 1892, "keimplasma theorie v")
    assert is_translation_pair(keimplasma, book(2, "g", "weismann", 1893, "germ plasm"))
    assert not is_translation_pair(keimplasma, book(2, "g", "weismann", 1893, "theorie germ"))
    assert is_translation_pair(
        book(1, "n", "haeckel", 1868, "naturliche schopfung"),
        book(2, "h", "haeckele", 1876, "hist creation"),
    )
    assert not is_translation_pair(MERTON, book(2, "s", "merton", 1968, "social theory"))


def test_candidates_keep_one_pair_per_pair_of_strings():
    rows = [
        book(10, "a", "kuhn", 1962, "structure sci revolu", citing="p1"),
        book(11, "a", "kuhn", 1962, "structure sci revolu", citing="p2"),
        book(12, "a", "kuhn", 1962, "structure sci revolu", citing="p3"),
        book(13, "b", "kuhn", 1970, "structure sci revolu", citing="p3"),
    ]
    strata = candidates(pd.DataFrame(rows))
    assert strata["identical"] == [(10, 11)]
    assert strata["years"] == [(10, 13)]
    assert strata["translation"] == []
