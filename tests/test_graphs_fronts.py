"""Research fronts: planted partitions, the structure test, numbering, labels, layout."""

from __future__ import annotations

import random

import igraph as ig
import numpy as np
import pandas as pd
import pytest

from refnet.errors import InputError
from refnet.graphs.communities import cluster_settings, find_fronts, number_clusters
from refnet.graphs.frontlabels import ctfidf, label, pick_terms, slug, title_terms
from refnet.graphs.fronts import fronts
from refnet.graphs.layout import layout


def _sbm(sizes: list[int], p_in: float, p_out: float, seed: int = 1) -> tuple[ig.Graph, list]:
    random.seed(seed)
    k = len(sizes)
    pref = [[p_in if i == j else p_out for j in range(k)] for i in range(k)]
    try:  # igraph >= 1.0: SBM(pref_matrix, block_sizes)
        graph = ig.Graph.SBM(pref, sizes)
    except TypeError:  # igraph 0.11 (the lower bound): SBM(n, pref_matrix, block_sizes)
        random.seed(seed)
        graph = ig.Graph.SBM(sum(sizes), pref, sizes)
    return graph, np.repeat(np.arange(k), sizes).tolist()


def _fronts_of(graph: ig.Graph, **settings) -> object:
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    ids = np.array([f"n{i:04d}" for i in range(graph.vcount())])
    weight = np.ones(len(edges))
    return find_fronts(graph.vcount(), edges[:, 0], edges[:, 1], weight, ids, settings)


@pytest.mark.parametrize("method,resolution", [("modularity", 1.0), ("cpm", 0.05)])
def test_planted_partition_is_recovered(method, resolution):
    graph, truth = _sbm([90, 80, 70, 60], 0.2, 0.01)
    found = _fronts_of(graph, method=method, resolution=resolution)
    assert found.structure, found.reason
    ari = ig.compare_communities(truth, found.cluster.tolist(), method="adjusted_rand")
    assert ari >= 0.9
    # numbered by size: the largest planted block is cluster 1
    assert np.bincount(found.cluster[:90]).argmax() == 1


def test_a_graph_without_structure_gets_no_fronts():
    graph, _ = _sbm([300], 0.04, 0.04, seed=3)
    found = _fronts_of(graph)
    assert not found.structure
    assert "no structure" in found.reason
    assert (found.cluster == 0).all()


def test_same_seed_same_partition_other_seed_may_differ_but_stays_valid():
    graph, _ = _sbm([60, 60, 60], 0.25, 0.02, seed=5)
    a, b = _fronts_of(graph, seed=7), _fronts_of(graph, seed=7)
    assert np.array_equal(a.cluster, b.cluster)
    assert a.quality == b.quality


def test_numbering_by_size_then_smallest_member_id_small_ones_unclustered():
    membership = np.array([5, 5, 9, 9, 9, 2, 2, 7, 4])
    degree = np.array([1, 1, 1, 1, 1, 1, 1, 1, 0])
    ids = np.array(["e", "b", "x", "y", "z", "a", "c", "q", "r"])
    numbered = number_clusters(membership, degree, ids, min_size=2)
    # 9 is largest -> 1; 5 (min id "b") and 2 (min id "a") tie at size 2 -> 2 goes first
    assert numbered.tolist() == [3, 3, 1, 1, 1, 2, 2, 0, 0]


def test_unknown_method_names_the_setting():
    with pytest.raises(InputError, match=r"graphs\.clusters\.method"):
        cluster_settings({"method": "louvain"})


def test_title_terms_fold_stop_words_and_pairs():
    title = "Soft Balancing against the United States: Kazakhstan's multi-vector policy"
    terms = title_terms(title)
    assert {"soft balancing", "united states", "multi vector", "kazakhstan"} <= terms
    assert "against" not in terms and "the" not in terms
    # transliterated Russian stop words go too
    assert title_terms("Vneshniaia politika Kazakhstana i Rossii v Tsentralnoi Azii") >= {
        "vneshniaia politika"
    }
    assert not {"i", "v"} & title_terms("Vneshniaia politika Kazakhstana i Rossii v Azii")


