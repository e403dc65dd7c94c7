"""RIS exports (as Scopus writes them): review papers and the ``N1 - References:`` lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from refnet import model
from refnet.inputs.scopus import reference_rows, scopus_paper, split_references
from refnet.inputs.text import read_text, split_lines

STAGE = "seeds"

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_GLUED = re.compile(r"(?<=.)(UR|ER|DO|DB|PY|TI|AU)  - ")
#: RIS tags read into the Scopus column names that ``scopus_paper`` understands.
_COLUMNS = {
    "TI": "Title",
    "T1": "Title",
    "PY": "Year",
    "Y1": "Year",
    "T2": "Source title",
    "JO": "Source title",
    "VL": "Volume",
    "IS": "Issue",
    "SP": "Page start",
    "EP": "Page end",
    "DO": "DOI",
    "UR": "Link",
    "M3": "Document Type",
    "PB": "Publisher",
    "C7": "Art. No.",
}
_TYPES = {"JOUR": "Article", "BOOK": "Book", "CHAP": "Book Chapter", "CONF": "Conference Paper"}


@dataclass
class RisRecord:
    """One RIS record: its tags with their values, and the line of its ``TY``."""

    line: int
    fields: dict[str, list[str]] = field(default_factory=dict)

    def first(self, tag: str) -> str:
        values = self.fields.get(tag, [])
        return values[0].strip() if values else ""


def parse_ris(text: str, source: str = "") -> tuple[list[RisRecord], list[dict[str, str]]]:
    """Records and problems of RIS text (continuation lines join the previous value)."""
    records: list[RisRecord] = []
    problems: list[dict[str, str]] = []
    current: RisRecord | None = None
    last = ""
    for number, line in _lines(text):
        if not line.strip():
            continue
        match = _TAG.match(line)
        if match is None:
            if current is not None and last:
                current.fields[last][-1] += "\n" + line.strip()
            else:
                problems.append(_problem(f"{source}:{number}", line, "line outside a record"))
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                problems.append(
                    _problem(
                        f"{source}:{current.line}",
                        current.first("TI"),
                        "record not closed by ER; skipped",
                    )
                )
            current, last = RisRecord(line=number, fields={"TY": [value]}), "TY"
        elif current is None:
            problems.append(_problem(f"{source}:{number}", line, "tag outside a record (no TY)"))
        elif tag == "ER":
            records.append(current)
            current, last = None, ""
        else:
            current.fields.setdefault(tag, []).append(value)
            last = tag
    if current is not None:
        problems.append(
            _problem(
                f"{source}:{current.line}", current.first("TI"), "record not closed by ER; skipped"
            )
        )
    return records, problems


def _lines(text: str) -> list[tuple[int, str]]:
    """Numbered lines; a tag glued to the end of a continuation line starts its own line."""
    out = []
    for number, line in enumerate(split_lines(text.lstrip("\ufeff")), start=1):
        glued = _GLUED.search(line) if not _TAG.match(line) else None
        if glued:
            out += [(number, line[: glued.start(1)]), (number, line[glued.start(1) :])]
        else:
            out.append((number, line))
    return out


def _problem(origin: str, value: str, reason: str) -> dict[str, str]:
    return {"stage": STAGE, "origin": origin, "value": value[:80], "reason": reason}


def record_row(record: RisRecord) -> dict[str, str]:
    """The record as Scopus CSV column names (for ``scopus_paper``)."""
    row = {column: record.first(tag) for tag, column in _COLUMNS.items() if record.first(tag)}
    row["Year"] = row.get("Year", "")[:4]
    row["Authors"] = "; ".join(a.strip() for a in record.fields.get("AU", []))
    row.setdefault("Document Type", _TYPES.get(record.first("TY"), ""))
    return row


def record_references_text(record: RisRecord) -> list[str]:
    """The references of the ``N1 - References:`` note, one string each."""
    for note in record.fields.get("N1", []):
        if note.startswith("References:"):
            body = note[len("References:") :].strip()
            if "\n" in body:
                return [r.strip().rstrip(";").strip() for r in body.split(";\n") if r.strip()]
            return split_references(body)
    return []


def parse_ris_tables(
    text: str, source: str = ""
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Papers, references and problems of RIS text."""
    records, problems = parse_ris(text, source)
    papers: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    for record in records:
        origin = f"{source}:{record.line}"
        row = record_row(record)
        if not (row.get("Title") or row.get("DOI")):
            problems.append(_problem(origin, "", "record without title or DOI; skipped"))
            continue
        paper = scopus_paper(row, origin)
        papers.append(paper)
        refs = record_references_text(record)
        references.extend(reference_rows(refs, paper["paper_id"], origin))
    return (
        model.frame(papers, model.PAPER_COLUMNS),
        model.frame(references, model.REFERENCE_COLUMNS),
        model.frame(problems, model.PROBLEM_COLUMNS),
    )


def looks_like_ris(head: str) -> bool:
    """True when the start of a file is RIS."""
    lines = [line for line in split_lines(head.lstrip("\ufeff")) if line.strip()]
    return bool(lines) and lines[0].startswith("TY  -")


def read_ris(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Papers, references and problems of a RIS file."""
    source = str(path)
    text, problems = read_text(path, source, STAGE)
    papers, references, more = parse_ris_tables(text, source)
    return papers, references, model.concat_problems(problems, more)
