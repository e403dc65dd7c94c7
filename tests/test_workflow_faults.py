"""Faults and hostile DOIs through real Snakemake runs against the loopback emulator.

- the fault matrix: every fault kind of the emulator on every service gives results
  byte-identical to an undisturbed run;
- DOIs with quotes resolve to their own records (the record store takes them as SQL
  parameters), a DOI with NUL is a problem row;
- a run whose sources failed for most papers stops with one message, unless best effort;
- SIGKILL at random moments, resumed: the same bytes and an intact cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from refnet.emulator import Emulator, load_store
from refnet.emulator.server import FAULT_KINDS
from refnet.emulator.store import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]
SERVICES = ("openalex", "crossref", "opencitations")
DOIS = [f"10.9999/fault.{i}" for i in range(6)]
TABLES = ("papers.csv", "references.csv", "works.csv", "coverage.csv", "unresolved.csv")
#: What the runs build: the tables compared (and the problems), not the graphs and exports
#: downstream of them (the faults are all served to the resolve stage; the whole workflow
#: under faults is the kill-and-resume test's).
TARGETS = [f"results/{name}" for name in (*TABLES, "problems.csv")]
#: Fault kinds applied together in one run (each request survives its faults: 4 retries).
GROUPS = [("429", "500"), ("503", "504"), ("slow", "drop", "truncate")]


def make_review(folder: Path, emu: Emulator, dois: list[str], **sources) -> None:
    (folder / "refs").mkdir(parents=True, exist_ok=True)
    review = {
        "name": "faults",
        "inputs": {"dois": ["refs/dois.txt"]},
        "sources": {
            "base_urls": emu.base_urls(),
            "requests_per_second": dict.fromkeys(SERVICES, 1000),
            "backoff": 0.01,
            "timeout": 5,
            "order": list(SERVICES),
            **sources,
        },
    }
    (folder / "refs/review.yaml").write_text(yaml.safe_dump(review), encoding="utf-8")
    (folder / "refs/dois.txt").write_text("".join(f"{d}\n" for d in dois), encoding="utf-8")


def snakemake(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SNAKEMAKE, "--directory", str(folder), *TARGETS, *args], capture_output=True, text=True
    )


def digests(folder: Path) -> dict[str, str]:
    return {n: hashlib.sha256((folder / "results" / n).read_bytes()).hexdigest() for n in TABLES}


@pytest.fixture(scope="module")
def emu():
    with Emulator(store=load_store(None, FIXTURES, synth_references=2)) as server:
        yield server


@pytest.fixture(scope="module")
def undisturbed(emu, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("undisturbed")
    make_review(folder, emu, DOIS)
    emu.reset()
    done = snakemake(folder)
    assert done.returncode == 0, done.stderr[-3000:]
    return folder


def test_the_groups_cover_every_fault_kind():
    assert {kind for group in GROUPS for kind in group} == set(FAULT_KINDS)


@pytest.mark.parametrize("group", GROUPS, ids="+".join)
def test_fault_matrix_gives_the_undisturbed_bytes(emu, undisturbed, tmp_path, group):
    make_review(tmp_path, emu, DOIS)
    emu.reset()
    for service in SERVICES:
        for kind in group:
            emu.inject(service, kind, count=2, retry_after="0", delay=0.3)
    done = snakemake(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    hit = [r for r in emu.records() if r.status in (429, 500, 503, 504)]
    if set(group) & {"429", "500", "503", "504"}:
        assert hit, "no fault was served"
    assert digests(tmp_path) == digests(undisturbed)


def test_dois_with_quotes_get_their_own_records_and_nul_is_a_problem(emu, tmp_path):
    quoted = ["10.1000/it's", "10.1000/x'or'1'='1", "10.1000/x"]
    make_review(tmp_path, emu, [*quoted, "10.1000/nul\x00byte", "https://doi.org/10.1000/x%2Fy%00"])
    emu.reset()
    done = snakemake(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    papers = pd.read_parquet(tmp_path / "results/resolved/papers.parquet")
    assert sorted(papers["doi"]) == sorted(quoted)  # the quote round-trips
    for doi, title in zip(papers["doi"], papers["title"], strict=True):
        assert title == f"Synthetic work {doi}"  # never another DOI's record
    problems = pd.read_csv(tmp_path / "results/problems.csv", keep_default_na=False)
    nul = problems[problems["reason"].str.contains("control character U\\+0000")]
    assert list(nul["origin"]) == ["refs/dois.txt:4", "refs/dois.txt:5"]
    assert "\x00" not in (tmp_path / "results/problems.csv").read_text(encoding="utf-8")
    again = snakemake(tmp_path, "--forcerun", "resolve")  # now answered from the cache
    assert again.returncode == 0, again.stderr[-3000:]
    cached = pd.read_parquet(tmp_path / "results/resolved/papers.parquet")
    assert list(cached["title"]) == list(papers["title"])


def test_a_run_that_lost_most_papers_to_errors_stops_unless_best_effort(emu, tmp_path):
    make_review(tmp_path, emu, DOIS, retries=1, min_requests=3)
    emu.reset()
    for service in SERVICES:
        emu.inject(service, "500", count=10_000)
    done = snakemake(tmp_path)
    console = done.stdout + done.stderr
    assert done.returncode != 0
    assert "refnet: resolve: errors lost 6 of 6 papers with a DOI" in console
    assert "sources.best_effort: true" in console and "Traceback" not in console
    make_review(tmp_path, emu, DOIS, retries=1, min_requests=3, best_effort=True)
    done = snakemake(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    unresolved = pd.read_csv(tmp_path / "results/unresolved.csv", keep_default_na=False)
    assert set(unresolved["doi"]) == set(DOIS)


def test_three_killed_and_resumed_runs_end_byte_identical_with_an_intact_cache(tmp_path):
    script = ROOT / "benchmarks" / "kill_resume.py"
    spec = importlib.util.spec_from_file_location("kill_resume", script)
    kill_resume = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kill_resume)
    summary = kill_resume.cycles(tmp_path, 3, dois=20, seed=3, report=lambda _: None)
    assert summary["killed"] == 3
    assert summary["identical"] and summary["integrity"] == "ok"
