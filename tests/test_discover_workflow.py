"""The discover stage in a real Snakemake run against the loopback emulator.

A small review of synthetic works: each is cited by a few works drawn from a shared pool
(so some cite several review papers), the same ones at OpenAlex, OpenCitations and
Semantic Scholar, and cites works from a shared pool (so some are cited by several).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
import requests
import yaml

from refnet.emulator import Emulator
from refnet.emulator.store import load_store

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]
REVIEW = [f"10.5555/review.{i}" for i in range(1, 5)]
ADDED = "10.5555/review.5"
FAST = {s: 1000 for s in ("openalex", "crossref", "opencitations", "semanticscholar")}
NOVEMBER = "Sun, 01 Nov 2026 09:00:00 GMT"
DECEMBER = "Tue, 01 Dec 2026 09:00:00 GMT"
OUTPUTS = ["candidates.csv", "candidates.parquet", "new.csv", "candidates.bib", "candidates.ris"]
#: What the runs build: discover's files and the tables the counts by hand read (the
#: graphs, fronts and exports of the review are left out).
TARGETS = ["results/discover/candidates.csv", "results/references.csv", "results/papers.csv"]
CITATION_ROUTES = (
    "openalex:/works?cites",
    "opencitations:/citations",
    "semanticscholar:/paper/{id}/citations",
)


def make_review(folder: Path, emu: Emulator, dois: list[str], **sources) -> None:
    refs = folder / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    review = {
        "name": "discover",
        "inputs": {"dois": ["refs/dois.txt"]},
        "sources": {
            "base_urls": emu.base_urls(),
            "requests_per_second": FAST,
            "backoff": 0.01,
            **sources,
        },
        "discover": {"min_links": 1},
    }
    (refs / "review.yaml").write_text(yaml.safe_dump(review))
    (refs / "dois.txt").write_text("".join(f"{d}\n" for d in dois))


def snakemake(folder: Path, *args: str) -> str:
    done = subprocess.run(
        [*SNAKEMAKE, "--directory", str(folder), *TARGETS, *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def digests(folder: Path) -> dict[str, str]:
    out = folder / "results" / "discover"
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in OUTPUTS}


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / "results" / "discover" / name, keep_default_na=False)


def citation_requests(emu: Emulator) -> dict[str, int]:
    counts = emu.counts()
    return {route: counts[route] for route in CITATION_ROUTES}


@pytest.fixture(scope="module")
def emu():
    store = load_store(data=None, synth_references=4, synth_pool=12, synth_citations=5)
    with Emulator(store=store, date=NOVEMBER) as server:
        yield server


@pytest.fixture(scope="module")
def first_run(emu, tmp_path_factory):
    folder = tmp_path_factory.mktemp("discover")
    make_review(folder, emu, REVIEW)
    emu.reset()
    console = snakemake(folder)
    return folder, citation_requests(emu), dict(emu.counts()), console


def served_citing(emu: Emulator, doi: str) -> dict[str, set[str]]:
    """By hand: the DOIs citing ``doi`` at each service, read from the emulator."""
    base = emu.base_urls()
    work = requests.get(f"{base['openalex']}/works/doi:{doi}").json()
    wid = work["id"].rsplit("/", 1)[1]
    page = requests.get(
        f"{base['openalex']}/works", params={"filter": f"cites:{wid}", "per-page": "200"}
    ).json()
    rows = requests.get(f"{base['opencitations']}/citations/doi:{doi}").json()
    s2 = requests.get(
        f"{base['semanticscholar']}/paper/DOI:{doi}/citations",
        params={"fields": "externalIds", "limit": "1000"},
    ).json()
    return {
        "openalex": {w["doi"].removeprefix("https://doi.org/") for w in page["results"]},
        "opencitations": {p[4:] for r in rows for p in r["citing"].split() if p.startswith("doi:")},
        "semanticscholar": {i["citingPaper"]["externalIds"]["DOI"] for i in s2["data"]},
    }


def test_every_candidate_count_equals_a_count_by_hand(emu, first_run):
    folder, _, _, _ = first_run
    candidates = read(folder, "candidates.csv")
    cites: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for doi in REVIEW:
        for source, citing in served_citing(emu, doi).items():
            for c in citing:
                cites[c].add(doi)
                sources[c].add(source)
    refs = pd.read_csv(folder / "results" / "references.csv", keep_default_na=False)
    cited_by = refs[refs.work_id != ""].groupby("work_id").citing_id.nunique()
    review_ids = set(pd.read_csv(folder / "results" / "papers.csv").paper_id)
    forward = candidates[candidates.cites > 0]
    assert len(forward) == len(cites) > 0
    for row in forward.itertuples():
        assert row.cites == len(cites[row.doi]), row.doi
        assert set(row.sources.split("; ")) - {"references"} == sources[row.doi]
    backward = candidates[candidates.cited_by > 0]
    expected = {w: n for w, n in cited_by.items() if w not in review_ids}
    assert len(backward) > 0
    for row in backward.itertuples():
        assert row.cited_by == expected[row.work_id], row.work_id
        assert "cited by: " in row.why


def test_review_papers_are_never_candidates_and_each_work_is_one_row(first_run):
    folder, _, _, _ = first_run
    candidates = read(folder, "candidates.csv")
    assert not set(candidates.doi) & set(REVIEW)
    dois = candidates.doi[candidates.doi != ""]
    assert dois.is_unique and candidates.candidate_id.is_unique
    both = candidates[candidates.sources.str.count(";") >= 1]
    assert len(both) > 0  # found by two or more services: one row listing them all
    assert list(candidates["rank"]) == list(range(1, len(candidates) + 1))
    assert candidates.score.is_monotonic_decreasing


def test_requests_cost_at_most_one_per_paper_and_source(first_run):
    _, counts, _, console = first_run
    n = len(REVIEW)
    assert counts["openalex:/works?cites"] <= n
    assert counts["opencitations:/citations"] == n
    assert counts["semanticscholar:/paper/{id}/citations"] == n
    assert "discover: " in console and "forward citations: openalex 4/4 papers" in console


def test_screening_files_and_new_on_the_first_run(first_run):
    folder, _, _, _ = first_run
    candidates, new = read(folder, "candidates.csv"), read(folder, "new.csv")
    assert set(new.candidate_id) == set(candidates.candidate_id)
    assert set(candidates.first_seen) == {"2026-11-01"}
    bib = (folder / "results" / "discover" / "candidates.bib").read_text()
    ris = (folder / "results" / "discover" / "candidates.ris").read_text()
    assert bib.count("@") == len(candidates) == ris.count("ER  - ")
    top = candidates.iloc[0]
    assert f'refnet = "{top.candidate_id}"' in bib  # the id Zotero keeps: RIS M2 (Extra)
    assert f"M2  - refnet: {top.candidate_id}" in ris


def test_warm_rerun_sends_nothing_and_writes_the_same_bytes(emu, first_run):
    folder, _, _, _ = first_run
    before = digests(folder)
    emu.reset()
    snakemake(folder, "--forcerun", "discover")
    assert sum(emu.counts().values()) == 0
    assert digests(folder) == before
    assert "Nothing to be done" in snakemake(folder, "-n")


def test_added_paper_costs_requests_only_for_it_and_new_lists_what_a_refresh_found(emu, tmp_path):
    make_review(tmp_path, emu, REVIEW)
    snakemake(tmp_path)
    emu.reset()
    make_review(tmp_path, emu, [*REVIEW, ADDED])
    snakemake(tmp_path)
    records = [r for r in emu.records() if f"{r.service}:{r.route}" in CITATION_ROUTES]
    assert len(records) == 3
    wid = requests.get(f"{emu.base_urls()['openalex']}/works/doi:{ADDED}").json()["id"]
    for record in records:
        assert ADDED in requests.utils.unquote(record.target) or wid[-14:] in record.target
    # the cache is refreshed a month later: more works cite the review by then
    before = read(tmp_path, "candidates.csv")
    emu.state.date = DECEMBER
    emu.state.store.synth_citations = 8
    shutil.rmtree(tmp_path / "resources" / "http-cache")
    try:
        snakemake(tmp_path, "--forcerun", "discover")
    finally:
        emu.state.date = NOVEMBER
        emu.state.store.synth_citations = 5
    after, new = read(tmp_path, "candidates.csv"), read(tmp_path, "new.csv")
    old = set(before.candidate_id)
    assert len(new) > 0 and not set(new.candidate_id) & old
    assert set(new.first_seen) == {"2026-12-01"}
    kept = after[after.candidate_id.isin(old)]
    assert set(kept.first_seen) == {"2026-11-01"}


def test_offline_completes_from_the_cache_and_says_what_it_could_not_fetch(emu, tmp_path):
    make_review(tmp_path, emu, REVIEW, offline=True)
    emu.reset()
    console = snakemake(tmp_path)
    assert sum(emu.counts().values()) == 0
    lines = [line for line in console.splitlines() if "forward citations:" in line]
    assert len(lines) == 1 and "not fetched" in lines[0], console[-2000:]
    assert (tmp_path / "results" / "discover" / "candidates.csv").is_file()
