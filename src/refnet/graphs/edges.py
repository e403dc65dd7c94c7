"""Similarity edges held as arrays: node positions, weights and the node totals.

An :class:`Edges` is what coupling and co-citation compute: int32 positions ``source <
target`` into the sorted node ids, the int32 shared count ``weight``, and per node its
occurrences s_i and total link strength n_i. The measures (formulas in
:mod:`refnet.graphs.similarity`) are computed in float64 on demand, one column at a time,
so a graph of tens of millions of edges never needs a table of them all at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from refnet.model import conform

#: Columns of a similarity edge table (source < target, one row per pair).
EDGE_COLUMNS: dict[str, str] = {
    "source": "str",
    "target": "str",
    "weight": "int64",
    "jaccard": "float64",
    "cosine": "float64",
    "inclusion": "float64",
    "association": "float64",
    "association_cwts": "float64",
}

#: The measure columns, in table order.
MEASURES = ("jaccard", "cosine", "inclusion", "association", "association_cwts")

#: The Arrow schema of the edge table, as Arrow converts :meth:`Edges.frame`.
EDGE_SCHEMA = pa.schema(
    [("source", pa.large_string()), ("target", pa.large_string()), ("weight", pa.int64())]
    + [(name, pa.float64()) for name in MEASURES]
)


@dataclass(frozen=True)
class Edges:
    """Edges ``ids[source[k]] – ids[target[k]]`` sorted by (source, target)."""

    ids: np.ndarray
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    occurrences: np.ndarray
    strength: np.ndarray

    def __len__(self) -> int:
        return len(self.weight)

    @property
    def nbytes(self) -> int:
        """Bytes held by the edge arrays (not the node arrays)."""
        return self.source.nbytes + self.target.nbytes + self.weight.nbytes

    def measure(self, name: str) -> np.ndarray:
        """One measure of every edge as float64 (see :data:`MEASURES`)."""
        if name not in MEASURES:
            raise ValueError(f"unknown similarity measure {name!r}")
        c = self.weight.astype(np.float64)
        if name == "association_cwts":
            n = self.strength.astype(np.float64)
            denominator = n[self.source]
            denominator *= n[self.target]
            c *= n.sum()
            return np.divide(c, denominator, out=c)
        s = self.occurrences.astype(np.float64)
        si, sj = s[self.source], s[self.target]
        if name == "jaccard":
            si += sj
            si -= c
        elif name == "cosine":
            si *= sj
            np.sqrt(si, out=si)
        elif name == "inclusion":
            np.minimum(si, sj, out=si)
        else:  # association
            si *= sj
        del sj
        return np.divide(c, si, out=c)

    def columns(self) -> Iterator[tuple[str, pd.Series | np.ndarray]]:
        """The edge table's columns one at a time (``EDGE_COLUMNS`` order)."""
        yield "source", _take(self.ids, self.source)
        yield "target", _take(self.ids, self.target)
        yield "weight", self.weight.astype(np.int64)
        for name in MEASURES:
            yield name, self.measure(name)

    def rows(self, start: int, stop: int) -> Edges:
        """The edges ``start:stop`` (views; the node arrays are shared)."""
        return Edges(
            self.ids,
            self.source[start:stop],
            self.target[start:stop],
            self.weight[start:stop],
            self.occurrences,
            self.strength,
        )

    def batches(self, rows: int) -> Iterator[pa.RecordBatch]:
        """The edge table (:data:`EDGE_SCHEMA`) ``rows`` edges at a time, each batch built
        from the arrays when asked (the values of :meth:`frame`, no table of them all)."""
        ids = pa.array(self.ids, type=pa.large_string())
        for start in range(0, len(self), rows):
            part = self.rows(start, start + rows)
            columns = [ids.take(pa.array(part.source)), ids.take(pa.array(part.target))]
            columns.append(pa.array(part.weight.astype(np.int64)))
            columns += [pa.array(part.measure(name)) for name in MEASURES]
            yield pa.record_batch(columns, schema=EDGE_SCHEMA)

    def frame(self) -> pd.DataFrame:
        """The edge table (``EDGE_COLUMNS``), as the graphs stage writes it."""
        if not len(self):
            return conform(pd.DataFrame(), EDGE_COLUMNS)
        return pd.DataFrame(dict(self.columns()), copy=False)


def _take(ids: np.ndarray, positions: np.ndarray) -> pd.Series:
    """``ids[positions]`` as a pandas string column, without Python objects per row."""
    taken = pa.array(ids, type=pa.string()).take(pa.array(positions))
    return pd.Series(pd.array(taken, dtype="str"))
