"""Blocking: which references can share a work at all, and the exact keys that join them
(records, WoS sources without a title, short forms; year letters of one paper)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from refnet.match.bulk import (
    pair_codes,
)
from refnet.match.prepare import cached_map

#: First pages that do not locate an article: e-journals deposit "1" for every article
#: number, and journals paginated by issue start every issue at page 1.
WEAK_PAGES = frozenset({"", "1"})
ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())


#: Sources whose lists may cite one work in several entries (notes, in-text citations).
REPEATING_SOURCES = frozenset({"bibliography", "fulltext"})


def duplicate_letters_joined(table: pd.DataFrame) -> pd.Series:
    """Year letters with one paper's duplicate entries given one letter: ``2003a`` and
    ``2003b`` with the same author, title, volume and first page are one article listed
    twice, not two works."""
    letters = table["year_suffix"]
    columns = ["citing_id", "fa", "yr", "tkey", "vol", "fp"]
    full = (letters != "").to_numpy(copy=True)  # the few lettered rows, then their other fields
    for column in ("fa", "tkey", "vol", "fp"):
        full[full] = table[column].to_numpy(dtype=object)[full] != ""
    if not full.any():
        return letters
    first = table.loc[full].groupby(columns, sort=False)["year_suffix"].transform("min")
    joined = letters.copy()
    joined.loc[full] = first
    return joined


def near_rows(table: pd.DataFrame, full: np.ndarray) -> np.ndarray:
    """Rows that string evidence can concern: those without a DOI, and those with a DOI
    that share a block (first author + year, or first author + volume + first page) with
    one without. References that all carry DOIs never reach pairwise comparison."""
    column = {c: table[c].to_numpy(dtype=object)[full] for c in ("doi_key", "fa", "vol", "fp")}
    open_ = column["doi_key"] == ""
    if open_.all() or not open_.any():
        return full if open_.any() else full[:0]
    fa, vol, fp = (pd.factorize(column[c])[0] for c in ("fa", "vol", "fp"))  # "" counts too
    yr = pd.factorize(table["yr"].to_numpy()[full])[0]
    words = cached_map(lambda tk: tk.split(" ", 1)[0], table["tkey"].to_numpy(dtype=object)[full])
    keep = open_.copy()
    for keys in (
        pair_codes(fa, yr),
        pair_codes(pair_codes(fa, vol), fp),
        pair_codes(yr, pd.factorize(np.asarray(words, dtype=object))[0]),
    ):
        keep |= np.isin(keys, keys[open_])
    return full[keep]


def record_keys(f: dict[str, list], rows: np.ndarray, venue_key: Callable[[int], str]) -> list[str]:
    """Keys of ``rows`` as records: first author, year and letter, title key, volume and
    first page, and for a short title its venue ("" without first author, year or title)."""
    fa, yr, sx, tk, vol, fp = (f[c] for c in ("fa", "yr", "year_suffix", "tkey", "vol", "fp"))
    return [
        f"{fa[r]}|{yr[r]}{sx[r]}|{tk[r]}|{vol[r]}|{fp[r]}"
        + (f"|{venue_key(r)}" if is_short(tk[r]) else "")
        if fa[r] and yr[r] and tk[r]
        else ""
        for r in rows.tolist()
    ]


def short_keys(f: dict[str, list], rows: list[int]) -> list[str]:
    """Keys of short forms: first author and title key ("" without either)."""
    fa, tk = f["fa"], f["tkey"]
    return [f"{fa[r]}|{tk[r]}" if fa[r] and tk[r] else "" for r in rows]


def open_groups(codes: np.ndarray, is_open: np.ndarray) -> list[np.ndarray]:
    """Positions of each group of equal ``codes`` (-1: none) with two members or more, an
    open one among them; members in position order."""
    given = np.flatnonzero(codes >= 0)
    given = given[np.argsort(codes[given], kind="stable")]
    if not len(given):
        return []
    sorted_codes = codes[given]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(given)]
    opens = np.add.reduceat(is_open[given].astype(np.int64), starts)
    wanted = (ends - starts > 1) & (opens > 0)
    return [given[s:e] for s, e in zip(starts[wanted].tolist(), ends[wanted].tolist(), strict=True)]


#: First-author keys that name nobody: "Anonymous" is no evidence beside a short title.
NOBODY = frozenset({"anonymous", "anon", "anonym", "anonyme", "anonimo"})


def is_short(*title_keys: str) -> bool:
    """A title of fewer than three significant words, too common to name a work alone."""
    return min(len(key.split()) for key in title_keys) < 3
