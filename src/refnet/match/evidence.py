"""Evidence rules of the matcher: exact keys, DOIs, titles within blocks (fuzzy), venues.

The rules for notes and short citations are in :mod:`refnet.match.notes`, those for
journal locators in :mod:`refnet.match.locators`; blocking in :mod:`refnet.match.blocking`."""

from __future__ import annotations

from itertools import compress
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from refnet.match.blocking import (
    NOBODY,
    REPEATING_SOURCES,
    ROMAN,
    WEAK_PAGES,
    is_short,
    open_groups,
)
from refnet.match.bulk import (
    pair_codes,
    text_codes,
)
from refnet.match.clusters import Clusters
from refnet.match.frames import ranks
from refnet.match.locators import LocatorEvidence
from refnet.match.names import initials_compatible, surnames
from refnet.match.normalize import is_abbreviation, name_key, title_key
from refnet.match.notes import NoteEvidence
from refnet.match.prepare import cached_map, text_list

#: Matching settings and their defaults (config ``match:``).
DEFAULTS: dict[str, Any] = {
    "title_similarity": 92,
    "accept_score": 0.9,
    "locator_title_similarity": 70,
    "long_title_words": 8,
    "author_year_unique": True,
}


def title_numbers(title_key: str) -> frozenset[str]:
    """Numbers and roman numerals of a title key (editions, parts, report years)."""
    return frozenset(w for w in title_key.split() if w.isdigit() or w in ROMAN)


def first_two_words(title_key: str) -> str:
    """The first two words of a title key, which a (year, title start) block shares."""
    return " ".join(title_key.split()[:2])


