"""Web of Science exports: tagged plain text (``FN … ER … EF``) and tab-delimited.

Each record becomes a review paper (PAPER_COLUMNS) and its ``CR`` cited references become
REFERENCE_COLUMNS rows (source ``wos``), parsed once here and marked so (PARSED_COLUMNS):
the match stage takes their fields as they are. Broken records are skipped and listed in
the problems table with their file and line.
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
from refnet.ids import normalize_doi
from refnet.inputs.text import split_lines
from refnet.match.frames import conform_fast
from refnet.match.parse import marked_parsed, parse_references
from refnet.match.parse_wos import CR_FIELDS, cited_fields

STAGE = "seeds"
SOURCE = "wos"

#: Tags whose continuation lines are separate values (one author, one reference per line).
LIST_TAGS = frozenset({"AU", "AF", "BA", "BF", "CA", "CR", "C1", "ED", "EM", "RI", "OI"})

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
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
        pairs = self.fields.get(tag)
        if not pairs:
            return ""
        if len(pairs) == 1:  # most tags: one line
            return pairs[0][1].strip()
        return " ".join(s for _, v in pairs if (s := v.strip()))


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


def parse_cited_reference(cr: str) -> dict[str, Any]:
    """Fields of a WoS cited reference ``Author, Year, SOURCE, Vnn, Pnn, DOI 10.x/y``."""
    out: dict[str, Any] = {"raw": cr}
    out.update((k, v) for k, v in zip(CR_FIELDS, cited_fields(cr), strict=True) if v is not None)
    return out


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
    """REFERENCE_COLUMNS + PARSED_COLUMNS rows of cited references, each distinct string
    parsed once, marked as parsed (``parsed_by`` "wos": the match stage takes them as
    they are).

    The parts of a CR (:func:`refnet.match.parse_wos.cited_fields`) come first; what they
    leave empty (the kind, the fields of a CR without year) the matcher's parser fills
    (:func:`refnet.match.parse.parse_references`, which keeps the read locators of a
    dated CR). Text columns are object arrays of ``str``.
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
    read = pd.DataFrame(  # the frame copies the columns into its blocks: no copies before
        {
            name: pd.Series(
                columns.get(name, blank), dtype=dtype.replace("str", "object"), copy=False
            )
            for name, dtype in model.REFERENCE_COLUMNS.items()
        }
    )
    return marked_parsed(parse_references(read, conformed=True), SOURCE, conformed=True)


def as_read(refs: pd.DataFrame) -> pd.DataFrame:
    """``refs`` with the rows this reader parsed (``parsed_by`` "wos") back to the parts of
    their CR alone (:func:`cited_fields`; what the parser filled in emptied, the marker
    cleared): for a caller that changes their strings and has them parsed again."""
    mine = (refs["parsed_by"] == SOURCE).to_numpy() if "parsed_by" in refs else None
    if mine is None or not mine.any():
        return refs
    out = refs.copy()
    rows = out.index[mine]
    parts = list(zip(*map(cited_fields, out.loc[rows, "raw"]), strict=True))
    for name, dtype in {**model.REFERENCE_COLUMNS, **model.PARSED_COLUMNS}.items():
        if dtype == "str" and name not in _KEPT and name not in CR_FIELDS:
            out.loc[rows, name] = ""
    for name, values in zip(CR_FIELDS, parts, strict=True):
        out.loc[rows, name] = _years(values) if name == "year" else _texts(values)
    return out


#: Columns of a reference that say where it is, not what it cites.
_KEPT = frozenset({"citing_id", "source", "origin", "raw"})


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
