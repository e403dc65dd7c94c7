"""BibTeX files of review papers, read entry by entry so one broken entry loses only itself."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pandas as pd
from pybtex.database import Entry, Person, parse_string
from pybtex.exceptions import PybtexError

from refnet.ids import find_dois, normalize_doi
from refnet.inputs.text import read_text, split_lines
from refnet.model import PAPER_COLUMNS, PROBLEM_COLUMNS, concat_problems, frame

STAGE = "seeds"

#: BibTeX/BibLaTeX entry types and the ``kind`` they give.
KINDS: dict[str, str] = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "collection": "book",
    "proceedings": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "inproceedings": "conference",
    "conference": "conference",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "manual": "report",
    "unpublished": "unpublished",
    "misc": "other",
}

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_NON_ENTRIES = {"string", "preamble", "comment"}


def latex_to_text(value: str) -> str:
    """Unicode text of a BibTeX field: LaTeX accents and dashes decoded, braces removed."""
    try:
        decoded = codecs.decode(value, "ulatex")
    except (ValueError, UnicodeDecodeError):
        decoded = value
    decoded = decoded.replace("{", "").replace("}", "").replace("~", " ")
    return re.sub(r"\s+", " ", decoded).strip()


def format_person(person: Person) -> str:
    """``"Surname, Given"`` (with von-part and Jr. kept) in Unicode."""
    surname = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    parts = [latex_to_text(surname)]
    if person.lineage_names:
        parts.append(latex_to_text(" ".join(person.lineage_names)))
    if given:
        parts.append(latex_to_text(given))
    return ", ".join(p for p in parts if p)


def _year(fields: dict[str, str]) -> int | None:
    match = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
    return int(match.group(0)) if match else None


def entry_to_paper(key: str, entry: Entry, origin: str) -> tuple[dict[str, object], list[str]]:
    """One PAPER_COLUMNS row from a pybtex entry, and the reasons of any field problems."""
    fields = {name.lower(): latex_to_text(value) for name, value in entry.fields.items()}
    reasons: list[str] = []
    raw_doi = fields.get("doi", "")
    doi = normalize_doi(raw_doi) if raw_doi else None
    if raw_doi and doi is None:
        reasons.append(f"field doi is not a DOI: {raw_doi!r}")
    if doi is None:
        found = find_dois(fields.get("url", ""))
        doi = found[0] if found else None
    authors = entry.persons.get("author") or entry.persons.get("editor") or []
    row: dict[str, object] = {
        "paper_id": key,
        "doi": doi or "",
        "title": fields.get("title", ""),
        "authors": "; ".join(format_person(p) for p in authors),
        "year": _year(fields),
        "venue": fields.get("journal")
        or fields.get("journaltitle")
        or fields.get("booktitle")
        or fields.get("series", ""),
        "volume": fields.get("volume", ""),
        "issue": fields.get("number", "") or fields.get("issue", ""),
        "pages": fields.get("pages", ""),
        "publisher": fields.get("publisher", "")
        or fields.get("institution", "")
        or fields.get("school", ""),
        "kind": KINDS.get(entry.type.lower(), "other"),
        "url": fields.get("url", "") or (f"https://doi.org/{doi}" if doi else ""),
        "origin": origin,
    }
    return row, reasons


def _chunks(text: str) -> list[tuple[str, int, str]]:
    """``(entry type, first line, text)`` of every ``@...`` block in ``text``."""
    starts = list(_ENTRY_START.finditer(text))
    blocks = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        line = text.count("\n", 0, match.start()) + 1
        blocks.append((match.group(1).lower(), line, text[match.start() : end]))
    return blocks


def parse_bibtex(text: str, origin: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Review papers and problems from BibTeX text; rows carry ``origin:line``.

    Each entry is parsed on its own (with the file's ``@string`` macros), so a syntax
    error skips that entry only and is listed with its line.
    """
    blocks = _chunks(text)
    macros = "\n".join(block for kind, _, block in blocks if kind == "string")
    papers: list[dict[str, object]] = []
    problems: list[dict[str, str]] = []
    seen: dict[str, str] = {}

    def problem(where: str, value: str, reason: str) -> None:
        problems.append({"stage": STAGE, "origin": where, "value": value, "reason": reason})

    for kind, line, block in blocks:
        if kind in _NON_ENTRIES:
            continue
        where = f"{origin}:{line}"
        head = (split_lines(block.strip()) or [""])[0][:120]
        try:
            data = parse_string(macros + "\n" + block, "bibtex")
        except PybtexError as exc:
            message = re.sub(r" in line \d+", "", str(exc))
            problem(where, head, f"broken BibTeX entry skipped: {message}")
            continue
        if len(data.entries) != 1:
            problem(where, head, "broken BibTeX entry skipped: no key or entry found")
            continue
        key, entry = next(iter(data.entries.items()))
        if key.lower() in seen:
            problem(where, key, f"duplicate key (first at {seen[key.lower()]}); skipped")
            continue
        seen[key.lower()] = where
        row, reasons = entry_to_paper(key, entry, where)
        for reason in reasons:
            problem(where, key, reason)
        papers.append(row)
    return frame(papers, PAPER_COLUMNS), frame(problems, PROBLEM_COLUMNS)


def read_bibtex(path: str | Path, origin: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a BibTeX file (:mod:`refnet.inputs.text`); ``origin`` defaults to the path."""
    origin = origin or str(path)
    text, undecoded = read_text(path, origin, STAGE)
    papers, problems = parse_bibtex(text, origin)
    return papers, concat_problems(undecoded, problems)
