"""Web of Science exports: tagged plain text (``FN … ER … EF``) and tab-delimited.

Each record becomes a review paper (PAPER_COLUMNS) and its ``CR`` cited references become
REFERENCE_COLUMNS rows (source ``wos``) for the match stage. Broken records are skipped
and listed in the problems table with their file and line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from refnet import model
from refnet.ids import find_dois, normalize_doi
from refnet.inputs.text import split_lines
from refnet.match.frames import conform_fast

STAGE = "seeds"
SOURCE = "wos"

#: Tags whose continuation lines are separate values (one author, one reference per line).
LIST_TAGS = frozenset({"AU", "AF", "BA", "BF", "CA", "CR", "C1", "ED", "EM", "RI", "OI"})

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")
_KINDS = {"J": "article", "B": "book", "S": "article", "P": "patent", "C": "proceedings"}


@dataclass
class WosRecord:
    """One record: its tags with (line, value) pairs, and the line where it starts."""

    line: int
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def values(self, tag: str) -> list[str]:
        """The values of ``tag`` (one per line for list tags)."""
        return [value for _, value in self.fields.get(tag, [])]

    def text(self, tag: str) -> str:
        """The value of ``tag`` as one string (continuation lines joined by spaces)."""
        return " ".join(s for _, v in self.fields.get(tag, ()) if (s := v.strip()))


def _unclosed(source: str, record: WosRecord) -> dict[str, str]:
    """The problem row of a record that the file never closes with ER."""
    where = f"{source}:{record.line}"
    return _problem(where, record.text("TI")[:80], "record not closed by ER; skipped")


def _problem(origin: str, value: str, reason: str) -> dict[str, str]:
    return {"stage": STAGE, "origin": origin, "value": value, "reason": reason}


# ----------------------------------------------------------------------------- parsing


def parse_wos_text(text: str, source: str = "") -> tuple[list[WosRecord], list[dict[str, str]]]:
    """Records and problems of a tagged plain-text export (``source`` names it in origins)."""
    records: list[WosRecord] = []
    problems: list[dict[str, str]] = []
    current: WosRecord | None = None
    broken = False
    seen_end = False
    # The values that continuation lines extend (None: they are ignored), and how.
    values: list[tuple[int, str]] | None = None
    listing = False
    lines = split_lines(text.lstrip("\ufeff"))  # \n, \r\n, \r only: VT, FF, NEL stay inside
    for number, line in enumerate(lines, start=1):
        if line.startswith("   ") and current is not None and not seen_end and not line.isspace():
            if values is not None and listing:  # a continuation line (most: one per CR)
                values.append((number, line[3:]))
            elif values is not None:
                line0, previous = values[-1]
                values[-1] = (line0, f"{previous} {line[3:].strip()}")
            continue
        if not line.strip():
            continue
        if seen_end:
            where = f"{source}:{number}"
            problems.append(_problem(where, line[:80], "text after EF (end of file tag)"))
            break
        match = _TAG_LINE.match(line)
        if match is None:
            if current is not None and not broken:
                problems.append(
                    _problem(
                        f"{source}:{number}",
                        line[:80],
                        f"malformed tag line; record of line {current.line} skipped",
                    )
                )
                broken = True
                values = None
            elif current is None:
                problems.append(_problem(f"{source}:{number}", line[:80], "line outside a record"))
            continue
        tag, value = match.groups(default="")
        if tag in ("FN", "VR") and current is None:
            continue
        if tag == "EF":
            seen_end = True
            continue
        if tag == "PT":
            if current is not None and not broken:
                problems.append(_unclosed(source, current))
            current = WosRecord(line=number)
            broken = False
        elif current is None:
            where = f"{source}:{number}"
            problems.append(_problem(where, line[:80], "tag outside a record (no PT before it)"))
            continue
        if tag == "ER":
            if not broken:
                records.append(current)
            current = None
            values = None
            continue
        values = current.fields.setdefault(tag, [])
        values.append((number, value))
        listing = tag in LIST_TAGS
        if broken:
            values = None
    if current is not None and not broken:
        problems.append(_unclosed(source, current))
    if not seen_end and lines:
        problems.append(_problem(f"{source}:{len(lines)}", "", "file ends before EF"))
    return records, problems


def parse_wos_tab(text: str, source: str = "") -> tuple[list[WosRecord], list[dict[str, str]]]:
    """Records and problems of a tab-delimited export (header row of two-letter tags)."""
    rows = list(
        csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t", quoting=csv.QUOTE_NONE)
    )
    problems: list[dict[str, str]] = []
    if not rows:
        return [], [_problem(f"{source}:1", "", "empty file")]
    header = [h.strip() for h in rows[0]]
    records: list[WosRecord] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header) - 1 or len(row) > len(header) + 1:
            problems.append(
                _problem(
                    f"{source}:{number}",
                    "\t".join(row)[:80],
                    f"{len(row)} cells for {len(header)} columns; record skipped",
                )
            )
            continue
        record = WosRecord(line=number)
        for tag, cell in zip(header, row, strict=False):
            cell = cell.strip()
            if not cell or not _TAG_LINE.match(tag):
                continue
            parts = [p.strip() for p in cell.split("; ")] if tag in LIST_TAGS else [cell]
            record.fields[tag] = [(number, p) for p in parts if p]
        records.append(record)
    return records, problems


def looks_like_wos_text(head: str) -> bool:
    """True when the start of a file is a tagged Web of Science export."""
    lines = [line for line in split_lines(head.lstrip("\ufeff")) if line.strip()][:3]
    return bool(lines) and (lines[0].startswith("FN ") or lines[0].startswith("PT "))


def looks_like_wos_tab(head: str) -> bool:
    """True when the start of a file is a tab-delimited Web of Science export."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    cells = [c.strip() for c in first.split("\t")]
    return len(cells) > 5 and cells[0] == "PT" and {"UT", "TI"} <= set(cells)


