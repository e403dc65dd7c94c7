"""The tables behind report.html, computed from the run's results (pure functions).

Every number the page shows comes from one of these frames, and each frame from a results
table the page links to, so a reader can trace a bar or a node back to its rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from refnet.export.limits import Cut, limit_graph
from refnet.report.layout import layout_positions

#: Colour attribute of a map without clusters.
PLAIN_ATTRIBUTE = "kind"


@dataclass(frozen=True)
class MapData:
    """One graph as the map draws it: nodes with position, group and size, and edges."""

    graph: str
    nodes: pd.DataFrame  # id, label, title, authors, year, citations, group, x, y, size
    edges: pd.DataFrame  # source, target, weight, x0, y0, x1, y1
    cut: Cut
    coloured_by: str  # "cluster" or the plain attribute


def map_data(
    graph: str,
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    authors: Mapping[str, str],
    limits: Mapping[str, int] | None = None,
    members: pd.DataFrame | None = None,
    cluster_labels: pd.DataFrame | None = None,
    cut: Cut | None = None,
) -> MapData:
    """The map of one graph: limited like its graph files, placed by clusters when given.

    With ``cut`` (a ``graph_cut`` job's), ``nodes`` and ``edges`` are already limited."""
    if cut is None:
        nodes, edges, cut = limit_graph(nodes, edges, limits)
    nodes = nodes.copy()
    nodes["authors"] = [authors.get(i, "") for i in nodes["id"]]
    nodes["year"] = year_text(nodes["year"])
    if members is not None and len(members):
        placed = members.drop_duplicates("id").set_index("id")
        nodes["cluster"] = nodes["id"].map(placed["cluster"]).fillna(-1).astype(int)
        names = {}
        if cluster_labels is not None and len(cluster_labels):
            names = dict(
                zip(cluster_labels["cluster"].astype(int), cluster_labels["label"], strict=False)
            )
        nodes["group"] = [
            f"{c}: {names.get(c, '')}".rstrip(": ") if c > 0 else "unclustered"
            for c in nodes["cluster"]
        ]
        x = nodes["id"].map(placed["x"]).astype(float)
        y = nodes["id"].map(placed["y"]).astype(float)
        if x.isna().any() or y.isna().any():  # nodes the fronts did not place
            own = layout_positions(nodes, edges, nodes["group"])
            x = x.fillna(pd.Series(own[:, 0], index=x.index))
            y = y.fillna(pd.Series(own[:, 1], index=y.index))
        nodes["x"], nodes["y"] = x.to_numpy(), y.to_numpy()
        coloured_by = "cluster"
    else:
        nodes["cluster"] = -1
        nodes["group"] = nodes[PLAIN_ATTRIBUTE].replace("", "unknown")
        xy = layout_positions(nodes, edges, nodes["group"])
        nodes["x"], nodes["y"] = xy[:, 0], xy[:, 1]
        coloured_by = PLAIN_ATTRIBUTE
    nodes["x"] = nodes["x"].round(4)
    nodes["y"] = nodes["y"].round(4)
    nodes["size"] = (6 + 4 * np.sqrt(nodes["citations"].to_numpy(dtype=float))).clip(6, 40)
    index = pd.Series(np.arange(len(nodes)), index=nodes["id"])
    s = index[edges["source"]].to_numpy()
    t = index[edges["target"]].to_numpy()
    edges = edges[["source", "target", "weight"]].reset_index(drop=True).copy()
    edges["x0"], edges["y0"] = nodes["x"].to_numpy()[s], nodes["y"].to_numpy()[s]
    edges["x1"], edges["y1"] = nodes["x"].to_numpy()[t], nodes["y"].to_numpy()[t]
    return MapData(graph, nodes.reset_index(drop=True), edges, cut, coloured_by)


def year_text(years: pd.Series) -> list[str]:
    """Years as text for display, "" when unknown."""
    return ["" if pd.isna(y) else str(int(y)) for y in years]


def shared_works(references: pd.DataFrame, works: pd.DataFrame, related: pd.DataFrame) -> list[str]:
    """For each related pair, the labels of the works both papers cite ("; "-joined)."""
    if not len(related):
        return []
    by_paper = _works_of_papers(references)
    label = dict(zip(works["work_id"], works["label"], strict=False))
    out = []
    for a, b in zip(related["paper_id"], related["related_id"], strict=False):
        both = by_paper.get(a, frozenset()) & by_paper.get(b, frozenset())
        out.append("; ".join(sorted(label.get(w, w) for w in both)))
    return out


def _works_of_papers(references: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Each citing paper's cited works (matched references only), grouped by codes."""
    cited = references.loc[references["work_id"] != "", ["citing_id", "work_id"]]
    papers, names = pd.factorize(cited["citing_id"], sort=False)
    work_ids = cited["work_id"].to_numpy(dtype=object)
    order = np.argsort(papers, kind="stable")
    starts = np.flatnonzero(np.diff(papers[order], prepend=-1))
    groups = np.split(work_ids[order], starts[1:])
    firsts = papers[order][starts]
    return {str(names[p]): frozenset(g.tolist()) for p, g in zip(firsts, groups, strict=True)}


def papers_per_year(papers: pd.DataFrame) -> pd.DataFrame:
    """Review papers per publication year (papers without a year left out)."""
    years = papers["year"].dropna().astype(int)
    counts = years.value_counts().sort_index()
    return pd.DataFrame({"year": counts.index.astype(int), "papers": counts.to_numpy()})


def rpys(references: pd.DataFrame, works: pd.DataFrame) -> pd.DataFrame:
    """Reference publication year spectroscopy: cited references per year of the cited work,
    and the deviation from the median of the five years around it."""
    year = references["work_id"].map(dict(zip(works["work_id"], works["year"], strict=False)))
    year = pd.to_numeric(year, errors="coerce").dropna().astype(int)
    if not len(year):
        return pd.DataFrame({"year": [], "references": [], "deviation": []})
    counts = year.value_counts().reindex(range(year.min(), year.max() + 1), fill_value=0)
    median = counts.rolling(5, center=True, min_periods=1).median()
    return pd.DataFrame(
        {
            "year": counts.index.astype(int),
            "references": counts.to_numpy(),
            "deviation": (counts - median).to_numpy(),
        }
    )


def most_cited(works: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` works cited by the most review papers (ties by id)."""
    ordered = works.sort_values(["citations", "work_id"], ascending=[False, True], kind="stable")
    return ordered.head(n).reset_index(drop=True)


def identity_summary(
    references: pd.DataFrame,
    works: pd.DataFrame,
    unresolved: pd.DataFrame,
    problems: pd.DataFrame,
) -> pd.DataFrame:
    """References, works, references joined by each match rule, unresolved, problems."""
    rows = [("references", len(references)), ("cited works", len(works))]
    if "match_rule" in references:
        rules = references["match_rule"].replace("", "none").value_counts().sort_index()
        rows += [(f"matched by {rule}", int(n)) for rule, n in rules.items()]
    rows += [
        ("papers unresolved online", int(unresolved["paper_id"].nunique())),
        ("problems (skipped input)", len(problems)),
    ]
    return pd.DataFrame(rows, columns=["what", "count"])


def coverage_matrix(coverage: pd.DataFrame) -> pd.DataFrame:
    """Coverage rows for the heatmap: paper, source, share as a float (empty when offline)."""
    out = coverage[["paper_id", "source", "references_given", "share"]].copy()
    out["share"] = pd.to_numeric(out["share"], errors="coerce").fillna(0.0)
    return out.sort_values(["paper_id", "source"]).reset_index(drop=True)
