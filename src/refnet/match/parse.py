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
from refnet.match.frames import conform_fast, objects, text_array
from refnet.match.parse_clean import _clean, _reopened_title, _strip_links
from refnet.match.parse_fields import PARSED_FIELDS, _empty, _set_authors
from refnet.match.parse_patterns import _IBID, _OPCIT
from refnet.match.parse_styles import (
    _parse_author_date,
    _parse_citation,
    _parse_fallback,
    _parse_note,
    _parse_science,
)
from refnet.match.parse_wos import _parse_plain_wos, _parse_wos, _parse_wos_cn, _plain_wos_values
from refnet.model import REFERENCE_COLUMNS

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
def parse_references(refs: pd.DataFrame, conformed: bool = False) -> pd.DataFrame:
    """Fill the empty fields of ``refs`` from their ``raw`` strings (given fields are kept).

    A year suffix such as ``2003a`` goes into the new ``year_suffix`` column (it tells
    two works of one author and year apart); ``year`` stays an integer. Each distinct
    string is parsed once; rows whose DOI, first author and year are given are not parsed
    (the DOI decides their identity), nor are rows marked in ``parsed_by`` (parsed by
    their reader or per-paper job: their fields and year letter are taken as they are).
    ``conformed``: the caller made ``refs`` with REFERENCE_COLUMNS of their dtypes (text:
    str objects) and a RangeIndex, so they need no check (a pass over every value).
    """
    if not conformed:
        out = conform_fast(refs, REFERENCE_COLUMNS)
    elif list(refs.columns) == list(REFERENCE_COLUMNS):
        out = refs
    else:
        out = refs[list(REFERENCE_COLUMNS)]
    suffix = _text_or_blank(refs, "year_suffix")
    given_year = out["year"].notna().to_numpy()
    structured = _filled(out["doi"]) & _filled(out["first_author"]) & given_year
    structured |= _filled(_text_or_blank(refs, "parsed_by"))
    todo = np.flatnonzero(_filled(out["raw"]) & ~structured)
    new = {"year": out["year"].astype("Int64").array, "year_suffix": objects(suffix)}
    if len(todo):
        codes, uniques = pd.factorize(out["raw"].to_numpy(dtype=object)[todo], sort=False)
        parsed = _parsed_columns([_parsed_values(raw) for raw in uniques])
        read = np.isin(out["source"].to_numpy(dtype=object), _READING_SOURCES) & given_year
        new |= _filled_columns(out, suffix, todo, codes, parsed, read[todo])
    return _with_columns(out, new)


def unparsed_count(refs: pd.DataFrame) -> int:
    """How many rows of ``refs`` no reader or per-paper job has parsed (``parsed_by`` "")."""
    return int((~_filled(_text_or_blank(refs, "parsed_by"))).sum())


def marked_parsed(refs: pd.DataFrame, by: str, conformed: bool = False) -> pd.DataFrame:
    """``refs`` (REFERENCE_COLUMNS + ``year_suffix``, as :func:`parse_references` gives) with
    PARSED_COLUMNS, every row marked as parsed by ``by``: the table a parsing stage passes on.
    ``conformed``: ``refs`` is what :func:`parse_references` gave for a conformed table."""
    if conformed:
        return refs[list(REFERENCE_COLUMNS)].assign(
            year_suffix=refs["year_suffix"],
            parsed_by=objects(np.full(len(refs), by, dtype=object)),
        )
    return conform_fast(refs, REFERENCE_COLUMNS).assign(
        year_suffix=objects(_text_or_blank(refs, "year_suffix")),
        parsed_by=objects(np.full(len(refs), by, dtype=object)),
    )


def _text_or_blank(refs: pd.DataFrame, name: str) -> np.ndarray:
    """Column ``name`` of ``refs`` as str objects ("" where missing, all "" without it)."""
    if name not in refs.columns:
        return np.full(len(refs), "", dtype=object)
    return text_array(refs[name].reset_index(drop=True))


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
#: Sources whose readers parse their references: a WoS cited reference is read by the WoS
#: reader alone (``MERTON ROBERT K., 1973, SOCIOLOGY SCI THEORE, P273, 339`` has no volume,
#: whatever a general parse makes of "339").
_READING_SOURCES = ["scopus", "wos"]


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
