"""The one HTTP layer: persistent cache, per-service rate limit, retries, failure budget.

Every online source talks through an :class:`HttpClient`. Answers (404 included) are
kept in a SQLite cache (``requests-cache``; SQLite commits each answer in a transaction,
so a killed run leaves a readable cache). Offline, or once a host is unreachable, the
client answers from the cache only and never waits on the network.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin

import requests
import requests_cache
import urllib3.exceptions

from refnet import __version__

log = logging.getLogger("refnet.sources")

#: Statuses worth another try (Crossref and OpenAlex advice, and a transient 500);
#: never 400, 401, 404.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Answers kept in the cache: successes and definite negatives.
CACHED_STATUSES = (200, 301, 404)
#: Redirects followed (a merged OpenAlex id answers 301).
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
#: Query parameters and headers that never reach the cache key, the cache or a log.
SECRET_NAMES = (
    "api_key",
    "api-key",
    "mailto",
    "x-api-key",
    "authorization",
    "crossref-plus-api-token",
    "user-agent",
)
#: Longest wait honoured from a Retry-After header (seconds).
MAX_RETRY_AFTER = 60.0

_SECRET_IN_URL = re.compile(r"(?i)\b(api_key|api-key|mailto)=[^&\s\"']+")


class RedactSecrets(logging.Filter):
    """Masks keys in URLs that urllib3 logs at DEBUG level."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SECRET_IN_URL.search(message):
            record.msg = _SECRET_IN_URL.sub(r"\1=***", message)
            record.args = ()
        return True


def _redact_library_logs() -> None:
    """urllib3 and requests-cache log full URLs at DEBUG level: mask the keys in them."""
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in _LIBRARIES]
    for name in [*_LIBRARIES, *names]:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


_LIBRARIES = ("urllib3", "requests_cache", "requests")
_redact_library_logs()

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Reply:
    """One answer: ``status`` 0 means no HTTP answer (offline, unreachable, stopped)."""

    status: int
    data: Any = None
    from_cache: bool = False
    error: str = ""
    redirects: list[str] = field(default_factory=list)
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def not_found(self) -> bool:
        return self.status == 404


class Records:
    """Per-item answers (one work per key, negatives included) beside the HTTP cache.

    Batch answers are cached whole by the HTTP cache; these per-item records let a
    changed batch (a DOI added to the review) fetch only the items not seen before.
    Keys hold text from the review (DOIs may contain quotes): every statement passes them
    as SQL parameters, never inside the SQL text. The table is the one requests-cache's
    ``SQLiteDict`` made (key, value, expires), so older caches stay readable.
    """

    TABLE = "records"

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {self.TABLE} "
                "(key PRIMARY KEY, value BLOB, expires INTEGER)"
            )
            self._db.commit()

    def get(self, key: str) -> Any | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT value FROM {self.TABLE} WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else json.loads(row[0])

    def put_many(self, items: Mapping[str, Any]) -> None:
        if items:
            rows = [(key, json.dumps(value, sort_keys=True), None) for key, value in items.items()]
            with self._lock, self._db:  # one transaction
                self._db.executemany(
                    f"INSERT OR REPLACE INTO {self.TABLE} (key, value, expires) VALUES (?, ?, ?)",
                    rows,
                )


@dataclass
class HttpCache:
    """The cached session and the per-item records, in one SQLite file."""

    session: requests_cache.CachedSession
    records: Records
    path: Path


def open_cache(path: str | Path) -> HttpCache:
    """The cache in the folder ``path`` (file ``http.sqlite``, created when absent)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "http.sqlite"
    backend = requests_cache.SQLiteCache(str(db), wal=True, busy_timeout=30000)
    session = requests_cache.CachedSession(
        backend=backend,
        expire_after=requests_cache.NEVER_EXPIRE,
        allowable_codes=CACHED_STATUSES,
        allowable_methods=("GET", "POST"),
        ignored_parameters=SECRET_NAMES,
        stale_if_error=False,
        filter_fn=_worth_caching,
    )
    adapter = requests.adapters.HTTPAdapter(pool_connections=8, pool_maxsize=32, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return HttpCache(session, Records(db), db)


def _worth_caching(response: requests.Response) -> bool:
    """Cache a 404, or a 200 whose body is whole JSON (never a truncated or error body)."""
    if response.status_code in (301, 404):
        return True
    try:
        response.json()
    except ValueError:
        return False
    return True


def user_agent(mailto: str = "") -> str:
    """``refnet/<version> (mailto:...)``: the polite identification the services ask for."""
    contact = f" (mailto:{mailto})" if mailto else ""
    return f"refnet/{__version__}{contact}"


class RateLimiter:
    """Spaces requests ``1/rate`` seconds apart, shared by all threads of one service."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)

    def slow_to(self, rate: float) -> None:
        """Adopt a lower rate announced by the service (never a higher one)."""
        if rate > 0:
            with self._lock:
                self.interval = max(self.interval, 1.0 / rate)


