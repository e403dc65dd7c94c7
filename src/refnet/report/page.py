"""report.html: one self-contained, offline, byte-reproducible page of the review.

Bokeh draws it (its JavaScript ships inside the Python package and is inlined); the ids
Bokeh draws at random or from a process-wide counter are renumbered in order so the same
results give the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from bokeh.embed import file_html
from bokeh.layouts import column, gridplot
from bokeh.models import ColumnDataSource, Div
from bokeh.resources import INLINE

from refnet.export.limits import Cut
from refnet.report import data as reportdata
from refnet.report.mapview import map_section
from refnet.report.plots import (
    coverage_plot,
    identity_plot,
    most_cited_plot,
    papers_per_year_plot,
    rpys_plot,
)
from refnet.report.tables import table_data, table_section

#: Graphs drawn on the map, in tab order.
MAP_GRAPHS = ("coupling", "cocitation")
MOST_CITED_PLOT = 20
#: Columns of related.csv in the page, read by the click panel and the related table.
RELATED_FIELDS = (
    "paper_id",
    "related_id",
    "paper_title",
    "rank",
    "related_title",
    "score",
    "coupling_weight",
    "cocitation_weight",
    "shared",
)
MOST_CITED_TABLE = 500
#: Rows of the candidates table (the best first).
CANDIDATES_TABLE = 100


@dataclass
class ReportTables:
    """The results a page is made from (frames as the stages wrote them)."""

    name: str
    papers: pd.DataFrame
    references: pd.DataFrame
    works: pd.DataFrame
    unresolved: pd.DataFrame
    problems: pd.DataFrame
    coverage: pd.DataFrame
    related: pd.DataFrame
    nodes: Mapping[str, pd.DataFrame]
    edges: Mapping[str, pd.DataFrame]
    members: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    clusters: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    description: str = ""
    candidates: pd.DataFrame | None = None  # results/discover/candidates.parquet, if built
    cuts: Mapping[str, Cut] = field(default_factory=dict)  # nodes and edges already cut


def build_maps(t: ReportTables, limits: Mapping[str, int] | None) -> list[reportdata.MapData]:
    """The map of each graph in ``MAP_GRAPHS``, with authors from the papers and works."""
    authors = dict(zip(t.papers["paper_id"], t.papers["authors"], strict=False))
    authors.update(dict(zip(t.works["work_id"], t.works["authors"], strict=False)))
    return [
        reportdata.map_data(
            g,
            t.nodes[g],
            t.edges[g],
            authors,
            limits,
            t.members.get(g),
            t.clusters.get(g),
            t.cuts.get(g),
        )
        for g in MAP_GRAPHS
    ]


def render_page(t: ReportTables, limits: Mapping[str, int] | None = None) -> str:
    """The whole page as HTML text (deterministic)."""
    maps = build_maps(t, limits)
    related = t.related.copy()
    related["shared"] = reportdata.shared_works(t.references, t.works, related)
    related_source = ColumnDataSource(table_data(related, RELATED_FIELDS), name="related-all")
    header = Div(text=_header(t, maps), width=1000, name="header")
    plots = gridplot(
        [
            [
                papers_per_year_plot(reportdata.papers_per_year(t.papers)),
                rpys_plot(reportdata.rpys(t.references, t.works)),
            ],
            [
                most_cited_plot(reportdata.most_cited(t.works, MOST_CITED_PLOT)),
                identity_plot(
                    reportdata.identity_summary(t.references, t.works, t.unresolved, t.problems)
                ),
            ],
            [coverage_plot(reportdata.coverage_matrix(t.coverage)), None],
        ],
        toolbar_location=None,
    )
    page = column(
        header,
        map_section(maps, related_source),
        Div(text="<h2>Plots</h2>", width=1000),
        plots,
        Div(text="<h2>Tables</h2>", width=1000),
        *_tables(t, related, related_source),
    )
    text = file_html(page, INLINE, title=f"refnet report: {t.name}")
    return stable_ids(text)


def _header(t: ReportTables, maps: list[reportdata.MapData]) -> str:
    counts = summary_counts(t)
    items = "".join(f"<li>{html.escape(k)}: <b>{v:,}</b></li>" for k, v in counts.items())
    return (
        f"<h1>refnet report: {html.escape(t.name)}</h1>"
        f"<p>{html.escape(t.description)}</p><ul>{items}</ul>"
        '<p>Every number here comes from a table beside this file: <a href="papers.csv">'
        'papers.csv</a>, <a href="references.csv">references.csv</a>, <a href="works.csv">'
        'works.csv</a>, <a href="similarity/related.csv">similarity/related.csv</a>, '
        '<a href="problems.csv">problems.csv</a>, <a href="report.md">report.md</a>.</p>'
    )


def edge_count(t: ReportTables, graph: str) -> int:
    """The edges of a graph (before the cut, when its tables are the cut ones)."""
    return t.cuts[graph].edges if graph in t.cuts else len(t.edges[graph])


def summary_counts(t: ReportTables) -> dict[str, int]:
    """Papers, references, works, edges, clusters, problems of a run."""
    clusters = sum(int(c.loc[c["cluster"] > 0, "cluster"].nunique()) for c in t.members.values())
    return {
        "review papers": len(t.papers),
        "references": len(t.references),
        "cited works": len(t.works),
        "coupling edges": edge_count(t, "coupling"),
        "co-citation edges": edge_count(t, "cocitation"),
        "clusters": clusters,
        "problems": len(t.problems),
    }


def _tables(t: ReportTables, related: pd.DataFrame, related_source: ColumnDataSource) -> list:
    papers = t.papers.copy()
    papers["year"] = reportdata.year_text(papers["year"])
    out = [
        table_section(
            "papers",
            "Review papers",
            papers,
            [
                ("paper_id", "id"),
                ("year", "year"),
                ("title", "title"),
                ("authors", "authors"),
                ("venue", "venue"),
                ("kind", "kind"),
                ("doi", "DOI"),
            ],
            [("papers.csv", "papers.csv"), ("review.bib", "bib/review.bib")],
        ),
        table_section(
            "related",
            "Related papers",
            related,
            [
                ("paper_title", "paper"),
                ("rank", "rank"),
                ("related_title", "related paper"),
                ("score", "score"),
                ("coupling_weight", "shared references"),
                ("cocitation_weight", "cited together by"),
                ("shared", "shared works"),
            ],
            [("similarity/related.csv", "similarity/related.csv")],
            source=related_source,
        ),
    ]
    for graph, members in sorted(t.members.items()):
        sizes = members.groupby("cluster").size().rename("size").reset_index()
        labels = t.clusters.get(graph, pd.DataFrame({"cluster": [], "label": []}))
        table = sizes.merge(labels[["cluster", "label"]], on="cluster", how="left").fillna("")
        out.append(
            table_section(
                f"clusters-{graph}",
                f"Clusters of the {graph} graph",
                table,
                [("cluster", "cluster"), ("label", "label"), ("size", "size")],
                [
                    (f"clusters/{graph}.csv", f"clusters/{graph}.csv"),
                    (f"clusters/{graph}_members.csv", f"clusters/{graph}_members.csv"),
                ],
            )
        )
    if not t.members:
        out.append(
            Div(
                text="<h3>Clusters</h3><p>No clusters yet: the research-fronts stage "
                "has not run, so the map is coloured by kind of work.</p>",
                width=1000,
                name="table-clusters-missing",
            )
        )
    if t.candidates is not None:
        out.append(_candidates_section(t.candidates))
    works = reportdata.most_cited(t.works, MOST_CITED_TABLE).copy()
    works["year"] = reportdata.year_text(works["year"])
    note = (
        ""
        if len(t.works) <= MOST_CITED_TABLE
        else (f"The {MOST_CITED_TABLE} most cited of {len(t.works):,} works; all are in works.csv.")
    )
    out.append(
        table_section(
            "works",
            "Most cited works",
            works,
            [
                ("label", "label"),
                ("title", "title"),
                ("year", "year"),
                ("citations", "citations"),
                ("kind", "kind"),
                ("doi", "DOI"),
            ],
            [("works.csv", "works.csv"), ("cited.bib", "bib/cited.bib")],
            note,
        )
    )
    return out


def _candidates_section(candidates: pd.DataFrame) -> object:
    """The papers the review may be missing, best first, with why each was suggested."""
    top = candidates.head(CANDIDATES_TABLE).copy()
    top["year"] = reportdata.year_text(top["year"])
    note = (
        f"The {CANDIDATES_TABLE} best of {len(candidates):,}; all are in candidates.csv."
        if len(candidates) > CANDIDATES_TABLE
        else "Forward: works citing review papers; backward: works its papers keep citing."
    )
    return table_section(
        "candidates",
        "Papers the review may be missing",
        top,
        [
            ("rank", "rank"),
            ("title", "title"),
            ("authors", "authors"),
            ("year", "year"),
            ("kind", "kind"),
            ("score", "score"),
            ("why", "why (the review papers it links to)"),
            ("sources", "sources"),
            ("doi", "DOI"),
        ],
        [
            ("discover/candidates.csv", "discover/candidates.csv"),
            ("candidates.bib", "discover/candidates.bib"),
        ],
        note,
    )


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_MODEL_ID = re.compile(r'"id":"p(\d+)"')
_ID_CONTEXTS = re.compile(r'("id":"|"roots":\{"|"root_ids":\["|data-root-id=")p(\d+)"')


def stable_ids(text: str) -> str:
    """Renumber Bokeh's random document ids and counter-based model ids in order."""
    uuids: dict[str, str] = {}

    def uuid(match: re.Match[str]) -> str:
        return uuids.setdefault(match.group(0), f"refnet-{len(uuids) + 1:04d}")

    text = _UUID.sub(uuid, text)
    numbers = sorted({int(n) for n in _MODEL_ID.findall(text)})
    renumber = {n: i + 1000 for i, n in enumerate(numbers)}

    def model(match: re.Match[str]) -> str:
        number = int(match.group(2))
        return f'{match.group(1)}p{renumber.get(number, number)}"'

    return _ID_CONTEXTS.sub(model, text)
