"""Parsing of real reference strings from the soft-balancing corpus."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from refnet.inputs.exports import read_exports
from refnet.match import parse, parse_clean, parse_patterns, parse_wos
from refnet.match.parse import parse_reference, parse_references
from refnet.model import REFERENCE_COLUMNS, conform


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
        (
            "Ageev, Bayshuakov & Kuroedov 2007",
            {"authors": "Ageev; Bayshuakov; Kuroedov", "year": "2007", "kind": "citation"},
        ),
        (
            "The Embassy of the Republic of Kazakhstan in the Russian Federation 2013",
            {
                "authors": "",
                "title": "The Embassy of the Republic of Kazakhstan in the Russian Federation",
                "year": "2013",
            },
        ),
        (
            "Waltz, K. N. (1979). Theory of international politics. Addison-Wesley.",
            {"authors": "Waltz, K. N", "year": "1979", "title": "Theory of international politics"},
        ),
        (
            "Brooks, S. G., & Wohlforth, W. C. (2005). Hard times for soft balancing."
            " International Security, 30(1), 72–108.",
            {
                "authors": "Brooks, S. G; Wohlforth, W. C",
                "year": "2005",
                "title": "Hard times for soft balancing",
                "venue": "International Security",
            },
        ),
        (
            "T. V. Paul, James J. Wirtz, and Michael Fortmann, eds., Balance of Power: Theory and"
            " Practice in the 21st Century (Stanford: Stanford University Press, 2004).",
            {
                "authors": "Paul, T. V.; Wirtz, James J.; Fortmann, Michael",
                "title": "Balance of Power: Theory and Practice in the 21st Century",
            },
        ),
        (
            "Kennedy, Paul. The Rise and Fall of the Great Powers. New York: Random House, 1987.",
            {"authors": "Kennedy, Paul", "title": "The Rise and Fall of the Great Powers"},
        ),
        (
            "Brooks, Stephen G., and William C. Wohlforth. World Out of Balance. Princeton:"
            " Princeton University Press, 2008.",
            {"first_author": "Brooks", "title": "World Out of Balance", "year": "2008"},
        ),
        ("(“Evraziyskii Soyuz,” 1996)", {"title": "Evraziyskii Soyuz", "year": "1996"}),
        (
            "WALTZ KN, 1979, THEORY INT POLITICS",
            {"authors": "Waltz, KN", "title": "THEORY INT POLITICS"},
        ),
        ("SIEVERS A, 2003, ANN PHYS, V12, pII55", {"volume": "12", "pages": "II55"}),
        ("TAMIR T, 1982, LATERAL WAVE, pCH13", {"year": "1982", "pages": "CH13"}),
        (
            "Michael Mastanduno, ‘Preserving the Unipolar Moment. Realist Theories and U.S. Grand"
            " Strategy after the Cold W",
            {
                "title": "Preserving the Unipolar Moment. Realist Theories and U.S. Grand Strategy"
                " after the Cold W",
                "kind": "short",
            },
        ),
        ("Ibid., 45.", {"kind": "ibid"}),
        ("Kazhegel’din, Akezhan. 2002. Kazakhstan. London: X.", {"first_author": "Kazhegel’din"}),
        # a cut title is not a name; a bracketed year is not an issue
        ("The Shangri-La Dialogu", {"first_author": "", "title": "The Shangri-La Dialogu"}),
        (
            "Infeld L., Hull T.E., The Factorization Method, Rev. Mod. Phys, 23, (1951)",
            {"first_author": "Infeld", "year": "1951", "volume": "23", "issue": ""},
        ),
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


def _crossref_unstructured(shared_data, doi: str) -> str:
    path = shared_data / "crossref/works_with_references.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        for item in json.loads(line).get("reference") or []:
            if str(item.get("DOI", "")).lower() == doi and item.get("unstructured"):
                return item["unstructured"]
    raise AssertionError(f"{doi} has no unstructured reference in {path}")


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        (  # Vancouver: "Schindelin J, ..., et al. Title. Nat Methods. 2012;9:676–82."
            "10.1038/nmeth.2019",
            {"first_author": "Schindelin", "year": "2012", "venue": "Nat Methods", "volume": "9"},
        ),
        (  # physics: "T. Yamada, ..., and K. Hata, Nat. Nanotechnol. 6, 296 (2011)."
            "10.1038/nnano.2011.36",
            {"first_author": "Yamada", "title": "", "volume": "6", "pages": "296"},
        ),
        (  # Nature: "McEvoy, M. A. & Correll, N. Title. Science. 347, 1261689 (2015)."
            "10.1126/science.1261689",
            {"first_author": "McEvoy", "venue": "Science", "pages": "1261689"},
        ),
        (  # "vol. 389(1797), 1983": 1797 is the issue, not the year
            "10.1098/rspa.1983.0107",
            {"first_author": "Longuet-Higgins", "year": "1983"},
        ),
    ],
)
def test_science_styles_on_real_crossref_strings(shared_data, doi, expected):
    fields = parse_reference(_crossref_unstructured(shared_data, doi))
    for key, value in expected.items():
        assert fields[key] == value, (key, fields)
    assert "et al" not in fields["title"]


def test_vancouver_surname_with_particle():
    fields = parse_reference(
        "van Eck CF, Limpisvasti O (2018) Internal bracing. Arthroscopy 34:1-9"
    )
    assert fields["first_author"] == "van Eck"


_TRICKY = [
    "ALLEN PJ, 1966, AM J PHYS, V34, P1185",
    "  see  Waltz,Theory of International\tPolitics ,1979 ; p. 3",
    "Struc- ture of “Power,”Politics (accessed 3 May 2020)",
    "Avaılable at: www.X.org/a,, , b",  # dotless i: re.I matches it to "i"
    "AVAILABLE FROM HTTP : //x.org/y op. cit. , 12",
    "[3] and also 1) doi: 10.1000/abc <https://doi.org/10.1000/abc>",
    "Kennedy, op cit, p. 5",
    "",
]


def _clean_unguarded(raw: str) -> str:
    text = parse_patterns._SPACES.sub(" ", raw or "").strip()
    text = parse_patterns._BROKEN_WORD.sub(r"\1\2", text)
    text = parse_patterns._SPACE_BEFORE_COMMA.sub(r"\1", text)
    text = parse_patterns._COMMA_UNSPACED.sub(", ", text)
    text = parse_patterns._QUOTE_UNSPACED.sub(r"\1 ", text)
    previous = None
    while previous != text:
        previous = text
        text = parse_patterns._LEAD.sub("", text).strip()
    return text


def _strip_links_unguarded(text: str) -> str:
    text = parse_patterns._URL.sub("", parse_patterns._DOI_TEXT.sub("", text))
    text = parse_patterns._ACCESSED.sub("", text).strip(" ,.;<>")
    return parse_clean._COMMAS.sub(", ", text)


@pytest.mark.parametrize("raw", _TRICKY)
def test_guarded_cleaning_equals_every_substitution(raw):
    assert parse._clean(raw) == _clean_unguarded(raw)
    for text in (raw, parse._clean(raw)):
        assert parse._strip_links(text) == _strip_links_unguarded(text)


def test_parse_references_fills_only_the_gaps_of_wos_rows():
    refs = pd.DataFrame(
        {
            "raw": ["SMITH J, 2003, J X, V3, P7", "SMITH J, 2003, J X, V3, P7", "Walt 2005a"],
            "first_author": ["SMITH", "", ""],
            "venue": ["J X", "", "Given"],
        }
    )
    out = parse_references(refs)
    assert out["first_author"].tolist() == ["SMITH", "Smith", "Walt"]
    assert out["venue"].tolist() == ["J X", "J X", "Given"]
    assert out["year"].tolist() == [2003, 2003, 2005]
    assert out["year_suffix"].tolist() == ["", "", "a"]
    assert out["kind"].tolist() == ["article", "article", ""]  # given venue: not a citation
    assert out["volume"].tolist() == ["3", "3", ""] and out["pages"].tolist() == ["7", "7", ""]


#: Plain WoS CRs, and near misses of each condition of the fast path (all must agree).
_WOS_SHAPED = [
    "ALLEN PJ, 1966, AM J PHYS, V34, P1185",
    "ALLEN PJ, 1966, AM J PHYS, V34",
    "ALLEN PJ, 1966, AM J PHYS, P1185",
    "ALLEN PJ, 1966, AM J PHYS",
    "ALLEN PJ, 1966a, AM J PHYS, v34, p1185",
    "Allen P.J., 1966, Am J Phys, V34",
    "Allen PJ, 1966, The physics of things",  # lower case, no locator: not a CR
    "Allen P.J., 1966, The physics of things",  # ... unless the author ends with a dot
    "ALLEN PJ, 1966, J. PHYS., V3-4, PS1_85",
    "ALLEN PJ, 1966, AM J PHYS, P1185, V34",
    "ALLEN PJ, 1966, AM J PHYS, V34, V35",
    "ALLEN PJ, 1966, AM J PHYS, V123456789",
    "ALLEN PJ, 1966, AM J PHYS, V34 SUPPL, P1",
    "ALLEN PJ, 1966, AM J PHYS, PROCEEDINGS",
    "ALLEN PJ, 1966, 12-",
    "ALLEN PJ, 1966, J-",
    "ALLEN PJ, 1966, -",
    "ALLEN P., 1966, p.-",
    "ALLEN PJ, 1966, AM J PHYS, P0306-40615-2",
    "ALLEN PJ, 1966, AM J PHYS, V9780306406157",
    "ALLEN PJ, 1966, p. 12",
    "ALLEN PJ, 1966, 978-0-19-850-1",
    "ALLEN PJ, 1966, BOOK 9780198501, P1",
    "ALLEN PJ, 1966, ISBN 0-19-852663-6",
    "ALLEN PJ, 1966, AM J PHYS, DOI 10.1119/1.1972",
    "ALLEN PJ, 1966, HTTP://X.ORG, V1",
    "ALLEN PJ, 1966, WWW.X.ORG, V1",
    "ALLEN PJ, 1966, AVAILABLE AT X, V1",
    "ALLEN PJ, 1966, OP CIT, P3",
    "ALLEN PJ, 1966, OP CıT, P3",  # dotless i: re.I matches it to "i"
    "IBID, 1966, AM J PHYS, V34",
    "Idem, 1966, AM J PHYS, V34",
    "ID. X, 1966, AM J PHYS, V34",
    "[Anonymous], 1966, AM J PHYS, V34",
    "ALLEN (ED), 1966, AM J PHYS, V34",
    '"ALLEN", 1966, AM J PHYS, V34',
    "ALLEN PJ, 1966, “AM J PHYS”, V34",
    "ALLËN PJ, 1966, AM J PHYS, V34",
    "ALLEN PJ 2, 1966, AM J PHYS, V34",
    "A, 1966, AM J PHYS, V34",
    "..., 1966, AM J PHYS, V34",
    "." * 61 + ", 1966, AM J PHYS, V34",
    "ALLEN PJ, 1499, AM J PHYS, V34",
    "ALLEN PJ, 2100, AM J PHYS, V34",
    "ALLEN PJ,1966, AM J PHYS, V34",
    "ALLEN PJ, 1966, AM J PHYS,, V34",
    "ALLEN PJ, 1966, AM J PHYS.",
    "ALLEN PJ, 1966, AM J PHYS;",
    "<ALLEN PJ, 1966, AM J PHYS, V34",
    "in ALLEN PJ, 1966, AM J PHYS, V34",
    "Walt, 2005, p",
    "Walt, 2005, Foreign Affairs",
    "Brooks and Wohlforth, 2005, WORLD POLIT, V30",
    # digits in the source, [Anonymous]: plain unless a DOI, ISBN or citation can be read
    "ZAGARS GK, 1994, J UROL 2, V152, P1773",
    "BOULDING KE, 1989, 3 FACES POWER",
    "ALLEN PJ, 1966, 12",
    "ALLEN PJ, 1966, 12-14",
    "ALLEN PJ, 1966, pp. 12-14",
    "ALLEN PJ, 1966, 1999",
    "ALLEN PJ, 1966, J X 10.1000/182, V1",
    "ALLEN PJ, 1966, BOOK 0-19-852663-6",
    "ALLEN PJ, 1966, BOOK 0 19 852663 6, P1",
    "ALLEN PJ, 1966, REPORT 123456789",
    "[Anonymous], 1996, LANCET, V344, P1383",
    "[Anonymous], 1996, NIH PUBLICATION",
    "[Anonymous], 1996, 12",
    "[Anonymous], 1996, Data in Brief Xy Zz, V1",
    "[Anonymous] X, 1996, LANCET, V344",
    # raw strings that cleaning changes: not plain until cleaned
    "ALLEN  PJ, 1966, AM J PHYS, V34",
    "ALLEN PJ, 1966, AM J\tPHYS, V34",
    "ALLEN\x1cPJ, 1966, AM J PHYS, V34",
    "ALLEN PJ , 1966, AM J PHYS, V34",
    "ALLEN PJ, 1966, AM J PHYS ; X, V34",
    "ALLEN PJ, 1966, AM J- PHYS, V34",
    "ALLEN PJ, 1966, AM J - PHYS, V34",
    "AND PJ, 1966, AM J PHYS, V34",
    "ON PJ, 1966, AM J PHYS, V34",
    "See ALLEN PJ, 1966, AM J PHYS, V34",
    "12. ALLEN PJ, 1966, AM J PHYS, V34",
]


@pytest.mark.parametrize("raw", _WOS_SHAPED + _TRICKY)
def test_plain_wos_fast_path_equals_the_general_parse(raw):
    text = parse._clean(raw)
    fast = parse._parse_plain_wos(text)
    assert fast is None or fast == parse._parse_general(text)


def _parse_reference_general(raw: str) -> dict[str, object]:
    """:func:`parse_reference` without the plain WoS fast path."""
    text = parse._reopened_title(parse._clean(raw))
    fields = parse._parse_general(text)
    prose = parse._PROSE.search(text) if not fields["first_author"] else None
    if prose and prose.start() < 200:
        retry = parse._parse_general(text[prose.end() :])
        if retry["first_author"] and retry["title"]:
            return retry
    return fields


@pytest.mark.parametrize("raw", _WOS_SHAPED + _TRICKY)
def test_parse_reference_equals_the_general_parse(raw):
    fields = parse_reference(raw)
    assert fields == _parse_reference_general(raw)
    assert parse._parsed_values(raw) == parse._FIELD_VALUES(fields)
    if parse_wos._plain_wos_parts(raw):  # taken uncleaned: cleaning must leave it alone
        assert parse._clean(raw) == raw


def test_plain_wos_fast_path_takes_digits_and_anonymous():
    for raw in ("ZAGARS GK, 1994, J UROL 2, V152, P1773", "[Anonymous], 1996, LANCET, V344"):
        assert parse_wos._plain_wos_parts(raw) is not None
    for raw in ("ALLEN PJ, 1966, pp. 12-14", "ALLEN PJ, 1966, BOOK 0-19-852663-6"):
        assert parse_wos._plain_wos_parts(raw) is None


def test_plain_wos_fast_path_takes_plain_crs():
    assert parse._parse_plain_wos("ALLEN PJ, 1966, AM J PHYS, V34, P1185") is not None
    assert parse._parse_plain_wos("Allen PJ, 1966, The physics of things") is None


def test_plain_wos_fast_path_equals_the_general_parse_on_real_crs(shared_data):
    taken = 0
    for path in sorted((shared_data / "wos").glob("*.isi")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("CR ", "   ")):
                text = parse._clean(line[3:])
                fast = parse._parse_plain_wos(text)
                taken += fast is not None
                assert fast is None or fast == parse._parse_general(text), text
    assert taken > 10000


def test_parse_reference_equals_the_general_parse_on_real_crs(shared_data):
    for path in sorted((shared_data / "wos").glob("*.isi")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("CR ", "   ")):
                raw = line[3:]
                fields = parse_reference(raw)
                assert fields == _parse_reference_general(raw), raw
                assert parse._parsed_values(raw) == parse._FIELD_VALUES(fields), raw


def _parse_references_row_by_row(refs: pd.DataFrame) -> pd.DataFrame:
    """What :func:`parse_references` gives, filled one row at a time."""
    out = refs.reset_index(drop=True).copy()
    out["year_suffix"] = ""
    for i, row in out.iterrows():
        if not row["raw"] or (row["doi"] and row["first_author"] and pd.notna(row["year"])):
            continue
        fields = parse_reference(row["raw"])
        year, suffix = parse.split_year(fields["year"])
        out.at[i, "year_suffix"] = suffix
        if pd.isna(row["year"]) and year is not None:
            out.at[i, "year"] = year
        if (row["title"] or row["venue"]) and fields["kind"] in ("short", "citation", "ibid"):
            fields["kind"] = ""
        read = row["source"] in ("scopus", "wos") and pd.notna(row["year"])  # as read
        for name in parse.PARSED_FIELDS:
            if name == "year" or row[name] or (read and name in parse._READ_FIELDS):
                continue
            out.at[i, name] = fields[name]
    return out


def test_parse_references_equals_filling_row_by_row(shared_data):
    refs = read_exports([shared_data / "scopus" / "scopus_testing.csv"])[1].iloc[::7]
    refs = pd.concat([refs, read_exports([shared_data / "wos" / "testFile.isi"])[1]])
    out = parse_references(refs)
    expected = _parse_references_row_by_row(conform(refs, REFERENCE_COLUMNS))
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    text = [name for name in out.columns if name not in ("position", "year", "truncated")]
    assert set(out[text].dtypes.astype(str)) == {"object"} and out["year"].dtype == "Int64"


def test_parsed_columns_give_text_for_any_value():
    fields = dict.fromkeys(parse.PARSED_FIELDS, "x") | {"year": None, "volume": 12}
    columns = parse._parsed_columns([tuple(fields.values())] * 2)
    assert columns["year"].tolist() == ["", ""] and columns["volume"].tolist() == ["12", "12"]
    assert columns["title"].tolist() == ["x", "x"]


def test_note_cut_inside_its_title_reads_journal_volume_and_pages():
    fields = parse_reference("Strategy,” International Security 22, no. 1 (Summer 1997), 86-124")
    assert fields["first_author"] == "" and fields["title"] == "Strategy"
    assert (fields["venue"], fields["volume"], fields["pages"]) == (
        "International Security",
        "22",
        "86-124",
    )
    odd = parse_reference("Brailsford, ”Physical principles of magnetism” (London, 1966)")
    assert odd["first_author"] == "Brailsford"  # two closing quotes: not a cut note


@pytest.mark.parametrize(
    ("raw", "first_author", "authors", "title"),
    [
        (
            "W. Gropp, E. Lusk, and A. Skjellum. Using MPI: Portable Parallel Programming "
            "with the Message-Passing Interface. MIT Press, 1999.",
            "Gropp",
            "Gropp, W.; Lusk, E.; Skjellum, A.",
            "Using MPI: Portable Parallel Programming with the Message-Passing Interface",
        ),
        (
            "M. Stonebraker and others. C-Store: a column-oriented DBMS. In VLDB, 2005.",
            "Stonebraker",
            "Stonebraker, M.",
            None,
        ),
        (
            "Ugur &#199;etintemel, Michael Stonebraker. The Aurora and Borealis stream "
            "processing engines. 2007.",
            "Çetintemel",
            "Çetintemel, Ugur; Stonebraker, Michael",
            "The Aurora and Borealis stream processing engines",
        ),
        (
            "Y. Saad.Iterative Methods for Sparse Linear Systems. SIAM, 2003.",
            "Saad",
            "Saad, Y.",
            "Iterative Methods for Sparse Linear Systems",
        ),
    ],
)
def test_names_are_not_titles(raw, first_author, authors, title):
    fields = parse_reference(raw)
    assert fields["first_author"] == first_author and fields["authors"] == authors
    assert not fields["title"].startswith(("and ", "others", "Stonebraker"))
    if title:
        assert fields["title"] == title
