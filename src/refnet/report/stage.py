"""The report stage: read the run's results, write report.html and the summary line."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from refnet import model, tables
from refnet.export.cut import read_cut
from refnet.report.page import MAP_GRAPHS, ReportTables, render_page, summary_counts

log = logging.getLogger("refnet")


def _csv(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_report_tables(
    name: str, paths: Mapping[str, str], clusters: Sequence[str] = (), description: str = ""
) -> ReportTables:
    """The results named in ``paths`` (the report rule's inputs) as frames.

    ``clusters`` lists ``results/clusters/{graph}_members.parquet`` files; the labels are
    read from ``{graph}.parquet`` beside each when it exists. With ``{graph}_cut`` in
    ``paths`` (a ``graph_cut`` job's JSON), the graph's edge and node tables are that
    job's, already cut to the files' limits.
    """
    members, labels = {}, {}
    for path in clusters:
        graph = Path(path).name.removesuffix("_members.parquet")
        members[graph] = pd.read_parquet(path)
        beside = Path(path).with_name(f"{graph}.parquet")
        if beside.exists():
            labels[graph] = pd.read_parquet(beside)
    return ReportTables(
        name=name,
        description=description,
        papers=tables.read_parquet(paths["papers"], model.PAPER_COLUMNS),
        references=tables.read_columns(paths["references"], REFERENCE_COLUMNS),
        works=tables.read_parquet(paths["works"], model.WORK_COLUMNS),
        unresolved=_csv(paths["unresolved"]),
        problems=_csv(paths["problems"]),
        coverage=_csv(paths["coverage"]),
        related=tables.read_parquet(paths["related"]),
        nodes={g: tables.read_parquet(paths[f"{g}_nodes"]) for g in MAP_GRAPHS},
        edges={g: tables.read_parquet(paths[g]) for g in MAP_GRAPHS},
        members=members,
        clusters=labels,
        candidates=_candidates(paths.get("candidates")),
        cuts={g: read_cut(paths[f"{g}_cut"]) for g in MAP_GRAPHS if paths.get(f"{g}_cut")},
    )


#: The columns of the references table the page uses.
REFERENCE_COLUMNS = ("citing_id", "work_id", "match_rule")


def _candidates(path: str | None) -> pd.DataFrame | None:
    """The discover stage's candidates, when the run built them."""
    return tables.read_parquet(path) if path else None


def summary_line(counts: Mapping[str, int], html_path: str) -> str:
    """The one-paragraph summary `make review` prints at the end."""
    parts = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    return f"refnet: {parts}.\nOpen the review: {html_path}\n"


def run_report_html(
    name: str,
    paths: Mapping[str, str],
    clusters: Sequence[str],
    limits: Mapping[str, int] | None,
    html_out: str,
    summary_out: str,
    description: str = "",
) -> None:
    """Write report.html and summary.txt from the run's results."""
    t = read_report_tables(name, paths, clusters, description)
    text = render_page(t, limits)
    Path(html_out).write_text(text, encoding="utf-8")
    line = summary_line(summary_counts(t), html_out)
    Path(summary_out).write_text(line, encoding="utf-8")
    log.info("%s: %d bytes; %s", html_out, len(text.encode()), line.strip())
