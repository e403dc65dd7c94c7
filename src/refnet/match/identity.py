"""Which references cite the same work: blocking, scored evidence, auditable decisions.

Evidence, strongest first: DOI (case-folded), ISBN, identical normalised record (``key``),
title + first author + year (``title``, fuzzy within the author-year block), journal
locator (``locator``: author, year, volume, first page), a title without author within a
year block, ``ibid``, short forms (``short-form``: surname + short title, nearest earlier
full note of the same paper first, else the only matching work of the review), and short
author-year citations (``author-year``, when that pair names one work of the review).
Two different DOIs, two review papers, a differing year letter (2003a/2003b) or volume
never merge. Every accepted or rejected candidate goes to the decisions table.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from refnet.ids import normalize_doi, normalize_isbn
from refnet.match.clusters import Clusters
from refnet.match.names import surnames
from refnet.match.normalize import (
    first_page,
    is_abbreviation,
    name_key,
    slug,
    title_key,
    volume_key,
)
from refnet.model import (
    MATCH_COLUMNS,
    PAPER_COLUMNS,
    REFERENCE_COLUMNS,
    WORK_COLUMNS,
    conform,
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
    "author_year_unique": True,
}
PAPER_SOURCE = "review-paper"


def _text(values: pd.Series) -> list[str]:
    return ["" if v is None or v is pd.NA or v != v else str(v) for v in values]


def _prepare(refs: pd.DataFrame, papers: pd.DataFrame) -> pd.DataFrame:
    """References plus one pseudo reference per review paper, with normalised keys."""
    table = conform(refs, REFERENCE_COLUMNS)
    table["year_suffix"] = _text(refs["year_suffix"]) if "year_suffix" in refs else ""
    table["paper_id"] = ""
    papers = conform(papers, PAPER_COLUMNS)
    if len(papers):
        pseudo = pd.DataFrame(
            {
                "citing_id": "",
                "source": PAPER_SOURCE,
                "origin": _text(papers["origin"]),
                "raw": "",
                "authors": _text(papers["authors"]),
                "first_author": [
                    s[0] if s else "" for s in map(surnames, _text(papers["authors"]))
                ],
                "year": papers["year"].to_numpy(),
                "title": _text(papers["title"]),
                "venue": _text(papers["venue"]),
                "volume": _text(papers["volume"]),
                "pages": _text(papers["pages"]),
                "doi": _text(papers["doi"]),
                "kind": _text(papers["kind"]),
            }
        )
        pseudo = conform(pseudo, REFERENCE_COLUMNS)
        pseudo["year_suffix"] = ""
        pseudo["paper_id"] = _text(papers["paper_id"])
        table = pd.concat([table, pseudo], ignore_index=True)
    table["row"] = np.arange(len(table))
    table["doi_key"] = [normalize_doi(d) or "" if d else "" for d in _text(table["doi"])]
    table["isbn_key"] = [normalize_isbn(i) or "" if i else "" for i in _text(table["isbn"])]
    table["fa"] = [name_key(n) for n in _text(table["first_author"])]
    table["tkey"] = [title_key(t) for t in _text(table["title"])]
    table["vol"] = [volume_key(v) for v in _text(table["volume"])]
    table["fp"] = [first_page(p) for p in _text(table["pages"])]
    table["yr"] = table["year"].fillna(0).astype("int64")
    return table


class _Matcher:
    def __init__(self, table: pd.DataFrame, settings: dict[str, Any]) -> None:
        self.t = table
        self.s = {**DEFAULTS, **{k: v for k, v in settings.items() if v is not None}}
        self.c = Clusters(len(table))
        self.decisions: list[tuple[int, int, str, float, bool, str]] = []
        self.bulk: tuple[np.ndarray, np.ndarray] = (np.array([], int), np.array([], int))
        self.rule = [""] * len(table)
        self.score = [np.nan] * len(table)
        cols = ["fa", "tkey", "vol", "fp", "yr", "year_suffix", "kind", "doi_key", "citing_id"]
        self.f = {c: table[c].tolist() for c in cols}
        self.f["surnames"] = [{name_key(s) for s in surnames(a)} for a in _text(table["authors"])]

    # -- bookkeeping --------------------------------------------------------
    def merge(self, a: int, b: int, rule: str, score: float, record: bool = True) -> bool:
        if self.c.find(a) == self.c.find(b):
            return True
        conflict = self.c.conflict(a, b)
        accepted = not conflict and score >= self.s["accept_score"]
        reason = conflict or (
            "" if accepted else f"score below accept_score {self.s['accept_score']}"
        )
        if accepted:
            self.c.union(a, b)
            for x in (a, b):
                if not self.rule[x]:
                    self.rule[x], self.score[x] = rule, score
        if record or not accepted:
            self.decisions.append((a, b, rule, score, accepted, reason))
        return accepted

    def reject(self, a: int, b: int, rule: str, score: float, reason: str) -> None:
        self.decisions.append((a, b, rule, score, False, reason))

    # -- rules ---------------------------------------------------------------
    def by_exact(self, column: str, rule: str, rows: np.ndarray | None = None) -> None:
        """Merge rows sharing a non-empty ``column`` (vectorised grouping)."""
        keys = self.t[column] if rows is None else self.t[column].iloc[rows]
        keys = keys[keys != ""]
        if keys.empty:
            return
        codes, _ = pd.factorize(keys, sort=True)
        index = keys.index.to_numpy()
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
        index = keys.index.to_numpy()
        anchor = keys.groupby(keys, sort=False).transform(lambda s: s.index.min()).to_numpy()
        if any(self.c.find(int(i)) != int(i) for i in index):  # overrides merged some already
            for a, b in zip(anchor, index, strict=True):
                if a != b:
                    self.merge(int(a), int(b), "doi", 1.0)
            return
        parent = self.c.parent
        moved = index[anchor != index]
        for b, a in zip(moved.tolist(), anchor[anchor != index].tolist(), strict=True):
            parent[b] = a
            self.c.tags.pop(b, None)
        for x in np.concatenate([moved, np.unique(anchor[anchor != index])]).tolist():
            self.rule[x], self.score[x] = "doi", 1.0
        self.bulk = (anchor[anchor != index], moved)

    def title_similarity(self, a: int, b: int) -> float:
        ta, tb = self.f["tkey"][a], self.f["tkey"][b]
        if not ta or not tb:
            return 0.0
        if ta == tb:
            return 100.0
        sim = fuzz.token_sort_ratio(ta, tb)
        short, long_ = sorted((ta, tb), key=len)
        if len(short.split()) >= 2 and long_.startswith(short + " "):
            sim = max(sim, 93.0)  # a truncated title or one without its subtitle
        abbreviation = max(is_abbreviation(ta, tb), is_abbreviation(tb, ta))
        if abbreviation:
            sim = max(sim, 90.0 + 10.0 * abbreviation)
        return float(sim)

    def compare(self, a: int, b: int) -> None:
        f = self.f
        if abs(f["yr"][a] - f["yr"][b]) > 1:
            return
        sa, sb = f["year_suffix"][a], f["year_suffix"][b]
        if sa and sb and sa != sb:
            self.reject(a, b, "title", 0.0, f"year letters differ: {sa} / {sb}")
            return
        if f["vol"][a] and f["vol"][b] and f["vol"][a] != f["vol"][b]:
            if self.title_similarity(a, b) >= 70:
                self.reject(a, b, "title", 0.0, "volumes differ")
            return
        sim = self.title_similarity(a, b)
        if sim >= self.s["title_similarity"]:
            bonus = 0.02 if f["vol"][a] and f["vol"][a] == f["vol"][b] else 0.0
            score = min(1.0, sim / 100 + bonus) if f["fa"][a] and f["fa"][b] else sim / 100 - 0.02
            self.merge(a, b, "title", score)
        elif f["vol"][a] and f["fp"][a] and f["vol"][a] == f["vol"][b] and f["fp"][a] == f["fp"][b]:
            if f["fa"][a] and f["fa"][a] == f["fa"][b] and (not sim or sim >= 50):
                self.merge(a, b, "locator", 0.95)
        elif sim >= 70:
            self.reject(a, b, "title", sim / 100, "titles differ")

    def fuzzy_blocks(self, full: np.ndarray) -> None:
        """Title/locator evidence within (first author, year) and (year, title start) blocks."""
        t = self.t.iloc[full]
        has_doi = t["doi_key"] != ""
        blocks: dict[tuple, list[int]] = defaultdict(list)
        for row, fa, yr in zip(t["row"], t["fa"], t["yr"], strict=True):
            if fa and yr:
                blocks[(fa, yr)].append(int(row))
        for row, tk, yr in zip(t["row"], t["tkey"], t["yr"], strict=True):
            if tk and yr:
                blocks[("", yr, *tk.split()[:2])].append(int(row))
        for row, fa, vol, fp in zip(t["row"], t["fa"], t["vol"], t["fp"], strict=True):
            if fa and vol and fp:  # catches a year off by one
                blocks[("loc", fa, vol, fp)].append(int(row))
        doi_rows = set(t["row"][has_doi].tolist())
        for key, rows in sorted(blocks.items(), key=lambda kv: str(kv[0])):
            open_rows = [r for r in rows if r not in doi_rows]
            if len(rows) < 2 or not open_rows:
                continue
            titled_only = key[0] == ""
            seen: set[tuple] = set()
            for a in open_rows:
                for b in rows:
                    if b == a or (b in open_rows and b < a):
                        continue
                    if titled_only and self.f["fa"][a] and self.f["fa"][b]:
                        continue  # both have authors: the author block decides
                    if self.c.find(a) == self.c.find(b):
                        continue
                    sig = (self.f["tkey"][a], self.f["tkey"][b], self.f["fa"][a], self.f["fa"][b])
                    if sig in seen and not self.f["vol"][a]:
                        continue
                    seen.add(sig)
                    self.compare(a, b)

    def ibid(self, rows: list[int]) -> None:
        """``ibid.`` is the previous reference of the same paper and source."""
        t = self.t
        previous: dict[tuple[str, str], int] = {}
        for row in rows:
            key = (t.at[row, "citing_id"], t.at[row, "source"])
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

    @staticmethod
    def _short_similarity(short: str, full: str) -> float:
        if short == full:
            return 100.0
        if full.startswith(short + " ") or full.startswith(short):
            return 95.0 if len(short.split()) >= 2 or len(short) >= 8 else 90.0
        return float(fuzz.token_sort_ratio(short, full))

    def author_year(self, cite_rows: list[int], full_rows: list[int]) -> None:
        """``Walt 2005``: the one work of the review by that author and year, if unique."""
        index: dict[tuple[str, int], list[int]] = defaultdict(list)
        for row in full_rows:
            if self.f["fa"][row] and self.f["yr"][row]:
                index[(self.f["fa"][row], self.f["yr"][row])].append(row)
        alone: dict[tuple, list[int]] = defaultdict(list)
        for row in cite_rows:
            fa, yr, suffix = self.f["fa"][row], self.f["yr"][row], self.f["year_suffix"][row]
            if not fa or not yr:
                continue
            cited = self.f["surnames"][row]
            cands = [
                c
                for c in index.get((fa, yr), [])
                if cited <= (self.f["surnames"][c] | {fa})
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


def match_references(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: dict[str, Any],
    overrides: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give every reference a ``work_id``; return (refs + MATCH_COLUMNS, works, decisions)."""
    refs = refs.reset_index(drop=True)
    table = _prepare(refs, papers)
    order = table.sort_values(["citing_id", "source", "position", "origin", "raw"], kind="stable")
    rows = order["row"].to_numpy()
    m = _Matcher(table, settings)
    for row, doi in zip(table["row"], table["doi_key"], strict=True):
        if doi:
            m.c.tag(int(row), "doi", doi)
    for row, pid in zip(table["row"], table["paper_id"], strict=True):
        if pid:
            m.c.tag(int(row), "paper", pid)
    named = _apply_overrides(m, table, overrides, papers)
    kinds = table["kind"]
    special = kinds.isin(["ibid", "short", "citation"]).to_numpy()
    full = rows[~special[rows]]
    m.by_doi()
    m.by_exact("isbn_key", "isbn", full)
    table["sig"] = [
        f"{fa}|{yr}{sx}|{tk}|{v}|{p}" if fa and yr and tk else ""
        for fa, yr, sx, tk, v, p in zip(
            table["fa"],
            table["yr"],
            table["year_suffix"],
            table["tkey"],
            table["vol"],
            table["fp"],
            strict=True,
        )
    ]
    m.by_exact("sig", "key", full)
    m.fuzzy_blocks(full)
    m.ibid(rows.tolist())
    shorts = [int(r) for r in rows if kinds.iat[r] == "short"]
    table["short_sig"] = [
        f"{fa}|{tk}" if fa and tk else "" for fa, tk in zip(table["fa"], table["tkey"], strict=True)
    ]
    m.short_forms(shorts, full.tolist())
    m.by_exact("short_sig", "short-form", np.array(shorts, dtype=int))
    cites = [int(r) for r in rows if kinds.iat[r] == "citation"]
    m.author_year(cites, full.tolist())
    return _outputs(m, table, refs, named)


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


