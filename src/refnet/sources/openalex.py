"""OpenAlex: works by DOI in OR-batches, ``referenced_works``, cited works by W id.

Batch answers are cached whole by the HTTP layer and per work in its records, so a
changed batch (a DOI added to the review) only asks for the works not seen before.
A merged W id answers 301 on its singleton route; the redirect is followed and the
merge recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from refnet.ids import normalize_openalex_id
from refnet.sources.common import Fetched, doi_or_empty, surname_given, year_or_none
from refnet.sources.http import HttpClient, Progress

SERVICE = "openalex"
BASE_URL = "https://api.openalex.org"
BATCH = 50  # OR values per request; per-page is set to the same number
_FILTER_UNSAFE = ("|", ",")


def fetch(client: HttpClient, dois: list[str]) -> dict[str, Fetched]:
    """Metadata and references (as W ids, with cited-work metadata) of ``dois``."""
    found, reasons, _ = lookup(client, "doi", dois)
    cited = sorted({w for work in found.values() for w in _referenced(work)})
    cited_works, _, merges = lookup(client, "id", cited)
    out = {}
    for doi in dois:
        work = found.get(doi)
        if work is None:
            out[doi] = Fetched(doi, reason=reasons.get(doi, "not found at openalex"))
            continue
        fetched = parse_work(work, doi)
        fetched.references = [
            reference_row(doi, i, merges.get(wid, wid), cited_works.get(wid))
            for i, wid in enumerate(_referenced(work))
        ]
        out[doi] = fetched
    return out


def lookup(
    client: HttpClient, kind: str, keys: Iterable[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, str], dict[str, str]]:
    """Works for DOIs (``kind="doi"``) or W ids (``kind="id"``).

    Returns (found works by key, reasons for the keys not found, merges old W → new W).
    """
    keys = list(dict.fromkeys(keys))
    found: dict[str, dict[str, Any]] = {}
    reasons: dict[str, str] = {}
    merges: dict[str, str] = {}
    todo = []
    for key in keys:
        record = client.records.get(f"{SERVICE}/{kind}/{key}")
        if record is None:
            todo.append(key)
        elif "work" in record:
            found[key] = record["work"]
            if record.get("merged_into"):
                merges[key] = record["merged_into"]
        else:
            reasons[key] = record["missing"]
    singles = [k for k in todo if any(c in k for c in _FILTER_UNSAFE)]
    batchable = [k for k in todo if k not in singles]
    chunks = [batchable[i : i + BATCH] for i in range(0, len(batchable), BATCH)]
    progress = Progress(f"{SERVICE} {kind}s", len(todo))

    def run(task: tuple[list[str], bool]) -> tuple[dict, dict, dict]:
        chunk, batch = task
        result = _fetch_batch(client, kind, chunk) if batch else _fetch_singles(client, kind, chunk)
        progress.step(len(chunk))
        return result

    tasks = [(chunk, True) for chunk in chunks] + [([key], False) for key in singles]
    for part_found, part_reasons, part_merges in client.map(run, tasks):
        found.update(part_found)
        reasons.update(part_reasons)
        merges.update(part_merges)
    return found, reasons, merges


def _fetch_batch(client: HttpClient, kind: str, chunk: list[str]) -> tuple[dict, dict, dict]:
    name = "doi" if kind == "doi" else "openalex"
    params = {"filter": f"{name}:" + "|".join(chunk), "per-page": str(max(BATCH, len(chunk)))}
    reply = client.get("/works", params)
    if not reply.ok:
        return {}, {key: reply.error for key in chunk}, {}
    by_key = {}
    for work in reply.data.get("results", []):
        by_key[doi_or_empty(work.get("doi")) if kind == "doi" else _wid(work)] = _slim(work)
    found = {k: by_key[k] for k in chunk if k in by_key}
    missing = [k for k in chunk if k not in by_key]
    aliases = {f"{SERVICE}/id/{_wid(w)}": {"work": w} for w in found.values()}
    reasons: dict[str, str] = {}
    merges: dict[str, str] = {}
    if kind == "id" and missing:
        more, reasons, merges = _fetch_singles(client, kind, missing, save=False)
        found.update(more)
    else:
        reasons = {k: f"not found at {SERVICE}" for k in missing}
    client.records.put_many({**aliases, **_records(kind, found, reasons, merges)})
    return found, reasons, merges


def _fetch_singles(
    client: HttpClient, kind: str, keys: list[str], save: bool = True
) -> tuple[dict, dict, dict]:
    found: dict[str, dict[str, Any]] = {}
    reasons: dict[str, str] = {}
    merges: dict[str, str] = {}
    for key in keys:
        path = "/works/" + (quote(f"doi:{key}", safe="/:") if kind == "doi" else key)
        reply = client.get(path)
        if reply.ok:
            work = _slim(reply.data)
            found[key] = work
            if kind == "id" and _wid(work) != key:
                merges[key] = _wid(work)
        else:
            reasons[key] = reply.error
    if save:
        client.records.put_many(_records(kind, found, reasons, merges))
    return found, reasons, merges


def _records(kind: str, found: dict, reasons: dict, merges: dict) -> dict[str, dict]:
    """The per-key records kept for a rerun: each work found (and what it was merged
    into), and each key the service answered as not found."""
    records = {
        f"{SERVICE}/{kind}/{k}": {"work": w, "merged_into": merges.get(k, "")}
        for k, w in found.items()
    }
    records.update(
        {
            f"{SERVICE}/{kind}/{k}": {"missing": r}
            for k, r in reasons.items()
            if r.startswith("not found")
        }
    )
    return records


def parse_work(work: dict[str, Any], doi: str = "") -> Fetched:
    """An OpenAlex work as metadata (references are added by :func:`fetch`)."""
    metadata = work_metadata(work)
    doi = doi or metadata["doi"]
    reported = int(work.get("referenced_works_count") or len(_referenced(work)))
    return Fetched(doi, True, "", metadata, [], reported, _wid(work))


def work_metadata(work: dict[str, Any]) -> dict[str, Any]:
    """Paper fields of an OpenAlex work."""
    biblio = work.get("biblio") or {}
    pages = "-".join(p for p in (biblio.get("first_page"), biblio.get("last_page")) if p)
    if biblio.get("first_page") == biblio.get("last_page"):
        pages = biblio.get("first_page") or ""
    source = ((work.get("primary_location") or {}).get("source")) or {}
    doi = doi_or_empty(work.get("doi"))
    return {
        "doi": doi,
        "title": work.get("title") or work.get("display_name") or "",
        "authors": "; ".join(
            surname_given((a.get("author") or {}).get("display_name") or "")
            for a in work.get("authorships") or []
        ),
        "year": year_or_none(work.get("publication_year")),
        "venue": source.get("display_name") or "",
        "volume": biblio.get("volume") or "",
        "issue": biblio.get("issue") or "",
        "pages": pages,
        "publisher": source.get("host_organization_name") or "",
        "kind": work.get("type") or "",
        "url": f"https://doi.org/{doi}" if doi else "",
    }


def reference_row(
    citing_doi: str, position: int, wid: str, cited: dict[str, Any] | None
) -> dict[str, Any]:
    """A REFERENCE_COLUMNS row for the ``position``-th referenced work."""
    meta = work_metadata(cited) if cited else {}
    authors = meta.get("authors", "")
    return {
        "position": position,
        "source": SERVICE,
        "origin": f"{SERVICE}:{citing_doi}#{position}",
        "authors": authors,
        "first_author": authors.split(";")[0].split(",")[0].strip(),
        "year": meta.get("year"),
        "title": meta.get("title", ""),
        "venue": meta.get("venue", ""),
        "volume": meta.get("volume", ""),
        "issue": meta.get("issue", ""),
        "pages": meta.get("pages", ""),
        "publisher": meta.get("publisher", ""),
        "doi": meta.get("doi", ""),
        "openalex_id": wid,
        "kind": meta.get("kind", ""),
    }


def _wid(work: dict[str, Any]) -> str:
    return normalize_openalex_id(work.get("id", "")) or ""


def _referenced(work: dict[str, Any]) -> list[str]:
    return [w for w in (normalize_openalex_id(u) for u in work.get("referenced_works") or []) if w]


def _slim(work: dict[str, Any]) -> dict[str, Any]:
    """The fields refnet reads (keeps the records small)."""
    source = ((work.get("primary_location") or {}).get("source")) or {}
    return {
        "id": work.get("id", ""),
        "doi": work.get("doi") or "",
        "title": work.get("title") or work.get("display_name") or "",
        "publication_year": work.get("publication_year"),
        "type": work.get("type") or "",
        "authorships": [
            {"author": {"display_name": (a.get("author") or {}).get("display_name") or ""}}
            for a in work.get("authorships") or []
        ],
        "primary_location": {
            "source": {
                "display_name": source.get("display_name") or "",
                "host_organization_name": source.get("host_organization_name") or "",
            }
        },
        "biblio": work.get("biblio") or {},
        "referenced_works": work.get("referenced_works") or [],
        "referenced_works_count": work.get("referenced_works_count") or 0,
    }
