"""OpenCitations Index v2: the references of a DOI (``/references/doi:{doi}``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from refnet.sources.common import Fetched, doi_or_empty
from refnet.sources.http import HttpClient, Progress

SERVICE = "opencitations"
BASE_URL = "https://api.opencitations.net/index/v2"


def fetch(client: HttpClient, dois: list[str]) -> dict[str, Fetched]:
    """References of ``dois`` (one request per DOI, cached)."""
    progress = Progress(SERVICE, len(dois))

    def one(doi: str) -> Fetched:
        reply = client.get("/references/" + quote(f"doi:{doi}", safe="/:"))
        progress.step()
        if not reply.ok:
            return Fetched(doi, reason=reply.error)
        return parse_references(reply.data, doi)

    return dict(zip(dois, client.map(one, dois), strict=True))


def cited_dois(pids: str) -> list[str]:
    """DOIs in a space-separated PID list (``omid:br/… doi:10.x/y pmid:…``)."""
    out = []
    for pid in pids.split():
        if pid.startswith("doi:") and (doi := doi_or_empty(pid[4:])):
            out.append(doi)
    return out


def parse_references(rows: list[dict[str, Any]], citing_doi: str) -> Fetched:
    """Index v2 rows as reference rows (the first DOI of ``cited``)."""
    refs = []
    for i, row in enumerate(rows):
        dois = cited_dois(row.get("cited", ""))
        refs.append(
            {
                "position": i,
                "source": SERVICE,
                "origin": f"{SERVICE}:{row.get('oci') or citing_doi + '#' + str(i)}",
                "doi": dois[0] if dois else "",
            }
        )
    if not refs:
        return Fetched(citing_doi, reason=f"no references at {SERVICE}")
    return Fetched(citing_doi, True, "", {}, refs, len(refs))