def _work_ids(m: _Matcher, table: pd.DataFrame, roots: np.ndarray) -> dict[int, str]:
    """Content-derived ids: ``doi:…``, ``isbn:…`` or ``surnameYEAR-title-words-hash``."""
    ids: dict[int, str] = {}
    members: dict[int, list[int]] = defaultdict(list)
    for row, root in enumerate(roots):
        members[int(root)].append(row)
    t = table
    for root, rows in members.items():
        doi = m.c.tags.get(root, {}).get("doi", "")
        if doi:
            ids[root] = f"doi:{doi}"
            continue
        isbns = sorted(t.at[r, "isbn_key"] for r in rows if t.at[r, "isbn_key"])
        if isbns:
            ids[root] = "isbn:" + max(sorted(set(isbns)), key=isbns.count)
            continue
        best = min(
            rows,
            key=lambda r: (
                not m.f["fa"][r],
                not m.f["yr"][r],
                not m.f["tkey"][r],
                -len(m.f["tkey"][r]),
                m.f["fa"][r],
                m.f["tkey"][r],
                t.at[r, "raw"],
            ),
        )
        fa, yr, tk = m.f["fa"][best], m.f["yr"][best], m.f["tkey"][best]
        year = f"{yr}{m.f['year_suffix'][best]}" if yr else ""
        key = (
            f"{fa}|{year}|{tk}" if (fa or tk) else f"raw|{' '.join(str(t.at[best, 'raw']).split())}"
        )
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
        head = "-".join(p for p in (f"{fa[:20]}{year}", slug(tk)) if p) or "work"
        ids[root] = f"{head}-{digest}"
    seen: dict[str, list[int]] = defaultdict(list)
    for root, wid in ids.items():
        seen[wid].append(root)
    for wid, clash in seen.items():
        if len(clash) > 1:  # same key, kept apart by evidence: tell them apart by content
            for root in clash:
                content = "\n".join(
                    sorted(str(t.at[r, "raw"]) + t.at[r, "origin"] for r in members[root])
                )
                ids[root] = f"{wid}-{hashlib.sha1(content.encode('utf-8')).hexdigest()[:6]}"
    return ids


