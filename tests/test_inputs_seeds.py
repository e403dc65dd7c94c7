"""All review papers of a review.yaml, and the embedded default review in refs/."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from refnet.config import load_config
from refnet.inputs import seeds
from refnet.inputs.bibliography import read_bibliography
from refnet.inputs.seeds import (
    bibliography_files,
    checked_fulltexts,
    fulltext_jobs,
    per_paper_files,
    read_review_papers,
)

PAPERS = """\
- key: paul2005
  title: Soft Balancing in the Age of U.S. Primacy
  doi: 10.1162/0162288054894652
  bibliography: refs/b/paul2005.txt
- key: nodoi
  title: A book without DOI
"""
BIB = """\
@article{paulbib, author = {Paul, T. V.}, title = {Soft Balancing}, journal = {IS},
  year = 2005, volume = 30, doi = {10.1162/0162288054894652}}
@article{he2015, author = {He, Kai}, title = {Contested regional orders}, year = 2015,
  doi = {10.1057/ip.2014.46}}
"""
DOIS = "10.1057/IP.2014.46\n10.1093/ia/iiaa061\nnonsense\n"


def _review(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "refs/b").mkdir(parents=True)
    (tmp_path / "refs/papers.yaml").write_text(PAPERS, encoding="utf-8")
    (tmp_path / "refs/seeds.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "refs/dois.txt").write_text(DOIS, encoding="utf-8")
    (tmp_path / "refs/b/paul2005.txt").write_text("Waltz 1979\n", encoding="utf-8")
    return {
        "inputs": {
            "papers": ["refs/papers.yaml"],
            "bibtex": ["refs/seeds.bib"],
            "dois": ["refs/dois.txt"],
            "fulltext": [{"paper": "nodoi", "path": "texts/nodoi.txt"}],
        }
    }


def test_read_review_papers_merges_by_doi(tmp_path: Path) -> None:
    papers, problems = read_review_papers(_review(tmp_path), tmp_path)
    assert papers["paper_id"].tolist() == ["doi:10.1093/ia/iiaa061", "he2015", "nodoi", "paul2005"]
    paul = papers.set_index("paper_id").loc["paul2005"]
    assert paul["origin"] == "refs/papers.yaml:1"  # first origin kept
    assert paul["authors"] == "Paul, T. V." and paul["venue"] == "IS"  # filled from BibTeX
    assert paul["title"] == "Soft Balancing in the Age of U.S. Primacy"
    he = papers.set_index("paper_id").loc["he2015"]
    assert he["origin"] == "refs/seeds.bib:3"  # the key wins over the DOI-list entry
    reasons = dict(zip(problems["origin"], problems["reason"], strict=True))
    assert "merged into paul2005" in reasons["refs/seeds.bib:1"]
    assert "merged into he2015" in reasons["refs/dois.txt:1"]
    assert reasons["refs/dois.txt:3"] == "not a DOI"


def test_bibliography_files_and_fulltext_jobs(tmp_path: Path) -> None:
    config = _review(tmp_path)
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts/nodoi.txt").write_text("As Walt (2005) says.\n", encoding="utf-8")
    assert bibliography_files(config, tmp_path) == {
        "paul2005": str(tmp_path / "refs/b/paul2005.txt")
    }
    assert fulltext_jobs(config, tmp_path) == {"nodoi": "texts/nodoi.txt"}
    config["inputs"]["fulltext"].append({"paper": "nodoi", "path": "texts/nodoi.txt"})  # type: ignore[index]
    jobs, problems = checked_fulltexts(config, tmp_path)
    assert jobs == {"nodoi": "texts/nodoi.txt"}
    assert "already has a text (named in review.yaml inputs.fulltext[1])" in problems[0]["reason"]


def test_missing_files_are_problems_and_the_rest_is_read(tmp_path: Path) -> None:
    config = _review(tmp_path)
    config["inputs"]["dois"] = ["refs/dois.txt", "refs/missing.txt"]  # type: ignore[index]
    papers, problems = read_review_papers(config, tmp_path)
    assert "he2015" in set(papers["paper_id"])
    row = problems[problems["origin"] == "refs/missing.txt"].iloc[0]
    assert row["reason"] == "input file not found (named in review.yaml inputs.dois[1]); skipped"
    config = _review(tmp_path / "again")
    (tmp_path / "again/refs/b/paul2005.txt").unlink()
    papers, problems = read_review_papers(config, tmp_path / "again")
    assert papers.set_index("paper_id").loc["paul2005", "bibliography"] == ""
    row = problems[problems["origin"] == "refs/papers.yaml:1"].iloc[0]
    assert row["reason"] == "bibliography file not found; paper kept without it"
    assert bibliography_files(config, tmp_path / "again") == {}


def test_paths_out_of_the_review_folder_are_refused_unless_allowed(tmp_path: Path) -> None:
    config = _review(tmp_path / "review")
    outside = tmp_path / "secret.txt"
    outside.write_text("10.1000/secret\n", encoding="utf-8")
    (tmp_path / "review/refs/link.txt").symlink_to(outside)
    config["inputs"]["dois"] = [str(outside), "../secret.txt", "refs/link.txt"]  # type: ignore[index]
    papers, problems = read_review_papers(config, tmp_path / "review")
    assert "doi:10.1000/secret" not in set(papers["paper_id"])
    reasons = " | ".join(problems["reason"])
    for how in ("an absolute path", "a path through '..'", f"a symlink to {outside}"):
        assert f"outside the review folder ({how}); refused" in reasons
    assert reasons.count("Set inputs.allow_outside: true") == 3
    config["inputs"]["allow_outside"] = True  # type: ignore[index]
    papers, _ = read_review_papers(config, tmp_path / "review")
    assert "doi:10.1000/secret" in set(papers["paper_id"])


# ------------------------------------------------------------- the embedded review

KJIS = "10.14731/kjis.2026.04.24.1.261"


@pytest.fixture(scope="module")
def embedded(root: Path):
    config = load_config(root / "refs/review.yaml")
    papers, problems = read_review_papers(config, root)
    return config, papers, problems


def test_embedded_review_loads(embedded, root: Path) -> None:
    config, papers, problems = embedded
    assert config["name"] == "soft-balancing"
    assert papers["paper_id"].is_unique and papers["paper_id"].is_monotonic_increasing
    assert (papers["doi"] == KJIS).sum() == 1  # in seeds.bib and dois.txt: one paper
    assert papers.set_index("doi").loc[KJIS, "paper_id"] == "ullah_hussain2026_kjis"
    assert problems["reason"].str.contains("merged into ullah_hussain2026_kjis").sum() == 1
    assert len(problems) == 1  # nothing else is wrong
    assert ((papers["title"] != "") | (papers["doi"] != "")).all()  # no untitled paper


def test_embedded_review_facts(embedded, root: Path) -> None:
    _, papers, _ = embedded
    by_id = papers.set_index("paper_id")
    jes = by_id.loc["jes2015_kazakhstan_soft_balancing"]
    assert jes["authors"] == "" and jes["year"] == 2015 and jes["doi"] == ""
    assert jes["venue"] == "Journal of Eurasian Studies"
    assert by_id.loc["paul2005", "doi"] == "10.1162/0162288054894652"
    assert by_id.loc["pape2005", "doi"] == ""  # no page showed it
    assert by_id.loc["brooks_wohlforth2005", "authors"] == (
        "Brooks, Stephen G.; Wohlforth, William C."
    )
    untitled = papers[papers["tier"] == "adjacent-untitled"]
    assert len(untitled) == 5 and untitled["title"].str.startswith("[").all()
    files = bibliography_files(load_config(root / "refs/review.yaml"), root)
    assert len(files) == 20
    for paper_id, path in files.items():
        refs, problems = read_bibliography(path, paper_id)
        assert len(refs) > 0 and problems.empty, path
    jes_refs, _ = read_bibliography(files["jes2015_kazakhstan_soft_balancing"], "jes")
    assert 80 <= len(jes_refs) <= 100


def test_embedded_review_matches_the_corpus(embedded, softbalancing: Path) -> None:
    """Every corpus work is a review paper with the corpus's tier, DOI and year."""
    _, papers, _ = embedded
    by_id = papers.set_index("paper_id")
    corpus = json.loads((softbalancing / "papers.json").read_text(encoding="utf-8"))
    assert len(by_id) == len(corpus) + 2  # and seeds 000 and 002
    for work in corpus:
        row = by_id.loc[work["key"]]
        assert row["tier"] == work["tier"], work["key"]
        year = None if row["year"] is pd.NA else int(row["year"])
        assert year == work.get("year"), work["key"]
        if work.get("doi") and " " not in work["doi"]:
            assert row["doi"] == work["doi"].lower(), work["key"]
        source = softbalancing / "bibliographies" / f"{work['key']}.txt"
        if row["bibliography"]:  # shipped verbatim
            shipped = Path(__file__).resolve().parents[1] / row["bibliography"]
            assert shipped.read_bytes() == source.read_bytes(), work["key"]


