"""Which references cite the same work: blocking, scored evidence, auditable decisions.

Evidence, strongest first: DOI (case-folded), ISBN, identical normalised record (``key``;
for a record without title such as a WoS cited reference: author, year, source, volume
and page, the page left out when the source is a book, whose page is a pinpoint), title +
first author + year (``title``, fuzzy within the author-year block), journal locator
(``locator``: author, year, volume, first page; a journal reference without title or
page joins the one work with its author, year, journal and volume), a title without
author within a year block, ``ibid``, short forms (``short-form``: surname + short title,
nearest earlier full note of the same paper first, else the only matching work of the
review; a title with a subtitle also matches one with the same main title and another
subtitle), and short author-year citations (``author-year``, when that pair names one
work of the review). Two different DOIs, two review papers, a differing volume, or
differing year letters (2003a/2003b) in one paper never merge; the letters give way only
when title, volume and first page are identical (one entry listed twice). Titles that
differ in a number (report years, parts), page 1 (an e-journal's article number), a title
of fewer than three significant words without an author ("Anonymous" is none) or against
a differing venue or first page, and a journal volume that one paper cites twice without
a page are not evidence. Every accepted or rejected candidate goes to the decisions table.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from itertools import compress
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from refnet.collector import collector_paused
from refnet.ids import normalize_isbn
from refnet.match.bulk import (
    bulk_doi_rows,
    cached,
    doi_keys,
    pair_codes,
    reference_keys,
    text_codes,
)
from refnet.match.clusters import Clusters
from refnet.match.frames import build, conform_fast, objects, ranks, stable_order, text_array
from refnet.match.names import initials_compatible, surnames
from refnet.match.normalize import (
    fold,
    is_abbreviation,
    name_key,
    title_key,
)
from refnet.match.works import WORK_INPUT, works_table
from refnet.model import (
    MATCH_COLUMNS,
    PAPER_COLUMNS,
    REFERENCE_COLUMNS,
    frame,
)

DECISION_COLUMNS: dict[str, str] = {
    "rule": "str",
    "score": "float64",
    "accepted": "bool",
    "reason": "str",
    "work_id": "str",
    "a_origin": "str",
    "a_raw": "str",
    "b_origin": "str",
    "b_raw": "str",
}

DEFAULTS: dict[str, Any] = {
    "title_similarity": 92,
    "accept_score": 0.9,
    "locator_title_similarity": 70,
    "long_title_words": 8,
    "author_year_unique": True,
}
PAPER_SOURCE = "review-paper"
#: Fields a review paper's pseudo reference takes from the papers table as they are.
_PAPER_FIELDS = ("origin", "title", "venue", "volume", "pages", "doi", "kind")


def _text(values: pd.Series) -> list[str]:
    return text_array(values).tolist()


def _prepare(
    refs: pd.DataFrame, papers: pd.DataFrame, keys: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """References plus one pseudo reference per review paper, with normalised keys
    (``keys``: those of the references' :func:`reference_keys` already known)."""
    table = conform_fast(refs, REFERENCE_COLUMNS)
    keys = reference_keys(table, keys)
    n = len(table)
    table["year_suffix"] = (
        objects(text_array(refs["year_suffix"])) if "year_suffix" in refs else objects([""] * n)
    )
    table["paper_id"] = objects([""] * n)
    papers = conform_fast(papers, PAPER_COLUMNS)
    if len(papers):
        n_papers = len(papers)
        authors = _text(papers["authors"])
        text = {
            "citing_id": [""] * n_papers,
            "source": [PAPER_SOURCE] * n_papers,
            "raw": [""] * n_papers,
            "authors": authors,
            "first_author": [s[0] if s else "" for s in map(surnames, authors)],
            **{c: _text(papers[c]) for c in _PAPER_FIELDS},
        }
        pseudo = pd.DataFrame(
            {
                **{name: objects(values) for name, values in text.items()},
                "position": np.zeros(n_papers, dtype=np.int64),
                "year": papers["year"].array,  # Int64, as conformed
            }
        )
        pseudo = conform_fast(pseudo, REFERENCE_COLUMNS)
        pseudo["year_suffix"] = objects([""] * len(pseudo))
        pseudo["paper_id"] = objects(_text(papers["paper_id"]))
        table = pd.concat([table, pseudo], ignore_index=True)
        paper_keys = reference_keys(pseudo)
        keys = {c: np.concatenate([v, paper_keys[c]]) for c, v in keys.items()}
    table["row"] = np.arange(len(table))
    columns = {
        "doi_key": keys["doi_key"],
        "isbn_key": _cached(lambda i: normalize_isbn(i) or "" if i else "", _text(table["isbn"])),
        "fa": keys["fa"],
        "tkey": _title_keys(table, keys["title_key"].tolist()),
        "vol": keys["vol"],
        "fp": keys["fp"],
    }
    for name, values in columns.items():
        table[name] = objects(values)
    table["yr"] = table["year"].fillna(0).astype("int64")
    return table


_ET_AL = re.compile(r"et al\.?$")
_NAME_END = re.compile(r"(?:et al\.?)?$")
_SURNAME = re.compile(r"[A-Z][\w’'-]+,?\s")
_CAPITAL = re.compile(r"[A-Z]")
_DOT = re.compile(r"\.")
_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s*")
_JOINER = re.compile(r"[,;&]")


def _initials_ends(text: str, start: int) -> set[int]:
    r"""Where ``(?:[A-Z]\.?\s?){1,3}`` can end when it starts at ``start``."""
    ends: set[int] = set()
    level = {start}
    for _ in range(3):
        after = set()
        for p in level:
            if not _CAPITAL.match(text, p):
                continue
            for q in (p + 1, p + 2) if _DOT.match(text, p + 1) else (p + 1,):
                after.add(q)
                if _SPACE.match(text, q):
                    after.add(q + 1)
        ends |= after
        level = after
    return ends


def _is_name_list(text: str) -> bool:
    r"""True when ``text`` is a list of names (``Smith J., Jones A.B. et al.``).

    The strings that ``^(?:et al\.?|(?:[A-Z][\w’'-]+,?\s(?:[A-Z]\.?\s?){1,3}[,;&]?\s*)+
    (?:et al\.?)?)$`` matches. That regex backtracks exponentially on long upper-case
    titles; here each name's start position is read once (a surname's extent is fixed,
    only where its initials end varies).
    """
    if _ET_AL.match(text):
        return True
    if not _LAST_INITIALS.fullmatch(_last_word(text)):
        return False  # the last word of a list of names is initials or "al."
    todo, seen = [0], {0}
    while todo:
        surname = _SURNAME.match(text, todo.pop())
        if not surname:
            continue
        for end in _initials_ends(text, surname.end()):
            joined = (end, end + 1) if _JOINER.match(text, end) else (end,)
            for p in joined:
                nxt = _SPACES.match(text, p).end()
                if _NAME_END.match(text, nxt):
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return False


_LAST_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}|al\.?")


