"""Forward citations: the works citing a review paper, at OpenAlex, OpenCitations and S2.

- OpenAlex: ``/works?filter=cites:W1|W2|…`` in OR-batches of :data:`OPENALEX_BATCH` ids,
  ``select=`` keeping the fields refnet reads, cursor paging. A batch whose citing works
  need more than :data:`BATCH_PAGES` pages, or more than the cap allows, is asked again
  paper by paper so that every paper's total is exact.
- OpenCitations Index v2: ``/citations/doi:{doi}``, one id per call, no paging.
- Semantic Scholar: ``/paper/DOI:{doi}/citations``, paged with ``offset``/``limit``.

Every answer goes through the shared HTTP layer (cache, rate limit, retries, failure
budget). Each paper's answer is also kept as a per-item record
(``<service>/citing/<id>``), so a changed batch (a paper added) asks only for the new
paper and a warm rerun sends nothing. Records are written once the answers are in
(``pending``), never while other threads write the HTTP cache: two SQLite writers on one
file from several threads can wait on each other. A record carries the date of the answer
(the HTTP ``Date`` header), which the discover stage uses as the date a candidate was
first seen. With ``max_age_days`` an answer older than that is asked again (its cached
HTTP answers are dropped first), so a rerun sees new citations.
"""

from __future__ import annotations

import datetime
import email.utils
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

from refnet.ids import normalize_openalex_id
from refnet.sources.common import doi_or_empty, surname_given, year_or_none
from refnet.sources.http import HttpClient, Progress, Reply
from refnet.sources.openalex import work_metadata
from refnet.sources.opencitations import cited_dois

OPENALEX_BATCH = 20  # W ids per cites: filter (the API allows 100 OR values)
PER_PAGE = 100  # OpenAlex page size (the newer docs' maximum)
BATCH_PAGES = 10  # pages followed for one batch before asking paper by paper
S2_LIMIT = 1000  # the citations route's largest page
S2_WINDOW = 10_000  # offset + limit must stay below this
OPENALEX_SELECT = ",".join(
    [
        "id",
        "doi",
        "title",
        "display_name",
        "publication_year",
        "type",
        "authorships",
        "primary_location",
        "biblio",
        "referenced_works",
        "referenced_works_count",
        "cited_by_count",
    ]
)
S2_FIELDS = "title,year,authors,venue,externalIds,referenceCount,citationCount"


@dataclass
class Citing:
    """The works one source says cite one review paper (``reason`` when none were read)."""

    source: str
    key: str  # the review paper's DOI (OpenCitations, S2) or W id (OpenAlex)
    works: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0  # citing works the service reports (or read, when it gives no total)
    date: str = ""  # YYYY-MM-DD of the answer
    reason: str = ""
    exact: bool = True  # False: the service has more than ``total`` (S2 gives no count)

    @property
    def fetched(self) -> bool:
        return not self.reason


def citing_work(**values: Any) -> dict[str, Any]:
    """A citing work in the one shape all sources give (missing values empty)."""
    work: dict[str, Any] = {
        "doi": "",
        "openalex_id": "",
        "s2_id": "",
        "title": "",
        "authors": "",
        "year": None,
        "venue": "",
        "kind": "",
        "references": None,  # W ids of its references (OpenAlex), None when unknown
        "references_count": 0,
        "cited_by_count": 0,
    }
    work.update(values)
    return work


def openalex_work(work: Mapping[str, Any]) -> dict[str, Any]:
    """An OpenAlex work (full or ``select``-ed) as a citing work."""
    meta = work_metadata(dict(work))
    refs = [w for w in (normalize_openalex_id(u) for u in work.get("referenced_works") or []) if w]
    return citing_work(
        doi=meta["doi"],
        openalex_id=normalize_openalex_id(work.get("id", "")) or "",
        title=meta["title"],
        authors=meta["authors"],
        year=meta["year"],
        venue=meta["venue"],
        kind=meta["kind"],
        references=refs if "referenced_works" in work else None,
        references_count=int(work.get("referenced_works_count") or len(refs)),
        cited_by_count=int(work.get("cited_by_count") or 0),
    )


def answer_date(reply: Reply) -> str:
    """The day of an answer from its ``Date`` header ("" when absent)."""
    value = {k.lower(): v for k, v in reply.headers.items()}.get("date", "")
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat() if value else ""
    except (TypeError, ValueError):
        return ""


# -- per-item records -----------------------------------------------------------------------


def _record_key(source: str, key: str) -> str:
    return f"{source}/citing/{key}"


def _from_record(client: HttpClient, source: str, key: str, cap: int) -> Citing | None:
    record = client.records.get(_record_key(source, key))
    if record is None:
        return None
    if "missing" in record:
        return Citing(source, key, reason=record["missing"], date=record.get("date", ""))
    works = record["works"]
    if len(works) < min(cap, record["total"]) and record.get("cap", 0) < cap:
        return None  # asked with a smaller cap than now: ask again
    exact = record.get("exact", True)
    return Citing(source, key, works[:cap], record["total"], record.get("date", ""), "", exact)


