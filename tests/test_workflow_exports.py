"""A real Snakemake run of a review given as a Web of Science export (refnet.synthetic)."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

from refnet.synthetic import synthetic_review, write_review_folder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def export_review(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export-review")
    papers, refs = synthetic_review(40, refs_per_paper=12, seed=3)
    write_review_folder(folder, papers, refs, name="export-review")
    command = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile")]
    run = subprocess.run(
        [*command, "--cores", "2", "--directory", str(folder)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return folder, papers, refs


def test_every_record_is_a_paper_with_its_export_id(export_review):
    folder, papers, _ = export_review
    out = pd.read_csv(folder / "results/papers.csv", keep_default_na=False)
    assert sorted(out["doi"]) == sorted(papers["doi"])
    assert out["export_id"].str.startswith("wos:WOS:").all()


def test_coupling_weights_are_the_dois_two_records_share(export_review):
    folder, _, refs = export_review
    cited = refs.assign(doi=refs["raw"].str.extract(r"DOI (\S+)$")[0])
    sets = cited.groupby("citing_id")["doi"].agg(set).to_dict()
    expected = {
        tuple(sorted((a, b))): len(sets[a] & sets[b])
        for a, b in combinations(sorted(sets), 2)
        if sets[a] & sets[b]
    }
    coupling = pd.read_csv(folder / "results/similarity/coupling.csv")
    got = {tuple(sorted((s, t))): w for s, t, w in coupling[["source", "target", "weight"]].values}
    assert got == expected
