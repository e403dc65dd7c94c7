"""Match and similarity in 3 shards: real Snakemake runs give the bytes of one job each.

The review mixes the tiny review of test_workflow (bibliographies without DOIs, matched
pairwise: shard 0) with a synthetic Web of Science export whose references all carry
DOIs (spread over the shards by DOI).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import built_once
from test_workflow import digest, make_review, snakemake

from refnet.match.shards import shard_of_rows
from refnet.synthetic import synthetic_review, write_review_folder


def make_sharded_review(folder: Path, shards: int) -> None:
    make_review(folder)
    papers, refs = synthetic_review(120, refs_per_paper=12, seed=5)
    write_review_folder(folder / "synthetic", papers, refs)
    (folder / "refs" / "export.txt").write_bytes(
        (folder / "synthetic" / "refs" / "export.txt").read_bytes()
    )
    yaml = folder / "refs" / "review.yaml"
    text = yaml.read_text(encoding="utf-8").replace(
        "  dois: [refs/dois.txt]\n", "  dois: [refs/dois.txt]\n  exports: [refs/export.txt]\n"
    )
    text += f"shards:\n  match: {shards}\n  similarity: {shards}\n"
    yaml.write_text(text, encoding="utf-8")


def run_sharded_review(folder: Path, shards: int) -> None:
    """The review in ``shards`` shards, run; its console output in ``folder/console.txt``."""
    make_sharded_review(folder, shards)
    done = snakemake(folder)
    (folder / "console.txt").write_text(done.stdout + done.stderr, encoding="utf-8")


def one_shard_run(tmp_path_factory) -> Path:
    """The review run with one shard, shared with tests/test_slurm.py (read only)."""
    return built_once(tmp_path_factory, "shards1", lambda folder: run_sharded_review(folder, 1))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[int, Path]:
    three = tmp_path_factory.mktemp("shards3")
    run_sharded_review(three, 3)
    out = {1: one_shard_run(tmp_path_factory), 3: three}
    for shards, folder in out.items():
        log = (folder / "console.txt").read_text(encoding="utf-8")
        assert ("rule match_shard" in log) == (shards > 1)
        assert ("rule similarity_shard" in log) == (shards > 1)
    return out


def test_three_shards_give_the_bytes_of_one(runs):
    one, three = digest(runs[1]), digest(runs[3])
    assert one == three
    assert "references.csv" in one and "similarity/coupling.parquet" in one
    assert not (runs[3] / "results/match/shards/0/references.parquet").exists()  # temp


def test_the_shards_split_the_review(runs):
    refs = pd.read_parquet(runs[3] / "results/match/references.parquet")
    papers = pd.read_parquet(runs[3] / "results/resolved/papers.parquet")
    owner = shard_of_rows(refs, papers, 3)
    counts = pd.Series(owner).value_counts()
    assert len(counts) == 3 and counts.min() > 0.15 * len(refs)  # every shard has a share
    without_doi = (refs["doi"] == "").to_numpy()
    assert without_doi.any() and (owner[without_doi] == 0).all()  # pairwise: shard 0
