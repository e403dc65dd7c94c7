"""The emulator's citation routes: real envelopes and data, paging, errors, faults;
and the citation clients of refnet.sources.citations against them."""

from __future__ import annotations

import datetime
import email.utils
import json

import pytest
import requests

from refnet.emulator import Emulator, load_store
from refnet.emulator.store import FIXTURES
from refnet.sources import citations
from refnet.sources.http import HttpClient, open_cache

TURING = "10.1093/mind/lix.236.433"  # the recorded S2 paper with 1000 recorded citations
COCI = "10.1108/jd-12-2013-0166"  # recorded COCI /citations answer


@pytest.fixture(scope="module")
def emu():
    with Emulator() as server:
        yield server


@pytest.fixture
def synth():
    store = load_store(data=None, synth_references=3, synth_pool=40, synth_citations=6)
    with Emulator(store=store) as server:
        yield server


def client(emu: Emulator, tmp_path, service: str, **options) -> HttpClient:
    cache = open_cache(tmp_path / "cache")
    return HttpClient(service, emu.base_urls()[service], cache, rate=1000, backoff=0.01, **options)


def test_openalex_cites_inverts_recorded_referenced_works_with_cursor_paging(emu, shared_data):
    page = json.loads((shared_data / "openalex" / "works_page.json").read_text())
    citing: dict[str, set[str]] = {}
    for work in page["results"]:
        for ref in work["referenced_works"]:
            citing.setdefault(ref.rsplit("/", 1)[1], set()).add(work["id"])
    wid = max(sorted(citing), key=lambda w: len(citing[w]))
    seen, cursor, requests_sent = [], "*", 0
    while cursor:
        reply = requests.get(
            f"{emu.url}/openalex/works",
            params={"filter": f"cites:{wid}", "per-page": "1", "cursor": cursor, "select": "id"},
        ).json()
        requests_sent += 1
        assert set(reply) == {"meta", "results", "group_by"}
        assert all(set(w) == {"id"} for w in reply["results"])
        seen += [w["id"] for w in reply["results"]]
        cursor = reply["meta"]["next_cursor"]
    assert set(seen) == citing[wid] and len(seen) == reply["meta"]["count"] >= 2
    assert requests_sent == len(seen)
    bad = requests.get(f"{emu.url}/openalex/works", params={"filter": "cites:W1", "cursor": "%%"})
    assert bad.status_code == 400 and bad.json()["error"] == "Invalid cursor"


def test_opencitations_citations_are_the_recorded_rows_as_v2_pid_lists(emu, shared_data):
    rows = requests.get(f"{emu.url}/opencitations/index/v2/citations/doi:{COCI.upper()}").json()
    assert len(rows) > 3
    assert all(r["cited"] == f"doi:{COCI}" and r["citing"].startswith("doi:") for r in rows)
    assert {"oci", "creation", "timespan", "journal_sc", "author_sc"} <= set(rows[0])
    count = requests.get(f"{emu.url}/opencitations/index/v2/citation-count/doi:{COCI}").json()
    assert count == [{"count": str(len(rows))}]
    assert requests.get(f"{emu.url}/opencitations/index/v2/citations/doi:10.1/none").json() == []


def test_semanticscholar_citations_page_the_recorded_citations(emu, shared_data):
    recorded = json.loads((shared_data / "semanticscholar" / "Paper.json").read_text())
    url = f"{emu.url}/semanticscholar/graph/v1/paper/DOI:{TURING}/citations"
    first = requests.get(url, params={"fields": "title,externalIds", "limit": "400"}).json()
    assert (first["offset"], first["next"], len(first["data"])) == (0, 400, 400)
    assert first["data"][0]["citingPaper"]["paperId"] == recorded["citations"][0]["paperId"]
    assert set(first["data"][0]["citingPaper"]) <= {"paperId", "title", "externalIds"}
    last = requests.get(url, params={"offset": "800", "limit": "400"}).json()
    assert "next" not in last and len(last["data"]) == len(recorded["citations"]) - 800
    assert set(last["data"][0]["citingPaper"]) == {"paperId", "title"}  # the default fields
    missing = requests.get(f"{emu.url}/semanticscholar/graph/v1/paper/DOI:10.1/none/citations")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Paper with id DOI:10.1/none not found"}
    assert requests.get(url, params={"limit": "1001"}).status_code == 400
    assert requests.get(url, params={"offset": "9500", "limit": "500"}).status_code == 400


def test_synthetic_citing_works_are_the_same_at_the_three_services(synth):
    doi = "10.5555/review.7"
    wid = requests.get(f"{synth.url}/openalex/works/doi:{doi}").json()["id"].rsplit("/", 1)[1]
    oa = requests.get(
        f"{synth.url}/openalex/works", params={"filter": f"cites:{wid}", "per-page": "100"}
    ).json()
    oc = requests.get(f"{synth.url}/opencitations/index/v2/citations/doi:{doi}").json()
    s2 = requests.get(
        f"{synth.url}/semanticscholar/graph/v1/paper/DOI:{doi}/citations",
        params={"fields": "externalIds"},
    ).json()
    from_oa = {w["doi"].removeprefix("https://doi.org/") for w in oa["results"]}
    from_oc = {r["citing"].split("doi:")[1] for r in oc}
    from_s2 = {i["citingPaper"]["externalIds"]["DOI"] for i in s2["data"]}
    assert from_oa == from_oc == from_s2 and len(from_oa) >= 3
    assert all(f"https://openalex.org/{wid}" in w["referenced_works"] for w in oa["results"])