# ----------------------------------------------------------------- cited references


def split_author(author: str) -> tuple[str, str]:
    """Surname and initials of a CR author (``ALLEN PJ`` -> ``ALLEN``, ``PJ``)."""
    tokens = author.split()
    keep = len(tokens)
    while keep > 1 and _is_initials(tokens[keep - 1]):
        keep -= 1
    return " ".join(tokens[:keep]), " ".join(tokens[keep:])


def _is_initials(token: str) -> bool:
    """``PJ``, ``P.J.``, ``J-P``: :data:`_INITIALS` (plain capitals checked without it)."""
    plain = len(token) <= 4 and token.isascii() and token.isalpha() and token.isupper()
    return plain or _INITIALS.match(token) is not None


def parse_cited_reference(cr: str) -> dict[str, Any]:
    """Fields of a WoS cited reference ``Author, Year, SOURCE, Vnn, Pnn, DOI 10.x/y``."""
    out: dict[str, Any] = {"raw": cr}
    out.update((k, v) for k, v in zip(CR_FIELDS, cited_fields(cr), strict=True) if v is not None)
    return out


#: The fields :func:`cited_fields` gives, in order (None when absent).
CR_FIELDS = ("first_author", "authors", "year", "venue", "volume", "pages", "doi")

CitedFields = tuple[
    str | None, str | None, int | None, str | None, str | None, str | None, str | None
]


#: A part between ", " separators: no comma, no space at either end (so no strip needed).
_PART = r"[^,\s](?:[^,]*[^,\s])?"
#: The last characters of a DOI that :func:`normalize_doi` may trim (sentence
#: punctuation, brackets without a partner).
_DOI_TRIMMED = ".,;:)]>}"
#: A DOI that :func:`find_dois` reads whole and :func:`normalize_doi` only lower-cases:
#: no comma, space, ``%`` or quote mark in it, and not ending in :data:`_DOI_TRIMMED`.
_BARE_DOI = rf"10\.\d{{4,9}}(?:\.\d+)*/[^,\s%\"“”‘’«»]*[^,\s%\"“”‘’«»{re.escape(_DOI_TRIMMED)}]"
#: An author ``SURNAME AB`` (one word, then plain initials) or else any author part.
_AUTHOR = rf"(?:([^,\s]+) ([A-Z]{{1,4}})|({_PART}))"
#: ``AUTHOR AB, 1999, SOURCE[, Vnn][, Pnn][, DOI 10.x/y]`` with plain parts, an author
#: that is not a year or a DOI and a source that is not a locator (``Vnn``, ``Pnn``, DOI).
#: The DOI is in the group of a bare one or else in the group of its whole part.
_PLAIN_CR = re.compile(
    rf"(?!\d{{4}}, |DOI ){_AUTHOR}, ([0-9]{{4}}), (?![VP]\d|DOI )({_PART})"
    rf"(?:, V({_PART}))?(?:, [Pp]({_PART}))?(?:, DOI ({_BARE_DOI})|, (DOI {_PART}))?"
)


def cited_fields(cr: str) -> CitedFields:
    """:data:`CR_FIELDS` of a cited reference, as :func:`parse_cited_reference` reads them."""
    return _plain_cited_fields(cr) or _cited_fields(cr)


