"""Parse reference strings into fields (Chicago notes, author-date, WoS CR, short forms).

Each style has a small function that returns fields or ``None``; :func:`parse_reference`
tries them from the most to the least specific. Fields follow REFERENCE_COLUMNS.
"""

from __future__ import annotations

import re

import pandas as pd

from refnet.ids import find_dois, find_isbns
from refnet.match.names import format_names, looks_like_name, split_names
from refnet.model import REFERENCE_COLUMNS, conform

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
_YEAR_RE = re.compile(rf"(?<![\d/.-])({YEAR})(?![\d])")
_QUOTE_OPEN = "“\"‘'«„"
_QUOTED = re.compile(r"[“\"‘«„]\s*(.+?)\s*[,.]?\s*(?:[”\"»“]|’(?!\w))")
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
    r"(?:,\s*V(?P<vol>[\w-]+))?(?:,\s*P(?P<page>[\w-]+))?(?:,\s*DOI\s+\S+)?\s*\.?$"
)
_WOS_CN = re.compile(
    r"^(?P<title>.+?)\s*\[(?P<type>[A-Z])\]\s*\.\s*(?P<authors>.+?)\s*\.\s+(?P<venue>[^,]+),\s*"
    rf"(?P<year>{YEAR})(?:,\s*(?P<vol>\d+))?\s*(?:\((?P<iss>\w+)\))?\s*(?::\s*(?P<pages>[\w-]+))?"
)
_CITATION = re.compile(
    rf"^(?P<names>[^\d()“”\"]{{2,80}}?),?\s*\(?(?P<year>{YEAR})\)?"
    r"(?:\s*,\s*(?:pp?\.\s*)?[\d–-]+)?\s*\.?$"
)
_PRESS = re.compile(rf"^[“\"‘](?P<title>.+?)[,.]?[”\"’],?\s*\(?(?P<year>{YEAR})\)?\.?$")
_AUTHOR_DATE = re.compile(
    rf"^(?P<authors>[^“\"‘(]{{2,400}}?)[\s.,]*\(\s*(?P<year>{YEAR})(?:\s*,[^)]*)?\)\s*[.,:]?\s*"
    r"(?P<rest>.*)$"
)
_AUTHOR_DOT_YEAR = re.compile(
    rf"^(?P<authors>[^“\"‘(]{{2,300}}?)[.,]\s+(?P<year>{YEAR})[.:]\s+(?P<rest>.+)$"
)


