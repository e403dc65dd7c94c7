"""Web of Science readers on the real exports in ../shared/data/wos."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from refnet.inputs import wos
from refnet.inputs.wos import (
    parse_cited_reference,
    parse_wos_tab,
    parse_wos_text,
    read_wos,
    records_tables,
)
from refnet.match import parse_wos

FILES = ["testFile", "badFile", "ManyAuthors", "OnePaper", "OnePaperNoCites", "TwoPaper"]


def _count(path, tag: str) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line[:3] == f"{tag} ")


@pytest.mark.parametrize("name", FILES)
def test_every_closed_record_is_read_or_reported(shared_data, name):
    path = shared_data / "wos" / f"{name}.isi"
    papers, references, problems = read_wos(path)
    skipped = problems["reason"].str.contains("skipped").sum()
    assert len(papers) + skipped == _count(path, "PT")
    assert references["citing_id"].isin(papers["paper_id"]).all()
    assert (references["source"] == "wos").all()
    assert references["origin"].str.startswith(f"{path}:").all()


def test_reference_counts_match_nr_tags(shared_data):
    path = shared_data / "wos" / "ManyAuthors.isi"
    papers, references, problems = read_wos(path)
    declared = sum(int(m) for m in re.findall(r"^NR (\d+)$", path.read_text(), re.M))
    assert len(papers) == 500 and problems.empty
    assert len(references) == declared


def test_broken_file_and_record_are_reported_with_lines(shared_data):
    _, _, bad = read_wos(shared_data / "wos" / "badFile.isi")
    assert bad["reason"].tolist() == ["file ends before EF"]
    papers, _, problems = read_wos(shared_data / "wos" / "testFile.isi")
    row = problems.iloc[0]
    assert row["origin"].endswith("testFile.isi:416") and row["value"] == "AUGilles, H"
    assert "WOS:000177484FG0017" not in set(papers["export_id"].str[4:])


def test_known_fields_of_a_record(shared_data):
    papers, references, _ = read_wos(shared_data / "wos" / "testFile.isi")
    paper = papers.set_index("export_id").loc["wos:WOS:000220362400013"]
    assert paper["paper_id"] == f"doi:{paper['doi']}" and paper["doi"].startswith("10.")
    assert paper["authors"].startswith("Pillon, F") and int(paper["year"]) == 2004
    refs = references[references["citing_id"] == paper["paper_id"]]
    first = refs.sort_values("position").iloc[0]
    assert first["raw"] == "ARTMANN K, 1948, ANN PHYS-BERLIN, V2, P87"
    assert (first["first_author"], first["year"], first["venue"]) == (
        "ARTMANN",
        1948,
        "ANN PHYS-BERLIN",
    )
    assert (first["volume"], first["pages"]) == ("2", "87")


def test_record_without_ut_keeps_a_doi_id(shared_data):
    papers, _, _ = read_wos(shared_data / "wos" / "testFile.isi")
    no_ut = papers[papers["export_id"] == ""]
    assert len(no_ut) == 1 and no_ut.iloc[0]["paper_id"] == "doi:10.1364/josab.22.001290"


@pytest.mark.parametrize(
    ("cr", "expected"),
    [
        (
            "ALLEN PJ, 1966, AM J PHYS, V34, P1185, DOI 10.1119/1.1972585",
            {
                "first_author": "ALLEN",
                "authors": "ALLEN, PJ",
                "year": 1966,
                "venue": "AM J PHYS",
                "volume": "34",
                "pages": "1185",
                "doi": "10.1119/1.1972585",
            },
        ),
        (
            "Ginzburg V. L., 1976, Soviet Physics - Uspekhi, V19, "
            "DOI 10.1070/PU1976v019n01ABEH005127",
            {
                "first_author": "Ginzburg",
                "year": 1976,
                "venue": "Soviet Physics - Uspekhi",
                "doi": "10.1070/pu1976v019n01abeh005127",
            },
        ),
        ("1999, OPTICAL COMPONENTS G", {"year": 1999, "venue": "OPTICAL COMPONENTS G"}),
        (
            "Smith J, 2010, J X, V3, DOI [10.1000/abc, 10.1000/ABD]",
            {"first_author": "Smith", "doi": "10.1000/abc", "volume": "3"},
        ),
        ("LOSURDO C, 1973, NUOVO CIMENTO B, VB 13, P217", {"volume": "B 13", "pages": "217"}),
        # newer exports write pages with a lower-case p
        ("Shinoka T, 1995, ANN THORAC SURG, V60, pS513", {"volume": "60", "pages": "S513"}),
        (
            "Buckley BS, 2009, BRIT MED J, V339, pb3058, DOI 10.1136/bmj.b3058",
            {"pages": "b3058", "doi": "10.1136/bmj.b3058"},
        ),
    ],
)
def test_parse_cited_reference(cr, expected):
    parsed = parse_cited_reference(cr)
    assert {k: parsed.get(k) for k in expected} == expected
    assert parsed["raw"] == cr


def test_tab_delimited_gives_the_same_tables(shared_data):
    path = shared_data / "wos" / "TwoPaper.isi"
    records, _ = parse_wos_text(path.read_text(encoding="utf-8"), "x")
    tags = sorted({t for r in records for t in r.fields})
    lines = ["\t".join(tags)]
    for r in records:
        sep = {t: "; " if t in ("AU", "AF", "CR", "C1") else " " for t in tags}
        lines.append("\t".join(sep[t].join(v.strip() for v in r.values(t)) for t in tags))
    tab_records, problems = parse_wos_tab("\n".join(lines) + "\n", "x")
    assert problems == []
    plain_papers, plain_refs = records_tables(records, "x")
    tab_papers, tab_refs = records_tables(tab_records, "x")
    columns = ["paper_id", "doi", "title", "authors", "year", "venue", "export_id"]
    assert tab_papers[columns].equals(plain_papers[columns])
    ref_columns = ["citing_id", "raw", "first_author", "year", "venue", "doi"]
    assert tab_refs[ref_columns].equals(plain_refs[ref_columns])


def test_tagless_line_inside_record_is_a_problem():
    text = "FN x\nVR 1.0\nPT J\nTI A\nUT WOS:1\nER\nPT J\nthis is junk\nUT WOS:2\nER\nEF\n"
    records, problems = parse_wos_text(text, "f.txt")
    assert [r.text("UT") for r in records] == ["WOS:1"]
    assert problems[0]["origin"] == "f.txt:8"


def test_blank_continuation_lines_and_text_after_ef():
    lines = ["FN x", "VR 1.0", "PT J", "TI A title", "CR A, 2001, J, V1, P2", "   "]
    text = "\n".join([*lines, "   B, 2002, K", "ER", "EF", "   late", ""])
    records, problems = parse_wos_text(text, "f")
    assert [r.values("CR") for r in records] == [["A, 2001, J, V1, P2", "B, 2002, K"]]
    assert list(problems[0].values())[1:] == ["f:10", "   late", "text after EF (end of file tag)"]


@pytest.mark.parametrize(
    "token",
    ["PJ", "P", "ABCD", "ABCDE", "P.J.", "J-P", "Pj", "pj", "ÉJ", "ǅ", "Ⅷ", "P1", "", "ALLEN"],
)
def test_plain_initials_check_agrees_with_the_pattern(token):
    assert parse_wos._is_initials(token) == bool(parse_wos._INITIALS.match(token))


def test_references_table_fills_missing_fields_with_blanks_and_missing_years():
    refs = wos.references_table(
        ["a", "a", "b"],
        [0, 1, 0],
        [3, 4, 9],
        ["X Y, 1999, J", "DOI 10.1000/X", "X Y, 1999, J"],
        "f",
    )
    assert refs["year"].tolist() == [1999, pd.NA, 1999]
    assert refs["first_author"].tolist() == ["X", "", "X"]
    assert refs["doi"].tolist() == ["", "10.1000/x", ""]
    assert refs["origin"].tolist() == ["f:3", "f:4", "f:9"]
    assert refs["title"].tolist() == ["", "", ""] and not refs["truncated"].any()


def test_only_newlines_end_a_line_of_a_wos_export():
    text = "FN x\nVR 1.0\nPT J\nTI A title\x0bwith a vertical tab\u2028and a line separator\n"
    text += "CR SMITH J, 2001, J POLIT, V1, P2\x0c\nUT WOS:1\nER\nEF\n"
    records, problems = parse_wos_text(text, "t.txt")
    assert not problems and len(records) == 1
    assert "vertical tab" in records[0].text("TI") and "line separator" in records[0].text("TI")
