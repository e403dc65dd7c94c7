"""What every source client returns: a work's metadata and its references, per DOI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from refnet.ids import normalize_doi, normalize_isbn

#: Paper fields a source may fill (the others belong to the user).
METADATA_FIELDS = (
    "doi",
    "title",
    "authors",
    "year",
    "venue",
    "volume",
    "issue",
    "pages",
    "publisher",
    "kind",
    "url",
)


@dataclass
class Fetched:
    """One source's answer for one DOI: ``found`` or a ``reason`` it was not."""

    doi: str
    found: bool = False
    reason: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    references: list[dict[str, Any]] = field(default_factory=list)
    references_reported: int = 0
    openalex_id: str = ""


def doi_or_empty(value: Any) -> str:
    """The normalised DOI in ``value``, or ""."""
    return normalize_doi(str(value)) or "" if value else ""


def isbn_or_empty(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return normalize_isbn(str(value)) or "" if value else ""


def year_or_none(value: Any) -> int | None:
    """A plausible year from an int or a string like "2015" or "2015a"."""
    text = str(value or "")[:4]
    if text.isdigit() and 1000 <= int(text) <= 2100:
        return int(text)
    return None


def first(values: Any) -> str:
    """The first string of a Crossref-style list, or the string itself."""
    if isinstance(values, list):
        return str(values[0]) if values else ""
    return str(values or "")


def first_surname(authors: str) -> str:
    return authors.split(";", 1)[0].split(",", 1)[0].strip()


def surname_given(name: str) -> str:
    """ "Ada B. Lovelace" → "Lovelace, Ada B." (display names from OpenAlex / S2)."""
    name = " ".join(name.split())
    if not name or "," in name:
        return name
    given, _, family = name.rpartition(" ")
    return f"{family}, {given}" if given else family