def _clean(raw: str) -> str:
    text = re.sub(r"\s+", " ", raw or "").strip()
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)  # line-break hyphens: "Struc- ture"
    text = re.sub(r"\s+([,;])", r"\1", text)
    text = re.sub(r",(?=[^\s\d])", ", ", text)
    text = re.sub(r"([,.][”\"’])(?=[A-Za-z])", r"\1 ", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEAD.sub("", text).strip()
    return text


def _strip_title(title: str) -> str:
    return title.strip(" ,.;:").strip(_QUOTE_OPEN + "”’»").strip(" ,.;:")


def _empty() -> dict[str, object]:
    fields: dict[str, object] = {name: "" for name in PARSED_FIELDS}
    fields["year"] = None
    return fields


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
                fields["issue"] = vol.group(2) or vol.group(3) or vol.group(4) or ""
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
    src, author = match.group("src"), match.group("author")
    if src != src.upper() and not (match.group("vol") or match.group("page")):
        if not author.endswith("."):
            return None
    fields = _empty()
    author = match.group("author").strip(" .")
    if author != "[Anonymous]":
        words = author.split()
        fields["authors"] = format_names([(words[0].title(), " ".join(words[1:]))])
        fields["first_author"] = words[0].title()
    fields["year"] = match.group("year")
    if match.group("vol"):
        fields["venue"] = match.group("src").strip()
        fields["volume"] = match.group("vol") or ""
        fields["pages"] = match.group("page") or ""
        fields["kind"] = "article"
    else:
        fields["title"] = match.group("src").strip()
        fields["pages"] = match.group("page") or ""
    return fields


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
    if not match or not looks_like_name(re.sub(r"&|\band\b|et al\.?", " ", match.group(1)), 8):
        return None
    fields = _empty()
    _set_authors(fields, match.group("names"))
    fields["year"] = match.group("year")
    fields["kind"] = "citation"
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


def _split_leading_names(text: str) -> tuple[str, str]:
    """Split ``Kenneth N. Waltz, Theory ...`` into the names and what follows."""
    pieces = text.split(", ")
    first = re.split(r"\s+and\s+|\s*&\s*", pieces[0])
    if len(pieces) > 1 and all(len(p.split()) == 1 and looks_like_name(p) for p in first):
        return pieces[0], ", ".join(pieces[1:])  # short form: "Waltz, Theory of ..."
    taken: list[str] = []
    for piece in pieces:
        bare = re.sub(r"^and\s+|\s+(?:et al\.?|eds?\.?)$", "", piece.strip())
        if re.fullmatch(r"eds?\.?", piece.strip()):
            taken.append(piece)
            continue
        parts = re.split(r"\s+and\s+|\s*&\s*", bare)
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
    quoted = _QUOTED.search(text)
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
    fields = _parse_text(_clean(raw))
    prose = _PROSE.search(_clean(raw)) if not fields["first_author"] else None
    if prose and prose.start() < 200:
        retry = _parse_text(_clean(raw)[prose.end() :])
        if retry["first_author"] and retry["title"]:
            return retry
    return fields


def _parse_text(text: str) -> dict[str, object]:
    dois = find_dois(text)
    isbns = find_isbns(text)
    text = _ACCESSED.sub("", _URL.sub("", _DOI_TEXT.sub("", text))).strip(" ,.;<>")
    text = re.sub(r"\s*,\s*(?:,\s*)+", ", ", text)
    if _IBID.match(text):
        fields = _empty()
        fields["kind"] = "ibid"
    elif not text:
        fields = _empty()
    else:
        short = _OPCIT.search(text)
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


def split_year(year: object) -> tuple[int | None, str]:
    """``"2003a"`` gives ``(2003, "a")``."""
    match = re.match(r"^(\d{4})([a-z]?)$", str(year or ""))
    return (int(match.group(1)), match.group(2)) if match else (None, "")


def parse_references(refs: pd.DataFrame) -> pd.DataFrame:
    """Fill the empty fields of ``refs`` from their ``raw`` strings (given fields are kept).

    A year suffix such as ``2003a`` goes into the new ``year_suffix`` column (it tells
    two works of one author and year apart); ``year`` stays an integer.
    """
    out = conform(refs, REFERENCE_COLUMNS)
    suffix = refs["year_suffix"].tolist() if "year_suffix" in refs.columns else [""] * len(out)
    columns = {name: out[name].tolist() for name in PARSED_FIELDS}
    raws = out["raw"].tolist()
    for i, raw in enumerate(raws):
        if not raw:
            continue
        parsed = parse_reference(raw)
        if columns["title"][i] or columns["venue"][i]:  # structured source: not a short form
            parsed["kind"] = (
                "" if parsed["kind"] in ("short", "citation", "ibid") else parsed["kind"]
            )
        year, letter = split_year(parsed["year"])
        suffix[i] = suffix[i] or letter
        for name in PARSED_FIELDS:
            current = columns[name][i]
            empty = current is pd.NA or current is None or current == ""
            if name == "year":
                if empty and year is not None:
                    columns[name][i] = year
            elif empty and parsed[name]:
                columns[name][i] = parsed[name]
    for name in PARSED_FIELDS:
        out[name] = columns[name]
    out = conform(out, REFERENCE_COLUMNS)
    out["year_suffix"] = [s if isinstance(s, str) else "" for s in suffix]
    return out