def _plain_cited_fields(cr: str) -> CitedFields | None:
    """What :func:`_cited_fields` gives a CR of :data:`_PLAIN_CR` shape (None for others)."""
    match = _PLAIN_CR.fullmatch(cr)
    if match is None:
        return None
    surname, initials, author, year, venue, volume, pages, bare_doi, doi_part = match.groups()
    if author is not None:
        surname, initials = split_author(author)
    authors = f"{surname}, {initials}" if initials else surname
    if bare_doi:
        doi = bare_doi.lower()
    else:
        doi = _first_doi(doi_part) if doi_part else None
    return surname, authors, int(year), venue, volume, pages, doi


def _first_doi(text: str | None) -> str | None:
    """The first DOI :func:`find_dois` finds in ``text`` (None for none)."""
    dois = find_dois(text)
    return dois[0] if dois else None


def _cited_fields(cr: str) -> CitedFields:
    """:data:`CR_FIELDS` of any cited reference, part by part."""
    parts = [p.strip() for p in cr.split(", ")]
    first_author = authors = year = venue = volume = pages = doi = None
    head = parts[0]
    i = 0
    if head and not _is_year(head) and not head.startswith("DOI "):
        first_author, initials = split_author(head)
        authors = f"{first_author}, {initials}" if initials else first_author
        i = 1
    if i < len(parts) and _is_year(parts[i]):
        year = int(parts[i])
        i += 1
    if i < len(parts) and not _is_locator(parts[i]):
        venue = parts[i]
        i += 1
    for j in range(i, len(parts)):
        part = parts[j]
        tag = part[:1]
        if tag == "D" and part.startswith("DOI "):
            doi = _first_doi(", ".join(parts[j:]))
            break
        second = part[1:2]
        if not second or second.isspace():
            continue
        if tag == "V" and volume is None:
            volume = part[1:].strip()
        elif tag in "Pp" and pages is None:  # newer exports write "pS513", "pe1"
            pages = part[1:].strip()
    return first_author, authors, year, venue, volume, pages, doi


def _is_year(part: str) -> bool:
    return len(part) == 4 and part.isdecimal()


def _is_locator(part: str) -> bool:
    return (part[:1] in ("V", "P") and part[1:2].isdecimal()) or part.startswith("DOI ")


def metaknowledge_key(ref: Mapping[str, Any]) -> str:
    """metaknowledge's identity of a cited work: ``Author, Year, JOURNAL`` (present parts).

    The author is the CR author field without dots, in title case; the journal is the
    upper-cased source field. Volume, page and DOI are ignored.
    """
    raw = str(ref.get("raw", "") or "")
    parsed = parse_cited_reference(raw.upper()) if raw else dict(ref)
    parts: list[str] = []
    author = raw.split(", ", 1)[0] if parsed.get("first_author") else ""
    if author:
        parts.append(author.upper().replace(".", "").title())
    year = parsed.get("year")
    if year is not None and not pd.isna(year):
        parts.append(str(int(year)))
    if parsed.get("venue"):
        parts.append(str(parsed["venue"]).upper())
    return ", ".join(parts)


def metaknowledge_record_key(record: WosRecord) -> str:
    """metaknowledge's identity of a review record: first ``AU``, ``PY``, ``J9`` (else title)."""
    au = record.values("AU")
    parts = [au[0].replace(",", "")] if au else []
    if record.text("PY"):
        parts.append(record.text("PY"))
    parts.append(record.text("J9") or record.text("TI"))
    return metaknowledge_key({"raw": ", ".join(p for p in parts if p)})


# ----------------------------------------------------------------------------- tables


def record_paper(record: WosRecord, source: str) -> dict[str, Any]:
    """The PAPER_COLUMNS row of one record."""
    doi = normalize_doi(record.text("DI")) or ""
    ut = record.text("UT")
    authors = record.values("AF") or record.values("AU")
    pages = record.text("BP")
    if pages and record.text("EP"):
        pages = f"{pages}-{record.text('EP')}"
    pages = pages or record.text("AR")
    if doi:
        paper_id = f"doi:{doi}"
    elif ut:
        paper_id = f"wos:{ut}"
    else:
        paper_id = "wos:nouid-" + content_hash(record.text("TI"), record.text("PY"), *authors[:1])
    return {
        "paper_id": paper_id,
        "doi": doi,
        "title": record.text("TI"),
        "authors": "; ".join(a.strip() for a in authors),
        "year": record.text("PY") or None,
        "venue": record.text("SO"),
        "volume": record.text("VL"),
        "issue": record.text("IS"),
        "pages": pages,
        "publisher": record.text("PU"),
        "kind": _kind(record),
        "origin": f"{source}:{record.line}",
        "export_id": f"wos:{ut}" if ut else "",
    }


