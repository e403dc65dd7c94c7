"""Scopus CSV exports: review papers and the cited references of their ``References`` column.

Scopus writes references as one string separated by ``"; "`` in one of two styles:
``Surname, I., Title (2015) Source, 28 (4), pp. 1-9`` (older exports) or
``Surname I., Title, Source, 28, pp. 1-9, (2015)`` (newer ones). The reference text
is kept whole in ``raw``; authors, year, pages and DOI are read where they are clear.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

from refnet import model
from refnet.ids import find_dois, normalize_doi
from refnet.inputs.text import read_text
from refnet.inputs.wos import content_hash

STAGE = "seeds"
SOURCE = "scopus"
#: Longest CSV cell read (Python's default, 131,072, is less than a long review's References).
FIELD_SIZE_LIMIT = 2**31 - 1

_YEAR_PAREN = re.compile(r"\((1[5-9]\d\d|20\d\d)\)")
_OLD_AUTHOR = re.compile(r"([^,()]{1,60}?(?: Jr\.)?), ((?:[A-Z][a-z]?\.[\s-]?)+)(?:, |\s|$)")
_NEW_AUTHOR = re.compile(r"([^,()]{1,60}?) ((?:[A-Z][a-z]?\.[\s-]?)+),\s*")
_BARE_AUTHOR = re.compile(r"([^\W\d][^,().]{0,40}?) ([A-Z](?:[ -]?[A-Z]){0,2}),\s*")
_AUTHOR_START = re.compile(r"^[^\W\d][\w'’\-. ]{0,40}?,? (?:[A-Z][a-z]?\.|[A-Z]{1,3},)")
_PAGES = re.compile(r"\bpp?\. ([\w]+(?:[-–][\w]+)?)")
_EID = re.compile(r"eid=(2-s2\.0-\d+)")
_VOLUME = re.compile(r"^(\d[\w-]*)(?: \(([\w-]+)\))?\.?$")
#: An article number in place of pages: 162516, 011301, 07B909 (never an ISSN or a year).
_ARTICLE = re.compile(r"[A-Z]{0,2}\d{3,}|\d+[A-Z]\d+")
_KINDS = {
    "article": "article",
    "review": "article",
    "conference paper": "proceedings",
    "book": "book",
    "book chapter": "chapter",
    "editorial": "article",
    "short survey": "article",
    "letter": "article",
    "note": "article",
}


def split_references(text: str) -> list[str]:
    """The references of a ``"; "``-separated Scopus string, keeping ``;`` inside titles.

    A piece is joined back to the previous one when the previous piece has no
    ``(year)`` yet and the piece does not start like an author name.
    """
    pieces = [p.strip() for p in text.replace("\n", " ").split("; ")]
    refs: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if refs and not _YEAR_PAREN.search(refs[-1]) and not _AUTHOR_START.match(piece):
            refs[-1] = f"{refs[-1]}; {piece}"
        else:
            refs.append(piece)
    return refs


def parse_reference(text: str) -> dict[str, Any]:
    """Fields of one Scopus reference string (either style)."""
    out: dict[str, Any] = {"raw": text}
    years = list(_YEAR_PAREN.finditer(text))
    authors, rest = _leading_authors(text)
    if authors:
        out["authors"] = "; ".join(authors)
        out["first_author"] = authors[0].split(",")[0].strip()
    dois = find_dois(text)
    if dois:
        out["doi"] = dois[0]
    pages = _PAGES.search(text)
    if pages:
        out["pages"] = pages.group(1)
    if not years:
        return out
    year = years[-1] if text.rstrip().endswith(")") else years[0]
    out["year"] = int(year.group(1))
    if text.rstrip().endswith(year.group(0)):  # newer style: fields, then (year)
        fields = [f.strip() for f in rest[: rest.rfind(year.group(0))].split(", ")]
        fields = [f for f in fields if f and not _PAGES.match(f) and not f[0].isdigit()]
        fields = [f for f in fields if f.lower() not in ("et al.", "et al")]
        if len(fields) >= 2:
            out["title"], out["venue"] = fields[0], fields[-1]
        elif fields:
            out["venue"] = fields[0]
        numbers = re.findall(r", (\d[\w-]*)(?: \(([\w-]+)\))?,", rest)
        if numbers:
            out["volume"] = numbers[0][0]
    else:  # older style: title (year) source, volume (issue), pages
        start = rest.find(year.group(0))
        if start > 0:
            out["title"] = rest[:start].strip(" ,")
        parts = [p.strip() for p in text[year.end() :].strip().split(", ")]
        # the source runs to its volume ("Philos. Trans. R. Soc. London, Ser. A, 240")
        at = next((i for i, p in enumerate(parts) if i and _VOLUME.match(p)), 0)
        if parts[0] and not at and "title" not in out:
            out["title"] = parts[0].rstrip(".")  # a book or report: "(2003) Its Title, , Publisher"
        elif parts[0]:
            out["venue"] = ", ".join(parts[: at or 1]).rstrip(".")
        if at:
            volume = _VOLUME.match(parts[at])
            out["volume"] = volume.group(1)
            out["issue"] = volume.group(2) or ""
            after = parts[at + 1].rstrip(".") if at + 1 < len(parts) else ""
            if "pages" not in out:
                # "Appl. Phys. Lett., 90, 162516"; also "93. , 10.1063/1.3013857 192501" and
                # "92. , 012506 2008ApPhL.92a2506L" (a DOI before, a bibcode after it)
                number = (_without_doi(after).split() or [""])[0].rstrip(".")
                if _ARTICLE.fullmatch(number):
                    out["pages"] = number
    return out


def _without_doi(text: str) -> str:
    """``text`` without the DOIs in it."""
    for doi in find_dois(text):
        text = re.sub(re.escape(doi), " ", text, flags=re.IGNORECASE)
    return text


def _leading_authors(text: str) -> tuple[list[str], str]:
    """Author names at the start of a reference and the text after them."""
    authors: list[str] = []
    pos = 0
    for pattern in (_OLD_AUTHOR, _NEW_AUTHOR, _BARE_AUTHOR):
        authors, pos = [], 0
        while True:
            match = pattern.match(text, pos)
            if not match or _YEAR_PAREN.match(match.group(1).strip()):
                break
            authors.append(f"{match.group(1).strip()}, {match.group(2).strip()}")
            pos = match.end()
        if authors:
            break
    return authors, text[pos:]


def _cell(row: dict[str, str], *names: str) -> str:
    for name in names:
        value = (row.get(name) or "").strip()
        if value:
            return value
    return ""


def scopus_authors(row: dict[str, str]) -> str:
    """``"Surname, Given; ..."`` from ``Author full names`` or ``Authors``."""
    full = _cell(row, "Author full names")
    if full:
        names = [re.sub(r"\s*\(\d+\)$", "", a).strip() for a in full.split("; ")]
        return "; ".join(n for n in names if n)
    short = _cell(row, "Authors")
    names = short.split("; ") if "; " in short else re.split(r"(?<=\.), ", short)
    out = []
    for name in (n.strip() for n in names):
        match = None if "," in name else re.match(r"^(.+?) ((?:[A-Z][a-z]?\.[\s-]?)+)$", name)
        out.append(f"{match.group(1)}, {match.group(2).strip()}" if match else name)
    return "; ".join(n for n in out if n)


def scopus_paper(row: dict[str, str], origin: str) -> dict[str, Any]:
    """The PAPER_COLUMNS row of one Scopus record (CSV columns or RIS-mapped names)."""
    doi = normalize_doi(_cell(row, "DOI")) or ""
    eid = _cell(row, "EID")
    if not eid:
        found = _EID.search(_cell(row, "Link"))
        eid = found.group(1) if found else ""
    start, end = _cell(row, "Page start"), _cell(row, "Page end")
    pages = f"{start}-{end}" if start and end else start or _cell(row, "Art. No.")
    authors = scopus_authors(row)
    if doi:
        paper_id = f"doi:{doi}"
    elif eid:
        paper_id = f"scopus:{eid}"
    else:
        paper_id = "scopus:noid-" + content_hash(_cell(row, "Title"), _cell(row, "Year"))
    return {
        "paper_id": paper_id,
        "doi": doi,
        "title": _cell(row, "Title"),
        "authors": authors,
        "year": _cell(row, "Year") or None,
        "venue": _cell(row, "Source title"),
        "volume": _cell(row, "Volume"),
        "issue": _cell(row, "Issue"),
        "pages": pages,
        "publisher": _cell(row, "Publisher"),
        "kind": _KINDS.get(_cell(row, "Document Type").lower(), "article"),
        "url": _cell(row, "Link"),
        "origin": origin,
        "export_id": f"scopus:{eid}" if eid else "",
    }


def reference_rows(refs: list[str], paper_id: str, origin: str) -> list[dict[str, Any]]:
    """REFERENCE_COLUMNS rows of one record's reference strings."""
    rows = []
    for position, ref in enumerate(refs):
        row = parse_reference(ref)
        row.update(
            citing_id=paper_id, position=position, source=SOURCE, origin=f"{origin}#{position}"
        )
        rows.append(row)
    return rows


