"""Plain-text bibliographies: one reference per line, as written in the citing paper.

Format (``refs/bibliographies/<key>.txt``)::

    # key: paul2005                       optional; checked against the citing paper
    # source: https://...                 where the list was read (any number)
    # any other '#' line is a comment
    T. V. Paul, "Soft Balancing ...," International Security 30, no. 1 (2005), 46-71.
    # (next line truncated at the excerpt boundary)
    William Wohlforth,                    <- a fragment: truncated=True

Parsing the strings into fields is :mod:`refnet.match.parse`'s job, not this module's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from refnet.inputs.text import read_text, split_lines
from refnet.model import PROBLEM_COLUMNS, REFERENCE_COLUMNS, concat_problems, frame

STAGE = "references"
SOURCE = "bibliography"
_TRUNCATED = re.compile(r"^#\s*\(next line truncated", re.IGNORECASE)
_SOURCE = re.compile(r"^#\s*source:\s*(\S+)", re.IGNORECASE)
_KEY = re.compile(r"^#\s*key:\s*(\S+)", re.IGNORECASE)


def bibliography_sources(text: str) -> list[str]:
    """The addresses of the ``# source:`` lines, in order."""
    return [m.group(1) for line in split_lines(text) if (m := _SOURCE.match(line.strip()))]


def parse_bibliography(text: str, citing_id: str, origin: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """References (REFERENCE_COLUMNS, ``raw`` verbatim) and problems of a bibliography.

    ``refs.attrs["sources"]`` holds the ``# source:`` addresses.
    """
    refs: list[dict[str, object]] = []
    problems: list[dict[str, str]] = []
    truncated_from: int | None = None
    for number, line in enumerate(split_lines(text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if _TRUNCATED.match(stripped):
                truncated_from = number
            elif (key := _KEY.match(stripped)) and key.group(1) != citing_id:
                problems.append(
                    {
                        "stage": STAGE,
                        "origin": f"{origin}:{number}",
                        "value": key.group(1),
                        "reason": f"file names key {key.group(1)!r}, read as {citing_id!r}",
                    }
                )
            continue
        refs.append(
            {
                "citing_id": citing_id,
                "position": len(refs),
                "source": SOURCE,
                "origin": f"{origin}:{number}",
                "raw": stripped,
                "truncated": truncated_from is not None,
            }
        )
        truncated_from = None
    if truncated_from is not None:
        problems.append(
            {
                "stage": STAGE,
                "origin": f"{origin}:{truncated_from}",
                "value": "# (next line truncated ...)",
                "reason": "truncation marker with no reference after it",
            }
        )
    table = frame(refs, REFERENCE_COLUMNS)
    table.attrs["sources"] = bibliography_sources(text)
    return table, frame(problems, PROBLEM_COLUMNS)


def read_bibliography(
    path: str | Path, citing_id: str, origin: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a bibliography file (:mod:`refnet.inputs.text`); ``origin`` defaults to the path."""
    origin = origin or str(path)
    text, undecoded = read_text(path, origin, STAGE)
    refs, problems = parse_bibliography(text, citing_id, origin)
    return refs, concat_problems(undecoded, problems)
