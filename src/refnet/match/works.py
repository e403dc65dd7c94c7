"""The cited-works table: one row per work id, from its references and review papers."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from refnet.labels import short_labels
from refnet.match.frames import build, ranks, string_order
from refnet.model import WORK_COLUMNS, frame

#: Columns :func:`works_table` reads (``is_ref`` false for review-paper rows).
WORK_INPUT = (
    "work_id", "paper_id", "is_ref", "citing_id", "origin", "raw", "doi_key", "year",
    "title", "authors", "venue", "volume", "issue", "pages", "publisher", "isbn", "kind",
    "part_of",
)  # fmt: skip
_FIELDS = ("title", "authors", "venue", "volume", "issue", "pages", "publisher", "isbn", "kind")
_TEXT = ("work_id", "paper_id", "citing_id", "origin", "doi_key", "part_of", *_FIELDS)
_SHORT_KINDS = ("short", "citation", "ibid")


def works_table(t: pd.DataFrame) -> pd.DataFrame:
    """Works cited by at least one reference, sorted by id. Fields come from the review
    paper's own row first, then the fullest reference (longest title; short forms last),
    each empty field filled from the next row that has it."""
    is_ref = t["is_ref"].to_numpy(dtype=bool)
    if not is_ref.any():
        return frame([], WORK_COLUMNS)
    col = {c: t[c].to_numpy(dtype=object) for c in _TEXT}
    years = t["year"].to_numpy(dtype="float64", na_value=np.nan)
    work, ids = _works(col["work_id"], is_ref)
    size = np.bincount(work + 1)[work + 1]  # per row, the rows of its work
    size[work < 0] = 0  # rows of no work
    single = np.flatnonzero(size == 1)  # a work of one row: its fields are the row's
    rows = _Rows.of(work, single, _by_preference(col, np.flatnonzero(size > 1), work))
    out: dict[str, object] = {"work_id": ids}
    for name in _FIELDS:
        out[name] = _first_present(col[name], _nonempty, rows)
    year = _first_present(years, _known, rows)
    out["year"] = _year_array(year)
    out["doi"] = _dois(ids, rows.best_values(col["doi_key"]))
    refs = rows.order[is_ref[rows.order]]
    out["citations"] = _citations(work[refs], col["citing_id"][refs], len(ids))
    out["citations"][work[single]] = 1  # a single-row work's row is a reference
    out["paper_id"] = _paper_of(work, col["paper_id"], len(ids))
    out["years"] = _years(work[refs], years[refs], len(ids))
    out["part_of"] = _first_present(col["part_of"], _nonempty, rows)
    authors, titles = out["authors"].tolist(), out["title"].tolist()  # lists iterate faster
    out["label"] = short_labels(authors, year.tolist(), titles)
    return build(out, WORK_COLUMNS)


def _works(work_id: np.ndarray, is_ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the number of its work among the works cited by a reference (-1: none),
    and those works' ids, in Python's string order."""
    codes, uniques = pd.factorize(work_id)
    cited = np.flatnonzero(np.bincount(codes[is_ref], minlength=len(uniques)))
    order = string_order(uniques[cited])
    number = np.full(len(uniques), -1, dtype=np.int64)
    number[cited[order]] = np.arange(len(order))
    return number[codes], uniques[cited[order]]


def _by_preference(col: dict[str, np.ndarray], rows: np.ndarray, work: np.ndarray) -> np.ndarray:
    """``rows`` sorted by work, then by preference: a review paper's own row, then full
    references before short forms, longest title first, ties by :func:`_tie_break`."""
    kind = col["kind"][rows]
    short = np.zeros(len(rows), dtype=bool)
    for name in _SHORT_KINDS:
        short |= kind == name
    length = np.fromiter(map(len, col["title"][rows]), dtype=np.int64, count=len(rows))
    longest = length.max(initial=0)
    # one key, most significant first: work, paper_id == "", short, longest title
    key = (work[rows] * 2 + (col["paper_id"][rows] == "")) * 2 + short
    key = key * (longest + 1) + longest - length
    by_tie = np.argsort(_tie_break(col["origin"][rows]), kind="stable")
    return rows[by_tie[np.argsort(key[by_tie], kind="stable")]]


def _tie_break(origin: np.ndarray) -> np.ndarray:
    """A content-derived, order-independent tie-break between rows of a work: the hash
    of their origin."""
    # categorize=False: the same hashes, without factorizing (origins are all distinct)
    return pd.util.hash_array(origin, categorize=False)