def _outputs(m: _Matcher, table: pd.DataFrame, refs: pd.DataFrame, named: int):
    n_refs = len(refs)
    roots = np.array([m.c.find(i) for i in range(len(table))])
    ids = _work_ids(m, table, roots)
    work_of = np.array([ids[int(r)] for r in roots], dtype=object)
    sizes = pd.Series(roots).map(pd.Series(roots).value_counts())
    rule = [r if r else ("single" if s == 1 else "key") for r, s in zip(m.rule, sizes, strict=True)]
    out = conform(refs, REFERENCE_COLUMNS)
    for extra in refs.columns:
        if extra not in out.columns and extra not in MATCH_COLUMNS:
            out[extra] = refs[extra].to_numpy()
    out["work_id"] = work_of[:n_refs]
    out["match_rule"] = rule[:n_refs]
    out["match_score"] = np.where(np.array(rule[:n_refs]) == "single", np.nan, m.score[:n_refs])
    out["match_score"] = (
        out["match_score"].where(~(out["match_rule"] == "key"), 1.0).astype("float64")
    )
    works = _works(table, work_of, n_refs)
    decisions = _decisions(m, table, work_of)
    order = ["citing_id", "source", "position", "origin"]
    out = out.sort_values(order, kind="stable").reset_index(drop=True)
    return out, works, decisions


