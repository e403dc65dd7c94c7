"""Deterministic table files: the same DataFrame gives the same bytes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from refnet.model import conform

FLOAT_FORMAT = "%.6g"


def to_csv_text(df: pd.DataFrame) -> str:
    """CSV text with fixed float formatting, "\\n" line ends and no index."""
    return df.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def write_csv(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as CSV (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_csv_text(df), encoding="utf-8")


def write_parquet(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as Parquet without pandas metadata that could vary."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd")


def read_parquet(path: str | Path, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a Parquet table; with ``columns`` (a ``model`` schema) conform its dtypes."""
    df = pd.read_parquet(path)
    return conform(df, columns) if columns is not None else df


def write_table(df: pd.DataFrame, path: str | Path) -> None:
    """Write by suffix: ``.csv`` or ``.parquet``."""
    suffix = Path(path).suffix
    if suffix == ".csv":
        write_csv(df, path)
    elif suffix == ".parquet":
        write_parquet(df, path)
    else:
        raise ValueError(f"unknown table format for {path}")