def _firsts(groups: np.ndarray) -> np.ndarray:
    """Mask of the first item of each group of sorted ``groups``."""
    return np.r_[True, groups[1:] != groups[:-1]] if len(groups) else groups.astype(bool)


def _nonempty(values: np.ndarray) -> np.ndarray:
    return values != ""


def _known(values: np.ndarray) -> np.ndarray:
    return ~np.isnan(values)


class _Rows(NamedTuple):
    """The rows each work takes its values from."""

    best: np.ndarray  #: each work's preferred row, in row order (the values' memory order)
    slot: np.ndarray  #: the work of each ``best`` row
    order: np.ndarray  #: the rows of works of several rows, by work, then preference
    group: np.ndarray  #: the work of each row of ``order``
    multi: np.ndarray  #: the works of several rows

    @classmethod
    def of(cls, work: np.ndarray, single: np.ndarray, order: np.ndarray) -> _Rows:
        """From the works of rows, the rows of single-row works and ``order``."""
        group = work[order]
        tops = _firsts(group)
        best = np.zeros(len(work), dtype=bool)
        best[single] = best[order[tops]] = True
        best = np.flatnonzero(best)
        return cls(best, work[best], order, group, group[tops])

    def best_values(self, values: np.ndarray) -> np.ndarray:
        """Per work, the value of its best row."""
        out = np.empty(len(self.best), dtype=values.dtype)
        out[self.slot] = values[self.best]
        return out


def _first_present(
    values: np.ndarray, present: Callable[[np.ndarray], np.ndarray], rows: _Rows
) -> np.ndarray:
    """Per work, the value of its best row or, when not ``present``, that of its first
    row in ``rows.order`` with one (if any)."""
    out = rows.best_values(values)
    missing = np.zeros(len(out), dtype=bool)
    missing[rows.multi] = ~present(out[rows.multi])
    need = missing[rows.group]  # only the rows of works still without a value
    order, group = rows.order[need], rows.group[need]
    found = present(values[order])
    order, group = order[found], group[found]
    first = _firsts(group)
    out[group[first]] = values[order[first]]
    return out


def _year_array(year: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Years (NaN: none) as an Int64 array, built without a per-value conversion."""
    missing = np.isnan(year)
    return pd.arrays.IntegerArray(np.where(missing, 0, year).astype(np.int64), missing)


def _dois(ids: np.ndarray, doi_key: np.ndarray) -> np.ndarray:
    """The DOI of each work: from its id when it is ``doi:…``, else ``doi_key``; ``ids``
    sorted, so that the ``doi:`` ids are a run of them."""
    out = doi_key.copy()
    start, stop = np.searchsorted(ids, ["doi:", "doi;"])  # ";" follows ":"
    out[start:stop] = [w[4:] for w in ids[start:stop]]
    return out


def _citations(work: np.ndarray, citing_id: np.ndarray, n: int) -> np.ndarray:
    """Per work, the number of distinct citing papers."""
    if not len(work):
        return np.zeros(n, dtype=np.int64)
    citing = pd.factorize(citing_id)[0]
    pairs = pd.unique(work.astype(np.int64) * (citing.max() + 1) + citing)  # hashed, not sorted
    return np.bincount(pairs // (citing.max() + 1), minlength=n)


def _paper_of(work: np.ndarray, paper_id: np.ndarray, n: int) -> np.ndarray:
    """Per work, the smallest review paper id among its rows ("" when none; ``work``
    -1: rows of no work)."""
    out = np.full(n, "", dtype=object)
    rows = np.flatnonzero((paper_id != "") & (work >= 0))
    if len(rows):
        rows = rows[np.lexsort((ranks(paper_id[rows]), work[rows]))]
        first = np.r_[True, work[rows][1:] != work[rows][:-1]]
        out[work[rows][first]] = paper_id[rows][first]
    return out


def _years(work: np.ndarray, years: np.ndarray, n: int) -> np.ndarray:
    """Per work, the years its references give when they give more than one (the editions,
    reprints and translations of one book), ascending and space-separated; else ""."""
    out = np.full(n, "", dtype=object)
    known = ~np.isnan(years)
    pairs = pd.DataFrame({"w": work[known], "y": years[known].astype(np.int64)}).drop_duplicates()
    several = pairs[pairs.duplicated("w", keep=False)].sort_values(["w", "y"])
    for w, group in several.groupby("w", sort=False)["y"]:
        out[w] = " ".join(map(str, group.tolist()))
    return out
