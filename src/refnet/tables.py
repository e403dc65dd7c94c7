"""Deterministic table files: the same DataFrame gives the same bytes.

CSV is written in chunks of rows through Arrow compute kernels (no Python object per
value), so tables of tens of millions of rows stream to disk. The CSV dialect is the one
pandas writes: a header line, ``,`` between fields, ``\\n`` line ends, a field quoted
only when it holds a comma, a double quote or a line break (quotes doubled inside),
booleans as ``True``/``False``, missing values (NaN, NA, None) as empty fields.

Floats are rounded to 6 significant digits and written in the shortest form that reads
back to the rounded value: ``0.333333``, ``1``, ``0.00001``, ``2.5e-7``, ``123457000``
(see :mod:`refnet.formatting`). Between 1e-4 and 1e6 that is exactly ``"%.6g"``.

Text that a spreadsheet would take for a formula (a value starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return: the OWASP "CSV injection" rule) is written with
a ``'`` in front, so Excel, LibreOffice and Google Sheets show it as text and run nothing.
Only text columns are touched (a negative number in a numeric column stays a number);
the Parquet tables keep the true values.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from refnet.formatting import TEXT, as_array, join_bytes, literal, text_bytes, value_text
from refnet.model import conform

#: Rows formatted at once when streaming a table to text.
CHUNK_ROWS = 250_000
#: Rows per Parquet row group: pyarrow's default, which :func:`write_parquet` keeps.
ROW_GROUP_ROWS = 1024 * 1024

_NEEDS_QUOTES = '[",\r\n]'
#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = b"=+-@\t\r"
_FORMULA_START = "^[=+\\-@\t\r]"
_FORMULA_CODES = np.frombuffer(FORMULA_STARTS, dtype=np.uint8)


def neutralize_formulas(text: pa.Array) -> pa.Array:
    """Strings with a ``'`` before those that start like a spreadsheet formula."""
    text = as_array(text).cast(TEXT)
    if not _any_formula(text):
        return text
    starts = pc.match_substring_regex(text, _FORMULA_START)
    prefixed = pc.binary_join_element_wise(literal("'"), text, literal(""))
    return pc.if_else(starts, prefixed, text)


def _any_formula(text: pa.Array) -> bool:
    """Whether any string of ``text`` starts with one of :data:`FORMULA_STARTS`."""
    data = text_bytes(text)
    if not len(data):
        return False
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    offsets = offsets[text.offset : text.offset + len(text) + 1] - offsets[text.offset]
    starts = offsets[:-1][offsets[1:] > offsets[:-1]]
    return bool(np.isin(data[starts], _FORMULA_CODES).any())


def csv_field(text: pa.Array) -> pa.Array:
    """Strings as CSV fields: quoted (inner quotes doubled) only when they need it."""
    text = as_array(text).cast(TEXT)
    if not needs_quoting(text):
        return text
    doubled = pc.replace_substring(text, '"', '""')
    quoted = pc.binary_join_element_wise(literal('"'), doubled, literal('"'), literal(""))
    return pc.if_else(pc.match_substring_regex(text, _NEEDS_QUOTES), quoted, text)


def needs_quoting(text: pa.Array) -> bool:
    """Whether any string of ``text`` holds a comma, a double quote or a line break."""
    data = text_bytes(text)
    if not len(data):
        return False
    return bool(((data == 44) | (data == 34) | (data == 10) | (data == 13)).any())


