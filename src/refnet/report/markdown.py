"""A short Markdown summary of a run: what went in, what came out, what was skipped."""

from __future__ import annotations

import pandas as pd


def _count(df: pd.DataFrame, column: str, value: str) -> int:
    return int((df[column] == value).sum()) if column in df else 0


def generate_report(
    name: str,
    papers: pd.DataFrame,
    references: pd.DataFrame,
    works: pd.DataFrame,
    decisions: pd.DataFrame,
    unresolved: pd.DataFrame,
    problems: pd.DataFrame,
    edges: dict[str, pd.DataFrame | int],
) -> str:
    """Markdown text summarising one review's run (deterministic: no dates, no timings).

    ``edges``: each graph's edge table, or its number of rows."""
    citing = references["citing_id"].nunique() if len(references) else 0
    merged = references.groupby("work_id").size() if len(references) else pd.Series(dtype=int)
    shared = int((works["citations"] >= 2).sum()) if len(works) else 0
    in_review = int((works["paper_id"] != "").sum()) if len(works) else 0
    lines = [
        f"# refnet report: {name}",
        "",
        "| what | count |",
        "|---|---:|",
        f"| review papers | {len(papers)} |",
        f"| review papers with a DOI | {int((papers['doi'] != '').sum())} |",
        f"| review papers with references | {citing} |",
        f"| references | {len(references)} |",
        f"| cited works | {len(works)} |",
        f"| cited works named by more than one reference | {int((merged > 1).sum())} |",
        f"| cited works cited by two or more review papers | {shared} |",
        f"| cited works that are review papers (direct citation) | {in_review} |",
        f"| merge decisions recorded | {len(decisions)} |",
        f"| papers not resolved online | {unresolved['paper_id'].nunique()} |",
        f"| input entries skipped (results/problems.csv) | {len(problems)} |",
    ]
    counts = {g: e if isinstance(e, int) else len(e) for g, e in edges.items()}
    lines += [f"| {graph} edges | {n} |" for graph, n in sorted(counts.items())]
    if len(references):
        lines += ["", "## References by source", "", "| source | references |", "|---|---:|"]
        by_source = references.groupby("source").size().sort_index()
        lines += [f"| {source} | {n} |" for source, n in by_source.items()]
    if len(works):
        top = works.sort_values(["citations", "work_id"], ascending=[False, True]).head(15)
        lines += ["", "## Most cited works in the review", "", "| work | label | citations |"]
        lines += ["|---|---|---:|"]
        lines += [f"| `{w.work_id}` | {w.label} | {w.citations} |" for w in top.itertuples()]
    return "\n".join(lines) + "\n"
