"""The cited-works table's helpers: tie-breaks and years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.match.works import _first_present, _tie_break, _year_array, _year_list


def test_tie_break_hashes_origins_of_works_with_several_rows():
    origin = np.array(["a.txt:1", "b.txt:2", "a.txt:1", "c.txt:3"], dtype=object)
    work = np.array([0, 1, 0, 0])
    tie = _tie_break(origin, work)
    assert tie[1] == 0  # a work of one row has no tie to break
    expected = pd.util.hash_array(origin[[0, 2, 3]], categorize=True)
    assert tie[[0, 2, 3]].tolist() == expected.tolist()
    assert tie[0] == tie[2] != tie[3]


def test_first_present_follows_the_order_not_the_rows():
    values = np.array(["", "b", "c", "d", ""], dtype=object)
    groups = np.array([0, 0, 0, 1, 2])
    order = np.array([0, 2, 1, 3, 4])  # by group; within group 0: rows 0, 2, 1
    first = _first_present(values, values != "", order, groups, np.full(3, "", object))
    assert first.tolist() == ["c", "d", ""]


def test_first_years_as_int64_array_and_as_list():
    years = np.array([np.nan, 2001.0, 1999.0, np.nan, np.nan])
    groups = np.array([0, 0, 0, 1, 2])
    order = np.arange(5)
    first = _first_present(years, ~np.isnan(years), order, groups, np.full(3, np.nan))
    assert _year_list(first) == [2001, None, None]
    array = _year_array(first)
    assert str(array.dtype) == "Int64"
    assert array.tolist() == [2001, pd.NA, pd.NA]
    assert pd.Series(array).equals(pd.Series(pd.array([2001, None, None], dtype="Int64")))
