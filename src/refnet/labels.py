"""Short labels of papers and works for graph nodes and tables: "Surname Year"."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

TITLE_WORDS = 4


def _first_author(authors: str) -> str:
    return (authors or "").split(";", 1)[0].split(",", 1)[0].strip()


def _title_start(title: str) -> str:
    words = (title or "").split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def short_label(authors: str, year: object, title: str, fallback: str = "") -> str:
    """``Waltz 1979``; without an author, the title's first words: ``Giant Caspian oil 2005``."""
    first = _first_author(authors) or _title_start(title)
    if not first:
        return fallback
    return first if year is None or pd.isna(year) or year == "" else f"{first} {int(year)}"


def short_labels(
    authors: Iterable[str], years: Iterable[int | None], titles: Iterable[str]
) -> list[str]:
    """:func:`short_label` of many works (``years``: int or None)."""
    firsts = [(a or "").split(";", 1)[0].split(",", 1)[0].strip() for a in authors]  # inlined
    out = []
    for first, y, t in zip(firsts, years, titles, strict=True):
        first = first or _title_start(t)
        out.append(first if not first or y is None else f"{first} {int(y)}")
    return out
