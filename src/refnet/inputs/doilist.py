"""DOI list files: one DOI per line in any common form, ``#`` comments, blank lines."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from refnet.ids import doi_refusal, normalize_doi, printable
from refnet.inputs.text import read_text, split_lines
from refnet.model import PAPER_COLUMNS, PROBLEM_COLUMNS, concat_problems, frame

STAGE = "seeds"


def parse_doi_list(text: str, origin: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Review papers (``paper_id`` = ``doi:<doi>``) and problems from a DOI list's text.

    ``origin`` names the file; rows carry ``origin:line``. A repeated DOI is merged into
    its first line and listed as a problem; a line that is not a DOI is a problem.
    """
    papers: list[dict[str, object]] = []
    problems: list[dict[str, str]] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(split_lines(text), start=1):
        content = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not content or content.startswith("#"):
            continue
        where = f"{origin}:{number}"
        doi = normalize_doi(content)
        if doi is None:
            reason = doi_refusal(content)
            problems.append(
                {"stage": STAGE, "origin": where, "value": printable(content), "reason": reason}
            )
        elif doi in first_line:
            reason = f"duplicate of line {first_line[doi]}; merged"
            problems.append({"stage": STAGE, "origin": where, "value": content, "reason": reason})
        else:
            first_line[doi] = number
            papers.append({"paper_id": f"doi:{doi}", "doi": doi, "origin": where})
    return frame(papers, PAPER_COLUMNS), frame(problems, PROBLEM_COLUMNS)


def read_doi_list(path: str | Path, origin: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a DOI list file (:mod:`refnet.inputs.text`); ``origin`` defaults to the path."""
    origin = origin or str(path)
    text, undecoded = read_text(path, origin, STAGE)
    papers, problems = parse_doi_list(text, origin)
    return papers, concat_problems(undecoded, problems)
