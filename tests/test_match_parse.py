"""Parsing of real reference strings from the soft-balancing corpus."""

from __future__ import annotations

import pytest

from refnet.match.parse import parse_reference


def _line(softbalancing, name: str, start: str) -> str:
    path = softbalancing / "bibliographies" / f"{name}.txt"
    return next(
        x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.startswith(start)
    )


@pytest.mark.parametrize(
    ("name", "start", "expected"),
    [
        (
            "trachtenberg2003_question_of_realism",
            "Alexander Wendt",
            {
                "first_author": "Wendt",
                "year": "1999",
                "title": "Social Theory of International Politics",
                "publisher": "Cambridge University Press",
                "kind": "book",
            },
        ),
        (
            "liberal_leviathan_notes_p124",
            "See Robert Pape",
            {
                "first_author": "Pape",
                "year": "2005",
                "venue": "International Security",
                "volume": "30",
                "issue": "1",
                "pages": "7-45",
                "kind": "article",
            },
        ),
        (
            "he2015_contested_regional_orders",
            "Bull Hedley",
            {"first_author": "Bull", "year": "1977", "title": "ANARCHICAL SOC STUDY"},
        ),
        (
            "he2015_contested_regional_orders",
            "How ideas spread",
            {"first_author": "Acharya", "year": "2004", "volume": "58", "pages": "239-275"},
        ),
        (
            "liberal_leviathan_notes_p124",
            "Waltz, Theory",
            {"first_author": "Waltz", "title": "Theory of International Politics", "kind": "short"},
        ),
        (
            "dallagnol2018_balancing_unipolarity",
            "Acharya, Amitav",
            {
                "authors": "Acharya, Amitav",
                "year": "2014",
                "title": "The end of the American World Order",
            },
        ),
        (
            "ut_ac_ir_91266",
            "Crawford, Timothy",
            {
                "first_author": "Crawford",
                "year": "2008",
                "volume": "17",
                "venue": "Security Studies",
            },
        ),
        (
            "issuhub_22487_book_notes",
            "Walter R. Mead",
            {"kind": "chapter", "venue": "The Future of American Foreign Policy"},
        ),
        (
            "he2015_contested_regional_orders",
            "[Anonymous], 2013",
            {"first_author": "", "year": "2013", "title": "XINHUA NEWS"},
        ),
    ],
)
def test_real_lines(softbalancing, name, start, expected):
    fields = parse_reference(_line(softbalancing, name, start))
    for key, value in expected.items():
        assert fields[key] == value, (key, fields)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Walt 2005", {"first_author": "Walt", "year": "2005", "kind": "citation"}),
        ("Brooks & Wohlforth 2005", {"authors": "Brooks; Wohlforth", "kind": "citation"}),
        ("Nazarbayev 2003a", {"year": "2003a"}),
        ("(“Evraziyskii Soyuz,” 1996)", {"title": "Evraziyskii Soyuz", "year": "1996"}),
        (
            "WALTZ KN, 1979, THEORY INT POLITICS",
            {"authors": "Waltz, KN", "title": "THEORY INT POLITICS"},
        ),
        ("Ibid., 45.", {"kind": "ibid"}),
        ("Kazhegel’din, Akezhan. 2002. Kazakhstan. London: X.", {"first_author": "Kazhegel’din"}),
    ],
)
def test_styles(raw, expected):
    fields = parse_reference(raw)
    for key, value in expected.items():
        assert fields[key] == value, (key, fields)


def test_doi_is_taken_out_of_the_string():
    fields = parse_reference("PAPE RA, 2005, INT SECURITY, V30, P7, DOI 10.1162/0162288054894607")
    assert fields["doi"] == "10.1162/0162288054894607"
    assert fields["volume"] == "30"
