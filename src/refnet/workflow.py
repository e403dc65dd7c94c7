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
from refnet.errors import InputError, RefnetError, verbose

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
    except Exception as exc:
        if verbose():
            log.exception("stage failed")
            raise
        # one line on the console; the traceback goes to the log file only
        root.removeHandler(console)
        if isinstance(exc, RefnetError):
            log.error("%s", exc)
        else:
            log.exception("stage failed")
        message = _console_message(exc, path)
        console.handle(logging.makeLogRecord({"msg": message, "levelno": logging.ERROR}))
        raise SystemExit(1) from None
    finally:
        root.removeHandler(handler)
        root.removeHandler(console)
        root.setLevel(previous)
        handler.close()


def _console_message(exc: Exception, log_path: Path) -> str:
    if isinstance(exc, RefnetError):
        return str(exc)
    return (
        f"stage failed: {type(exc).__name__}: {exc} (traceback in {log_path}; "
        f"set verbose: true in review.yaml to see it here)"
    )


def _concat(frames: Sequence[pd.DataFrame], columns: Mapping[str, str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return model.empty(columns)
    return model.conform(pd.concat(frames, ignore_index=True), columns)


def run_seeds(
    inputs: Mapping[str, Any], papers_out: str, references_out: str, problems_out: str
) -> None:
    """Read every input of the review into review papers (+ references carried by exports)."""
    from refnet.inputs.seeds import checked_fulltexts, read_review_papers, usable_inputs
    from refnet.match.frames import conform_fast

    config, root = {"inputs": dict(inputs)}, Path(".")
    papers, problems = read_review_papers(config, root)
    listed = set(papers["paper_id"])  # the papers a full text may belong to
    export_refs = model.empty(model.REFERENCE_COLUMNS)
    exports = usable_inputs(config, root)[0]["exports"]
    if exports:
        from refnet.inputs.exports import read_exports

        ex_papers, export_refs, ex_problems = read_exports(exports)
        papers = _merge_papers(papers, ex_papers)
        problems = _concat([problems, ex_problems], model.PROBLEM_COLUMNS)
    texts = checked_fulltexts(config, root, listed)[1]
    problems = _concat([problems, model.frame(texts, model.PROBLEM_COLUMNS)], model.PROBLEM_COLUMNS)
    log.info("%d review papers, %d problems", len(papers), len(problems))
    check_usable(papers, problems)
    tables.write_parquet(papers, papers_out)
    parsed_columns = {**model.REFERENCE_COLUMNS, **model.PARSED_COLUMNS}
    tables.write_parquet(conform_fast(export_refs, parsed_columns), references_out)
    tables.write_csv(problems, problems_out)


def check_usable(papers: pd.DataFrame, problems: pd.DataFrame, shown: int = 5) -> None:
    """Stop when every input entry was bad; say once that an empty review is empty."""
    if len(papers):
        return
    if not len(problems):
        log.warning("the review has no papers (its inputs are empty): every result is empty")
        return
    lines = [f"  {r.origin}: {r.reason}" for r in problems.head(shown).itertuples()]
    more = f"\n  ... and {len(problems) - shown} more" if len(problems) > shown else ""
    raise InputError(
        f"no usable review paper: all {len(problems)} input entries have problems:\n"
        + "\n".join(lines)
        + more
    )


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
    """Read one bibliography file and parse its strings into fields (marked as parsed:
    the match stage takes them as they are, year letters included)."""
    from refnet.inputs.bibliography import read_bibliography
    from refnet.match.parse import marked_parsed, parse_references

    refs, problems = read_bibliography(path, paper_id)
    refs = marked_parsed(parse_references(refs), "bibliography")
    log.info("%s: %d references, %d problems", path, len(refs), len(problems))
    tables.write_parquet(refs, references_out)
    tables.write_csv(model.conform(problems, model.PROBLEM_COLUMNS), problems_out)


def run_fulltext(path: str, paper_id: str, references_out: str, problems_out: str) -> None:
    """Extract the author-date citations of one plain-text paper as its bibliography."""
    from refnet.inputs.fulltext import extract_citations
    from refnet.inputs.text import read_text, split_lines
    from refnet.match.parse import marked_parsed, parse_references

    text, problems = read_text(path, path, "references")
    text = "\n".join(split_lines(text))
    refs = marked_parsed(parse_references(extract_citations(text, paper_id, path)), "fulltext")
    log.info("%s: %d cited works", path, len(refs))
    tables.write_parquet(refs, references_out)
    tables.write_csv(problems, problems_out)


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
        references=tables.read_columns(paths["references"], ("citing_id", "work_id", "source")),
        works=tables.read_parquet(paths["works"], model.WORK_COLUMNS),
        decisions=csv("decisions"),
        unresolved=csv("unresolved"),
        problems=csv("problems"),
        edges={g: tables.parquet_rows(paths[g]) for g in ("coupling", "cocitation", "citation")},
    )
    Path(out).write_text(text, encoding="utf-8")
