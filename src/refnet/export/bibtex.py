"""BibTeX bundles of review papers and cited works.

Entries, keys and types come from :mod:`refnet.export.entries` (shared with the RIS and
CSL-JSON writers); this module writes them, column by column, in the layout of pybtex's
BibTeX writer (``@type{key,`` then ``    field = "value"``; a value holding ``"`` is
braced). pybtex still formats the rare author names that its name grammar must split
(braces, several commas).

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
- Case protection (:func:`protect_case`), the rule of Zotero's BibTeX export: in
  ``title`` and ``booktitle`` every word holding a capital letter is braced,
  except the title's first word when only its first letter is a capital. So ``plain``,
  which lower-cases titles, prints "Russia's", "Kazakhstan", "U.S.", "NATO", "EU".
- Types: article → ``@article`` (a newspaper item too, with ``entrysubtype =
  {newspaper}``, biblatex's convention), book → ``@book``, chapter → ``@incollection``,
  report → ``@techreport``, thesis → ``@phdthesis``, conference paper →
  ``@inproceedings``, web page → ``@online`` (biblatex; Zotero imports it as a web
  page), anything else → ``@misc``.
- The refnet id is written twice: ``refnet = {id}`` for biber, JabRef and scripts, and
  ``annote = {refnet: id}`` because Zotero's BibTeX importer drops unknown fields but
  keeps ``annote`` (as a child note); standard styles do not print ``annote``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from pybtex.database import Person

from refnet.export.entries import base_key, citation_keys, prepare_entries

__all__ = [
    "base_key",
    "bibtex_records",
    "bibtex_text",
    "citation_keys",
    "format_bibtex",
    "generate_bibtex",
    "latex_escape",
    "latex_unescape",
    "protect_case",
    "write_bibtex",
]

#: Entry type → BibTeX entry type.
BIBTEX_TYPES: dict[str, str] = {
    "article": "article",
    "press": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "thesis": "phdthesis",
    "conference": "inproceedings",
    "web": "online",
}

#: Which field the ``venue`` becomes, by BibTeX entry type.
VENUE_FIELDS: dict[str, str] = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "techreport": "institution",
    "phdthesis": "school",
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
_NEEDS_ESCAPE = re.compile(r"[\\&%$#_~^{}]")
_WORD = re.compile(r"(?<![\\\w])[^\W_]+")
_DASHES = re.compile(r"\s*[-‐‑‒–—]+\s*")
_PLAIN_NAME = re.compile(r"^([^,{}\\~]+),([^,{}\\~]*)$")


def latex_escape(text: str) -> str:
    """Escape LaTeX specials of plain text (UTF-8 letters are kept)."""
    if not _NEEDS_ESCAPE.search(text):
        return text
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
    """Brace the words holding a capital, but a first word capitalised only at its start.

    ``Russia's soft balancing`` stays; ``Soft balancing by Russia and the EU`` becomes
    ``Soft balancing by {Russia} and the {EU}``; ``NATO at 60`` becomes ``{NATO} at 60``.
    Words are runs of letters and digits (``U.S.`` is ``{U}.{S}.``); LaTeX commands
    (``\\textbackslash``) are not words.
    """

    if text == text.lower():
        return text
    out, done, first = [], 0, True
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word != word.lower() and not (first and word[1:] == word[1:].lower()):
            out += (text[done : match.start()], "{", word, "}")
            done = match.end()
        first = False
    return "".join(out) + text[done:]


def _names(authors: str) -> str:
    """``author`` value of ``"Surname, Given; Org"`` (escaped; "" when none)."""
    if not authors:
        return ""
    out = []
    for name in authors.split(";"):
        name = " ".join(name.split())
        if not name:
            continue
        escaped = latex_escape(name)
        if "," not in name:  # an organisation or a single name: one unsplittable last name
            out.append("{" + escaped + "}")
            continue
        plain = _PLAIN_NAME.match(escaped)
        if plain and plain.group(1).strip():
            last, first = plain.group(1).strip(), plain.group(2).strip()
            out.append(f"{last}, {first}" if first else last)
        else:
            out.append(_pybtex_name(escaped))
    return " and ".join(out)


def _pybtex_name(escaped: str) -> str:
    """pybtex's writing of a name its grammar must split (braces, several commas)."""
    person = Person(escaped)
    part = person.get_part_as_text
    text = " ".join(p for p in (part("prelast"), part("last")) if p)
    if part("lineage"):
        text += f", {part('lineage')}"
    given = " ".join(p for p in (part("first"), part("middle")) if p)
    return text + (f", {given}" if given else "")


