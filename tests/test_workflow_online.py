"""The online path of the workflow, offline: Snakemake pointed at the loopback emulator.

The emulator answers for the four services with the project's fixtures (and the recorded
real payloads when ../shared/data is present), injects faults and counts requests.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from refnet.emulator import Emulator, load_store
from refnet.emulator.store import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
FIRST = "10.5555/refnet.review.1"
SECOND = "10.1002/(SICI)1099-0771(199806)11:2<107::AID-BDM292>3.0.CO;2-Y"
AMPERSAND = "10.1207/s15327809jls0703&4_2"
FAST = {"openalex": 1000, "crossref": 1000, "opencitations": 1000, "semanticscholar": 1000}
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]


#: A review paper without a DOI whose bibliography names works Crossref knows (fixtures).
PAPERS = """\
- key: own2016
  title: A review paper of our own
  authors: [Own, Ada]
  year: 2016
  bibliography: refs/own2016.txt
"""
BIBLIOGRAPHY = """\
Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).
Inis L. Claude, The Balance of Power in International Politics (New York: Random House, 1962).
"""
WALTZ = "10.5555/refnet.lookup.a"
#: The stages that ask the sources (resolve, match's look-up) and their tables: the targets of
#: the tests that read nothing else (the graphs, exports and discover are left out).
TABLES = ["references.csv", "works.csv", "papers.csv", "coverage.csv", "unresolved.csv"]
ONLINE = [f"results/{name}" for name in (*TABLES, "match/lookup.csv")]


def make_review(
    folder: Path, emu: Emulator, dois: list[str], papers: bool = False, **sources
) -> None:
    refs = folder / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    review = {
        "name": "online",
        "inputs": {"dois": ["refs/dois.txt"]},
        "sources": {
            "base_urls": emu.base_urls(),
            "mailto": "refnet-tests@example.org",
            "requests_per_second": FAST,
            "backoff": 0.01,
            **sources,
        },
    }
    if papers:
        review["inputs"]["papers"] = ["refs/papers.yaml"]
        (refs / "papers.yaml").write_text(PAPERS)
        (refs / "own2016.txt").write_text(BIBLIOGRAPHY)
    (refs / "review.yaml").write_text(yaml.safe_dump(review))
    (refs / "dois.txt").write_text("".join(f"https://doi.org/{d}\n" for d in dois))


def snakemake(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the workflow in ``folder`` (``args`` may start with targets); its console output."""
    done = subprocess.run(
        [*SNAKEMAKE, "--directory", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def table_digests(folder: Path) -> dict[str, str]:
    return {n: hashlib.sha256((folder / "results" / n).read_bytes()).hexdigest() for n in TABLES}


@pytest.fixture(scope="module")
def emu():
    with Emulator() as server:
        yield server


@pytest.fixture(scope="module")
def fault_free(emu, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fault-free")
    make_review(folder, emu, [FIRST])
    emu.reset()
    snakemake(folder, *ONLINE)
    return folder


def test_references_come_from_every_source_with_provenance(fault_free):
    refs = pd.read_csv(fault_free / "results/references.csv", keep_default_na=False)
    assert {"crossref", "openalex"} <= set(refs["source"])
    assert refs["origin"].str.len().min() > 0
    coverage = pd.read_csv(fault_free / "results/coverage.csv", keep_default_na=False)
    crossref = coverage[coverage["source"] == "crossref"].iloc[0]
    given = (refs["source"] == "crossref").sum()
    assert crossref["references_given"] == given
    unresolved = pd.read_csv(fault_free / "results/unresolved.csv", keep_default_na=False)
    assert FIRST not in set(unresolved["doi"])


def test_faults_give_the_same_results_as_a_fault_free_run(emu, fault_free, tmp_path):
    make_review(tmp_path, emu, [FIRST])
    emu.reset()
    emu.inject("crossref", "429", count=2, retry_after="0.1")
    emu.inject("openalex", "503", count=2)
    emu.inject("semanticscholar", "truncate", count=1)
    emu.inject("opencitations", "drop", count=1)
    snakemake(tmp_path, *ONLINE)
    assert table_digests(tmp_path) == table_digests(fault_free)


def test_adding_one_doi_asks_only_for_that_doi(emu, tmp_path):
    make_review(tmp_path, emu, [FIRST])
    snakemake(tmp_path)
    emu.reset()
    make_review(tmp_path, emu, [FIRST, SECOND])
    snakemake(tmp_path)
    targets = [r.target for r in emu.records()]
    assert targets, "the new DOI was not looked up"
    assert not any("refnet.review.1" in t.lower() for t in targets)
    papers = pd.read_csv(tmp_path / "results/papers.csv", keep_default_na=False)
    assert SECOND.lower() in set(papers["doi"])


def test_works_without_doi_are_looked_up_validated_and_cached(emu, tmp_path):
    make_review(tmp_path, emu, [FIRST], papers=True)
    emu.reset()
    snakemake(tmp_path, *ONLINE)
    lookup = pd.read_csv(tmp_path / "results/match/lookup.csv", keep_default_na=False)
    taken = lookup[lookup["accepted"]]
    assert list(taken["candidate_doi"]) == [WALTZ]
    claude = lookup[lookup["query"].str.startswith("Claude")]
    assert not claude["accepted"].any() and "first author Haas" in claude.iloc[0]["reason"]
    refs = pd.read_csv(tmp_path / "results/references.csv", keep_default_na=False)
    waltz = refs[refs["origin"] == "refs/own2016.txt:1"].iloc[0]
    assert (waltz["work_id"], waltz["match_rule"]) == (f"doi:{WALTZ}", "crossref-bibliographic")
    log = (tmp_path / "logs/match.log").read_text()
    assert "crossref query.bibliographic:" in log and "1 accepted" in log
    before = table_digests(tmp_path)
    emu.reset()
    snakemake(tmp_path, *ONLINE, "--forcerun", "match")
    assert emu.counts()["crossref:/works?query"] == 0
    assert table_digests(tmp_path) == before


def test_offline_run_skips_the_lookup(emu, tmp_path):
    make_review(tmp_path, emu, [FIRST], papers=True, offline=True)
    emu.reset()
    snakemake(tmp_path)
    assert sum(emu.counts().values()) == 0
    lookup = pd.read_csv(tmp_path / "results/match/lookup.csv", keep_default_na=False)
    assert lookup.empty and "candidate_doi" in lookup.columns
    log = (tmp_path / "logs/match.log").read_text()
    assert log.count("look-up") == 1 and "skipped: offline" in log


def test_resolve_log_shows_progress_and_no_key_reaches_a_file(emu, tmp_path):
    secret = "SEKRET-5d1f"
    env = {
        **os.environ,
        "OPENALEX_API_KEY": secret,
        "S2_API_KEY": secret,
        "OPENCITATIONS_TOKEN": secret,
    }
    make_review(tmp_path, emu, [FIRST, SECOND], papers=True)
    emu.reset()
    console = snakemake(tmp_path, env=env)
    assert any(secret in r.target or secret in str(r.headers) for r in emu.records())
    log = (tmp_path / "logs/resolve.log").read_text()
    assert re.search(r"crossref: 2/2 done, [0-9.]+/s, about \d+ s left", log), log
    assert secret not in console
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_a_failing_source_is_stopped_and_reported_and_the_run_goes_on(emu, tmp_path):
    make_review(tmp_path, emu, [FIRST, SECOND, AMPERSAND], concurrency=1, min_requests=2)
    emu.reset()
    emu.inject("crossref", "500", count=1000)
    console = snakemake(tmp_path, *ONLINE)
    stopped = "crossref stopped after 2 failed of 2 requests (100% > 10%; stopping needs at least 2"
    assert f"sources stopped: {stopped}" in console
    assert stopped in (tmp_path / "logs/resolve.log").read_text()
    # 500 is retried (4 retries): 2 requests of 5 tries each, not asked again once stopped
    assert emu.counts()["crossref:/works/{doi}"] == 10
    unresolved = pd.read_csv(tmp_path / "results/unresolved.csv", keep_default_na=False)
    crossref = unresolved[unresolved["source"] == "crossref"]
    assert len(crossref) == 3 and crossref["reason"].str.contains("HTTP 500|stopped").all()
    papers = pd.read_csv(tmp_path / "results/papers.csv", keep_default_na=False)
    assert (papers["title"] != "").all()  # the other sources still resolved every paper


def test_a_killed_run_resumes_without_fetching_again(tmp_path):
    store = load_store(None, FIXTURES, synth_references=2)
    dois = [f"10.9999/killed.{i}" for i in range(40)]
    with Emulator(store=store) as emu:
        make_review(tmp_path, emu, dois, requests_per_second={**FAST, "crossref": 20})
        run = subprocess.Popen(
            [*SNAKEMAKE, "--directory", str(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        while emu.counts()["crossref:/works/{doi}"] < 15 and run.poll() is None:
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before it could be killed"
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        first = {r.target for r in emu.records() if r.route == "/works/{doi}" and r.status == 200}
        emu.reset()
        snakemake(tmp_path, "--unlock")
        snakemake(tmp_path, *ONLINE)
        again = [r.target for r in emu.records() if r.route == "/works/{doi}"]
    assert len(first) >= 15
    assert len(set(again) & first) <= 3  # at most the requests in flight when killed
    assert len(again) + len(first) <= len(dois) + 3
    papers = pd.read_csv(tmp_path / "results/papers.csv", keep_default_na=False)
    assert len(papers) == len(dois)
