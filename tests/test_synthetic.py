"""Synthetic reviews: shape, determinism, popularity, and a round trip through the WoS reader."""

from __future__ import annotations

import numpy as np

from refnet import model
from refnet.inputs.exports import read_exports
from refnet.synthetic import synthetic_review, write_review_folder


def test_shape_and_columns():
    papers, refs = synthetic_review(200, refs_per_paper=15, seed=1)
    assert list(papers.columns) == list(model.PAPER_COLUMNS)
    assert list(refs.columns) == list(model.REFERENCE_COLUMNS)
    assert len(papers) == 200 and papers["paper_id"].is_unique
    per_paper = refs.groupby("citing_id")["doi"].agg(["size", "nunique"])
    assert (per_paper["size"] == 15).all() and (per_paper["nunique"] == 15).all()
    assert refs["citing_id"].isin(papers["paper_id"]).all()
    assert refs["doi"].str.startswith("10.").all()


def test_same_seed_same_tables_other_seed_other_tables():
    a = synthetic_review(100, 10, seed=7)[1]
    b = synthetic_review(100, 10, seed=7)[1]
    c = synthetic_review(100, 10, seed=8)[1]
    assert a.equals(b) and not a["doi"].equals(c["doi"])


def test_popularity_follows_the_exponent():
    refs = synthetic_review(2000, 20, exponent=1.0, n_works=5000, seed=2)[1]
    counts = refs["doi"].value_counts()
    rank = refs["doi"].str.rsplit("w", n=1).str[1].astype(int)
    top = counts.get("10.5555/synth.w0", 0)
    assert top > 0.8 * 2000 or top == counts.max()
    assert counts.max() / max(counts.median(), 1) > 20
    # a flat distribution gives no such head
    flat = synthetic_review(2000, 20, exponent=0.0, n_works=5000, seed=2)[1]["doi"].value_counts()
    assert flat.max() / flat.median() < 5
    assert rank.max() < 5000


def test_review_folder_round_trips_through_the_export_reader(tmp_path):
    papers, refs = synthetic_review(30, 8, seed=4)
    yaml_path = write_review_folder(tmp_path, papers, refs)
    assert "export.txt" in yaml_path.read_text()
    read_papers, read_refs, problems = read_exports([tmp_path / "refs" / "export.txt"])
    assert problems.empty
    assert sorted(read_papers["paper_id"]) == sorted(papers["paper_id"])
    key = ["citing_id", "doi"]
    got = read_refs[key].sort_values(key).to_numpy()
    want = refs[key].sort_values(key).to_numpy()
    assert np.array_equal(got, want)
    assert (read_refs["year"].notna()).all()
