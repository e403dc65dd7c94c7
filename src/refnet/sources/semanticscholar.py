"""Semantic Scholar Graph API: ``POST /paper/batch`` with references."""

from __future__ import annotations

from typing import Any

from refnet.sources.common import Fetched, doi_or_empty, surname_given, year_or_none
from refnet.sources.http import HttpClient, Progress

SERVICE = "semanticscholar"
BASE_URL = "https://api.semanticscholar.org/graph/v1"
MAX_IDS = 500  # the route's limit
BATCH_WITH_REFERENCES = 100  # nested references make big answers and 504s
FIELDS = ",".join(
    [
        "title",
        "year",
        "authors",
        "venue",
        "journal",
        "externalIds",
        "publicationTypes",
        "referenceCount",
        "references.title",
        "references.year",
        "references.authors",
        "references.venue",
        "references.externalIds",
    ]
)


def fetch(client: HttpClient, dois: list[str]) -> dict[str, Fetched]:
    """Metadata and references of ``dois`` in batches (per-DOI records kept)."""
    out: dict[str, Fetched] = {}
    todo = []
    for doi in dois:
        record = client.records.get(f"{SERVICE}/doi/{doi}")
        if record is None:
            todo.append(doi)
        elif record.get("paper"):
            out[doi] = parse_paper(record["paper"], doi)
        else:
            out[doi] = Fetched(doi, reason=record["missing"])
    chunks = [
        todo[i : i + BATCH_WITH_REFERENCES] for i in range(0, len(todo), BATCH_WITH_REFERENCES)
    ]
    progress = Progress(SERVICE, len(todo))

    def run(chunk: list[str]) -> dict[str, Fetched]:
        reply = client.post_json(
            "/paper/batch", {"ids": [f"DOI:{d}" for d in chunk]}, {"fields": FIELDS}
        )
        progress.step(len(chunk))
        if not reply.ok or not isinstance(reply.data, list) or len(reply.data) != len(chunk):
            return {d: Fetched(d, reason=reply.error or "unexpected answer") for d in chunk}
        records = {}
        result = {}
        for doi, paper in zip(chunk, reply.data, strict=True):
            if paper is None:
                records[f"{SERVICE}/doi/{doi}"] = {"missing": f"not found at {SERVICE}"}
                result[doi] = Fetched(doi, reason=f"not found at {SERVICE}")
            else:
                records[f"{SERVICE}/doi/{doi}"] = {"paper": paper}
                result[doi] = parse_paper(paper, doi)
        client.records.put_many(records)
        return result

    for part in client.map(run, chunks):
        out.update(part)
    return {doi: out[doi] for doi in dois}


def _authors(paper: dict[str, Any]) -> str:
    return "; ".join(surname_given(a.get("name") or "") for a in paper.get("authors") or [])


def parse_paper(paper: dict[str, Any], doi: str = "") -> Fetched:
    """A batch item as metadata and reference rows (``paperId: null`` refs kept)."""
    journal = paper.get("journal") or {}
    ids = paper.get("externalIds") or {}
    doi = doi or doi_or_empty(ids.get("DOI"))
    metadata = {
        "doi": doi,
        "title": paper.get("title") or "",
        "authors": _authors(paper),
        "year": year_or_none(paper.get("year")),
        "venue": journal.get("name") or paper.get("venue") or "",
        "volume": (journal.get("volume") or "").strip(),
        "pages": (journal.get("pages") or "").replace(" ", ""),
    }
    refs = []
    for i, ref in enumerate(paper.get("references") or []):
        authors = _authors(ref)
        refs.append(
            {
                "position": i,
                "source": SERVICE,
                "origin": f"{SERVICE}:{doi}#{i}",
                "authors": authors,
                "first_author": authors.split(";")[0].split(",")[0].strip(),
                "year": year_or_none(ref.get("year")),
                "title": ref.get("title") or "",
                "venue": ref.get("venue") or "",
                "doi": doi_or_empty((ref.get("externalIds") or {}).get("DOI")),
            }
        )
    reported = int(paper.get("referenceCount") or len(refs))
    return Fetched(doi, True, "", metadata, refs, reported)
