"""CSL-JSON bundles of review papers and cited works (the entries of the BibTeX, same keys).

Valid against the CSL-JSON schema (``../shared/schemas/csl/csl-data.json``): ``id`` and
``citation-key`` are the BibTeX key; ``type`` is article-journal, article-newspaper,
book, chapter, report, thesis, paper-conference, webpage, article (a preprint) or
document; names are ``{family, given}`` or ``{literal}`` (an organisation); ``issued``
holds the year. The refnet id is in ``custom.refnet`` (the schema's place for such
data) and in ``note`` as ``refnet: <id>``, because Zotero's CSL-JSON importer moves
``note`` into the item's Extra field and ignores ``custom``. Titles are plain text: CSL
processors do not lower-case them the way BibTeX styles do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from json.encoder import encode_basestring as _quote  # JSON string, UTF-8 kept (C speed)
from pathlib import Path

import pandas as pd

from refnet.export.entries import container_and_publisher, prepare_entries

#: Entry type → CSL type.
CSL_TYPES: dict[str, str] = {
    "article": "article-journal",
    "press": "article-newspaper",
    "book": "book",
    "chapter": "chapter",
    "report": "report",
    "thesis": "thesis",
    "conference": "paper-conference",
    "web": "webpage",
    "preprint": "article",
}

_DASHES = re.compile(r"\s*[‐‑‒–—]+\s*|\s+-+\s+|-{2,}")


def _names(authors: str) -> str:
    """The ``author`` array: ``{family, given}``, or ``{literal}`` for an organisation."""
    out = []
    for name in authors.split(";"):
        name = " ".join(name.split())
        family, _, given = name.partition(",")
        family, given = family.strip(), given.strip()
        if family and given:
            out.append(f'{{"family": {_quote(family)}, "given": {_quote(given)}}}')
        elif name.strip(" ,"):
            out.append(f'{{"literal": {_quote(name.strip(" ,"))}}}')
    return ", ".join(out)


def _pair(name: str, value: str) -> str:
    return f', "{name}": {_quote(value)}' if value else ""


def csl_lines(e: pd.DataFrame) -> list[str]:
    """One JSON object a prepared entry (:func:`refnet.export.entries.prepare_entries`)."""
    container, publisher = container_and_publisher(e)
    lines = []
    for key, id_, type_, title, authors, year, venue, volume, issue, pages, pub, place, isbn, \
            doi, url in zip(
                e["key"], e["id"], e["type"], e["title"], e["authors"], e["year"], container,
                e["volume"], e["issue"], e["pages"], publisher, e["place"], e["isbn"], e["doi"],
                e["url"], strict=True,
            ):  # fmt: skip
        names = _names(authors) if authors else ""
        lines.append(
            f'{{"id": {_quote(key)}, "citation-key": {_quote(key)}, '
            f'"type": "{CSL_TYPES.get(type_, "document")}"'
            + (f', "author": [{names}]' if names else "")
            + _pair("title", title)
            + (f', "issued": {{"date-parts": [[{int(year)}]]}}' if year else "")
            + _pair("collection-title" if type_ == "book" else "container-title", venue)
            + _pair("volume", volume)
            + _pair("issue", issue)
            + _pair("page", _DASHES.sub("-", pages) if pages else "")
            + _pair("publisher", pub)
            + _pair("publisher-place", place)
            + _pair("ISBN", isbn)
            + _pair("DOI", doi)
            + _pair("URL", url)
            + (f', "note": {_quote("refnet: " + id_)}, "custom": {{"refnet": {_quote(id_)}}}'
               if id_ else "")
            + "}"
        )  # fmt: skip
    return lines


def generate_csl(table: pd.DataFrame) -> str:
    """CSL-JSON text of review papers (PAPER_COLUMNS) or cited works (WORK_COLUMNS)."""
    return format_csl(prepare_entries(table))


def format_csl(e: pd.DataFrame) -> str:
    """CSL-JSON text of prepared entries: an array, one item a line, UTF-8 kept."""
    return csl_text(csl_lines(e))


def csl_text(lines: Sequence[str]) -> str:
    """A CSL-JSON array of formatted items (:func:`csl_lines`), one a line, in their order."""
    return "[\n" + ",\n".join(lines) + "\n]\n" if len(lines) else "[]\n"


def write_csl(table: pd.DataFrame, path: str | Path) -> None:
    """Write :func:`generate_csl` to ``path`` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate_csl(table), encoding="utf-8", newline="\n")
