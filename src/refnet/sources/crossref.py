"""Crossref REST API: ``/works/{doi}`` metadata and the deposited ``reference`` array, and
``/works?query.bibliographic=`` candidates for a citation string (reference matching)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from refnet.sources.common import (
    Fetched,
    doi_or_empty,
    first,
    isbn_or_empty,
    year_or_none,
)
from refnet.sources.http import HttpClient, Progress

SERVICE = "crossref"
BASE_URL = "https://api.crossref.org"

_KINDS = {
    "journal-article": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "proceedings-article": "article",
    "report": "report",
    "dissertation": "thesis",
    "posted-content": "preprint",
}


def work_path(doi: str) -> str:
    """``/works/{doi}`` with every character but ``/`` percent-encoded."""
    return "/works/" + quote(doi, safe="/")


def fetch(client: HttpClient, dois: list[str]) -> dict[str, Fetched]:
    """Metadata and references of ``dois`` (one request per DOI, cached)."""
    progress = Progress(SERVICE, len(dois))

    def one(doi: str) -> Fetched:
        reply = client.get(work_path(doi))
        progress.step()
        if not reply.ok:
            return Fetched(doi, reason=reply.error)
        return parse_work(reply.data["message"], doi)

    return dict(zip(dois, client.map(one, dois), strict=True))


def parse_work(message: dict[str, Any], doi: str = "") -> Fetched:
    """A Crossref ``work`` message as metadata and reference rows."""
    doi = doi or doi_or_empty(message.get("DOI"))
    authors = "; ".join(
        ", ".join(p for p in (a.get("family", ""), a.get("given", "")) if p) or a.get("name", "")
        for a in message.get("author", [])
    )
    issued = (message.get("issued") or {}).get("date-parts") or [[None]]
    metadata = {
        "doi": doi,
        "title": first(message.get("title")),
        "authors": authors,
        "year": year_or_none(issued[0][0] if issued and issued[0] else None),
        "venue": first(message.get("container-title")),
        "volume": message.get("volume", ""),
        "issue": message.get("issue", ""),
        "pages": message.get("page", ""),
        "publisher": message.get("publisher", ""),
        "kind": _KINDS.get(message.get("type", ""), message.get("type", "")),
        "url": f"https://doi.org/{doi}" if doi else "",
    }
    refs = [parse_reference(item, doi, i) for i, item in enumerate(message.get("reference", []))]
    reported = message.get("reference-count", message.get("references-count", len(refs)))
    return Fetched(doi, True, "", metadata, refs, int(reported or 0))


def parse_reference(item: dict[str, Any], citing_doi: str, position: int) -> dict[str, Any]:
    """One ``reference`` item as a REFERENCE_COLUMNS row (citing_id left to the caller)."""
    title = item.get("article-title") or item.get("volume-title") or ""
    venue = item.get("journal-title") or ""
    if not title and item.get("series-title"):
        title = item["series-title"]
    elif item.get("series-title") and not venue:
        venue = item["series-title"]
    isbn = isbn_or_empty(item.get("ISBN"))
    kind = (
        "article"
        if item.get("journal-title")
        else ("book" if isbn or item.get("volume-title") else "")
    )
    author = item.get("author", "")
    return {
        "position": position,
        "source": SERVICE,
        "origin": f"{SERVICE}:{citing_doi}#{position}",
        "raw": item.get("unstructured", ""),
        "authors": author,
        "first_author": author.split(",")[0].strip(),
        "year": year_or_none(item.get("year")),
        "title": title,
        "venue": venue,
        "volume": item.get("volume", ""),
        "issue": item.get("issue", ""),
        "pages": item.get("first-page", ""),
        "doi": doi_or_empty(item.get("DOI")),
        "isbn": isbn,
        "kind": kind,
    }


# -- reference matching ---------------------------------------------------------------------

#: Fields a bibliographic query asks for: enough to validate a candidate, nothing more.
QUERY_FIELDS = (
    "DOI",
    "title",
    "subtitle",
    "author",
    "editor",
    "issued",
    "published-print",
    "published-online",
    "type",
    "container-title",
    "score",
)
#: Candidates asked for per query (Crossref's advice: a few, re-ranked by the caller).
QUERY_ROWS = 5


@dataclass(frozen=True)
class Candidate:
    """One item of a ``query.bibliographic`` answer, reduced to what validation reads."""

    doi: str
    titles: tuple[str, ...]  # the title, and the title with its subtitle
    surnames: tuple[str, ...]  # family names of the authors (else the editors), in order
    years: tuple[int, ...]  # years of issued, print and online publication
    score: float
    kind: str = ""
    venue: str = ""


def query_bibliographic(
    client: HttpClient, citation: str, rows: int = QUERY_ROWS
) -> tuple[list[Candidate], str]:
    """Crossref's candidates for a citation string (cached); ``(candidates, error)``."""
    params = {
        "query.bibliographic": " ".join(citation.split()),
        "rows": str(rows),
        "select": ",".join(QUERY_FIELDS),
    }
    reply = client.get("/works", params)
    if not reply.ok:
        return [], reply.error or f"HTTP {reply.status}"
    try:
        items = reply.data["message"]["items"]
    except (KeyError, TypeError):
        return [], "crossref: answer without message.items"
    return [c for c in map(parse_candidate, items) if c.doi], ""


def parse_candidate(item: dict[str, Any]) -> Candidate:
    """A ``work-list`` item as a :class:`Candidate`."""
    title = first(item.get("title"))
    subtitle = first(item.get("subtitle"))
    titles = (title, f"{title}: {subtitle}") if title and subtitle else (title,)
    people = item.get("author") or item.get("editor") or []
    surnames = tuple(p.get("family") or p.get("name") or "" for p in people)
    years = []
    for name in ("issued", "published-print", "published-online"):
        parts = (item.get(name) or {}).get("date-parts") or [[None]]
        year = year_or_none(parts[0][0] if parts and parts[0] else None)
        if year is not None and year not in years:
            years.append(year)
    return Candidate(
        doi=doi_or_empty(item.get("DOI")),
        titles=tuple(t for t in titles if t),
        surnames=tuple(s for s in surnames if s),
        years=tuple(sorted(years)),
        score=float(item.get("score") or 0.0),
        kind=item.get("type", ""),
        venue=first(item.get("container-title")),
    )
