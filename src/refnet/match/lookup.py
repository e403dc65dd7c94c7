"""Online look-up of cited works still without a DOI: Crossref ``query.bibliographic``.

Crossref's relevance score only ranks candidates; it proves nothing. A candidate is
accepted when the work's title and the candidate's are alike (normalised titles, at
least ``min_title_similarity``), the first authors' surnames agree, and the years are
at most one apart (online-first and print years differ). Two candidates that agree
equally well are ambiguous and both refused. Every candidate seen goes to the look-up
table with its similarity, agreement and the reason it was taken or refused.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from refnet.match.names import is_initials, surnames
from refnet.match.normalize import is_abbreviation, name_key, title_key, title_words
from refnet.model import frame
from refnet.sources import crossref
from refnet.sources.crossref import Candidate
from refnet.sources.http import HttpClient, Progress

log = logging.getLogger("refnet.match")

RULE = "crossref-bibliographic"
DEFAULTS: dict[str, Any] = {"enabled": True, "max_queries": 1000, "min_title_similarity": 0.9}
#: A reference title's part before ":" is compared on its own when this long (in words).
MAIN_TITLE_WORDS = 4
#: Requests per second of the look-up unless sources.requests_per_second.crossref says
#: otherwise: Crossref's list routes allow fewer than its single-DOI route (apis.md §1.5).
QUERY_RATE = 3.0
#: Similarity (0-100) of a title whose every word abbreviates the candidate's, in order.
ABBREVIATED = 95.0

LOOKUP_COLUMNS: dict[str, str] = {
    "work_id": "str",  # the work's id before the look-up
    "query": "str",  # the citation string sent as query.bibliographic
    "rank": "int64",  # the candidate's place in Crossref's answer (0: no candidate)
    "candidate_doi": "str",
    "candidate_title": "str",
    "crossref_score": "float64",
    "title_similarity": "float64",  # 0-1, normalised titles
    "author_agrees": "bool",
    "year_agrees": "bool",
    "accepted": "bool",
    "reason": "str",  # why refused, or why the work was not looked up
}


@dataclass(frozen=True)
class Cited:
    """What a cited work says about itself: the fields a candidate must agree with."""

    title: str
    first_author: str
    year: int | None


@dataclass(frozen=True)
class Verdict:
    """How one candidate compares with the cited work."""

    title_similarity: float
    author_agrees: bool
    year_agrees: bool
    reason: str = ""  # empty when every check passed

    @property
    def agrees(self) -> bool:
        return not self.reason


def title_similarity(reference: str, candidate_titles: Sequence[str]) -> float:
    """Best similarity (0-1) of the normalised reference title with a candidate title
    (with or without its subtitle); the reference's main title counts when long, and an
    abbreviation of every word of the candidate's title counts as 0.95."""
    mine = [title_key(reference)]
    main = reference.split(":", 1)[0]
    if main != reference and len(title_words(main)) >= MAIN_TITLE_WORDS:
        mine.append(title_key(main))
    theirs = [title_key(t) for t in candidate_titles]
    scores = [fuzz.token_sort_ratio(a, b) for a in mine if a for b in theirs if b]
    if any(is_abbreviation(a, b) == 1.0 for a in mine if a for b in theirs if b):
        scores.append(ABBREVIATED)  # ``THEORY INT POLITICS`` (Web of Science)
    return round(max(scores, default=0.0) / 100.0, 4)


def surname_keys(name: str) -> set[str]:
    """Keys the surname of ``name`` may have: the whole (``Van Evera``) and, for a name
    with its initials in front (``J. Demek``), the last word."""
    keys = {name_key(name)}
    words = name.split()
    if len(words) > 1 and all(is_initials(w) for w in words[:-1]):
        keys.add(name_key(words[-1]))
    return keys - {""}


def validate(cited: Cited, candidate: Candidate, min_title_similarity: float) -> Verdict:
    """Compare ``candidate`` with ``cited``: title, first author's surname, year ±1."""
    similarity = title_similarity(cited.title, candidate.titles)
    theirs = name_key(candidate.surnames[0]) if candidate.surnames else ""
    author = bool(theirs) and theirs in surname_keys(cited.first_author)
    year = cited.year is not None and any(abs(cited.year - y) <= 1 for y in candidate.years)
    reasons = []
    if similarity < min_title_similarity:
        reasons.append(f"title similarity {similarity:.2f} < {min_title_similarity:.2f}")
    if not author:
        shown = candidate.surnames[0] if candidate.surnames else "no author"
        reasons.append(f"first author {shown} is not {cited.first_author}")
    if not year:
        shown = "/".join(map(str, candidate.years)) or "no year"
        reasons.append(f"year {shown} is not within 1 of {cited.year}")
    return Verdict(similarity, author, year, "; ".join(reasons))


def choose(
    cited: Cited, candidates: Sequence[Candidate], min_title_similarity: float
) -> tuple[list[Verdict], int | None]:
    """Verdicts on every candidate and the index of the one accepted (None: none is).

    Of the candidates that agree, the closest title wins, then the closest year; a tie
    between two different DOIs is ambiguous and refuses both.
    """
    verdicts = [validate(cited, c, min_title_similarity) for c in candidates]
    agreeing = [i for i, v in enumerate(verdicts) if v.agrees]
    if not agreeing:
        return verdicts, None

    def closeness(i: int) -> tuple[float, int]:
        gap = min(abs((cited.year or 0) - y) for y in candidates[i].years)
        return (-verdicts[i].title_similarity, gap)

    ranked = sorted(agreeing, key=lambda i: (*closeness(i), i))
    best = ranked[0]
    rivals = [
        i
        for i in ranked[1:]
        if closeness(i) == closeness(best) and candidates[i].doi != candidates[best].doi
    ]
    out = list(verdicts)
    if rivals:
        note = f"ambiguous: {len(rivals) + 1} candidates agree equally"
        for i in (best, *rivals):
            out[i] = Verdict(verdicts[i].title_similarity, True, True, note)
        return out, None
    for i in ranked[1:]:
        note = "another candidate agrees better"
        out[i] = Verdict(verdicts[i].title_similarity, True, True, note)
    return out, best


