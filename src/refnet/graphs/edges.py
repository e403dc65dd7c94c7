"""Similarity edges held as arrays: node positions, weights and the node totals.

An :class:`Edges` is what coupling and co-citation compute: positions ``source < target``
into the sorted node ids, the shared count ``weight`` (each array of the narrowest of
int16 and int32 that holds its values), and per node its occurrences s_i and total link
strength n_i. With ``exact`` (set by :meth:`Edges.with_exact`) the table ends with
``weight_exact``: the shared works (or citing papers) joined by identifiers only
(:mod:`refnet.graphs.evidence`).

The measures (formulas in :mod:`refnet.graphs.similarity`) are computed in
float64 on demand, one column at a time and a chunk of edges at a time, so a graph of
tens of millions of edges never needs a table of them all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refnet import tables
from refnet.formatting import literal, value_text
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

#: The column of shared items joined by identifiers only (when known).
EXACT = "weight_exact"

#: Edges per chunk when computing a measure (bounds its float64 temporaries).
MEASURE_CHUNK = 1 << 18

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
    exact: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.weight)

    @property
    def nbytes(self) -> int:
        """Bytes held by the edge arrays (not the node arrays)."""
        return self.source.nbytes + self.target.nbytes + self.weight.nbytes

    def with_exact(self, exact: np.ndarray) -> Edges:
        """The same edges with their ``weight_exact``."""
        return Edges(
            self.ids, self.source, self.target, self.weight, self.occurrences, self.strength, exact
        )

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema of this edge table."""
        if self.exact is None:
            return EDGE_SCHEMA
        return EDGE_SCHEMA.append(pa.field(EXACT, pa.int64()))

    def measure(self, name: str) -> np.ndarray:
        """One measure of every edge as float64 (see :data:`MEASURES`)."""
        if name not in MEASURES:
            raise ValueError(f"unknown similarity measure {name!r}")
        cwts = name == "association_cwts"
        node = (self.strength if cwts else self.occurrences).astype(np.float64)
        total = node.sum() if cwts else 1.0
        out = np.empty(len(self), dtype=np.float64)
        for start in range(0, len(self), MEASURE_CHUNK):
            part = slice(start, start + MEASURE_CHUNK)
            c = self.weight[part].astype(np.float64)
            _measure_into(
                name, c, node[self.source[part]], node[self.target[part]], total, out[part]
            )
        return out

    def columns(self) -> Iterator[tuple[str, pd.Series | np.ndarray]]:
        """The edge table's columns one at a time (``EDGE_COLUMNS`` order)."""
        yield "source", _take(self.ids, self.source)
        yield "target", _take(self.ids, self.target)
        yield "weight", self.weight.astype(np.int64)
        for name in MEASURES:
            yield name, self.measure(name)
        if self.exact is not None:
            yield EXACT, self.exact.astype(np.int64)

    def rows(self, start: int, stop: int) -> Edges:
        """The edges ``start:stop`` (views; the node arrays are shared)."""
        return Edges(
            self.ids,
            self.source[start:stop],
            self.target[start:stop],
            self.weight[start:stop],
            self.occurrences,
            self.strength,
            None if self.exact is None else self.exact[start:stop],
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
            if part.exact is not None:
                columns.append(pa.array(part.exact.astype(np.int64)))
            yield pa.record_batch(columns, schema=self.schema)

    def csv_lines(self) -> Callable[[pa.Table, int], Iterator[bytes | pa.Buffer]]:
        """The CSV lines of the rows of a batch of :meth:`batches` from its first row (for
        :func:`refnet.tables.write_batches`), made from the arrays: each id's field text
        once, and the weight with the four measures of occurrences once per distinct
        (weight, s_i, s_j); the bytes :func:`refnet.tables.write_csv` writes."""
        ids = tables.text_column(pa.array(self.ids, type=pa.large_string()))
        keyed = _keyed_bound(self.occurrences)

        def lines(group: pa.Table, first: int) -> Iterator[bytes | pa.Buffer]:
            for start in range(first, first + group.num_rows, tables.CHUNK_ROWS):
                part = self.rows(start, min(start + tables.CHUNK_ROWS, first + group.num_rows))
                if keyed is None:  # too many distinct counts to key: the columns' text
                    batch = next(part.batches(len(part)))
                    yield from tables.csv_rows(batch)
                    continue
                fields = [ids.take(pa.array(part.source)), ids.take(pa.array(part.target))]
                fields.append(part.occurrence_text(keyed))
                fields.append(value_text(pa.array(part.measure("association_cwts"))))
                if part.exact is not None:
                    fields.append(value_text(pa.array(part.exact.astype(np.int64))))
                yield tables.join_lines(fields)

        return lines

    def occurrence_text(self, bound: int) -> pa.Array:
        """``weight,jaccard,cosine,inclusion,association`` of each edge as CSV text,
        formatted once per distinct (weight, s_i, s_j), each below ``bound``."""
        s = self.occurrences.astype(np.int64)
        key = self.weight.astype(np.int64) * bound + s[self.source]
        key *= bound
        key += s[self.target]
        codes, distinct = pd.factorize(key)
        c, si, sj = distinct // (bound * bound), distinct // bound % bound, distinct % bound
        fields = [value_text(pa.array(c))]
        c, si, sj = (values.astype(np.float64) for values in (c, si, sj))
        for name in MEASURES[:4]:
            out = np.empty(len(distinct), dtype=np.float64)
            _measure_into(name, c.copy(), si.copy(), sj, 1.0, out)
            fields.append(pc.fill_null(value_text(pa.array(out)), literal("")))
        text = pc.binary_join_element_wise(*fields, literal(","))
        return text.take(pa.array(codes))

    def frame(self) -> pd.DataFrame:
        """The edge table (``EDGE_COLUMNS``), as the graphs stage writes it."""
        if not len(self):
            columns = EDGE_COLUMNS if self.exact is None else {**EDGE_COLUMNS, EXACT: "int64"}
            return conform(pd.DataFrame(), columns)
        return pd.DataFrame(dict(self.columns()), copy=False)


def _measure_into(
    name: str, c: np.ndarray, si: np.ndarray, sj: np.ndarray, total: float, out: np.ndarray
) -> None:
    """Write measure ``name`` of edges of weight ``c`` between nodes of values ``si``,
    ``sj`` (occurrences, or link strengths of total ``total``) into ``out``; overwrites
    ``c`` and ``si``."""
    if name == "association_cwts":
        c *= total
        si *= sj
    elif name == "jaccard":
        si += sj
        si -= c
    elif name == "cosine":
        si *= sj
        np.sqrt(si, out=si)
    elif name == "inclusion":
        np.minimum(si, sj, out=si)
    else:  # association
        si *= sj
    np.divide(c, si, out=out)


def _keyed_bound(occurrences: np.ndarray) -> int | None:
    """The bound of the (weight, s_i, s_j) keys of :meth:`Edges.occurrence_text`, or None
    when their product would not fit in an int64 (a weight never exceeds s_i)."""
    bound = int(occurrences.max(initial=0)) + 1
    return bound if bound**3 < 2**62 else None


def _take(ids: np.ndarray, positions: np.ndarray) -> pd.Series:
    """``ids[positions]`` as a pandas string column, without Python objects per row."""
    taken = pa.array(ids, type=pa.string()).take(pa.array(positions))
    return pd.Series(pd.array(taken, dtype="str"))