def _works(table: pd.DataFrame, work_of: np.ndarray, n_refs: int) -> pd.DataFrame:
    t = table.copy()
    t["work_id"] = work_of
    t["is_ref"] = np.arange(len(t)) < n_refs
    cited = t[t["is_ref"]]
    if cited.empty:
        return frame([], WORK_COLUMNS)
    t = t[t["work_id"].isin(set(cited["work_id"]))].copy()
    # the review paper's own metadata first, then the fullest reference
    t["rank_paper"] = t["paper_id"] == ""
    t["rank_kind"] = t["kind"].isin(["short", "citation", "ibid"])
    t["rank_title"] = -t["title"].str.len()
    t = t.sort_values(
        ["work_id", "rank_paper", "rank_kind", "rank_title", "origin", "raw"], kind="stable"
    )
    fields = ["title", "authors", "venue", "volume", "issue", "pages", "publisher", "isbn", "kind"]
    best = t.drop_duplicates("work_id").set_index("work_id")
    filled = t[["work_id", *fields]].replace("", np.nan).groupby("work_id", sort=True).first()
    works = best[["year"]].copy()
    for name in fields:
        works[name] = best[name].where(best[name] != "", filled[name].reindex(best.index))
    works["doi"] = [
        w[4:] if w.startswith("doi:") else d
        for w, d in zip(best.index, best["doi_key"], strict=True)
    ]
    years = t.dropna(subset=["year"]).groupby("work_id")["year"].first()
    works["year"] = works["year"].fillna(years.reindex(works.index))
    works["citations"] = (
        cited.groupby("work_id")["citing_id"].nunique().reindex(works.index).fillna(0)
    )
    works["paper_id"] = (
        t[t["paper_id"] != ""].groupby("work_id")["paper_id"].min().reindex(works.index)
    )
    first = [surnames(a)[0] if surnames(a) else "" for a in works["authors"].fillna("")]
    works["label"] = [
        " ".join(p for p in (f, "" if pd.isna(y) else str(int(y))) if p) or (ti or "")[:40]
        for f, y, ti in zip(first, works["year"], works["title"].fillna(""), strict=True)
    ]
    works = works.reset_index()
    return conform(works, WORK_COLUMNS).sort_values("work_id", kind="stable").reset_index(drop=True)


