"""Candidates: works that are not review papers, merged across sources and ranked.

A candidate is one work, whoever named it: the citing works from OpenAlex, OpenCitations
and Semantic Scholar and the cited works of the identity stage are merged when they share
a DOI, an OpenAlex id or a Semantic Scholar id. Review papers (by DOI, OpenAlex id or the
identity stage's ``paper_id``) are never candidates.

Score (each term a Salton cosine in [0, 1], so the score lies in [0, 4]), with
n = review papers, A = review papers the candidate cites, B = review papers citing it,
k = length of its reference list (when a source reports it, else |A|), R = the works
the review papers cite (OpenAlex ids), F = citing works of the review whose reference
lists are known, g = the candidate's citation count (when a source reports it):

    cites      = |A| / sqrt(n * max(k, |A|))       direct: it cites the review
    cited_by   = |B| / sqrt(n * |B|) = sqrt(|B|/n)  direct: the review cites it
    coupling   = s / sqrt(max(k, s) * |R|)          s = its references that the review cites
    cocitation = c / sqrt(|F| * max(g, c))          c = citing works of the review citing it
    score      = cites + cited_by + coupling + cocitation

The square roots are the Salton normalisation: a survey citing 10 review papers among
800 references scores below an article citing 5 among 30, and a work cited everywhere
gains little from being co-cited with the review. ``cited_by`` uses only what the
review's own reference lists say (no global count: works without a DOI have none), so a
classic cited by most review papers ranks high. Terms without data are 0.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from refnet.discover.fetch import Forward
from refnet.model import frame

CANDIDATE_COLUMNS = {
    "rank": "int64",
    "candidate_id": "str",  # doi:<doi>, openalex:<W>, s2:<id> or the identity stage's work id
    "kind": "str",  # forward (cites the review), backward (cited by it), both
    "score": "float64",
    "links": "int64",  # review papers linked by a citation, either way: |A ∪ B|
    "cites": "int64",  # |A|
    "cited_by": "int64",  # |B|
    "coupling": "int64",  # references shared with the review's references
    "cocitation": "int64",  # citing works of the review that also cite it
    "doi": "str",
    "openalex_id": "str",
    "s2_id": "str",
    "work_id": "str",  # the identity stage's id, when the review cites it
    "title": "str",
    "authors": "str",
    "year": "Int64",
    "venue": "str",
    "type": "str",
    "sources": "str",  # openalex; opencitations; semanticscholar; references
    "why": "str",  # "cites: p1, p2 | cited by: p3"
    "first_seen": "str",  # YYYY-MM-DD
}
METADATA = ("title", "authors", "year", "venue", "kind")
#: Whose metadata wins when several sources describe the candidate.
PREFERENCE = ("openalex", "semanticscholar", "references", "opencitations")


@dataclass
class Settings:
    """``discover:`` settings that shape the table."""

    min_links: int = 2
    max_candidates: int = 500
    year_from: int | None = None
    year_to: int | None = None


@dataclass
class Ranked:
    """The table and what was left out, with counts."""

    table: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


class _Groups:
    """Union-find over the ids that name one work."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, keys: Iterable[str]) -> str:
        keys = [k for k in keys if k]
        root = self.find(keys[0])
        for key in keys[1:]:
            other = self.find(key)
            if other != root:
                root, other = min(root, other), max(root, other)
                self.parent[other] = root
        return root


def _keys(doi: str, wid: str, s2: str, work_id: str = "") -> list[str]:
    keys = [f"doi:{doi}" if doi else "", f"openalex:{wid}" if wid else ""]
    keys += [f"s2:{s2}" if s2 else "", f"work:{work_id}" if work_id else ""]
    return [k for k in keys if k]


