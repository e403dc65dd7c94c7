"""RIS reader (Scopus RIS) and export sniffing/merging."""

from __future__ import annotations

import shutil

import pytest

from refnet.errors import InputError
from refnet.inputs.exports import read_export, read_exports, sniff
from refnet.inputs.ris import parse_ris, read_ris


def test_every_record_is_read(shared_data):
    path = shared_data / "scopus" / "bibx_scopus.ris"
    text = path.read_text(encoding="utf-8")
    papers, references, problems = read_ris(path)
    assert problems.empty
    assert len(papers) == text.count("\nTY  -") + text.startswith("TY  -")
    notes = text.count("N1  - References:")
    assert references["citing_id"].nunique() <= notes
    assert references["year"].notna().mean() > 0.95
    assert (papers["export_id"] != "").sum() == text.count("eid=2-s2.0-")


def test_known_record(shared_data):
    papers, references, _ = read_ris(shared_data / "scopus" / "bibx_scopus.ris")
    paper = papers.iloc[0]
    assert paper["paper_id"] == "doi:10.1063/5.0020407"
    assert paper["authors"].startswith("Pierrot, A.; ")
    assert paper["export_id"] == "scopus:2-s2.0-85091557653"
    refs = references[references["origin"].str.startswith(paper["origin"] + "#")]
    assert refs.iloc[0]["raw"] == "Mayergoyz, I.D., (1986) Phys. Rev. Lett., 56, p. 1518"
    assert refs.iloc[2]["doi"] == "10.1002/2014rg000462"


def test_unclosed_record_is_reported():
    records, problems = parse_ris("TY  - JOUR\nTI  - A\nER  - \nTY  - JOUR\nTI  - B\n", "f.ris")
    assert len(records) == 1 and problems[0]["origin"] == "f.ris:4"


def test_format_is_sniffed_from_content_not_extension(shared_data, tmp_path):
    copies = {
        "a.txt": shared_data / "scopus" / "bibx_scopus.ris",
        "b.txt": shared_data / "scopus" / "scopus_testing.csv",
        "c.csv": shared_data / "wos" / "TwoPaper.isi",
    }
    for name, source in copies.items():
        shutil.copy(source, tmp_path / name)
    kinds = [sniff((tmp_path / n).read_text(encoding="utf-8")[:4096]) for n in copies]
    assert kinds == ["ris", "scopus-csv", "wos"]
    assert len(read_export(tmp_path / "c.csv")[0]) == 2
    (tmp_path / "junk.txt").write_text("hello\n")
    with pytest.raises(InputError, match=r"junk\.txt:1"):
        read_export(tmp_path / "junk.txt")


def test_several_files_merge_by_doi_and_ut(shared_data, tmp_path):
    wos = shared_data / "wos"
    papers, references, problems = read_exports([wos / "testFile.isi", wos / "badFile.isi"])
    alone, _, _ = read_exports([wos / "testFile.isi"])
    assert set(papers["paper_id"]) == set(alone["paper_id"])
    assert papers["paper_id"].is_unique
    assert (problems["reason"] == "duplicate record; kept once").sum() == 32 + 1
    per_paper = references.groupby("citing_id").size()
    _, alone_refs, _ = read_exports([wos / "testFile.isi"])
    assert per_paper.equals(alone_refs.groupby("citing_id").size())