def _kind(record: WosRecord) -> str:
    doc_type = record.text("DT").lower()
    if "book chapter" in doc_type:
        return "chapter"
    if "proceedings" in doc_type:
        return "proceedings"
    return _KINDS.get(record.text("PT"), "article")


def content_hash(*parts: str) -> str:
    """A short stable id from text parts."""
    text = "\x1f".join(p.strip().lower() for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def record_references(record: WosRecord, paper_id: str, source: str) -> list[dict[str, Any]]:
    """The REFERENCE_COLUMNS rows of a record's ``CR`` field."""
    rows = []
    for position, (line, cr) in enumerate(record.fields.get("CR", [])):
        row = parse_cited_reference(cr.strip())
        row.update(citing_id=paper_id, position=position, source=SOURCE, origin=f"{source}:{line}")
        rows.append(row)
    return rows


def records_tables(records: list[WosRecord], source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Papers (in file order) and references (in citing id, then position order; records
    of one id in file order) of parsed records."""
    papers = [record_paper(record, source) for record in records]
    by_id = sorted(range(len(records)), key=lambda i: papers[i]["paper_id"])  # stable
    citing, position, lines, raws = [], [], [], []
    for i in by_id:
        crs = records[i].fields.get("CR", [])
        citing += [papers[i]["paper_id"]] * len(crs)
        position += range(len(crs))
        lines += [line for line, _ in crs]
        raws += [cr.strip() for _, cr in crs]
    return conform_fast(pd.DataFrame(papers), model.PAPER_COLUMNS), references_table(
        citing, position, lines, raws, source
    )


def references_table(
    citing: list[str], position: list[int], lines: list[int], raws: list[str], source: str
) -> pd.DataFrame:
    """REFERENCE_COLUMNS rows of cited references, each distinct string parsed once.

    Text columns are object arrays of ``str`` (what the later stages convert to anyway).
    """
    n = len(raws)
    raw = np.asarray(raws, dtype=object)
    codes, distinct = pd.factorize(raw, sort=False)
    fields = list(zip(*map(cited_fields, distinct), strict=True)) or [()] * len(CR_FIELDS)
    columns: dict[str, Any] = {
        "citing_id": np.asarray(citing, dtype=object),
        "position": np.asarray(position, dtype=np.int64),
        "source": np.full(n, SOURCE, dtype=object),
        "origin": np.asarray([f"{source}:{line}" for line in lines], dtype=object),
        "raw": raw,
        "truncated": np.zeros(n, dtype=bool),
    }
    for name, values in zip(CR_FIELDS, fields, strict=True):
        columns[name] = _years(values)[codes] if name == "year" else _texts(values)[codes]
    blank = np.full(n, "", dtype=object)
    return pd.DataFrame(  # the frame copies the columns into its blocks: no copies before
        {
            name: pd.Series(
                columns.get(name, blank), dtype=dtype.replace("str", "object"), copy=False
            )
            for name, dtype in model.REFERENCE_COLUMNS.items()
        }
    )


def _texts(values: tuple[str | None, ...]) -> np.ndarray:
    """An object array of ``values`` with "" for None."""
    return np.fromiter([v or "" for v in values], dtype=object, count=len(values))


def _years(values: tuple[int | None, ...]) -> pd.arrays.IntegerArray:
    """An Int64 array of ``values`` (None: missing)."""
    missing = np.fromiter([v is None for v in values], dtype=bool, count=len(values))
    years = np.fromiter([v or 0 for v in values], dtype=np.int64, count=len(values))
    return pd.arrays.IntegerArray(years, missing)


def decode(data: bytes, source: str) -> tuple[str, list[dict[str, str]]]:
    """Text of an export's bytes (UTF-8, UTF-16 with BOM); bad bytes replaced and reported."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("utf-8-sig", errors="replace")
        return text, [_problem(f"{source}:{line}", "", "bytes that are not UTF-8 (replaced)")]


def read_wos(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Papers, references and problems of a Web of Science export file (either format)."""
    source = str(path)
    text, problems = decode(Path(path).read_bytes(), source)
    if looks_like_wos_tab(text[:4096]):
        records, more = parse_wos_tab(text, source)
    else:
        records, more = parse_wos_text(text, source)
    papers, references = records_tables(records, source)
    return papers, references, model.frame(problems + more, model.PROBLEM_COLUMNS)
