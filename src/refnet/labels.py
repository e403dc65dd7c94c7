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
    authors: Iterable[str | None],
    years: Iterable[float | None],
    titles: Iterable[str | None],
) -> list[str]:
    """:func:`short_label` of many works (``years``: int, or None or NaN for none)."""
    firsts = [  # _first_author inlined
        (a or "").partition(";")[0].partition(",")[0].strip() or _title_start(t)
        for a, t in zip(authors, titles, strict=True)
    ]
    years = list(years)
    # only labelled works' years are read (a year that is no number matters only there)
    suffix = _year_suffixes(y for first, y in zip(firsts, years, strict=True) if first)
    return [first + suffix[y] if first else "" for first, y in zip(firsts, years, strict=True)]


def _year_suffixes(years: Iterable[float | None]) -> dict[object, str]:
    """`` 1979`` per distinct year ("" for None and NaN), each formatted once."""
    return {y: "" if y is None or y != y else f" {int(y)}" for y in dict.fromkeys(years)}
