"""Stage adapters for the Snakemake rules: files in, files out, one call each.

Each function reads its input tables, calls the logic of one refnet module and writes
its outputs deterministically. The rules' scripts only unpack ``snakemake`` and call one
of these, so every stage can also be run and tested without Snakemake.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from refnet import model, tables

log = logging.getLogger("refnet")


@contextlib.contextmanager
def logging_to(path: str | Path) -> Iterator[logging.Logger]:
    """Send refnet's log records to ``path`` (and warnings to stderr) for one stage."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("refnet: %(message)s"))
    root.addHandler(handler)
    root.addHandler(console)
    previous = root.level
    root.setLevel(logging.INFO)
    try:
        yield log
    except Exception:
        log.exception("stage failed")
        raise
    finally:
        root.removeHandler(handler)
        root.removeHandler(console)
        root.setLevel(previous)
        handler.close()


def _concat(frames: Sequence[pd.DataFrame], columns: Mapping[str, str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return model.empty(columns)
    return model.conform(pd.concat(frames, ignore_index=True), columns)


def run_seeds(
    inputs: Mapping[str, Any], papers_out: str, references_out: str, problems_out: str
) -> None:
    """Read every input of the review into review papers (+ references carried by exports)."""
    from refnet.inputs.seeds import read_review_papers

    papers, problems = read_review_papers({"inputs": dict(inputs)}, Path("."))
    export_refs = model.empty(model.REFERENCE_COLUMNS)
    if inputs.get("exports"):
        from refnet.inputs.exports import read_exports

        ex_papers, export_refs, ex_problems = read_exports(list(inputs["exports"]))
        papers = _merge_papers(papers, ex_papers)
        problems = _concat([problems, ex_problems], model.PROBLEM_COLUMNS)
    log.info("%d review papers, %d problems", len(papers), len(problems))
    tables.write_parquet(papers, papers_out)
    tables.write_parquet(model.conform(export_refs, model.REFERENCE_COLUMNS), references_out)
    tables.write_csv(problems, problems_out)


def _merge_papers(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Union of two paper tables; a DOI already present keeps the first table's row."""
    first = model.conform(first, model.PAPER_COLUMNS)
    second = model.conform(second, model.PAPER_COLUMNS)
    known = set(first["doi"][first["doi"] != ""])
    keep = ~second["doi"].isin(known) | (second["doi"] == "")
    keep &= ~second["paper_id"].isin(set(first["paper_id"]))
    merged = pd.concat([first, second[keep]], ignore_index=True)
    return merged.sort_values("paper_id", kind="stable").reset_index(drop=True)


def run_bibliography(path: str, paper_id: str, references_out: str, problems_out: str) -> None:
    """Read one bibliography file and parse its strings into fields."""
    from refnet.inputs.bibliography import read_bibliography
    from refnet.match.parse import parse_references

    refs, problems = read_bibliography(path, paper_id)
    refs = parse_references(refs)
    log.info("%s: %d references, %d problems", path, len(refs), len(problems))
    tables.write_parquet(model.conform(refs, model.REFERENCE_COLUMNS), references_out)
    tables.write_csv(model.conform(problems, model.PROBLEM_COLUMNS), problems_out)


def run_fulltext(path: str, paper_id: str, references_out: str, problems_out: str) -> None:
    """Extract the author-date citations of one plain-text paper as its bibliography."""
    from refnet.inputs.fulltext import extract_citations
    from refnet.match.parse import parse_references

    text = Path(path).read_text(encoding="utf-8")
    refs = parse_references(extract_citations(text, paper_id, path))
    log.info("%s: %d cited works", path, len(refs))
    tables.write_parquet(model.conform(refs, model.REFERENCE_COLUMNS), references_out)
    tables.write_csv(model.empty(model.PROBLEM_COLUMNS), problems_out)


def run_problems(paths: Sequence[str], out: str) -> None:
    """Gather every stage's problems table into one, sorted."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths]
    problems = _concat(frames, model.PROBLEM_COLUMNS)
    problems = problems.sort_values(["stage", "origin", "value"], kind="stable")
    tables.write_csv(problems.reset_index(drop=True), out)


def run_report(name: str, paths: Mapping[str, str], out: str) -> None:
    """Write results/report.md from the main tables of a run."""
    from refnet.report import generate_report

    def csv(key: str) -> pd.DataFrame:
        return pd.read_csv(paths[key], dtype=str, keep_default_na=False)

    text = generate_report(
        name,
        papers=tables.read_parquet(paths["papers"], model.PAPER_COLUMNS),
        references=tables.read_parquet(paths["references"]),
        works=tables.read_parquet(paths["works"], model.WORK_COLUMNS),
        decisions=csv("decisions"),
        unresolved=csv("unresolved"),
        problems=csv("problems"),
        edges={g: tables.read_parquet(paths[g]) for g in ("coupling", "cocitation", "citation")},
    )
    Path(out).write_text(text, encoding="utf-8")
