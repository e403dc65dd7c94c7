"""What every bibliography format writes, prepared once and column-wise.

:func:`prepare_entries` turns review papers (PAPER_COLUMNS) or cited works (WORK_COLUMNS)
into one table of entries sorted by citation key: the key, the refnet id, a type, and the
fields as plain text. The BibTeX, RIS and CSL-JSON writers only format these columns.

Choices, and why:

- Keys look like ``waltz1979theory``: first author's surname, year (``nd`` when
  unknown), first significant title word, in ASCII. When several entries share a key,
  the one with the smallest refnet id keeps it and the others get ``b``, ``c``, … in
  id order, so adding an entry rarely renames the existing ones.
- Types: refnet's ``kind`` names the type (``TYPES``). A work of unknown kind is a
  ``book`` when it has a publisher and no volume, or when its venue names a publisher
  ("Cambridge: Polity Press": the place goes to ``place``); an ``article`` when it has
  a venue and a volume; else ``misc``.
- Pages: in an article, chapter, paper or press item they are its page range in the
  container. In a whole work (book, report, thesis, web page, misc) the pages a
  reference gives are the page it cites, a locator of that one citation, so they are
  not written (they are not the work's page count; the references table keeps them).
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from unidecode import unidecode

#: refnet ``kind`` → entry type (article, book, chapter, report, thesis, conference,
#: press, web, preprint; anything else is inferred, see the module docstring).
TYPES: dict[str, str] = {
    "article": "article",
    "journal-article": "article",
    "review": "article",
    "editorial": "article",
    "letter": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "chapter": "chapter",
    "book-chapter": "chapter",
    "report": "report",
    "working-paper": "report",
    "thesis": "thesis",
    "dissertation": "thesis",
    "conference": "conference",
    "proceedings": "conference",
    "proceedings-article": "conference",
    "paper": "conference",
    "press": "press",
    "newspaper": "press",
    "article-newspaper": "press",
    "web": "web",
    "webpage": "web",
    "online": "web",
    "preprint": "preprint",
    "posted-content": "preprint",
}

#: Types whose ``pages`` are a page range inside a container (else: a locator).
PAGED_TYPES = frozenset({"article", "chapter", "conference", "press"})

#: Columns of :func:`prepare_entries` (all text, "" when unknown).
ENTRY_COLUMNS = (
    "key", "id", "type", "title", "authors", "year", "venue", "volume", "issue", "pages",
    "publisher", "place", "isbn", "doi", "url",
)  # fmt: skip

_STOPWORDS = frozenset(
    "a an the of on in and for to from with at by la le les l de des du el los las "
    "der die das den ein eine und zur zum o ob na v po".split()
)
_PUBLISHER_VENUE = re.compile(
    r"\b(?:press|publishers?|publishing|verlag|books|university|izdatel\w*|издательство)\b",
    re.IGNORECASE,
)
#: What Python's ``str.split()`` counts as whitespace, but the space (Arrow regex syntax).
_OTHER_SPACES = (
    r"\t-\r\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}"
    r"\x{205f}\x{3000}"
)
_SPACE_RUN = f"[ {_OTHER_SPACES}]+"
_ODD_SPACE = f"[{_OTHER_SPACES}]|  |^ | $"
_PLACE = re.compile(r"^(?P<place>[^:;,.]{2,40}?)\s*[:.]\s+(?P<publisher>\S.*)$")


def prepare_entries(table: pd.DataFrame) -> pd.DataFrame:
    """Entries of review papers or cited works, sorted by key (see the module docstring)."""
    table = table.reset_index(drop=True)
    n = len(table)
    text = {c: _text(table, c, n) for c in ENTRY_COLUMNS[3:] if c not in ("year", "place")}
    ids = _text(table, "work_id" if "work_id" in table.columns else "paper_id", n)
    years = _years(table, n)
    keys = citation_keys(table)
    kinds = _text(table, "kind", n)
    types = np.array([TYPES.get(k.strip().lower(), "") for k in kinds], dtype=object)
    place = np.full(n, "", dtype=object)
    for row in np.flatnonzero(types == ""):
        types[row], moved = _infer(text["venue"][row], text["volume"][row], text["publisher"][row])
        if moved:
            place[row], text["publisher"][row] = moved
            text["venue"][row] = ""
    paged = np.isin(types, list(PAGED_TYPES))
    text["pages"] = np.where(paged, text["pages"], "")
    columns = {"key": keys, "id": ids, "type": types, "year": years, "place": place, **text}
    out = pd.DataFrame({c: np.asarray(columns[c], dtype=object) for c in ENTRY_COLUMNS},
                       dtype=object)  # fmt: skip
    order = np.argsort(out["key"].to_numpy(dtype=str), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def _infer(venue: str, volume: str, publisher: str) -> tuple[str, tuple[str, str] | None]:
    """Type of a work of unknown kind; (place, publisher) when the venue is a publisher."""
    if publisher.strip() and not volume.strip():
        return "book", None
    if venue.strip() and _PUBLISHER_VENUE.search(venue) and not volume.strip():
        match = _PLACE.match(" ".join(venue.split()))
        return "book", (match["place"], match["publisher"]) if match else ("", venue)
    if venue.strip() and volume.strip():
        return "article", None
    return "misc", None


def _text(table: pd.DataFrame, column: str, n: int) -> np.ndarray:
    """A column as an object array of whitespace-normalised strings ("" when missing).

    Runs of whitespace become one space and the ends are trimmed, as ``" ".join(s.split())``
    does (the same characters count as whitespace).
    """
    if column not in table.columns:
        return np.full(n, "", dtype=object)
    values = table[column]
    if values.dtype != object or not all(isinstance(v, str) for v in values.to_numpy()):
        values = values.map(lambda v: "" if v is None or v is pd.NA or v != v else str(v))
    text = pa.array(values.to_numpy(dtype=object), type=pa.large_string())
    if pc.any(pc.match_substring_regex(text, _ODD_SPACE)).as_py():
        text = pc.utf8_trim(pc.replace_substring_regex(text, _SPACE_RUN, " "), " ")
    return text.to_numpy(zero_copy_only=False).astype(object)


def _years(table: pd.DataFrame, n: int) -> np.ndarray:
    if "year" not in table.columns:
        return np.full(n, "", dtype=object)
    years = pd.to_numeric(table["year"], errors="coerce").astype("Int64")
    return np.array(["" if pd.isna(y) else str(int(y)) for y in years], dtype=object)


def base_key(authors: str, year: object, title: str) -> str:
    """``surnameYEARword`` in lower-case ASCII."""
    surname = authors.split(";")[0].split(",")[0] if authors.strip() else ""
    surname = re.sub(r"[^a-z]", "", _ascii(surname).lower()) or "anon"
    year_text = str(int(year)) if year is not None and not pd.isna(year) else "nd"
    words = re.findall(r"[a-z0-9]+", _ascii(title).lower())
    word = next((w for w in words if w not in _STOPWORDS), "")
    return f"{surname}{year_text}{word}"


def _ascii(text: str) -> str:
    return text if text.isascii() else unidecode(text)


def base_keys(authors: pd.Series, years: pd.Series, titles: pd.Series) -> np.ndarray:
    """:func:`base_key` of every row, column-wise (Arrow kernels; unidecode for non-ASCII)."""
    surname = _lower_ascii(pc.extract_regex(_arrow(authors), r"^(?P<s>[^;,]*)").field("s"))
    surname = pc.replace_substring_regex(surname, "[^a-z]", "")
    surname = pc.if_else(pc.equal(surname, ""), _large("anon"), surname)
    year = pd.to_numeric(years, errors="coerce").astype("Int64").astype("string")
    year = pa.array(year.fillna("nd").to_numpy(dtype=object), type=pa.large_string())
    words = pc.replace_substring_regex(_lower_ascii(_arrow(titles)), "[^a-z0-9]+", "  ")
    words = pc.binary_join_element_wise(_large(" "), words, _large(" "), _large(""))
    while pc.any(pc.match_substring_regex(words, _STOP_TOKEN)).as_py():
        words = pc.replace_substring_regex(words, _STOP_TOKEN, " ")
    word = pc.extract_regex(words, r"^ *(?P<w>[a-z0-9]*)").field("w")
    keys = pc.binary_join_element_wise(surname, year, word, _large(""))
    return keys.to_numpy(zero_copy_only=False).astype(object)


_STOP_TOKEN = " (?:" + "|".join(sorted(_STOPWORDS)) + ") "


def _large(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def _arrow(column: pd.Series) -> pa.Array:
    values = column.to_numpy(dtype=object)
    return pa.array([v if isinstance(v, str) else "" for v in values], type=pa.large_string())


def _lower_ascii(text: pa.Array) -> pa.Array:
    """ASCII lower case: unidecode for the values that are not ASCII."""
    other = np.flatnonzero(~pc.string_is_ascii(text).to_numpy(zero_copy_only=False))
    if len(other):
        values = text.to_numpy(zero_copy_only=False).astype(object)
        values[other] = [unidecode(v) for v in values[other]]
        text = pa.array(values, type=pa.large_string())
    return pc.ascii_lower(text)


def citation_keys(table: pd.DataFrame) -> list[str]:
    """A unique key per row, stable across reruns (see the module docstring)."""
    column = "work_id" if "work_id" in table.columns else "paper_id"
    ids = [str(v) for v in table[column]]
    bases = list(base_keys(table["authors"], table["year"], table["title"]))
    keys = list(bases)
    by_base: dict[str, list[int]] = {}
    for row, base in enumerate(bases):
        by_base.setdefault(base, []).append(row)
    taken = set(by_base)
    for base in sorted(b for b, rows in by_base.items() if len(rows) > 1):
        rows = sorted(by_base[base], key=lambda r: ids[r])
        suffixes = _suffixes()
        for row in rows[1:]:
            key = base + next(suffixes)
            while key in taken:
                key = base + next(suffixes)
            taken.add(key)
            keys[row] = key
    return keys


def _suffixes():
    """b, c, ..., z, aa, ab, ..., zz, aaa, ... (never runs out)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters[1:]
    for width in itertools.count(2):
        for combination in itertools.product(letters, repeat=width):
            yield "".join(combination)


def container_and_publisher(entries: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The venue as a container title and the publisher, as RIS and CSL-JSON name them.

    A report's or thesis's venue is its institution (the publisher); every other venue
    is the container (journal, book of a chapter, newspaper, web site, series).
    """
    types, venue = entries["type"].to_numpy(), entries["venue"].to_numpy()
    publisher = entries["publisher"].to_numpy()
    issuer = np.isin(types, ["report", "thesis"]) & (venue != "")
    return np.where(issuer, "", venue), np.where(issuer, venue, publisher)
