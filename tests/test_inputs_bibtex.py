"""BibTeX review papers: fields, LaTeX decoding, broken entries."""

from __future__ import annotations

from pathlib import Path

from refnet.inputs.bibtex import latex_to_text, parse_bibtex, read_bibtex

BIB = r"""% review papers
@string{is = "International Security"}

@article{paul2005,
  author = {Paul, T. V.},
  title = {Soft Balancing in the Age of {U.S.} Primacy},
  journal = is,
  volume = 30, number = 1, pages = {46--71}, year = 2005,
  doi = {https://doi.org/10.1162/0162288054894652},
}

@article{broken2005,
  author = {Nobody, A.},
  title = {Missing its closing brace,
  year = 2005

@incollection{guner2017,
  author = {G{\"u}ner, Serdar {\c{S}}. and de la Fontaine, Jean},
  title = {An Evolutionary Game Analysis},
  booktitle = {Games \& Alliances},
  year = {2017},
  doi = {not-a-doi},
}

@book{walt2005, author = {Stephen M. Walt}, title = {Taming American Power},
  publisher = {Norton}, date = {2005-09}, url = {https://doi.org/10.1000/xyz}}
@article{paul2005, title = {Duplicate key}}
"""


def test_parse_bibtex_reads_good_entries_around_a_broken_one() -> None:
    papers, problems = parse_bibtex(BIB, "refs/seeds.bib")
    assert list(papers["paper_id"]) == ["paul2005", "guner2017", "walt2005"]
    paul = papers.iloc[0]
    assert paul["doi"] == "10.1162/0162288054894652"
    assert paul["title"] == "Soft Balancing in the Age of U.S. Primacy"
    assert paul["venue"] == "International Security"  # @string macro expanded
    assert (paul["volume"], paul["issue"], paul["pages"]) == ("30", "1", "46–71")
    assert paul["year"] == 2005 and paul["kind"] == "article"
    assert paul["origin"] == "refs/seeds.bib:4"
    guner = papers.iloc[1]
    assert guner["authors"] == "Güner, Serdar Ş.; de la Fontaine, Jean"
    assert guner["venue"] == "Games & Alliances"
    assert guner["kind"] == "chapter" and guner["doi"] == ""
    walt = papers.iloc[2]
    assert walt["authors"] == "Walt, Stephen M."
    assert walt["year"] == 2005 and walt["kind"] == "book" and walt["publisher"] == "Norton"
    assert walt["doi"] == "10.1000/xyz"  # found in the url field

    reasons = dict(zip(problems["origin"], problems["reason"], strict=True))
    assert reasons["refs/seeds.bib:12"].startswith("broken BibTeX entry skipped")
    assert "not a DOI" in reasons["refs/seeds.bib:17"]
    assert reasons["refs/seeds.bib:27"].startswith("duplicate key (first at refs/seeds.bib:4)")


def test_latex_to_text() -> None:
    assert latex_to_text(r"Dall'Agnol, {\'E}mile -- {\"O}zt{\"u}rk") == "Dall'Agnol, Émile – Öztürk"
    assert (
        latex_to_text("{Back to the Future}:\n  Instability") == "Back to the Future: Instability"
    )


def test_read_bibtex_file(tmp_path: Path) -> None:
    path = tmp_path / "x.bib"
    path.write_text("@misc{k, title = {T}}\n", encoding="utf-8")
    papers, problems = read_bibtex(path)
    assert papers["origin"].tolist() == [f"{path}:1"] and problems.empty
    assert papers["kind"].tolist() == ["other"]


def test_embedded_seeds_bib(root: Path) -> None:
    papers, problems = read_bibtex(root / "refs/seeds.bib", origin="refs/seeds.bib")
    assert problems.empty
    assert papers["doi"].tolist() == ["10.14731/kjis.2026.04.24.1.261"]
    assert papers["authors"].tolist() == ["Ullah, Kaleem; Hussain, Shahid"]