def _decisions(m: _Matcher, table: pd.DataFrame, work_of: np.ndarray) -> pd.DataFrame:
    d = pd.DataFrame(m.decisions, columns=["a", "b", "rule", "score", "accepted", "reason"])
    bulk = pd.DataFrame(
        {
            "a": m.bulk[0],
            "b": m.bulk[1],
            "rule": "doi",
            "score": 1.0,
            "accepted": True,
            "reason": "",
        }
    )
    d = pd.concat([bulk, d], ignore_index=True) if len(d) else bulk
    if d.empty:
        return frame([], DECISION_COLUMNS)
    d["a"], d["b"] = d["a"].astype(int), d["b"].astype(int)
    origin, raw = table["origin"].to_numpy(), table["raw"].to_numpy()
    d["work_id"] = np.where(d["accepted"], work_of[d["a"]], "")
    d["a_origin"], d["a_raw"] = origin[d["a"]], raw[d["a"]]
    d["b_origin"], d["b_raw"] = origin[d["b"]], raw[d["b"]]
    d = conform(d, DECISION_COLUMNS)
    return d.sort_values(
        ["accepted", "rule", "work_id", "a_origin", "b_origin", "reason"],
        ascending=[False, True, True, True, True, True],
        kind="stable",
    ).reset_index(drop=True)
