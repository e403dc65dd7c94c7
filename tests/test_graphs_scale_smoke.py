"""A 20,000-paper review runs through incidence, coupling and co-citation quickly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.graphs.incidence import incidence
from refnet.graphs.similarity import cocitation, coupling


def test_twenty_thousand_papers():
    rng = np.random.default_rng(1)
    n, k, n_works = 20_000, 40, 400_000
    cited = rng.integers(0, n_works, n * k)
    references = pd.DataFrame(
        {
            "citing_id": np.repeat([f"p{i:05d}" for i in range(n)], k),
            "work_id": [f"w{x:06d}" for x in cited],
        }
    )
    inc = incidence(references)
    assert inc.matrix.shape == (n, len(np.unique(cited)))
    edges = coupling(inc, top_k=5)
    assert (edges["source"] < edges["target"]).all()
    per_paper = pd.concat([edges["source"], edges["target"]]).value_counts()
    assert per_paper.min() >= 1
    co = cocitation(inc, min_citations=5)
    assert len(co) > 0 and (co["weight"] >= 1).all()
    assert co["cosine"].between(0, 1).all() and co["jaccard"].between(0, 1).all()