def rank_candidates(
    papers: pd.DataFrame,
    references: pd.DataFrame,
    works: pd.DataFrame,
    forward: Forward,
    settings: Settings,
) -> Ranked:
    """The candidate table (CANDIDATE_COLUMNS without ``first_seen``), best first."""
    groups = _Groups()
    items: list[tuple[list[str], str, dict[str, Any], str, str]] = []  # keys, src, work, A, date
    for paper_id, citing in forward.links:
        for work in citing.works:
            work = {**forward.metadata.get(work["doi"], {}), **_nonempty(work)}
            keys = _keys(work["doi"], work.get("openalex_id", ""), work.get("s2_id", ""))
            if keys:
                groups.union(keys)
                items.append((keys, citing.source, work, paper_id, citing.date))
    work_wid = _first_wids(references)
    dropped: dict[str, int] = defaultdict(int)
    citing = references.loc[references["work_id"] != "", ["work_id", "citing_id"]]
    n_citing = citing.drop_duplicates()["work_id"].value_counts()
    works = _backward_works(works, work_wid, n_citing, items, papers, forward, settings, dropped)
    review_dois = set(papers.doi[papers.doi != ""])
    review_wids = set(forward.review_wids.values())
    cocited, n_forward = _cocitation(items)
    n = max(len(papers), 1)
    alone = _alone(works, work_wid, items)
    singles = _Singles(works[alone], work_wid, n_citing, cocited, n_forward, n)
    singles.filter(review_dois, review_wids, settings, dropped)
    works = works[~alone]
    shown = singles.best(settings.max_candidates)
    cited_by: dict[str, set[str]] = defaultdict(set)
    wanted = pd.concat([works["work_id"], singles.work_ids(shown)])
    of_kept = references[references["work_id"].isin(wanted)]
    for citing_id, work_id in zip(
        of_kept.citing_id.to_numpy(dtype=object), of_kept.work_id.to_numpy(dtype=object),
        strict=True,
    ):  # fmt: skip
        cited_by[work_id].add(citing_id)
    review_work_ids = set(works.work_id[works.paper_id != ""])
    for row in works.itertuples(index=False):
        keys = _keys(row.doi, work_wid.get(row.work_id, ""), "", row.work_id)
        groups.union(keys)
        work = {m: getattr(row, m) for m in METADATA} | {"doi": row.doi, "work_id": row.work_id}
        work["year"] = None if pd.isna(row.year) else int(row.year)
        work["openalex_id"] = work_wid.get(row.work_id, "")
        items.append((keys, "references", work, "", ""))
    by_root: dict[str, list[tuple[str, dict[str, Any], str, str]]] = defaultdict(list)
    for keys, source, work, paper_id, date in items:
        by_root[groups.find(keys[0])].append((source, work, paper_id, date))

    cited_wids = set(pd.unique(references.openalex_id[references.openalex_id != ""]).tolist())
    rows = []
    for members in by_root.values():
        row = _merge(members, cited_by)
        if (
            row["doi"] in review_dois
            or review_wids & row["wids"]
            or review_work_ids & row["work_ids"]
        ):
            dropped["review papers"] += 1
            continue
        a, b = row.pop("A"), row.pop("B")
        refs = row.pop("refs")
        k = max(row.pop("k"), len(a))
        g = row.pop("g")
        s = len(refs & cited_wids)
        c = sum(cocited.get(w, 0) for w in row["wids"])
        score = len(a) / math.sqrt(n * k) if a else 0.0
        score += math.sqrt(len(b) / n)
        score += s / math.sqrt(max(k, s) * len(cited_wids)) if s else 0.0
        score += c / math.sqrt(n_forward * max(g, c)) if c else 0.0
        links = len(a | b)
        if links < settings.min_links:
            dropped["fewer links than min_links"] += 1
            continue
        year = row["year"]
        if year is not None and not pd.isna(year):
            if (settings.year_from and year < settings.year_from) or (
                settings.year_to and year > settings.year_to
            ):
                dropped["outside the year range"] += 1
                continue
        why = "cites: " + ", ".join(sorted(a)) if a else ""
        if b:
            why += (" | " if why else "") + "cited by: " + ", ".join(sorted(b))
        kind = "both" if a and b else ("forward" if a else "backward")
        row.update(
            kind=kind,
            score=round(score, 6),
            links=links,
            cites=len(a),
            cited_by=len(b),
            coupling=s,
            cocitation=c,
            why=why,
        )
        rows.append(row)
    ranked = len(rows) + singles.count
    rows += singles.rows(shown, cited_by)
    rows.sort(key=lambda r: (-r["score"], -r["links"], r["candidate_id"]))
    if ranked > settings.max_candidates:
        dropped["beyond max_candidates"] = ranked - settings.max_candidates
        rows = rows[: settings.max_candidates]
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    table = frame(rows, CANDIDATE_COLUMNS)
    return Ranked(table, dict(sorted(dropped.items())))


