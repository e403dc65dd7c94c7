"""Text columns written without Bokeh's per-value encoding give the same page bytes."""

from __future__ import annotations

import math

from bokeh.embed import file_html
from bokeh.models import ColumnDataSource, DataTable, TableColumn
from bokeh.resources import INLINE

from refnet.report.page import stable_ids
from refnet.report.texts import Texts, texts


def _page(column: list) -> str:
    source = ColumnDataSource({"title": column, "n": list(range(len(column)))}, name="t")
    table = DataTable(source=source, columns=[TableColumn(field="title", title="title")])
    return stable_ids(file_html(table, INLINE, title="t"))


def test_text_columns_write_the_bytes_of_plain_lists():
    values = ["Waltz 1979", 'é "quoted" </script>', "", "line\nbreak", "Россия"]
    assert isinstance(texts(values), Texts)
    assert _page(texts(values)) == _page(list(values))


def test_values_that_are_not_text_keep_bokehs_encoding():
    values = ["a", None, 3, math.nan, 2.5]
    assert _page(texts(values)) == _page(list(values))
