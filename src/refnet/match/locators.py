"""Evidence of journal locators without author or without page."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from refnet.match.blocking import WEAK_PAGES
from refnet.match.bulk import cached
from refnet.match.normalize import fold
from refnet.match.signatures import article_numbered


class LocatorEvidence:
    """Rules of :class:`refnet.match.evidence.Matcher` for authorless and pageless
    journal locators (a mixin: it uses the matcher's table, fields and merge)."""

    def authorless_locators(self, rows: np.ndarray) -> None:
        """A reference without author, such as a note cut at a page break (``Strategy,”
        International Security 22, no. 1 (Summer 1997), 86-124``), and the one authored
        reference with its journal, volume, first page and year: one article. Its title,
        if any, must be part of the other's."""
        f = self.fields
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
        roots = {self.clusters.find(c) for c in cands}
        if len(roots) == 1:
            self.merge(min(cands), row, "locator", 0.9)
        elif len(roots) > 1:
            self.reject(min(cands), row, "locator", 0.0, f"ambiguous: {len(roots)} works")

    def pageless_locators(self, rows: np.ndarray) -> None:
        """A journal reference without title or page (``Kosevich A.M., Phys. Rep., 194,
        (1990)``) and the one work of the review by that first author, year, journal and
        volume that gives a title or a page (other than 1): one article. Two such works
        make it ambiguous; in a journal that numbers its articles it is no evidence."""
        f = self.fields
        fa, vol, fp, tk = (
            np.asarray(f[c], dtype=object)[rows] for c in ("fa", "vol", "fp", "tkey")
        )
        yr = np.asarray(f["yr"])[rows]
        venue = np.asarray(self.venues, dtype=object)[rows]
        located = (fa != "") & (yr != 0) & (vol != "") & (venue != "")
        bare = located & (fp == "") & (tk == "")
        if bare.any():  # an article-number journal's volume holds many articles of one author
            folded = np.asarray(cached(fold, pd.Series(venue, dtype=object)), dtype=object)
            bare &= ~article_numbered(folded, fp)
        if not bare.any():
            return
        fuller = located & ((tk != "") | ~np.isin(fp, list(WEAK_PAGES)))  # page 1 is none
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
