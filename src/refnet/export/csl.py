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

import json
import re
from pathlib import Path
from typing import Any

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


def _names(authors: str) -> list[dict[str, str]]:
    out = []
    for name in authors.split(";") if authors else ():
        name = " ".join(name.split())
        if not name:
            continue
        family, _, given = name.partition(",")
        family, given = family.strip(), given.strip()
        if not family or not given:
            out.append({"literal": name.strip(" ,")})
        else:
            out.append({"family": family, "given": given})
    return out


def csl_items(e: pd.DataFrame) -> list[dict[str, Any]]:
    """CSL-JSON items of prepared entries (:func:`refnet.export.entries.prepare_entries`)."""
    container, publisher = container_and_publisher(e)
    items = []
    for key, id_, type_, title, authors, year, venue, volume, issue, pages, pub, place, isbn, \
            doi, url in zip(
                e["key"], e["id"], e["type"], e["title"], e["authors"], e["year"], container,
                e["volume"], e["issue"], e["pages"], publisher, e["place"], e["isbn"], e["doi"],
                e["url"], strict=True,
            ):  # fmt: skip
        item: dict[str, Any] = {"id": key, "citation-key": key}
        item["type"] = CSL_TYPES.get(type_, "document")
        names = _names(authors)
        fields = {
            "author": names,
            "title": title,
            "issued": {"date-parts": [[int(year)]]} if year else None,
            "collection-title" if type_ == "book" else "container-title": venue,
            "volume": volume,
            "issue": issue,
            "page": _DASHES.sub("-", pages),
            "publisher": pub,
            "publisher-place": place,
            "ISBN": isbn,
            "DOI": doi,
            "URL": url,
            "note": f"refnet: {id_}" if id_ else "",
            "custom": {"refnet": id_} if id_ else None,
        }
        item.update((k, v) for k, v in fields.items() if v)
        items.append(item)
    return items


def generate_csl(table: pd.DataFrame) -> str:
    """CSL-JSON text of review papers (PAPER_COLUMNS) or cited works (WORK_COLUMNS)."""
    return format_csl(prepare_entries(table))


def format_csl(e: pd.DataFrame) -> str:
    """CSL-JSON text of prepared entries: an array, one item a line, UTF-8 kept."""
    items = csl_items(e)
    if not items:
        return "[]\n"
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    return "[\n" + ",\n".join(encode(item) for item in items) + "\n]\n"


def write_csl(table: pd.DataFrame, path: str | Path) -> None:
    """Write :func:`generate_csl` to ``path`` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate_csl(table), encoding="utf-8", newline="\n")
