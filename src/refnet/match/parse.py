"""Parse reference strings into fields (Chicago notes, author-date, WoS CR, short forms).

Each style has a small function that returns fields or ``None``; :func:`parse_reference`
tries them from the most to the least specific. Fields follow REFERENCE_COLUMNS.
"""

from __future__ import annotations

import re
from operator import itemgetter

import numpy as np
import pandas as pd

from refnet.collector import collector_paused
from refnet.ids import find_dois, find_isbns
from refnet.match.frames import conform_fast, objects
from refnet.match.names import format_name, format_names, looks_like_name, split_names
from refnet.model import REFERENCE_COLUMNS

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

YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?"
_YEAR_RE = re.compile(rf"(?<![\d/.-])(?<!\d\()({YEAR})(?![\d])")  # not "389(1797)": an issue
_QUOTE_OPEN = "“\"‘'«„"
_QUOTED = re.compile(r"[“\"‘«„]\s*(.+?)\s*[,.]?\s*(?:[”\"»“]|’(?!\w))")
# A quotation that never closes: the line was cut inside the title (a truncated source).
_UNCLOSED = re.compile(r"(?<=,\s)[“\"‘«„]\s*([^”\"’»]+?)\s*$")
_LEAD = re.compile(
    r"^(?:\[\d+\]\s*|\d{1,3}[.)]\s+|(?:e\.g\.,?\s*)?(?:see also|see|cf\.|and|also|on)\s+)",
    re.IGNORECASE,
)
_IBID = re.compile(r"^(?:ibid|ibidem|id\.|idem)\b\.?", re.IGNORECASE)
_OPCIT = re.compile(r",?\s*\bop\.?\s*cit\b\.?", re.IGNORECASE)
_URL = re.compile(r"(?:https?\s*[:.]?\s*//|www\.)\S+(?:\s+\S+\.\S+)*", re.IGNORECASE)
_DOI_TEXT = re.compile(
    r"<?\s*(?:https?://(?:dx\.)?doi\.org/|doi\s*[:.]?\s*)\s*10\.\s?\S+>?|\b10\.\d{4,9}/\S+",
    re.IGNORECASE,
)
_ACCESSED = re.compile(r"\((?:accessed|retrieved|viewed)[^)]*\)|available (?:at|from):?", re.I)
_PAGES = re.compile(r"(?:\bpp?\.\s*|:\s*|,\s*)([A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)\s*\.?\s*$")
_VOL_ISSUE = re.compile(
    r"(?:\bvol(?:ume)?\.?\s*)?\b(\d{1,4})\s*(?:,\s*|\s*)(?:\((\w+(?:[-–/]\w+)?)\)|"
    r"(?:no\.?|number|issue)\s*(\w+)|/(\d+))?",
    re.IGNORECASE,
)
_TITLE_END = re.compile(
    r"\s\((?=[^)]*\d{4}\s*\))|,\s*(?=(?:pp?\.|chaps?\.|chapter|\d))|(?<!\b[A-Z])\.\s|;|\.\s*$"
)
_PAGES_ONLY = re.compile(r"^(?:pp?\.\s*|chaps?\.\s*|chapter\s+)?[\dA-Za-z]?[\d\s,–—-]*\.?$", re.I)
_MONTH = re.compile(
    r",?\s*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.IGNORECASE
)
_PUBLISHER = re.compile(r"\(([^():]{2,60}):\s*([^(),]{2,80}),\s*(?:\w+\s+)?(\d{4})\)")
_WOS = re.compile(
    rf"^(?P<author>\[Anonymous\]|[^,\d\[]{{2,60}}?),\s*(?P<year>{YEAR}),\s*(?P<src>[^,]+?)"
    r"(?:,\s*[Vv](?P<vol>[\w-]+))?(?:,\s*[Pp](?P<page>[\w-]+))?(?:,\s*DOI\s+\S+)?\s*\.?$"
)
_WOS_CN = re.compile(
    r"^(?P<title>.+?)\s*\[(?P<type>[A-Z])\]\s*\.\s*(?P<authors>.+?)\s*\.\s+(?P<venue>[^,]+),\s*"
    rf"(?P<year>{YEAR})(?:,\s*(?P<vol>\d+))?\s*(?:\((?P<iss>\w+)\))?\s*(?::\s*(?P<pages>[\w-]+))?"
)
_CITATION = re.compile(
    rf"^(?P<names>[^\d()“”\"]{{2,80}}?),?\s*\(?(?P<year>{YEAR})\)?"
    r"(?:\s*,\s*(?:pp?\.\s*)?[\d–-]+)?\s*\.?$"
)
_INSTITUTION = re.compile(r"^[^\W\d_](?:[^\W\d_]|[’'\- ,])*$")
_INVERTED_GIVEN = re.compile(
    r"^(?P<given>(?:[A-Z][a-z’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.)){0,2})(?:(?<=\.)|\.)\s+(?=[A-Z“\"‘])"
)
_GIVEN = r"(?:[A-Z][a-z’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.)){0,2}"
_GIVEN_ONLY = re.compile(_GIVEN + r"\.?")
_SECOND_AUTHOR = re.compile(rf"^(?:and|&)\s+(?P<name>{_GIVEN}\s+[A-Z][\w’'\-]+)\.\s+(?=[A-Z“\"‘])")
_ETAL_WORDS = re.compile(r"\bet\s+al\.?", re.IGNORECASE)
_PRESS = re.compile(rf"^[“\"‘](?P<title>.+?)[,.]?[”\"’],?\s*\(?(?P<year>{YEAR})\)?\.?$")
_AUTHOR_DATE = re.compile(
    rf"^(?P<authors>[^“\"‘(]{{2,400}}?)[\s.,]*\(\s*(?P<year>{YEAR})(?:\s*,[^)]*)?\)\s*[.,:]?\s*"
    r"(?P<rest>.*)$"
)
_AUTHOR_DOT_YEAR = re.compile(
    rf"^(?P<authors>[^“\"‘(]{{2,300}}?)[.,]\s+(?P<year>{YEAR})[.:]\s+(?P<rest>.+)$"
)