def _last_word(text: str) -> str:
    """The last word of ``text`` once a trailing ``,``, ``;`` or ``&`` is dropped."""
    text = text.rstrip()
    words = (text[:-1] if text.endswith((",", ";", "&")) else text).split()
    return words[-1] if words else ""


def _title_keys(table: pd.DataFrame, keys: list[str]) -> list[str]:
    """Title ``keys``, emptied where the "title" is a misparse: a list of names, "et al.",
    the journal itself (``ACS Nano 8``), or the year (``TAMIR T, 1982, LATERAL WAVE,
    pCH13``)."""
    titles = _text(table["title"])
    titled = [i for i, key in enumerate(keys) if key]  # venues matter only beside a title
    if not titled:
        return keys
    names = _cached(lambda t: _is_name_list(t.strip(" .,")), [titles[i] for i in titled])
    venues = _cached(title_key, _text(table["venue"].iloc[titled]))
    years = table["year"].iloc[titled].astype("string").fillna("").tolist()
    for i, name_list, venue, year in zip(titled, names, venues, years, strict=True):
        key = keys[i]
        if name_list or (venue and _TRAILING_NUMBER.sub("", key) == venue) or key == year:
            keys[i] = ""
    return keys


_TRAILING_NUMBER = re.compile(r"\s*\d+$")


