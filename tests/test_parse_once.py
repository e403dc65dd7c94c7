"""References are parsed once: by their per-paper job or reader, and the match stage takes
those fields (year letters included) as they are, parsing only the rows nobody parsed."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from refnet.inputs.exports import read_exports
from refnet.inputs.wos import as_read
from refnet.match.parse import parse_references
from refnet.model import PAPER_COLUMNS, PARSED_COLUMNS, REFERENCE_COLUMNS, frame
from refnet.stages import run_named
from refnet.tables import read_parquet, write_parquet

WALT_A = "Walt, Stephen M. 2005a. Taming American Power. New York: W. W. Norton."
WALT_B = "Walt, Stephen M. 2005b. Taming American Power. New York: W. W. Norton."
TITLE_AS_PARSED = "Theory of International Politics (as the job parsed it)"


def _bibliography(folder: Path, lines: list[str]) -> Path:
    path = folder / "a.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _parse_bibliography(folder: Path, lines: list[str]) -> Path:
    """The per-paper job of paper ``a`` on ``lines``; its parsed table's path."""
    out = folder / "parsed" / "a.parquet"
    run_named(
        "bibliography",
        {"bibliography": [str(_bibliography(folder, lines))]},
        {"references": [str(out)], "problems": [str(folder / "parsed" / "a.problems.csv")]},
        {"paper": "a"},
    )
    return out


def _match(folder: Path, parsed: list[Path]) -> pd.DataFrame:
    """The match stage on ``parsed`` tables (no online or export references); its refs."""
    empty = folder / "empty.parquet"
    write_parquet(frame([], REFERENCE_COLUMNS), empty)
    papers = folder / "papers.parquet"
    write_parquet(frame([{"paper_id": "a", "title": "A review"}], PAPER_COLUMNS), papers)
    out = folder / "out"
    tables = ("references_csv", "works_csv", "decisions", "lookup")
    files = {
        n: [str(out / (f"{n}.csv" if n in tables else f"{n}.parquet"))]
        for n in ("references", "works", *tables)
    }
    run_named(
        "match",
        {
            "papers": [str(papers)],
            "online": [str(empty)],
            "exported": [str(empty)],
            "parsed": [str(p) for p in parsed],
        },
        files,
        {"match": {}, "sources": {"offline": True}},
    )
    return pd.read_csv(out / "references_csv.csv", dtype=str, keep_default_na=False)


def test_the_per_paper_job_passes_on_its_fields_and_year_letters(tmp_path):
    table = read_parquet(_parse_bibliography(tmp_path, [WALT_A, WALT_B]))
    assert list(table.columns) == [*REFERENCE_COLUMNS, *PARSED_COLUMNS]
    assert table["year_suffix"].tolist() == ["a", "b"]
    assert table["parsed_by"].tolist() == ["bibliography", "bibliography"]
    assert table["year"].tolist() == [2005, 2005]
    assert table["first_author"].tolist() == ["Walt", "Walt"]


def test_the_match_stage_takes_the_parsed_fields_and_parses_nothing_again(tmp_path, caplog):
    parsed = _parse_bibliography(tmp_path, [WALT_A, WALT_B, "Waltz, Kenneth N. 1979. Theory."])
    table = read_parquet(parsed)
    # fields that no parse of these strings gives: only the per-paper job "saw" them
    table.loc[0, "raw"] = table.loc[1, "raw"] = "Walt 2005. Taming American Power."
    table.loc[2, "title"] = TITLE_AS_PARSED
    write_parquet(table, parsed)
    with caplog.at_level(logging.INFO, logger="refnet.match"):
        refs = _match(tmp_path, [parsed])
    assert "references: 3, of which 0 not parsed by their reader or per-paper job" in caplog.text
    by_position = refs.set_index("position")
    assert by_position.loc["2", "title"] == TITLE_AS_PARSED
    # 2005a and 2005b of one paper stay two works although their strings are now equal
    assert by_position.loc["0", "work_id"] != by_position.loc["1", "work_id"]


def test_rows_nobody_parsed_are_parsed_by_the_match_stage(tmp_path, caplog):
    parsed = _parse_bibliography(tmp_path, [WALT_A, WALT_B])
    table = read_parquet(parsed)
    table["parsed_by"] = ""  # as a table of a stage that does not parse
    for column in ("title", "first_author", "year_suffix"):
        table[column] = ""
    write_parquet(table, parsed)
    with caplog.at_level(logging.INFO, logger="refnet.match"):
        refs = _match(tmp_path, [parsed])
    assert "references: 2, of which 2 not parsed" in caplog.text
    assert refs["title"].tolist() == ["Taming American Power", "Taming American Power"]
    assert refs["work_id"].nunique() == 2  # the letters, found again by the match stage's parse


def test_parse_references_keeps_marked_rows_as_they_are():
    rows = [
        {"raw": WALT_A, "year_suffix": "c", "title": "Kept", "parsed_by": "bibliography"},
        {"raw": WALT_A, "year_suffix": "", "title": "", "parsed_by": ""},
    ]
    out = parse_references(pd.DataFrame(rows))
    assert out["title"].tolist() == ["Kept", "Taming American Power"]
    assert out["year_suffix"].tolist() == ["c", "a"]
    assert out["first_author"].tolist() == ["", "Walt"]  # the marked row is not filled in
    assert "parsed_by" not in out.columns


DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wos"


@pytest.mark.parametrize("name", ["TwoPaper.isi", "testFile.isi", "ManyAuthors.isi"])
def test_wos_references_are_read_once_with_the_fields_the_matcher_gave_them(name):
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"{path} absent (the shared real data)")
    refs = read_exports([str(path)])[1]
    assert set(refs["parsed_by"]) == {"wos"}
    assert parse_references(refs).equals(refs.drop(columns="parsed_by"))  # nothing parsed
    # the CR parts alone, parsed by the matcher's parser: the reader's table
    parts = as_read(refs)
    assert set(parts["parsed_by"]) == {""} and (parts["kind"] == "").all()
    assert parse_references(parts).equals(refs.drop(columns="parsed_by"))
    assert (refs["kind"] == "article").any()  # the parser's fill reached the reader's rows


def test_exports_of_readers_that_do_not_parse_are_left_to_the_match_stage():
    wos, scopus = DATA / "TwoPaper.isi", DATA.parent / "scopus" / "scopus_testing.csv"
    if not (wos.is_file() and scopus.is_file()):
        pytest.skip(f"{wos} or {scopus} absent (the shared real data)")
    refs = read_exports([str(wos), str(scopus)])[1]
    by_source = refs.groupby("source")["parsed_by"].agg(set).to_dict()
    assert by_source == {"wos": {"wos"}, "scopus": {""}}  # no missing values either
    assert (refs["year_suffix"] == "").all()
