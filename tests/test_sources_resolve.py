"""The resolve stage end to end against the emulator: merge, coverage, offline, resume."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

from refnet.emulator import Emulator, load_store
from refnet.emulator.store import FIXTURES
from refnet.model import PAPER_COLUMNS, frame
from refnet.sources.resolve import resolve, run_resolve
from refnet.tables import write_parquet

REVIEW = "10.5555/refnet.review.1"
FAST = {"openalex": 1000, "crossref": 1000, "opencitations": 1000, "semanticscholar": 1000}


def papers(*dois: str) -> pd.DataFrame:
    rows = [
        {"paper_id": f"p{i}", "doi": d, "origin": f"refs/dois.txt:{i}"} for i, d in enumerate(dois)
    ]
    rows.append({"paper_id": "nodoi", "title": "A book without a DOI", "origin": "refs/x.yaml:3"})
    return frame(rows, PAPER_COLUMNS)


def settings(emu, tmp_path, **extra) -> dict:
    return {
        "base_urls": emu.base_urls(),
        "cache": str(tmp_path / "cache"),
        "requests_per_second": FAST,
        "backoff": 0.01,
        **extra,
    }


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def test_merged_references_coverage_and_user_metadata_kept(emu, tmp_path):
    table = papers(REVIEW, "10.5555/absent")
    table.loc[0, "title"] = "The user's own title"
    result = resolve(table, settings(emu, tmp_path))
    paper = result.papers.set_index("paper_id").loc["p0"]
    assert paper.title == "The user's own title"  # never overwritten
    assert paper.authors == "Pape, Robert A." and paper.year == 2005  # filled where empty
    refs = result.references[result.references.citing_id == "p0"]
    assert refs.groupby("source").size().to_dict() == {
        "crossref": 5,
        "openalex": 3,
        "opencitations": 2,
        "semanticscholar": 2,
    }
    oc = refs[refs.source == "opencitations"]
    assert oc.title.tolist()[0] == "Cited work A"  # described from OpenAlex by DOI
    cov = result.coverage.set_index(["paper_id", "source"])
    assert cov.loc[("p0", "semanticscholar"), "references_reported"] == 3
    assert cov.loc[("p0", "semanticscholar"), "share"] == pytest.approx(2 / 3)
    missing = result.unresolved[result.unresolved.paper_id == "p1"]
    assert set(missing.source) == {"openalex", "crossref", "opencitations", "semanticscholar"}
    assert "nodoi" not in set(result.unresolved.paper_id)
    assert "1 of 2 papers with a DOI resolved" in result.summary
    assert "\n" not in result.summary


def test_files_are_byte_identical_across_runs(emu, tmp_path):
    source = tmp_path / "seeds.parquet"
    write_parquet(papers(REVIEW, "10.5555/refnet.cited.a"), source)
    outputs = []
    for run in ("a", "b"):
        paths = [tmp_path / run / n for n in ("p.parquet", "r.parquet", "c.csv", "u.csv")]
        run_resolve(source, settings(emu, tmp_path), *paths, log_path=tmp_path / run / "log")
        outputs.append([p.read_bytes() for p in paths])
    assert outputs[0] == outputs[1]
    assert "resolved" in (tmp_path / "b" / "log").read_text()


def test_adding_one_doi_fetches_only_that_doi_and_its_new_citations(tmp_path):
    store = load_store(None, FIXTURES, synth_references=5, synth_pool=40)
    with Emulator(store=store) as emu:
        first = [f"10.7777/base.{i}" for i in range(60)]
        resolve(papers(*first), settings(emu, tmp_path, order=["openalex", "crossref"]))
        before = emu.counts()
        emu.reset()
        resolve(
            papers(*first, "10.7777/new.1"),
            settings(emu, tmp_path, order=["openalex", "crossref"]),
        )
        after = emu.counts()
    assert before["openalex:/works"] >= 3  # 60 DOIs in 2 batches, cited works in 1+
    assert after["crossref:/works/{doi}"] == 1
    # one batch for the new DOI, at most one for the cited works not seen before
    assert 1 <= after["openalex:/works"] <= 2
    assert after.total() <= 3


def test_offline_completes_fast_from_the_cache_and_lists_the_rest(emu, tmp_path):
    resolve(papers(REVIEW), settings(emu, tmp_path))
    emu.reset()
    result = resolve(papers(REVIEW, "10.5555/never.cached"), settings(emu, tmp_path, offline=True))
    assert sum(emu.counts().values()) == 0
    assert len(result.references[result.references.citing_id == "p0"]) == 12
    lost = result.unresolved[result.unresolved.paper_id == "p1"]
    assert len(lost) == 4 and lost.reason.str.startswith("offline").all()
    assert result.summary.startswith("offline (sources.offline: true)")
    assert "1 of 2 papers with a DOI resolved" in result.summary


def test_network_absent_completes_from_the_cache(tmp_path):
    with Emulator() as emu:
        resolve(papers(REVIEW), settings(emu, tmp_path))
    # the emulator is gone: connections are refused
    result = resolve(papers(REVIEW, "10.5555/new.doi"), settings(emu, tmp_path))
    assert len(result.references[result.references.citing_id == "p0"]) == 12
    reasons = set(result.unresolved[result.unresolved.paper_id == "p1"].reason)
    assert reasons and all("unreachable" in r for r in reasons)
    assert "unreachable" in result.summary


def test_killed_run_resumes_without_refetching(tmp_path):
    store = load_store(None, FIXTURES, synth_references=3)
    dois = [f"10.8888/kill.{i}" for i in range(40)]
    with Emulator(store=store, latency_ms=20) as emu:
        script = textwrap.dedent(
            f"""
            import pandas as pd
            from refnet.model import PAPER_COLUMNS, frame
            from refnet.sources.resolve import resolve
            rows = [{{"paper_id": d, "doi": d}} for d in {dois!r}]
            resolve(frame(rows, PAPER_COLUMNS), {{
                "base_urls": {emu.base_urls()!r}, "cache": {str(tmp_path / "cache")!r},
                "order": ["crossref"], "concurrency": 1,
                "requests_per_second": {{"crossref": 1000}}}})
            """
        )
        child = subprocess.Popen([sys.executable, "-c", script])
        deadline = time.monotonic() + 20
        while emu.counts()["crossref:/works/{doi}"] < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        child.kill()
        child.wait()
        answered = {r.target for r in emu.records() if r.status == 200}
        assert 5 <= len(answered) < len(dois)
        emu.reset()
        result = resolve(
            frame([{"paper_id": d, "doi": d} for d in dois], PAPER_COLUMNS),
            settings(emu, tmp_path, order=["crossref"]),
        )
        again = {r.target for r in emu.records()}
    assert len(result.coverage) == len(dois)
    # at most the one request in flight when the process died is asked again
    assert len(again & answered) <= 1
    assert len(again) <= len(dois) - len(answered) + 1


def test_keys_never_reach_cache_results_or_logs(emu, tmp_path, monkeypatch, caplog):
    secret = "KEY-must-not-leak-42"
    for var in ("OPENALEX_API_KEY", "S2_API_KEY", "OPENCITATIONS_TOKEN"):
        monkeypatch.setenv(var, secret)
    source = tmp_path / "seeds.parquet"
    write_parquet(papers(REVIEW), source)
    outputs = [tmp_path / "out" / n for n in ("p.parquet", "r.parquet", "c.csv", "u.csv")]
    with caplog.at_level(logging.DEBUG):  # urllib3 logs every URL at DEBUG
        run_resolve(source, settings(emu, tmp_path), *outputs, log_path=tmp_path / "out" / "log")
    sent = [r for r in emu.records() if r.service == "openalex"]
    assert any(secret in r.target for r in sent)  # the key was used...
    assert any(r.headers.get("x-api-key") == secret for r in emu.records())
    assert any("/works?" in r.getMessage() for r in caplog.records)
    assert secret not in caplog.text  # ...but is in no log,
    for path in [*outputs, *(tmp_path / "cache").iterdir(), tmp_path / "out" / "log"]:
        assert secret.encode() not in path.read_bytes(), path  # no result and no cache