def _cached(function, values: list[str]) -> list[str]:
    """``function`` over ``values``, computed once per distinct value."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    mapped = np.array([function(v) for v in uniques], dtype=object)
    return mapped[codes].tolist() if len(values) else []


#: First pages that do not locate an article: e-journals deposit "1" for every article
#: number, and journals paginated by issue start every issue at page 1.
_WEAK_PAGES = frozenset({"", "1"})
_ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())


def _numbers(title_key: str) -> frozenset[str]:
    """Numbers and roman numerals of a title key (editions, parts, report years)."""
    return frozenset(w for w in title_key.split() if w.isdigit() or w in _ROMAN)


class _Matcher:
    def __init__(self, table: pd.DataFrame, settings: dict[str, Any]) -> None:
        self.t = table
        self.s = {**DEFAULTS, **{k: v for k, v in settings.items() if v is not None}}
        self.c = Clusters(len(table))
        self.decisions: list[tuple[int, int, str, float, bool, str]] = []
        self.bulk: tuple[np.ndarray, np.ndarray] = (np.array([], int), np.array([], int))
        self.checked = False  # DOI merges one by one, against the tags (overrides)
        self.rule = [""] * len(table)
        self.score = [np.nan] * len(table)
        cols = ["fa", "tkey", "vol", "fp", "yr", "year_suffix", "kind", "doi_key", "citing_id"]
        cols.append("source")
        self.f = {c: table[c].tolist() for c in cols}
        self.authors = _text(table["authors"])
        self.venues = _text(table["venue"])
        self.titles = _text(table["title"])
        self._venue_keys: dict[str, str] = {}

    def surname_keys(self, row: int) -> set[str]:
        """Keys of the surnames of a row's authors."""
        return {name_key(s) for s in surnames(self.authors[row])}

    def initials_agree(self, a: int, b: int) -> bool:
        """The first authors' initials have one in common, or one of them gives none."""
        return initials_compatible(self.authors[a], self.authors[b])

    def one_list(self, a: int, b: int) -> bool:
        """Two entries of one paper's reference list from a database or an export, where
        each entry is a work of its own (notes and full-text citations may repeat one)."""
        source = self.f["source"][a]
        return (
            source not in _REPEATING_SOURCES
            and source == self.f["source"][b]
            and self.f["citing_id"][a] == self.f["citing_id"][b]
        )

    # -- bookkeeping --------------------------------------------------------
    def merge(self, a: int, b: int, rule: str, score: float, record: bool = True) -> bool:
        ra, rb = self.c.find(a), self.c.find(b)
        if ra == rb:
            return True
        conflict = self.c.conflict(ra, rb)
        accepted = not conflict and score >= self.s["accept_score"]
        reason = conflict or (
            "" if accepted else f"score below accept_score {self.s['accept_score']}"
        )
        if accepted:
            self.c.link(ra, rb)
            for x in (a, b):
                if not self.rule[x]:
                    self.rule[x], self.score[x] = rule, score
        if record or not accepted:
            self.decisions.append((a, b, rule, score, accepted, reason))
        return accepted

    def reject(self, a: int, b: int, rule: str, score: float, reason: str) -> None:
        self.decisions.append((a, b, rule, score, False, reason))

    # -- rules ---------------------------------------------------------------
    def by_exact(self, keys: list[str] | np.ndarray, rule: str, rows: np.ndarray) -> None:
        """Merge ``rows`` sharing a non-empty key (``keys``: theirs, in the same order)."""
        keys = np.asarray(keys, dtype=object)
        given = keys != ""
        if not given.any():
            return
        codes = ranks(keys[given])
        index = np.asarray(rows, dtype=np.int64)[given]
        order = np.argsort(codes, kind="stable")
        codes, index = codes[order], index[order]
        first = np.r_[True, codes[1:] != codes[:-1]]
        anchors = np.maximum.accumulate(np.where(first, np.arange(len(codes)), 0))
        for i in np.flatnonzero(~first):
            self.merge(int(index[anchors[i]]), int(index[i]), rule, 1.0)

    def by_doi(self) -> None:
        """DOI groups in bulk: each reference points at its group's first row."""
        keys = self.t["doi_key"]
        keys = keys[keys != ""]
        if keys.empty:
            return
        index = keys.index.to_numpy()  # checked one by one when overrides may veto a merge
        codes, _ = pd.factorize(keys, sort=False)
        anchor = pd.Series(index).groupby(codes).transform("min").to_numpy()
        if self.checked or any(self.c.find(int(i)) != int(i) for i in index):
            for a, b in zip(anchor, index, strict=True):
                if a != b:
                    self.merge(int(a), int(b), "doi", 1.0)
            return
        parent = np.asarray(self.c.parent)
        moved = index[anchor != index]
        parent[moved] = anchor[anchor != index]
        self.c.parent = parent.tolist()
        tags = self.c.tags
        for b in moved.tolist():
            tags.pop(b, None)
        rule = np.asarray(self.rule, dtype=object)
        score = np.asarray(self.score, dtype=float)
        touched = np.concatenate([moved, np.unique(anchor[anchor != index])])
        rule[touched], score[touched] = "doi", 1.0
        self.rule, self.score = rule.tolist(), score.tolist()
        self.bulk = (anchor[anchor != index], moved)

    def title_similarity(self, a: int, b: int) -> float:
        ta, tb = self.f["tkey"][a], self.f["tkey"][b]
        if not ta or not tb:
            return 0.0
        if ta == tb:
            return 100.0
        sim = fuzz.token_sort_ratio(ta, tb)
        short, long_ = sorted((ta, tb), key=len)
        joined_short, joined_long = short.replace(" ", ""), long_.replace(" ", "")
        if len(short.split()) >= 2 and (
            long_.startswith(short + " ")
            or (joined_long.startswith(joined_short) and len(joined_short) >= 12)
        ):
            sim = max(sim, 93.0)  # a truncated title or one without its subtitle
        abbreviation = max(is_abbreviation(ta, tb), is_abbreviation(tb, ta))
        if abbreviation:
            sim = max(sim, 90.0 + 10.0 * abbreviation)
        na, nb = _numbers(ta), _numbers(tb)
        if na and nb and na != nb:  # "Report 2016" / "Report 2017", "Part I" / "Part II"
            sim = min(sim, 80.0)
        return float(sim)

    def compare(self, a: int, b: int) -> None:
        f = self.f
        if abs(f["yr"][a] - f["yr"][b]) > 1:
            return
        sa, sb = f["year_suffix"][a], f["year_suffix"][b]
        if sa and sb and sa != sb and f["citing_id"][a] == f["citing_id"][b]:
            self.reject(a, b, "title", 0.0, f"year letters differ: {sa} / {sb}")
            return
        if f["vol"][a] and f["vol"][b] and f["vol"][a] != f["vol"][b]:
            if self.title_similarity(a, b) >= 70:
                self.reject(a, b, "title", 0.0, "volumes differ")
            return
        sim = self.title_similarity(a, b)
        both_authors = bool(f["fa"][a] and f["fa"][b])
        if sim >= self.s["title_similarity"] and _is_short(f["tkey"][a], f["tkey"][b]):
            reason = self.short_title_conflict(a, b, both_authors)
            if reason:
                self.reject(a, b, "title", sim / 100, reason)
                return
        if sim >= self.s["title_similarity"]:
            bonus = 0.02 if f["vol"][a] and f["vol"][a] == f["vol"][b] else 0.0
            score = min(1.0, sim / 100 + bonus) if f["fa"][a] and f["fa"][b] else sim / 100 - 0.02
            self.merge(a, b, "title", score)
        elif (
            f["vol"][a]
            and f["fp"][a] not in _WEAK_PAGES
            and f["vol"][a] == f["vol"][b]
            and f["fp"][a] == f["fp"][b]
        ):
            if (
                f["fa"][a]
                and f["fa"][a] == f["fa"][b]
                and (not sim or sim >= self.s["locator_title_similarity"])
            ):
                self.merge(a, b, "locator", 0.95)
            elif sim:
                self.reject(a, b, "locator", sim / 100, "same volume and page, titles differ")
        elif sim >= 70:
            self.reject(a, b, "title", sim / 100, "titles differ")

    def short_title_conflict(self, a: int, b: int, both_authors: bool) -> str:
        """Why a short title ("Introduction", "Annual report", "Nature") cannot join two
        references ("" if it can): it needs an author on both sides, and the venues and
        first pages given on both sides must agree."""
        f = self.f
        if not both_authors or f["fa"][a] in _NOBODY or f["fa"][b] in _NOBODY:
            return "short title without author"
        pa, pb = f["fp"][a], f["fp"][b]
        if pa not in _WEAK_PAGES and pb not in _WEAK_PAGES and pa != pb:
            return "short title, first pages differ"
        located = f["vol"][a] and f["vol"][a] == f["vol"][b] and pa and pa == pb
        if not located and self.venue_key(a) and self.venue_key(b) and not self.same_venue(a, b):
            return "short title, venues differ"
        return ""

    def compare_authors_differ(self, a: int, b: int) -> None:
        """Same title and year, first authors spelt differently (``Cousins``/``Cousin``) or
        a given name taken for the surname: merge only on a near-identical long title with
        a near-identical surname or the same volume and first page, or on an identical
        title of ``long_title_words`` or more significant words in the same journal volume."""
        f = self.f
        if f["yr"][a] != f["yr"][b] or len(f["tkey"][a].split()) < 4:
            return
        if f["vol"][a] and f["vol"][b] and f["vol"][a] != f["vol"][b]:
            return
        if self.title_similarity(a, b) < 97:
            return
        fa, fb = f["fa"][a], f["fa"][b]
        close = min(len(fa), len(fb)) >= 5 and Levenshtein.distance(fa, fb) <= 1
        locator = (
            f["vol"][a]
            and f["fp"][a]
            and (f["vol"][a], f["fp"][a])
            == (
                f["vol"][b],
                f["fp"][b],
            )
        )
        same_volume = (
            f["vol"][a]
            and f["vol"][a] == f["vol"][b]
            and f["tkey"][a] == f["tkey"][b]
            and len(f["tkey"][a].split()) >= self.s["long_title_words"]
            and self.same_venue(a, b)
        )
        if close or locator or same_volume:
            self.merge(a, b, "title", 0.9)
        else:
            self.reject(a, b, "title", 0.0, f"first authors differ: {fa} / {fb}")

    def venue_key(self, row: int) -> str:
        """:func:`title_key` of a row's venue, computed once per distinct venue."""
        venue = self.venues[row]
        key = self._venue_keys.get(venue)
        if key is None:
            key = self._venue_keys[venue] = title_key(venue)
        return key

    def same_venue(self, a: int, b: int) -> bool:
        """Both venues given and equal, or one abbreviates the other."""
        va, vb = self.venue_key(a), self.venue_key(b)
        return bool(va and vb) and (
            va == vb or max(is_abbreviation(va, vb), is_abbreviation(vb, va)) == 1.0
        )

    def _open_blocks(self, full: np.ndarray) -> list[tuple[tuple, list[int], list[int]]]:
        """(key, rows, rows without DOI) of the blocks of ``full`` with two rows or more and
        one without DOI at least, in the order of their keys as text."""
        f = self.f
        rows = np.asarray(full, dtype=np.int64)
        fa, tk, vol, fp, doi = (
            np.asarray(f[c], dtype=object)[rows] for c in ("fa", "tkey", "vol", "fp", "doi_key")
        )
        yr = np.asarray(f["yr"], dtype=np.int64)[rows]
        year = np.where(yr != 0, pd.factorize(yr)[0], -1)
        start = np.where(
            tk != "", pd.factorize(np.array(_cached(_first_two_words, tk), dtype=object))[0], -1
        )
        fa_code = text_codes(fa)
        locator = pair_codes(pair_codes(fa_code, text_codes(vol)), text_codes(fp))
        is_open = doi == ""
        found = []
        for kind, codes in enumerate((pair_codes(fa_code, year), pair_codes(year, start), locator)):
            for members in _open_groups(codes, is_open):
                block = rows[members].tolist()
                opened = is_open[members].tolist()
                key = self._block_key(kind, block[0])
                found.append((key, block, list(compress(block, opened))))
        return sorted(found, key=lambda block: str(block[0]))

    def _block_key(self, kind: int, row: int) -> tuple:
        """The key of the block of ``kind`` (0: first author + year, 1: year + title start,
        2: first author + volume + first page) that holds ``row``."""
        f = self.f
        if kind == 0:
            return (f["fa"][row], f["yr"][row])
        if kind == 1:
            return ("", f["yr"][row], *f["tkey"][row].split()[:2])
        return ("loc", f["fa"][row], f["vol"][row], f["fp"][row])

    def fuzzy_blocks(self, full: np.ndarray) -> None:
        """Title/locator evidence within (first author, year) and (year, title start) blocks."""
        columns = tuple(self.f[c] for c in ("fa", "tkey", "year_suffix", "citing_id", "vol"))
        for key, rows, open_rows in self._open_blocks(full):
            self._compare_block(rows, open_rows, key[0] == "", columns)

    def _compare_block(
        self, rows: list[int], open_rows: list[int], titled_only: bool, columns: tuple[list, ...]
    ) -> None:
        """Compare each open row of a block with the other rows, each pair once; a pair
        like one already compared (same titles, authors, letters) only with a volume.
        ``columns``: fa, tkey, year_suffix, citing_id and vol of every row."""
        fa, tkey, suffix, citing, vol = columns
        find = self.c.find
        seen: set[tuple] = set()
        opened = set(open_rows)
        for a in open_rows:
            root = find(a)  # found again after each comparison, which may merge
            for b in rows:
                if b == a or (b in opened and b < a):
                    continue
                if titled_only and fa[a] and fa[b]:
                    if fa[a] != fa[b]:
                        self.compare_authors_differ(a, b)
                        root = find(a)
                    continue
                if root == find(b):
                    continue
                sig = (tkey[a], tkey[b], fa[a], fa[b], suffix[a], suffix[b], citing[a] == citing[b])
                if sig in seen and not vol[a]:
                    continue
                seen.add(sig)
                self.compare(a, b)
                root = find(a)

    def ibid(self, rows: list[int]) -> None:
        """``ibid.`` is the previous reference of the same paper and source."""
        kinds = self.f["kind"]
        if "ibid" not in set(kinds):
            return
        citing, source = self.t["citing_id"].tolist(), self.t["source"].tolist()
        previous: dict[tuple[str, str], int] = {}
        for row in rows:
            key = (citing[row], source[row])
            if self.f["kind"][row] == "ibid":
                if key in previous:
                    self.merge(previous[key], row, "ibid", 1.0)
                else:
                    self.reject(row, row, "ibid", 0.0, "no earlier reference in this paper")
            previous[key] = previous.get(key, row) if self.f["kind"][row] == "ibid" else row

    def short_forms(self, short_rows: list[int], full_rows: list[int]) -> None:
        """Short notes: the nearest earlier full note of the paper, else the review's only match."""
        by_author: dict[str, list[int]] = defaultdict(list)
        for row in full_rows:
            if self.f["fa"][row] and self.f["tkey"][row]:
                by_author[self.f["fa"][row]].append(row)
        position = self.t["position"].tolist()
        for row in short_rows:
            fa, tk = self.f["fa"][row], self.f["tkey"][row]
            if not fa or not tk:
                continue
            scored = []
            for cand in by_author.get(fa, []):
                sim = self._short_similarity(tk, self.f["tkey"][cand])
                if sim < self.s["title_similarity"] and self.same_main_title(row, cand):
                    sim = self.s["title_similarity"]
                if sim >= self.s["title_similarity"]:
                    scored.append((sim, cand))
            same_paper = [
                (position[c], s, c)
                for s, c in scored
                if self.f["citing_id"][c] == self.f["citing_id"][row]
                and position[c] < position[row]
            ]
            if same_paper:
                _, sim, cand = max(same_paper)
                self.merge(cand, row, "short-form", sim / 100)
                continue
            roots = sorted({self.c.find(c) for _, c in scored})
            if len(roots) == 1:
                best = max(scored)[1]
                self.merge(best, row, "short-form", max(scored)[0] / 100)
            elif len(roots) > 1:
                cand = min(c for _, c in scored)
                self.reject(cand, row, "short-form", 0.0, f"ambiguous: {len(roots)} works match")

    def same_main_title(self, a: int, b: int) -> bool:
        """Both titles have a subtitle and the same main title of two significant words or
        more: one work whose subtitle is quoted differently (Mearsheimer's "Back to the
        Future: Instability in Europe after the Cold War", also cited as "Back to the
        Future: Europe after the Cold War")."""
        ma, mb = self.main_title_key(a), self.main_title_key(b)
        return bool(ma) and ma == mb and len(ma.split()) >= 2

    def main_title_key(self, row: int) -> str:
        """:func:`title_key` of the part of a row's title before its colon ("" without one)."""
        title = self.titles[row]
        main, colon, _ = title.partition(":")
        return title_key(main) if colon and self.f["tkey"][row] else ""

    @staticmethod
    def _short_similarity(short: str, full: str) -> float:
        if short == full:
            return 100.0
        if full.startswith(short + " ") or full.startswith(short):
            return 95.0 if len(short.split()) >= 2 or len(short) >= 8 else 90.0
        return float(fuzz.token_sort_ratio(short, full))

    def authorless_locators(self, rows: np.ndarray) -> None:
        """A reference without author, such as a note cut at a page break (``Strategy,”
        International Security 22, no. 1 (Summer 1997), 86-124``), and the one authored
        reference with its journal, volume, first page and year: one article. Its title,
        if any, must be part of the other's."""
        f = self.f
        fa, vol, fp = (np.asarray(f[c], dtype=object)[rows] for c in ("fa", "vol", "fp"))
        venue = np.asarray(self.venues, dtype=object)[rows]
        located = (vol != "") & (fp != "") & (venue != "")
        lone = rows[located & (fa == "")].tolist()
        if not lone:
            return
        venue_key = self.venue_key
        wanted = {(f["vol"][row], f["fp"][row]) for row in lone}
        index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for row in rows[located & (fa != "")].tolist():
            if (f["vol"][row], f["fp"][row]) in wanted:  # the venue key only where needed
                index[(venue_key(row), f["vol"][row], f["fp"][row])].append(row)
        for row in lone:
            yr, tk = f["yr"][row], f["tkey"][row]
            cands = [
                c
                for c in index.get((venue_key(row), f["vol"][row], f["fp"][row]), [])
                if (not yr or not f["yr"][c] or yr == f["yr"][c]) and tk in f["tkey"][c]
            ]
            self.locate(row, cands)

    def locate(self, row: int, cands: list[int]) -> None:
        """Join ``row`` to the one work its locator candidates ``cands`` belong to; with
        two works or more, record it as ambiguous."""
        roots = {self.c.find(c) for c in cands}
        if len(roots) == 1:
            self.merge(min(cands), row, "locator", 0.9)
        elif len(roots) > 1:
            self.reject(min(cands), row, "locator", 0.0, f"ambiguous: {len(roots)} works")

    def pageless_locators(self, rows: np.ndarray) -> None:
        """A journal reference without title or page (``Kosevich A.M., Phys. Rep., 194,
        (1990)``) and the one work of the review by that first author, year, journal and
        volume that gives a title or a page (other than 1): one article. Two such works
        make it ambiguous."""
        f = self.f
        fa, vol, fp, tk = (
            np.asarray(f[c], dtype=object)[rows] for c in ("fa", "vol", "fp", "tkey")
        )
        yr = np.asarray(f["yr"])[rows]
        venue = np.asarray(self.venues, dtype=object)[rows]
        located = (fa != "") & (yr != 0) & (vol != "") & (venue != "")
        bare = located & (fp == "") & (tk == "")
        if not bare.any():
            return
        fuller = located & ((tk != "") | ~np.isin(fp, list(_WEAK_PAGES)))  # page 1 is none
        wanted = {(f["fa"][r], f["yr"][r], f["vol"][r]) for r in rows[bare].tolist()}
        index: dict[tuple[str, int, str], list[int]] = defaultdict(list)
        for row in rows[fuller].tolist():
            key = (f["fa"][row], f["yr"][row], f["vol"][row])
            if key in wanted:
                index[key].append(row)
        for row in rows[bare].tolist():
            cands = [
                c
                for c in index.get((f["fa"][row], f["yr"][row], f["vol"][row]), [])
                if self.same_venue(c, row)
                and self.initials_agree(c, row)
                and not self.one_list(c, row)
            ]
            self.locate(row, cands)

    def author_year(self, cite_rows: list[int], full_rows: list[int]) -> None:
        """``Walt 2005``: the one work of the review by that author and year, if unique."""
        fas, yrs = self.f["fa"], self.f["yr"]
        wanted = {(fas[row], yrs[row]) for row in cite_rows}
        index: dict[tuple[str, int], list[int]] = defaultdict(list)
        for row in full_rows:
            key = (fas[row], yrs[row])
            if key in wanted and key[0] and key[1]:
                index[key].append(row)
        alone: dict[tuple, list[int]] = defaultdict(list)
        for row in cite_rows:
            fa, yr, suffix = self.f["fa"][row], self.f["yr"][row], self.f["year_suffix"][row]
            if not fa or not yr:
                continue
            cited = self.surname_keys(row)
            cands = [
                c
                for c in index.get((fa, yr), [])
                if cited <= (self.surname_keys(c) | {fa})
                and self.initials_agree(c, row)
                and not self.one_list(c, row)
                and (
                    self.f["year_suffix"][c] == suffix
                    or (not suffix and not self.f["year_suffix"][c])
                )
            ]
            roots = sorted({self.c.find(c) for c in cands})
            if len(roots) == 1 and self.s["author_year_unique"]:
                self.merge(min(cands), row, "author-year", 0.9)
            elif len(roots) > 1:
                self.reject(min(cands), row, "author-year", 0.0, f"ambiguous: {len(roots)} works")
            elif not roots:
                alone[(tuple(sorted(cited)), yr, suffix)].append(row)
        for rows in alone.values():
            for other in rows[1:]:
                self.merge(rows[0], other, "author-year", 0.8)


