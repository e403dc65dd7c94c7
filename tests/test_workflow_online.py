"""The online path of the workflow, offline: Snakemake pointed at the loopback emulator.

The emulator answers for the four services with the project's fixtures (and the recorded
real payloads when ../shared/data is present), injects faults and counts requests.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from refnet.emulator import Emulator

ROOT = Path(__file__).resolve().parents[1]
FIRST = "10.5555/refnet.review.1"
SECOND = "10.1002/(SICI)1099-0771(199806)11:2<107::AID-BDM292>3.0.CO;2-Y"
FAST = {"openalex": 1000, "crossref": 1000, "opencitations": 1000, "semanticscholar": 1000}


def make_review(folder: Path, emu: Emulator, dois: list[str]) -> None:
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
        },
    }
    (refs / "review.yaml").write_text(yaml.safe_dump(review))
    (refs / "dois.txt").write_text("".join(f"https://doi.org/{d}\n" for d in dois))


def snakemake(folder: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "snakemake",
            "-s",
            str(ROOT / "Snakefile"),
            "--cores",
            "2",
            "--directory",
            str(folder),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def table_digests(folder: Path) -> dict[str, str]:
    names = ["references.csv", "works.csv", "papers.csv", "coverage.csv", "unresolved.csv"]
    return {n: hashlib.sha256((folder / "results" / n).read_bytes()).hexdigest() for n in names}


@pytest.fixture(scope="module")
def emu():
    with Emulator() as server:
        yield server


@pytest.fixture(scope="module")
def fault_free(emu, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fault-free")
    make_review(folder, emu, [FIRST])
    emu.reset()
    snakemake(folder)
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
    snakemake(tmp_path)
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
