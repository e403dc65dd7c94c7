"""Content-derived work ids: ``doi:…``, ``isbn:…`` or ``surnameYEAR-title-words-hash``."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from refnet.match.frames import ranks, stable_order

if TYPE_CHECKING:
    from refnet.match.evidence import Matcher


def _size_and_content(table: pd.DataFrame, roots: np.ndarray, root: int) -> tuple[int, str]:
    """Order of the parts of a split DOI group: more references first, then by content."""
    rows = np.flatnonzero(roots == root)
    raw, origin = table["raw"].to_numpy(dtype=object), table["origin"].to_numpy(dtype=object)
    content = "\n".join(sorted(f"{raw[r]}{origin[r]}" for r in rows.tolist()))
    return -len(rows), content


def work_ids(m: Matcher, table: pd.DataFrame, roots: np.ndarray) -> dict[int, str]:
    """Content-derived ids: ``doi:…``, ``isbn:…`` or ``surnameYEAR-title-words-hash``."""
    ids: dict[int, str] = {}
    tags = m.clusters.tags
    by_doi: dict[str, list[int]] = defaultdict(list)
    for root in sorted(tags):  # tags are kept on roots
        doi = tags[root].get("doi", "")
        if doi and roots[root] == root:
            by_doi[doi].append(root)
    for doi, split in by_doi.items():
        if len(split) > 1:  # an override parted a DOI's references: the largest part keeps it
            split = sorted(split, key=lambda r: _size_and_content(table, roots, r))
        ids[split[0]] = f"doi:{doi}"
    open_rows = np.flatnonzero(~np.isin(roots, np.fromiter(ids, dtype=np.int64, count=len(ids))))
    if not len(open_rows):
        return ids
    # rows of each work together, in row order within it
    open_rows = open_rows[np.argsort(roots[open_rows], kind="stable")]
    root_of = roots[open_rows]
    column = {c: table[c].to_numpy(dtype=object)[open_rows] for c in ("isbn_key", "raw", "origin")}
    fa = np.asarray(m.fields["fa"], dtype=object)[open_rows]
    tk = np.asarray(m.fields["tkey"], dtype=object)[open_rows]
    yr = np.asarray(m.fields["yr"], dtype=np.int64)[open_rows]
    suffix = np.asarray(m.fields["year_suffix"], dtype=object)[open_rows]
    raw = column["raw"]  # str: the table is conformed
    # ISBN: the most frequent of the work's ISBNs, the smallest among equally frequent ones
    has_isbn = column["isbn_key"] != ""
    if has_isbn.any():
        counts = (
            pd.DataFrame({"root": root_of[has_isbn], "isbn": column["isbn_key"][has_isbn]})
            .value_counts(sort=False)
            .reset_index(name="n")
        )
        counts["rank"] = ranks(counts["isbn"].to_numpy(dtype=object))
        counts = counts.sort_values(["root", "n", "rank"], ascending=[True, False, True])
        chosen = counts.drop_duplicates("root")
        ids.update(zip(chosen["root"].tolist(), ("isbn:" + chosen["isbn"]).tolist(), strict=True))
        with_isbn = np.isin(root_of, chosen["root"].to_numpy())
    else:
        with_isbn = np.zeros(len(open_rows), dtype=bool)
    # otherwise the row with author, year and the longest title; ties: smallest fa, tkey, raw
    keyed = np.flatnonzero(~with_isbn)
    if len(keyed):
        k_fa, k_tk, k_raw, k_root = fa[keyed], tk[keyed], raw[keyed], root_of[keyed]
        order = stable_order(
            [
                k_root,
                k_fa == "",
                yr[keyed] == 0,
                k_tk == "",
                -np.fromiter(map(len, k_tk), dtype=np.int64, count=len(k_tk)),
                k_fa,
                k_tk,
                k_raw,
            ]
        )
        first = np.r_[True, k_root[order][1:] != k_root[order][:-1]]
        best = keyed[order[first]]
        ids.update(
            zip(
                root_of[best].tolist(),
                map(
                    _readable_id,
                    fa[best].tolist(),
                    yr[best].tolist(),
                    suffix[best].tolist(),
                    tk[best].tolist(),
                    raw[best].tolist(),
                ),
                strict=True,
            )
        )
    ids.update(told_apart(ids, root_of, raw, column["origin"]))
    return ids


def row_work_ids(table: pd.DataFrame, fields: dict[str, list]) -> list[str]:
    """Per row of the matcher's ``table``, the id of a work whose chosen row it is (what
    :func:`work_ids` gives it): ``doi:…``, ``isbn:…`` or ``surnameYEAR-title-words-hash``.
    ``fields``: the Matcher's fields (``fa``, ``yr``, ``tkey``, ``year_suffix``)."""
    dois = table["doi_key"].tolist()
    isbns = table["isbn_key"].tolist()
    raws = table["raw"].tolist()
    columns = (fields[c] for c in ("fa", "yr", "year_suffix", "tkey"))
    return [
        f"doi:{doi}" if doi else f"isbn:{isbn}" if isbn else _readable_id(fa, yr, sx, tk, raw)
        for doi, isbn, raw, fa, yr, sx, tk in zip(dois, isbns, raws, *columns, strict=True)
    ]


def _readable_id(fa: str, yr: int, suffix: str, tkey: str, raw: str) -> str:
    """``surnameYEAR-title-words-hash`` of a work's chosen row (the hash of its first
    author, year and title key, or of its raw text when it has neither author nor title)."""
    year = f"{yr}{suffix}" if yr else ""
    key = f"{fa}|{year}|{tkey}" if (fa or tkey) else f"raw|{' '.join(raw.split())}"
    head = f"{fa[:20]}{year}"
    if tkey:
        words = _key_slug(tkey)
        head = f"{head}-{words}" if head else words
    return f"{head or 'work'}-{_digest(key)}"


def _key_slug(tkey: str, words: int = 6) -> str:
    """:func:`slug` of a title key: its words are already folded significant words."""
    return "-".join(tkey.split()[:words])


def _digest(text: str) -> str:
    """Six hex digits of the SHA-1 of ``text``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def told_apart(
    ids: dict[int, str], root_of: np.ndarray, raw: np.ndarray, origin: np.ndarray
) -> dict[int, str]:
    """New ids of the works whose id (not a DOI) another work has too, evidence having
    kept them apart: the id plus a digest of the sorted raw strings + origins of the
    work's rows (``root_of``, ``raw``, ``origin``: per row)."""
    shared = pd.Series(list(ids.values()), dtype=object).duplicated(keep=False).to_numpy()
    clash = {
        r: i
        for (r, i), twice in zip(ids.items(), shared, strict=True)
        if twice and not i.startswith("doi:")
    }
    rows = np.flatnonzero(np.isin(root_of, np.fromiter(clash, dtype=np.int64, count=len(clash))))
    texts: dict[int, list[str]] = defaultdict(list)
    for root, r, o in zip(root_of[rows].tolist(), raw[rows], origin[rows], strict=True):
        texts[root].append(f"{r}{o}")
    new = {}
    for root, parts in texts.items():
        joined = "\n".join(sorted(parts))
        new[root] = f"{clash[root]}-{_digest(joined)}"
    return new
