"""Identical-string consistency: do references written the same way end in one work?

A measure of the matcher beyond the DOI. Every reference string without a page (the
cited-reference string of a Web of Science export, a bibliography line), folded to lower
case with its whitespace collapsed, that two or more citing papers give alike should end in
one work unless the evidence says otherwise. The measure counts such strings that end in
more than one work ("split") and the pairs of their references, across citing papers, that
end apart ("pairs lost": co-citation and coupling links the matcher did not make).

Strings that name no work are left out and counted: WoS placeholders ("NO TITLE
CAPTURED") and strings without a word of three letters (``2``, ``1999, P12``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from refnet.inputs.exports import read_exports
from refnet.match.evaluate import pair_counts
from refnet.match.identity import match_references
from refnet.match.parse import parse_references

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]{3,}")
#: Placeholders Web of Science writes where it captured no reference.
PLACEHOLDERS = ("no title captured",)

#: Columns of :func:`identical_strings`.
STRING_COLUMNS = ["string", "papers", "references", "works", "pairs", "pairs_lost", "example"]


def string_key(raw: object) -> str:
    """A reference string folded for the comparison: lower case, whitespace collapsed."""
    return _SPACE.sub(" ", str(raw or "")).strip().casefold()


def names_a_work(key: str) -> bool:
    """Whether a folded string can name a work (not a placeholder, has a word)."""
    return bool(_WORD.search(key)) and not any(p in key for p in PLACEHOLDERS)


def _pairs_across(citing: Sequence[object], labels: Sequence[object] | None = None) -> int:
    """Pairs of items of different citing papers (sharing a label, if labels are given)."""
    labels = labels if labels is not None else [0] * len(citing)
    return pair_counts(labels) - pair_counts(list(zip(labels, citing, strict=True)))


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | (values.astype(str).str.strip() == "")


def identical_strings(matched: pd.DataFrame, min_papers: int = 2) -> pd.DataFrame:
    """One row per page-less string given alike by ``min_papers`` or more citing papers.

    ``matched`` needs ``citing_id``, ``raw``, ``pages`` and ``work_id``. Columns: the folded
    ``string``, the citing ``papers``, its ``references``, the ``works`` they end in, the
    ``pairs`` of references across citing papers and the ``pairs_lost`` among them that end
    in different works, and one ``example`` raw string (the smallest). Rows sorted by
    papers (most first), then string. ``attrs["excluded"]`` counts the strings given by
    ``min_papers`` or more papers that name no work (:func:`names_a_work`).
    """
    refs = matched.loc[_blank(matched["pages"]) & ~_blank(matched["raw"])]
    keys = refs["raw"].map(string_key)
    rows, excluded = [], 0
    for key, group in refs.groupby(keys.to_numpy(), sort=True):
        citing = group["citing_id"].astype(str).tolist()
        if len(set(citing)) < min_papers:
            continue
        if not names_a_work(key):
            excluded += 1
            continue
        works = group["work_id"].astype(str).tolist()
        pairs = _pairs_across(citing)
        rows.append(
            {
                "string": key,
                "papers": len(set(citing)),
                "references": len(group),
                "works": len(set(works)),
                "pairs": pairs,
                "pairs_lost": pairs - _pairs_across(citing, works),
                "example": min(group["raw"].astype(str)),
            }
        )
    table = pd.DataFrame(rows, columns=STRING_COLUMNS)
    table = table.sort_values(["papers", "string"], ascending=[False, True], kind="stable")
    table = table.reset_index(drop=True)
    table.attrs["excluded"] = excluded
    return table


def consistency_summary(strings: pd.DataFrame) -> dict[str, float]:
    """Totals of :func:`identical_strings`: strings, split strings and their share, pairs
    across citing papers and pairs lost (with their share)."""
    split = int((strings["works"] > 1).sum())
    pairs, lost = int(strings["pairs"].sum()), int(strings["pairs_lost"].sum())
    return {
        "strings": len(strings),
        "split": split,
        "split_share": split / len(strings) if len(strings) else 0.0,
        "pairs": pairs,
        "pairs_lost": lost,
        "lost_share": lost / pairs if pairs else 0.0,
        "excluded": int(strings.attrs.get("excluded", 0)),
    }


def match_exports(
    paths: Sequence[str | Path], settings: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The matched references of export files read together as one review (the matcher
    as the match stage runs it offline: parsed references and the review's papers)."""
    papers, refs, _ = read_exports([str(p) for p in paths])
    matched, _, _ = match_references(parse_references(refs), papers, dict(settings or {}))
    return matched