class Matcher(NoteEvidence, LocatorEvidence):
    """Scored evidence between references: every merge or refusal is a decision.

    ``table``: the prepared table (:func:`refnet.match.prepare.prepare`); ``fields``: its
    key columns as lists; ``clusters``: the union-find of works with their tags."""

    def __init__(self, table: pd.DataFrame, settings: dict[str, Any]) -> None:
        self.table = table
        self.settings = {**DEFAULTS, **{k: v for k, v in settings.items() if v is not None}}
        self.clusters = Clusters(len(table))
        self.decisions: list[tuple[int, int, str, float, bool, str]] = []
        self.bulk: tuple[np.ndarray, np.ndarray] = (np.array([], int), np.array([], int))
        self.checked = False  # DOI merges one by one, against the tags (overrides)
        self.rule = [""] * len(table)
        self.score = [np.nan] * len(table)
        cols = ["fa", "tkey", "vol", "fp", "yr", "year_suffix", "kind", "doi_key", "citing_id"]
        cols.append("source")
        self.fields = {c: table[c].tolist() for c in cols}
        self.authors = text_list(table["authors"])
        self.venues = text_list(table["venue"])
        self.titles = text_list(table["title"])
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
        source = self.fields["source"][a]
        return (
            source not in REPEATING_SOURCES
            and source == self.fields["source"][b]
            and self.fields["citing_id"][a] == self.fields["citing_id"][b]
        )

    # -- bookkeeping --------------------------------------------------------
    def merge(self, a: int, b: int, rule: str, score: float, record: bool = True) -> bool:
        ra, rb = self.clusters.find(a), self.clusters.find(b)
        if ra == rb:
            return True
        conflict = self.clusters.conflict(ra, rb)
        accepted = not conflict and score >= self.settings["accept_score"]
        reason = conflict or (
            "" if accepted else f"score below accept_score {self.settings['accept_score']}"
        )
        if accepted:
            self.clusters.link(ra, rb)
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
        keys = self.table["doi_key"]
        keys = keys[keys != ""]
        if keys.empty:
            return
        index = keys.index.to_numpy()  # checked one by one when overrides may veto a merge
        codes, _ = pd.factorize(keys, sort=False)
        anchor = pd.Series(index).groupby(codes).transform("min").to_numpy()
        if self.checked or any(self.clusters.find(int(i)) != int(i) for i in index):
            for a, b in zip(anchor, index, strict=True):
                if a != b:
                    self.merge(int(a), int(b), "doi", 1.0)
            return
        parent = np.asarray(self.clusters.parent)
        moved = index[anchor != index]
        parent[moved] = anchor[anchor != index]
        self.clusters.parent = parent.tolist()
        tags = self.clusters.tags
        for b in moved.tolist():
            tags.pop(b, None)
        rule = np.asarray(self.rule, dtype=object)
        score = np.asarray(self.score, dtype=float)
        touched = np.concatenate([moved, np.unique(anchor[anchor != index])])
        rule[touched], score[touched] = "doi", 1.0
        self.rule, self.score = rule.tolist(), score.tolist()
        self.bulk = (anchor[anchor != index], moved)

    def title_similarity(self, a: int, b: int) -> float:
        ta, tb = self.fields["tkey"][a], self.fields["tkey"][b]
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
        na, nb = title_numbers(ta), title_numbers(tb)
        if na and nb and na != nb:  # "Report 2016" / "Report 2017", "Part I" / "Part II"
            sim = min(sim, 80.0)
        return float(sim)

    def compare(self, a: int, b: int) -> None:
        f = self.fields
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
        if sim >= self.settings["title_similarity"] and is_short(f["tkey"][a], f["tkey"][b]):
            reason = self.short_title_conflict(a, b, both_authors)
            if reason:
                self.reject(a, b, "title", sim / 100, reason)
                return
        if sim >= self.settings["title_similarity"]:
            bonus = 0.02 if f["vol"][a] and f["vol"][a] == f["vol"][b] else 0.0
            score = min(1.0, sim / 100 + bonus) if f["fa"][a] and f["fa"][b] else sim / 100 - 0.02
            self.merge(a, b, "title", score)
        elif (
            f["vol"][a]
            and f["fp"][a] not in WEAK_PAGES
            and f["vol"][a] == f["vol"][b]
            and f["fp"][a] == f["fp"][b]
        ):
            if (
                f["fa"][a]
                and f["fa"][a] == f["fa"][b]
                and (not sim or sim >= self.settings["locator_title_similarity"])
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
        f = self.fields
        if not both_authors or f["fa"][a] in NOBODY or f["fa"][b] in NOBODY:
            return "short title without author"
        pa, pb = f["fp"][a], f["fp"][b]
        if pa not in WEAK_PAGES and pb not in WEAK_PAGES and pa != pb:
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
        f = self.fields
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
            and len(f["tkey"][a].split()) >= self.settings["long_title_words"]
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
        f = self.fields
        rows = np.asarray(full, dtype=np.int64)
        fa, tk, vol, fp, doi = (
            np.asarray(f[c], dtype=object)[rows] for c in ("fa", "tkey", "vol", "fp", "doi_key")
        )
        yr = np.asarray(f["yr"], dtype=np.int64)[rows]
        year = np.where(yr != 0, pd.factorize(yr)[0], -1)
        start = np.where(
            tk != "", pd.factorize(np.array(cached_map(first_two_words, tk), dtype=object))[0], -1
        )
        fa_code = text_codes(fa)
        locator = pair_codes(pair_codes(fa_code, text_codes(vol)), text_codes(fp))
        is_open = doi == ""
        found = []
        for kind, codes in enumerate((pair_codes(fa_code, year), pair_codes(year, start), locator)):
            for members in open_groups(codes, is_open):
                block = rows[members].tolist()
                opened = is_open[members].tolist()
                key = self._block_key(kind, block[0])
                found.append((key, block, list(compress(block, opened))))
        return sorted(found, key=lambda block: str(block[0]))

    def _block_key(self, kind: int, row: int) -> tuple:
        """The key of the block of ``kind`` (0: first author + year, 1: year + title start,
        2: first author + volume + first page) that holds ``row``."""
        f = self.fields
        if kind == 0:
            return (f["fa"][row], f["yr"][row])
        if kind == 1:
            return ("", f["yr"][row], *f["tkey"][row].split()[:2])
        return ("loc", f["fa"][row], f["vol"][row], f["fp"][row])

    def fuzzy_blocks(self, full: np.ndarray) -> None:
        """Title/locator evidence within (first author, year) and (year, title start) blocks."""
        columns = tuple(self.fields[c] for c in ("fa", "tkey", "year_suffix", "citing_id", "vol"))
        for key, rows, open_rows in self._open_blocks(full):
            self._compare_block(rows, open_rows, key[0] == "", columns)

    def _compare_block(
        self, rows: list[int], open_rows: list[int], titled_only: bool, columns: tuple[list, ...]
    ) -> None:
        """Compare each open row of a block with the other rows, each pair once; a pair
        like one already compared (same titles, authors, letters) only with a volume.
        ``columns``: fa, tkey, year_suffix, citing_id and vol of every row."""
        fa, tkey, suffix, citing, vol = columns
        find = self.clusters.find
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
