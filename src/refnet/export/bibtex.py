"""BibTeX bundles of review papers and cited works.

pybtex writes the entries (syntax, quoting, name lists); refnet escapes the values
itself, because pybtex's own LaTeX pass leaves ``$ ^ \\ { }`` as they are.

Choices, and why:

- Text stays UTF-8 (é, ł, Cyrillic). biber, bibtexu and bibtex8 read UTF-8, plain
  bibtex passes the bytes through to a UTF-8 LaTeX document, and Zotero and JabRef import
  UTF-8 as text. LaTeX accent commands would garble Cyrillic (no accent form) and show up
  as markup in reference managers.
- The ten LaTeX specials are escaped: ``& % $ # _`` as ``\\&`` …, ``~ ^ \\`` as
  ``\\textasciitilde{}``, ``\\textasciicircum{}``, ``\\textbackslash{}``, and braces as
  ``\\{ \\}`` (an unmatched one as ``\\textbraceleft{}``/``\\textbraceright{}``, since
  BibTeX needs balanced braces). ``doi`` and ``url`` are written as they are (biblatex
  reads them verbatim).
- In titles, words with a capital after their first letter (NATO, EU, McCain) are
  wrapped in braces so styles that lower-case titles keep them.
- Keys look like ``waltz1979theory``: first author's surname, year (``nd`` when
  unknown), first significant title word, in ASCII. When several entries share a key,
  the one with the smallest refnet id keeps it and the others get ``b``, ``c``, … in
  id order, so adding an entry rarely renames the existing ones.
- Entries come sorted by key; the field ``refnet`` holds the refnet id: styles ignore
  unknown fields, JabRef keeps them and Zotero puts them in "Extra".
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer
from unidecode import unidecode

#: refnet ``kind`` → BibTeX entry type.
ENTRY_TYPES: dict[str, str] = {
    "article": "article",
    "journal-article": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "chapter": "incollection",
    "book-chapter": "incollection",
    "report": "techreport",
    "working-paper": "techreport",
    "thesis": "phdthesis",
    "dissertation": "phdthesis",
    "conference": "inproceedings",
    "proceedings-article": "inproceedings",
    "paper": "inproceedings",
}

#: Which field the ``venue`` becomes, by entry type.
VENUE_FIELDS: dict[str, str] = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "techreport": "institution",
    "phdthesis": "school",
    "misc": "howpublished",
}

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_STOPWORDS = frozenset(
    "a an the of on in and for to from with at by la le les l de des du el los las "
    "der die das den ein eine und zur zum o ob na v po".split()
)


class _PlainWriter(Writer):
    """pybtex's BibTeX writer, given values that refnet has already escaped."""

    def _encode(self, text: str) -> str:
        return text


def latex_escape(text: str) -> str:
    """Escape LaTeX specials of plain text (UTF-8 letters are kept)."""
    matched = _matched_braces(text)
    out = []
    for index, ch in enumerate(text):
        if ch in "{}" and index in matched:
            out.append("\\" + ch)
        elif ch in "{}":
            out.append(r"\textbraceleft{}" if ch == "{" else r"\textbraceright{}")
        else:
            out.append(_SPECIALS.get(ch, ch))
    return "".join(out)


def _matched_braces(text: str) -> set[int]:
    """Positions of the braces that pair up."""
    matched: set[int] = set()
    stack: list[int] = []
    for index, ch in enumerate(text):
        if ch == "{":
            stack.append(index)
        elif ch == "}" and stack:
            matched.update((stack.pop(), index))
    return matched