def citation_query(work: Mapping[str, Any]) -> str:
    """The citation string of a work: authors, year, title, venue, volume, pages."""
    year = work.get("year")
    parts = [
        str(work.get("authors") or ""),
        "" if year is None or pd.isna(year) else f"({int(year)})",
        str(work.get("title") or ""),
        str(work.get("venue") or ""),
        str(work.get("volume") or ""),
        str(work.get("pages") or ""),
    ]
    return " ".join(" ".join(p for p in parts if p).split())


def cited_of(work: Mapping[str, Any]) -> Cited:
    """The fields of a works-table row that validation reads."""
    year = work.get("year")
    names = surnames(str(work.get("authors") or ""))
    return Cited(
        title=str(work.get("title") or ""),
        first_author=names[0] if names else "",
        year=None if year is None or pd.isna(year) else int(year),
    )


def missing_fields(cited: Cited) -> str:
    """Why a work cannot be validated ("" when it can)."""
    absent = [
        name
        for name, value in (
            ("title", title_key(cited.title)),
            ("first author", name_key(cited.first_author)),
            ("year", cited.year),
        )
        if not value
    ]
    return f"not looked up: no {', no '.join(absent)} to validate a candidate" if absent else ""


@dataclass(frozen=True)
class Found:
    """A DOI accepted for a work, with the evidence of the decisions table."""

    doi: str
    title_similarity: float
    crossref_score: float
    title: str


def lookup_works(
    works: pd.DataFrame, client: HttpClient, settings: Mapping[str, Any]
) -> tuple[dict[str, Found], pd.DataFrame]:
    """Look up the works without a DOI that are not review papers, most cited first.

    Returns the accepted DOIs by work id and the look-up table (LOOKUP_COLUMNS).
    """
    settings = {**DEFAULTS, **{k: v for k, v in settings.items() if v is not None}}
    minimum = float(settings["min_title_similarity"])
    todo = works[(works["doi"] == "") & (works["paper_id"] == "")]
    order = todo.assign(_c=-todo["citations"]).sort_values(["_c", "work_id"], kind="stable")
    rows: list[dict[str, Any]] = []
    queries: list[tuple[str, Cited, str]] = []
    for work in order.to_dict("records"):
        cited = cited_of(work)
        query = citation_query(work)
        why = missing_fields(cited)
        if not why and len(queries) >= int(settings["max_queries"]):
            why = f"not looked up: beyond match.lookup.max_queries ({settings['max_queries']})"
        if why:
            rows.append({"work_id": work["work_id"], "query": query, "reason": why})
        else:
            queries.append((work["work_id"], cited, query))
    progress = Progress("crossref query.bibliographic", len(queries))

    def ask(item: tuple[str, Cited, str]) -> tuple[list[Candidate], str]:
        answer = crossref.query_bibliographic(client, item[2])
        progress.step()
        return answer

    found: dict[str, Found] = {}
    for (work_id, cited, query), (candidates, error) in zip(
        queries, client.map(ask, queries), strict=True
    ):
        if error or not candidates:
            reason = f"not looked up: {error}" if error else "no candidate"
            rows.append({"work_id": work_id, "query": query, "reason": reason})
            continue
        verdicts, chosen = choose(cited, candidates, minimum)
        for rank, (candidate, verdict) in enumerate(zip(candidates, verdicts, strict=True), 1):
            rows.append(
                {
                    "work_id": work_id,
                    "query": query,
                    "rank": rank,
                    "candidate_doi": candidate.doi,
                    "candidate_title": candidate.titles[0] if candidate.titles else "",
                    "crossref_score": candidate.score,
                    "title_similarity": verdict.title_similarity,
                    "author_agrees": verdict.author_agrees,
                    "year_agrees": verdict.year_agrees,
                    "accepted": rank - 1 == chosen,
                    "reason": verdict.reason,
                }
            )
        if chosen is not None:
            best, verdict = candidates[chosen], verdicts[chosen]
            title = best.titles[0] if best.titles else ""
            found[work_id] = Found(best.doi, verdict.title_similarity, best.score, title)
    table = frame(rows, LOOKUP_COLUMNS)
    if len(table):
        table = table.sort_values(["work_id", "rank"], kind="stable").reset_index(drop=True)
    accepted = int(table["accepted"].sum()) if len(table) else 0
    log.info(
        "look-up: %d works without a DOI, %d asked of Crossref (%d requests, %d from the "
        "cache), %d accepted",
        len(order),
        len(queries),
        client.requests,
        client.cached,
        accepted,
    )
    return found, table


def crossref_client(sources: Mapping[str, Any]) -> HttpClient:
    """The Crossref client of the look-up, with the sources' cache, limits and contact
    (at most :data:`QUERY_RATE` requests per second unless configured)."""
    from refnet.sources.http import open_cache
    from refnet.sources.resolve import DEFAULTS as SOURCE_DEFAULTS
    from refnet.sources.resolve import make_clients

    settings = {**SOURCE_DEFAULTS, **dict(sources), "order": ["crossref"]}
    rates = dict(settings.get("requests_per_second") or {})
    rates.setdefault("crossref", QUERY_RATE)
    settings["requests_per_second"] = rates
    return make_clients(settings, open_cache(settings["cache"]))["crossref"]
