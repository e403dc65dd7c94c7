"""References that their DOI alone identifies skip pairwise matching (match.bulk)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.ids import normalize_doi
from refnet.match.bulk import bulk_doi_rows, doi_keys, name_keys, reference_keys
from refnet.match.normalize import name_key
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS, frame


def _refs(rows: list[dict]) -> pd.DataFrame:
    for i, row in enumerate(rows):
        row.setdefault("citing_id", "P0")
        row.update(position=i, source="crossref", origin=f"x:{i}")
    return frame(rows, REFERENCE_COLUMNS)


def _bulk(refs: pd.DataFrame, papers: pd.DataFrame | None = None) -> list[bool]:
    papers = frame([], PAPER_COLUMNS) if papers is None else papers
    return bulk_doi_rows(refs, papers, reference_keys(refs)).tolist()


def test_keys_are_normalised_dois_and_surnames():
    dois = pd.Series(["10.1234/ABC", "https://doi.org/10.1234/abc", "", None, "not a doi"])
    assert doi_keys(dois).tolist() == ["10.1234/abc", "10.1234/abc", "", "", ""]
    names = ["O'Brien", "Kazhegel’din", "Кажегельдин", "", None, "van der Berg"]
    assert name_keys(pd.Series(names)).tolist() == [name_key(n or "") for n in names]


def test_doi_keys_agree_with_normalize_doi_on_plain_and_odd_dois():
    dois = ["10.1000/ABC.", "10.1000/a)", "10.1000/(a)", " 10.1000/x", "10.1000/x y"]
    dois += ["10.1000/Ä", "10.1000/x%2Fy", "10.1000/a_", "10.1000/", "10.1000/a<b>"]
    dois += ["10.1000/a>", "10.10/x", "DOI 10.1000/X", "10.1000.5/A-B;C", "10.1000/a“"]
    dois += ["10.1000/a]", "10.1000/[a]"]
    assert doi_keys(pd.Series(dois)).tolist() == [normalize_doi(d) or "" for d in dois]


def test_doi_references_away_from_open_ones_are_bulk():
    refs = _refs(
        [
            {"doi": "10.1234/a", "first_author": "Waltz", "year": 1979},
            {"doi": "10.1234/a", "first_author": "Waltz", "year": 1979},
            {
                "doi": "10.1234/b",
                "first_author": "Pape",
                "year": 2005,
                "volume": "30",
                "pages": "7",
            },
            {"raw": "Walt, 1987, Origins", "first_author": "Walt", "year": 1987},
        ]
    )
    assert _bulk(refs) == [True, True, True, False]


def test_a_block_shared_with_an_open_reference_or_paper_sends_it_to_pairwise():
    refs = _refs(
        [
            {"doi": "10.1234/a", "first_author": "Waltz", "year": 1979},  # author + year
            {
                "doi": "10.1234/b",
                "first_author": "Pape",
                "year": 2004,
                "volume": "30",
                "pages": "7",
            },
            {"doi": "10.1234/c", "first_author": "Paul", "year": 2005, "title": "Soft balancing"},
            {"doi": "10.1234/d", "first_author": "Nye", "year": 2004},  # a review paper's
            {"doi": "10.1234/e", "first_author": "Keohane", "year": 1984},
            {"first_author": "WALTZ", "year": 1979, "raw": "WALTZ, 1979"},
            {"first_author": "Pape", "year": 2005, "volume": "V30", "pages": "7-45", "raw": "p"},
            {"year": 2005, "title": "Soft balancing in the age", "raw": "t"},
        ]
    )
    papers = frame(
        [{"paper_id": "P9", "authors": "Nye, Joseph", "year": 2004, "origin": "p:0"}],
        PAPER_COLUMNS,
    )
    assert _bulk(refs, papers) == [False, False, False, False, True, False, False, False]


def test_a_short_form_blocks_by_author_alone_and_ibid_keeps_its_paper_pairwise():
    refs = _refs(
        [
            {"doi": "10.1234/a", "first_author": "Waltz", "year": 1979},
            {"doi": "10.1234/b", "first_author": "Keohane", "year": 1984, "citing_id": "P1"},
            {"first_author": "Waltz", "kind": "short", "raw": "Waltz, Theory, op. cit."},
            {"doi": "10.1234/c", "first_author": "Nye", "year": 2004, "citing_id": "P2"},
            {"kind": "ibid", "raw": "Ibid.", "citing_id": "P2"},
        ]
    )
    assert _bulk(refs) == [False, True, False, False, False]


def test_reference_keys_take_known_ones_and_bulk_adds_the_rest_when_needed():
    refs = _refs(
        [
            {"doi": "10.1234/A", "first_author": "Smith", "year": 2001, "volume": "V3"},
            {"doi": "", "first_author": "Smith", "year": 2001, "title": "The Title"},
        ]
    )
    known = {"doi_key": doi_keys(refs["doi"])}
    keys = reference_keys(refs, {**known, "fa": np.array(["x", "y"], dtype=object)})
    assert keys["fa"].tolist() == ["x", "y"]  # taken as given
    assert keys["title_key"].tolist() == ["", "title"]
    papers = frame([], PAPER_COLUMNS)
    assert bulk_doi_rows(refs, papers, known).tolist() == [False, False]
    assert set(known) == set(keys)  # the blocks needed every key: added
    all_doi = {"doi_key": doi_keys(refs["doi"].iloc[:1])}
    assert bulk_doi_rows(refs.iloc[:1], papers, all_doi).tolist() == [True]
    assert set(all_doi) == {"doi_key"}  # nothing to compare with: nothing computed


_ODD = ["", " ", "-", "ß", "ǅ", "İ", "K", "O'Brien", "Ó Súilleabháin", "van der Berg", "x1-2"]
_ODD += ["ABC\n", "a\nb", "١٢٣٤", "Кажегельдин", "DE-LA-CRUZ", "l'Hôpital", "McDonald_"]


def _real_references(shared_data) -> pd.DataFrame:
    from refnet.inputs.exports import read_exports
    from refnet.match.parse import parse_references

    files = [shared_data / "wos" / "ManyAuthors.isi", shared_data / "scopus" / "bibx_scopus.csv"]
    return parse_references(read_exports(files)[1])


def test_fast_keys_equal_the_python_functions_on_real_and_odd_strings(shared_data):
    refs = _real_references(shared_data)
    dois = refs["doi"].dropna().unique().tolist() + _ODD
    dois += [d.upper() for d in dois[:300]] + ["10.1234/١٢٣٤", "10.1234/Ab\n", "10.12345/a b"]
    dois += ["https://doi.org/10.1234/ABC", "10.1234/abc.", "10.1234/ABC_", "10.1234/ǅ"]
    got = doi_keys(pd.Series([*dois, None, float("nan")], dtype=object)).tolist()
    assert got == [normalize_doi(d) or "" for d in dois] + ["", ""]
    names = refs["first_author"].dropna().unique().tolist() + _ODD
    names += [n.upper() for n in names[:300]] + [n.lower() for n in names[:300]]
    got = name_keys(pd.Series([*names, None, float("nan")], dtype=object)).tolist()
    assert got == [name_key(n) for n in names] + ["", ""]


def test_keys_of_an_arrow_string_column_and_of_nothing():
    column = pd.Series(["10.1/X", None, "10.1234/Ab"], dtype="str")
    assert doi_keys(column).tolist() == ["", "", "10.1234/ab"]
    assert name_keys(pd.Series(["Nye", None], dtype="str")).tolist() == ["nye", ""]
    assert doi_keys(pd.Series([], dtype=object)).tolist() == []
    assert name_keys(pd.Series([], dtype=object)).tolist() == []
    odd = ["10.1234/\udcff", "10.1234/A", "10.1234/\udcffa."]  # a lone surrogate
    assert doi_keys(pd.Series(odd, dtype=object)).tolist() == [normalize_doi(d) for d in odd]
