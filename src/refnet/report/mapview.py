"""The similarity map: one Bokeh plot per graph, a search box and the related-papers panel.

Model names (``map-<graph>-nodes``, ``related-selected``, ``search``...) are the page's
test hooks: the browser tests find the models by these names.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bokeh.layouts import column
from bokeh.models import (
    ColumnDataSource,
    CustomJS,
    DataTable,
    Div,
    HoverTool,
    NumberFormatter,
    StringFormatter,
    TableColumn,
    TabPanel,
    Tabs,
    TapTool,
    TextInput,
)
from bokeh.palettes import Category20
from bokeh.plotting import figure
from bokeh.transform import factor_cmap

from refnet.report.data import MapData
from refnet.report.texts import texts

TITLES = {
    "coupling": "review papers (bibliographic coupling)",
    "cocitation": "cited works (co-citation)",
}
RELATED_COLUMNS = [
    ("rank", "rank"),
    ("related_title", "related paper"),
    ("score", "score"),
    ("coupling_weight", "shared references"),
    ("cocitation_weight", "cited together by"),
    ("shared", "shared works"),
]

_SELECT_JS = """
const picked = nodes.selected.indices;
const out = {};
for (const [field] of fields) out[field] = [];
if (picked.length == 1) {
  const id = nodes.data.id[picked[0]];
  const d = related.data;
  for (let k = 0; k < d.paper_id.length; k++) {
    if (d.paper_id[k] != id) continue;
    for (const [field] of fields) out[field].push(d[field][k]);
  }
  heading.text = "<b>" + escape(nodes.data.title[picked[0]]) + "</b> (" +
    escape(nodes.data.authors[picked[0]]) + " " + nodes.data.year[picked[0]] + "): " +
    out.rank.length + " related papers";
} else {
  heading.text = "Click a review paper on the map (or a search result) to list its related papers.";
}
shown.data = out;
function escape(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
"""

_SEARCH_JS = """
const q = (this.value_input || "").trim().toLowerCase();
const found = {graph: [], id: [], label: [], title: [], authors: []};
for (const [graph, nodes] of maps) {
  const d = nodes.data;
  const alpha = new Array(d.id.length);
  for (let k = 0; k < d.id.length; k++) {
    const hit = q == "" || d.title[k].toLowerCase().includes(q) ||
      d.authors[k].toLowerCase().includes(q) || d.label[k].toLowerCase().includes(q);
    alpha[k] = hit ? 0.9 : 0.08;
    if (hit && q != "" && found.id.length < 500) {
      found.graph.push(graph); found.id.push(d.id[k]); found.label.push(d.label[k]);
      found.title.push(d.title[k]); found.authors.push(d.authors[k]);
    }
  }
  nodes.data = {...d, alpha: alpha};
}
matches.selected.indices = [];
matches.data = found;
"""

_PICK_JS = """
const picked = matches.selected.indices;
if (picked.length != 1) return;
const graph = matches.data.graph[picked[0]];
const id = matches.data.id[picked[0]];
for (const [name, nodes, panel] of maps) {
  if (name != graph) continue;
  tabs.active = panel;
  nodes.selected.indices = [nodes.data.id.indexOf(id)];
}
"""


def map_figure(data: MapData) -> tuple[figure, ColumnDataSource]:
    """The map of one graph: edges as segments, nodes sized by citations, coloured by group."""
    nodes = data.nodes
    groups = sorted(nodes["group"].unique().tolist())
    palette = [Category20[20][i % 20] for i in range(max(len(groups), 1))]
    node_source = ColumnDataSource(
        {
            "id": texts(nodes["id"].tolist()),
            "label": texts(nodes["label"].tolist()),
            "title": texts(nodes["title"].tolist()),
            "authors": texts(nodes["authors"].tolist()),
            "year": texts(nodes["year"].tolist()),
            "citations": nodes["citations"].to_numpy(),
            "group": texts(nodes["group"].tolist()),
            "x": nodes["x"].to_numpy(),
            "y": nodes["y"].to_numpy(),
            "size": nodes["size"].round(2).to_numpy(),
            "alpha": [0.9] * len(nodes),
        },
        name=f"map-{data.graph}-nodes",
    )
    edges = data.edges
    edge_source = ColumnDataSource(
        {c: edges[c].to_numpy() for c in ("x0", "y0", "x1", "y1", "weight")},
        name=f"map-{data.graph}-edges",
    )
    plot = figure(
        title=f"Map of {TITLES.get(data.graph, data.graph)}, coloured by {data.coloured_by}",
        width=1000,
        height=640,
        tools="pan,wheel_zoom,box_zoom,reset,save",
        match_aspect=True,
        name=f"map-{data.graph}",
    )
    plot.axis.visible = False
    plot.grid.visible = False
    plot.segment("x0", "y0", "x1", "y1", source=edge_source, line_color="#9aa5b1", line_alpha=0.35)
    circles = plot.scatter(
        "x",
        "y",
        size="size",
        source=node_source,
        fill_color=factor_cmap("group", palette, groups),
        line_color="#333333",
        fill_alpha="alpha",
        line_alpha="alpha",
        legend_field="group" if len(groups) <= 20 else None,
    )
    if len(groups) <= 20 and plot.legend:
        plot.legend.location = "top_left"
        plot.legend.label_text_font_size = "9pt"
    tooltips = [("title", "@title"), ("authors", "@authors"), ("year", "@year")]
    tooltips += [("citations", "@citations"), (data.coloured_by, "@group")]
    plot.add_tools(HoverTool(renderers=[circles], tooltips=tooltips))
    tap = TapTool(renderers=[circles])
    plot.add_tools(tap)
    plot.toolbar.active_tap = tap
    return plot, node_source


def related_panel(
    node_source: ColumnDataSource, all_related: ColumnDataSource
) -> tuple[Div, DataTable]:
    """The heading and table that list the related papers of the paper clicked on the map
    (``all_related``: every row of related.csv with its shared works)."""
    fields = ["related_id", *(f for f, _ in RELATED_COLUMNS)]
    shown = ColumnDataSource({f: [] for f in fields}, name="related-selected")
    heading = Div(
        text="Click a review paper on the map (or a search result) to list its related papers.",
        name="related-heading",
        width=1000,
    )
    widths = {"rank": 40, "related_title": 360, "score": 60, "shared": 300}
    columns = [
        TableColumn(
            field=f,
            title=t,
            width=widths.get(f, 90),
            formatter=NumberFormatter(format="0.000") if f == "score" else StringFormatter(),
        )
        for f, t in RELATED_COLUMNS
    ]
    table = DataTable(
        source=shown,
        columns=columns,
        width=1000,
        height=260,
        index_position=None,
        reorderable=False,
    )
    node_source.selected.js_on_change(
        "indices",
        CustomJS(
            args={
                "nodes": node_source,
                "related": all_related,
                "shown": shown,
                "heading": heading,
                "fields": [[f] for f in fields],
            },
            code=_SELECT_JS,
        ),
    )
    return heading, table


def map_section(maps: Sequence[MapData], related: ColumnDataSource) -> column:
    """Search box, one tab per graph, what the map cut, and the related-papers panel."""
    panels, sources = [], []
    for data in maps:
        plot, nodes = map_figure(data)
        note = Div(
            text=html.escape(
                f"{data.graph}: the map shows {data.cut.describe()}"
                + (
                    ""
                    if not data.cut.changed
                    else f"; every edge is in similarity/{data.graph}.csv"
                )
            ),
            name=f"map-{data.graph}-cut",
            width=1000,
        )
        panels.append(TabPanel(child=column(plot, note), title=TITLES.get(data.graph, data.graph)))
        sources.append((data.graph, nodes))
    tabs = Tabs(tabs=panels, name="map-tabs")
    matches = ColumnDataSource(
        {"graph": [], "id": [], "label": [], "title": [], "authors": []}, name="search-matches"
    )
    search = TextInput(
        placeholder="search by author or title", title="Search", name="search", width=400
    )
    search.js_on_change(
        "value_input",
        CustomJS(args={"maps": [list(s) for s in sources], "matches": matches}, code=_SEARCH_JS),
    )
    match_table = DataTable(
        source=matches,
        columns=[
            TableColumn(field="graph", title="map"),
            TableColumn(field="label", title="label"),
            TableColumn(field="title", title="title"),
            TableColumn(field="authors", title="authors"),
        ],
        width=1000,
        height=150,
        index_position=None,
        name="search-table",
        reorderable=False,
    )
    matches.selected.js_on_change(
        "indices",
        CustomJS(
            args={
                "matches": matches,
                "tabs": tabs,
                "maps": [[g, s, i] for i, (g, s) in enumerate(sources)],
            },
            code=_PICK_JS,
        ),
    )
    parts = [search, match_table, tabs]
    coupling = dict(sources).get("coupling")
    if coupling is not None:
        heading, table = related_panel(coupling, related)
        parts += [heading, table]
    return column(*parts)
