"""DOI list files."""

from __future__ import annotations

from pathlib import Path

from refnet.inputs.doilist import parse_doi_list, read_doi_list

TEXT = """\
# my review
10.1162/0162288054894652

https://doi.org/10.1057/IP.2014.46   # inline comment
doi:10.1162/0162288054894652
not a doi at all
DOI 10.1093/ia/iiaa061.
10.1234
"""


def test_parse_doi_list_rows_and_problems() -> None:
    papers, problems = parse_doi_list(TEXT, "refs/dois.txt")
    assert list(papers["doi"]) == [
        "10.1162/0162288054894652",
        "10.1057/ip.2014.46",
        "10.1093/ia/iiaa061",
    ]
    assert list(papers["paper_id"]) == [f"doi:{d}" for d in papers["doi"]]
    assert list(papers["origin"]) == ["refs/dois.txt:2", "refs/dois.txt:4", "refs/dois.txt:7"]
    by_origin = dict(zip(problems["origin"], problems["reason"], strict=True))
    assert by_origin["refs/dois.txt:5"] == "duplicate of line 2; merged"
    assert by_origin["refs/dois.txt:6"] == "not a DOI"
    assert by_origin["refs/dois.txt:8"] == "not a DOI"
    assert set(problems["stage"]) == {"seeds"}


def test_read_doi_list_empty_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "dois.txt"
    path.write_text("\ufeff# nothing yet\n\n", encoding="utf-8")
    papers, problems = read_doi_list(path)
    assert papers.empty and problems.empty
    path.write_text("\ufeff10.1000/ABC\n", encoding="utf-8")
    papers, _ = read_doi_list(path, origin="x.txt")
    assert list(papers["origin"]) == ["x.txt:1"]
    assert papers["doi"].tolist() == ["10.1000/abc"]
