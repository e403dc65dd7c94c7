"""The incidence matrix A: review papers (rows) × cited works (columns), 0/1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from refnet.errors import InputError


@dataclass(frozen=True)
class Incidence:
    """A sparse 0/1 matrix with the ids of its rows and columns (both sorted)."""

    matrix: sp.csr_matrix
    papers: np.ndarray
    works: np.ndarray
    #: Row and column of each matched reference (with a ``work_id``), in table order:
    #: what later steps would otherwise code again.
    rows: np.ndarray | None = None
    cols: np.ndarray | None = None

    @property
    def references(self) -> np.ndarray:
        """Distinct matched references of each paper (row sums)."""
        return np.asarray(self.matrix.sum(axis=1)).ravel().astype(np.int64)

    @property
    def citations(self) -> np.ndarray:
        """Local citation count of each work: distinct citing papers (column sums)."""
        return np.asarray(self.matrix.sum(axis=0)).ravel().astype(np.int64)


def sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``values`` into their sorted distinct values (code-point order)."""
    encoded = pc.dictionary_encode(_arrow_text(values)).combine_chunks()
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()  # UTF-8 byte order
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[encoded.indices.to_numpy(zero_copy_only=False)]
    return codes, np.asarray(encoded.dictionary.take(order).to_pylist(), dtype=object)


def _arrow_text(values: pd.Series) -> pa.ChunkedArray:
    """``values`` as an Arrow string array (no copy when already Arrow-backed)."""
    array = pa.array(values.astype("str").array)  # via __arrow_array__: no Python objects
    array = array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
    return array.cast(pa.string())


def _matched_pairs(references: pd.DataFrame) -> pd.DataFrame:
    """``citing_id``, ``work_id`` (and ``origin``) of the references with a work id."""
    columns = [name for name in ("citing_id", "work_id", "origin") if name in references]
    pairs, work = references[columns], references["work_id"]
    keep = work.notna() & (work != "")
    return pairs if keep.all() else pairs.loc[keep]


def incidence(references: pd.DataFrame, papers: Sequence[str] | None = None) -> Incidence:
    """Build A from the matched reference table (``citing_id``, ``work_id``).

    A pair cited several times (several sources, repeated lines) counts once. References
    without a ``work_id`` are left out (the match stage lists them). With ``papers``,
    every paper gets a row even without references, and a citing id outside ``papers``
    is an error.
    """
    for column in ("citing_id", "work_id"):
        if column not in references.columns:
            raise InputError("reference table lacks a column", value=column)
    matched = _matched_pairs(references)
    citing = matched["citing_id"]
    col, works = sorted_codes(matched["work_id"])
    if papers is None:
        row, paper_ids = sorted_codes(citing)
    else:
        paper_ids = np.unique(np.asarray([str(p) for p in papers], dtype=object))
        found = pc.index_in(_arrow_text(citing), value_set=pa.array(paper_ids, type=pa.string()))
        if found.null_count:
            first = int(np.flatnonzero(found.is_null().to_numpy(zero_copy_only=False))[0])
            origin = str(matched["origin"].iloc[first]) if "origin" in matched else ""
            raise InputError(
                "reference cites from a paper not in the review",
                value=str(citing.iloc[first]),
                origin=origin,
            )
        row = found.to_numpy().astype(np.int64)
    shape = (len(paper_ids), len(works))
    data = np.ones(len(col), dtype=np.int32)
    matrix = sp.csr_matrix((data, (row, col)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return Incidence(matrix=matrix, papers=paper_ids, works=works, rows=row, cols=col)
