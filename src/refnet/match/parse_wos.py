"""Web of Science strings: cited references (``AUTHOR AB, 1999, SOURCE, V12, P34``), with a
fast path for plain ones, and the WoS core-collection style (``Title [J]. Names. Venue, 1999``)."""

from __future__ import annotations

import re

from refnet.ids import find_isbns
from refnet.match.names import format_name
from refnet.match.parse_fields import PARSED_FIELDS, _empty, _set_authors
from refnet.match.parse_patterns import _CITATION, _GLUED_SENTENCE, _LEAD, _WOS, _WOS_CN, YEAR


def _parse_wos(text: str) -> dict[str, object] | None:
    match = _WOS.match(text)
    if not match:
        return None
    return _wos_fields(*match.group("author", "year", "src", "vol", "page"))


def _wos_fields(
    author: str, year: str, src: str, vol: str | None, page: str | None
) -> dict[str, object] | None:
    """Fields of a WoS CR from its parts (see :func:`_wos_values`)."""
    return _as_fields(_wos_values(author, year, src, vol, page))


def _wos_values(
    author: str, year: str, src: str, vol: str | None, page: str | None
) -> tuple[str, ...] | None:
    """The PARSED_FIELDS of a WoS CR from its parts, in their order (None: a lower-case
    source without locators and an author without a final dot is not taken as a CR)."""
    if src != src.upper() and not (vol or page) and not author.endswith("."):
        return None
    authors = surname = ""
    author = author.strip(" .")
    if author != "[Anonymous]":
        words = author.split()
        surname = words[0].title()
        authors = format_name(surname, " ".join(words[1:]))
    src = src.strip()
    title, venue, kind = ("", src, "article") if vol else (src, "", "")
    return (authors, surname, year, title, venue, vol or "", "", page or "", "", "", "", kind)


def _as_fields(values: tuple[str, ...] | None) -> dict[str, object] | None:
    """PARSED_FIELDS ``values`` (in their order) as fields."""
    return dict(zip(PARSED_FIELDS, values, strict=True)) if values else None


def _plain_wos_pattern(source: str) -> re.Pattern[str]:
    """``AUTHOR AB, 1999, SOURCE, V12, P34``: no digit, comma, bracket, quote or space
    other than " " in the author (unless ``[Anonymous]``), ``source`` for the source,
    single ", " separators."""
    return re.compile(
        rf'(\[Anonymous\]|[^\d,()\[\]"\t-\r\x1c-\x1f]{{2,60}}), ({YEAR}), ({source})'
        r"(?:, [Vv]([\w-]+))?(?:, [Pp]([\w-]+))?",
        re.ASCII,
    )


_PLAIN_WOS = _plain_wos_pattern(r'[^\d,()\[\]"\t-\r\x1c-\x1f]+')
_NUMBERED_WOS = _plain_wos_pattern(r'[^,()\[\]"\t-\r\x1c-\x1f]+')  # digits in the source
_STRIPPED = " ,.;<>"


def _plain_wos_parts(text: str) -> tuple[str, str, str, str | None, str | None] | None:
    """Author, year, source, volume and page of a plain WoS CR such as
    ``ALLEN PJ, 1999, J ECOL, V12, P34``, or None when not provably plain.

    Plain means :data:`_PLAIN_WOS` (or :data:`_NUMBERED_WOS` and :func:`_plain_numbers`)
    and ASCII, with no URL, "available", "op. cit.", ibid, or leading or trailing
    punctuation: then every step of :func:`_parse_general` before :func:`_parse_wos`
    leaves the text alone or finds nothing (no DOI, ISBN or short citation), and
    :data:`_WOS` matches with these very groups. (No ISBN fits :data:`_PLAIN_WOS`: the
    author and source have no digit, the year is too short and a locator's digits
    follow a letter.) It is clean too (see :func:`_is_clean`): a raw string needs no
    :func:`_clean` or :func:`_reopened_title` (for ASCII text) to be taken.
    """
    match = _PLAIN_WOS.fullmatch(text) or _numbered_wos(text)
    if not match or not text.isascii() or text[0] in _STRIPPED or text[-1] in _STRIPPED:
        return None
    if not _is_clean(text):
        return None
    lower = text.lower()
    if "//" in text or "www." in lower or "lable" in lower or "cit" in lower:
        return None
    author, year, src, vol, page = match.groups()
    if lower.startswith(("ibid", "id.", "idem")) or src[-1] == "-":
        return None
    return author, year, src, vol, page


def _is_clean(text: str) -> bool:
    """Whether :func:`_clean` leaves a text of :data:`_PLAIN_WOS` shape alone: its
    separators are ", " and it has no quote, so only these can change it (the patterns
    take no whitespace but " ", and the caller rules out a leading or trailing one)."""
    return not (
        "  " in text
        or "- " in text
        or " ," in text
        or " ;" in text
        or _LEAD.match(text)
        or ("." in text and _GLUED_SENTENCE.search(text))
    )


def _numbered_wos(text: str) -> re.Match[str] | None:
    """:data:`_NUMBERED_WOS` matching ``text`` when :func:`_plain_numbers` holds."""
    match = _NUMBERED_WOS.fullmatch(text)
    return match if match and _plain_numbers(text) else None


def _plain_numbers(text: str) -> bool:
    """Whether the digits of a plain-shaped CR make no DOI, no ISBN and no short citation
    (``ALLEN PJ, 1966, p. 12``): the checks :func:`_parse_general` makes first."""
    return "10." not in text and not find_isbns(text) and not _CITATION.match(text)


def _parse_plain_wos(text: str) -> dict[str, object] | None:
    """What :func:`_parse_general` gives a plain WoS CR (see :func:`_plain_wos_parts`),
    without its slower steps; None for any other text."""
    return _as_fields(_plain_wos_values(text))


def _plain_wos_values(text: str) -> tuple[str, ...] | None:
    """:func:`_parse_plain_wos` as PARSED_FIELDS values (no DOI or ISBN: "")."""
    parts = _plain_wos_parts(text)
    return _wos_values(*parts) if parts else None


def _parse_wos_cn(text: str) -> dict[str, object] | None:
    match = _WOS_CN.match(text)
    if not match:
        return None
    fields = _empty()
    fields["title"] = match.group("title").strip()
    _set_authors(fields, match.group("authors"))
    fields["venue"] = match.group("venue").strip().title()
    fields["year"] = match.group("year")
    fields["volume"] = (match.group("vol") or "").lstrip("0")
    fields["issue"] = (match.group("iss") or "").lstrip("0")
    fields["pages"] = match.group("pages") or ""
    fields["kind"] = {"J": "article", "M": "book", "C": "chapter"}.get(match.group("type"), "")
    return fields