_SPACES = re.compile(r"\s+")
_BROKEN_WORD = re.compile(r"(\w)- (\w)")
_SPACE_BEFORE_COMMA = re.compile(r"\s+([,;])")
_COMMA_UNSPACED = re.compile(r",(?=[^\s\d])")
_QUOTE_UNSPACED = re.compile(r"([,.][”\"’])(?=[A-Za-z])")


def _clean(raw: str) -> str:
    """``raw`` with spaces and commas normalised and leading "see", "[3]" etc. removed.

    Each substitution runs only when the text holds what its pattern needs (the plain
    ``in`` tests are exact pre-conditions, far cheaper than a regex pass).
    """
    text = " ".join((raw or "").split())  # what _SPACES.sub(" ", raw).strip() gives
    if "- " in text:
        text = _BROKEN_WORD.sub(r"\1\2", text)  # line-break hyphens: "Struc- ture"
    if " ," in text or " ;" in text:
        text = _SPACE_BEFORE_COMMA.sub(r"\1", text)
    if "," in text.replace(", ", ""):
        text = _COMMA_UNSPACED.sub(", ", text)
    if "”" in text or '"' in text or "’" in text:  # a closing quote
        text = _QUOTE_UNSPACED.sub(r"\1 ", text)
    lead = _LEAD.match(text)
    while lead:
        text = text[lead.end() :].strip()
        lead = _LEAD.match(text)
    return text


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
    return not ("  " in text or "- " in text or " ," in text or " ;" in text or _LEAD.match(text))


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


_TRAILING_INITIALS = re.compile(r"^(?P<surname>.+?)\s+(?P<initials>(?:[A-Z]\.?-?){1,4}\.?)$")


def _surname_initials(part: str) -> tuple[str, str]:
    """``Myers B.S`` (Scopus, WoS) is the surname Myers with initials B.S; ``Brooks`` stays."""
    match = _TRAILING_INITIALS.match(part)
    return (match.group("surname"), match.group("initials")) if match else (part, "")


