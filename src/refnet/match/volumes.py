"""Chapters of an edited volume and the volume they are part of (``part_of`` of works.csv).

In a Web of Science export a chapter is cited by its author, the volume's year and title,
and the chapter's page (``Secord J. A., 1985, DARWINIAN HERITAGE, P519``); the volume as a
whole by its editor without a page (``Kohn D, 1985, DARWINIAN HERITAGE``). A source and
year whose pages are cited under two first authors or more is a collection (its pages
name chapters, :mod:`refnet.match.signatures`); a book cited with a page under its own
author alone is a pinpoint, not a chapter. Each chapter work of a collection is
``part_of`` the volume's work: the one work of that source and year cited without a page
by a first author who has no chapter cited there. With none, or several (two editors
cited apart, or a chapter also cited without its page), the evidence names no volume and
``part_of`` stays empty.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from refnet.match.blocking import WEAK_PAGES
from refnet.match.signatures import Signed


def part_of(signed: Signed, fields: dict[str, list], work_of: np.ndarray) -> dict[str, str]:
    """Work id of each chapter work -> work id of its volume (see the module docstring);
    ``fields``: the matcher's key columns (``fa``, ``yr``, ``fp``), ``work_of``: the work
    id of each row of the table."""
    rows = signed.rows[signed.book]
    venue = signed.venue[signed.book]
    chapter = signed.chapter[signed.book]
    fa, yr, fp = (fields[c] for c in ("fa", "yr", "fp"))
    chapters: dict[tuple[str, int], set[str]] = defaultdict(set)  # collection -> chapter works
    authors: dict[tuple[str, int], set[str]] = defaultdict(set)  # collection -> their authors
    for row, v, is_chapter in zip(rows.tolist(), venue.tolist(), chapter.tolist(), strict=True):
        if is_chapter:
            chapters[(v, yr[row])].add(work_of[row])
            authors[(v, yr[row])].add(fa[row])
    volumes: dict[tuple[str, int], set[str]] = defaultdict(set)
    for row, v in zip(rows.tolist(), venue.tolist(), strict=True):
        key = (v, yr[row])
        if key in chapters and fp[row] in WEAK_PAGES and fa[row] not in authors[key]:
            volumes[key].add(work_of[row])
    out: dict[str, str] = {}
    for key, works in sorted(chapters.items()):
        found = volumes.get(key, set())
        if len(found) == 1:
            (volume,) = found
            out.update({work: volume for work in sorted(works) if work != volume})
    return out