def parse_scopus_csv(
    text: str, source: str = ""
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Papers, references and problems of a Scopus CSV export's text."""
    csv.field_size_limit(FIELD_SIZE_LIMIT)  # a review's References cell can pass 131,072
    stream = io.StringIO(text.lstrip("\ufeff"), newline="")
    reader = csv.DictReader(stream)
    papers, references, problems = [], [], []
    header = reader.fieldnames or []
    if "Title" not in header:
        problems.append(
            {
                "stage": STAGE,
                "origin": f"{source}:1",
                "value": ",".join(header)[:80],
                "reason": "not a Scopus CSV header (no Title column)",
            }
        )
        return _tables(papers, references, problems)
    line = reader.line_num
    for row in reader:
        origin = f"{source}:{line + 1}"
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            problems.append(
                {
                    "stage": STAGE,
                    "origin": origin,
                    "value": str(row.get("Title") or "")[:80],
                    "reason": "row has a different number of cells than the header; skipped",
                }
            )
            continue
        if not _cell(row, "Title", "DOI", "EID"):
            problems.append(
                {
                    "stage": STAGE,
                    "origin": origin,
                    "value": "",
                    "reason": "record without title, DOI or EID; skipped",
                }
            )
            continue
        paper = scopus_paper(row, origin)
        papers.append(paper)
        refs = split_references(_cell(row, "References"))
        references.extend(reference_rows(refs, paper["paper_id"], origin))
    return _tables(papers, references, problems)


def _tables(papers: list, references: list, problems: list) -> tuple[pd.DataFrame, ...]:
    return (
        model.frame(papers, model.PAPER_COLUMNS),
        model.frame(references, model.REFERENCE_COLUMNS),
        model.frame(problems, model.PROBLEM_COLUMNS),
    )


def looks_like_scopus_csv(head: str) -> bool:
    """True when the start of a file is a Scopus CSV header."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return "Source title" in first and ("EID" in first or "Link" in first) and "," in first


def read_scopus_csv(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Papers, references and problems of a Scopus CSV export file."""
    source = str(path)
    text, problems = read_text(path, source, STAGE)
    papers, references, more = parse_scopus_csv(text, source)
    return papers, references, model.concat_problems(problems, more)
