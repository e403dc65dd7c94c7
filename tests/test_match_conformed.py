"""The shortcuts of the reader and match stage for tables known to be conformed give what
the checked paths give (real export: testFile.isi)."""

from __future__ import annotations

import pandas as pd

from refnet import model
from refnet.inputs.exports import read_exports
from refnet.match.parse import marked_parsed, parse_references
from refnet.match.stage import identify
from refnet.tables import write_csv, write_csv_and_parquet, write_parquet


def _references(shared_data) -> tuple[pd.DataFrame, pd.DataFrame]:
    papers, refs, _ = read_exports([shared_data / "wos" / "testFile.isi"])
    return papers, refs


def test_parse_of_conformed_tables_is_the_checked_parse(shared_data):
    _, refs = _references(shared_data)
    # unmarked: every row is parsed by the general parser again
    table = model.conform(refs, model.REFERENCE_COLUMNS)
    assert len(table) > 100
    checked = parse_references(table)
    pd.testing.assert_frame_equal(parse_references(table, conformed=True), checked)
    pd.testing.assert_frame_equal(
        marked_parsed(checked, "wos", conformed=True), marked_parsed(checked, "wos")
    )
    # with more columns than REFERENCE_COLUMNS (as the match stage reads them)
    wider = model.conform(refs, {**model.REFERENCE_COLUMNS, **model.PARSED_COLUMNS})
    pd.testing.assert_frame_equal(parse_references(wider, conformed=True), parse_references(wider))


def test_csv_and_parquet_at_once_give_the_bytes_of_each_writer(shared_data, tmp_path):
    papers, refs = _references(shared_data)
    matched, works, _, _ = identify(parse_references(refs), papers, {})
    numbers = pd.DataFrame({"id": ["a", "b,c", ""], "weight": [1, 2, 3], "share": [0.5, 1 / 3, 0]})
    cases = (("references", matched), ("works", works), ("numbers", numbers))
    for name, table in (*cases, ("empty", numbers.iloc[:0])):
        write_csv(table, tmp_path / f"{name}-a.csv")
        write_parquet(table, tmp_path / f"{name}-a.parquet")
        write_csv_and_parquet(table, tmp_path / f"{name}-b.csv", tmp_path / f"{name}-b.parquet")
        for ext in ("csv", "parquet"):
            a = (tmp_path / f"{name}-a.{ext}").read_bytes()
            assert a == (tmp_path / f"{name}-b.{ext}").read_bytes(), (name, ext)
            assert len(a) > (1000 if name in ("references", "works") else 10)
