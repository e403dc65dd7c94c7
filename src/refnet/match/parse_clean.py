"""Cleaning a reference string before it is read: spaces, commas, leading "see", links,
DOIs and "accessed" notes, a title cut at a page break."""

from __future__ import annotations

import html
import re

from refnet.match.parse_patterns import (
    _ACCESSED,
    _BROKEN_WORD,
    _COMMA_UNSPACED,
    _DOI_TEXT,
    _GLUED_SENTENCE,
    _HTML_ENTITY,
    _LEAD,
    _QUOTE_UNSPACED,
    _SPACE_BEFORE_COMMA,
    _URL,
)


def _clean(raw: str) -> str:
    """``raw`` with spaces and commas normalised and leading "see", "[3]" etc. removed.

    Each substitution runs only when the text holds what its pattern needs (the plain
    ``in`` tests are exact pre-conditions, far cheaper than a regex pass).
    """
    text = " ".join((raw or "").split())  # what _SPACES.sub(" ", raw).strip() gives
    if "&" in text and _HTML_ENTITY.search(text):
        text = " ".join(html.unescape(text).split())  # "Ugur &#199;etintemel"
    if "." in text and _GLUED_SENTENCE.search(text):
        text = _GLUED_SENTENCE.sub(". ", text)
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
