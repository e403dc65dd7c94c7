"""The cited-works table: one row per work id, from its references and review papers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.labels import short_labels
from refnet.match.frames import build, ranks
from refnet.model import WORK_COLUMNS, frame

#: Columns :func:`works_table` reads (``is_ref`` false for review-paper rows).
WORK_INPUT = (
    "work_id", "paper_id", "is_ref", "citing_id", "origin", "raw", "doi_key", "year",
    "title", "authors", "venue", "volume", "issue", "pages", "publisher", "isbn", "kind",
)  # fmt: skip
_FIELDS = ("title", "authors", "venue", "volume", "issue", "pages", "publisher", "isbn", "kind")
_TEXT = ("work_id", "paper_id", "citing_id", "origin", "doi_key", *_FIELDS)


def works_table(t: pd.DataFrame) -> pd.DataFrame:
    """Works cited by at least one reference. Fields come from the review paper's own row
    first, then the fullest reference (longest title; short forms last), each empty field
    filled from the next row that has it."""
    is_ref = t["is_ref"].to_numpy(dtype=bool)
    if not is_ref.any():
        return frame([], WORK_COLUMNS)
    col = {c: t[c].to_numpy(dtype=object) for c in _TEXT}
    years = t["year"].to_numpy(dtype="float64", na_value=np.nan)
    work = ranks(col["work_id"])
    if not is_ref.all():  # review papers that nobody cites are not works here
        keep = (np.bincount(work[is_ref], minlength=work.max() + 1) > 0)[work]
        col = {c: v[keep] for c, v in col.items()}
        years, is_ref = years[keep], is_ref[keep]
        work = np.unique(work[keep], return_inverse=True)[1]
    order = np.lexsort(
        (
            _tie_break(col["origin"], work),
            -np.fromiter(map(len, col["title"]), dtype=np.int64, count=len(work)),
            pd.Series(col["kind"], dtype=object).isin(["short", "citation", "ibid"]).to_numpy(),
            col["paper_id"] == "",
            work,
        )
    )
    work_sorted = work[order]
    starts = np.r_[0, np.flatnonzero(np.diff(work_sorted)) + 1]
    best = order[starts]
    n_works = len(starts)
    out: dict[str, object] = {"work_id": col["work_id"][best]}
    for name in _FIELDS:
        text = col[name]
        out[name] = _first_present(text, text != "", order, work, np.full(n_works, "", object))
    year = _first_present(years, ~np.isnan(years), order, work, np.full(n_works, np.nan))
    out["year"] = _year_array(year)
    out["doi"] = [
        w[4:] if w.startswith("doi:") else d
        for w, d in zip(out["work_id"], col["doi_key"][best], strict=True)
    ]
    out["citations"] = _citations(work[is_ref], col["citing_id"][is_ref], n_works)
    out["paper_id"] = _paper_of(work, col["paper_id"], n_works)
    out["label"] = short_labels(out["authors"], _year_list(year), out["title"])
    return build(out, WORK_COLUMNS)


def _tie_break(origin: np.ndarray, work: np.ndarray) -> np.ndarray:
    """A content-derived, order-independent tie-break: the hash of the origin (only
    works of several rows have ties to break)."""
    tie = np.zeros(len(work), dtype=np.uint64)
    shared = np.bincount(work)[work] > 1
    # categorize=False: the same hashes, without factorizing (origins are all distinct)
    tie[shared] = pd.util.hash_array(origin[shared], categorize=False)
    return tie


def _firsts(groups: np.ndarray) -> np.ndarray:
    """Mask of the first item of each group of sorted ``groups``."""
    return np.r_[True, groups[1:] != groups[:-1]] if len(groups) else groups.astype(bool)


def _first_present(
    values: np.ndarray, present: np.ndarray, order: np.ndarray, groups: np.ndarray, out: np.ndarray
) -> np.ndarray:
    """``out`` (the empty value per group) with, per group of ``groups``, the value of its
    first row in ``order`` where ``present``; ``order`` sorts the rows by group."""
    rows = order[present[order]]
    ordered = groups[rows]
    first = _firsts(ordered)
    out[ordered[first]] = values[rows[first]]
    return out


def _year_array(year: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Years (NaN: none) as an Int64 array, built without a per-value conversion."""
    missing = np.isnan(year)
    return pd.arrays.IntegerArray(np.where(missing, 0, year).astype(np.int64), missing)


def _year_list(year: np.ndarray) -> list[int | None]:
    """Years (NaN: none) as ints and None."""
    return [None if y != y else int(y) for y in year.tolist()]


def _citations(work: np.ndarray, citing_id: np.ndarray, n: int) -> np.ndarray:
    """Per work, the number of distinct citing papers."""
    if not len(work):
        return np.zeros(n, dtype=np.int64)
    citing = pd.factorize(citing_id)[0]
    pairs = pd.unique(work.astype(np.int64) * (citing.max() + 1) + citing)  # hashed, not sorted
    return np.bincount(pairs // (citing.max() + 1), minlength=n)


def _paper_of(work: np.ndarray, paper_id: np.ndarray, n: int) -> np.ndarray:
    """Per work, the smallest review paper id among its rows ("" when none)."""
    out = np.full(n, "", dtype=object)
    rows = np.flatnonzero(paper_id != "")
    if len(rows):
        rows = rows[np.lexsort((ranks(paper_id[rows]), work[rows]))]
        first = np.r_[True, work[rows][1:] != work[rows][:-1]]
        out[work[rows][first]] = paper_id[rows][first]
    return out
