"""A loopback HTTP server speaking Crossref, OpenAlex, OpenCitations and Semantic Scholar.

Routes (each service under its own prefix, so base URLs point at ``http://host:port/<svc>``):

- ``/crossref/works/{doi}``, ``/crossref/works/{doi}/agency``, ``/crossref/works?filter=doi:…``,
  ``/crossref/works?query.bibliographic=…&rows=…&select=…`` (known works ranked by the
  words they share with the citation, with a ``score``)
- ``/openalex/works/{W…|doi:…}``, ``/openalex/works?filter=doi:a|b`` or ``openalex:W1|W2``
- ``/openalex/works?filter=cites:W1|W2&cursor=&select=`` (citing works, cursor-paged)
- ``/opencitations/index/v2/{references,reference-count,citations,citation-count}/doi:{doi}``
- ``POST /semanticscholar/graph/v1/paper/batch?fields=…``
- ``GET /semanticscholar/graph/v1/paper/{id}/citations?fields=&offset=&limit=``
  (the citation routes are in :mod:`refnet.emulator.citations`)
- control: ``GET /_emulator/stats``, ``POST /_emulator/faults``, ``POST /_emulator/reset``

It enforces a per-service rate limit (token bucket), adds latency, counts requests per
route and injects faults: 429 with Retry-After, 500/503/504 bursts, slow replies,
dropped connections, truncated JSON; merged OpenAlex ids answer 301.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from refnet.emulator import citations
from refnet.emulator.store import OPENALEX, Store, default_store

SERVICES = ("crossref", "openalex", "opencitations", "semanticscholar")
FAULT_KINDS = ("429", "500", "503", "504", "slow", "drop", "truncate")


@dataclass
class Fault:
    """``count`` requests to ``service`` (whose path contains ``match``) get ``kind``."""

    service: str
    kind: str
    count: int = 1
    match: str = ""
    retry_after: str = "1"  # seconds, or an HTTP date
    delay: float = 1.0  # for "slow"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(FAULT_KINDS)}")


class TokenBucket:
    """``rate`` requests per second with a burst of ``rate``; ``rate <= 0`` means no limit."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = max(rate, 1.0)
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        if self.rate <= 0:
            return True
        with self.lock:
            now = time.monotonic()
            self.tokens = min(max(self.rate, 1.0), self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True
            return False


@dataclass
class Record:
    """One request as received (for tests: counts, paths, headers)."""

    service: str
    route: str
    method: str
    target: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class EmulatorState:
    """What the handler reads and writes: store, limits, faults, counters."""

    store: Store
    rate: float = 0.0
    latency: float = 0.0
    date: str = ""  # a fixed HTTP Date header (RFC 1123), "" for the clock
    faults: list[Fault] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    buckets: dict[str, TokenBucket] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bucket(self, service: str) -> TokenBucket:
        with self.lock:
            if service not in self.buckets:
                self.buckets[service] = TokenBucket(self.rate)
            return self.buckets[service]

    def take_fault(self, service: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.service == service and fault.count > 0 and fault.match in path:
                    fault.count -= 1
                    return fault
        return None

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(f"{r.service}:{r.route}" for r in self.records)


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the services by path prefix."""

    server: EmulatorHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def date_time_string(self, timestamp: float | None = None) -> str:
        return self.server.state.date or super().date_time_string(timestamp)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    # -- plumbing -------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if parts.path.startswith("/_emulator/"):
            self._control(parts.path, body)
            return
        service, _, rest = parts.path.lstrip("/").partition("/")
        if service not in SERVICES:
            self._send(404, {"error": f"unknown service {service!r}"})
            return
        route = _route(service, "/" + rest, parts.query)
        record = Record(service, route, method, self.path, dict(self.headers.items()))
        with state.lock:
            state.records.append(record)
        if state.latency:
            time.sleep(state.latency)
        fault = state.take_fault(service, unquote(parts.path))
        if fault is not None and self._fault(fault, service, record):
            return
        if not state.bucket(service).take():
            record.status = 429
            self._send(429, _too_many(service), {"Retry-After": "1"})
            return
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        handler = getattr(self, f"_{service}")
        status, payload, headers = handler(method, "/" + rest, query, body)
        record.status = status
        self._send(status, payload, headers)

    def _fault(self, fault: Fault, service: str, record: Record) -> bool:
        """Apply ``fault``; True when the reply has been sent (or the connection dropped)."""
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return False
        if fault.kind == "drop":
            record.status = -1
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if fault.kind == "truncate":
            record.status = 200
            text = b'{"status":"ok","message":{"DOI":"10.'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
            return True
        status = int(fault.kind)
        record.status = status
        payload = _too_many(service) if status == 429 else {"error": "Server error"}
        self._send(status, payload, {"Retry-After": fault.retry_after})
        return True

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(payload, (bytes, str)):
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
            ctype = "text/plain"
        else:
            data = json.dumps(payload).encode("utf-8")
            ctype = "application/json"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _control(self, path: str, body: bytes) -> None:
        state = self.server.state
        if path == "/_emulator/stats":
            self._send(200, {"counts": dict(sorted(state.counts().items()))})
        elif path == "/_emulator/faults":
            specs = json.loads(body or b"[]")
            with state.lock:
                state.faults.extend(Fault(**spec) for spec in specs)
            self._send(200, {"faults": len(state.faults)})
        elif path == "/_emulator/reset":
            with state.lock:
                state.records.clear()
                state.faults.clear()
            self._send(200, {"reset": True})
        else:
            self._send(404, {"error": "unknown control route"})

    # -- Crossref -------------------------------------------------------------------------

    def _crossref(self, method: str, path: str, query: dict[str, str], body: bytes) -> Any:
        store = self.server.state.store
        polite = "mailto:" in self.headers.get("User-Agent", "") or "mailto" in query
        rate = str(int(self.server.state.rate)) if self.server.state.rate > 0 else "50"
        if path == "/works":
            headers = _crossref_headers(rate, "polite-array" if polite else "public-array")
            rows = query.get("rows", "20")
            if not rows.isdigit() or int(rows) > 1000:
                return 400, _validation("integer-not-valid", rows), headers
            if "query.bibliographic" in query:
                text = query["query.bibliographic"]
                items = store.crossref_search(text, int(rows))
                return 200, _crossref_list(items, query.get("select", ""), text), headers
            dois = [v[4:] for v in query.get("filter", "").split(",") if v.startswith("doi:")]
            items = [w for w in (store.crossref_work(d) for d in dois) if w]
            return 200, _crossref_list(items, query.get("select", "")), headers
        headers = _crossref_headers(rate, "polite-single" if polite else "public-single")
        if not path.startswith("/works/"):
            return 404, "Resource not found.", headers
        if "select" in query:
            return 400, _validation("parameter-not-allowed", "select"), headers
        doi = unquote(path[len("/works/") :])
        agency = doi.endswith("/agency")
        work = store.crossref_work(doi[: -len("/agency")] if agency else doi)
        if work is None:
            return 404, "Resource not found.", headers
        if agency:
            message = {"DOI": work["DOI"], "agency": {"id": "crossref", "label": "Crossref"}}
            return 200, _crossref_envelope("work-agency", message), headers
        return 200, _crossref_envelope("work", work), headers

    # -- OpenAlex -------------------------------------------------------------------------

    def _openalex(self, method: str, path: str, query: dict[str, str], body: bytes) -> Any:
        state = self.server.state
        store = state.store
        if path == "/works":
            return self._openalex_list(query)
        if not path.startswith("/works/"):
            return 404, {"error": "Not found", "message": f"{path} not found"}, {}
        key = unquote(path[len("/works/") :])
        if key.upper().startswith("W"):
            wid = key.upper()
            if wid in store.merged:
                return (
                    301,
                    {"redirect": store.merged[wid]},
                    {"Location": f"/openalex/works/{store.merged[wid]}"},
                )
            work = store.openalex_by_id(wid)
        else:
            work = store.openalex_by_doi(key[4:] if key.lower().startswith("doi:") else key)
        if work is None:
            return 404, {"error": "Not found", "message": f"Work {key} not found"}, {}
        return 200, work, {}

    def _openalex_list(self, query: dict[str, str]) -> Any:
        store = self.server.state.store
        per_page = int(query.get("per-page", query.get("per_page", "25")) or 25)
        if per_page > 200:
            return 400, {"error": "Invalid per-page", "message": "per-page must be <= 200"}, {}
        name, _, values = query.get("filter", "").partition(":")
        items = [v for v in values.split("|") if v]
        if len(items) > 100:
            return 400, {"error": "Invalid filter", "message": "at most 100 OR values"}, {}
        if name == "cites":
            return citations.openalex_cites_route(store, items, query)
        if name == "doi":
            found = [store.openalex_by_doi(v) for v in items]
        elif name in ("openalex", "openalex_id", "ids.openalex"):
            found = [store.openalex_by_id(v) for v in items]
        else:
            return 400, {"error": "Invalid filter", "message": f"Unknown filter field: {name}"}, {}
        seen: dict[str, dict[str, Any]] = {}
        for work in found:
            if work is not None:
                seen.setdefault(work["id"], work)
        results = list(seen.values())[:per_page]
        meta = {"count": len(seen), "db_response_time_ms": 1, "page": 1, "per_page": per_page}
        return 200, {"meta": {**meta, "groups_count": None}, "results": results, "group_by": []}, {}

    # -- OpenCitations --------------------------------------------------------------------

    def _opencitations(self, method: str, path: str, query: dict[str, str], body: bytes) -> Any:
        store = self.server.state.store
        prefix = "/index/v2/"
        if not path.startswith(prefix):
            return 404, {"error": "unknown route"}, {}
        operation, _, pid = path[len(prefix) :].partition("/")
        pid = unquote(pid).lower()
        if not pid.startswith("doi:"):
            return 400, {"error": f"unsupported id {pid}"}, {}
        if operation in ("citations", "citation-count"):
            return citations.opencitations_route(store, operation, pid[4:])
        rows = store.opencitations_refs(pid[4:])
        if operation == "references":
            return 200, rows, {}
        if operation == "reference-count":
            return 200, [{"count": str(len(rows))}], {}
        return 404, {"error": "unknown operation"}, {}

    # -- Semantic Scholar -----------------------------------------------------------------

    def _semanticscholar(self, method: str, path: str, query: dict[str, str], body: bytes) -> Any:
        store = self.server.state.store
        if path.startswith("/graph/v1/paper/") and path.endswith("/citations") and method == "GET":
            pid = unquote(path[len("/graph/v1/paper/") : -len("/citations")])
            return citations.semanticscholar_citations_route(store, pid, query)
        if path != "/graph/v1/paper/batch" or method != "POST":
            return 404, {"error": f"Paper with id {path} not found"}, {}
        try:
            ids = json.loads(body or b"{}")["ids"]
        except (ValueError, KeyError):
            return 400, {"error": 'Unacceptable request body: expected {"ids": [...]}'}, {}
        if len(ids) > 500:
            return 400, {"error": "Too many ids in request: ids must be 500 or fewer"}, {}
        fields = {f.split(".")[0] for f in query.get("fields", "title").split(",") if f}
        out = []
        for pid in ids:
            paper = store.semanticscholar_paper(pid[4:]) if pid.upper().startswith("DOI:") else None
            out.append(None if paper is None else _select(paper, fields))
        return 200, out, {}


class EmulatorHTTPServer(ThreadingHTTPServer):
    """The server; ``state`` holds the store, limits, faults and the request log."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: EmulatorState) -> None:
        super().__init__(address, Handler)
        self.state = state


class Emulator:
    """Start and stop the emulator in a background thread; read its counters.

    >>> with Emulator(rate=100) as emu:  # doctest: +SKIP
    ...     emu.url  # "http://127.0.0.1:PORT"
    """

    def __init__(
        self,
        *,
        port: int = 0,
        rate: float = 0.0,
        latency_ms: float = 0.0,
        store: Store | None = None,
        faults: list[Fault] | None = None,
        date: str = "",
    ) -> None:
        self.state = EmulatorState(store or default_store(), rate, latency_ms / 1000.0, date)
        self.state.faults.extend(faults or [])
        self.httpd = EmulatorHTTPServer(("127.0.0.1", port), self.state)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def base_urls(self) -> dict[str, str]:
        """Base URLs for ``sources.base_urls``."""
        return {
            "crossref": f"{self.url}/crossref",
            "openalex": f"{self.url}/openalex",
            "opencitations": f"{self.url}/opencitations/index/v2",
            "semanticscholar": f"{self.url}/semanticscholar/graph/v1",
        }

    def inject(self, service: str, kind: str, count: int = 1, **options: Any) -> None:
        """Queue ``count`` faults of ``kind`` for ``service``."""
        with self.state.lock:
            self.state.faults.append(Fault(service, kind, count, **options))

    def counts(self) -> Counter[str]:
        """Requests received per ``service:route``."""
        return self.state.counts()

    def records(self) -> list[Record]:
        with self.state.lock:
            return list(self.state.records)

    def reset(self) -> None:
        with self.state.lock:
            self.state.records.clear()
            self.state.faults.clear()
            self.state.buckets.clear()

    def start(self) -> Emulator:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- bodies ---------------------------------------------------------------------------------


def _route(service: str, path: str, query: str = "") -> str:
    """The route template of a request, for counting."""
    if service == "crossref":
        if path == "/works":
            return "/works?query" if "query.bibliographic" in query else "/works"
        return "/works/{doi}/agency" if path.endswith("/agency") else "/works/{doi}"
    if service == "openalex":
        if path == "/works":
            return "/works?cites" if "filter=cites" in unquote(query) else "/works"
        return "/works/{id}"
    if service == "opencitations":
        return "/" + path.strip("/").split("/")[2] if path.count("/") >= 3 else path
    if path.endswith("/citations"):
        return "/paper/{id}/citations"
    return path


def _too_many(service: str) -> Any:
    if service == "semanticscholar":
        return {"message": "Too Many Requests. Please wait and try again.", "code": "429"}
    if service == "openalex":
        return {"error": "Rate limit exceeded", "message": "Please retry in 1s", "retryAfter": 1}
    return (
        "<html><body><h1>429 Too Many Requests</h1>You have sent too many requests.</body></html>"
    )


def _crossref_headers(rate: str, pool: str) -> dict[str, str]:
    return {"x-rate-limit-limit": rate, "x-rate-limit-interval": "1s", "x-api-pool": pool}


def _crossref_envelope(kind: str, message: Any) -> dict[str, Any]:
    return {"status": "ok", "message-type": kind, "message-version": "1.0.0", "message": message}


def _crossref_list(
    items: list[dict[str, Any]], select: str = "", terms: str | None = None
) -> dict[str, Any]:
    """Crossref's ``work-list`` envelope; ``select`` keeps only the named fields."""
    fields = {f for f in select.split(",") if f}
    if fields:
        items = [{k: v for k, v in item.items() if k in fields} for item in items]
    message = {
        "facets": {},
        "total-results": len(items),
        "items": items,
        "items-per-page": len(items),
        "query": {"start-index": 0, "search-terms": terms},
    }
    return _crossref_envelope("work-list", message)


def _validation(kind: str, value: str) -> dict[str, Any]:
    text = f"This route does not support {value}"
    return {
        "status": "failed",
        "message-type": "validation-failure",
        "message": [{"type": kind, "value": value, "message": text}],
    }


def _select(paper: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    return {k: v for k, v in paper.items() if k == "paperId" or k in fields}


__all__ = ["OPENALEX", "Emulator", "EmulatorState", "Fault"]