class Progress:
    """Logs count, rate and estimated time left of a long fetch, at most every few seconds."""

    def __init__(self, label: str, total: int, every: float = 5.0) -> None:
        self.label, self.total, self.every = label, total, every
        self.done = 0
        self._start = self._last = time.monotonic()
        self._lock = threading.Lock()

    def step(self, n: int = 1) -> None:
        with self._lock:
            self.done += n
            now = time.monotonic()
            if now - self._last < self.every and self.done < self.total:
                return
            self._last = now
            elapsed = max(now - self._start, 1e-9)
            rate = self.done / elapsed
            left = (self.total - self.done) / rate if rate else 0.0
            log.info(
                "%s: %d/%d done, %.1f/s, about %.0f s left",
                self.label,
                self.done,
                self.total,
                rate,
                left,
            )


class HttpClient:
    """Cached, rate-limited, retrying access to one service.

    ``offline`` answers from the cache only. A connection refused or a DNS failure marks
    the host unreachable at once (cache only from then on). Once at least
    ``min_requests`` requests went to the network, more than ``max_failure_share`` of them
    failed (after their retries) stops the source; :attr:`stopped` then says why and how
    many requests it saw.
    """

    def __init__(
        self,
        service: str,
        base_url: str,
        cache: HttpCache,
        *,
        mailto: str = "",
        rate: float = 10.0,
        concurrency: int = 3,
        timeout: float = 30.0,
        offline: bool = False,
        max_failure_share: float = 0.1,
        retries: int = 4,
        backoff: float = 1.0,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        min_requests: int = 20,
    ) -> None:
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.cache = cache
        self.session = cache.session
        self.records = cache.records
        self.limiter = RateLimiter(rate)
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.offline = offline
        self.max_failure_share = max_failure_share
        self.retries = retries
        self.backoff = backoff
        self.min_requests = min_requests
        self.params = dict(params or {})
        self.headers = {"User-Agent": user_agent(mailto), "Accept": "application/json"}
        self.headers.update(headers or {})
        self.stopped = ""
        self.requests = 0  # requests sent over the network (retries included)
        self.calls = 0  # requests that went to the network (each with its retries)
        self.cached = 0  # answers taken from the cache
        self.failures = 0  # requests that ended without a usable answer
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(self.concurrency)
        # Offline nothing is written, so an empty cache stays empty: skip every lookup.
        self._nothing_to_find = offline and len(self.session.cache.responses) == 0

    # -- public ---------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Reply:
        """GET ``base_url + path`` (``path`` already percent-encoded)."""
        return self._request("GET", path, params, None)

    def post_json(self, path: str, body: Any, params: Mapping[str, str] | None = None) -> Reply:
        """POST a JSON body to ``base_url + path``."""
        return self._request("POST", path, params, body)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``fn`` over ``items`` with the service's bounded concurrency, in input order."""
        items = list(items)
        # with nothing to find (offline, empty cache) every answer is immediate: threads
        # would only add their hand-offs (100,000 DOIs: seconds per service)
        if self.concurrency == 1 or len(items) <= 1 or self._nothing_to_find:
            return [fn(item) for item in items]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(fn, items))

    @property
    def available(self) -> bool:
        """Whether the network may still be used."""
        return not (self.offline or self.stopped)

    def why_unavailable(self) -> str:
        if self.offline:
            return "offline: not in the cache"
        return f"{self.stopped}; not in the cache"

    # -- internals ------------------------------------------------------------------------

    def _request(
        self, method: str, path: str, params: Mapping[str, str] | None, body: Any
    ) -> Reply:
        url = self.base_url + path
        query = {**self.params, **(params or {})}
        redirects: list[str] = []
        while True:
            kwargs: dict[str, Any] = {"params": query, "headers": self.headers}
            if body is not None:
                kwargs["json"] = body
            reply = self._one(method, url, kwargs)
            location = reply.headers.get("Location", "")
            if reply.status not in REDIRECTS or not location or len(redirects) >= MAX_REDIRECTS:
                reply.redirects = redirects
                return reply
            # followed by hand, so that every hop is cached (and redacted) on its own
            redirects.append(location)
            url = urljoin(url, location).split("?", 1)[0]
            query = dict(self.params)
            method, body = ("GET", None) if reply.status == 303 else (method, body)

    def _one(self, method: str, url: str, kwargs: dict[str, Any]) -> Reply:
        if self._nothing_to_find:
            return Reply(0, error=self.why_unavailable())
        cached = self.session.request(method, url, only_if_cached=True, **kwargs)
        if cached.status_code != 504:
            with self._lock:
                self.cached += 1
            return self._reply(cached)
        if not self.available:
            return Reply(0, error=self.why_unavailable())
        with self._slots:
            return self._fetch(method, url, kwargs)

    def _fetch(self, method: str, url: str, kwargs: dict[str, Any]) -> Reply:
        connect = min(5.0, self.timeout)
        last = ""
        with self._lock:
            self.calls += 1
        for attempt in range(self.retries + 1):
            if not self.available:
                return Reply(0, error=self.why_unavailable())
            self.limiter.wait()
            with self._lock:
                self.requests += 1
            try:
                response = self.session.request(
                    method, url, timeout=(connect, self.timeout), allow_redirects=False, **kwargs
                )
            except requests.RequestException as exc:
                if _unreachable(exc):
                    self._stop(f"{self.service} unreachable ({type(exc).__name__})")
                    return Reply(0, error=self.why_unavailable())
                last = f"{type(exc).__name__}"
                wait = self._backoff(attempt)
            else:
                self._adopt_rate_headers(response)
                if response.status_code in RETRY_STATUSES:
                    last = f"HTTP {response.status_code}"
                    wait = _retry_after(response) or self._backoff(attempt)
                else:
                    reply = self._reply(response)
                    if reply.ok and reply.data is None:
                        last = "HTTP 200 with a body that is not JSON"
                        wait = self._backoff(attempt)
                    else:
                        if reply.status not in (*CACHED_STATUSES, *REDIRECTS):
                            self._count_failure()
                        return reply
            if attempt < self.retries:
                log.debug("%s: %s, retrying in %.2f s", self.service, last, wait)
                time.sleep(min(wait, MAX_RETRY_AFTER))
        self._count_failure()
        return Reply(0, error=f"{self.service}: {last} after {self.retries + 1} attempts")

    def _reply(self, response: requests.Response) -> Reply:
        data: Any = None
        if response.status_code == 200:
            try:
                data = response.json()
            except ValueError:
                data = None
        error = "" if response.status_code == 200 else f"HTTP {response.status_code}"
        if response.status_code == 404:
            error = f"not found at {self.service} (404)"
        return Reply(
            response.status_code,
            data,
            bool(getattr(response, "from_cache", False)),
            error,
            [],
            dict(response.headers),
        )

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff * (2**attempt), 30.0)

    def _adopt_rate_headers(self, response: requests.Response) -> None:
        limit = response.headers.get("x-rate-limit-limit")
        interval = response.headers.get("x-rate-limit-interval", "1s")
        try:
            seconds = float(interval.rstrip("s") or 1)
            if limit:
                self.limiter.slow_to(float(limit) / seconds)
        except ValueError:
            return

    def _count_failure(self) -> None:
        with self._lock:
            self.failures += 1
            enough = self.calls >= self.min_requests
            if not self.stopped and enough and self.failures > self.max_failure_share * self.calls:
                share = self.failures / self.calls
                self.stopped = (
                    f"{self.service} stopped after {self.failures} failed of "
                    f"{self.calls} requests ({share:.0%} > {self.max_failure_share:.0%}; "
                    f"stopping needs at least {self.min_requests} requests)"
                )
                log.warning("%s", self.stopped)

    def _stop(self, reason: str) -> None:
        with self._lock:
            if not self.stopped:
                self.stopped = reason
                log.info("%s; answering from the cache only", reason)


def _unreachable(exc: requests.RequestException) -> bool:
    """Connection refused, DNS failure or connect timeout: the host is not there."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def _retry_after(response: requests.Response) -> float:
    """Seconds from ``Retry-After`` (seconds or HTTP date) or OpenAlex's ``retryAfter``."""
    value = response.headers.get("Retry-After", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return 0.0
            return max(0.0, when.timestamp() - time.time())
    try:
        return float(response.json().get("retryAfter", 0))
    except (ValueError, AttributeError, TypeError):
        return 0.0
