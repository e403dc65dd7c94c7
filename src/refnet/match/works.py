"""The cited-works table: one row per work id, from its references and review papers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.labels import short_label
from refnet.match.frames import conform_fast
from refnet.model import WORK_COLUMNS, frame

#: Columns :func:`works_table` reads (``is_ref`` false for review-paper rows).
WORK_INPUT = (
    "work_id", "paper_id", "is_ref", "citing_id", "origin", "raw", "doi_key", "year",
    "title", "authors", "venue", "volume", "issue", "pages", "publisher", "isbn", "kind",
)  # fmt: skip
_FIELDS = ("title", "authors", "venue", "volume", "issue", "pages", "publisher", "isbn", "kind")


def _rank(values: pd.Series) -> np.ndarray:
    return pd.factorize(values, sort=True)[0]


def works_table(t: pd.DataFrame) -> pd.DataFrame:
    """Works cited by at least one reference. Fields come from the review paper's own row
    first, then the fullest reference (longest title; short forms last), each empty field
    filled from the next row that has it."""
    is_ref = t["is_ref"].to_numpy(dtype=bool)
    if not is_ref.any():
        return frame([], WORK_COLUMNS)
    if not is_ref.all():  # review papers that nobody cites are not works here
        ids = t["work_id"].to_numpy(dtype=object)
        keep = is_ref.copy()
        keep[~is_ref] = pd.Series(ids[~is_ref], dtype=object).isin(set(ids[is_ref])).to_numpy()
        t = t[keep].reset_index(drop=True)
        is_ref = is_ref[keep]
    work = _rank(t["work_id"])
    tie = pd.util.hash_array(t["origin"].to_numpy(dtype=object))
    order = np.lexsort(
        (
            tie,  # a content-derived, order-independent tie-break
            -t["title"].str.len().to_numpy(),
            t["kind"].isin(["short", "citation", "ibid"]).to_numpy(),
            (t["paper_id"] == "").to_numpy(),
            work,
        )
    )
    work_sorted = work[order]
    starts = np.r_[0, np.flatnonzero(np.diff(work_sorted)) + 1]
    best = order[starts]
    n_works = len(starts)
    out: dict[str, object] = {"work_id": t["work_id"].to_numpy(dtype=object)[best]}
    for name in _FIELDS:
        values = t[name].to_numpy(dtype=object)
        out[name] = _first_present(values[order], values[order] != "", work_sorted, n_works)
    years = t["year"].to_numpy(dtype="float64", na_value=np.nan)[order]
    year = np.full(n_works, np.nan)
    present = ~np.isnan(years)
    codes, first = np.unique(work_sorted[present], return_index=True)
    year[codes] = years[present][first]
    out["year"] = pd.array(np.where(np.isnan(year), None, year), dtype="Int64")
    dois = t["doi_key"].to_numpy(dtype=object)[best]
    out["doi"] = [
        w[4:] if w.startswith("doi:") else d for w, d in zip(out["work_id"], dois, strict=True)
    ]
    citing = pd.factorize(t["citing_id"])[0]
    pairs = np.unique(work[is_ref].astype(np.int64) * (citing.max() + 1) + citing[is_ref])
    out["citations"] = np.bincount(pairs // (citing.max() + 1), minlength=n_works)
    papers = t[t["paper_id"] != ""]
    paper_of = papers.groupby(work[papers.index.to_numpy()])["paper_id"].min()
    out["paper_id"] = paper_of.reindex(range(n_works)).fillna("").to_numpy(dtype=object)
    out["label"] = [
        short_label(a, y, t)
        for a, y, t in zip(out["authors"], out["year"], out["title"], strict=True)
    ]
    return conform_fast(pd.DataFrame(out), WORK_COLUMNS)


def _first_present(
    values: np.ndarray, present: np.ndarray, groups: np.ndarray, n: int
) -> np.ndarray:
    """Per group (sorted), the first value where ``present`` (else "")."""
    out = np.full(n, "", dtype=object)
    codes, first = np.unique(groups[present], return_index=True)
    out[codes] = values[present][first]
    return out
