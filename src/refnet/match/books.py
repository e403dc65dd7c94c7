"""Books cited without a title field (Web of Science cited references): one book under cut
or abbreviated titles, variant author names, other editions and translations.

A *form* is one way a book is written (first author, year, source, and the page where it
names a chapter); identical forms are already one work (:mod:`refnet.match.signatures`).
Forms are compared within blocks of author-name words, and joined (rule ``book``) when:

- the authors can be one person: the same name key, one's surname among the other's name
  words (``Box J.`` / ``Fisher Box Joan``), or surnames one typing error apart
  (``HIGUCH`` / ``HIGUCHI``); with initials that agree;
- the titles agree (:func:`refnet.match.cut_titles.titles_agree`);
- and, in another year, the two are editions, reprints or translations of one book: the
  source is no serial and both titles agree strictly.

Refused, each refusal a decision with its reason: two forms of one year that one reference
list gives both (two works, unless both give a page: pinpoints of one book); two years of
a source that one list cites both, five years apart or less (volumes of a multi-volume work
or reports of a serial; a list citing a book's first and a much later edition is a reader
comparing editions); other years of a serial (a source whose pages are cited under two
persons or more in two years or more, or that three persons or more cite without a page
in three years or more, or whose title names a series, report, yearbook or periodical:
proceedings, periodicals, yearly reports); chapters at different pages of a collection;
differing year letters (2003a/2003b). Sources given with a volume somewhere (journals),
article-number journals and "Anonymous" never reach this rule.

The same page of the same source and year cited under two authors is one chapter
(``LEVINS R, 1985, DIALECTICAL BIOL, P163`` / ``Lewontin Richard, …, P163``), and one
source and year cited without a page under two organisations, or under an organisation and
a one-word name, is one document of a body cited under its name, its acronym or its parent
body (``BEPA, 2013, GUID SOC INN`` / ``EUROPEAN COMMISSION, 2013, GUID SOC INN``;
``OECD`` / ``ORGANISATION FOR ECONOMIC CO-OPERATION AND DEVELOPMENT``), unless one
reference list gives both. Two persons' forms of one title stay apart: chapters of an
edited volume cited without their pages look the same.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz.distance import Levenshtein

from refnet.match.blocking import NOBODY, REPEATING_SOURCES, WEAK_PAGES
from refnet.match.cut_titles import titles_agree
from refnet.match.names import organisation_kind
from refnet.match.normalize import fold
from refnet.match.prepare import cached_map
from refnet.match.signatures import Signed

if TYPE_CHECKING:
    from refnet.match.evidence import Matcher

#: Years apart within which two years of one source that one list cites are two works.
VOLUME_YEARS = 5
_WORD = re.compile(r"[a-z]{3,}")
#: Words of a source that name a periodical or a series rather than one book (folded WoS
#: abbreviations): its other years are other issues or other books of the series.
PERIODICAL_WORDS = frozenset(
    "ser series serie bull bulletin proc proceedings rep report reports yb yearbook annual "
    "newsl newsletter times magazine mag gazette daily weekly news post herald tribune "
    "journal j outlook scoreboard indicators oecd".split()
)


def book_variants(m: Matcher, signed: Signed) -> None:
    """Join the forms of one book (see the module docstring); every refusal a decision."""
    forms = _forms(m, signed)
    if len(forms["row"]) < 2:
        return
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(forms["words"]):
        for key in {w[:4] for w in words}:
            blocks[key].append(i)
    seen: set[tuple[int, int]] = set()
    serials = _Serials(forms)
    years, initial = forms["yr"], [v[:1] for v in forms["venue"]]
    size = [len(v.split()) for v in forms["venue"]]
    for members in blocks.values():
        for i, j in combinations(members, 2):
            # titles agree from their first letter on, but for a translation of one year
            if initial[i] != initial[j] and (years[i] != years[j] or size[i] != size[j]):
                continue
            if (i, j) in seen:
                continue
            seen.add((i, j))
            _compare(m, forms, serials, i, j)
    _same_pages(m, forms, serials)
    _organisations(m, forms)


#: The key of a form, then what :func:`_forms` adds.
_FORM_KEY = ("fa", "yr", "suffix", "venue", "page")


def _forms(m: Matcher, signed: Signed) -> dict[str, list]:
    """Columns of the forms of the book references (in the order of their first rows):
    the key, the first ``row``, whether every reference gives a page (``paged``), the
    citing ``lists`` that give it (database and export lists only) and the name ``words``
    (name key first)."""
    rows = signed.rows[signed.book]
    f = m.fields
    fp = np.asarray(f["fp"], dtype=object)[rows]
    keep = np.asarray(f["fa"], dtype=object)[rows] != ""
    keep &= ~np.isin(np.asarray(f["fa"], dtype=object)[rows], list(NOBODY))  # "Anonymous"
    page = np.where(signed.chapter[signed.book], fp, "")
    paged = ~np.isin(fp, list(WEAK_PAGES))
    repeats = np.isin(np.asarray(f["source"], dtype=object)[rows], list(REPEATING_SOURCES))
    citing = np.asarray(f["citing_id"], dtype=object)[rows]
    venue = signed.venue[signed.book]
    found: dict[tuple, list] = {}  # form -> [first row, all paged, citing lists]
    for at in np.flatnonzero(keep).tolist():
        row = int(rows[at])
        key = (f["fa"][row], f["yr"][row], f["year_suffix"][row], venue[at], page[at])
        form = found.get(key)
        if form is None:
            form = found[key] = [row, True, set()]
        form[0], form[1] = min(form[0], row), form[1] and bool(paged[at])
        if not repeats[at]:
            form[2].add(citing[at])
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    out: dict[str, list] = {name: [k[n] for k, _ in ordered] for n, name in enumerate(_FORM_KEY)}
    for n, name in enumerate(("row", "paged", "lists")):
        out[name] = [form[n] for _, form in ordered]
    names = cached_map(lambda a: fold(a.split(";")[0]), [m.authors[r] for r in out["row"]])
    out["words"] = [
        tuple(dict.fromkeys([fa, *_WORD.findall(name)]))
        for fa, name in zip(out["fa"], names, strict=True)
    ]
    return out


class _Serials:
    """Which sources are serials rather than books, worked out per source when asked:
    those whose pages are cited under two persons or more in two years or more (their
    paged forms are articles of volumes, not pinpoints of editions; an edited book's
    editions cited under its editor stay one book), and those cited without page under
    three persons or more in three years or more (periodicals, yearly reports). Persons,
    not name keys, are counted: one author's name variants are one person."""

    def __init__(self, c: dict[str, list]) -> None:
        self.c = c
        self.forms: dict[str, list[int]] = defaultdict(list)
        for i, venue in enumerate(c["venue"]):
            self.forms[venue].append(i)
        self.known: dict[str, tuple[bool, bool]] = {}

    def kind(self, venue: str) -> tuple[bool, bool]:
        """(serial for its paged forms, serial for all its forms)."""
        if venue not in self.known and PERIODICAL_WORDS.intersection(venue.split()):
            self.known[venue] = (True, True)
        if venue not in self.known:
            forms = self.forms[venue]
            words = [self.c["words"][i] for i in forms]
            person = _persons(words)
            paged = np.array([self.c["paged"][i] for i in forms], dtype=bool)
            years = np.array([self.c["yr"][i] for i in forms], dtype=np.int64)
            self.known[venue] = (
                len(set(person[paged])) >= 2 and len(set(years[paged])) >= 2,
                len(set(person[~paged])) >= 3 and len(set(years[~paged])) >= 3,
            )
        return self.known[venue]


