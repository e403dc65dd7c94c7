"""The tables that flow between stages: their columns and dtypes.

Every table is a pandas DataFrame. Text columns hold ``str`` ("" when unknown),
``year`` is a nullable ``Int64``; counts are ``int64``. Every row that came from
outside carries ``origin`` (``path:line`` or ``source:url-or-id``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

#: Review papers (one row per paper of the review).
PAPER_COLUMNS: dict[str, str] = {
    "paper_id": "str",  # stable key: the refs key, else "doi:<doi>"
    "doi": "str",  # normalised lower-case DOI, "" when none
    "title": "str",
    "authors": "str",  # "Surname, Given; Surname, Given"
    "year": "Int64",
    "venue": "str",
    "volume": "str",
    "issue": "str",
    "pages": "str",
    "publisher": "str",
    "kind": "str",  # article, book, chapter, report, thesis, web, ...
    "url": "str",
    "tier": "str",
    "bibliography": "str",  # path of the paper's bibliography file, "" when none
    "origin": "str",  # where the row came from: "refs/papers.yaml:12"
    "export_id": "str",  # WoS UT / Scopus EID of export records: "wos:<UT>; scopus:<EID>"
}

#: One row per reference occurrence (a line of a bibliography, an item of a source).
REFERENCE_COLUMNS: dict[str, str] = {
    "citing_id": "str",  # paper_id of the citing review paper
    "position": "int64",  # order within the citing paper's list (0-based)
    "source": "str",  # bibliography, fulltext, crossref, openalex, opencitations, ...
    "origin": "str",  # "refs/bibliographies/x.txt:14" or "crossref:10.1/x#3"
    "raw": "str",  # the reference as written
    "authors": "str",  # "Surname, Given; ..." as parsed
    "first_author": "str",  # surname of the first author (as written)
    "year": "Int64",
    "title": "str",
    "venue": "str",  # journal, book title for chapters, newspaper, ...
    "volume": "str",
    "issue": "str",
    "pages": "str",
    "publisher": "str",
    "doi": "str",
    "isbn": "str",  # ISBN-13 digits
    "openalex_id": "str",  # W id
    "kind": "str",
    "truncated": "bool",  # the string is a fragment
}

#: Columns a parsed reference table carries from the stage that parsed it to the match
#: stage (beside REFERENCE_COLUMNS): the year letter of ``2003a`` (``year`` keeps 2003), and
#: ``parsed_by``, the reader or stage whose parse the fields are ("" for a row not parsed
#: yet: the match stage parses those, and only those).
PARSED_COLUMNS: dict[str, str] = {
    "year_suffix": "str",
    "parsed_by": "str",
}

#: Columns the match stage adds to the reference table.
MATCH_COLUMNS: dict[str, str] = {
    "work_id": "str",
    "match_rule": "str",  # doi, isbn, title, short-form, ibid, author-year, override, single
    "match_score": "float64",
}

#: One row per cited work (a cluster of references judged to be the same work).
WORK_COLUMNS: dict[str, str] = {
    "work_id": "str",
    "label": "str",  # "Waltz 1979" style label for graphs
    "title": "str",
    "authors": "str",
    "year": "Int64",
    "venue": "str",
    "volume": "str",
    "issue": "str",
    "pages": "str",
    "publisher": "str",
    "doi": "str",
    "isbn": "str",
    "kind": "str",
    "citations": "int64",  # number of distinct review papers citing it
    "paper_id": "str",  # the review paper it is, "" when not in the review
    "years": "str",  # years its references give when several: editions of one book
    "part_of": "str",  # a chapter's edited volume (its work id), when the evidence names it
}

#: Bad input skipped and listed instead of lost.
PROBLEM_COLUMNS: dict[str, str] = {
    "stage": "str",
    "origin": "str",
    "value": "str",
    "reason": "str",
}


def frame(rows: Iterable[Mapping[str, Any]], columns: Mapping[str, str]) -> pd.DataFrame:
    """Build a DataFrame with exactly ``columns`` in order and their dtypes.

    Missing keys become "" (text), <NA> (Int64), 0 (int64), False (bool), NaN (float).
    """
    df = pd.DataFrame(list(rows))
    return conform(df, columns)


def conform(df: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """Return ``df`` restricted/extended to ``columns`` with their dtypes."""
    out = pd.DataFrame(index=range(len(df)))
    df = df.reset_index(drop=True)
    for name, dtype in columns.items():
        if name in df.columns:
            col = df[name]
        else:
            col = pd.Series([None] * len(df), dtype="object")
        out[name] = _cast(col, dtype)
    return out


def _cast(col: pd.Series, dtype: str) -> pd.Series:
    if dtype == "str":
        return pd.Series(text_values(col), dtype=object)
    if dtype == "Int64":
        return pd.to_numeric(col, errors="coerce").astype("Int64")
    if dtype == "int64":
        return pd.to_numeric(col, errors="coerce").fillna(0).astype("int64")
    if dtype == "float64":
        return pd.to_numeric(col, errors="coerce").astype("float64")
    if dtype == "bool":
        if col.dtype == bool:
            return col.copy()
        return col.map(lambda v: False if _missing(v) else bool(v)).astype(bool)
    raise ValueError(f"unknown dtype {dtype!r}")


def text_values(col: pd.Series) -> np.ndarray:
    """A column's values as str objects, "" for missing ones, without a Python call per
    value (millions of references): ``str(v)`` of every present value, as a map would."""
    if col.dtype == object:
        if pd.api.types.infer_dtype(col, skipna=False) == "string":
            return col.to_numpy(dtype=object, copy=True)
        return np.array(["" if _missing(v) else str(v) for v in col], dtype=object)
    if isinstance(col.dtype, pd.StringDtype):  # one str object per distinct value, shared
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        distinct = np.append(np.asarray(uniques, dtype=object), "")  # code -1: missing
        return distinct[codes]
    missing = col.isna().to_numpy()
    values = col.astype(str).to_numpy(dtype=object)
    if missing.any():
        values = values.copy()
        values[missing] = ""
    return values


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def empty(columns: Mapping[str, str]) -> pd.DataFrame:
    """An empty table with the given columns."""
    return frame([], columns)


def concat_problems(*tables: pd.DataFrame) -> pd.DataFrame:
    """Problem tables one after the other (PROBLEM_COLUMNS), empty ones left out."""
    kept = [t for t in tables if len(t)]
    if not kept:
        return empty(PROBLEM_COLUMNS)
    return conform(pd.concat(kept, ignore_index=True), PROBLEM_COLUMNS)
