"""Real Snakemake runs on a tiny review in a temporary folder.

The review is built so that what the graphs must say is known from the inputs: papers
A and B share two cited works (one by DOI written in two forms, one book written
identically), B and C share one, and C cites A by title (direct citation).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]

SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]

REVIEW = """\
name: tiny
description: a three-paper review for the workflow tests
inputs:
  papers: [refs/papers.yaml]
  dois: [refs/dois.txt]
sources:
  offline: true
"""

PAPERS = """\
- key: alpha2005
  title: Soft Balancing in the Age of Primacy
  authors: [Pape, Robert A.]
  year: 2005
  venue: International Security
  bibliography: refs/bibliographies/alpha2005.txt
- key: beta2008
  title: Institutional Balancing in the Asia Pacific
  authors: [He, Kai]
  year: 2008
  venue: European Journal of International Relations
  bibliography: refs/bibliographies/beta2008.txt
- key: gamma2012
  title: Alignment, Not Alliance
  authors: [Wilkins, Thomas S.]
  year: 2012
  venue: Review of International Studies
  bibliography: refs/bibliographies/gamma2012.txt
"""

BIBLIOGRAPHIES = {
    "alpha2005": [
        "# source: https://example.org/alpha",
        "Paul, T. V. (2005). Soft balancing in the age of U.S. primacy. International "
        "Security, 30(1), 46-71. https://doi.org/10.1162/0162288054894652",
        "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).",
        "Stephen M. Walt, The Origins of Alliances (Ithaca: Cornell University Press, 1987).",
    ],
    "beta2008": [
        "Paul TV, 2005, INT SECURITY, V30, P46, DOI 10.1162/0162288054894652",
        "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).",
        "Hedley Bull, The Anarchical Society: A Study of Order in World Politics "
        "(London: Macmillan, 1977).",
    ],
    "gamma2012": [
        "Hedley Bull, The Anarchical Society: A Study of Order in World Politics "
        "(London: Macmillan, 1977).",
        "Robert A. Pape, “Soft Balancing in the Age of Primacy,” International "
        "Security 30, no. 1 (2005): 7-45.",
        "Robert Gilpin, War and Change in World Politics (Cambridge: Cambridge "
        "University Press, 1981).",
    ],
}


def make_review(folder: Path) -> None:
    refs = folder / "refs"
    (refs / "bibliographies").mkdir(parents=True)
    (refs / "review.yaml").write_text(REVIEW)
    (refs / "papers.yaml").write_text(PAPERS)
    (refs / "dois.txt").write_text(
        "# one DOI-only paper\nhttps://doi.org/10.14731/KJIS.2026.04.24.1.261\n"
    )
    for key, lines in BIBLIOGRAPHIES.items():
        (refs / "bibliographies" / f"{key}.txt").write_text("\n".join(lines) + "\n")


def snakemake(folder: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*SNAKEMAKE, "--directory", str(folder), *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def digest(folder: Path) -> dict[str, str]:
    results = folder / "results"
    return {
        str(p.relative_to(results)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(results.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    make_review(folder)
    snakemake(folder)
    return folder


def test_coupling_weights_are_the_shared_references(review):
    refs = pd.read_csv(review / "results/references.csv", keep_default_na=False)
    works_of = refs.groupby("citing_id")["work_id"].apply(set)
    assert len(works_of["alpha2005"] & works_of["beta2008"]) == 2  # the DOI and Waltz
    coupling = pd.read_csv(review / "results/similarity/coupling.csv")
    weight = {(e.source, e.target): e.weight for e in coupling.itertuples()}
    assert weight[("alpha2005", "beta2008")] == 2
    assert weight[("beta2008", "gamma2012")] == 1
    assert ("alpha2005", "gamma2012") not in weight
    for (a, b), w in weight.items():
        assert w == len(works_of[a] & works_of[b])


def test_direct_citation_links_a_reference_to_a_review_paper(review):
    citation = pd.read_csv(review / "results/similarity/citation.csv")
    pairs = set(zip(citation["source"], citation["target"], strict=True))
    assert ("gamma2012", "alpha2005") in pairs


def test_offline_run_lists_what_it_could_not_resolve(review):
    unresolved = pd.read_csv(review / "results/unresolved.csv", keep_default_na=False)
    assert "10.14731/kjis.2026.04.24.1.261" in set(unresolved["doi"])
    assert unresolved["reason"].str.len().min() > 0


def test_exports_open_in_their_tools(review):
    review_bib = parse_file(review / "results/bib/review.bib")
    assert len(review_bib.entries) == 4
    cited = parse_file(review / "results/bib/cited.bib")
    works = pd.read_csv(review / "results/works.csv", keep_default_na=False)
    assert len(cited.entries) == len(works)
    graph = nx.read_gexf(review / "results/graphs/coupling.gexf")
    assert graph.number_of_edges() == 2
    graphml = nx.read_graphml(review / "results/graphs/cocitation.graphml")
    assert graphml.number_of_nodes() >= 2


def test_rerun_has_nothing_to_do_and_is_byte_identical(review, tmp_path):
    dry = snakemake(review, "-n")
    assert "Nothing to be done" in dry.stdout + dry.stderr
    before = digest(review)
    again = tmp_path / "again"
    make_review(again)
    snakemake(again)
    assert digest(again) == before


def test_changing_one_bibliography_reruns_only_what_depends_on_it(review):
    bib = review / "refs/bibliographies/gamma2012.txt"
    bib.write_text(
        bib.read_text() + "Robert Jervis, Perception and Misperception in "
        "International Politics (Princeton: Princeton University Press, 1976).\n"
    )
    dry = snakemake(review, "-n", "--quiet", "rules")
    text = dry.stdout + dry.stderr
    assert "bibliography" in text and "match" in text
    assert "seeds" not in text and "resolve" not in text
    snakemake(review)
    refs = pd.read_csv(review / "results/references.csv", keep_default_na=False)
    assert refs["raw"].str.contains("Perception and Misperception").any()
