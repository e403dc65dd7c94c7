"""Readers of the other reference styles: short citations, author-date (APA, Harvard),
science (Vancouver and friends), Chicago notes and a fallback."""

from __future__ import annotations

import re

from refnet.match.names import format_names, looks_like_name, split_names
from refnet.match.parse_fields import _empty, _locators, _set_authors, _strip_title, _year
from refnet.match.parse_patterns import (
    _AUTHOR_DATE,
    _AUTHOR_DOT_YEAR,
    _CITATION,
    _ETAL_WORDS,
    _GIVEN_ONLY,
    _INSTITUTION,
    _INVERTED_GIVEN,
    _PRESS,
    _QUOTE_OPEN,
    _QUOTED,
    _SECOND_AUTHOR,
    _TITLE_END,
    _UNCLOSED,
    YEAR,
)

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
_ETAL_END = r"(?:,?\s*(?:et\s+al\.?|and\s+others))?"
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
    rf"{_ETAL_END})\s*(?:,|(?P<stop>\.)(?=\s+[A-Z“\"‘]))\s+(?P<rest>.+)$"
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
    names = re.sub(r"\s+", " ", match.group("names"))
    _set_authors(fields, re.sub(r",?\s+and\s+others$", " et al.", names))  # not a name
    if not fields["first_author"]:
        return None
    rest = match.group("rest").strip()
    tail = _TAIL_PAREN_YEAR.match(rest) or _TAIL_VANCOUVER.match(rest)
    single = "," not in match.group("names") and not re.search(r"\bet\s+al", match.group("names"))
    listed = style == "given" and match.group("stop")  # "W. Gropp, …, and A. Skjellum. Title"
    if not tail and not listed and (style == "given" or (style == "vancouver" and single)):
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
    fields["year"] = _year(after) or (_year(rest) if listed else None) or None
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
