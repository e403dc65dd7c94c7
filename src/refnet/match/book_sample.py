"""Candidate pairs of book references for hand labelling, drawn in seeded strata.

Reads an export with refnet's reader (not its matcher) and keeps the cited references that
look like books: no DOI, and a source never given with a numeric volume in that file. Pairs
of them fall into strata of the hard cases (:data:`STRATA`); each stratum holds one pair of
rows per distinct pair of strings, and is shuffled with a generator seeded by the seed, the
file name and the stratum. ``tests/review_fixtures/book_pairs.tsv`` was labelled from them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from refnet.inputs.exports import read_exports
from refnet.inputs.wos import as_read
from refnet.match.consistency import string_key
from refnet.match.normalize import fold, name_key

#: The strata, in the order of their names.
STRATA = (
    "author-other-years",
    "identical",
    "same-author-year",
    "same-volume",
    "translation",
    "variant",
    "years",
)
#: Authors with a book in the sampled files that is also cited in translation (found by
#: reading the files: Das Keimplasma / The Germ-Plasm, Natürliche Schöpfungsgeschichte /
#: History of Creation, Entstehung der Arten / Origin of Species, Philosophie zoologique,
#: Entstehung und Entwicklung einer wissenschaftlichen Tatsache, Theorie der
#: wirtschaftlichen Entwicklung, L'analyse de contenu / Análise de conteúdo).
TRANSLATED = frozenset(
    {"darwin", "haeckel", "weismann", "lamarck", "fleck", "schumpeter", "bardin"}
)
_LISTED = frozenset(name[:7] for name in TRANSLATED)

Book = dict[str, Any]


def book_references(path: str | Path) -> pd.DataFrame:
    """The file's cited references that look like books, with their line and keys (from
    the parts of each CR, as the draw was defined: not the fields that the parser fills
    in where the parts leave gaps)."""
    refs = as_read(read_exports([path])[1])
    refs = refs.fillna({"venue": "", "volume": "", "pages": "", "doi": "", "first_author": ""})
    venue = refs["venue"].map(fold)
    journals = set(venue[refs["volume"].astype(str).str.fullmatch(r"\d+")])
    keep = (refs["doi"] == "") & ~venue.isin(journals) & (venue != "") & (refs["year"].notna())
    books = refs.loc[keep].copy()
    books["line"] = books["origin"].str.rsplit(":", n=1).str[1].astype(int)
    books["author"] = books["first_author"].map(name_key)
    books["source"] = venue[keep]
    books["first_word"] = books["source"].str.split().str[0]
    books["key"] = books["raw"].map(string_key)
    return books[books["author"] != ""].reset_index(drop=True)


def stratum(a: Book, b: Book) -> str | None:
    """The stratum of a pair of book references (None: no stratum), ``translation`` aside.

    ``identical``: one page-less string from two citing papers; ``variant``: same first
    author and year, sources that share their first word; ``same-author-year``: same first
    author and year, other first words; ``years``: same first author and source, different
    years; ``author-other-years``: same first author, different year and source;
    ``same-volume``: same source and year, different first author.
    """
    if a["key"] == b["key"]:
        return "identical" if a["pages"] == "" and a["citing_id"] != b["citing_id"] else None
    same_author, same_year = a["author"] == b["author"], a["year"] == b["year"]
    if same_author and same_year:
        return "variant" if a["first_word"] == b["first_word"] else "same-author-year"
    if same_author and a["source"] == b["source"]:
        return "years"
    if same_author:
        return "author-other-years"
    if a["source"] == b["source"] and same_year:
        return "same-volume"
    return None


def is_translation_pair(a: Book, b: Book) -> bool:
    """``translation``: one author of :data:`TRANSLATED` (first seven letters of the surname:
    ``Haeckele``), sources with no word in common."""
    author = a["author"][:7]
    if author != b["author"][:7] or author not in _LISTED:
        return False
    return not set(a["source"].split()) & set(b["source"].split())


def _block_pairs(books: list[Book], blocks: dict[Any, Any]) -> Iterator[tuple[Book, Book]]:
    """Pairs of rows inside each block, rows ordered by string and line."""
    for rows in blocks.values():
        members = sorted((books[i] for i in rows), key=lambda r: (r["key"], r["line"]))
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                yield a, b


def candidates(books: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Per stratum, sorted pairs of lines (one per distinct pair of strings).

    Pairs come from blocks of one first author, then of one source and year; a pair of
    strings keeps the stratum and lines of the first time it is seen.
    """
    records = books.to_dict("records")
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for block in (books.groupby("author").indices, books.groupby(["source", "year"]).indices):
        for a, b in _block_pairs(records, block):
            name = stratum(a, b)
            pair = (a["key"], b["key"])
            if name is None or (pair in first and (a["key"] != b["key"] or name == "identical")):
                continue
            first[pair] = (int(a["line"]), int(b["line"]))
            out[name].add(pair)
    strata = {name: [first[p] for p in sorted(pairs)] for name, pairs in out.items()}
    translations: dict[tuple[str, str], tuple[int, int]] = {}
    for a, b in _block_pairs(records, books.groupby(books["author"].str[:7]).indices):
        if is_translation_pair(a, b):
            translations.setdefault((a["key"], b["key"]), (int(a["line"]), int(b["line"])))
    strata["translation"] = [translations[p] for p in sorted(translations)]
    return dict(sorted(strata.items()))


def sample(path: str | Path, seed: int, per_stratum: int) -> pd.DataFrame:
    """The first ``per_stratum`` candidates of each stratum of one export, in seeded order:
    columns file, stratum, rank, line_a, line_b, string_a, string_b."""
    name = Path(path).name
    books = book_references(path)
    raw_of = dict(zip(books["line"], books["raw"], strict=True))
    rows = []
    for stratum_name, pairs in candidates(books).items():
        order = list(pairs)
        random.Random(f"{seed}:{name}:{stratum_name}").shuffle(order)
        for rank, (a, b) in enumerate(order[:per_stratum], start=1):
            rows.append((name, stratum_name, rank, a, b, raw_of[a], raw_of[b]))
    columns = ["file", "stratum", "rank", "line_a", "line_b", "string_a", "string_b"]
    return pd.DataFrame(rows, columns=columns)


def uniform_sample(path: str | Path, seed: int, size: int) -> pd.DataFrame:
    """``size`` candidate pairs of one export drawn uniformly from the union of the strata
    (each distinct pair of strings once, in its first stratum), not from the hard strata
    alone: the same columns as :func:`sample`, ``rank`` the place in the seeded order."""
    name = Path(path).name
    books = book_references(path)
    raw_of = dict(zip(books["line"], books["raw"], strict=True))
    first: dict[tuple[str, str], tuple[str, int, int]] = {}
    for stratum_name, pairs in candidates(books).items():
        for a, b in pairs:
            key = tuple(sorted((string_key(raw_of[a]), string_key(raw_of[b]))))
            first.setdefault(key, (stratum_name, a, b))
    order = sorted(first.values())
    random.Random(f"{seed}:{name}:uniform").shuffle(order)
    rows = [
        (name, stratum_name, rank, a, b, raw_of[a], raw_of[b])
        for rank, (stratum_name, a, b) in enumerate(order[:size], start=1)
    ]
    columns = ["file", "stratum", "rank", "line_a", "line_b", "string_a", "string_b"]
    return pd.DataFrame(rows, columns=columns)
