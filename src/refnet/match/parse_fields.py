"""The fields a reference-string reader fills, and the helpers every style uses to fill
them (authors, year, locators after the title, the book of a chapter)."""

from __future__ import annotations

import re

from refnet.match.names import format_names, looks_like_name, split_names
from refnet.match.parse_patterns import (
    _MONTH,
    _PAGES,
    _PAGES_ONLY,
    _PUBLISHER,
    _QUOTE_OPEN,
    _VOL_ISSUE,
    _YEAR_RE,
)

PARSED_FIELDS = (
    "authors",
    "first_author",
    "year",
    "title",
    "venue",
    "volume",
    "issue",
    "pages",
    "publisher",
    "doi",
    "isbn",
    "kind",
)


def _strip_title(title: str) -> str:
    return title.strip(" ,.;:").strip(_QUOTE_OPEN + "”’»").strip(" ,.;:")


#: The fields of a reference of which nothing is known.
_NOTHING: dict[str, object] = dict.fromkeys(PARSED_FIELDS, "") | {"year": None}


def _empty() -> dict[str, object]:
    return _NOTHING.copy()


def _set_authors(fields: dict[str, object], segment: str) -> None:
    names = split_names(segment)
    if names:
        fields["authors"] = format_names(names)
        fields["first_author"] = names[0][0]


def _year(text: str) -> str:
    match = _YEAR_RE.search(text)
    return match.group(1) if match else ""


def _locators(fields: dict[str, object], rest: str) -> None:
    """Venue, volume, issue, pages and publisher from the text after the title."""
    rest = rest.strip(" ,.;")
    if not rest:
        return
    if _PAGES_ONLY.match(rest):
        pages = re.search(r"\d+(?:\s*[-–—]\s*\d+)?", rest)
        fields["pages"] = re.sub(r"\s*[–—]\s*", "-", pages.group(0)) if pages else ""
        return
    publisher = _PUBLISHER.search(rest)
    if publisher:
        fields["publisher"] = publisher.group(2).strip()
        fields["kind"] = fields["kind"] or "book"
    chapter = re.match(r"^in:?\s+(.+)", rest, re.IGNORECASE)
    if chapter:
        fields["kind"] = "chapter"
        fields["venue"] = _strip_title(_book_of_chapter(chapter.group(1)))
        return
    pages = _PAGES.search(rest)
    if pages and not publisher:
        fields["pages"] = re.sub(r"\s*[–—]\s*", "-", pages.group(1))
    venue_match = re.match(r"^([^\d(]{2,120}?)[\s,]*(?:vol\.?|volume)?\s*(\d{1,4})\b", rest, re.I)
    if venue_match and not publisher:
        venue = venue_match.group(1).strip(" ,.;:")
        number = venue_match.group(2)
        month = _MONTH.search(venue)
        if month:
            venue = venue[: month.start()].strip(" ,.;:")
            fields["kind"] = fields["kind"] or "press"
            fields["venue"] = venue
            page = re.search(r"\bp\.\s*([A-Z]?-?\d+)", rest)
            fields["pages"] = page.group(1) if page else ""
        elif len(number) == 4 and _YEAR_RE.fullmatch(number):
            fields["publisher"] = venue.split(",")[0].strip()
            fields["pages"] = ""
            fields["kind"] = fields["kind"] or "book"
        elif venue and not re.search(r"\b(?:press|publish|books|university)\b", venue, re.I):
            fields["venue"] = venue
            fields["kind"] = fields["kind"] or "article"
            tail = rest[venue_match.start(2) :]
            vol = _VOL_ISSUE.match(tail)
            if vol:
                fields["volume"] = vol.group(1)
                issue = vol.group(2) or vol.group(3) or vol.group(4) or ""
                # "Rev. Mod. Phys, 23, (1951)": the bracket holds the year, not an issue
                fields["issue"] = "" if _YEAR_RE.fullmatch(issue) else issue
    elif not publisher and not fields["venue"]:
        head = re.split(r",|\(|\.\s", rest)[0].strip(" ,.;:")
        if head and not _YEAR_RE.fullmatch(head):
            fields["venue"] = head


def _book_of_chapter(text: str) -> str:
    """The book title in ``in NAMES, eds., Title (...)`` or ``in Title, ed. NAMES (...)``."""
    editors = re.search(r"\(?\beds?\.\)?,?\s+", text)
    if editors and looks_like_name(re.sub(r"\band\b|&|,", " ", text[: editors.start()]), 12):
        text = text[editors.end() :]
    return re.split(r",\s*(?:eds?\.|edited)|\s\(|(?<!\b[A-Z])\.\s", text)[0]
