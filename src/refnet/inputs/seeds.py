"""All review papers named by ``inputs:`` of review.yaml, as one de-duplicated table.

Papers YAML, BibTeX and DOI lists are read in that order. Rows sharing a DOI become
one paper: the id of a keyed entry wins over ``doi:<doi>``, empty fields are filled from
the other rows, the first origin is kept, and the merge is listed in the problems table.
(Web of Science / Scopus exports are read by :mod:`refnet.inputs.exports`.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from refnet.errors import InputError
from refnet.inputs.bibtex import read_bibtex
from refnet.inputs.doilist import read_doi_list
from refnet.inputs.papers import read_papers
from refnet.model import PAPER_COLUMNS, PROBLEM_COLUMNS, conform, empty, frame

STAGE = "seeds"
Reader = Callable[..., tuple[pd.DataFrame, pd.DataFrame]]
READERS: dict[str, Reader] = {"papers": read_papers, "bibtex": read_bibtex, "dois": read_doi_list}


def _input_path(root: Path, name: str, setting: str, index: int) -> Path:
    path = Path(root, name)
    if not path.is_file():
        raise InputError(
            f"input file not found: {path} (named in review.yaml inputs.{setting}[{index}])",
            value=name,
        )
    return path


def _read_inputs(config: Mapping[str, Any], root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    inputs = config.get("inputs") or {}
    papers, problems = [], []
    for setting, reader in READERS.items():
        for index, name in enumerate(inputs.get(setting) or []):
            path = _input_path(root, name, setting, index)
            rows, bad = reader(path, origin=name)
            papers.append(rows)
            problems.append(bad)
    return _concat(papers, PAPER_COLUMNS), _concat(problems, PROBLEM_COLUMNS)


def _concat(frames: list[pd.DataFrame], columns: Mapping[str, str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return conform(pd.concat(frames, ignore_index=True), columns) if frames else empty(columns)


def _merge_group(group: pd.DataFrame) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """One paper from rows sharing a DOI (rows in input order), and the merge records."""
    rows = [row for _, row in group.iterrows()]
    keyed = [r for r in rows if not r["paper_id"].startswith("doi:")]
    paper_id = (keyed or rows)[0]["paper_id"]
    merged = rows[0].to_dict()  # the first input's values win; the others fill its gaps
    for row in rows[1:]:
        for name in PAPER_COLUMNS:
            if merged[name] is pd.NA or merged[name] == "":
                merged[name] = row[name]
    merged["paper_id"] = paper_id
    merged["origin"] = rows[0]["origin"]
    notes = [
        {
            "stage": STAGE,
            "origin": row["origin"],
            "value": row["paper_id"],
            "reason": f"same DOI {row['doi']} as {rows[0]['origin']}; merged into {paper_id}",
        }
        for row in rows[1:]
    ]
    return merged, notes


def merge_papers(papers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """De-duplicate by DOI, then by paper_id; sorted by paper_id. Returns (papers, problems)."""
    papers = conform(papers, PAPER_COLUMNS)
    out: list[dict[str, Any]] = []
    problems: list[dict[str, str]] = []
    done: set[str] = set()
    for _, row in papers.iterrows():
        doi = row["doi"]
        if not doi:
            out.append(row.to_dict())
        elif doi not in done:
            done.add(doi)
            merged, notes = _merge_group(papers[papers["doi"] == doi])
            out.append(merged)
            problems.extend(notes)
    kept: list[dict[str, Any]] = []
    first: dict[str, str] = {}
    for row in out:
        if row["paper_id"] in first:
            reason = f"paper id already used at {first[row['paper_id']]}; skipped"
            problems.append(
                {
                    "stage": STAGE,
                    "origin": row["origin"],
                    "value": row["paper_id"],
                    "reason": reason,
                }
            )
            continue
        first[row["paper_id"]] = row["origin"]
        kept.append(row)
    table = frame(kept, PAPER_COLUMNS).sort_values("paper_id", kind="stable")
    return table.reset_index(drop=True), frame(problems, PROBLEM_COLUMNS)


def read_review_papers(config: Mapping[str, Any], root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Review papers (PAPER_COLUMNS) from every input of ``config``, and problems.

    ``root`` is the folder the paths of review.yaml are relative to. A missing input
    or bibliography file raises :class:`InputError` naming it and its setting.
    """
    papers, problems = _read_inputs(config, root)
    for _, row in papers[papers["bibliography"] != ""].iterrows():
        if not Path(root, row["bibliography"]).is_file():
            raise InputError(
                f"bibliography file not found: {Path(root, row['bibliography'])}",
                value=row["bibliography"],
                origin=row["origin"],
            )
    papers, merges = merge_papers(papers)
    return papers, _concat([problems, merges], PROBLEM_COLUMNS)


def bibliography_files(config: Mapping[str, Any], root: Path) -> dict[str, str]:
    """paper_id → bibliography path (joined to ``root``) of the papers that have one."""
    papers, _ = read_review_papers(config, root)
    with_file = papers[papers["bibliography"] != ""]
    return {
        pid: str(Path(root, path))
        for pid, path in zip(with_file["paper_id"], with_file["bibliography"], strict=True)
    }


def fulltext_jobs(config: Mapping[str, Any]) -> dict[str, str]:
    """paper key → plain-text path of every ``inputs.fulltext`` item."""
    jobs: dict[str, str] = {}
    for index, item in enumerate((config.get("inputs") or {}).get("fulltext") or []):
        paper, path = item["paper"], item["path"]
        if paper in jobs:
            raise InputError(
                f"review.yaml inputs.fulltext[{index}]: paper {paper!r} already has a text",
                value=path,
            )
        jobs[paper] = path
    return jobs
