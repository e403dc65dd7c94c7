"""The readers' tables are merged as they are: they must already be of the model."""

from __future__ import annotations

import pandas as pd
import pytest

from refnet import model
from refnet.inputs.exports import _records, read_export, read_exports
from refnet.match.frames import conformant

FILES = [
    "wos/ManyAuthors.isi",
    "wos/testFile.isi",
    "wos/badFile.isi",
    "wos/OnePaperNoCites.isi",
    "scopus/bibx_scopus.csv",
    "scopus/scopus_testing.csv",
    "scopus/bibx_scopus.ris",
]


@pytest.mark.parametrize("name", FILES)
def test_every_reader_gives_tables_of_the_model(shared_data, name):
    papers, references, problems = read_export(shared_data / name)
    for table, columns in [
        (papers, model.PAPER_COLUMNS),
        (references, {**model.REFERENCE_COLUMNS, **model.PARSED_COLUMNS}),
        (problems, model.PROBLEM_COLUMNS),
    ]:
        assert list(table.columns) == list(columns)
        assert table.empty or conformant(table, columns)


@pytest.mark.parametrize("name", FILES)
def test_merged_tables_equal_the_conformed_ones(shared_data, name):
    tables = read_exports([shared_data / name])
    for table, columns in zip(
        tables,
        [
            model.PAPER_COLUMNS,
            {**model.REFERENCE_COLUMNS, **model.PARSED_COLUMNS},
            model.PROBLEM_COLUMNS,
        ],
        strict=True,
    ):
        pd.testing.assert_frame_equal(table, model.conform(table, columns))


def test_records_are_to_dict_records_but_for_missing_values():
    papers = model.frame(
        [{"paper_id": "a", "year": 2001, "title": "T"}, {"paper_id": "b"}], model.PAPER_COLUMNS
    )
    records = _records(papers)
    assert records[1]["year"] is pd.NA
    records[1]["year"] = None
    assert records == papers.to_dict("records")


def test_no_problems_give_an_empty_problems_table(shared_data):
    _, _, problems = read_exports([shared_data / "wos" / "TwoPaper.isi"])
    pd.testing.assert_frame_equal(problems, model.empty(model.PROBLEM_COLUMNS))
