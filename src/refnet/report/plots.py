"""The plots a bibliometric review is expected to show, as Bokeh figures.

Each plot's data source is named ``data-<plot>`` so the browser tests can read what was drawn.
"""

from __future__ import annotations

import pandas as pd
from bokeh.models import ColumnDataSource, Div, HoverTool, LinearColorMapper
from bokeh.palettes import Blues9
from bokeh.plotting import figure

BAR = "#3b6ea5"


def papers_per_year_plot(counts: pd.DataFrame) -> figure:
    """Bars of review papers per publication year."""
    source = ColumnDataSource(
        {"year": counts["year"].to_numpy(), "papers": counts["papers"].to_numpy()},
        name="data-papers-per-year",
    )
    plot = figure(
        title="Review papers per year", width=490, height=300, tools="", name="plot-papers-per-year"
    )
    plot.vbar(x="year", top="papers", width=0.8, source=source, color=BAR)
    plot.add_tools(HoverTool(tooltips=[("year", "@year"), ("papers", "@papers")]))
    plot.y_range.start = 0
    return plot


def rpys_plot(spectrum: pd.DataFrame) -> figure:
    """Reference publication year spectroscopy: references per cited year and the deviation
    from the five-year median (its peaks mark the field's founding works)."""
    source = ColumnDataSource(
        {c: spectrum[c].to_numpy() for c in spectrum.columns}, name="data-rpys"
    )
    plot = figure(
        title="Cited references per year of the cited work (RPYS)",
        width=490,
        height=300,
        tools="xwheel_zoom,xpan,reset",
        name="plot-rpys",
    )
    plot.vbar(
        x="year",
        top="references",
        width=0.8,
        source=source,
        color="#9fb7d3",
        legend_label="references",
    )
    plot.line(
        x="year",
        y="deviation",
        source=source,
        color="#c0392b",
        legend_label="deviation from 5-year median",
    )
    plot.legend.location = "top_left"
    plot.legend.label_text_font_size = "8pt"
    plot.add_tools(
        HoverTool(
            tooltips=[("year", "@year"), ("references", "@references"), ("deviation", "@deviation")]
        )
    )
    return plot


def most_cited_plot(top: pd.DataFrame) -> figure:
    """Horizontal bars of the most cited works."""
    names = [f"{i + 1}. {label}"[:60] for i, label in enumerate(top["label"])]
    source = ColumnDataSource(
        {"name": names, "citations": top["citations"].to_numpy(), "title": top["title"].tolist()},
        name="data-most-cited",
    )
    plot = figure(
        title="Most cited works (review papers citing them)",
        width=490,
        height=max(300, 22 * len(names) + 60),
        y_range=list(reversed(names)),
        tools="",
        name="plot-most-cited",
    )
    plot.hbar(y="name", right="citations", height=0.7, source=source, color=BAR)
    plot.add_tools(HoverTool(tooltips=[("title", "@title"), ("citations", "@citations")]))
    plot.x_range.start = 0
    return plot


def identity_plot(summary: pd.DataFrame) -> figure:
    """Horizontal bars of the identity summary (references, works, merges by rule...)."""
    source = ColumnDataSource(
        {"what": summary["what"].tolist(), "count": summary["count"].to_numpy()},
        name="data-identity",
    )
    plot = figure(
        title="Identity of the cited works",
        width=490,
        height=max(300, 24 * len(summary) + 60),
        y_range=list(reversed(summary["what"].tolist())),
        tools="",
        name="plot-identity",
    )
    plot.hbar(y="what", right="count", height=0.7, source=source, color="#5b8c5a")
    plot.add_tools(HoverTool(tooltips=[("", "@what"), ("count", "@count")]))
    plot.x_range.start = 0
    return plot


def coverage_plot(coverage: pd.DataFrame) -> figure | Div:
    """A heatmap of each source's share of each paper's references (online runs only)."""
    if not len(coverage):
        return Div(
            text="<p><b>Coverage of the sources:</b> this run asked no online source "
            "(offline, or every paper without a DOI), so there is nothing to compare.</p>",
            width=490,
            name="plot-coverage",
        )
    papers = sorted(coverage["paper_id"].unique().tolist())
    sources = sorted(coverage["source"].unique().tolist())
    source = ColumnDataSource(
        {c: coverage[c].tolist() for c in ("paper_id", "source", "references_given", "share")},
        name="data-coverage",
    )
    plot = figure(
        title="Share of each paper's references each source gives",
        width=490,
        height=max(300, 16 * len(papers) + 80),
        x_range=sources,
        y_range=list(reversed(papers)),
        tools="",
        name="plot-coverage",
    )
    mapper = LinearColorMapper(palette=list(reversed(Blues9)), low=0, high=1)
    plot.rect(
        x="source",
        y="paper_id",
        width=1,
        height=1,
        source=source,
        fill_color={"field": "share", "transform": mapper},
        line_color="white",
    )
    plot.add_tools(
        HoverTool(
            tooltips=[
                ("paper", "@paper_id"),
                ("source", "@source"),
                ("references", "@references_given"),
                ("share", "@share{0.00}"),
            ]
        )
    )
    plot.yaxis.major_label_text_font_size = "7pt"
    return plot
