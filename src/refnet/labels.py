"""Short labels of papers and works for graph nodes and tables: "Surname Year"."""

from __future__ import annotations

import pandas as pd

TITLE_WORDS = 4


def short_label(authors: str, year: object, title: str, fallback: str = "") -> str:
    """``Waltz 1979``; without an author, the title's first words: ``Giant Caspian oil 2005``."""
    first = (authors or "").split(";")[0].split(",")[0].strip()
    if not first:
        words = (title or "").split()
        first = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    if not first:
        return fallback
    return first if year is None or pd.isna(year) or year == "" else f"{first} {int(year)}"
