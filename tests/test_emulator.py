"""The loopback emulator: routes, envelopes, error bodies, faults, counters."""

from __future__ import annotations

import json
import socket

import pytest
import requests

from refnet.emulator import Emulator, Fault, load_store
from refnet.emulator.__main__ import parse_faults
from refnet.emulator.store import FIXTURES


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def test_crossref_serves_recorded_work_with_envelope_and_headers(emu, shared_data):
    line = (shared_data / "crossref" / "works_with_references.jsonl").read_text().splitlines()[0]
    recorded = json.loads(line)
    reply = requests.get(
        f"{emu.url}/crossref/works/{recorded['DOI'].upper()}",
        headers={"User-Agent": "t (mailto:a@b.c)"},
    )
    body = reply.json()
    assert reply.status_code == 200
    assert body["message-type"] == "work"
    assert body["message"]["reference"] == recorded["reference"]
    assert reply.headers["x-api-pool"] == "polite-single"
    assert reply.headers["x-rate-limit-interval"] == "1s"
    assert emu.counts()["crossref:/works/{doi}"] == 1


def test_crossref_404_is_plain_text_and_select_is_refused(emu):
    missing = requests.get(f"{emu.url}/crossref/works/10.5555/absent")
    assert (missing.status_code, missing.text) == (404, "Resource not found.")
    assert missing.headers["Content-Type"] == "text/plain"
    select = requests.get(f"{emu.url}/crossref/works/10.5555/refnet.review.1?select=DOI")
    assert select.status_code == 400
    assert select.json()["message"][0]["type"] == "parameter-not-allowed"


def test_openalex_filter_batches_and_merged_id_redirects(emu):
    reply = requests.get(
        f"{emu.url}/openalex/works",
        params={"filter": "openalex:W1001|W1002|W1003", "per-page": "50"},
    )
    ids = sorted(w["id"] for w in reply.json()["results"])
    assert ids == ["https://openalex.org/W1001", "https://openalex.org/W1002"]
    merged = requests.get(f"{emu.url}/openalex/works/W1003")
    assert merged.history[0].status_code == 301
    assert merged.json()["id"] == "https://openalex.org/W1004"
    too_many = requests.get(
        f"{emu.url}/openalex/works", params={"filter": "doi:" + "|".join(["10.1/x"] * 101)}
    )
    assert too_many.status_code == 400
    assert set(too_many.json()) == {"error", "message"}


def test_semanticscholar_batch_nulls_unknown_and_refuses_501_ids(emu):
    ids = ["DOI:10.5555/REFNET.REVIEW.1", "DOI:10.5555/absent"]
    reply = requests.post(
        f"{emu.url}/semanticscholar/graph/v1/paper/batch",
        params={"fields": "title,references.title"},
        json={"ids": ids},
    )
    first, second = reply.json()
    assert second is None
    assert first["references"][1]["paperId"] is None
    assert "year" not in first  # only the requested fields
    big = requests.post(
        f"{emu.url}/semanticscholar/graph/v1/paper/batch", json={"ids": ["DOI:10.1/x"] * 501}
    )
    assert big.status_code == 400 and "error" in big.json()


def test_opencitations_rows_are_v2_pid_lists(emu, shared_data):
    reply = requests.get(f"{emu.url}/opencitations/index/v2/references/doi:10.1108/JD-12-2013-0166")
    rows = reply.json()
    assert len(rows) > 10
    assert all(row["cited"].startswith("doi:") for row in rows)
    count = requests.get(
        f"{emu.url}/opencitations/index/v2/reference-count/doi:10.1108/jd-12-2013-0166"
    )
    assert count.json() == [{"count": str(len(rows))}]


@pytest.mark.parametrize(
    ("kind", "status"), [("429", 429), ("500", 500), ("503", 503), ("504", 504)]
)
def test_status_faults_then_normal_answers(emu, kind, status):
    emu.inject("crossref", kind, count=2, retry_after="3")
    url = f"{emu.url}/crossref/works/10.5555/refnet.review.1"
    first, second, third = (requests.get(url) for _ in range(3))
    assert first.status_code == second.status_code == status
    assert first.headers["Retry-After"] == "3"
    assert third.status_code == 200


