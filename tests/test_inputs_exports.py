"""Merging export files: duplicates, the no-duplicate shortcut, references kept."""

from __future__ import annotations

import pandas as pd

from refnet import model
from refnet.inputs.exports import _sorted_references, deduplicate, read_exports


def _papers(rows: list[dict[str, object]]) -> pd.DataFrame:
    return model.frame(rows, model.PAPER_COLUMNS)


def test_papers_without_duplicates_come_back_sorted_and_unchanged():
    papers = _papers(
        [
            {"paper_id": "wos:B", "export_id": "wos:B", "year": 2001, "origin": "f:9"},
            {"paper_id": "doi:10.1/a", "doi": "10.1/a", "export_id": "wos:A", "origin": "f:1"},
        ]
    )
    out, renamed, dropped = deduplicate(papers)
    assert (renamed, dropped) == ({}, {})
    assert out["paper_id"].tolist() == ["doi:10.1/a", "wos:B"]
    expected = papers.iloc[[1, 0]].reset_index(drop=True)
    pd.testing.assert_frame_equal(out, expected)


def test_export_ids_are_sorted_even_without_duplicates():
    papers = _papers([{"paper_id": "wos:B", "export_id": "wos:B; scopus:A", "origin": "f:1"}])
    out, _, _ = deduplicate(papers)
    assert out["export_id"].tolist() == ["scopus:A; wos:B"]


def test_paper_with_doi_gets_a_doi_id_without_duplicates():
    papers = _papers([{"paper_id": "wos:B", "doi": "10.1/b", "origin": "f:1"}])
    out, renamed, _ = deduplicate(papers)
    assert out["paper_id"].tolist() == ["doi:10.1/b"] and renamed == {"wos:B": "doi:10.1/b"}


def test_duplicates_are_merged_and_their_gaps_filled():
    papers = _papers(
        [
            {"paper_id": "wos:A", "export_id": "wos:A", "origin": "f:1"},
            {"paper_id": "doi:10.1/a", "doi": "10.1/a", "export_id": "wos:A", "year": 1999,
             "title": "T", "origin": "g:1"},
        ]
    )  # fmt: skip
    out, renamed, dropped = deduplicate(papers)
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["paper_id"], row["doi"], row["title"], row["year"]) == (
        "doi:10.1/a",
        "10.1/a",
        "T",
        1999,
    )
    assert renamed == {"wos:A": "doi:10.1/a"} and dropped == {"g:1": "doi:10.1/a"}


def test_a_copy_of_a_file_keeps_one_reference_list(shared_data, tmp_path):
    path = shared_data / "wos" / "TwoPaper.isi"
    copy = tmp_path / "copy.isi"
    copy.write_bytes(path.read_bytes())
    papers, refs, problems = read_exports([path])
    papers2, refs2, problems2 = read_exports([path, copy])
    pd.testing.assert_frame_equal(papers2, papers)
    pd.testing.assert_frame_equal(refs2, refs)
    assert len(refs) > 0 and problems.empty
    assert (problems2["reason"] == "duplicate record; kept once").sum() == len(papers)


def test_references_of_one_file_are_sorted_by_paper_and_position(shared_data):
    _, refs, _ = read_exports([shared_data / "wos" / "testFile.isi"])
    order = refs.sort_values(["citing_id", "position"], kind="stable").index
    assert (order == refs.index).all()
    assert refs["raw"].map(type).eq(str).all() and refs["raw"].dtype == object


def test_a_file_named_twice_is_read_once_and_reported(shared_data):
    path = shared_data / "wos" / "TwoPaper.isi"
    papers, refs, _ = read_exports([path])
    again = shared_data / "wos" / ".." / "wos" / "TwoPaper.isi"
    papers2, refs2, problems2 = read_exports([path, again])
    pd.testing.assert_frame_equal(papers2, papers)
    pd.testing.assert_frame_equal(refs2, refs)
    assert len(refs) > 0
    assert problems2["reason"].tolist() == ["export file listed twice; read once"]
    assert problems2["origin"].tolist() == [str(again)]


def test_references_are_sorted_by_paper_and_position_only_when_out_of_order():
    refs = model.frame(
        [{"citing_id": c, "position": p} for c, p in [("b", 0), ("a", 1), ("a", 0), ("a", 0)]],
        model.REFERENCE_COLUMNS,
    ).assign(raw=["b0", "a1", "a0", "a0 again"])
    ordered = _sorted_references(refs)
    assert ordered["raw"].tolist() == ["a0", "a0 again", "a1", "b0"]
    assert _sorted_references(ordered) is ordered
