"""RIS and CSL-JSON beside BibTeX: same entries and keys, proper types, tools read them back."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import rispy
from pybtex.database import parse_string

from refnet.export.bibtex import _names, _pybtex_name, generate_bibtex, latex_escape, protect_case
from refnet.export.csl import format_csl, generate_csl
from refnet.export.entries import prepare_entries
from refnet.export.ris import generate_ris
from refnet.model import PAPER_COLUMNS, WORK_COLUMNS, frame

SHARED = Path(__file__).resolve().parents[2] / "shared"
CSL_SCHEMA = SHARED / "schemas/csl/csl-data.json"

WORKS = [
    {"work_id": "w:article", "title": "Soft Balancing against the United States",
     "authors": "Pape, Robert A.", "year": 2005, "kind": "article",
     "venue": "International Security", "volume": "30", "issue": "1", "pages": "7–45",
     "doi": "10.1162/0162288054894607"},
    {"work_id": "w:book", "title": "Theory of International Politics",
     "authors": "Waltz, Kenneth N.", "year": 1979, "kind": "book",
     "publisher": "Addison-Wesley", "pages": "126", "isbn": "9780075548522"},
    {"work_id": "w:bookless", "title": "The end of the American World Order",
     "authors": "Acharya, Amitav", "year": 2014, "kind": "citation",
     "venue": "Cambridge: Polity Press"},
    {"work_id": "w:chapter", "title": "Kazakhstan's multi-vector policy",
     "authors": "Cummings, Sally", "year": 2003, "kind": "chapter",
     "venue": "Central Asia and the EU", "publisher": "Routledge", "pages": "12-30"},
    {"work_id": "w:report", "title": "NATO and the EU: an energy partnership",
     "authors": "World Bank", "year": 2010, "kind": "report", "venue": "World Bank"},
    {"work_id": "w:press", "title": "Russia warns the U.S.", "year": 2008,
     "kind": "press", "venue": "Financial Times", "pages": "A3"},
    {"work_id": "w:web", "title": "Shangri-La Dialogue", "year": 2019, "kind": "web",
     "url": "https://example.org/a_b?x=1&y=%20"},
    {"work_id": "w:misc", "title": "", "authors": "", "kind": ""},
]  # fmt: skip

BY_TYPE = {  # work → (BibTeX, RIS, CSL)
    "w:article": ("article", "JOUR", "article-journal"),
    "w:book": ("book", "BOOK", "book"),
    "w:bookless": ("book", "BOOK", "book"),
    "w:chapter": ("incollection", "CHAP", "chapter"),
    "w:report": ("techreport", "RPRT", "report"),
    "w:press": ("article", "NEWS", "article-newspaper"),
    "w:web": ("online", "ELEC", "webpage"),
    "w:misc": ("misc", "GEN", "document"),
}


def table() -> pd.DataFrame:
    return frame(WORKS, WORK_COLUMNS)


def bibtex_by_id() -> dict[str, tuple[str, str, dict]]:
    data = parse_string(generate_bibtex(table()), "bibtex")
    return {e.fields["refnet"]: (k, e.type, dict(e.fields)) for k, e in data.entries.items()}


def ris_by_id() -> dict[str, dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        records = rispy.loads(generate_ris(table()))
    return {r["unknown_tag"]["M2"][0].removeprefix("refnet: "): r for r in records}


def test_three_formats_have_the_same_entries_keys_and_types():
    bib, ris = bibtex_by_id(), ris_by_id()
    csl = {i["custom"]["refnet"]: i for i in json.loads(generate_csl(table()))}
    assert set(bib) == set(ris) == set(csl) == set(BY_TYPE)
    for work, (bib_type, ris_type, csl_type) in BY_TYPE.items():
        key = bib[work][0]
        assert (bib[work][1], ris[work]["type_of_reference"], csl[work]["type"]) == (
            bib_type, ris_type, csl_type,
        )  # fmt: skip
        assert ris[work]["id"] == key == csl[work]["id"] == csl[work]["citation-key"]
        assert csl[work]["note"] == f"refnet: {work}"
    assert bib["w:press"][2]["entrysubtype"] == "newspaper"


def test_a_book_keeps_its_publisher_and_a_cited_page_is_no_page_count():
    bib, ris = bibtex_by_id(), ris_by_id()
    csl = {i["custom"]["refnet"]: i for i in json.loads(generate_csl(table()))}
    book = bib["w:book"][2]
    assert book["publisher"] == "Addison-Wesley" and "pages" not in book
    assert "start_page" not in ris["w:book"] and "page" not in csl["w:book"]
    assert "number-of-pages" not in csl["w:book"]
    assert (bib["w:bookless"][2]["publisher"], bib["w:bookless"][2]["address"]) == (
        "Polity Press", "Cambridge",
    )  # fmt: skip
    assert ris["w:bookless"]["publisher"] == "Polity Press"
    assert csl["w:bookless"]["publisher-place"] == "Cambridge"
    # a page range inside a container stays
    assert bib["w:article"][2]["pages"] == "7--45" and csl["w:article"]["page"] == "7-45"
    assert (ris["w:article"]["start_page"], ris["w:article"]["end_page"]) == ("7", "45")
    assert bib["w:chapter"][2]["pages"] == "12--30" and ris["w:press"]["start_page"] == "A3"
    odd = frame([{"work_id": "w", "kind": "article", "pages": "52-&"}], WORK_COLUMNS)
    assert parse_string(generate_bibtex(odd), "bibtex").entries["anonnd"].fields["pages"] == (
        "52--\\&"
    )  # escaped like every other field


def test_csl_json_is_valid_and_renders_with_citeproc_py():
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc import CitationStylesStyle as Style
    from citeproc.source.json import CiteProcJSON

    items = json.loads(generate_csl(table()))
    if CSL_SCHEMA.exists():
        jsonschema.validate(items, json.loads(CSL_SCHEMA.read_text()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns that it ignores custom
        source = CiteProcJSON(items)
        style = Style("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(line) for line in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert any("Waltz, K.N. (1979) Theory of International Politics. Addison-Wesley" in r
               for r in rendered)  # fmt: skip


def test_ris_reads_back_with_the_same_count_and_fields():
    ris = ris_by_id()
    article = ris["w:article"]
    assert article["authors"] == ["Pape, Robert A."] and article["year"] == "2005"
    assert article["secondary_title"] == "International Security"
    assert (article["volume"], article["number"], article["doi"]) == (
        "30", "1", "10.1162/0162288054894607",
    )  # fmt: skip
    papers = frame([{"paper_id": "p1", **WORKS[6]}], PAPER_COLUMNS)  # works have no url
    (paper,) = rispy.loads(generate_ris(papers))
    assert paper["urls"] == ["https://example.org/a_b?x=1&y=%20"]
    assert paper["type_of_reference"] == "ELEC" and paper["title"] == "Shangri-La Dialogue"
    assert ris["w:report"]["publisher"] == "World Bank" and ris["w:book"]["issn"] == "9780075548522"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Russia's soft balancing", "Russia's soft balancing"),
        ("Soft balancing by Russia and Kazakhstan", "Soft balancing by {Russia} and {Kazakhstan}"),
        ("NATO at 60", "{NATO} at 60"),
        ("The U.S. and the EU", "The {U}.{S}. and the {EU}"),
        ("McCain's war", "{McCain}'s war"),
        ("Мягкий баланс: Россия и ЕС", "Мягкий баланс: {Россия} и {ЕС}"),
        (r"a \textbackslash{} b", r"a \textbackslash{} b"),
        ("", ""),
    ],
)
def test_case_protection_rule(title, expected):
    assert protect_case(title) == expected


def test_plain_style_keeps_proper_nouns_and_acronyms():
    """BibTeX's own lower-casing (pybtex's change_case 't', as plain.bst) keeps braced words."""
    from pybtex.bibtex.utils import change_case

    title = protect_case("Why Russia's and Kazakhstan's ties to NATO and the U.S. matter")
    assert change_case(title, "t") == (
        "Why {Russia}'s and {Kazakhstan}'s ties to {NATO} and the {U}.{S}. matter"
    )
    assert change_case("Why Russia's ties matter", "t") == "Why russia's ties matter"


def test_fast_names_agree_with_pybtex():
    names = [
        "Waltz, Kenneth N.", "de Gaulle, Charles", "van der Berg, Jan-Piet", "Smith,",
        "Mc Donald , A B", "O'Neill, J.", "Лавров, С. В.", "Smith, Jr., John", "A_b, C",
    ]  # fmt: skip
    wos = SHARED / "data/wos/bibliometrix_management.txt"
    if wos.exists():
        text = wos.read_text(encoding="utf-8", errors="replace")
        for first, more in re.findall(r"^AF (.*)\n((?:   .*\n)*)", text, re.M):
            names += [first, *(line.strip() for line in more.splitlines())]
    assert len(names) > 1000 or not wos.exists()
    for name in (n for n in names if "," in n):  # a name without one is an organisation
        escaped = latex_escape(" ".join(name.split()))
        assert _names(name) == _pybtex_name(escaped), name


def test_same_entries_whatever_the_row_order():
    shuffled = table().iloc[::-1]
    assert generate_ris(shuffled) == generate_ris(table())
    assert generate_csl(shuffled) == generate_csl(table())
    assert list(prepare_entries(table())["key"]) == sorted(prepare_entries(table())["key"])
    items = json.loads(format_csl(prepare_entries(table())))
    assert [i["id"] for i in items] == list(prepare_entries(table())["key"])


def test_column_wise_keys_equal_the_row_wise_rule():
    from refnet.export.entries import base_key, base_keys

    rows = [
        *WORKS,
        {"authors": " ;x", "title": "the_the of X", "year": 1999},
        {"authors": "O'Neil, J; B", "title": "on  in  Alliance"},
        {"authors": "Ćwikła, Ż", "title": "Мягкий баланс: Россия", "year": 2001},
    ]
    t = frame(rows, WORK_COLUMNS)
    slow = [
        base_key(a, y, ti) for a, y, ti in zip(t["authors"], t["year"], t["title"], strict=True)
    ]
    assert list(base_keys(t["authors"], t["year"], t["title"])) == slow