def _alone(works: pd.DataFrame, work_wid: Mapping[str, str], items: list) -> np.ndarray:
    """Works none of whose ids (DOI, OpenAlex id, work id) names another work or a citing
    work: each is a candidate on its own, cited by the review and citing none of it."""
    doi = works["doi"].astype(str).to_numpy()
    wid = works["work_id"].map(work_wid).fillna("").astype(str).to_numpy()
    work = works["work_id"].astype(str).to_numpy()
    keys = pd.Series(
        np.concatenate(["doi:" + doi[doi != ""], "openalex:" + wid[wid != ""], "work:" + work])
    )
    taken = set(keys[keys.duplicated()]) | {k for item in items for k in item[0]}
    shared = pd.Series("doi:" + doi).isin(taken) | pd.Series("openalex:" + wid).isin(taken)
    shared |= pd.Series("work:" + work).isin(taken)
    return ~shared.to_numpy()


class _Singles:
    """The works that are candidates alone (:func:`_alone`), column-wise: what
    :func:`_merge` and the ranking loop make of a group of one cited work, for every such
    work at once; rows are built only for the best (the others are only counted)."""

    def __init__(
        self,
        works: pd.DataFrame,
        work_wid: Mapping[str, str],
        n_citing: pd.Series,
        cocited: Mapping[str, int],
        n_forward: int,
        n: int,
    ) -> None:
        doi = works["doi"].astype(str)
        wid = works["work_id"].map(work_wid).fillna("").astype(str)
        self.table = pd.DataFrame(
            {
                "work_id": works["work_id"].astype(str).to_numpy(),
                "doi": doi.to_numpy(),
                "openalex_id": wid.to_numpy(),
                "paper_id": works["paper_id"].astype(str).to_numpy(),
                "links": works["work_id"].map(n_citing).fillna(0).astype("int64").to_numpy(),
                "cocitation": wid.map(lambda w: cocited.get(w, 0) if w else 0).to_numpy(),
            }
        )
        self.table["candidate_id"] = np.where(
            doi != "", "doi:" + doi, np.where(wid != "", "openalex:" + wid, works["work_id"])
        )
        self.works = works
        self.scores: dict[tuple[int, int], float] = {}
        self.n_forward, self.n = n_forward, n
        self.count = 0

    def score(self, b: int, c: int) -> float:
        """The ranking loop's score of a work cited by ``b`` review papers and co-cited
        ``c`` times, rounded as there (each distinct pair computed once)."""
        done = self.scores.get((b, c))
        if done is None:
            score = 0.0 + math.sqrt(b / self.n)
            score += c / math.sqrt(self.n_forward * max(0, c)) if c else 0.0
            done = self.scores[(b, c)] = round(score, 6)
        return done

    def filter(
        self,
        review_dois: set[str],
        review_wids: set[str],
        settings: Settings,
        dropped: dict[str, int],
    ) -> None:
        """Drop review papers, works with too few links and works outside the years."""
        t = self.table
        review = t["doi"].isin(review_dois) | t["openalex_id"].isin(review_wids - {""})
        review |= t["paper_id"] != ""
        few = ~review & (t["links"] < settings.min_links)
        years = pd.to_numeric(self.works["year"], errors="coerce").to_numpy(dtype="float64")
        outside = np.zeros(len(t), dtype=bool)
        if settings.year_from:
            outside |= years < settings.year_from
        if settings.year_to:
            outside |= years > settings.year_to
        outside &= ~(review | few).to_numpy()
        for why, mask in (
            ("review papers", review.to_numpy()),
            ("fewer links than min_links", few.to_numpy()),
            ("outside the year range", outside),
        ):
            if mask.any():
                dropped[why] += int(mask.sum())
        keep = ~(review.to_numpy() | few.to_numpy() | outside)
        self.table, self.works = t[keep].reset_index(drop=True), self.works[keep]
        self.table["score"] = [
            self.score(b, c)
            for b, c in zip(self.table["links"], self.table["cocitation"], strict=True)
        ]
        self.count = len(self.table)

    def best(self, k: int) -> np.ndarray:
        """Positions of the rows that may be among the ``k`` best: every row scoring
        (score, links) at least as high as the k-th best (ties kept: the id decides later)."""
        t = self.table
        if len(t) <= k:
            return np.arange(len(t))
        if k <= 0:
            return np.arange(0)
        score, links = t["score"].to_numpy(), t["links"].to_numpy()
        kth = np.lexsort((-links, -score))[k - 1]
        keep = (score > score[kth]) | ((score == score[kth]) & (links >= links[kth]))
        return np.flatnonzero(keep)

    def work_ids(self, shown: np.ndarray) -> pd.Series:
        return self.table["work_id"].iloc[shown]

    def rows(self, shown: np.ndarray, cited_by: Mapping[str, set[str]]) -> list[dict]:
        """Candidate rows at positions ``shown`` (of :meth:`best`), as the ranking loop
        makes them."""
        t, w = self.table.iloc[shown], self.works.iloc[shown]
        years = [None if pd.isna(y) else int(y) for y in w["year"]]
        out = []
        for work_id, doi, wid, cid, score, c, title, authors, year, venue, kind in zip(
            t["work_id"], t["doi"], t["openalex_id"], t["candidate_id"], t["score"],
            t["cocitation"], w["title"], w["authors"], years, w["venue"], w["kind"],
            strict=True,
        ):  # fmt: skip
            b = cited_by.get(work_id, set())
            out.append(
                {
                    "title": title,
                    "authors": authors,
                    "year": year,
                    "venue": venue,
                    "type": kind,
                    "doi": doi,
                    "openalex_id": wid,
                    "s2_id": "",
                    "work_id": work_id,
                    "candidate_id": cid,
                    "sources": "references" if b else "",
                    "first_seen": "",
                    "kind": "backward",
                    "score": float(score),
                    "links": len(b),
                    "cites": 0,
                    "cited_by": len(b),
                    "coupling": 0,
                    "cocitation": int(c),
                    "why": "cited by: " + ", ".join(sorted(b)) if b else "",
                }
            )
        return out


