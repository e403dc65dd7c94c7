"""Evidence of notes and in-text citations: ibid, short forms, author-year citations."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz

from refnet.match.normalize import title_key


class NoteEvidence:
    """Rules of :class:`refnet.match.evidence.Matcher` for ibid, short forms and
    author-year citations (a mixin: it uses the matcher's table, fields and merge)."""

    def ibid(self, rows: list[int]) -> None:
        """``ibid.`` is the previous reference of the same paper and source."""
        kinds = self.fields["kind"]
        if "ibid" not in set(kinds):
            return
        citing, source = self.table["citing_id"].tolist(), self.table["source"].tolist()
        previous: dict[tuple[str, str], int] = {}
        for row in rows:
            key = (citing[row], source[row])
            if self.fields["kind"][row] == "ibid":
                if key in previous:
                    self.merge(previous[key], row, "ibid", 1.0)
                else:
                    self.reject(row, row, "ibid", 0.0, "no earlier reference in this paper")
            previous[key] = previous.get(key, row) if self.fields["kind"][row] == "ibid" else row

    def short_forms(self, short_rows: list[int], full_rows: list[int]) -> None:
        """Short notes: the nearest earlier full note of the paper, else the review's only match."""
        by_author: dict[str, list[int]] = defaultdict(list)
        for row in full_rows:
            if self.fields["fa"][row] and self.fields["tkey"][row]:
                by_author[self.fields["fa"][row]].append(row)
        position = self.table["position"].tolist()
        for row in short_rows:
            fa, tk = self.fields["fa"][row], self.fields["tkey"][row]
            if not fa or not tk:
                continue
            scored = []
            for cand in by_author.get(fa, []):
                sim = self._short_similarity(tk, self.fields["tkey"][cand])
                if sim < self.settings["title_similarity"] and self.same_main_title(row, cand):
                    sim = self.settings["title_similarity"]
                if sim >= self.settings["title_similarity"]:
                    scored.append((sim, cand))
            same_paper = [
                (position[c], s, c)
                for s, c in scored
                if self.fields["citing_id"][c] == self.fields["citing_id"][row]
                and position[c] < position[row]
            ]
            if same_paper:
                _, sim, cand = max(same_paper)
                self.merge(cand, row, "short-form", sim / 100)
                continue
            roots = sorted({self.clusters.find(c) for _, c in scored})
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
        return title_key(main) if colon and self.fields["tkey"][row] else ""

    @staticmethod
    def _short_similarity(short: str, full: str) -> float:
        if short == full:
            return 100.0
        if full.startswith(short + " ") or full.startswith(short):
            return 95.0 if len(short.split()) >= 2 or len(short) >= 8 else 90.0
        return float(fuzz.token_sort_ratio(short, full))

    def author_year(self, cite_rows: list[int], full_rows: list[int]) -> None:
        """``Walt 2005``: the one work of the review by that author and year, if unique."""
        fas, yrs = self.fields["fa"], self.fields["yr"]
        wanted = {(fas[row], yrs[row]) for row in cite_rows}
        index: dict[tuple[str, int], list[int]] = defaultdict(list)
        for row in full_rows:
            key = (fas[row], yrs[row])
            if key in wanted and key[0] and key[1]:
                index[key].append(row)
        alone: dict[tuple, list[int]] = defaultdict(list)
        for row in cite_rows:
            fa, yr, suffix = (
                self.fields["fa"][row],
                self.fields["yr"][row],
                self.fields["year_suffix"][row],
            )
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
                    self.fields["year_suffix"][c] == suffix
                    or (not suffix and not self.fields["year_suffix"][c])
                )
            ]
            roots = sorted({self.clusters.find(c) for c in cands})
            if len(roots) == 1 and self.settings["author_year_unique"]:
                self.merge(min(cands), row, "author-year", 0.9)
            elif len(roots) > 1:
                self.reject(min(cands), row, "author-year", 0.0, f"ambiguous: {len(roots)} works")
            elif not roots:
                alone[(tuple(sorted(cited)), yr, suffix)].append(row)
        for rows in alone.values():
            for other in rows[1:]:
                self.merge(rows[0], other, "author-year", 0.8)