def latex_unescape(text: str) -> str:
    """Plain text of a value written by :func:`latex_escape` (case braces removed)."""
    out, i = [], 0
    replacements = sorted(
        [(v, k) for k, v in _SPECIALS.items()]
        + [(r"\{", "{"), (r"\}", "}"), (r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}")],
        key=lambda pair: -len(pair[0]),
    )
    while i < len(text):
        for escaped, plain in replacements:
            if text.startswith(escaped, i):
                out.append(plain)
                i += len(escaped)
                break
        else:
            if text[i] not in "{}":
                out.append(text[i])
            i += 1
    return "".join(out)


def protect_case(text: str) -> str:
    """Brace words with a capital after their first letter (NATO, McCain)."""
    return re.sub(
        r"(?<![\\\w])\w+",
        lambda m: (
            "{" + m.group(0) + "}" if any(c.isupper() for c in m.group(0)[1:]) else m.group(0)
        ),
        text,
    )


def base_key(authors: str, year: object, title: str) -> str:
    """``surnameYEARword`` in lower-case ASCII."""
    surname = authors.split(";")[0].split(",")[0] if authors.strip() else ""
    surname = re.sub(r"[^a-z]", "", unidecode(surname).lower()) or "anon"
    year_text = str(int(year)) if year is not None and not pd.isna(year) else "nd"
    words = re.findall(r"[a-z0-9]+", unidecode(title).lower())
    word = next((w for w in words if w not in _STOPWORDS), "")
    return f"{surname}{year_text}{word}"


def citation_keys(table: pd.DataFrame) -> list[str]:
    """A unique key per row, stable across reruns (see the module docstring)."""
    ids = _ids(table)
    bases = [
        base_key(str(a), y, str(t))
        for a, y, t in zip(table["authors"], table["year"], table["title"], strict=True)
    ]
    keys = [""] * len(bases)
    taken = set(bases)
    by_base: dict[str, list[int]] = {}
    for row, base in enumerate(bases):
        by_base.setdefault(base, []).append(row)
    for base in sorted(by_base):
        rows = sorted(by_base[base], key=lambda r: ids[r])
        keys[rows[0]] = base
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


def _ids(table: pd.DataFrame) -> list[str]:
    column = "work_id" if "work_id" in table.columns else "paper_id"
    return [str(v) for v in table[column]]


def entry_type(kind: str) -> str:
    """The BibTeX entry type of a refnet ``kind`` (``misc`` when unknown)."""
    return ENTRY_TYPES.get(kind.strip().lower(), "misc")


def to_entry(row: pd.Series, refnet_id: str) -> Entry:
    """A pybtex entry of one review paper or cited work."""
    kind = entry_type(str(row.get("kind", "")))
    fields: list[tuple[str, str]] = []

    def add(name: str, value: object, *, raw: bool = False, title: bool = False) -> None:
        if value is None or pd.isna(value) or str(value).strip() == "":
            return
        text = " ".join(str(value).split())
        if raw:
            text = text.replace("{", "").replace("}", "")
        else:
            text = latex_escape(text)
            text = protect_case(text) if title else text
        fields.append((name, text))

    add("title", row.get("title"), title=True)
    year = row.get("year")
    add("year", None if year is None or pd.isna(year) else int(year))
    add(VENUE_FIELDS.get(kind, "howpublished"), row.get("venue"), title=kind != "article")
    add("volume", row.get("volume"))
    add("number", row.get("issue"))
    add("pages", re.sub(r"\s*[-‐‑‒–—]+\s*", "--", str(row.get("pages", "") or "")))
    if kind not in ("techreport", "phdthesis") or not str(row.get("venue", "")).strip():
        field = {"techreport": "institution", "phdthesis": "school"}.get(kind, "publisher")
        add(field, row.get("publisher"))
    add("isbn", row.get("isbn"))
    add("doi", row.get("doi"), raw=True)
    add("url", row.get("url"), raw=True)
    add("refnet", refnet_id, raw=True)
    persons = [_person(name) for name in str(row.get("authors", "") or "").split(";")]
    persons = [p for p in persons if p is not None]
    return Entry(kind, fields=fields, persons={"author": persons} if persons else {})


def _person(name: str) -> Person | None:
    name = " ".join(name.split())
    if not name:
        return None
    escaped = latex_escape(name)
    if "," not in name:  # an organisation or a single name: one unsplittable last name
        return Person(last="{" + escaped + "}")
    return Person(escaped)


def generate_bibtex(table: pd.DataFrame) -> str:
    """BibTeX text of review papers (PAPER_COLUMNS) or cited works (WORK_COLUMNS)."""
    table = table.reset_index(drop=True)
    keys = citation_keys(table)
    ids = _ids(table)
    order = sorted(range(len(keys)), key=lambda row: keys[row])
    entries = {keys[row]: to_entry(table.iloc[row], ids[row]) for row in order}
    if not entries:
        return ""
    return _PlainWriter(encoding="UTF-8").to_string(BibliographyData(entries=entries))


def write_bibtex(table: pd.DataFrame, path: str | Path) -> None:
    """Write :func:`generate_bibtex` to ``path`` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate_bibtex(table), encoding="utf-8", newline="\n")