def test_ctfidf_picks_what_is_distinctive_of_a_cluster():
    classes = {
        1: ["Soft balancing and the US", "Soft balancing in action", "Hard power politics"],
        2: ["Energy security of the EU", "EU energy policy in Central Asia", "Power politics"],
    }
    ranked = {c: pick_terms(scored, 3) for c, scored in ctfidf(classes).items()}
    assert ranked[1][0] == "soft balancing"
    assert "balancing" not in ranked[1]  # the pair stands for its words
    assert ranked[2][:2] == ["energy", "eu"] or ranked[2][0] in {"energy", "eu"}
    assert "politics" not in ranked[1][:1]
    assert label(ranked[1], ["Pape 2005", "Paul 2005"]).endswith("(Pape 2005; Paul 2005)")
    assert slug(["soft balancing", "u.s. policy"], "x") == "soft-balancing-us-policy"
    assert slug([], "cluster-3") == "cluster-3"


def test_layout_is_seeded_and_scaled():
    graph, _ = _sbm([30, 30], 0.3, 0.02, seed=2)
    graph.es["weight"] = [1.0] * graph.ecount()
    a, b = layout(graph, 42), layout(graph, 42)
    assert a.tobytes() == b.tobytes()
    assert np.isclose(np.sqrt((a**2).sum(axis=1)).max(), 1000, atol=0.01)
    assert not np.array_equal(a, layout(graph, 43))


def test_fronts_tables_on_a_small_coupling_graph():
    graph, _ = _sbm([12, 10], 0.8, 0.02, seed=4)
    ids = [f"p{i:02d}" for i in range(graph.vcount())]
    titles = ["Soft balancing in Asia"] * 12 + ["EU energy security and pipelines"] * 10
    nodes = pd.DataFrame(
        {"id": ids, "label": ids, "title": titles, "year": [2005] * 12 + [None] * 10}
    )
    nodes["year"] = nodes["year"].astype("Int64")
    pairs = graph.get_edgelist()
    edges = pd.DataFrame(
        {"source": [ids[a] for a, _ in pairs], "target": [ids[b] for _, b in pairs], "weight": 1}
    )
    cited = pd.DataFrame(
        {"citing_id": ids[:3], "work_id": ["w1", "w1", "w2"], "label": ["Pape 2005", "", "Waltz"]}
    )
    out = fronts("coupling", nodes, edges, cited, {"min_size": 3})
    members, clusters = out["members"], out["clusters"]
    assert members["id"].tolist() == ids
    assert members["cluster"].tolist() == [1] * 12 + [2] * 10
    assert clusters["cluster"].tolist() == [1, 2]
    assert clusters["size"].tolist() == [12, 10]
    assert clusters["slug"].tolist()[0] == "soft-balancing-asia"
    assert clusters["top_works"].iloc[0] == "Pape 2005; Waltz"
    assert clusters["mean_year"].iloc[0] == 2005 and pd.isna(clusters["mean_year"].iloc[1])
    assert clusters["internal_strength"].sum() + clusters["external_strength"].sum() / 2 == len(
        edges
    )
    assert bool(out["summary"]["structure"].iloc[0])


def test_top_works_of_no_member_is_empty_not_an_error():
    """A graph whose cut keeps no cited work (a review grown by one paper) has no leaders."""
    from refnet.graphs.fronts import _top_per_cluster

    empty = np.array([], dtype=object)
    assert _top_per_cluster(np.array([], dtype=np.int64), np.array([]), empty, empty) == {}
    one = _top_per_cluster(np.array([0]), np.array([3]), np.array([""], dtype=object),
                           np.array(["W1"], dtype=object))  # fmt: skip
    assert one == {0: ["W1"]}