def _parse_citation(text: str) -> dict[str, object] | None:
    """``Walt 2005``, ``Brooks & Wohlforth 2005``, ``(Trenin, 2001, p. 110)``."""
    text = text.strip("() ")
    press = _PRESS.match(text)
    if press:
        fields = _empty()
        fields.update(title=_strip_title(press.group("title")), year=press.group("year"))
        fields["kind"] = "citation"
        return fields
    match = _CITATION.match(text)
    if not match:
        return None
    fields = _empty()
    fields.update(year=match.group("year"), kind="citation")
    names = _ETAL_WORDS.sub(" ", match.group("names"))
    if looks_like_name(re.sub(r"&|\band\b", " ", names), 8):
        # Surnames only: "Coronel, Rozhkov & Raman" is three authors, not "Coronel, R.".
        parts = [p.strip(" .") for p in re.split(r",|&|\band\b", names) if p.strip(" .")]
        people = [_surname_initials(p) for p in parts]
        fields["authors"] = format_names(people)
        fields["first_author"] = people[0][0]
    elif _INSTITUTION.match(names) and len(names.split()) <= 12:
        # "The Embassy of the Republic of Kazakhstan in the Russian Federation 2013":
        # an institution or a website named in the text; keep the name, not the year.
        fields["title"] = names.strip(" ,.")
    else:
        return None
    return fields


def _title_and_rest(rest: str) -> tuple[str, str]:
    rest = rest.strip()
    if rest[:1] in _QUOTE_OPEN:
        quoted = _QUOTED.match(rest)
        if quoted:
            return quoted.group(1), rest[quoted.end() :]
    match = re.search(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.?!]\s+(?=\S)", rest)
    if match:
        end = match.start() + (1 if rest[match.start()] in "?!" else 0)
        return rest[:end], rest[match.end() :]
    return rest, ""


def _parse_author_date(text: str) -> dict[str, object] | None:
    """APA, Harvard, Springer and Chicago author-date: authors, year, then title."""
    match = _AUTHOR_DATE.match(text) or _AUTHOR_DOT_YEAR.match(text)
    if not match:
        return None
    authors = match.group("authors").strip()
    if len(authors.split()) > 40 or re.search(r"\d", authors):
        return None
    fields = _empty()
    _set_authors(fields, authors)
    if not fields["first_author"]:
        return None
    fields["year"] = match.group("year")
    title, rest = _title_and_rest(match.group("rest"))
    fields["title"] = _strip_title(title)
    _locators(fields, rest)
    return fields


_SURNAME = (
    r"(?:(?:van|von|de|da|del|della|di|du|le|la|dos|des|och|ter|ten|den|der|el|al)\s)*"
    r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w’'-]+(?:[ -][A-ZÀ-ÖØ-ÞĀ-ſ][\w’'-]+)?"
)
_DOTTED = r"(?:[A-Z][a-z]?\.\s?-?\s?)+"
_ETAL_END = r"(?:,?\s*et\s+al\.?)?"
_VANCOUVER_LIST = re.compile(
    rf"^(?P<names>{_SURNAME}\s[A-Z]{{1,4}}(?:,\s*{_SURNAME}\s[A-Z]{{1,4}})*{_ETAL_END})\.\s+"
    r"(?![A-Z][\w’'-]+,)(?P<rest>.+)$"
)
# More initials, then "(" (the year) or "&"/"and" (the next author): APA, not a title.
_APA_MORE = r"(?:[A-Z][a-z]?\.\s?-?\s?)+,?\s*(?:&|and\b|\()"
_INVERTED_LIST = re.compile(
    rf"^(?P<names>{_SURNAME},\s*{_DOTTED}(?:(?:,\s*|\s*&\s*|,?\s+and\s+){_SURNAME},\s*{_DOTTED})*"
    rf"{_ETAL_END})\s*(?::\s*|(?<=\.)\s+(?=[A-Z“\"‘])(?!{_APA_MORE}))(?P<rest>.+)$"
)
_GIVEN_FIRST_LIST = re.compile(
    rf"^(?P<names>{_DOTTED}\s?{_SURNAME}(?:(?:,\s*|,?\s+and\s+){_DOTTED}\s?{_SURNAME})*"
    rf"{_ETAL_END})\s*,\s+(?P<rest>.+)$"
)
_TAIL_PAREN_YEAR = re.compile(
    r"^(?P<body>.*?)[\s,]+(?P<vol>\d{1,4})(?:\s*\((?P<iss>[^)]{1,10})\))?,\s*"
    rf"(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)\s*\((?P<year>{YEAR})\)\.?$"
)
_TAIL_VANCOUVER = re.compile(
    rf"^(?P<body>.*?)[.,]?\s*(?P<year>{YEAR})(?:\s[A-Z][a-z]{{2}}[^;:]*)?;\s*(?P<vol>\d{{1,4}})"
    r"(?:\s*\((?P<iss>[^)]{1,10})\))?(?::\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*\d+)?))?\.?$"
)


