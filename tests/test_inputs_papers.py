"""The YAML list of review papers."""

from __future__ import annotations

import pytest

from refnet.errors import InputError
from refnet.inputs.papers import normalize_author, parse_papers

YAML = """\
# review papers
- key: paul2005
  title: Soft Balancing in the Age of U.S. Primacy
  authors: [T. V. Paul]
  year: 2005
  venue: International Security
  volume: 30
  pages: 46-71
  doi: https://doi.org/10.1162/0162288054894652
  urls: [https://example.org/a, https://example.org/b]
  bibliography: refs/bibliographies/paul2005.txt
  note: anything

- key: nodata
  authors: ["Brooks, Stephen G.", "William C. Wohlforth"]

- key: badyear
  title: T
  year: "2005a"

- key: typo
  title: T
  jounral: X

- key: paul2005
  title: again

- key: baddoi
  title: T
  doi: 11.1/abc

- just a string

- key: doionly
  doi: 10.1000/XYZ
"""


def test_parse_papers_rows() -> None:
    papers, _ = parse_papers(YAML, "refs/papers.yaml")
    assert list(papers["paper_id"]) == ["paul2005", "doionly"]
    paul = papers.iloc[0]
    assert paul["authors"] == "Paul, T. V."
    assert paul["doi"] == "10.1162/0162288054894652"
    assert paul["volume"] == "30" and paul["year"] == 2005
    assert paul["url"] == "https://example.org/a"
    assert paul["bibliography"] == "refs/bibliographies/paul2005.txt"
    assert paul["origin"] == "refs/papers.yaml:2"
    assert papers.iloc[1]["doi"] == "10.1000/xyz" and papers.iloc[1]["title"] == ""


def test_parse_papers_problems_name_line_and_reason() -> None:
    _, problems = parse_papers(YAML, "refs/papers.yaml")
    reasons = dict(zip(problems["origin"], problems["reason"], strict=True))
    assert reasons["refs/papers.yaml:14"] == "a paper needs a title or a doi"
    assert reasons["refs/papers.yaml:17"].startswith("year must be a four-digit number")
    assert reasons["refs/papers.yaml:21"] == "unknown field(s) jounral"
    assert reasons["refs/papers.yaml:25"].startswith("duplicate key (first at refs/papers.yaml:2)")
    assert reasons["refs/papers.yaml:28"] == "doi is not a DOI: '11.1/abc'"
    assert "mapping" in reasons["refs/papers.yaml:32"]
    assert len(problems) == 6


@pytest.mark.parametrize("text", ["key: x\ntitle: y\n", "- [unclosed\n"])
def test_parse_papers_rejects_files_that_are_not_lists(text: str) -> None:
    with pytest.raises(InputError, match=r"refs/p\.yaml"):
        parse_papers(text, "refs/p.yaml")


def test_parse_papers_empty_file() -> None:
    papers, problems = parse_papers("# nothing yet\n", "p.yaml")
    assert papers.empty and problems.empty


def test_normalize_author() -> None:
    assert normalize_author("Serdar Ş. Güner") == "Güner, Serdar Ş."
    assert normalize_author("Güner,  Serdar Ş.") == "Güner, Serdar Ş."
    assert normalize_author("Keir A. Lieber") == "Lieber, Keir A."
