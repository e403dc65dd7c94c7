"""DOI, ISBN and OpenAlex id normalisation."""

from __future__ import annotations

import pytest

from refnet.ids import (
    find_dois,
    find_isbns,
    normalize_doi,
    normalize_isbn,
    normalize_openalex_id,
)

SICI = "10.1002/(SICI)1099-0771(199806)11:2<107::AID-BDM292>3.0.CO;2-Y"
AMPERSAND = "10.1207/s15327809jls0703&4_2"


@pytest.mark.parametrize(
    "text",
    [
        "10.1162/0162288054894652",
        "https://doi.org/10.1162/0162288054894652",
        "http://dx.doi.org/10.1162/0162288054894652",
        "https://www.doi.org/10.1162/0162288054894652",
        "doi.org/10.1162/0162288054894652",
        "doi:10.1162/0162288054894652",
        "DOI: 10.1162/0162288054894652",
        "DOI 10.1162/0162288054894652",
        "doi 10.1162/0162288054894652.",
        "  10.1162/0162288054894652,  ",
        "<10.1162/0162288054894652>",
        "info:doi/10.1162/0162288054894652",
        "https://doi.org/10.1162%2F0162288054894652",
    ],
)
def test_normalize_doi_common_forms(text: str) -> None:
    assert normalize_doi(text) == "10.1162/0162288054894652"


def test_normalize_doi_lower_cases() -> None:
    assert normalize_doi("10.1017/S0043887109000124") == "10.1017/s0043887109000124"
    assert normalize_doi("https://doi.org/10.1162/ISEC_a_00212") == "10.1162/isec_a_00212"


def test_normalize_doi_keeps_special_characters_of_the_doi() -> None:
    assert normalize_doi(SICI) == SICI.lower()
    assert normalize_doi(f"doi:{SICI}.") == SICI.lower()
    assert normalize_doi(AMPERSAND) == AMPERSAND
    # a closing parenthesis that belongs to the DOI stays; an unbalanced one goes
    assert normalize_doi("10.1016/0022-2836(81)90087-5") == "10.1016/0022-2836(81)90087-5"
    assert normalize_doi("10.1016/0022-2836(81)90087-5)") == "10.1016/0022-2836(81)90087-5"
    assert normalize_doi("10.1000/abc]") == "10.1000/abc"


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "10.1162",
        "10.1162/",
        "11.1162/abc",
        "10.12/abc",
        "not a doi",
        "see 10.1162/abc for details",
        "https://example.org/10.1162/abc",
        "DOI:3390/g12040081",
    ],
)
def test_normalize_doi_rejects_non_dois(text: str | None) -> None:
    assert normalize_doi(text) is None


def test_find_dois_in_running_text() -> None:
    text = (
        f"See doi:10.1057/IP.2014.46; also (https://doi.org/10.1093/ia/iiaa061) and {SICI}. "
        f"Then {AMPERSAND}, and again DOI 10.1057/ip.2014.46."
    )
    assert find_dois(text) == ["10.1057/ip.2014.46", "10.1093/ia/iiaa061", SICI.lower(), AMPERSAND]


def test_find_dois_url_encoded_and_none() -> None:
    assert find_dois("https://doi.org/10.1080%2F13523260.2012.693792") == [
        "10.1080/13523260.2012.693792"
    ]
    assert find_dois("pp. 10.5-12 and 2010.1 / 3") == []
    assert find_dois("<DOI: 1177/1354066108092310>") == []
    assert find_dois(None) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0-201-08349-3", "9780201083491"),
        ("ISBN 0201083493", "9780201083491"),
        ("080442957X", "9780804429573"),
        ("0-8044-2957-x", "9780804429573"),
        ("978-0-201-08349-1", "9780201083491"),
        ("ISBN-13: 978 1 58901 626 2", "9781589016262"),
        ("9781009638050", "9781009638050"),
        ("979-10-90636-07-1", "9791090636071"),
    ],
)
def test_normalize_isbn(text: str, expected: str) -> None:
    assert normalize_isbn(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "0-201-08349-4",
        "9780201083492",
        "123456789",
        "97802010834910",
        "9770201083491",
        "ISBN",
        "0201083493 pages",
        "12345678X0",
    ],
)
def test_normalize_isbn_rejects(text: str | None) -> None:
    assert normalize_isbn(text) is None


def test_find_isbns() -> None:
    text = (
        "Stanford UP, 2004. ISBN 0-201-08349-3; online ISBN 9781009638050 "
        "(also 978-0-201-08349-1), call 0201083494, printed 0201083493 unlabelled."
    )
    assert find_isbns(text) == ["9780201083491", "9781009638050"]
    assert find_isbns("https://muse.jhu.edu/books/9781589016262/9781589016262-13.pdf") == [
        "9781589016262"
    ]
    assert find_isbns("phone 0 201 083 493 1") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://openalex.org/W2062278920", "W2062278920"),
        ("https://api.openalex.org/works/W2062278920", "W2062278920"),
        ("openalex:w2062278920", "W2062278920"),
        ("W2062278920", "W2062278920"),
        ("https://openalex.org/A5023888391", "A5023888391"),
    ],
)
def test_normalize_openalex_id(text: str, expected: str) -> None:
    assert normalize_openalex_id(text) == expected


@pytest.mark.parametrize(
    "text", [None, "", "W", "X123", "https://example.org/W123", "W12a", "10.1/W123"]
)
def test_normalize_openalex_id_rejects(text: str | None) -> None:
    assert normalize_openalex_id(text) is None