def _first_wids(references: pd.DataFrame) -> dict[str, str]:
    """Work id → the OpenAlex id of its first reference that has one."""
    work_id, wid = references["work_id"], references["openalex_id"]
    given = references.loc[(work_id != "") & (wid != ""), ["work_id", "openalex_id"]]
    first = given.drop_duplicates("work_id")
    return dict(zip(first["work_id"], first["openalex_id"], strict=True))


def _backward_works(
    works: pd.DataFrame,
    work_wid: Mapping[str, str],
    n_citing: pd.Series,
    items: list,
    papers: pd.DataFrame,
    forward: Forward,
    settings: Settings,
    dropped: dict[str, int],
) -> pd.DataFrame:
    """The works that can become candidates: cited by ``min_links`` review papers or more
    (``n_citing``: work id → distinct review papers citing it), or sharing a DOI or
    OpenAlex id with a citing work or another work (their links add up). The others are
    counted in ``dropped`` under the reason the ranking would give them (a review paper,
    or fewer links), so a review of a million cited works is not ranked work by work."""
    doi = works["doi"].astype(str)
    wid = works["work_id"].map(work_wid).fillna("").astype(str)
    keys = pd.concat([("doi:" + doi)[doi != ""], ("openalex:" + wid)[wid != ""]])
    shared = set(keys[keys.duplicated()]) | {k for item in items for k in item[0]}
    linked = ("doi:" + doi).isin(shared) | ("openalex:" + wid).isin(shared)
    cited = works["work_id"].map(n_citing).fillna(0).to_numpy()
    keep = (cited >= settings.min_links) | linked.to_numpy()
    left = ~keep
    review = (
        (works["paper_id"] != "")
        | doi.isin(set(papers.doi[papers.doi != ""]))
        | wid.isin(set(forward.review_wids.values()) - {""})
    ).to_numpy()
    if (left & review).any():
        dropped["review papers"] += int((left & review).sum())
    if (left & ~review).any():
        dropped["fewer links than min_links"] += int((left & ~review).sum())
    return works[keep]


