"""BibTeX bundles re-parse with pybtex and bibtexparser to the same fields."""

from __future__ import annotations

import bibtexparser
import pandas as pd
import pytest
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text

from refnet.export.bibtex import citation_keys, generate_bibtex, latex_escape, latex_unescape
from refnet.model import PAPER_COLUMNS, WORK_COLUMNS, frame

WORKS = [
    {
        "work_id": "w:b",
        "title": "Theory of International Politics",
        "authors": "Waltz, Kenneth N.",
        "year": 1979,
        "kind": "book",
        "publisher": "Addison-Wesley",
        "isbn": "9780075548522",
    },
    {
        "work_id": "w:a",
        "title": "Theory & {Practice}: NATO at 100% $5 #1 a_b ~x^2 C:\\dir",
        "authors": "Waltz, K.; World Bank",
        "year": 1979,
        "kind": "article",
        "venue": "International Security",
        "volume": "30",
        "issue": "1",
        "pages": "7–45",
        "doi": "10.1162/0162288054894607",
    },
    {
        "work_id": "w:c",
        "title": "Мягкий баланс: Россия и ЕС",
        "authors": "Лавров, Сергей; Ćwikła, Żaneta",
        "kind": "chapter",
        "venue": "Сборник статей",
        "publisher": "Наука",
    },
    {
        "work_id": "w:d",
        "title": "Soft balancing in the age of U.S. primacy {unbalanced",
        "authors": "Paul, T. V.",
        "year": 2005,
        "kind": "report",
        "publisher": "Éditions Müller",
        "url": "https://example.org/a_b?x=1&y=%20",
    },
    {"work_id": "w:e", "title": "", "authors": "", "kind": "web"},
]


def table() -> pd.DataFrame:
    return frame(WORKS, WORK_COLUMNS)


def by_id(text: str) -> dict[str, dict[str, str]]:
    """pybtex's view: fields by the refnet id (field ``refnet``)."""
    data = parse_string(text, "bibtex")
    out = {}
    for key, entry in data.entries.items():
        fields = {k.lower(): v for k, v in entry.fields.items()}
        fields["key"] = key
        fields["type"] = entry.type
        fields["author"] = " and ".join(str(p) for p in entry.persons.get("author", []))
        out[fields["refnet"]] = fields
    return out


def test_fields_round_trip_through_pybtex():
    parsed = by_id(generate_bibtex(table()))
    assert set(parsed) == {w["work_id"] for w in WORKS}
    for work in WORKS:
        fields = parsed[work["work_id"]]
        assert latex_unescape(fields.get("title", "")) == work["title"]
        if work.get("year"):
            assert fields["year"] == str(work["year"])
    a, c, d = parsed["w:a"], parsed["w:c"], parsed["w:d"]
    assert a["type"] == "article" and a["journal"] == "International Security"
    assert (a["volume"], a["number"], a["pages"]) == ("30", "1", "7--45")
    assert a["doi"] == "10.1162/0162288054894607"
    assert a["author"] == "Waltz, K. and {World Bank}"
    assert c["type"] == "incollection" and latex_unescape(c["booktitle"]) == "Сборник статей"
    assert c["author"] == "Лавров, Сергей and Ćwikła, Żaneta"
    assert d["type"] == "techreport" and d["institution"] == "Éditions Müller"
    assert parsed["w:b"]["isbn"] == "9780075548522" and parsed["w:b"]["type"] == "book"
    assert parsed["w:e"]["type"] == "online"  # kind web: biblatex @online, Zotero web page


def test_fields_round_trip_through_bibtexparser():
    text = generate_bibtex(table())
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    decode = LatexNodes2Text().latex_to_text
    entries = {e.fields_dict["refnet"].value: e for e in library.entries}
    assert set(entries) == {w["work_id"] for w in WORKS}
    for work in WORKS:
        title = entries[work["work_id"]].fields_dict.get("title")
        got = title.value if title else ""
        assert latex_unescape(got) == work["title"]
        if "^" not in work["title"] and "{unbalanced" not in work["title"]:
            assert decode(got) == work["title"]  # an independent LaTeX decoder agrees
    assert entries["w:c"].fields_dict["author"].value == "Лавров, Сергей and Ćwikła, Żaneta"


def test_keys_are_stable_unique_and_ascii():
    keys = citation_keys(table())
    assert len(set(keys)) == len(keys)
    # rows 0 (w:b) and 1 (w:a) collide; the smallest id keeps the bare key
    assert keys[1] == "waltz1979theory" and keys[0] == "waltz1979theoryb"
    shuffled = table().iloc[::-1].reset_index(drop=True)
    assert dict(zip(shuffled["work_id"], citation_keys(shuffled), strict=True)) == dict(
        zip(table()["work_id"], keys, strict=True)
    )
    assert all(k.isascii() and k.isalnum() for k in keys)
    assert "lavrov" in keys[2] and "miagkii" in keys[2]


def test_same_input_same_bytes_and_order_does_not_matter():
    text = generate_bibtex(table())
    assert text == generate_bibtex(table().iloc[::-1])
    assert text.index("@") == 0


def test_review_papers_use_paper_id():
    papers = frame(
        [
            {
                "paper_id": "pape2005",
                "title": "Soft Balancing against the United States",
                "authors": "Pape, Robert A.",
                "year": 2005,
                "kind": "article",
                "venue": "International Security",
                "doi": "10.1162/0162288054894607",
                "url": "https://example.org/a_b?x=1&y=%20#top",
            }
        ],
        PAPER_COLUMNS,
    )
    parsed = by_id(generate_bibtex(papers))
    assert list(parsed) == ["pape2005"]
    assert parsed["pape2005"]["key"] == "pape2005soft"
    assert parsed["pape2005"]["url"] == "https://example.org/a_b?x=1&y=%20#top"
    assert latex_unescape(parsed["pape2005"]["title"]) == papers.loc[0, "title"]


@pytest.mark.parametrize("text", ["a {b} c", "}{", "\\emph{x}", "~^&%$#_", "ΑΒΓ {NATO}"])
def test_escape_is_reversible(text):
    assert latex_unescape(latex_escape(text)) == text
    escaped = latex_escape(text)
    assert escaped.count("{") - escaped.count("\\{") == escaped.count("}") - escaped.count("\\}")


def test_keys_stay_unique_past_two_letter_suffixes():
    from refnet.export.bibtex import citation_keys

    n = 1000  # more than the 25 + 26² one- and two-letter suffixes
    table = pd.DataFrame(
        {
            "work_id": [f"w{k:04d}" for k in range(n)],
            "authors": ["Waltz, Kenneth"] * n,
            "year": [1979] * n,
            "title": [""] * n,
        }
    )
    keys = citation_keys(table)
    assert len(set(keys)) == n and keys[0] == "waltz1979" and keys[-1].startswith("waltz1979")
