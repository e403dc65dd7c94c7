"""The vectorised identity of plain reference tables agrees with the full matcher."""

from __future__ import annotations

import pandas as pd
import pytest

from refnet.config import validate_config
from refnet.inputs.exports import read_exports
from refnet.match.bulk import plain_work_ids
from refnet.match.identity import match_references
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS, frame

SETTINGS = validate_config({"name": "bulk", "inputs": {}})["match"]


def _both(refs: pd.DataFrame, papers: pd.DataFrame) -> tuple[dict, dict | None]:
    matched, _, _ = match_references(refs, papers, SETTINGS)
    want = dict(zip(matched["origin"], matched["work_id"], strict=True))
    ids = plain_work_ids(refs, papers)
    got = None if ids is None else dict(zip(refs["origin"], ids, strict=True))
    return want, got


@pytest.mark.parametrize("name", ["testFile", "ManyAuthors"])
def test_same_work_ids_as_the_matcher_on_real_exports(shared_data, name):
    papers, refs, _ = read_exports([shared_data / "wos" / f"{name}.isi"])
    want, got = _both(refs, papers)
    assert got == want
    assert len(set(got.values())) < len(got)  # some references were merged


def _refs(rows: list[dict]) -> pd.DataFrame:
    for i, row in enumerate(rows):
        row.setdefault("citing_id", f"P{i % 2}")
        row.update(position=i, source="wos", origin=f"x:{i}")
    return frame(rows, REFERENCE_COLUMNS)


def _papers() -> pd.DataFrame:
    rows = [{"paper_id": f"P{i}", "title": f"Paper {i}", "origin": f"p:{i}"} for i in range(2)]
    return frame(rows, PAPER_COLUMNS)


def test_locator_joins_years_one_apart_and_a_doi():
    refs = _refs(
        [
            {"first_author": "ALLEN", "year": 1990, "volume": "12", "pages": "5", "raw": "a"},
            {"first_author": "Allen", "year": 1991, "volume": "V12", "pages": "5-9", "raw": "b"},
            {
                "first_author": "ALLEN",
                "year": 1991,
                "volume": "12",
                "pages": "5",
                "doi": "10.1234/X",
            },
            {"first_author": "ALLEN", "year": 1994, "volume": "12", "pages": "5", "raw": "d"},
            {"first_author": "BROWN", "year": 1990, "raw": "BROWN, 1990, BOOK"},
            {"first_author": "BROWN", "year": 1990, "raw": "BROWN, 1990, BOOK"},
        ]
    )
    want, got = _both(refs, _papers())
    assert got == want
    assert got["x:0"] == got["x:1"] == got["x:2"] == "doi:10.1234/x"
    assert len({got["x:3"], got["x:4"], got["x:5"], got["x:0"]}) == 4


def test_two_dois_on_one_locator_or_titled_references_need_the_matcher():
    two_dois = _refs(
        [
            {
                "first_author": "ALLEN",
                "year": 1990,
                "volume": "12",
                "pages": "5",
                "doi": "10.1234/a",
            },
            {"first_author": "ALLEN", "year": 1990, "volume": "12", "pages": "5", "raw": "b"},
            {
                "first_author": "ALLEN",
                "year": 1990,
                "volume": "12",
                "pages": "5",
                "doi": "10.1234/b",
            },
        ]
    )
    assert plain_work_ids(two_dois, _papers()) is None
    titled = _refs([{"first_author": "Waltz", "year": 1979, "title": "Theory of politics"}])
    assert plain_work_ids(titled, _papers()) is None
    assert plain_work_ids(two_dois.iloc[:2], _papers(), accept_score=0.99) is not None
