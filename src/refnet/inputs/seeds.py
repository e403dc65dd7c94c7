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
from refnet.inputs.papers import KEY_PATTERN, read_papers
from refnet.inputs.paths import allowed_outside, key_problem, path_problem, usable_inputs
from refnet.model import PAPER_COLUMNS, PROBLEM_COLUMNS, conform, empty, frame

STAGE = "seeds"
Reader = Callable[..., tuple[pd.DataFrame, pd.DataFrame]]
READERS: dict[str, Reader] = {"papers": read_papers, "bibtex": read_bibtex, "dois": read_doi_list}


def _problem(origin: str, value: str, reason: str) -> dict[str, str]:
    return {"stage": STAGE, "origin": origin, "value": value, "reason": reason}


def _read_inputs(config: Mapping[str, Any], root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    usable, refused = usable_inputs(config, root)
    papers, problems = [], [frame(refused, PROBLEM_COLUMNS)]
    for setting, reader in READERS.items():
        for name in usable[setting]:
            try:
                rows, bad = reader(Path(root, name), origin=name)
            except InputError as exc:
                row = _problem(exc.origin or name, str(exc.value or ""), f"{exc.message}; skipped")
                problems.append(frame([row], PROBLEM_COLUMNS))
                continue
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

    ``root`` is the folder the paths of review.yaml are relative to. A bibliography
    that cannot be read (missing, a folder, outside the review folder) is listed as a
    problem and its paper kept without it; so is a paper key unfit for file names.
    """
    papers, problems = _read_inputs(config, root)
    allow = allowed_outside(config)
    refused = []
    for index, row in papers[papers["bibliography"] != ""].iterrows():
        reason = path_problem(row["bibliography"], root, allow, "bibliography file")
        reason = reason or key_problem(row["paper_id"])
        if reason:
            refused.append(
                _problem(row["origin"], row["bibliography"], f"{reason}; paper kept without it")
            )
            papers.loc[index, "bibliography"] = ""
    papers, merges = merge_papers(papers)
    return papers, _concat([problems, frame(refused, PROBLEM_COLUMNS), merges], PROBLEM_COLUMNS)


def bibliography_files(config: Mapping[str, Any], root: Path) -> dict[str, str]:
    """paper_id → bibliography path (joined to ``root``) of the papers that have one."""
    papers, _ = read_review_papers(config, root)
    with_file = papers[papers["bibliography"] != ""]
    return {
        pid: str(Path(root, path))
        for pid, path in zip(with_file["paper_id"], with_file["bibliography"], strict=True)
    }


def checked_fulltexts(
    config: Mapping[str, Any], root: Path, paper_ids: set[str] | None = None
) -> tuple[dict[str, str], list[dict]]:
    """paper key → plain-text path of the usable ``inputs.fulltext`` items, and problems.

    With ``paper_ids`` (the papers of the papers YAML, BibTeX and DOI lists), a text of a
    paper not among them is refused.
    """
    jobs: dict[str, str] = {}
    problems: list[dict] = []
    allow = allowed_outside(config)
    for index, item in enumerate((config.get("inputs") or {}).get("fulltext") or []):
        paper, path = item["paper"], item["path"]
        where = f"review.yaml inputs.fulltext[{index}]"
        reason = path_problem(path, root, allow, "full text")
        if not KEY_PATTERN.match(paper):
            reason = f"paper key must be letters, digits and _.:+- (got {paper!r})"
        reason = reason or key_problem(paper)
        if not reason and paper_ids is not None and paper not in paper_ids:
            reason = f"paper {paper!r} is not a review paper (papers YAML, BibTeX, DOI lists)"
        if not reason and paper in jobs:
            reason = f"paper {paper!r} already has a text"
        if reason:
            problems.append(_problem(path, paper, f"{reason} (named in {where}); skipped"))
            continue
        jobs[paper] = path
    return jobs, problems


def fulltext_jobs(
    config: Mapping[str, Any], root: Path | None = None, paper_ids: set[str] | None = None
) -> dict[str, str]:
    """paper key → plain-text path of every usable ``inputs.fulltext`` item."""
    return checked_fulltexts(config, root or Path("."), paper_ids)[0]


#: The inputs other than papers YAML files, left out when only bibliography files matter.
_NOT_PAPERS_YAML = {"bibtex": [], "dois": [], "exports": []}


def per_paper_files(config: Mapping[str, Any], root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """paper → bibliography file and paper → full text, for the per-paper jobs.

    Reads only what names these jobs: the papers YAML files (the one input with
    bibliography files; their papers come first, so the BibTeX entries and DOI lists
    read after them change neither their ids nor their files), and every input only
    when full texts must be checked against the review's paper ids (or a YAML key looks
    like a DOI id, which a keyed entry of another input would replace).
    """
    inputs = config.get("inputs") or {}
    papers, _ = read_review_papers({**config, "inputs": {**inputs, **_NOT_PAPERS_YAML}}, root)
    if inputs.get("fulltext") or papers["paper_id"].str.startswith("doi:").any():
        papers, _ = read_review_papers(config, root)
    with_file = papers[papers["bibliography"] != ""]
    bibliographies = {
        pid: str(Path(root, path))
        for pid, path in zip(with_file["paper_id"], with_file["bibliography"], strict=True)
    }
    return bibliographies, fulltext_jobs(config, root, set(papers["paper_id"]))