def _nonempty(work: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in work.items() if v not in ("", None, 0) or k == "doi"}


def _cocitation(items: list) -> tuple[dict[str, int], int]:
    """W id → citing works of the review (distinct) citing it; and how many have refs."""
    refs_of: dict[str, list[str]] = {}
    for _, source, work, _, _ in items:
        if source == "references" or work.get("references") is None:
            continue
        wid = work.get("openalex_id") or work["doi"]
        refs_of.setdefault(wid, work["references"])
    counts: dict[str, int] = defaultdict(int)
    for refs in refs_of.values():
        for w in set(refs):
            counts[w] += 1
    return counts, max(len(refs_of), 1)


def _merge(
    members: list[tuple[str, dict[str, Any], str, str]], cited_by: Mapping[str, set[str]]
) -> dict[str, Any]:
    """One candidate row from every mention of the work."""
    members = sorted(members, key=lambda m: (PREFERENCE.index(m[0]), m[2], m[1].get("doi", "")))
    row: dict[str, Any] = {m: "" for m in METADATA} | {"year": None}
    for _, work, _, _ in members:
        for m in METADATA:
            if (row[m] in ("", None)) and work.get(m) not in ("", None):
                row[m] = work[m]
    row["type"] = row.pop("kind")

    def ids(name: str) -> set[str]:
        return {w.get(name, "") for _, w, _, _ in members} - {""}

    dois, wids, s2s, work_ids = ids("doi"), ids("openalex_id"), ids("s2_id"), ids("work_id")
    row["doi"] = min(dois, default="")
    row["openalex_id"] = min(wids, default="")
    row["s2_id"] = min(s2s, default="")
    row["work_id"] = min(work_ids, default="")
    row["candidate_id"] = (
        f"doi:{row['doi']}"
        if row["doi"]
        else f"openalex:{row['openalex_id']}"
        if row["openalex_id"]
        else f"s2:{row['s2_id']}"
        if row["s2_id"]
        else row["work_id"]
    )
    row["wids"], row["work_ids"] = wids, work_ids
    row["A"] = {p for _, _, p, _ in members if p}
    row["B"] = set().union(*(cited_by.get(w, set()) for w in work_ids)) if work_ids else set()
    refs: set[str] = set()
    for _, w, _, _ in members:
        refs.update(w.get("references") or [])
    row["refs"] = refs
    row["k"] = max((int(w.get("references_count") or 0) for _, w, _, _ in members), default=0)
    row["g"] = max((int(w.get("cited_by_count") or 0) for _, w, _, _ in members), default=0)
    sources = {s for s, _, p, _ in members if p} | ({"references"} if row["B"] else set())
    row["sources"] = "; ".join(sorted(sources))
    dates = [d for _, _, p, d in members if p and d]
    row["first_seen"] = min(dates, default="")
    return row
