"""The HTTP layer against the emulator: cache, retries, faults, failure budget, secrets."""

from __future__ import annotations

import logging
import socket
import time

import pytest

from refnet import __version__
from refnet.emulator import Emulator
from refnet.sources.http import HttpClient, RateLimiter, open_cache

WORK = "/works/10.5555/refnet.review.1"


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def client(emu, tmp_path, service="crossref", **options) -> HttpClient:
    settings = {"rate": 1000.0, "backoff": 0.01, "retries": 3, "timeout": 2.0, **options}
    base = options.pop("base", None) or emu.base_urls()[service]
    settings.pop("base", None)
    return HttpClient(service, base, open_cache(tmp_path / "cache"), **settings)


@pytest.mark.parametrize("kind", ["429", "500", "502", "503", "504", "drop", "truncate"])
def test_retryable_faults_are_retried_then_answered(emu, tmp_path, kind):
    if kind == "502":
        emu.inject("crossref", "503", count=1, retry_after="0")
        emu.inject("crossref", "504", count=1, retry_after="0")
    else:
        emu.inject("crossref", kind, count=2, retry_after="0")
    http = client(emu, tmp_path)
    reply = http.get(WORK)
    assert reply.ok and reply.data["message"]["DOI"] == "10.5555/refnet.review.1"
    assert http.requests == 3
    assert emu.counts()["crossref:/works/{doi}"] == 3


def test_retry_after_is_honoured(emu, tmp_path):
    emu.inject("crossref", "429", count=1, retry_after="0.3")
    http = client(emu, tmp_path)
    start = time.monotonic()
    assert http.get(WORK).ok
    assert time.monotonic() - start >= 0.3


def test_slow_reply_times_out_and_is_retried(emu, tmp_path):
    emu.inject("crossref", "slow", count=1, delay=0.6)
    http = client(emu, tmp_path, timeout=0.2)
    assert http.get(WORK).ok
    assert http.requests == 2


@pytest.mark.parametrize("path", ["/works/10.5555/absent", WORK + "?select=DOI"])
def test_404_and_400_are_not_retried_and_404_is_cached(emu, tmp_path, path):
    http = client(emu, tmp_path)
    first = http.get(path)
    assert first.status in (404, 400)
    assert http.requests == 1
    second = http.get(path)
    assert second.status == first.status
    assert http.requests == (1 if first.status == 404 else 2)
    if first.status == 404:
        assert second.from_cache and "not found at crossref" in second.error


def test_the_failure_budget_waits_for_enough_requests_then_stops_the_source(emu, tmp_path):
    emu.inject("crossref", "500", count=1000)
    http = client(emu, tmp_path, max_failure_share=0.1, min_requests=5, retries=1)
    replies = [http.get(f"/works/10.5555/x{i}") for i in range(8)]
    # every request failed, but the breaker waits for five of them (two tries each)
    assert http.calls == 5 and http.requests == 10
    assert http.stopped == (
        "crossref stopped after 5 failed of 5 requests (100% > 10%; "
        "stopping needs at least 5 requests)"
    )
    assert all("HTTP 500 after 2 attempts" in r.error for r in replies[:5])
    assert replies[-1].status == 0 and "stopped" in replies[-1].error


def test_three_transient_500s_are_ridden_out(emu, tmp_path):
    emu.inject("crossref", "500", count=3)
    http = client(emu, tmp_path, max_failure_share=0.1, min_requests=2)
    replies = [http.get(f"/works/10.5555/refnet.review.{i}") for i in (1, 1)]
    assert replies[0].ok and not http.stopped and http.failures == 0


def test_truncated_body_is_never_cached(emu, tmp_path):
    emu.inject("crossref", "truncate", count=2)
    http = client(emu, tmp_path, retries=1)
    assert not http.get(WORK).ok
    again = client(emu, tmp_path)
    assert again.get(WORK).ok
    assert again.requests == 1


def test_unreachable_host_stops_at_once_and_answers_from_cache(tmp_path):
    with Emulator() as emu:
        client(emu, tmp_path).get(WORK)  # cache one answer
    port = int(emu.url.rsplit(":", 1)[1])
    with socket.socket() as sock:  # nothing listens there any more
        assert sock.connect_ex(("127.0.0.1", port)) != 0
    http = client(emu, tmp_path)
    missing = [http.get(f"/works/10.5555/m{i}") for i in range(20)]
    assert http.requests == 1 and "unreachable" in http.stopped
    assert all(r.status == 0 and "not in the cache" in r.error for r in missing)
    assert http.get(WORK).ok


def test_offline_never_touches_the_network(emu, tmp_path):
    client(emu, tmp_path).get(WORK)
    emu.reset()
    http = client(emu, tmp_path, offline=True)
    assert http.get(WORK).ok
    reply = http.get("/works/10.5555/absent")
    assert reply.status == 0 and reply.error.startswith("offline")
    assert sum(emu.counts().values()) == 0


def test_offline_on_an_empty_cache_answers_at_once_and_the_cache_still_fills_online(emu, tmp_path):
    offline = client(emu, tmp_path, offline=True)
    reply = offline.get(WORK)
    assert reply.status == 0 and reply.error.startswith("offline")
    assert sum(emu.counts().values()) == 0
    assert client(emu, tmp_path).get(WORK).ok  # the same cache folder, online
    assert client(emu, tmp_path, offline=True).get(WORK).ok  # and now offline from it


def test_user_agent_and_secrets_stay_out_of_cache_and_logs(emu, tmp_path, caplog):
    secret = "SEKRET-KEY-123"
    emu.inject("openalex", "503", count=1, retry_after="0")
    http = client(
        emu,
        tmp_path,
        service="openalex",
        mailto="me@example.org",
        params={"api_key": secret},
        headers={"x-api-key": secret, "authorization": secret},
    )
    with caplog.at_level(logging.DEBUG, logger="refnet"):
        assert http.get("/works/W1001").ok
    sent = emu.records()[-1]
    assert sent.headers["User-Agent"] == f"refnet/{__version__} (mailto:me@example.org)"
    assert secret in sent.target  # the key did reach the service...
    http.cache.session.cache.responses.close()
    for path in (tmp_path / "cache").iterdir():
        assert secret.encode() not in path.read_bytes(), path  # ...but not the cache
    assert secret not in caplog.text
    other = client(emu, tmp_path, service="openalex", params={"api_key": "another"})
    assert other.get("/works/W1001").from_cache  # the key is not part of the cache key


def test_rate_limiter_spaces_requests():
    limiter = RateLimiter(50)
    start = time.monotonic()
    for _ in range(11):
        limiter.wait()
    assert time.monotonic() - start >= 0.19
    limiter.slow_to(1000)
    assert limiter.interval == pytest.approx(0.02)