#: First-author keys that name nobody: "Anonymous" is no evidence beside a short title.
_NOBODY = frozenset({"anonymous", "anon", "anonym", "anonyme", "anonimo"})


def _is_short(*title_keys: str) -> bool:
    """A title of fewer than three significant words, too common to name a work alone."""
    return min(len(key.split()) for key in title_keys) < 3


def _first_two_words(title_key: str) -> str:
    """The first two words of a title key, which a (year, title start) block shares."""
    return " ".join(title_key.split()[:2])


def _open_groups(codes: np.ndarray, is_open: np.ndarray) -> list[np.ndarray]:
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


#: Sources whose lists may cite one work in several entries (notes, in-text citations).
_REPEATING_SOURCES = frozenset({"bibliography", "fulltext"})

#: Sources that name no work (WoS writes them in the source field of a cited reference).
_PLACEHOLDER_SOURCES = frozenset({"unpub", "in press", "pers comm", "personal communication",
    "private communication", "unpublished", "submitted", "forthcoming"})  # fmt: skip


def _duplicate_letters_joined(table: pd.DataFrame) -> pd.Series:
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


def _source_signatures(
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
    weak_page = np.isin(t["fp"], list(_WEAK_PAGES))
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


def _near_rows(table: pd.DataFrame, full: np.ndarray) -> np.ndarray:
    """Rows that string evidence can concern: those without a DOI, and those with a DOI
    that share a block (first author + year, or first author + volume + first page) with
    one without. References that all carry DOIs never reach pairwise comparison."""
    column = {c: table[c].to_numpy(dtype=object)[full] for c in ("doi_key", "fa", "vol", "fp")}
    open_ = column["doi_key"] == ""
    if open_.all() or not open_.any():
        return full if open_.any() else full[:0]
    fa, vol, fp = (pd.factorize(column[c])[0] for c in ("fa", "vol", "fp"))  # "" counts too
    yr = pd.factorize(table["yr"].to_numpy()[full])[0]
    words = _cached(lambda tk: tk.split(" ", 1)[0], table["tkey"].to_numpy(dtype=object)[full])
    keep = open_.copy()
    for keys in (
        pair_codes(fa, yr),
        pair_codes(pair_codes(fa, vol), fp),
        pair_codes(yr, pd.factorize(np.asarray(words, dtype=object))[0]),
    ):
        keep |= np.isin(keys, keys[open_])
    return full[keep]


def match_references(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: dict[str, Any],
    overrides: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give every reference a ``work_id``; return (refs + MATCH_COLUMNS, works, decisions).

    References that their DOI alone identifies (:mod:`refnet.match.bulk`) are matched in
    bulk and their DOI merges are not listed one by one in the decisions table.
    """
    with collector_paused():
        refs = refs.reset_index(drop=True)
        if overrides is not None and not overrides.empty:
            out, work_input, decisions = _match_all(refs, papers, settings, overrides)
            return _sorted(out), works_table(work_input), decisions
        keys = {"doi_key": doi_keys(refs["doi"])}
        bulk = bulk_doi_rows(refs, papers, keys)
        open_keys = {c: v[~bulk] for c, v in keys.items()}
        out, work_input, decisions = _match_all(refs[~bulk], papers, settings, None, open_keys)
        if bulk.any():
            out, work_input = _with_bulk(refs[bulk], keys["doi_key"][bulk], out, work_input)
        return _sorted(out), works_table(work_input), decisions


def _with_bulk(
    refs: pd.DataFrame, keys: np.ndarray, out: pd.DataFrame, work_input: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the references identified by DOI alone to the matched and works tables.

    ``out`` holds the other references in the order of the first rows of ``work_input``.
    """
    matched = _with_extras(conform_fast(refs, REFERENCE_COLUMNS), refs)
    matched["work_id"] = objects("doi:" + keys)  # str + each str of the object array
    others = work_input["doi_key"].to_numpy(dtype=object)
    codes = pd.factorize(np.concatenate([keys, others[others != ""]]))[0]
    together = np.bincount(codes)[codes[: len(keys)]] > 1
    matched["match_rule"] = objects(
        np.array(["single", "doi"], dtype=object)[together.astype(np.intp)]
    )
    matched["match_score"] = np.where(together, 1.0, np.nan)
    # the other references with a DOI count themselves among its references: rule "doi"
    rows = np.flatnonzero(others[: len(out)] != "")
    out.loc[rows, "match_rule"] = "doi"
    out.loc[rows, "match_score"] = 1.0
    bulk_input = matched.assign(doi_key=objects(keys), paper_id=objects([""] * len(keys)))
    bulk_input = bulk_input.assign(is_ref=True)[list(WORK_INPUT)]
    work_input = pd.concat([work_input[list(WORK_INPUT)], bulk_input], ignore_index=True)
    return pd.concat([out, matched], ignore_index=True), work_input


def _with_extras(out: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """``out`` plus the columns of ``refs`` that are neither reference nor match columns."""
    for extra in refs.columns:
        if extra not in out.columns and extra not in MATCH_COLUMNS:
            values = refs[extra].to_numpy()
            out[extra] = objects(values) if values.dtype == object else values
    return out


def _sorted(out: pd.DataFrame) -> pd.DataFrame:
    """Rows in (citing_id, source, position, origin) order."""
    columns = ("citing_id", "source", "position", "origin")
    order = stable_order([out[c].to_numpy() for c in columns])
    return out.take(order).reset_index(drop=True)


def _match_all(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: dict[str, Any],
    overrides: pd.DataFrame | None,
    keys: dict[str, np.ndarray] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every evidence rule over ``refs``; returns (matched refs, works input, decisions).
    ``keys``: the references' :func:`reference_keys`, when already computed."""
    refs = refs.reset_index(drop=True)
    table = _prepare(refs, papers, keys)
    rows = stable_order(
        [table[c].to_numpy() for c in ("citing_id", "source", "position", "origin", "raw")]
    )
    m = _Matcher(table, settings)
    dois = table["doi_key"]
    with_doi = dois[dois != ""]
    if overrides is None or overrides.empty:  # the bulk DOI merge keeps only the first's tag
        with_doi = with_doi[~with_doi.duplicated()]
    m.c.tags = {int(r): {"doi": d} for r, d in zip(with_doi.index, with_doi, strict=True)}
    paper_ids = table["paper_id"].to_numpy(dtype=object)
    for row in np.flatnonzero(paper_ids != "").tolist():
        m.c.tag(row, "paper", paper_ids[row])
    named = _apply_overrides(m, table, overrides, papers)
    m.checked = named > 0
    table["year_suffix"] = _duplicate_letters_joined(table)
    m.f["year_suffix"] = table["year_suffix"].tolist()
    lettered = table[table["year_suffix"] != ""]
    for row, citing, fa, yr, letter in zip(
        lettered["row"],
        lettered["citing_id"],
        lettered["fa"],
        lettered["yr"],
        lettered["year_suffix"],
        strict=True,
    ):  # 2003a and 2003b of one paper are two works, whatever joins them later
        m.c.tag(int(row), f"year letter in {citing}: {fa} {yr}", letter)
    kinds = table["kind"]
    special = kinds.isin(["ibid", "short", "citation"]).to_numpy()
    full = rows[~special[rows]]
    m.by_doi()
    m.by_exact(table["isbn_key"].to_numpy()[full], "isbn", full)
    near = _near_rows(table, full)
    m.by_exact(_record_keys(m.f, near, m.venue_key), "key", near)
    source_keys, apart = _source_signatures(table, near)
    for a, b in apart:
        m.reject(a, b, "key", 0.0, "one paper cites this volume twice without a page")
    m.by_exact(source_keys, "key", near)
    m.fuzzy_blocks(near)
    m.authorless_locators(full)
    m.pageless_locators(full)
    m.ibid(rows.tolist())
    kind_of = kinds.to_numpy(dtype=object)[rows]
    shorts = rows[kind_of == "short"].tolist()
    m.short_forms(shorts, full.tolist())
    m.by_exact(_short_keys(m.f, shorts), "short-form", np.array(shorts, dtype=np.int64))
    cites = rows[kind_of == "citation"].tolist()
    m.author_year(cites, full.tolist())
    return _outputs(m, table, refs, named)


def _record_keys(
    f: dict[str, list], rows: np.ndarray, venue_key: Callable[[int], str]
) -> list[str]:
    """Keys of ``rows`` as records: first author, year and letter, title key, volume and
    first page, and for a short title its venue ("" without first author, year or title)."""
    fa, yr, sx, tk, vol, fp = (f[c] for c in ("fa", "yr", "year_suffix", "tkey", "vol", "fp"))
    return [
        f"{fa[r]}|{yr[r]}{sx[r]}|{tk[r]}|{vol[r]}|{fp[r]}"
        + (f"|{venue_key(r)}" if _is_short(tk[r]) else "")
        if fa[r] and yr[r] and tk[r]
        else ""
        for r in rows.tolist()
    ]


def _short_keys(f: dict[str, list], rows: list[int]) -> list[str]:
    """Keys of short forms: first author and title key ("" without either)."""
    fa, tk = f["fa"], f["tkey"]
    return [f"{fa[r]}|{tk[r]}" if fa[r] and tk[r] else "" for r in rows]


def _apply_overrides(
    m: _Matcher, table: pd.DataFrame, overrides: pd.DataFrame | None, papers
) -> int:
    if overrides is None or overrides.empty:
        return 0
    lookup: dict[str, list[int]] = defaultdict(list)
    for row, origin, raw in zip(table["row"], table["origin"], table["raw"], strict=True):
        lookup[origin].append(int(row))
        lookup[" ".join(str(raw).split())].append(int(row))
    unresolved = [v for v in pd.concat([overrides["a"], overrides["b"]]) if v not in lookup]
    if unresolved:  # work ids of a run without the overrides
        plain, _, _ = match_references(
            table[table["source"] != PAPER_SOURCE].drop(columns=["row"]), papers, m.s
        )
        for row, wid in enumerate(plain["work_id"]):
            lookup[wid].append(row)
    for i, o in enumerate(overrides.itertuples(index=False)):
        a_rows, b_rows = lookup.get(o.a, []), lookup.get(o.b, [])
        if o.action == "different":
            for r in a_rows:
                m.c.tag(r, f"override{i}", "a")
            for r in b_rows:
                m.c.tag(r, f"override{i}", "b")
    for o in overrides.itertuples(index=False):
        if o.action == "same":
            for a in lookup.get(o.a, [])[:1]:
                for b in lookup.get(o.a, [])[1:] + lookup.get(o.b, []):
                    m.merge(a, b, "override", 1.0)
    return len(overrides)


def _size_and_content(table: pd.DataFrame, roots: np.ndarray, root: int) -> tuple[int, str]:
    """Order of the parts of a split DOI group: more references first, then by content."""
    rows = np.flatnonzero(roots == root)
    raw, origin = table["raw"].to_numpy(dtype=object), table["origin"].to_numpy(dtype=object)
    content = "\n".join(sorted(f"{raw[r]}{origin[r]}" for r in rows.tolist()))
    return -len(rows), content


def _work_ids(m: _Matcher, table: pd.DataFrame, roots: np.ndarray) -> dict[int, str]:
    """Content-derived ids: ``doi:…``, ``isbn:…`` or ``surnameYEAR-title-words-hash``."""
    ids: dict[int, str] = {}
    tags = m.c.tags
    by_doi: dict[str, list[int]] = defaultdict(list)
    for root in sorted(tags):  # tags are kept on roots
        doi = tags[root].get("doi", "")
        if doi and roots[root] == root:
            by_doi[doi].append(root)
    for doi, split in by_doi.items():
        if len(split) > 1:  # an override parted a DOI's references: the largest part keeps it
            split = sorted(split, key=lambda r: _size_and_content(table, roots, r))
        ids[split[0]] = f"doi:{doi}"
    open_rows = np.flatnonzero(~np.isin(roots, np.fromiter(ids, dtype=np.int64, count=len(ids))))
    if not len(open_rows):
        return ids
    # rows of each work together, in row order within it
    open_rows = open_rows[np.argsort(roots[open_rows], kind="stable")]
    root_of = roots[open_rows]
    column = {c: table[c].to_numpy(dtype=object)[open_rows] for c in ("isbn_key", "raw", "origin")}
    fa = np.asarray(m.f["fa"], dtype=object)[open_rows]
    tk = np.asarray(m.f["tkey"], dtype=object)[open_rows]
    yr = np.asarray(m.f["yr"], dtype=np.int64)[open_rows]
    suffix = np.asarray(m.f["year_suffix"], dtype=object)[open_rows]
    raw = column["raw"]  # str: the table is conformed
    # ISBN: the most frequent of the work's ISBNs, the smallest among equally frequent ones
    has_isbn = column["isbn_key"] != ""
    if has_isbn.any():
        counts = (
            pd.DataFrame({"root": root_of[has_isbn], "isbn": column["isbn_key"][has_isbn]})
            .value_counts(sort=False)
            .reset_index(name="n")
        )
        counts["rank"] = ranks(counts["isbn"].to_numpy(dtype=object))
        counts = counts.sort_values(["root", "n", "rank"], ascending=[True, False, True])
        chosen = counts.drop_duplicates("root")
        ids.update(zip(chosen["root"].tolist(), ("isbn:" + chosen["isbn"]).tolist(), strict=True))
        with_isbn = np.isin(root_of, chosen["root"].to_numpy())
    else:
        with_isbn = np.zeros(len(open_rows), dtype=bool)
    # otherwise the row with author, year and the longest title; ties: smallest fa, tkey, raw
    keyed = np.flatnonzero(~with_isbn)
    if len(keyed):
        k_fa, k_tk, k_raw, k_root = fa[keyed], tk[keyed], raw[keyed], root_of[keyed]
        order = stable_order(
            [
                k_root,
                k_fa == "",
                yr[keyed] == 0,
                k_tk == "",
                -np.fromiter(map(len, k_tk), dtype=np.int64, count=len(k_tk)),
                k_fa,
                k_tk,
                k_raw,
            ]
        )
        first = np.r_[True, k_root[order][1:] != k_root[order][:-1]]
        best = keyed[order[first]]
        ids.update(
            zip(
                root_of[best].tolist(),
                map(
                    _readable_id,
                    fa[best].tolist(),
                    yr[best].tolist(),
                    suffix[best].tolist(),
                    tk[best].tolist(),
                    raw[best].tolist(),
                ),
                strict=True,
            )
        )
    ids.update(_told_apart(ids, root_of, raw, column["origin"]))
    return ids


def _readable_id(fa: str, yr: int, suffix: str, tkey: str, raw: str) -> str:
    """``surnameYEAR-title-words-hash`` of a work's chosen row (the hash of its first
    author, year and title key, or of its raw text when it has neither author nor title)."""
    year = f"{yr}{suffix}" if yr else ""
    key = f"{fa}|{year}|{tkey}" if (fa or tkey) else f"raw|{' '.join(raw.split())}"
    head = f"{fa[:20]}{year}"
    if tkey:
        words = _key_slug(tkey)
        head = f"{head}-{words}" if head else words
    return f"{head or 'work'}-{_digest(key)}"


def _key_slug(tkey: str, words: int = 6) -> str:
    """:func:`slug` of a title key: its words are already folded significant words."""
    return "-".join(tkey.split()[:words])


def _digest(text: str) -> str:
    """Six hex digits of the SHA-1 of ``text``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def _told_apart(
    ids: dict[int, str], root_of: np.ndarray, raw: np.ndarray, origin: np.ndarray
) -> dict[int, str]:
    """New ids of the works whose id (not a DOI) another work has too, evidence having
    kept them apart: the id plus a digest of the sorted raw strings + origins of the
    work's rows (``root_of``, ``raw``, ``origin``: per row)."""
    shared = pd.Series(list(ids.values()), dtype=object).duplicated(keep=False).to_numpy()
    clash = {
        r: i
        for (r, i), twice in zip(ids.items(), shared, strict=True)
        if twice and not i.startswith("doi:")
    }
    rows = np.flatnonzero(np.isin(root_of, np.fromiter(clash, dtype=np.int64, count=len(clash))))
    texts: dict[int, list[str]] = defaultdict(list)
    for root, r, o in zip(root_of[rows].tolist(), raw[rows], origin[rows], strict=True):
        texts[root].append(f"{r}{o}")
    new = {}
    for root, parts in texts.items():
        joined = "\n".join(sorted(parts))
        new[root] = f"{clash[root]}-{_digest(joined)}"
    return new


def _outputs(m: _Matcher, table: pd.DataFrame, refs: pd.DataFrame, named: int):
    n_refs = len(refs)
    roots = np.asarray(m.c.parent)
    while True:  # pointer jumping: every row to its root
        up = roots[roots]
        if np.array_equal(up, roots):
            break
        roots = up
    ids = _work_ids(m, table, roots)
    id_of = np.empty(len(roots), dtype=object)
    id_of[np.fromiter(ids, dtype=np.int64, count=len(ids))] = list(ids.values())
    work_of = id_of[roots]
    sizes = np.bincount(roots, minlength=len(roots))[roots]
    rule_of = np.array(m.rule[:n_refs], dtype=object)
    ruleless = rule_of == ""  # merged by a rule that names none (a shared key), or alone
    rule_of[ruleless] = np.where(sizes[:n_refs][ruleless] == 1, "single", "key")
    score = np.array(m.score[:n_refs], dtype="float64")
    score[rule_of == "single"] = np.nan
    score[rule_of == "key"] = 1.0
    out = _with_extras(table.iloc[:n_refs][list(REFERENCE_COLUMNS)].reset_index(drop=True), refs)
    out["work_id"] = objects(work_of[:n_refs])
    out["match_rule"] = objects(rule_of)
    out["match_score"] = score
    work_input = table[[c for c in WORK_INPUT if c not in ("work_id", "is_ref")]].assign(
        work_id=objects(work_of), is_ref=np.arange(len(table)) < n_refs
    )
    decisions = _decisions(m, table, work_of)
    return out, work_input[list(WORK_INPUT)], decisions


def _decisions(m: _Matcher, table: pd.DataFrame, work_of: np.ndarray) -> pd.DataFrame:
    """The bulk DOI merges and the listed decisions, accepted first, then by rule, work,
    origins and reason."""
    n_bulk, listed = len(m.bulk[0]), list(zip(*m.decisions, strict=True))
    if not n_bulk and not listed:
        return frame([], DECISION_COLUMNS)
    a_, b_, rule_, score_, accepted_, reason_ = listed or [()] * 6
    a = np.concatenate([m.bulk[0], np.array(a_, dtype=np.int64)]).astype(np.int64)
    b = np.concatenate([m.bulk[1], np.array(b_, dtype=np.int64)]).astype(np.int64)
    accepted = np.r_[np.ones(n_bulk, dtype=bool), np.array(accepted_, dtype=bool)]
    origin, raw = table["origin"].to_numpy(dtype=object), table["raw"].to_numpy(dtype=object)
    columns = {
        "rule": np.array(["doi"] * n_bulk + list(rule_), dtype=object),
        "score": np.r_[np.ones(n_bulk), np.array(score_, dtype=np.float64)],
        "accepted": accepted,
        "reason": np.array([""] * n_bulk + list(reason_), dtype=object),
        "work_id": np.where(accepted, work_of[a], ""),
        "a_origin": origin[a],
        "a_raw": raw[a],
        "b_origin": origin[b],
        "b_raw": raw[b],
    }
    keys = ["accepted", "rule", "work_id", "a_origin", "b_origin", "reason"]
    order = stable_order([columns[c] for c in keys], descending=[True])
    return build({c: v[order] for c, v in columns.items()}, DECISION_COLUMNS)