def _counting_readers(monkeypatch) -> dict[str, int]:
    """How often each seeds reader is called (the readers themselves still run)."""
    calls = dict.fromkeys(seeds.READERS, 0)
    for name, reader in seeds.READERS.items():

        def counted(*args, _name=name, _reader=reader, **kwargs):
            calls[_name] += 1
            return _reader(*args, **kwargs)

        monkeypatch.setitem(seeds.READERS, name, counted)
    return calls


def test_per_paper_jobs_read_the_papers_yaml_only(tmp_path: Path, monkeypatch) -> None:
    config = _review(tmp_path)
    config["inputs"]["fulltext"] = []  # type: ignore[index]
    everything = bibliography_files(config, tmp_path)  # every input read
    calls = _counting_readers(monkeypatch)
    assert per_paper_files(config, tmp_path) == (everything, {})
    assert everything == {"paul2005": str(tmp_path / "refs/b/paul2005.txt")}
    assert calls == {"papers": 1, "bibtex": 0, "dois": 0}


def test_per_paper_jobs_read_every_input_to_check_full_texts(tmp_path: Path, monkeypatch) -> None:
    config = _review(tmp_path)
    (tmp_path / "texts").mkdir()
    for name in ("nodoi", "he"):
        (tmp_path / f"texts/{name}.txt").write_text("As Walt (2005) says.\n", encoding="utf-8")
    config["inputs"]["fulltext"].append({"paper": "he2015", "path": "texts/he.txt"})  # type: ignore[index]
    calls = _counting_readers(monkeypatch)
    _, texts = per_paper_files(config, tmp_path)
    assert calls["bibtex"] == 1 and calls["dois"] == 1
    assert texts == {"nodoi": "texts/nodoi.txt", "he2015": "texts/he.txt"}  # he2015: BibTeX


def test_per_paper_jobs_of_the_embedded_review_are_those_of_every_input(
    root: Path, monkeypatch
) -> None:
    config = load_config(root / "refs/review.yaml")
    everything = bibliography_files(config, root)
    calls = _counting_readers(monkeypatch)
    assert per_paper_files(config, root) == (everything, {}) and len(everything) == 20
    assert calls["bibtex"] == calls["dois"] == 0
