"""Fast table helpers of the matcher (match.frames) and the matcher's grouping helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from refnet.match.blocking import open_groups
from refnet.match.frames import conform_fast, conformant, ranks, stable_order, string_order
from refnet.match.work_ids import told_apart
from refnet.model import REFERENCE_COLUMNS, conform, frame


def _expected(df: pd.DataFrame, by: list[str], ascending: list[bool]) -> list[int]:
    return df.sort_values(by, ascending=ascending, kind="stable").index.tolist()


@pytest.mark.parametrize("seed", range(5))
def test_stable_order_is_sort_values_stable(seed):
    rng = np.random.default_rng(seed)
    n = 300
    df = pd.DataFrame(
        {
            "flag": rng.integers(0, 2, n).astype(bool),
            "text": np.array([f"t{v}" for v in rng.integers(0, 5, n)], dtype=object),
            "number": rng.integers(-3, 3, n),
            "more": np.array([f"{v}é" for v in rng.integers(0, 40, n)], dtype=object),
        }
    )
    for by, ascending in [
        (["text", "number", "more"], [True, True, True]),
        (["flag", "text", "more"], [False, True, True]),
        (["more", "number"], [True, False]),
    ]:
        down = [not a for a in ascending]
        order = stable_order([df[c].to_numpy() for c in by], descending=down)
        assert order.tolist() == _expected(df, by, ascending)


def test_stable_order_ranks_later_text_only_where_tied():
    first = np.array([2, 1, 2, 0])
    text = np.array(["b", "zzz", "a", "zzz"], dtype=object)
    assert stable_order([first, text]).tolist() == [3, 1, 2, 0]
    assert stable_order([]).tolist() == []


def test_conform_fast_keeps_number_columns_of_their_dtype():
    df = pd.DataFrame({"position": np.array([3, 1]), "year": pd.array([1999, None], dtype="Int64")})
    fast = conform_fast(df, REFERENCE_COLUMNS)
    assert fast.equals(conform(df, REFERENCE_COLUMNS))
    assert fast["year"].tolist()[0] == 1999 and fast["year"].isna().tolist() == [False, True]
    text = pd.DataFrame({"position": ["2", None], "year": ["1999", "x"]})
    assert conform_fast(text, REFERENCE_COLUMNS).equals(conform(text, REFERENCE_COLUMNS))
    assert frame([], REFERENCE_COLUMNS).equals(
        conform_fast(frame([], REFERENCE_COLUMNS), REFERENCE_COLUMNS)
    )


def test_open_groups_need_two_members_and_an_open_one():
    codes = np.array([5, -1, 5, 7, 7, 9, 5, -1])
    is_open = np.array([False, True, False, False, False, True, True, True])
    groups = open_groups(codes, is_open)
    assert [g.tolist() for g in groups] == [[0, 2, 6]]  # 7: no open member; 9, -1: alone
    assert open_groups(np.array([], dtype=np.int64), np.array([], dtype=bool)) == []


def test_clashing_work_ids_are_told_apart_by_their_contents():
    ids = {0: "smith2001-abc123", 2: "smith2001-abc123", 4: "doi:10.1/x", 5: "doi:10.1/x"}
    root_of = np.array([0, 0, 2, 4, 5])
    raw = np.array(["Smith 2001 b", "Smith 2001 a", "Smith 2001", "x", "x"], dtype=object)
    origin = np.array(["o1", "o2", "o3", "o4", "o5"], dtype=object)
    new = told_apart(ids, root_of, raw, origin)
    assert sorted(new) == [0, 2]  # DOI ids are never told apart
    assert new[0].startswith("smith2001-abc123-") and new[0] != new[2]
    swap = [1, 0, 2, 3, 4]
    swapped = told_apart(ids, root_of[swap], raw[swap], origin[swap])
    assert swapped == new  # the digest is of the sorted contents: row order does not matter


def _text_frame() -> pd.DataFrame:
    return frame([{"citing_id": "p", "raw": "A, 1999", "year": 1999}], REFERENCE_COLUMNS)


def test_conformant_needs_every_column_of_its_dtype_and_text_as_str():
    table = _text_frame()
    assert conformant(table, REFERENCE_COLUMNS)
    assert conformant(table.assign(extra=[1]), REFERENCE_COLUMNS)
    assert not conformant(table.drop(columns="isbn"), REFERENCE_COLUMNS)
    assert not conformant(table.assign(year=table["year"].astype("float64")), REFERENCE_COLUMNS)
    assert not conformant(table.assign(raw=pd.Series([None], dtype=object)), REFERENCE_COLUMNS)
    assert not conformant(table.assign(raw=pd.Series(["x"], dtype="str")), REFERENCE_COLUMNS)
    assert not conformant(pd.concat([table, table[["raw"]]], axis=1), REFERENCE_COLUMNS)


def test_conform_fast_of_a_conformant_table_selects_its_columns_in_order():
    table = _text_frame()
    shuffled = table.assign(extra=["x"])[["extra", *reversed(list(REFERENCE_COLUMNS))]]
    shuffled.index = [7]
    fast = conform_fast(shuffled, REFERENCE_COLUMNS)
    assert fast.equals(conform(shuffled, REFERENCE_COLUMNS))
    assert list(fast.columns) == list(REFERENCE_COLUMNS) and fast.index.tolist() == [0]
    assert (fast.dtypes == table.dtypes).all()


def test_string_order_is_pythons_order_also_without_utf8():
    values = np.array(["b", "a", "ä", "Z", "", "a\udc80", "😀", "\uffff"], dtype=object)
    expected = sorted(range(len(values)), key=values.__getitem__)
    assert string_order(values).tolist() == expected
    assert string_order(values[[0, 1, 2, 3, 4, 6, 7]]).tolist() == [4, 3, 1, 0, 2, 6, 5]
    assert ranks(values).tolist() == np.argsort(expected).tolist()
    assert ranks(np.array(["b", None, "a", "b"], dtype=object)).tolist() == [1, -1, 0, 1]
