"""CSV and Parquet tables: the pandas dialect, fixed float precision, identical bytes."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from refnet import tables
from refnet.formatting import format_value, round_significant
from refnet.tables import to_csv_text, write_csv


def mixed_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": pd.array(["plain", "", None, 'say "hi"', "a,b", "two\nlines", "Пейп"], "str"),
            "count": pd.array([1, None, 3, -4, 5, 6, 7], dtype="Int64"),
            "flag": [True, False, True, True, False, True, False],
            "nothing": [None] * 7,
        }
    )


def test_csv_is_the_pandas_dialect_for_text_integers_and_booleans():
    df = mixed_frame()
    assert to_csv_text(df) == df.to_csv(index=False, lineterminator="\n")
    lone = pd.DataFrame({"a": ["", "x"]})  # an empty lone field must not read as a blank line
    assert to_csv_text(lone) == lone.to_csv(index=False, lineterminator="\n")


def test_floats_keep_six_significant_digits():
    rng = np.random.default_rng(1)
    values = np.concatenate(
        [rng.random(2000), rng.random(500) * 1e-7, rng.random(500) * 1e9, [0.0, 1.0, -2.5]]
    )
    rounded = round_significant(values)
    expected = np.array([float(f"{v:.6g}") for v in values])
    # the same decimal as "%.6g" except (rarely) a tie broken the other way
    assert np.mean(rounded == expected) > 0.99
    assert np.allclose(rounded, values, rtol=5e-6, atol=0)
    text = pd.read_csv(pd.io.common.StringIO(to_csv_text(pd.DataFrame({"x": values}))))["x"]
    assert np.array_equal(text.to_numpy(), rounded)
    assert [format_value(v) for v in (1 / 3, 1.0, 1e-5, 2.5e-7, np.nan, -0.0)] == [
        "0.333333",
        "1",
        "0.00001",
        "2.5e-7",
        "",
        "0",
    ]
    repeated = np.tile([0.5, 1 / 3, np.nan, -0.0], 100)  # the path that formats distinct values
    text = to_csv_text(pd.DataFrame({"x": repeated, "y": 1}))
    assert text.split("\n")[1:5] == ["0.5,1", "0.333333,1", ",1", "0,1"]


def test_chunked_writing_gives_the_same_bytes(tmp_path, monkeypatch):
    df = pd.concat([mixed_frame()] * 50, ignore_index=True)
    df["share"] = np.linspace(0, 1, len(df))
    whole = to_csv_text(df)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)
    assert len(list(tables.iter_csv_bytes(df))) == 1 + 50  # the header, then 50 chunks
    write_csv(df, tmp_path / "a.csv")
    write_csv(df, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == whole
    back = pd.read_csv(tmp_path / "a.csv", keep_default_na=False, dtype={"text": str})
    assert back["text"].tolist() == ["plain", "", "", 'say "hi"', "a,b", "two\nlines", "Пейп"] * 50


@pytest.mark.parametrize("empty", [pd.DataFrame(), pd.DataFrame({"a": [], "b": []})])
def test_empty_tables(empty):
    assert to_csv_text(empty) == empty.to_csv(index=False, lineterminator="\n")


def test_batches_give_the_bytes_of_the_whole_table(tmp_path, monkeypatch):
    df = pd.concat([mixed_frame()] * 50, ignore_index=True)
    df["share"] = np.linspace(0, 1, len(df))
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)
    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 40)  # several row groups, not batch-aligned
    tables.write_csv(df, tmp_path / "whole.csv")
    tables.write_parquet(df, tmp_path / "whole.parquet")
    table = pa.Table.from_pandas(df, preserve_index=False)
    cuts = [0, 3, 3, 50, 131, 200, len(df)]
    batches = [table.slice(a, b - a) for a, b in itertools.pairwise(cuts)]
    tables.write_batches(table.schema, batches, tmp_path / "b.csv", tmp_path / "b.parquet")
    for suffix in ("csv", "parquet"):
        whole = (tmp_path / f"whole.{suffix}").read_bytes()
        assert (tmp_path / f"b.{suffix}").read_bytes() == whole
    empty = df.iloc[:0]
    tables.write_parquet(empty, tmp_path / "empty.parquet")
    tables.write_csv(empty, tmp_path / "empty.csv")
    tables.write_batches(table.schema, [], tmp_path / "e.csv", tmp_path / "e.parquet")
    for suffix in ("csv", "parquet"):
        whole = (tmp_path / f"empty.{suffix}").read_bytes()
        assert (tmp_path / f"e.{suffix}").read_bytes() == whole


def test_formula_cells_are_neutralised_in_text_columns_only():
    df = pd.DataFrame(
        {
            "title": ["=1+1", "+cmd", "-x", "@SUM(A1)", "\t=1", "\r=1", "fine", "", None],
            "x": [-1.5, -2.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            "n": [-1, -2, 0, 1, 2, 3, 4, 5, 6],
        }
    )
    text = tables.to_csv_text(df)
    lines = text.split("\n")
    assert lines[1] == "'=1+1,-1.5,-1" and lines[2] == "'+cmd,-2,-2" and lines[3] == "'-x,0,0"
    assert lines[4].startswith("'@SUM(A1),") and lines[5].startswith("'\t=1,")
    assert lines[6].startswith('"\'\r=1",')  # quoted: it holds a line break
    assert lines[7].startswith("fine,") and lines[8].startswith(",") and lines[9].startswith(",")
    plain = pd.DataFrame({"title": ["a", "b=c"], "n": [1, 2]})
    assert tables.to_csv_text(plain) == "title,n\na,1\nb=c,2\n"


@pytest.mark.parametrize("bound", [None, 0])
def test_edge_tables_streamed_from_arrays_give_the_bytes_of_their_frame(
    tmp_path, monkeypatch, bound
):
    from refnet.graphs import edges as edges_module
    from refnet.graphs.edges import Edges
    from refnet.graphs.stage import write_graph_table

    rng = np.random.default_rng(2)
    ids = np.array(["a", "b,c", '"q"', "=cmd()", "-1", "é", *map(str, range(40))], dtype=object)
    i, j = np.nonzero(np.triu(rng.random((len(ids), len(ids))) < 0.5, 1))
    occurrences = rng.integers(5, 30, len(ids))
    weight = rng.integers(1, 5, len(i)).astype(np.int16)
    edges = Edges(ids, i, j, weight, occurrences, occurrences * 7, rng.integers(0, 2, len(i)))
    if bound is not None:  # the fallback when the keys would not fit
        monkeypatch.setattr(edges_module, "_keyed_bound", lambda _: None)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 17)
    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 100)
    write_graph_table(edges, tmp_path / "s.csv", tmp_path / "s.parquet")
    tables.write_csv(edges.frame(), tmp_path / "f.csv")
    tables.write_parquet(edges.frame(), tmp_path / "f.parquet")
    assert len(edges) > 300 and '"b,c"' in (tmp_path / "s.csv").read_text(encoding="utf-8")
    for suffix in ("csv", "parquet"):
        assert (tmp_path / f"s.{suffix}").read_bytes() == (tmp_path / f"f.{suffix}").read_bytes()