def _save(results: list[Citing], cap: int, records: dict[str, Any]) -> None:
    """Add the records of ``results`` to ``records`` (written later by the caller)."""
    for c in results:
        if c.fetched:
            value = {"works": c.works, "total": c.total, "date": c.date, "cap": cap}
            value["exact"] = c.exact
        elif c.reason.startswith("not found"):
            value = {"missing": c.reason, "date": c.date}
        else:
            continue  # a failure is not remembered: ask again next time
        records[_record_key(c.source, c.key)] = value


def _finish(client: HttpClient, records: dict[str, Any], pending: dict[str, Any] | None) -> None:
    if pending is None:
        client.records.put_many(records)
    else:
        pending.update(records)


def _split_known(
    client: HttpClient, source: str, keys: list[str], cap: int, max_age_days: int
) -> tuple[dict[str, Citing], list[str], set[str]]:
    """(answers in the records, keys to ask, keys whose recorded answer is too old)."""
    known, todo, stale = {}, [], set()
    oldest = ""
    if max_age_days > 0:
        oldest = (datetime.date.today() - datetime.timedelta(days=max_age_days)).isoformat()
    for key in dict.fromkeys(keys):
        citing = _from_record(client, source, key, cap)
        if citing is not None and oldest and citing.date and citing.date < oldest:
            stale.add(key)
            citing = None
        if citing is None:
            todo.append(key)
        else:
            known[key] = citing
    return known, todo, stale


def _get(client: HttpClient, path: str, params: Mapping[str, str] | None, fresh: bool) -> Reply:
    """``client.get``; ``fresh`` drops the cached answer first so the service is asked."""
    if fresh and client.available:
        query = {**client.params, **(params or {})}
        request = requests.Request("GET", client.base_url + path, params=query)
        client.session.cache.delete(requests=[request])
    return client.get(path, params)


# -- OpenAlex -------------------------------------------------------------------------------


def openalex_citing(
    client: HttpClient,
    wids: list[str],
    cap: int,
    pending: dict[str, Any] | None = None,
    max_age_days: int = 0,
) -> dict[str, Citing]:
    """Works citing each W id in ``wids`` (at most ``cap`` kept per id)."""
    out, todo, stale = _split_known(client, "openalex", wids, cap, max_age_days)
    chunks = [todo[i : i + OPENALEX_BATCH] for i in range(0, len(todo), OPENALEX_BATCH)]
    progress = Progress("openalex citing works", len(todo))
    records: dict[str, Any] = {}

    def run(chunk: list[str]) -> list[Citing]:
        fresh = bool(stale.intersection(chunk))
        result = _openalex_batch(client, chunk, cap, fresh)
        if result is None:
            result = [_openalex_single(client, wid, cap, wid in stale) for wid in chunk]
        _save(result, cap, records)
        progress.step(len(chunk))
        return result

    for part in client.map(run, chunks):
        out.update((c.key, c) for c in part)
    _finish(client, records, pending)
    return {wid: out[wid] for wid in wids}


def _openalex_pages(
    client: HttpClient, wids: list[str], limit: int, max_pages: int, fresh: bool = False
) -> tuple[list[dict[str, Any]], int, str, bool, str]:
    """(works, reported count, date, complete, error) of a cites: query."""
    params = {
        "filter": "cites:" + "|".join(wids),
        "per-page": str(PER_PAGE),
        "select": OPENALEX_SELECT,
        "cursor": "*",
    }
    works: list[dict[str, Any]] = []
    count, date = 0, ""
    for _ in range(max_pages):
        reply = _get(client, "/works", params, fresh)
        if not reply.ok or not isinstance(reply.data, dict):
            return works, count, date, False, reply.error or "unexpected answer"
        date = date or answer_date(reply)
        meta = reply.data.get("meta") or {}
        count = int(meta.get("count") or 0)
        works.extend(reply.data.get("results") or [])
        cursor = meta.get("next_cursor")
        if not cursor or not reply.data.get("results"):
            return works, count, date, True, ""
        if len(works) >= limit:
            return works, count, date, False, ""
        params = {**params, "cursor": cursor}
    return works, count, date, False, ""


def _openalex_batch(
    client: HttpClient, wids: list[str], cap: int, fresh: bool = False
) -> list[Citing] | None:
    """One OR-batch; None when it must be asked paper by paper."""
    if len(wids) == 1:
        return None
    works, _, date, complete, error = _openalex_pages(
        client, wids, cap * len(wids), BATCH_PAGES, fresh
    )
    if error:
        return [Citing("openalex", wid, reason=error) for wid in wids]
    if not complete:
        return None
    by_wid: dict[str, list[dict[str, Any]]] = {wid: [] for wid in wids}
    for work in works:
        parsed = openalex_work(work)
        for ref in dict.fromkeys(parsed["references"] or []):
            if ref in by_wid:
                by_wid[ref].append(parsed)
    if any(len(citing) > cap for citing in by_wid.values()):
        return None
    return [Citing("openalex", wid, by_wid[wid], len(by_wid[wid]), date) for wid in wids]