def text_column(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One Arrow column as CSV field text (null for an empty field)."""
    text = value_text(column)
    if _is_numeric(column.type):
        return text
    return csv_field(neutralize_formulas(text))


def _header(names: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(names)
    return buffer.getvalue()


def _lines(fields: list[pa.Array]) -> pa.Array:
    """Rows of field texts joined by commas, each ending in "\\n"."""
    fields = [pc.fill_null(f, literal("")) for f in fields]
    if len(fields) == 1:  # a lone empty field must not look like an empty line
        fields = [pc.if_else(pc.equal(fields[0], ""), literal('""'), fields[0])]
    rows = pc.binary_join_element_wise(*fields, literal(",")) if len(fields) > 1 else fields[0]
    return pc.binary_join_element_wise(rows, literal("\n"), literal(""))


def iter_csv_bytes(df: pd.DataFrame, chunk_rows: int | None = None) -> Iterator[bytes | pa.Buffer]:
    """The CSV bytes of ``df`` (no index), ``chunk_rows`` (:data:`CHUNK_ROWS`) at a time."""
    chunk_rows = chunk_rows or CHUNK_ROWS
    yield _header([str(c) for c in df.columns]).encode("utf-8")
    if not len(df.columns):
        return
    for start in range(0, len(df), chunk_rows):
        part = df.iloc[start : start + chunk_rows]
        yield from csv_rows(pa.Table.from_pandas(part, preserve_index=False), chunk_rows)


def csv_rows(
    table: pa.Table | pa.RecordBatch, chunk_rows: int | None = None
) -> Iterator[bytes | pa.Buffer]:
    """The CSV lines of an Arrow table (no header), ``chunk_rows`` at a time."""
    chunk_rows = chunk_rows or CHUNK_ROWS
    numeric = [_is_numeric(column.type) for column in table.columns]
    for start in range(0, table.num_rows, chunk_rows):
        part = table.slice(start, chunk_rows)
        fields = [text_column(c) for c in part.columns]
        texts = [field for field, plain in zip(fields, numeric, strict=True) if not plain]
        yield chunk_bytes(fields, texts)


def _is_numeric(kind: pa.DataType) -> bool:
    """Whether a column of this type is written as numbers (never quoted)."""
    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind)


def join_lines(fields: list[pa.Array]) -> pa.Buffer:
    """The CSV lines of fields already in CSV field text (quoted where needed), joined
    with commas (a field may hold several of the line's fields)."""
    return join_bytes(_lines(fields))


def chunk_bytes(fields: list[pa.Array], texts: list[pa.Array] | None = None) -> bytes | pa.Buffer:
    """The CSV lines of a chunk of formatted fields (CSV field text, null for empty).

    ``texts``: the fields that may hold a comma, a quote or a line break (all of them
    unless told; the text of numbers holds none)."""
    texts = fields if texts is None else texts
    if len(fields) == 1 or any(needs_quoting(f) for f in texts):
        return join_bytes(_lines(fields))  # quoted fields: join them ourselves
    # nothing to quote: Arrow's CSV writer joins plain text fastest
    sink = pa.BufferOutputStream()
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    names = [str(k) for k in range(len(fields))]
    pa_csv.write_csv(pa.table(fields, names=names), sink, options)
    return sink.getvalue()


def to_csv_text(df: pd.DataFrame) -> str:
    """CSV text of ``df`` in the dialect of :func:`write_csv`."""
    return b"".join(bytes(chunk) for chunk in iter_csv_bytes(df)).decode("utf-8")


def write_csv(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as CSV (UTF-8), streaming in chunks of rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for chunk in iter_csv_bytes(df):
            fh.write(chunk)
    pa.default_memory_pool().release_unused()  # the chunks' memory back to the system


def write_parquet(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as Parquet without pandas metadata that could vary."""
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(_arrow(df), path, row_group_size=ROW_GROUP_ROWS, compression="zstd")


def _arrow(df: pd.DataFrame) -> pa.Table:
    """``df`` as an Arrow table without pandas metadata (which could vary)."""
    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    return table.replace_schema_metadata(None)


def write_csv_and_parquet(df: pd.DataFrame, csv_path: str | Path, parquet_path: str | Path) -> None:
    """``df`` as CSV and Parquet (the bytes of :func:`write_csv` and :func:`write_parquet`),
    converted to Arrow once for both (each alone converts the whole table)."""
    table = _arrow(df)
    write_batches(table.schema, [table], csv_path, parquet_path)


def write_batches(
    schema: pa.Schema,
    batches: Iterable[pa.RecordBatch | pa.Table],
    csv_path: str | Path | None = None,
    parquet_path: str | Path | None = None,
    csv_lines: Callable[[pa.Table, int], Iterable[bytes | pa.Buffer]] | None = None,
) -> None:
    """Write a table given as chunks of rows (Arrow batches of ``schema``) as CSV and/or
    Parquet, holding one Parquet row group at a time.

    The files have the bytes :func:`write_csv` and :func:`write_parquet` write for the
    whole table (the table's DataFrame converted by Arrow has ``schema``). ``csv_lines``
    (group, first row) gives a row group's CSV lines when the caller can make them
    faster than from the group's columns (the same bytes).
    """
    import pyarrow.parquet as pq

    schema = schema.remove_metadata()
    with contextlib.ExitStack() as stack:
        text, parquet = None, None
        if csv_path is not None:
            Path(csv_path).parent.mkdir(parents=True, exist_ok=True)
            text = stack.enter_context(Path(csv_path).open("wb"))
            text.write(_header(schema.names).encode("utf-8"))
        if parquet_path is not None:
            Path(parquet_path).parent.mkdir(parents=True, exist_ok=True)
            parquet = stack.enter_context(
                pq.ParquetWriter(parquet_path, schema, compression="zstd")
            )
        # Parquet encodes a row group in a thread while the CSV text of it is formatted
        # (both release the GIL); row groups still reach each file in order
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=1))
        pending: Future | None = None
        first = 0
        for group in _row_groups(schema, batches):
            if parquet is not None:
                if pending is not None:
                    pending.result()
                pending = pool.submit(parquet.write_table, group, row_group_size=ROW_GROUP_ROWS)
            if text is not None:
                lines = csv_rows(group) if csv_lines is None else csv_lines(group, first)
                for chunk in lines:
                    text.write(chunk)
            first += group.num_rows
        if pending is not None:
            pending.result()


def _row_groups(
    schema: pa.Schema, batches: Iterable[pa.RecordBatch | pa.Table]
) -> Iterator[pa.Table]:
    """The rows of ``batches`` regrouped into contiguous tables of :data:`ROW_GROUP_ROWS`
    rows (the last one shorter; one empty table when there are no rows)."""
    pending: list[pa.Table] = []
    rows = 0
    written = False
    for batch in batches:
        table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
        pending.append(table.cast(schema) if table.schema != schema else table)
        rows += table.num_rows
        while rows >= ROW_GROUP_ROWS:
            joined = pa.concat_tables(pending)
            yield joined.slice(0, ROW_GROUP_ROWS).combine_chunks()
            written = True
            pending, rows = [joined.slice(ROW_GROUP_ROWS)], rows - ROW_GROUP_ROWS
    if rows or not written:
        yield pa.concat_tables(pending).combine_chunks() if pending else schema.empty_table()


def read_parquet(path: str | Path, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a Parquet table; with ``columns`` (a ``model`` schema) conform its dtypes."""
    df = pd.read_parquet(path)
    return conform(df, columns) if columns is not None else df


def parquet_rows(path: str | Path) -> int:
    """The number of rows of a Parquet table (from its footer; no row is read)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def read_columns(path: str | Path, columns: Iterable[str]) -> pd.DataFrame:
    """The text ``columns`` of a Parquet table, missing values (and columns it lacks) as ""
    (what ``model.conform`` gives), kept as Arrow strings: no Python object per value."""
    import pyarrow.parquet as pq

    columns = list(columns)
    present = set(pq.read_schema(path).names)
    table = pq.read_table(path, columns=[c for c in columns if c in present])
    out = {}
    for name in columns:
        if name in present:
            text = pc.cast(table.column(name), pa.string())
            text = pc.fill_null(text, "") if text.null_count else text
        else:
            text = pa.chunked_array([pa.nulls(table.num_rows, pa.string()).fill_null("")])
        out[name] = pd.Series(pd.array(text, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
    return pd.DataFrame(out, index=pd.RangeIndex(table.num_rows))


def write_table(df: pd.DataFrame, path: str | Path) -> None:
    """Write by suffix: ``.csv`` or ``.parquet``."""
    suffix = Path(path).suffix
    if suffix == ".csv":
        write_csv(df, path)
    elif suffix == ".parquet":
        write_parquet(df, path)
    else:
        raise ValueError(f"unknown table format for {path}")