_NAME_LISTS = (
    ("vancouver", _VANCOUVER_LIST),
    ("inverted", _INVERTED_LIST),
    ("given", _GIVEN_FIRST_LIST),
)


def _venue_like(chunk: str) -> bool:
    """``Nat. Photonics``, ``IEEE Trans. Antennas Propag``: capitalised, short words."""
    words = chunk.replace(".", " ").split()
    small = {"of", "and", "&", "for", "the", "in", "on", "und", "de"}
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w in small for w in words)


def _title_and_venue(body: str, title_required: bool) -> tuple[str, str]:
    """Split ``Title. Abbrev. Journal`` into title and venue."""
    chunks = [c for c in re.split(r"(?<=[\w)])\.\s+", body.strip(" .,")) if c]
    first = 1 if title_required else 0
    k = len(chunks)
    while k > first and _venue_like(chunks[k - 1]):
        k -= 1
    if k == len(chunks) and len(chunks) > first:
        k = len(chunks) - 1
    return ". ".join(chunks[:k]), ". ".join(chunks[k:])


def _parse_science(text: str) -> dict[str, object] | None:
    """Science styles: Vancouver (``Chen Y, Luo T, et al. Title. J. 2014;9:1-5``),
    Nature (``Chen, H. et al. Title. J. 9, 1 (2014)``), physics (``T. Yamada and K. Hata,
    J. 6, 296 (2011)``) and Springer (``Krantz, S.G., Parks, H.R.: Title``)."""
    style, match = next(
        ((name, found) for name, pattern in _NAME_LISTS if (found := pattern.match(text))),
        ("", None),
    )
    if not match:
        return None
    fields = _empty()
    _set_authors(fields, re.sub(r"\s+", " ", match.group("names")))
    if not fields["first_author"]:
        return None
    rest = match.group("rest").strip()
    tail = _TAIL_PAREN_YEAR.match(rest) or _TAIL_VANCOUVER.match(rest)
    single = "," not in match.group("names") and not re.search(r"\bet\s+al", match.group("names"))
    if not tail and (style == "given" or (style == "vancouver" and single)):
        return None  # "Ethan B. Kapstein and ...": a given name, not a Vancouver surname
    if tail:
        title, venue = _title_and_venue(tail.group("body"), style != "given")
        fields.update(title=_strip_title(title), venue=venue.strip(" .,"), kind="article")
        fields["year"] = tail.group("year")
        fields["volume"] = tail.group("vol")
        fields["issue"] = tail.group("iss") or ""
        fields["pages"] = re.sub(r"\s*[–—]\s*", "-", tail.group("pages") or "")
        return fields
    title, after = _title_and_rest(rest)
    fields["title"] = _strip_title(title)
    fields["year"] = _year(after) or None
    _locators(fields, after)
    return fields if fields["title"] else None


_AND = re.compile(r"\s+and\s+|\s*&\s*")
_AND_ETAL_EDS = re.compile(r"^and\s+|\s+(?:et al\.?|eds?\.?)$")
_EDS = re.compile(r"eds?\.?")


def _split_leading_names(text: str) -> tuple[str, str]:
    """Split ``Kenneth N. Waltz, Theory ...`` into the names and what follows."""
    pieces = text.split(", ")
    inverted = _INVERTED_GIVEN.match(pieces[1]) if len(pieces) > 1 else None
    second = _SECOND_AUTHOR.match(pieces[2]) if len(pieces) > 2 else None
    surname_first = "." not in pieces[0] and looks_like_name(pieces[0], 2)
    if second and surname_first and _GIVEN_ONLY.fullmatch(pieces[1]):
        # "Brooks, Stephen G., and William C. Wohlforth. World Out of Balance. ..."
        rest = ", ".join([pieces[2][second.end() :], *pieces[3:]])
        return f"{pieces[0]}, {pieces[1].rstrip('.')}; {second.group('name')}", rest
    if inverted and surname_first:
        # Chicago bibliography: "Kennedy, Paul. The Rise and Fall ... 1987."
        rest = ", ".join([pieces[1][inverted.end() :], *pieces[2:]])
        return f"{pieces[0]}, {inverted.group('given')}", rest
    first = _AND.split(pieces[0])
    if len(pieces) > 1 and all(len(p.split()) == 1 and looks_like_name(p) for p in first):
        return pieces[0], ", ".join(pieces[1:])  # short form: "Waltz, Theory of ..."
    taken: list[str] = []
    for piece in pieces:
        bare = _AND_ETAL_EDS.sub("", piece.strip())
        if _EDS.fullmatch(piece.strip()):
            taken.append(piece)
            continue
        parts = _AND.split(bare)
        if all(looks_like_name(p) for p in parts if p) and bare:
            taken.append(piece)
            continue
        break
    if not taken or len(taken) == len(pieces):
        return "", text
    return ", ".join(taken), ", ".join(pieces[len(taken) :])