def _persons(words: list[tuple[str, ...]]) -> np.ndarray:
    """A person number per name (names that :func:`same_person` joins, transitively)."""
    distinct = list(dict.fromkeys(words))
    parent = list(range(len(distinct)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in combinations(range(len(distinct)), 2):
        if same_person(distinct[i], distinct[j]):
            parent[find(j)] = find(i)
    number = {w: find(i) for i, w in enumerate(distinct)}
    return np.array([number[w] for w in words], dtype=np.int64)


def same_person(words_a: tuple[str, ...], words_b: tuple[str, ...]) -> bool:
    """Whether two first authors' name words (name key first, then the words of the
    name) can name one person."""
    if words_a[0] == words_b[0]:
        return True
    first_a = words_a[1] if len(words_a) > 1 else words_a[0]
    first_b = words_b[1] if len(words_b) > 1 else words_b[0]
    if first_a in words_b or first_b in words_a:
        return True
    return min(len(first_a), len(first_b)) >= 5 and Levenshtein.distance(first_a, first_b) <= 1


def _compare(m: Matcher, c: dict[str, list], serials: _Serials, i: int, j: int) -> None:
    a, b = c["row"][i], c["row"][j]
    same_year = c["yr"][i] == c["yr"][j]
    if not titles_agree(c["venue"][i], c["venue"][j], bool(same_year)):
        return
    if not same_person(c["words"][i], c["words"][j]) or not m.initials_agree(a, b):
        return
    if m.clusters.find(a) == m.clusters.find(b):
        return
    reason = _refusal(c, serials, i, j, bool(same_year))
    if reason:
        m.reject(a, b, "book", 0.0, reason)
    else:
        m.merge(a, b, "book", 0.95 if same_year else 0.92)


def _refusal(c: dict[str, list], serials: _Serials, i: int, j: int, same_year: bool) -> str:
    """Why two forms whose authors and titles agree are two works ("" if they are one)."""
    sa, sb = c["suffix"][i], c["suffix"][j]
    if sa and sb and sa != sb:
        return f"year letters differ: {sa} / {sb}"
    pa, pb = c["page"][i], c["page"][j]
    if pa and pb and pa != pb:
        return "different pages of a collection"
    together = bool(c["lists"][i] & c["lists"][j])
    if same_year:
        if together and not (c["paged"][i] and c["paged"][j]):
            return "one reference list gives both"
        return ""
    paged = c["paged"][i] or c["paged"][j]
    for venue in {c["venue"][i], c["venue"][j]}:
        by_pages, by_all = serials.kind(venue)
        if by_all or (by_pages and paged):
            return "other years of a serial"
    apart = abs(c["yr"][i] - c["yr"][j])
    if together and apart <= VOLUME_YEARS:
        return f"one reference list cites both years, {apart} apart: volumes or a serial"
    return ""


def _same_pages(m: Matcher, forms: dict[str, list], serials: _Serials) -> None:
    """Chapters cited at the same page of one source and year under two authors: one
    (not in a serial: page 2 of a newspaper is many articles)."""
    by_page: dict[tuple, list[int]] = defaultdict(list)
    for venue, yr, suffix, page, row in zip(
        *(forms[c] for c in ("venue", "yr", "suffix", "page", "row")), strict=True
    ):
        if page not in WEAK_PAGES:
            by_page[(venue, yr, suffix, page)].append(row)
    for (venue, *_), rows in sorted(by_page.items()):
        if len(rows) > 1 and not serials.kind(venue)[0]:
            for other in rows[1:]:
                m.merge(rows[0], other, "book", 0.9)


def _organisations(m: Matcher, forms: dict[str, list]) -> None:
    """One source and year without a page under two bodies, or a body and a one-word name
    (an acronym): one document (see the module docstring)."""
    by_source: dict[tuple, list[int]] = defaultdict(list)
    for i, (venue, yr, suffix, page) in enumerate(
        zip(*(forms[c] for c in ("venue", "yr", "suffix", "page")), strict=True)
    ):
        if not page and len(venue.split()) >= 2:
            by_source[(venue, yr, suffix)].append(i)
    for members in by_source.values():
        if len(members) < 2:
            continue
        kinds = [organisation_kind(m.authors[forms["row"][i]]) for i in members]
        for (i, kind_i), (j, kind_j) in combinations(zip(members, kinds, strict=True), 2):
            if "body" not in (kind_i, kind_j) or "" in (kind_i, kind_j):
                continue
            a, b = forms["row"][i], forms["row"][j]
            if m.clusters.find(a) == m.clusters.find(b):
                continue
            if forms["lists"][i] & forms["lists"][j]:
                m.reject(a, b, "book", 0.0, "one reference list gives both organisations")
            else:
                m.merge(a, b, "book", 0.9)
