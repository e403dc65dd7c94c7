"""Blocking: which references can share a work at all, and the exact keys that join them
(records, WoS sources without a title, short forms; year letters of one paper)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from refnet.match.bulk import (
    cached,
    pair_codes,
)
from refnet.match.normalize import fold
from refnet.match.prepare import cached_map

#: First pages that do not locate an article: e-journals deposit "1" for every article
#: number, and journals paginated by issue start every issue at page 1.
WEAK_PAGES = frozenset({"", "1"})
ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())


#: Sources whose lists may cite one work in several entries (notes, in-text citations).
REPEATING_SOURCES = frozenset({"bibliography", "fulltext"})

#: Sources that name no work (WoS writes them in the source field of a cited reference).
_PLACEHOLDER_SOURCES = frozenset({"unpub", "in press", "pers comm", "personal communication",
    "private communication", "unpublished", "submitted", "forthcoming"})  # fmt: skip


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


def source_signatures(
    table: pd.DataFrame, rows: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Keys of references without a title (``BORN M, 1965, PRINCIPLES OPTICS, P169``):
    first author, year, source, volume and first page must all agree. A source that no
    reference or review paper gives with a volume is a book title: its page is a pinpoint
    and is left out. A journal (seen with a volume) needs its page, or its volume alone
    when no paper cites that volume twice without a page (two articles of the volume);
    page 1 is as weak as none (e-journals give it for every article number).
    Returns (keys, pairs of rows that one paper keeps apart)."""
    venues = cached(fold, table["venue"])
    journals = set(venues[table["vol"].to_numpy(dtype=object) != ""].tolist()) - {""}
    t = {c: table[c].to_numpy(dtype=object)[rows] for c in ("fa", "year_suffix", "vol", "fp")}
    yr = table["yr"].to_numpy()[rows]
    venue = venues[rows]
    signed = (
        (table["tkey"].to_numpy(dtype=object)[rows] == "")
        & (t["fa"] != "")
        & (yr != 0)
        & (venue != "")
        & ~np.isin(venue, list(_PLACEHOLDER_SOURCES))
    )
    with_vol = signed & (t["vol"] != "")
    journal = pd.Series(venue, dtype=object).isin(journals).to_numpy()
    weak_page = np.isin(t["fp"], list(WEAK_PAGES))
    book = signed & (t["vol"] == "") & ~journal
    paged = signed & (t["vol"] == "") & journal & ~weak_page
    year_codes, distinct_years = pd.factorize(yr)
    years = np.array([str(y) for y in distinct_years.tolist()], dtype=object)[year_codes]
    dated = years + t["year_suffix"]
    blank = np.full(len(rows), "", dtype=object)
    out = blank.copy()
    for mask, parts in (
        (with_vol, (t["fa"], dated, venue, t["vol"], t["fp"])),  # fa|yr|venue|vol|fp
        (book, (t["fa"], dated, venue)),  # fa|yr|venue
        (paged, (t["fa"], dated, venue, blank, t["fp"])),  # fa|yr|venue||fp
    ):
        out[mask] = _joined([part[mask] for part in parts])
    citing = table["citing_id"].to_numpy(dtype=object)[rows]
    weak = pd.DataFrame({"key": out, "citing": citing, "row": rows, "at": np.arange(len(rows))})
    weak = weak[(t["vol"] != "") & weak_page]
    twice = weak[weak.duplicated(["key", "citing"], keep=False)]
    apart = []
    for key, group in twice.groupby("key", sort=True):
        pair = group[group["citing"] == group["citing"].iloc[0]]["row"].tolist()[:2]
        apart.append((int(pair[0]), int(pair[1])))
        out[weak.loc[weak["key"] == key, "at"].to_numpy()] = ""
    return out, apart


def _joined(columns: list[np.ndarray]) -> list[str]:
    """Per row, the texts of ``columns`` joined by ``|``."""
    return ["|".join(texts) for texts in zip(*(c.tolist() for c in columns), strict=True)]


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
