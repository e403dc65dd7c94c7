"""The incidence matrix A: review papers (rows) × cited works (columns), 0/1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from refnet.errors import InputError


@dataclass(frozen=True)
class Incidence:
    """A sparse 0/1 matrix with the ids of its rows and columns (both sorted)."""

    matrix: sp.csr_matrix
    papers: np.ndarray
    works: np.ndarray

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
    codes, uniques = pd.factorize(values.astype("str"), sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


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
    matched = references.loc[references["work_id"].astype(str) != ""]
    col, works = sorted_codes(matched["work_id"].astype(str))
    citing = matched["citing_id"].astype(str)
    if papers is None:
        row, paper_ids = sorted_codes(citing)
    else:
        paper_ids = np.unique(np.asarray([str(p) for p in papers], dtype=object))
        row = pd.Index(paper_ids).get_indexer(citing.to_numpy(dtype=object))
        if (row < 0).any():
            first = int(np.flatnonzero(row < 0)[0])
            origin = str(matched["origin"].iloc[first]) if "origin" in matched else ""
            raise InputError(
                "reference cites from a paper not in the review",
                value=citing.iloc[first],
                origin=origin,
            )
    shape = (len(paper_ids), len(works))
    data = np.ones(len(col), dtype=np.int32)
    matrix = sp.csr_matrix((data, (np.asarray(row, dtype=np.int64), col)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return Incidence(matrix=matrix, papers=paper_ids, works=works)