def test_clients_survive_faults_on_the_citation_routes(synth, tmp_path):
    dois = [f"10.5555/review.{i}" for i in range(3)]
    clean = citations.opencitations_citing(client(synth, tmp_path / "a", "opencitations"), dois, 50)
    wids = [
        requests.get(f"{synth.url}/openalex/works/doi:{d}").json()["id"].rsplit("/", 1)[1]
        for d in dois
    ]
    synth.reset()
    synth.inject("opencitations", "503", count=2, retry_after="0")
    synth.inject("semanticscholar", "429", count=1, retry_after="0")
    synth.inject("openalex", "truncate", count=1, match="/works")
    faulty = citations.opencitations_citing(
        client(synth, tmp_path / "b", "opencitations"), dois, 50
    )
    assert [c.works for c in faulty.values()] == [c.works for c in clean.values()]
    s2 = citations.semanticscholar_citing(
        client(synth, tmp_path / "b", "semanticscholar"), dois, 50
    )
    assert all(c.fetched and c.works for c in s2.values())
    oa = client(synth, tmp_path / "b", "openalex")
    answers = citations.openalex_citing(oa, wids, 50)
    assert all(c.fetched and c.works for c in answers.values())
    assert synth.counts()["openalex:/works?cites"] == 2  # one truncated, then the batch


def test_openalex_batch_too_big_for_its_pages_is_asked_paper_by_paper(synth, tmp_path, monkeypatch):
    monkeypatch.setattr(citations, "PER_PAGE", 2)
    monkeypatch.setattr(citations, "BATCH_PAGES", 1)
    wids = [
        requests.get(f"{synth.url}/openalex/works/doi:10.5555/review.{i}").json()["id"][-14:]
        for i in range(2)
    ]
    synth.reset()
    answers = citations.openalex_citing(client(synth, tmp_path, "openalex"), wids, 3)
    for wid in wids:
        full = requests.get(
            f"{synth.url}/openalex/works", params={"filter": f"cites:{wid}", "per-page": "100"}
        ).json()
        assert answers[wid].total == full["meta"]["count"]  # exact, from its own query
        assert len(answers[wid].works) == min(3, full["meta"]["count"])


def test_s2_cap_is_reported_as_not_exact(emu, tmp_path):
    answer = citations.semanticscholar_citing(
        client(emu, tmp_path, "semanticscholar"), [TURING], 300
    )[TURING]
    assert len(answer.works) == 300 and not answer.exact
    assert answer.works[0]["doi"] and answer.works[0]["s2_id"]


def test_fixtures_are_present():
    assert FIXTURES.is_dir()


def test_answers_older_than_max_age_are_asked_again(tmp_path):
    today = datetime.date.today()
    month_ago = today - datetime.timedelta(days=30)
    store = load_store(data=None, synth_references=3, synth_pool=40, synth_citations=4)
    with Emulator(store=store, date=email.utils.format_datetime(_utc(month_ago))) as emu:
        dois = [f"10.5555/review.{i}" for i in range(3)]
        wids = [
            requests.get(f"{emu.url}/openalex/works/doi:{d}").json()["id"].rsplit("/", 1)[1]
            for d in dois
        ]

        def fetch(max_age: int) -> list:
            return [
                citations.openalex_citing(
                    client(emu, tmp_path, "openalex"), wids, 50, None, max_age
                ),
                citations.opencitations_citing(
                    client(emu, tmp_path, "opencitations"), dois, 50, None, max_age
                ),
                citations.semanticscholar_citing(
                    client(emu, tmp_path, "semanticscholar"), dois, 50, None, max_age
                ),
            ]

        before = fetch(0)
        emu.state.date = email.utils.format_datetime(_utc(today))
        store.synth_citations = 9  # more works cite the review a month later
        emu.reset()
        again = fetch(0)
        for old, same in zip(before, again, strict=True):
            assert {k: c.works for k, c in old.items()} == {k: c.works for k, c in same.items()}
        assert sum(emu.counts().values()) == 0  # answers never age by default
        after = fetch(7)
        counts = emu.counts()
        assert counts["openalex:/works?cites"] >= 1
        assert (
            counts["opencitations:/citations"]
            == counts["semanticscholar:/paper/{id}/citations"]
            == 3
        )
        for old, new in zip(before, after, strict=True):
            for key in old:
                assert old[key].date == month_ago.isoformat()
                assert new[key].date == today.isoformat()
                assert len(new[key].works) > len(old[key].works)
        emu.reset()
        fetch(7)  # the fresh answers are young: nothing asked
        assert sum(emu.counts().values()) == 0


def _utc(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)