def _parse_note(text: str) -> dict[str, object] | None:
    """Chicago/Oxford notes and their short forms: names, title, then publication."""
    fields = _empty()
    quoted = _QUOTED.search(text) or _UNCLOSED.search(text)
    if quoted and quoted.start() < 200:
        authors, title, rest = text[: quoted.start()], quoted.group(1), text[quoted.end() :]
        authors = re.sub(r"(?:,|\.)?\s*$", "", authors.strip())
        if authors and not looks_like_name(re.sub(r"\band\b|&|,|eds?\.", " ", authors), 12):
            authors = ""
    else:
        authors, after = _split_leading_names(text)
        if not authors:
            return None
        title = _TITLE_END.split(after + " ", maxsplit=1)[0]
        if ", " in title and " (" not in after and _year(after):
            title = title.split(", ")[0]  # "Title, Publisher, City, 1979."
        rest = after[len(title) :]
    _set_authors(fields, authors)
    fields["title"] = _strip_title(title)
    if not fields["title"]:
        return None
    year = _year(rest)
    fields["year"] = year or None
    if re.search(r"\beds?\.", authors) and not year:
        fields["kind"] = "book"
    _locators(fields, rest)
    if not year and not fields["venue"] and not fields["publisher"]:
        fields["kind"] = "short"
    return fields


def _parse_fallback(text: str) -> dict[str, object]:
    fields = _empty()
    year = _year(text)
    fields["year"] = year or None
    head = text.split(". ")[0]
    names = split_names(head) if looks_like_name(head.replace(",", " "), 12) else []
    if names:
        fields["authors"] = format_names(names)
        fields["first_author"] = names[0][0]
        rest = text[len(head) + 2 :]
        fields["title"] = _strip_title(_title_and_rest(rest)[0]) if rest else ""
    else:
        fields["title"] = _strip_title(re.split(r"\.\s", text)[0])
    return fields


_PROSE = re.compile(
    r"\b(?:include|includes|is|see|in)\s+(?=[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){1,3},\s)"
)


def parse_reference(raw: str) -> dict[str, object]:
    """Fields of one reference string (``year`` is a str or None; text fields "" if unknown)."""
    plain = _parse_plain_wos(raw or "")  # a plain CR is clean already
    text = raw if plain else _reopened_title(_clean(raw))
    fields = plain or _parse_text(text)
    prose = _PROSE.search(text) if not fields["first_author"] else None
    if prose and prose.start() < 200:
        retry = _parse_text(text[prose.end() :])
        if retry["first_author"] and retry["title"]:
            return retry
    return fields


_COMMAS = re.compile(r"\s*,\s*(?:,\s*)+")
_TITLE_CLOSED = re.compile(r",\s*”")


def _reopened_title(text: str) -> str:
    """A note cut inside its title (``Strategy,” International Security 22, …``, the
    rest of a line broken at a page) with the title's opening quote given back, so the
    journal, volume and pages after it are read as such. ``Name, ”Title”`` (a closing
    quote written for an opening one) is left alone."""
    found = _TITLE_CLOSED.search(text) if text.count("”") == 1 else None
    if not found or found.start() > 200 or "," in text[: found.start()]:
        return text
    opening = text.find("“")
    return "“" + text if opening < 0 or opening > found.start() else text


