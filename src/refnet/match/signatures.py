"""Keys of references without a title: a Web of Science cited reference names its work by
first author, year, source, volume and page (``BORN M, 1965, PRINCIPLES OPTICS, P169``).

Identical means same unless the evidence says otherwise. What the evidence is:

- **Volume.** A source given with a volume somewhere is a journal (or a multi-volume
  work): its references are keyed with volume and first page. An edition written in the
  volume field (``V6th``, ``V2ND ED.``, ``VSixth``) is not a volume: it does not turn a
  book into a journal.
- **Pages.** The page of a book is a pinpoint and is left out of its key. The pages are
  kept (each page its own work) where they tell works apart: in a journal, in a
  collection (a source and year whose pages are cited under two first authors or more,
  such as the chapters of a handbook) and where one reference list gives one source twice
  with different pages. Page 1 is as weak as none (e-journals give it for every article).
- **Article numbers.** In journals that number their articles instead of paging them
  (PLOS ONE, Phys Rev, Frontiers, Sustainability…; or a journal whose pages mostly look
  like article numbers), author, year and volume without a page name no one article: no key.
- **Year letters** (2003a/2003b) are part of the year.

A reference without source joins the others of its author, year and page.
References with neither volume nor page join each other by author, year and source,
whatever the source is. Every group of such identical references that the evidence keeps
apart is listed with its reason.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from refnet.match.blocking import REPEATING_SOURCES, WEAK_PAGES
from refnet.match.bulk import cached
from refnet.match.frames import text_array
from refnet.match.normalize import fold

#: Sources that name no work (WoS writes them in the source field of a cited reference).
PLACEHOLDER_SOURCES = frozenset({"unpub", "in press", "pers comm", "personal communication",
    "private communication", "unpublished", "submitted", "forthcoming"})  # fmt: skip

_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth"
#: A volume field that holds an edition: ``6th``, ``2ND ED.``, ``Sixth``, ``3 ed``.
EDITION = re.compile(
    rf"(?:\d+\s*(?:st|nd|rd|th)?|{'|'.join(_ORDINALS.split())})(?:\s*(?:ed|edn|edition)\.?)?",
    re.IGNORECASE,
)
_ORDINAL_OR_ED = re.compile(r"(?:st|nd|rd|th|ed|edn|edition)\.?$|^[a-z]+$", re.IGNORECASE)

#: Journals known to number articles instead of paging them (folded WoS abbreviations).
ARTICLE_NUMBER_JOURNALS = re.compile(
    r"plos (?:one|biol|comput biol|genet|med|negl trop dis|pathog)|phys rev|front |"
    r"frontiers|sustainability|sci rep|nat commun|ieee access|elife|peerj|bmj open|"
    r"energies|molecules|sensors|remote sens|appl sci|int j env res pub he|j high energy phys"
)
_ARTICLE_NUMBER_PAGE = re.compile(r"e\d+|\d{5,}", re.IGNORECASE)


def is_edition(volume: str) -> bool:
    """Whether a volume field holds an edition (``6th``, ``2ND ED.``) rather than a volume."""
    return (
        bool(volume)
        and bool(EDITION.fullmatch(volume.strip()))
        and bool(_ORDINAL_OR_ED.search(volume.strip()))
    )


class Signed(NamedTuple):
    """What :func:`source_signatures` learned of its rows, for the book evidence
    (:mod:`refnet.match.books`): per row, in the order of ``rows``."""

    rows: np.ndarray  #: the rows of the table
    venue: np.ndarray  #: the folded source
    book: np.ndarray  #: a title-less reference to a source that is not a journal
    chapter: np.ndarray  #: its page names a chapter (collection, journal, one list)
    journals: frozenset[str]  #: sources given with a volume somewhere


def source_signatures(
    table: pd.DataFrame, rows: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, int, str]], Signed]:
    """Keys of ``rows`` of ``table`` that have no title key ("" for none), the pairs
    of rows of identical author, year and source that the evidence keeps apart, each with
    its reason (see the module docstring), and what was learned of the rows."""
    venues = cached(fold, table["venue"])
    all_vol = table["vol"].to_numpy(dtype=object)
    # the volume as written: the key of ``V4TH ED.`` is ``4``, an edition all the same
    editions = _editions(text_array(table["volume"]))
    journals = set(venues[(all_vol != "") & ~editions].tolist()) - {""}
    t = {c: table[c].to_numpy(dtype=object)[rows] for c in ("fa", "year_suffix", "fp")}
    vol = np.where(editions[rows], "", all_vol[rows])
    venue = venues[rows]
    yr = table["yr"].to_numpy()[rows]
    signed = (
        (table["tkey"].to_numpy(dtype=object)[rows] == "")
        & (t["fa"] != "")
        & (yr != 0)
        & (venue != "")
        & ~np.isin(venue, list(PLACEHOLDER_SOURCES))
    )
    weak_page = np.isin(t["fp"], list(WEAK_PAGES))
    numbered = article_numbered(venue, t["fp"])
    year_codes, distinct_years = pd.factorize(yr)
    years = np.array([str(y) for y in distinct_years.tolist()], dtype=object)[year_codes]
    dated = years + t["year_suffix"]
    citing = table["citing_id"].to_numpy(dtype=object)[rows]
    source = table["source"].to_numpy(dtype=object)[rows]
    base = _joined([t["fa"], dated, venue])
    paged = signed & (vol == "") & ~weak_page
    kept_pages = (
        pd.Series(venue, dtype=object).isin(journals).to_numpy()
        | _collections(venue, years, t["fa"], paged)
        | _listed_apart(base, citing, source, t["fp"], paged)
    )
    blank = np.full(len(rows), "", dtype=object)
    out = blank.copy()
    with_vol = signed & (vol != "") & ~(weak_page & numbered)
    bare = signed & (vol == "") & weak_page & ~numbered
    for mask, parts in (
        (with_vol, (base, vol, t["fp"])),  # fa|yr|venue|vol|fp
        (bare | (paged & ~kept_pages), (base,)),  # fa|yr|venue: the book, pinpoints left out
        (paged & kept_pages, (base, blank, t["fp"])),  # fa|yr|venue||fp
    ):
        out[mask] = _joined([part[mask] for part in parts])
    # no source at all (``Waters C. Kenneth, 2003, P116``): author, year and page alone
    sourceless = (
        (table["tkey"].to_numpy(dtype=object)[rows] == "")
        & (t["fa"] != "")
        & (yr != 0)
        & (venue == "")
        & (vol == "")
        & ~weak_page
    )
    out[sourceless] = _joined(
        [part[sourceless] for part in (t["fa"], dated, blank, blank, t["fp"])]
    )
    apart = _volumes_twice(out, citing, rows, (vol != "") & weak_page)
    reasons = np.full(len(rows), "", dtype=object)
    reasons[signed & numbered & weak_page] = (
        "an article-number journal: author, year and volume without an article number"
    )
    reasons[paged & kept_pages] = "different pages of a journal, a collection or one list"
    listed = signed & ((vol == "") | (reasons != ""))  # identical up to a page
    group = _joined([base, vol])
    is_journal = pd.Series(venue, dtype=object).isin(journals).to_numpy()
    book = signed & (vol == "") & ~numbered & ~is_journal
    learned = Signed(rows, venue, book, paged & kept_pages, frozenset(journals))
    return out, apart + _kept_apart(group, out, reasons, rows, listed), learned


def _editions(volumes: np.ndarray) -> np.ndarray:
    """Where a volume field holds an edition."""
    given = volumes != ""
    found = np.zeros(len(volumes), dtype=bool)
    if given.any():
        found[given] = cached(is_edition, pd.Series(volumes[given], dtype=object)).astype(bool)
    return found


def article_numbered(venue: np.ndarray, pages: np.ndarray) -> np.ndarray:
    """Where a venue numbers its articles: a known journal, or one whose given pages look
    like article numbers (``e1004``, ``162516``) in most of its references of the review
    (journals that moved to article numbers late keep their paged volumes)."""
    known = np.asarray(
        cached(lambda v: bool(ARTICLE_NUMBER_JOURNALS.match(v)), pd.Series(venue, dtype=object)),
        dtype=bool,
    )
    looks = np.asarray(
        cached(lambda p: bool(_ARTICLE_NUMBER_PAGE.fullmatch(p)), pd.Series(pages, dtype=object)),
        dtype=bool,
    )
    paged = (pages != "") & (venue != "")
    share = pd.Series(looks[paged]).groupby(venue[paged]).mean()
    numbered_venues = set(share[share > 0.5].index.tolist())
    return known | pd.Series(venue, dtype=object).isin(numbered_venues).to_numpy()


def _collections(
    venue: np.ndarray, years: np.ndarray, first_author: np.ndarray, paged: np.ndarray
) -> np.ndarray:
    """Rows of a source and year whose pages are cited under two first authors or more:
    the chapters of a collection, each page its own work."""
    frame = pd.DataFrame({"v": venue, "y": years, "a": first_author})[paged]
    authors = frame.groupby(["v", "y"], sort=False)["a"].nunique()
    many = authors[authors > 1].index
    if not len(many):
        return np.zeros(len(venue), dtype=bool)
    keys = pd.MultiIndex.from_arrays([venue, years])
    return keys.isin(many) & paged


def _listed_apart(
    base: np.ndarray, citing: np.ndarray, source: np.ndarray, pages: np.ndarray, paged: np.ndarray
) -> np.ndarray:
    """Rows whose author, year and source one reference list of an export gives twice with
    different pages: there the pages name different works."""
    frame = pd.DataFrame({"b": base, "c": citing, "p": pages})[
        paged & ~np.isin(source, list(REPEATING_SOURCES))
    ]
    counts = frame.groupby(["b", "c"], sort=False)["p"].nunique()
    apart = set(counts[counts > 1].index.get_level_values("b").tolist())
    return pd.Series(base, dtype=object).isin(apart).to_numpy() & paged


def _volumes_twice(
    out: np.ndarray, citing: np.ndarray, rows: np.ndarray, weak: np.ndarray
) -> list[tuple[int, int, str]]:
    """A journal volume that one paper cites twice without a page names two articles: its
    key is dropped and the pair listed."""
    frame = pd.DataFrame({"key": out, "citing": citing, "row": rows, "at": np.arange(len(rows))})
    frame = frame[weak & (out != "")]
    twice = frame[frame.duplicated(["key", "citing"], keep=False)]
    apart = []
    for key, group in twice.groupby("key", sort=True):
        pair = group[group["citing"] == group["citing"].iloc[0]]["row"].tolist()[:2]
        apart.append(
            (int(pair[0]), int(pair[1]), "one paper cites this volume twice without a page")
        )
        out[frame.loc[frame["key"] == key, "at"].to_numpy()] = ""
    return apart


def _kept_apart(
    base: np.ndarray, out: np.ndarray, reasons: np.ndarray, rows: np.ndarray, unvolumed: np.ndarray
) -> list[tuple[int, int, str]]:
    """For each author, year, source and volume whose references end under
    different keys (or none), one pair per extra key: the group's first row and the first
    row of that key, with the reason."""
    keyless = np.asarray([f"#{row}" for row in rows.tolist()], dtype=object)  # each its own
    keys = np.where(out != "", out, keyless)
    frame = pd.DataFrame({"base": base, "key": keys, "reason": reasons, "row": rows})[unvolumed]
    frame = frame[frame["base"] != ""]
    firsts = frame.drop_duplicates(["base", "key"])
    several = firsts[firsts.duplicated("base", keep=False)]
    pairs = []
    for _, group in several.groupby("base", sort=True):
        anchor = int(group["row"].iloc[0])
        for row, reason in zip(group["row"].iloc[1:], group["reason"].iloc[1:], strict=True):
            pairs.append((anchor, int(row), reason or "kept apart by its page"))
    return pairs


def _joined(columns: list[np.ndarray]) -> np.ndarray:
    """Per row, the texts of ``columns`` joined by ``|``."""
    texts = ["|".join(parts) for parts in zip(*(c.tolist() for c in columns), strict=True)]
    return np.asarray(texts, dtype=object)
