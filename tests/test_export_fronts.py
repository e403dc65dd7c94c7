"""Bibliographies per front: a partition of the whole set, same keys as the whole files."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
import rispy
from pybtex.database import parse_file, parse_string

from refnet.errors import InputError
from refnet.export.bibtex import generate_bibtex
from refnet.export.entries import prepare_entries
from refnet.export.fronts import split_fronts, write_fronts
from refnet.model import WORK_COLUMNS, frame
from refnet.synthetic import synthetic_review, write_review_folder

ROOT = Path(__file__).resolve().parents[1]


def works(n: int = 12) -> pd.DataFrame:
    rows = [
        {"work_id": f"w{i:02d}", "title": f"Alliances {i % 4}", "authors": "Walt, Stephen",
         "year": 1987, "kind": "article" if i % 2 else "book", "publisher": "Cornell"}
        for i in range(n)
    ]  # fmt: skip
    return frame(rows, WORK_COLUMNS)


MEMBERS = pd.DataFrame({"id": ["w00", "w01", "w02", "w05", "w07", "w09"],
                        "cluster": [1, 1, 2, 2, 0, 1]})  # fmt: skip
CLUSTERS = pd.DataFrame({"cluster": [0, 1, 2], "slug": ["unclustered", "soft-balancing", ""],
                         "label": ["unclustered", "soft balancing (Pape 2005)", "x"]})  # fmt: skip


def test_fronts_partition_the_whole_set_with_its_keys():
    entries = prepare_entries(works())
    fronts = split_fronts("cocitation", entries, MEMBERS, CLUSTERS)
    assert [(f.cluster, f.stem) for f in fronts] == [
        (0, "cocitation-0-unclustered"), (1, "cocitation-1-soft-balancing"),
        (2, "cocitation-2-cluster-2"),
    ]  # fmt: skip
    ids = [i for f in fronts for i in f.entries["id"]]
    assert sorted(ids) == sorted(works()["work_id"]) and len(set(ids)) == len(ids)
    one = {f.cluster: set(f.entries["id"]) for f in fronts}
    assert one[1] == {"w00", "w01", "w09"} and one[2] == {"w02", "w05"}
    whole = parse_string(generate_bibtex(works()), "bibtex").entries
    key_of = {e.fields["refnet"]: k for k, e in whole.items()}
    for front in fronts:  # the keys of the whole file, though a front alone has no collision
        pairs = zip(front.entries["id"], front.entries["key"], strict=True)
        assert all(key_of[i] == k for i, k in pairs)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (pd.DataFrame({"id": ["w00", "w00"], "cluster": [1, 2]}), "listed twice"),
        (pd.DataFrame({"id": ["nope"], "cluster": [1]}), "not among the entries"),
    ],
)
def test_bad_membership_names_the_value_and_origin(members, message):
    with pytest.raises(InputError, match=message) as error:
        split_fronts("coupling", prepare_entries(works()), members, origin="m.parquet")
    assert "m.parquet" in str(error.value)


def test_written_fronts_read_back_in_every_format(tmp_path):
    entries = {"works": prepare_entries(works()), "papers": prepare_entries(works().iloc[:0])}
    listing = write_fronts(
        entries, {"cocitation": (MEMBERS, CLUSTERS, "m")}, tmp_path / "f", tmp_path / "f.csv"
    )
    assert listing["entries"].sum() == len(works())
    for stem, count in zip(listing["file"], listing["entries"], strict=True):
        assert len(parse_file(tmp_path / "f" / f"{stem}.bib").entries) == count
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert len(rispy.loads((tmp_path / "f" / f"{stem}.ris").read_text())) == count
        assert len(json.loads((tmp_path / "f" / f"{stem}.json").read_text())) == count
    assert pd.read_csv(tmp_path / "f.csv")["file"].tolist() == listing["file"].tolist()


def test_workflow_writes_the_bibliographies_and_the_fronts(tmp_path):
    """A real Snakemake run; without the fronts rule (its branch), members are made here."""
    papers, refs = synthetic_review(30, refs_per_paper=10, seed=5)
    write_review_folder(tmp_path, papers, refs, name="fronts-review")
    snakemake = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]
    snakemake += ["--directory", str(tmp_path)]
    run = subprocess.run([*snakemake, "results/similarity/coupling.csv"], capture_output=True,
                         text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    if not (ROOT / "rules/fronts.smk").exists():
        (tmp_path / "results/clusters").mkdir(parents=True)
        for graph in ("coupling", "cocitation", "citation"):
            nodes = pd.read_parquet(tmp_path / f"results/similarity/{graph}_nodes.parquet")
            ids = sorted(nodes["id"])
            pd.DataFrame({"id": ids, "cluster": [i % 3 for i in range(len(ids))]}).to_parquet(
                tmp_path / f"results/clusters/{graph}_members.parquet"
            )
            CLUSTERS.to_parquet(tmp_path / f"results/clusters/{graph}.parquet")
    run = subprocess.run([*snakemake, "results/bib/clusters.csv", "results/bib/review.json"],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    bib = tmp_path / "results/bib"
    listing = pd.read_csv(bib / "clusters.csv", keep_default_na=False)
    review = parse_file(bib / "review.bib").entries
    cited = parse_file(bib / "cited.bib").entries
    for graph, whole in (("coupling", review), ("citation", review), ("cocitation", cited)):
        rows = listing[listing["graph"] == graph]
        keys = [k for s in rows["file"] for k in parse_file(bib / f"clusters/{s}.bib").entries]
        assert sorted(keys) == sorted(whole) and len(set(keys)) == len(keys)
    assert len(json.loads((bib / "review.json").read_text())) == len(review) == 30