def test_drop_truncate_and_slow_faults(emu):
    url = f"{emu.url}/crossref/works/10.5555/refnet.review.1"
    emu.inject("crossref", "drop")
    with pytest.raises(requests.ConnectionError):
        requests.get(url)
    emu.inject("crossref", "truncate")
    with pytest.raises(ValueError):
        requests.get(url).json()
    emu.inject("crossref", "slow", delay=0.5)
    with pytest.raises(requests.Timeout):
        requests.get(url, timeout=0.1)
    assert requests.get(url).status_code == 200


def test_rate_limit_answers_429_beyond_the_bucket():
    with Emulator(rate=2, store=load_store(None, FIXTURES)) as emu:
        url = f"{emu.url}/openalex/works/W1001"
        statuses = [requests.get(url).status_code for _ in range(4)]
    assert statuses[:2] == [200, 200]
    assert 429 in statuses[2:]


def test_synthetic_works_for_any_doi():
    store = load_store(None, FIXTURES, synth_references=7, synth_pool=20)
    with Emulator(store=store) as emu:
        work = requests.get(f"{emu.url}/openalex/works/doi:10.9999/any.thing").json()
        cited = work["referenced_works"][0].rsplit("/", 1)[1]
        again = requests.get(f"{emu.url}/openalex/works", params={"filter": f"openalex:{cited}"})
        crossref = requests.get(f"{emu.url}/crossref/works/10.9999/any.thing").json()
    assert len(work["referenced_works"]) == 7
    assert again.json()["results"][0]["id"].endswith(cited)
    assert len(crossref["message"]["reference"]) == 7


def test_control_routes_and_fault_spec(emu):
    requests.post(f"{emu.url}/_emulator/faults", json=[{"service": "openalex", "kind": "503"}])
    assert requests.get(f"{emu.url}/openalex/works/W1001").status_code == 503
    stats = requests.get(f"{emu.url}/_emulator/stats").json()
    assert stats["counts"] == {"openalex:/works/{id}": 1}
    faults = parse_faults("crossref:429x2, openalex:drop")
    assert [(f.service, f.kind, f.count) for f in faults] == [
        ("crossref", "429", 2),
        ("openalex", "drop", 1),
    ]
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("crossref", "teapot")


def test_port_is_free_after_stop():
    emu = Emulator().start()
    port = int(emu.url.rsplit(":", 1)[1])
    emu.stop()
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_crossref_bibliographic_query_ranks_known_works_in_the_list_envelope(emu):
    reply = requests.get(
        f"{emu.url}/crossref/works",
        params={
            "query.bibliographic": "Waltz, K. (1979) Theory of International Politics",
            "rows": "3",
            "select": "DOI,title,score",
        },
    )
    body = reply.json()
    assert reply.status_code == 200 and body["message-type"] == "work-list"
    items = body["message"]["items"]
    # rows caps the list; without ../shared the store holds only two works that match
    assert 2 <= len(items) <= 3 and items[0]["DOI"] == "10.5555/refnet.lookup.a"
    assert all(set(item) == {"DOI", "title", "score"} for item in items)
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
    assert reply.headers["x-api-pool"] == "public-array"
    assert emu.counts() == {"crossref:/works?query": 1}
    bad_rows = {"query.bibliographic": "x", "rows": "a"}
    bad = requests.get(f"{emu.url}/crossref/works", params=bad_rows)
    assert bad.status_code == 400 and bad.json()["message"][0]["type"] == "integer-not-valid"


def test_crossref_bibliographic_query_takes_the_same_faults(emu):
    emu.inject("crossref", "503", count=1, retry_after="2")
    url = f"{emu.url}/crossref/works?query.bibliographic=Theory+of+International+Politics"
    first, second = requests.get(url), requests.get(url)
    assert (first.status_code, first.headers["Retry-After"]) == (503, "2")
    assert second.json()["message"]["items"][0]["DOI"] == "10.5555/refnet.lookup.a"
