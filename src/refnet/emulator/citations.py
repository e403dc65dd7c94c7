"""The emulator's citation routes: who cites a work, at OpenAlex, OpenCitations and S2.

- OpenAlex ``/works?filter=cites:W1|W2&per-page=&cursor=&select=``: the works whose
  ``referenced_works`` hold one of the ids, in id order, cursor-paged (``next_cursor``
  null at the end), ``select`` keeping the named top-level fields.
- OpenCitations ``/index/v2/citations/doi:{doi}`` and ``citation-count``: Index v2 rows
  (``citing`` and ``cited`` as PID lists), no paging.
- Semantic Scholar ``GET /paper/{id}/citations?fields=&offset=&limit=``:
  ``{"offset", "next", "data": [{"citingPaper": {...}}]}``, ``next`` absent on the last
  page; 404 ``{"error": "Paper with id … not found"}``; 400 past ``limit`` 1000 or
  ``offset + limit`` 10,000.

Citing works come from the recorded payloads (OpenAlex ``referenced_works`` inverted, the
COCI ``/citations`` cassettes, the ``citations`` of the recorded S2 paper) and, with
``Store.synth_citations > 0``, from synthetic works: every synthetic work is cited by
``synth_citations`` works ``10.5555/citing.<n>`` drawn from ``synth_pool`` (so that one
citing work can cite several review papers), the same ones at all three services.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from refnet.emulator.store import OPENALEX, Store, _doi_key, _pool_doi, _short_w

CITING_PREFIX = "10.5555/citing."
S2_MAX_LIMIT = 1000
S2_MAX_WINDOW = 10_000
OPENALEX_MAX_PER_PAGE = 200


def _hash(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)


# -- who cites what -------------------------------------------------------------------------


def synth_citing_dois(store: Store, doi_key: str) -> list[str]:
    """The synthetic works citing ``doi_key`` (none unless ``synth_citations > 0``)."""
    if store.synth_citations <= 0 or not doi_key.startswith("10.") or _is_citing(doi_key):
        return []
    pool = store.synth_pool or 10**9
    picked = {_hash(f"{doi_key}#cited-by#{i}") % pool for i in range(store.synth_citations)}
    return [f"{CITING_PREFIX}{n}" for n in sorted(picked)]


def _is_citing(doi_key: str) -> bool:
    return doi_key.startswith(CITING_PREFIX)


def _doi_of_wid(store: Store, wid: str) -> str:
    """The DOI of an OpenAlex id the store knows (real, pool or synthetic review work)."""
    work = store.openalex.get(wid)
    if work is not None:
        return _doi_key(work.get("doi") or "")
    if wid.startswith("W9"):
        return _pool_doi(wid)
    return store.synth_doi_of_wid.get(wid, "")


def openalex_citing(store: Store, wid: str) -> list[dict[str, Any]]:
    """OpenAlex works citing ``wid``: real ones, then synthetic ones."""
    wid = _short_w(wid)
    index = store.citing_index("openalex")
    out = [store.openalex[w] for w in index.get(wid, [])]
    doi = _doi_of_wid(store, wid)
    for citing in synth_citing_dois(store, doi) if doi else []:
        work = store.openalex_by_doi(citing)
        if work is not None:
            out.append({**work, "referenced_works": [*work["referenced_works"], OPENALEX + wid]})
    return out


def opencitations_citing(store: Store, doi: str) -> list[dict[str, str]]:
    """Index v2 rows of the citations of ``doi``."""
    key = _doi_key(doi)
    rows = list(store.citing_index("opencitations").get(key, []))
    for citing in synth_citing_dois(store, key):
        rows.append(
            {
                "oci": f"{_hash(citing) % 10**11}-{_hash(key) % 10**11}",
                "citing": f"omid:br/{_hash(citing) % 10**9} doi:{citing}",
                "cited": f"doi:{key}",
                "creation": f"{2010 + _hash(citing) % 15}-01-01",
                "timespan": "P1Y",
                "journal_sc": "no",
                "author_sc": "no",
            }
        )
    return rows


def semanticscholar_citing(store: Store, doi: str) -> list[dict[str, Any]] | None:
    """S2 papers citing ``doi``; None when S2 does not know the paper."""
    key = _doi_key(doi)
    if store.semanticscholar_paper(key) is None:
        return None
    papers = list(store.citing_index("semanticscholar").get(key, []))
    for citing in synth_citing_dois(store, key):
        paper = store.semanticscholar_paper(citing)
        if paper is not None:
            papers.append(paper)
    return papers


# -- routes ---------------------------------------------------------------------------------


def openalex_cites_route(store: Store, values: list[str], query: dict[str, str]) -> Any:
    """``/works?filter=cites:W1|W2``: (status, body, headers)."""
    per_page = int(query.get("per-page", query.get("per_page", "25")) or 25)
    if per_page > OPENALEX_MAX_PER_PAGE:
        return 400, {"error": "Invalid per-page", "message": "per-page must be <= 200"}, {}
    by_id: dict[str, dict[str, Any]] = {}
    for value in values:
        for work in openalex_citing(store, value):
            seen = by_id.get(work["id"])
            if seen is None:
                by_id[work["id"]] = work
            else:
                refs = list(dict.fromkeys([*seen["referenced_works"], *work["referenced_works"]]))
                by_id[work["id"]] = {**seen, "referenced_works": refs}
    works = [by_id[k] for k in sorted(by_id)]
    cursor = query.get("cursor", "")
    try:
        start = _decode_cursor(cursor) if cursor and cursor != "*" else 0
    except ValueError:
        return 400, {"error": "Invalid cursor", "message": f"'{cursor}' is not a valid cursor"}, {}
    page = works[start : start + per_page]
    fields = [f for f in query.get("select", "").split(",") if f]
    if fields:
        page = [{k: w[k] for k in ("id", *fields) if k in w} for w in page]
    end = start + per_page
    meta = {
        "count": len(works),
        "db_response_time_ms": 1,
        "page": None if cursor else int(query.get("page", "1") or 1),
        "per_page": per_page,
        "next_cursor": _encode_cursor(end) if cursor and end < len(works) else None,
        "groups_count": None,
    }
    return 200, {"meta": meta, "results": page, "group_by": []}, {}


def _encode_cursor(offset: int) -> str:
    return base64.b64encode(json.dumps([offset]).encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        return int(json.loads(base64.b64decode(cursor.encode()))[0])
    except Exception as exc:  # any garbage is an invalid cursor
        raise ValueError(cursor) from exc


def opencitations_route(store: Store, operation: str, doi: str) -> Any:
    """``/citations/doi:…`` and ``/citation-count/doi:…``."""
    rows = opencitations_citing(store, doi)
    if operation == "citations":
        return 200, rows, {}
    return 200, [{"count": str(len(rows))}], {}


def semanticscholar_citations_route(store: Store, pid: str, query: dict[str, str]) -> Any:
    """``GET /paper/{id}/citations``: paged ``citingPaper`` items."""
    try:
        offset = int(query.get("offset", "0") or 0)
        limit = int(query.get("limit", "100") or 100)
    except ValueError:
        return 400, {"error": "offset and limit must be integers"}, {}
    if limit > S2_MAX_LIMIT:
        return 400, {"error": f"limit must be <= {S2_MAX_LIMIT}"}, {}
    if offset + limit >= S2_MAX_WINDOW:
        return 400, {"error": "offset + limit must be < 10000"}, {}
    papers = semanticscholar_citing(store, pid[4:]) if pid.upper().startswith("DOI:") else None
    if papers is None:
        return 404, {"error": f"Paper with id {pid} not found"}, {}
    fields = {f for f in query.get("fields", "title").split(",") if f}
    page = [
        {"citingPaper": {k: v for k, v in p.items() if k == "paperId" or k in fields}}
        for p in papers[offset : offset + limit]
    ]
    body: dict[str, Any] = {"offset": offset, "data": page}
    if offset + limit < len(papers):
        body["next"] = offset + limit
    return 200, body, {}


# -- indexes of the recorded data ------------------------------------------------------------


def build_index(store: Store, service: str) -> dict[str, list[Any]]:
    """Cited id → citing records, inverted from what the store holds."""
    index: dict[str, list[Any]] = {}
    if service == "openalex":
        for wid in sorted(store.openalex):
            for ref in store.openalex[wid].get("referenced_works") or []:
                index.setdefault(_short_w(ref), []).append(wid)
    elif service == "opencitations":
        for citing in sorted(store.opencitations):
            for row in store.opencitations[citing]:
                for pid in row.get("cited", "").split():
                    if pid.startswith("doi:"):
                        index.setdefault(_doi_key(pid[4:]), []).append(row)
        for cited, rows in store.opencitations_citations.items():
            index.setdefault(cited, []).extend(rows)
    elif service == "semanticscholar":
        for cited, papers in store.semanticscholar_citations.items():
            index.setdefault(cited, []).extend(papers)
    return index
