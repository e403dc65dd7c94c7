"""RIS bundles of review papers and cited works (the entries of the BibTeX, same keys).

One record per entry: ``TY`` (JOUR, NEWS, BOOK, CHAP, RPRT, THES, CPAPER, ELEC, UNPB,
GEN), ``ID`` (the citation key), ``AU`` per author (``Surname, Given``), ``TI``, ``PY``,
``T2`` (journal, book of a chapter, newspaper, web site, series), ``VL``, ``IS``,
``SP``/``EP`` (a page range, never a whole work's page: see
:mod:`refnet.export.entries`), ``PB``, ``CY``, ``SN`` (ISBN), ``DO``, ``UR``, and
``M2  - refnet: <id>``: Zotero's RIS importer ignores ``ID`` but puts ``M2`` in the
item's Extra field for every item type, so the refnet id survives an import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from refnet.export.entries import container_and_publisher, prepare_entries

#: Entry type → RIS reference type.
RIS_TYPES: dict[str, str] = {
    "article": "JOUR",
    "press": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "thesis": "THES",
    "conference": "CPAPER",
    "web": "ELEC",
    "preprint": "UNPB",
}

_RANGE = re.compile(r"^\s*([^-‐‑‒–—\s]+)\s*[-‐‑‒–—]+\s*([^-‐‑‒–—\s]+)\s*$")


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {value}\n" if value else ""


def _pages(pages: str) -> str:
    if not pages:
        return ""
    match = _RANGE.match(pages)
    if not match:
        return _line("SP", pages)
    return _line("SP", match.group(1)) + _line("EP", match.group(2))


def _authors(authors: str) -> str:
    names = (" ".join(n.split()) for n in authors.split(";")) if authors else ()
    return "".join(f"AU  - {n}\n" for n in names if n)


def generate_ris(table: pd.DataFrame) -> str:
    """RIS text of review papers (PAPER_COLUMNS) or cited works (WORK_COLUMNS)."""
    return format_ris(prepare_entries(table))


def format_ris(e: pd.DataFrame) -> str:
    """RIS text of prepared entries (:func:`refnet.export.entries.prepare_entries`)."""
    return ris_text(ris_records(e))


def ris_text(records: Sequence[str]) -> str:
    """A RIS file of formatted records (:func:`ris_records`), in their order."""
    return "\n".join(records)


def ris_records(e: pd.DataFrame) -> list[str]:
    """One ``TY ... ER`` record per prepared entry, in the entries' order."""
    container, publisher = container_and_publisher(e)
    return [
        f"TY  - {RIS_TYPES.get(type_, 'GEN')}\n"
        + _line("ID", key)
        + _authors(authors)
        + _line("TI", title)
        + _line("PY", year)
        + _line("T2", venue)
        + _line("VL", volume)
        + _line("IS", issue)
        + _pages(pages)
        + _line("PB", pub)
        + _line("CY", place)
        + _line("SN", isbn)
        + _line("DO", doi)
        + _line("UR", url)
        + _line("M2", f"refnet: {id_}" if id_ else "")
        + "ER  - \n"
        for key, id_, type_, title, authors, year, venue, volume, issue, pages, pub, place,
        isbn, doi, url in zip(
            e["key"], e["id"], e["type"], e["title"], e["authors"], e["year"], container,
            e["volume"], e["issue"], e["pages"], publisher, e["place"], e["isbn"], e["doi"],
            e["url"], strict=True,
        )
    ]  # fmt: skip


def write_ris(table: pd.DataFrame, path: str | Path) -> None:
    """Write :func:`generate_ris` to ``path`` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate_ris(table), encoding="utf-8", newline="\n")