def _strip_links(text: str) -> str:
    """``text`` without DOIs, URLs, "accessed ..." notes and doubled commas.

    Each pattern runs only when the text holds what it needs to match.
    """
    lower = text.lower()
    if "10." in text:
        text = _DOI_TEXT.sub("", text)
    if "//" in text or "www." in lower:
        text = _URL.sub("", text)
    if "(" in text or "lable" in lower:  # no "i": re.I also matches "ı" and "İ" to it
        text = _ACCESSED.sub("", text)
    text = text.strip(" ,.;<>")
    if ",," in "".join(text.split()):
        text = _COMMAS.sub(", ", text)
    return text


def _parse_text(text: str) -> dict[str, object]:
    """Fields of a cleaned reference string: a plain WoS CR by the fast path."""
    return _parse_plain_wos(text) or _parse_general(text)


def _parse_general(text: str) -> dict[str, object]:
    """Fields of a cleaned reference string, each style tried in turn."""
    dois = find_dois(text) if "10." in text else []
    isbns = find_isbns(text)
    text = _strip_links(text)
    if _IBID.match(text):
        fields = _empty()
        fields["kind"] = "ibid"
    elif not text:
        fields = _empty()
    else:
        short = _OPCIT.search(text) if "op" in text.lower() else None
        if short:
            fields = _empty()
            _set_authors(fields, text[: short.start()])
            fields["kind"] = "short"
        fields = (
            fields
            if short
            else (
                _parse_citation(text)
                or _parse_wos(text)
                or _parse_wos_cn(text)
                or _parse_science(text)
                or _parse_author_date(text)
                or _parse_note(text)
                or _parse_fallback(text)
            )
        )
    fields["doi"] = dois[0] if dois else ""
    fields["isbn"] = isbns[0] if isbns else ""
    if fields["year"] not in (None, ""):
        fields["year"] = str(fields["year"])
    return fields


_YEAR_AND_SUFFIX = re.compile(r"^(\d{4})([a-z]?)$")


def split_year(year: object) -> tuple[int | None, str]:
    """``"2003a"`` gives ``(2003, "a")``."""
    match = _YEAR_AND_SUFFIX.match(str(year or ""))
    return (int(match.group(1)), match.group(2)) if match else (None, "")


@collector_paused()
def parse_references(refs: pd.DataFrame) -> pd.DataFrame:
    """Fill the empty fields of ``refs`` from their ``raw`` strings (given fields are kept).

    A year suffix such as ``2003a`` goes into the new ``year_suffix`` column (it tells
    two works of one author and year apart); ``year`` stays an integer. Each distinct
    string is parsed once; rows whose DOI, first author and year are given are not parsed
    (the DOI decides their identity).
    """
    out = conform_fast(refs, REFERENCE_COLUMNS)
    suffix = (
        refs["year_suffix"].fillna("").astype(str).to_numpy(dtype=object)
        if "year_suffix" in refs.columns
        else np.full(len(out), "", dtype=object)
    )
    given_year = out["year"].notna().to_numpy()
    structured = _filled(out["doi"]) & _filled(out["first_author"]) & given_year
    todo = np.flatnonzero(_filled(out["raw"]) & ~structured)
    new = {"year": out["year"].astype("Int64").array, "year_suffix": objects(suffix)}
    if len(todo):
        codes, uniques = pd.factorize(out["raw"].to_numpy(dtype=object)[todo], sort=False)
        parsed = _parsed_columns([_parsed_values(raw) for raw in uniques])
        read = (out["source"].to_numpy(dtype=object) == "scopus") & given_year
        new |= _filled_columns(out, suffix, todo, codes, parsed, read[todo])
    return _with_columns(out, new)


def _with_columns(out: pd.DataFrame, new: dict[str, object]) -> pd.DataFrame:
    """``out`` with the columns ``new`` in place of its own or added, built at once
    (setting them one by one would split and copy the block of ``out``'s text columns)."""
    columns = {name: new.get(name, out[name]) for name in out.columns}
    return pd.DataFrame(columns | new, copy=False)


def _filled(text: pd.Series | np.ndarray) -> np.ndarray:
    """True where a text column (of str) is not ""."""
    return np.asarray(text, dtype=object) != ""


_FIELD_VALUES = itemgetter(*PARSED_FIELDS)


