"""Fast table helpers for large reference tables: conformance (same result as
model.conform), text columns as objects, stable multi-key row orders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refnet.model import conform, text_values

#: Number dtypes whose columns :func:`conform` leaves as they are when already of the dtype.
_NUMBERS = frozenset({"int64", "Int64", "float64"})


def conform_fast(df: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """``model.conform`` without per-value Python calls for text and bool columns."""
    df = df.reset_index(drop=True)
    if conformant(df, columns):  # nothing to convert: the columns as they are
        return df if list(df.columns) == list(columns) else df[list(columns)]
    out: dict[str, object] = {}
    rest = {}
    for name, dtype in columns.items():
        if name not in df.columns and dtype in ("str", "bool"):
            fill = "" if dtype == "str" else False
            kind = object if dtype == "str" else bool
            out[name] = pd.Series(np.full(len(df), fill, dtype=kind), dtype=kind)
        elif name not in df.columns:
            rest[name] = dtype
        elif dtype == "str":
            out[name] = pd.Series(text_array(df[name]), dtype=object)
        elif dtype == "bool":
            out[name] = pd.Series(df[name].fillna(False).astype(bool).to_numpy(), dtype=bool)
        elif dtype in _NUMBERS and df[name].dtype == dtype:  # conform would not change it
            out[name] = df[name]
        else:
            rest[name] = dtype
    if rest:
        cast = conform(df[[c for c in rest if c in df.columns]], rest)
        out.update({name: cast[name] for name in rest})
    return pd.DataFrame({name: out[name] for name in columns})


def conformant(df: pd.DataFrame, columns: Mapping[str, str]) -> bool:
    """Whether ``df`` has ``columns`` (among others) of their dtypes, text as str objects:
    then :func:`conform_fast` would only select them."""
    if not df.columns.is_unique or not set(columns) <= set(df.columns):
        return False
    for name, dtype in columns.items():
        col = df[name]
        if dtype != "str" and col.dtype != dtype:
            return False
        if dtype == "str" and not _only_str(col):
            return False
    return True


def _only_str(col: pd.Series) -> bool:
    """Whether a column is of Python objects that are all ``str``."""
    return col.dtype == object and pd.api.types.infer_dtype(col, skipna=False) == "string"


def text_array(col: pd.Series) -> np.ndarray:
    """The values of a text column as str objects, "" for missing ones."""
    if _only_str(col):
        return col.to_numpy()  # already str: share the objects, copy nothing
    return text_values(col)


def build(data: Mapping[str, object], columns: Mapping[str, str]) -> pd.DataFrame:
    """A frame of ``columns`` from arrays made for it that already hold their values
    (text: str objects, never missing; Int64: ints or None), without per-value checks.
    The frame takes the arrays as they are, without copies: do not change them after."""
    series = {
        name: pd.Series(
            np.asarray(data[name], dtype=object) if dtype == "str" else data[name],
            dtype=object if dtype == "str" else dtype,
            copy=False,
        )
        for name, dtype in columns.items()
    }
    return pd.DataFrame(series, copy=False)


def objects(values: object) -> pd.Series:
    """A column of Python objects (a list or array assigned as it is would become the
    arrow-backed ``str`` dtype)."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def ranks(values: np.ndarray) -> np.ndarray:
    """Integer ranks of strings in Python's order (equal strings, equal ranks; -1 for
    missing values, as ``pd.factorize(sort=True)`` gives)."""
    codes, uniques = pd.factorize(values)  # the distinct values sorted, not every row
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[string_order(np.asarray(uniques, dtype=object))] = np.arange(len(uniques))
    return np.where(codes < 0, -1, rank[codes])


def string_order(values: np.ndarray) -> np.ndarray:
    """Positions sorting distinct strings in Python's order: Arrow's sort (UTF-8 bytes
    compare as code points do), Python's when a string has no UTF-8 form."""
    try:
        return pc.sort_indices(pa.array(values, type=pa.string())).to_numpy()
    except (pa.ArrowException, UnicodeError):  # lone surrogates
        return np.array(sorted(range(len(values)), key=values.__getitem__), dtype=np.int64)


def stable_order(keys: Sequence[np.ndarray], descending: Sequence[bool] = ()) -> np.ndarray:
    """Row positions sorted by ``keys`` (most significant first), ties in row order: the
    order of ``sort_values(kind="stable")``. Text keys (object arrays) compare as Python
    strings; ``descending`` flags keys to sort from the largest. Each text key is ranked
    only on the rows that the keys before it leave tied."""
    flags = list(descending) + [False] * (len(keys) - len(descending))
    n = len(keys[0]) if keys else 0
    columns: list[np.ndarray] = []
    order, tied = np.arange(n), np.ones(n, dtype=bool)
    for key, down in zip(keys, flags, strict=True):
        codes = _codes(key, tied)
        columns.append(-codes if down else codes)
        order = np.lexsort(columns[::-1])
        pairs = _tied(columns, order)
        if not pairs.any():
            break
        tied = np.zeros(n, dtype=bool)
        tied[order[:-1][pairs]] = tied[order[1:][pairs]] = True
    return order


def _codes(key: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Integer sort codes of ``key``; text ranked on ``rows`` only (0 elsewhere)."""
    if key.dtype != object:
        return key.astype(np.int64)
    codes = np.zeros(len(key), dtype=np.int64)
    codes[rows] = ranks(key[rows])
    return codes


def _tied(columns: list[np.ndarray], order: np.ndarray) -> np.ndarray:
    """Per pair of neighbours in ``order``, whether they agree on all ``columns``."""
    tied = np.ones(max(len(order) - 1, 0), dtype=bool)
    for column in columns:
        ordered = column[order]
        tied &= ordered[1:] == ordered[:-1]
    return tied