def _openalex_single(client: HttpClient, wid: str, cap: int, fresh: bool = False) -> Citing:
    pages = -(-cap // PER_PAGE)
    works, count, date, _, error = _openalex_pages(client, [wid], cap, pages, fresh)
    if error and not works:
        return Citing("openalex", wid, reason=error)
    return Citing("openalex", wid, [openalex_work(w) for w in works][:cap], count, date)


# -- OpenCitations --------------------------------------------------------------------------


def opencitations_citing(
    client: HttpClient,
    dois: list[str],
    cap: int,
    pending: dict[str, Any] | None = None,
    max_age_days: int = 0,
) -> dict[str, Citing]:
    """Works citing each DOI at OpenCitations Index v2 (DOI and year of each)."""
    return _each_doi(client, "opencitations", dois, cap, pending, max_age_days, _oc_citing)


def _oc_citing(client: HttpClient, doi: str, cap: int, fresh: bool = False) -> Citing:
    path = "/citations/" + quote(f"doi:{doi}", safe="/:")
    reply = _get(client, path, None, fresh)
    if not reply.ok or not isinstance(reply.data, list):
        return Citing("opencitations", doi, reason=reply.error or "unexpected answer")
    works = []
    for row in reply.data:
        found = cited_dois(row.get("citing", ""))
        if found:
            works.append(citing_work(doi=found[0], year=year_or_none(row.get("creation"))))
    return Citing("opencitations", doi, works[:cap], len(works), answer_date(reply))


# -- Semantic Scholar -----------------------------------------------------------------------


def semanticscholar_citing(
    client: HttpClient,
    dois: list[str],
    cap: int,
    pending: dict[str, Any] | None = None,
    max_age_days: int = 0,
) -> dict[str, Citing]:
    """Works citing each DOI at Semantic Scholar, paged."""
    return _each_doi(client, "semanticscholar", dois, cap, pending, max_age_days, _s2_pages)


def _each_doi(
    client: HttpClient,
    source: str,
    dois: list[str],
    cap: int,
    pending: dict[str, Any] | None,
    max_age_days: int,
    fetch: Callable[[HttpClient, str, int, bool], Citing],
) -> dict[str, Citing]:
    """One request chain per DOI not known yet, in parallel, each saved as it ends."""
    out, todo, stale = _split_known(client, source, dois, cap, max_age_days)
    progress = Progress(f"{source} citing works", len(todo))
    records: dict[str, Any] = {}

    def one(doi: str) -> Citing:
        citing = fetch(client, doi, cap, doi in stale)
        _save([citing], cap, records)
        progress.step()
        return citing

    for citing in client.map(one, todo):
        out[citing.key] = citing
    _finish(client, records, pending)
    return {doi: out[doi] for doi in dois}


def _s2_pages(client: HttpClient, doi: str, cap: int, fresh: bool = False) -> Citing:
    path = "/paper/" + quote(f"DOI:{doi}", safe="/:") + "/citations"
    works: list[dict[str, Any]] = []
    offset, date, more = 0, "", True
    while more and len(works) < cap:
        limit = min(S2_LIMIT, cap - len(works), S2_WINDOW - 1 - offset)
        if limit <= 0:
            break
        params = {"fields": S2_FIELDS, "offset": str(offset), "limit": str(limit)}
        reply = _get(client, path, params, fresh)
        if not reply.ok or not isinstance(reply.data, dict):
            if works:
                break
            return Citing("semanticscholar", doi, reason=reply.error or "unexpected answer")
        date = date or answer_date(reply)
        items = reply.data.get("data") or []
        works.extend(s2_work(item.get("citingPaper") or {}) for item in items)
        more = "next" in reply.data and bool(items)
        offset = int(reply.data.get("next") or offset + len(items))
    return Citing("semanticscholar", doi, works[:cap], len(works), date, "", not more)


def s2_work(paper: Mapping[str, Any]) -> dict[str, Any]:
    """A Semantic Scholar paper as a citing work."""
    ids = paper.get("externalIds") or {}
    authors = "; ".join(surname_given(a.get("name") or "") for a in paper.get("authors") or [])
    return citing_work(
        doi=doi_or_empty(ids.get("DOI")),
        s2_id=str(paper.get("paperId") or ""),
        title=paper.get("title") or "",
        authors=authors,
        year=year_or_none(paper.get("year")),
        venue=paper.get("venue") or "",
        references_count=int(paper.get("referenceCount") or 0),
        cited_by_count=int(paper.get("citationCount") or 0),
    )
