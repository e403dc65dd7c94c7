"""Crossref REST API: ``/works/{doi}`` metadata and the deposited ``reference`` array."""

from __future__ import annotations

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
