"""The similarity products split into row-block shards give the arrays of one product."""

from __future__ import annotations

import numpy as np
import pytest

from refnet.graphs import similarity
from refnet.graphs.incidence import incidence
from refnet.graphs.stage import build_graphs, shard_products
from refnet.model import WORK_COLUMNS, conform
from refnet.synthetic import synthetic_review


@pytest.fixture(scope="module")
def review():
    papers, refs = synthetic_review(300, refs_per_paper=15, seed=3)
    refs["work_id"] = "doi:" + refs["doi"]
    works = conform(refs.drop_duplicates("work_id")[["work_id", "doi"]], WORK_COLUMNS)
    return papers, refs, works


def _same(a: similarity.Edges, b: similarity.Edges) -> None:
    for name in ("source", "target", "weight", "occurrences", "strength"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name


@pytest.mark.parametrize("settings", [{}, {"min_weight": 2, "top_k": 3}])
def test_shards_of_the_products_give_the_same_edges(review, settings):
    papers, refs, works = review
    settings = {"cocitation_min_citations": 2, **settings}
    whole = build_graphs(refs, works, papers, settings)
    for shards in (1, 3, 7):
        parts = [shard_products(refs, papers, settings, k, shards) for k in range(shards)]
        sizes = [len(p["coupling_all"][0]) for p in parts]
        assert shards == 1 or sum(size > 0 for size in sizes) >= 2  # the work was split
        gathered = {
            name: similarity.gather_pairs(
                [p[name] for p in parts], 0 if name == "coupling_all" else settings.get("top_k", 0)
            )
            for name in parts[0]
        }
        split = build_graphs(refs, works, papers, settings, gathered)
        _same(whole["coupling"], split["coupling"])
        _same(whole["cocitation"], split["cocitation"])
        assert whole["related"].equals(split["related"])


def test_a_shard_outside_the_range_is_refused(review):
    papers, refs, _ = review
    inc = incidence(refs, papers=sorted(papers["paper_id"]))
    with pytest.raises(ValueError, match="shard 3"):
        similarity.coupling_pairs(inc, 1, 0, 3, 3)
