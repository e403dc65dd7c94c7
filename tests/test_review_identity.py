"""The embedded soft-balancing review against a hand-made map of which references are one work.

A real Snakemake run (offline) on a copy of the project's ``refs/``; the map
(``review_fixtures/softbalancing_same_work.tsv``) was made by reading the bibliographies.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAP = Path(__file__).parent / "review_fixtures" / "softbalancing_same_work.tsv"


def hand_map() -> dict[str, str]:
    """Origin (file:line or paper:<key>) -> the work the map puts it in."""
    table = pd.read_csv(MAP, sep="\t", comment="#", dtype=str)
    assert not table["origin"].duplicated().any(), "an origin is listed twice in the map"
    return dict(zip(table["origin"], table["work"], strict=True))


def same_work_pairs(assignment: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair of origins an origin -> work assignment puts in one work."""
    members: dict[str, list[str]] = defaultdict(list)
    for origin, work in assignment.items():
        members[work].append(origin)
    return {pair for m in members.values() for pair in combinations(sorted(m), 2)}


@pytest.fixture(scope="module")
def matched(embedded_review) -> dict[str, str]:
    """Origin -> work id of refnet's run on the embedded review (offline; conftest.py)."""
    folder = embedded_review
    refs = pd.read_csv(folder / "results/references.csv", keep_default_na=False)
    works = pd.read_csv(folder / "results/works.csv", keep_default_na=False)
    assignment = dict(zip(refs["origin"], refs["work_id"], strict=True))
    linked = works[works["paper_id"] != ""]
    assignment.update(
        {f"paper:{p}": w for p, w in zip(linked["paper_id"], linked["work_id"], strict=True)}
    )
    return assignment


def test_the_map_names_real_references_and_papers(matched):
    papers = yaml.safe_load((ROOT / "refs/papers.yaml").read_text(encoding="utf-8"))
    unknown = set(hand_map()) - set(matched) - {f"paper:{p['key']}" for p in papers}
    assert not unknown, f"the map names references the review does not have: {sorted(unknown)}"


def test_refnet_groups_the_references_as_the_hand_made_map(matched):
    by_hand, refnet = same_work_pairs(hand_map()), same_work_pairs(matched)
    missed, wrong = sorted(by_hand - refnet), sorted(refnet - by_hand)
    assert len(by_hand) == 86  # pairs of references (and review papers) naming one work
    assert not missed and not wrong, f"kept apart by refnet: {missed}\nmerged by refnet: {wrong}"


def test_the_review_has_the_whole_corpus(matched):
    bibliographies = {o.rsplit(":", 1)[0] for o in matched if not o.startswith("paper:")}
    assert len(bibliographies) == 20  # 19 corpus lists with references + seed 002's citations