def _parsed_values(raw: str) -> tuple[object, ...]:
    """The PARSED_FIELDS of :func:`parse_reference` in their order (a plain WoS CR with an
    author, as most are, without making its fields)."""
    values = _plain_wos_values(raw)
    if values and values[1]:  # a first author: parse_reference takes these fields
        return values
    return _FIELD_VALUES(parse_reference(raw))


def _parsed_columns(rows: list[tuple[object, ...]]) -> dict[str, np.ndarray]:
    """Each field of the rows of PARSED_FIELDS values as a column of text ("" for None)."""
    return dict(zip(PARSED_FIELDS, map(_text_column, zip(*rows, strict=True)), strict=True))


def _text_column(values: tuple[object, ...]) -> np.ndarray:
    """``values`` as an object array of text ("" for None, str() of anything else)."""
    column = np.array(values, dtype=object)
    if pd.api.types.infer_dtype(column, skipna=False) == "string":
        return column
    return np.array(["" if v is None else str(v) for v in values], dtype=object)


#: Kinds that a reference with a given title or venue (a structured source) does not take.
_SHORT_KINDS = ("short", "citation", "ibid")


#: Fields that a reference read by its export's own parser (a Scopus reference with its
#: year found) keeps as read: "(1997) Proc. Natl. Acad. Sci. U.S.A., 94, p. 3668" has no
#: title, whatever a general parse of the string makes of "Proc".
_READ_FIELDS = frozenset({"title", "venue", "volume", "issue", "pages"})


def _filled_columns(
    out: pd.DataFrame,
    suffix: np.ndarray,
    todo: np.ndarray,
    codes: np.ndarray,
    parsed: dict[str, np.ndarray],
    read: np.ndarray,
) -> dict[str, object]:
    """The columns of ``out`` (and ``year_suffix``, given as ``suffix``) with the empty
    fields of rows ``todo`` taken from ``parsed[name][codes]``; only those that change.
    Rows ``read`` (of ``todo``) keep their :data:`_READ_FIELDS`."""
    numbers, letters = _split_years(parsed["year"])
    filled: dict[str, object] = {
        "year": _fill_years(out["year"].astype("Int64").array, todo, numbers.take(codes)),
        "year_suffix": objects(_fill_empty(suffix, todo, codes, letters)),
    }
    structured = _filled(out["title"].to_numpy()[todo]) | _filled(out["venue"].to_numpy()[todo])
    for name in PARSED_FIELDS:
        if name == "year":
            continue
        skip = read if name in _READ_FIELDS and read.any() else None
        if name == "kind":  # a structured source is not a short form
            skip = structured & np.isin(parsed[name], _SHORT_KINDS)[codes]
        column = out[name].to_numpy()
        changed = _fill_empty(column, todo, codes, parsed[name], skip)
        if changed is not column:
            filled[name] = objects(changed)
    return filled


def _fill_empty(
    values: np.ndarray,
    todo: np.ndarray,
    codes: np.ndarray,
    new: np.ndarray,
    skip: np.ndarray | None = None,
) -> np.ndarray:
    """``values`` with its "" at rows ``todo`` set to ``new[codes]`` (but where ``skip``):
    a copy, or ``values`` itself when that changes none."""
    found = _filled(new)[codes]  # filling "" with "" changes nothing
    if skip is not None:
        found &= ~skip
    rows, codes = todo[found], codes[found]
    empty = ~_filled(values[rows])
    if not empty.any():
        return values
    values = values.copy()
    values[rows[empty]] = new[codes[empty]]
    return values


def _fill_years(
    years: pd.arrays.IntegerArray, todo: np.ndarray, new: pd.arrays.IntegerArray
) -> pd.arrays.IntegerArray:
    """``years`` with the missing ones of rows ``todo`` taken from ``new`` (row by row)."""
    years = years.copy()
    current = years[todo]
    missing = current.isna()
    current[missing] = new[missing]
    years[todo] = current
    return years


def _split_years(years: np.ndarray) -> tuple[pd.arrays.IntegerArray, np.ndarray]:
    """The year numbers (nullable) and suffix letters of parsed years like ``2003a``."""
    codes, distinct = pd.factorize(years)  # a few hundred years
    splits = [split_year(year) for year in distinct]
    numbers = pd.array([number for number, _ in splits], dtype="Int64")
    letters = np.array([letter for _, letter in splits], dtype=object)
    return numbers.take(codes), letters[codes]
