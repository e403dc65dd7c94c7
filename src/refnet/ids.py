"""Identifiers: DOIs, ISBNs and OpenAlex ids in the forms people write them.

Every ``normalize_*`` function returns the canonical form or ``None`` when the text is
not such an identifier; every ``find_*`` function returns the canonical forms found in a
longer text, in order of appearance and without repeats.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# A DOI is "10." + a registrant code of digits (possibly dotted) + "/" + a suffix of any
# printable characters (an apostrophe included: real DOIs have them). In running text the
# suffix ends at whitespace or a double quote mark. Control characters (NUL, C0, DEL, C1)
# are never part of a DOI.
_DOI_CORE = r"10\.\d{4,9}(?:\.\d+)*/[^\s\"“”‘’«»\x00-\x1f\x7f-\x9f]+"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DOI_IN_TEXT = re.compile(r"(?<![\d.])" + _DOI_CORE, re.IGNORECASE)
_DOI_WHOLE = re.compile(_DOI_CORE, re.IGNORECASE)
_DOI_PREFIX = re.compile(
    r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/|^doi\s*[:/]?\s*|^info:doi/|^urn:doi:",
    re.IGNORECASE,
)
_ENCODED_SLASH = re.compile(r"(10\.\d{4,9})%2F", re.IGNORECASE)
_PAIRS = {")": "(", "]": "[", ">": "<", "}": "{"}
_TRAILING = ".,;:"


def _trim_doi(candidate: str) -> str:
    """Strip trailing punctuation that closes the sentence rather than the DOI."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING:
            candidate = candidate[:-1]
        elif last in _PAIRS and candidate.count(last) > candidate.count(_PAIRS[last]):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def normalize_doi(text: str | None) -> str | None:
    """The lower-case DOI in ``text`` (a bare DOI, ``doi:``, ``https://doi.org/``...).

    Returns ``None`` when ``text`` is not one DOI (extra words around it are refused).
    """
    if not text:
        return None
    value = text.strip().lstrip("<").strip()
    if not value.startswith("10."):  # exact: every prefix starts with a letter
        value = _DOI_PREFIX.sub("", value, count=1).strip()
    if "%" in value:
        value = unquote(value)
    value = _trim_doi(value)
    if not _DOI_WHOLE.fullmatch(value):  # its suffix after the first "/" is never empty
        return None
    return value.lower()


def doi_refusal(text: str) -> str:
    """Why ``text`` is not a DOI (for a problem row): control characters are named."""
    decoded = unquote(text) if "%" in text else text
    control = _CONTROL.search(decoded)
    if control:
        return f"not a DOI: holds the control character U+{ord(control.group(0)):04X}"
    return "not a DOI"


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (for tables and messages)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def find_dois(text: str | None) -> list[str]:
    """All DOIs in a longer text, lower-cased, in order, without repeats."""
    if not text:
        return []
    if "%" in text:  # exact: the pattern needs "%2F"
        text = _ENCODED_SLASH.sub(r"\1/", text)
    found: list[str] = []
    for match in _DOI_IN_TEXT.finditer(text):
        candidate = match.group(0)
        if "%" in candidate:
            candidate = unquote(candidate)
        doi = normalize_doi(candidate)
        if doi and doi not in found:
            found.append(doi)
    return found


# ---------------------------------------------------------------------------- ISBN

_ISBN_LABEL = re.compile(r"ISBN(?:-1[03])?\s*:?\s*$", re.IGNORECASE)
_ISBN_CANDIDATE = re.compile(r"(?<![\w-])\d(?:[- ]?\d){8,11}[- ]?[\dXx](?![\w-])")


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_check(first12: str) -> str:
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def normalize_isbn(text: str | None) -> str | None:
    """The ISBN-13 digits of an ISBN-10 or ISBN-13 (hyphens, spaces, "ISBN" label allowed).

    Returns ``None`` when the length or the check digit is wrong.
    """
    if not text:
        return None
    value = re.sub(r"^\s*ISBN(?:-1[03])?\s*:?\s*", "", text.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"[\dXx](?:[- ]?[\dXx])*", value):
        return None
    digits = re.sub(r"[- ]", "", value)
    if len(digits) == 10 and digits[:9].isdigit():
        if not _isbn10_ok(digits):
            return None
        first12 = "978" + digits[:9]
        return first12 + _isbn13_check(first12)
    if len(digits) == 13 and digits.isdigit() and digits[:3] in ("978", "979"):
        return digits if _isbn13_check(digits[:12]) == digits[12] else None
    return None


def find_isbns(text: str | None) -> list[str]:
    """ISBNs in a longer text as ISBN-13 digits, in order, without repeats.

    A candidate counts when it is labelled "ISBN", is 13 digits starting 978/979, or is
    a hyphenated ISBN-10; bare 10-digit numbers are too often something else.
    """
    if not text:
        return []
    found: list[str] = []
    for match in _ISBN_CANDIDATE.finditer(text):
        raw = match.group(0)
        digits = re.sub(r"[- ]", "", raw)
        labelled = bool(_ISBN_LABEL.search(text[max(0, match.start() - 12) : match.start()]))
        plausible = labelled or len(digits) == 13 or "-" in raw
        isbn = normalize_isbn(raw) if plausible else None
        if isbn and isbn not in found:
            found.append(isbn)
    return found


# ------------------------------------------------------------------------ OpenAlex

_OPENALEX = re.compile(
    r"^(?:https?://(?:api\.)?openalex\.org/(?:(?:works|authors|sources|institutions|"
    r"concepts|publishers|funders|topics)/)?|openalex:)?([WASICPFT])(\d+)$",
    re.IGNORECASE,
)


def normalize_openalex_id(text: str | None) -> str | None:
    """``W123`` from ``https://openalex.org/W123``, ``openalex:w123`` or ``W123``."""
    if not text:
        return None
    match = _OPENALEX.match(text.strip().rstrip("/"))
    if not match:
        return None
    return match.group(1).upper() + match.group(2)
