"""The cited-works table and its helpers: tie-breaks, first present values, years."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from refnet.labels import short_label
from refnet.match.works import (
    WORK_INPUT,
    _first_present,
    _known,
    _nonempty,
    _Rows,
    _tie_break,
    _year_array,
    works_table,
)
from refnet.model import WORK_COLUMNS

_SHORT = ("short", "citation", "ibid")


def test_tie_break_hashes_origins():
    origin = np.array(["a.txt:1", "b.txt:2", "a.txt:1", "c.txt:3"], dtype=object)
    tie = _tie_break(origin)
    assert tie.tolist() == pd.util.hash_array(origin, categorize=True).tolist()
    assert tie[0] == tie[2] != tie[3]


def test_first_present_follows_the_order_not_the_rows():
    values = np.array(["", "b", "c", "d", "", "e", "", "", "f", "g"], dtype=object)
    work = np.array([0, 0, 0, 1, 2, -1, 3, 3, 3, 4])  # row 5 belongs to no work
    order = np.array([0, 2, 1, 6, 7, 8])  # works 0 and 3: their rows by preference
    rows = _Rows.of(work, np.array([3, 4, 9]), order)
    assert rows.best.tolist() == [0, 3, 4, 6, 9]  # one row per work, in row order
    assert rows.slot.tolist() == [0, 1, 2, 3, 4] and rows.multi.tolist() == [0, 3]
    first = _first_present(values, _nonempty, rows)
    assert first.tolist() == ["c", "d", "", "f", "g"]
    years = np.array([np.nan, 2001.0, 1999.0, 1980, np.nan, 1, np.nan, 1990, 1991, np.nan])
    assert _first_present(years, _known, rows)[[0, 3]].tolist() == [1999.0, 1990.0]


def test_year_array():
    array = _year_array(np.array([2001.0, np.nan]))
    assert str(array.dtype) == "Int64"
    assert pd.Series(array).equals(pd.Series(pd.array([2001, None], dtype="Int64")))


def _input(rows: list[dict]) -> pd.DataFrame:
    t = pd.DataFrame({c: pd.Series([r.get(c, "") for r in rows], dtype=object) for c in WORK_INPUT})
    t["is_ref"] = pd.Series([r.get("is_ref", True) for r in rows], dtype=bool)
    t["year"] = pd.Series([r.get("year") for r in rows], dtype="Int64")
    return t


def _expected(t: pd.DataFrame) -> pd.DataFrame:
    """works_table spelled out work by work."""
    rows = []
    for work_id in sorted(set(t.loc[t["is_ref"], "work_id"])):
        g = t[t["work_id"] == work_id].assign(
            tie=lambda g: pd.util.hash_array(g["origin"].to_numpy(object)),
            no_paper=lambda g: g["paper_id"] == "",
            short=lambda g: g["kind"].isin(_SHORT),
            length=lambda g: -g["title"].str.len(),
        )
        g = g.sort_values(["no_paper", "short", "length", "tie"], kind="stable")
        row = {"work_id": work_id}
        for name in ("title", "authors", "venue", "volume", "issue", "pages", "publisher",
                     "isbn", "kind"):  # fmt: skip
            row[name] = next((v for v in g[name] if v), "")
        year = g["year"].dropna()
        row["year"] = int(year.iloc[0]) if len(year) else None
        row["doi"] = work_id[4:] if work_id.startswith("doi:") else g["doi_key"].iloc[0]
        row["citations"] = g.loc[g["is_ref"], "citing_id"].nunique()
        row["paper_id"] = min((p for p in g["paper_id"] if p), default="")
        years = sorted(set(g.loc[g["is_ref"], "year"].dropna().astype(int)))
        row["years"] = " ".join(map(str, years)) if len(years) > 1 else ""
        row["part_of"] = next((v for v in g["part_of"] if v), "")
        row["label"] = short_label(row["authors"], row["year"], row["title"])
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(WORK_COLUMNS))
    for name, dtype in WORK_COLUMNS.items():
        out[name] = out[name].astype(object if dtype == "str" else dtype)
    return out


def _assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert got.dtypes.equals(expected.dtypes)
    pd.testing.assert_frame_equal(got, expected)


def test_single_and_several_row_works_with_review_papers():
    rows = [
        {"work_id": "w2", "citing_id": "p1", "origin": "f:1", "authors": "Kim, J", "year": 2001},
        {"work_id": "doi:10.1/x", "citing_id": "p1", "origin": "f:2", "kind": "short",
         "title": "A Long Title of the Work Here", "doi_key": "10.1/x"},
        {"work_id": "doi:10.1/x", "citing_id": "p2", "origin": "f:3", "title": "Short",
         "authors": "Lee, K; Park, S", "venue": "J"},
        {"work_id": "doi:10.1/x", "citing_id": "p2", "origin": "f:4", "year": 1999,
         "pages": "1-2"},
        {"work_id": "doi:10.1/x", "paper_id": "p9", "is_ref": False, "origin": "g:1",
         "year": 2000},
        {"work_id": "p1", "paper_id": "p1", "is_ref": False, "origin": "g:2"},  # not cited
        {"work_id": "a1", "citing_id": "p3", "origin": "f:5", "title": "Only a title",
         "doi_key": "10.2/y"},
    ]  # fmt: skip
    t = _input(rows)
    got = works_table(t)
    _assert_same(got, _expected(t))
    assert got["work_id"].tolist() == ["a1", "doi:10.1/x", "w2"]
    x = got.iloc[1]
    assert (x["paper_id"], x["year"], x["citations"], x["doi"]) == ("p9", 2000, 2, "10.1/x")
    assert (x["title"], x["authors"], x["pages"]) == ("Short", "Lee, K; Park, S", "1-2")
    assert got["label"].tolist() == ["Only a title", "Lee 2000", "Kim 2001"]


def test_random_tables_agree_with_the_spelled_out_rules():
    rng = random.Random(7)
    for _ in range(30):
        rows = []
        for i in range(rng.randint(1, 40)):
            rows.append(
                {
                    "work_id": rng.choice(["a", "b", "doi:10.5/c", "d", "é", "doi:x", "z"]),
                    "paper_id": rng.choice(["", "", "", "p1", "p2"]),
                    "is_ref": rng.random() < 0.8,
                    "citing_id": rng.choice(["p1", "p2", "p3"]),
                    "origin": f"f:{i}",
                    "doi_key": rng.choice(["", "10.9/q"]),
                    "year": rng.choice([None, 1990, 2005]),
                    "title": rng.choice(["", "", "T", "Title of four or more words"]),
                    "authors": rng.choice(["", "Kim, J", "Lee, K; Kim, J"]),
                    "venue": rng.choice(["", "J", "K"]),
                    "kind": rng.choice(["", "article", "short", "ibid"]),
                    "part_of": rng.choice(["", "", "v1", "v2"]),
                }
            )
        t = _input(rows)
        if t["is_ref"].any():
            _assert_same(works_table(t), _expected(t))


def test_no_references_give_an_empty_table():
    t = _input([{"work_id": "p1", "paper_id": "p1", "is_ref": False, "origin": "g:1"}])
    got = works_table(t)
    assert list(got.columns) == list(WORK_COLUMNS) and len(got) == 0
    assert len(works_table(_input([]).astype({"is_ref": bool}))) == 0