def _column(values: np.ndarray, escape: bool = True, title: bool = False) -> list[str]:
    """Field values of one column, escaped (and case-protected) once per distinct value."""
    cache: dict[str, str] = {"": ""}
    out = []
    for value in values:
        done = cache.get(value)
        if done is None:
            done = latex_escape(value) if escape else value.replace("{", "").replace("}", "")
            done = protect_case(done) if title else done
            cache[value] = done
        out.append(done)
    return out


def _field(name: str, value: str) -> str:
    if not value:
        return ""
    return f',\n    {name} = "{value}"' if '"' not in value else f",\n    {name} = {{{value}}}"


def generate_bibtex(table: pd.DataFrame) -> str:
    """BibTeX text of review papers (PAPER_COLUMNS) or cited works (WORK_COLUMNS)."""
    return format_bibtex(prepare_entries(table))


def format_bibtex(e: pd.DataFrame) -> str:
    """BibTeX text of prepared entries (:func:`refnet.export.entries.prepare_entries`)."""
    return bibtex_text(bibtex_records(e))


def bibtex_text(records: Sequence[str]) -> str:
    """A BibTeX file of formatted entries (:func:`bibtex_records`), in their order."""
    return "\n".join(records)


def bibtex_records(e: pd.DataFrame) -> list[str]:
    """One ``@type{key, ...}`` record per prepared entry, in the entries' order."""
    if not len(e):
        return []
    kinds = [BIBTEX_TYPES.get(t, "misc") for t in e["type"]]
    types = e["type"].to_numpy()
    venue_field = [VENUE_FIELDS.get(k, "howpublished") for k in kinds]
    venue_plain = _column(e["venue"].to_numpy())
    venue_title = _column(e["venue"].to_numpy(), title=True)  # booktitle
    pages = _column(np.array([_DASHES.sub("--", p) if p else "" for p in e["pages"]], object))
    publisher = _column(e["publisher"].to_numpy())
    columns = zip(
        e["key"],
        kinds,
        types,
        [_names(a) for a in e["authors"]],
        _column(e["title"].to_numpy(), title=True),
        e["year"],
        venue_field,
        venue_plain,
        venue_title,
        _column(e["volume"].to_numpy()),
        _column(e["issue"].to_numpy()),
        pages,
        publisher,
        _column(e["place"].to_numpy()),
        _column(e["isbn"].to_numpy()),
        _column(e["doi"].to_numpy(), escape=False),
        _column(e["url"].to_numpy(), escape=False),
        _column(e["id"].to_numpy(), escape=False),
        e["venue"],
        strict=True,
    )
    chunks = []
    for (
        key, kind, type_, author, title, year, vfield, vplain, vtitle, volume, issue, pages_,
        pub, place, isbn, doi, url, refnet, venue_raw,
    ) in columns:  # fmt: skip
        if kind in ("techreport", "phdthesis") and venue_raw:
            pub_field, pub = "", ""
        else:
            pub_field = {"techreport": "institution", "phdthesis": "school"}.get(kind, "publisher")
        chunks.append(
            f"@{kind}{{{key}"
            + _field("author", author)
            + _field("title", title)
            + _field("year", year)
            + _field(vfield, vtitle if vfield == "booktitle" else vplain)
            + _field("volume", volume)
            + _field("number", issue)
            + _field("pages", pages_)
            + _field(pub_field, pub)
            + _field("address", place)
            + _field("isbn", isbn)
            + _field("doi", doi)
            + _field("url", url)
            + _field("entrysubtype", "newspaper" if type_ == "press" else "")
            + _field("refnet", refnet)
            + _field("annote", "refnet: " + refnet if refnet else "")
            + "\n}\n"
        )
    return chunks


def write_bibtex(table: pd.DataFrame, path: str | Path) -> None:
    """Write :func:`generate_bibtex` to ``path`` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate_bibtex(table), encoding="utf-8", newline="\n")
