"""Real Snakemake runs of a review with three planted camps: fronts, files, same bytes.

Twenty-four papers (a Web of Science export) in three camps of eight; each paper cites
six of its camp's ten works (by DOI) and one work of another camp, and its title speaks
of its camp. The review runs twice, with ``--cores 1`` and ``--cores 2``, in two folders.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import igraph
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from refnet.synthetic import write_review_folder

ROOT = Path(__file__).resolve().parents[1]
XSD = ROOT.parent / "shared" / "schemas" / "gexf-1.3" / "gexf.xsd"

CAMPS = {
    "soft balancing": "Soft balancing against American primacy",
    "energy security": "Energy security and the European Union pipelines",
    "multi vector": "Kazakhstan multi-vector foreign policy in Central Asia",
}


def camp_review() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(7)
    papers, references = [], []
    for c, title in enumerate(CAMPS.values()):
        works = [f"10.5555/camp{c}.w{w}" for w in range(10)]
        for k in range(8):
            pid = f"10.5555/camp{c}.p{k}"
            papers.append(
                {
                    "paper_id": f"doi:{pid}",
                    "authors": f"Author{c}{k}, A",
                    "title": f"{title}: part {k}",
                    "venue": "Review of Camps",
                    "year": 2000 + 5 * c + k % 3,
                    "doi": pid,
                }
            )
            other = f"10.5555/camp{(c + 1 + k % 2) % 3}.w{k}"
            cited = [works[i] for i in sorted(rng.choice(10, 6, replace=False))] + [other]
            for doi in cited:
                camp, work = doi.split("/")[1].split(".")
                raw = f"Writer{camp[-1]}{work[1:]} A, 1990, CAMP J, V1, P{work[1:]}1, DOI {doi}"
                references.append({"citing_id": f"doi:{pid}", "raw": raw})
    return pd.DataFrame(papers), pd.DataFrame(references)


def run(folder: Path, cores: int) -> None:
    command = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile")]
    command += ["--cores", str(cores), "--directory", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def digest(folder: Path) -> dict[str, str]:
    results = folder / "results"
    return {
        str(p.relative_to(results)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(results.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path]:
    papers, references = camp_review()
    folders = []
    for cores in (1, 2):
        folder = tmp_path_factory.mktemp(f"camps{cores}")
        write_review_folder(folder, papers, references, name="camps")
        run(folder, cores)
        folders.append(folder)
    return folders[0], folders[1]


def test_same_seed_same_bytes_with_one_and_two_cores(runs):
    one, two = digest(runs[0]), digest(runs[1])
    assert any(name.startswith("clusters/") for name in one)
    assert one == two


def test_the_planted_camps_are_the_fronts(runs):
    folder = runs[0]
    summary = pd.read_csv(folder / "results/clusters/coupling_summary.csv")
    assert bool(summary["structure"].iloc[0]), summary["verdict"].iloc[0]
    members = pd.read_csv(folder / "results/clusters/coupling_members.csv")
    camp = members["id"].str.extract(r"camp(\d)")[0].astype(int)
    ari = igraph.compare_communities(
        camp.tolist(), members["cluster"].tolist(), method="adjusted_rand"
    )
    assert ari >= 0.9
    clusters = pd.read_csv(folder / "results/clusters/coupling.csv")
    assert clusters["cluster"].tolist() == [1, 2, 3] and clusters["size"].tolist() == [8] * 3
    words = [
        set(title.lower().replace(":", "").split()) - {"and", "the", "in"}
        for title in CAMPS.values()
    ]
    for cluster, label in zip(clusters["cluster"], clusters["label"], strict=True):
        own = camp[members["cluster"] == cluster].iloc[0]
        said = set(label.lower().replace(",", " ").split())
        assert said & words[own]  # its camp's words, e.g. "soft balancing"
        assert not said & set().union(*(w for c, w in enumerate(words) if c != own))
    cocitation = pd.read_csv(folder / "results/clusters/cocitation_summary.csv")
    assert bool(cocitation["structure"].iloc[0])


def test_graph_files_hold_the_tables_counts_and_validate(runs):
    folder = runs[0]
    for graph in ("coupling", "cocitation", "citation"):
        nodes = pd.read_csv(folder / f"results/similarity/{graph}_nodes.csv")
        edges = pd.read_csv(folder / f"results/similarity/{graph}.csv")
        gexf = nx.read_gexf(folder / f"results/graphs/{graph}.gexf")
        assert (gexf.number_of_nodes(), gexf.number_of_edges()) == (len(nodes), len(edges))
        converted = igraph.Graph.from_networkx(gexf)
        assert (converted.vcount(), converted.ecount()) == (len(nodes), len(edges))
        graphml = igraph.Graph.Read_GraphML(str(folder / f"results/graphs/{graph}.graphml"))
        assert (graphml.vcount(), graphml.ecount()) == (len(nodes), len(edges))
    etree = pytest.importorskip("lxml.etree")
    if not XSD.exists():
        pytest.skip(f"GEXF 1.3 schema not found at {XSD}")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    for graph in ("coupling", "cocitation", "citation"):
        schema.assertValid(etree.parse(str(folder / f"results/graphs/{graph}.gexf")))


def test_evidence_rests_on_dois(runs):
    folder = runs[0]
    why = pd.read_csv(folder / "results/similarity/coupling_evidence.csv")
    coupling = pd.read_csv(folder / "results/similarity/coupling.csv")
    assert len(why) == coupling["weight"].sum()
    assert set(why["basis"]) == {"doi"}
    assert (coupling["weight_exact"] == coupling["weight"]).all()
