"""Forward citations of the review papers from every configured source, in parallel.

The review papers' OpenAlex ids come from the per-DOI records the resolve stage left in
the cache (no request when it ran); each source then gives the works citing each paper
(:mod:`refnet.sources.citations`). Citing works known only by DOI (OpenCitations) get
their metadata from OpenAlex in OR-batches.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from refnet.model import frame
from refnet.sources import citations, openalex
from refnet.sources.citations import Citing
from refnet.sources.http import HttpClient, open_cache
from refnet.sources.resolve import DEFAULTS, make_clients

log = logging.getLogger("refnet.discover")

FORWARD_SOURCES = ("openalex", "opencitations", "semanticscholar")
FETCHED_COLUMNS = {
    "paper_id": "str",
    "doi": "str",
    "source": "str",
    "total": "int64",  # citing works the source reports
    "kept": "int64",  # citing works read (at most discover.max_citing_per_paper)
    "cut": "int64",  # total - kept
    "date": "str",  # day of the answer
    "reason": "str",  # why nothing was read ("" when it was)
}


@dataclass
class Forward:
    """Who cites the review: one :class:`Citing` per (source, review paper)."""

    links: list[tuple[str, Citing]] = field(default_factory=list)  # (paper_id, answer)
    review_wids: dict[str, str] = field(default_factory=dict)  # paper_id -> W id
    fetched: pd.DataFrame = field(default_factory=lambda: frame([], FETCHED_COLUMNS))
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)  # doi -> citing work
    summary: str = ""


def fetch_forward(
    papers: pd.DataFrame,
    sources_settings: Mapping[str, Any],
    wanted: list[str],
    cap: int,
    max_age_days: int = 0,
) -> Forward:
    """Citing works of every review paper with a DOI, from the ``wanted`` sources
    (answers older than ``max_age_days`` asked again; 0: answers never age)."""
    settings = {**DEFAULTS, **dict(sources_settings)}
    names = [s for s in FORWARD_SOURCES if s in wanted]
    settings["order"] = list(dict.fromkeys(["openalex", *names]))
    doi_of = {p: d for p, d in zip(papers.paper_id, papers.doi, strict=True) if d}
    dois = sorted(set(doi_of.values()))
    clients = make_clients(settings, open_cache(settings["cache"]))
    forward = Forward()
    if not dois:
        forward.summary = "no review paper has a DOI: no forward citations to fetch"
        return forward
    found, _, _ = openalex.lookup(clients["openalex"], "doi", dois)
    wid_of = {d: openalex._wid(w) for d, w in found.items() if openalex._wid(w)}
    forward.review_wids = {p: wid_of[d] for p, d in doi_of.items() if d in wid_of}

    pending: dict[str, dict[str, Any]] = {name: {} for name in names}

    def run(name: str) -> dict[str, Citing]:
        client, records = clients[name], pending[name]
        if name == "openalex":
            wids = sorted(set(wid_of.values()))
            by_wid = citations.openalex_citing(client, wids, cap, records, max_age_days)
            missing = "no OpenAlex id (not found at openalex or not in the cache)"
            return {
                d: by_wid[wid_of[d]] if d in wid_of else Citing(name, d, reason=missing)
                for d in dois
            }
        if name == "opencitations":
            return citations.opencitations_citing(client, dois, cap, records, max_age_days)
        return citations.semanticscholar_citing(client, dois, cap, records, max_age_days)

    # the sources in parallel (each has its own rate limit); records written after
    with ThreadPoolExecutor(max_workers=max(1, len(names))) as pool:
        answers = dict(zip(names, pool.map(run, names), strict=True))
    for name in names:
        clients[name].records.put_many(pending[name])
    for name in names:
        for paper_id, doi in sorted(doi_of.items()):
            forward.links.append((paper_id, answers[name][doi]))
    forward.metadata = _describe(clients["openalex"], forward.links)
    forward.fetched = _fetched_table(forward.links, doi_of, cap)
    forward.summary = _summary(forward.fetched, clients, names)
    for name in settings["order"]:
        c = clients[name]
        log.info("%s: %d requests, %d from the cache", name, c.requests, c.cached)
    return forward


def _describe(client: HttpClient, links: list[tuple[str, Citing]]) -> dict[str, dict[str, Any]]:
    """OpenAlex metadata of citing works known only by DOI (batched, cached)."""
    described = {w["doi"] for _, c in links for w in c.works if w["doi"] and w["title"]}
    bare = sorted({w["doi"] for _, c in links for w in c.works if w["doi"]} - described)
    if not bare:
        return {}
    found, _, _ = openalex.lookup(client, "doi", bare)
    return {doi: citations.openalex_work(work) for doi, work in found.items()}


def _fetched_table(
    links: list[tuple[str, Citing]], doi_of: Mapping[str, str], cap: int
) -> pd.DataFrame:
    rows = []
    for paper_id, c in links:
        kept = len(c.works)
        rows.append(
            {
                "paper_id": paper_id,
                "doi": doi_of[paper_id],
                "source": c.source,
                "total": c.total,
                "kept": kept,
                "cut": max(c.total - kept, 0),
                "date": c.date,
                "reason": c.reason or ("" if c.exact else f"more than {kept} (capped at {cap})"),
            }
        )
    df = frame(rows, FETCHED_COLUMNS)
    return df.sort_values(["paper_id", "source"], kind="stable").reset_index(drop=True)


def _summary(fetched: pd.DataFrame, clients: Mapping[str, HttpClient], names: list[str]) -> str:
    """One line: per source, papers answered and not (with the first reason), what was cut."""
    parts = []
    for name in names:
        rows = fetched[fetched.source == name]
        failed = rows[rows.reason.ne("") & rows.kept.eq(0) & rows.total.eq(0)]
        failed = failed[~failed.reason.str.startswith("not found")]
        part = f"{name} {len(rows) - len(failed)}/{len(rows)} papers"
        if len(failed):
            part += f" ({len(failed)} not fetched: {failed.reason.iloc[0]})"
        parts.append(part)
    cut = int(fetched.cut.sum())
    capped = int((fetched.reason.str.startswith("more than")).sum())
    line = "forward citations: " + ", ".join(parts)
    if cut or capped:
        line += f"; {cut} citing works beyond max_citing_per_paper not read"
        if capped:
            line += f" (and more at {capped} S2 answers)"
    return line
