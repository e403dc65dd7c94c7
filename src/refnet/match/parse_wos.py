"""Web of Science strings: cited references (``AUTHOR AB, 1999, SOURCE, V12, P34``), with a
fast path for plain ones, and the WoS core-collection style (``Title [J]. Names. Venue, 1999``).

The ``CR`` field of a WoS export is parsed here and only here: :func:`cited_fields` reads
its parts (author, year, source, volume, page, DOI), the reader
(:func:`refnet.inputs.wos.references_table`) has :func:`refnet.match.parse.parse_references`
fill what they leave empty, once per distinct string, and marks the rows parsed; the
match stage takes them as they are. :func:`_parse_wos` is the general parser's style for a
CR-shaped string met elsewhere (a bibliography line, a Crossref ``unstructured``).
"""

from __future__ import annotations

import re

from refnet.ids import find_dois, find_isbns
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


# ------------------------------------------- cited references of Web of Science exports

_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")


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
