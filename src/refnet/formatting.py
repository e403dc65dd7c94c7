"""Deterministic text of Arrow columns: fixed-precision floats, booleans, raw bytes.

Used by the CSV tables and by the graph-file writers so that both write the same text
for the same value. Floats are rounded to :data:`SIGNIFICANT_DIGITS` significant digits
and written in the shortest form that reads back to the rounded value (``0.333333``,
``1``, ``0.00001``, ``2.5e-7``); between 1e-4 and 1e6 that is exactly ``"%.6g"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Significant digits of every float written to a text file (CSV, graph files).
SIGNIFICANT_DIGITS = 6
#: The type of every formatted column, so kernels see one string type.
TEXT = pa.large_string()


def as_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous Arrow array (chunked arrays are combined)."""
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def literal(text: str) -> pa.Scalar:
    """A text scalar of the type every formatted column has."""
    return pa.scalar(text, TEXT)


def round_significant(values: np.ndarray, digits: int = SIGNIFICANT_DIGITS) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits (NaN and ±inf unchanged).

    The result is the double nearest to the rounded decimal, so its shortest text form
    has at most ``digits`` digits.
    """
    x = np.asarray(values, dtype=np.float64)
    out = x.copy()
    finite = np.isfinite(x) & (x != 0)
    if not finite.any():
        return out
    v = x[finite]
    shift = (digits - 1) - np.floor(np.log10(np.abs(v))).astype(np.int64)
    up = np.clip(shift, 0, 22)  # 10**k is exact in a double for k ≤ 22
    down = np.clip(-shift, 0, 22)
    scaled = np.round(v * 10.0**up / 10.0**down)
    rounded = scaled / 10.0**up * 10.0**down
    small = shift > 22  # below 1e-17: a second exact step
    if small.any():
        rest = 10.0 ** (shift[small] - 22)
        rounded[small] = np.round(v[small] * 1e22 * rest) / rest / 1e22
    out[finite] = rounded
    return out


def format_floats(values: np.ndarray | pa.Array) -> pa.Array:
    """Floats as text at :data:`SIGNIFICANT_DIGITS` digits; NaN becomes null."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        mask = values.is_null().to_numpy(zero_copy_only=False)
        values = values.to_numpy(zero_copy_only=False).astype(np.float64)
    else:
        values = np.asarray(values, dtype=np.float64)
        mask = np.zeros(len(values), dtype=bool)
    values = np.where(mask, np.nan, values) + 0.0  # -0.0 reads as 0
    codes, distinct = pd.factorize(values)  # NaN gets code -1
    if len(distinct) * 4 < len(values):  # similarity measures repeat: format each value once
        text = pc.cast(pa.array(round_significant(distinct), type=pa.float64()), TEXT)
        return text.take(pa.array(codes, mask=codes < 0))
    rounded = round_significant(values)
    return pc.cast(pa.array(rounded, type=pa.float64(), mask=np.isnan(rounded)), TEXT)


def format_value(value: float) -> str:
    """One float as :func:`format_floats` writes it ("" for NaN)."""
    text = format_floats(np.array([value], dtype=np.float64))[0].as_py()
    return "" if text is None else text


def text_bytes(text: pa.Array) -> np.ndarray:
    """The UTF-8 bytes of a large-string array's values, as one uint8 view."""
    text = as_array(text)
    buffers = text.buffers()
    if not len(text) or buffers[2] is None:
        return np.empty(0, dtype=np.uint8)
    offsets = np.frombuffer(buffers[1], dtype=np.int64)
    start, stop = int(offsets[text.offset]), int(offsets[text.offset + len(text)])
    return np.frombuffer(buffers[2], dtype=np.uint8, count=stop)[start:]


def value_text(
    column: pa.Array | pa.ChunkedArray, booleans: tuple[str, str] = ("True", "False")
) -> pa.Array:
    """One Arrow column as text (large strings; missing values stay null)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.dictionary_decode()
        kind = column.type
    if pa.types.is_null(kind):
        return pa.nulls(len(column), TEXT)
    if pa.types.is_floating(kind):
        return format_floats(column)
    if pa.types.is_boolean(kind):
        return pc.if_else(column, literal(booleans[0]), literal(booleans[1]))
    return pc.cast(column, TEXT)


def join_bytes(lines: pa.Array | pa.ChunkedArray) -> pa.Buffer:
    """The concatenated UTF-8 bytes of a string array (without a Python object per row)."""
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    lines = lines.cast(TEXT)
    data = text_bytes(lines)
    return pa.py_buffer(data) if len(data) else pa.py_buffer(b"")
