"""Sortable, filterable tables, each with a link to the file its rows came from."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
from bokeh.layouts import column
from bokeh.models import (
    CDSView,
    ColumnDataSource,
    CustomJS,
    DataTable,
    Div,
    IndexFilter,
    NumberFormatter,
    StringFormatter,
    TableColumn,
    TextInput,
)

from refnet.report.texts import texts

_FILTER_JS = """
const q = (this.value_input || "").trim().toLowerCase();
const d = source.data;
const keep = [];
const n = d[fields[0]].length;
for (let k = 0; k < n; k++) {
  if (q == "" || fields.some((f) => String(d[f][k]).toLowerCase().includes(q))) keep.push(k);
}
view.filter.indices = keep;
count.text = keep.length + " of " + n + " rows";
"""


#: Display widths of the wide text columns (pixels; the others get 80).
WIDTHS = {"title": 320, "related_title": 260, "paper_title": 220, "authors": 180, "shared": 200}


def _column(field: str, title: str, values: object) -> TableColumn:
    """A table column; floats shown with three decimals."""
    is_float = getattr(values, "dtype", None) is not None and values.dtype.kind == "f"
    formatter = NumberFormatter(format="0.000") if is_float else StringFormatter()
    return TableColumn(field=field, title=title, width=WIDTHS.get(field, 80), formatter=formatter)


def table_data(frame: pd.DataFrame, fields: Sequence[str]) -> dict:
    """The columns ``fields`` of ``frame`` as a data source's data (text without <NA>)."""
    data = {}
    for field in fields:
        values = frame[field]
        if values.dtype.kind in "iuf":
            data[field] = values.to_numpy()
        else:
            data[field] = texts(values.astype(str).replace("<NA>", "").tolist())
    return data


def table_section(
    name: str,
    title: str,
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    links: Sequence[tuple[str, str]],
    note: str = "",
    source: ColumnDataSource | None = None,
) -> column:
    """A heading with links, a filter box and a sortable table of ``columns`` of ``frame``
    (whose rows are already in ``source`` when given: one copy of the rows in the page)."""
    if source is None:
        source = ColumnDataSource(table_data(frame, [f for f, _ in columns]), name=f"table-{name}")
    data = source.data
    view = CDSView(filter=IndexFilter(list(range(len(frame)))))
    anchors = ", ".join(
        f'<a href="{html.escape(href)}">{html.escape(text)}</a>' for text, href in links
    )
    heading = Div(
        text=f"<h3>{html.escape(title)}</h3><p>From {anchors}. {html.escape(note)}</p>",
        width=1000,
        name=f"table-{name}-heading",
    )
    count = Div(text=f"{len(frame)} of {len(frame)} rows", name=f"table-{name}-count")
    box = TextInput(placeholder="filter rows", width=300, name=f"table-{name}-filter")
    box.js_on_change(
        "value_input",
        CustomJS(
            args={
                "source": source,
                "view": view,
                "count": count,
                "fields": [f for f, _ in columns],
            },
            code=_FILTER_JS,
        ),
    )
    table = DataTable(
        source=source,
        view=view,
        columns=[_column(f, t, data[f]) for f, t in columns],
        width=1000,
        height=320,
        sortable=True,
        index_position=None,
        reorderable=False,
        name=f"table-{name}-grid",
    )
    return column(heading, box, count, table)
