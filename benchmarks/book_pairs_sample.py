"""Candidate book-reference pairs for hand labelling (tests/review_fixtures/book_pairs.tsv).

Usage: python benchmarks/book_pairs_sample.py [--seed 13] [--per-stratum 12] [--out FILE]
Reads ../shared/data/wos/bibliometrix_management.txt and tethne_wos3_history_of_biology.txt
with refnet's export reader (not its matcher) and draws pairs of cited references that look
like books, in strata of the hard cases, each stratum shuffled with a seeded generator:

- ``identical``: the same page-less string from two citing papers;
- ``variant``: same first author and year, sources that share their first word, strings
  that differ (abbreviated or cut titles, with and without a page);
- ``years``: same first author and source, different years (editions, reprints);
- ``same-author-year``: same first author and year, sources with no first word in common;
- ``author-other-years``: same first author, different year and source (translations,
  other books of the author);
- ``same-volume``: the same source and year, different first authors or pages (chapters of
  one edited volume, a book against its chapter);
- ``translation``: one author of a stated list (authors of a book cited in the files both in
  its language and in translation), sources with no word in common: translations, and the
  author's other books. The author is compared on the first seven letters of the surname
  (``Haeckele``). A pair can be a candidate of this stratum and of one above.

A reference looks like a book when it has no DOI and its source is never given with a
numeric volume in that file. Candidates are written in the seeded order of each stratum,
``--per-stratum`` per file; the labeller reads them in that order and keeps or skips each
(the fixture's header says which were skipped and why).
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

import pandas as pd

from refnet.inputs.exports import read_exports
from refnet.match.consistency import string_key
from refnet.match.normalize import fold, name_key

DATA = Path(__file__).resolve().parents[2] / "shared/data/wos"
FILES = ["bibliometrix_management.txt", "tethne_wos3_history_of_biology.txt"]


def book_references(path: Path) -> pd.DataFrame:
    """The file's cited references that look like books, with their line and keys."""
    _, refs, _ = read_exports([path])
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


#: Authors with a book in the files that is also cited in translation (found by reading the
#: files: Das Keimplasma / The Germ-Plasm, Natürliche Schöpfungsgeschichte / History of
#: Creation, Entstehung der Arten / Origin of Species, Philosophie zoologique, Entstehung
#: und Entwicklung einer wissenschaftlichen Tatsache, Theorie der wirtschaftlichen
#: Entwicklung, L'analyse de contenu / Análise de conteúdo).
TRANSLATED = frozenset(
    {"darwin", "haeckel", "weismann", "lamarck", "fleck", "schumpeter", "bardin"}
)


def _translation(a: pd.Series, b: pd.Series) -> bool:
    author = a["author"][:7]
    no_common = not set(a["source"].split()) & set(b["source"].split())
    listed = author in {name[:7] for name in TRANSLATED}
    return author == b["author"][:7] and listed and no_common


def _stratum(a: pd.Series, b: pd.Series) -> str | None:
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


def candidates(books: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Pairs of rows (one per distinct pair of strings) by stratum, sorted."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    first: dict[tuple[str, str], tuple[int, int]] = {}
    blocks = [books.groupby("author").indices, books.groupby(["source", "year"]).indices]
    for block in blocks:
        for rows in block.values():
            rows = sorted(rows, key=lambda i: (books.at[i, "key"], books.at[i, "line"]))
            for x, i in enumerate(rows):
                for j in rows[x + 1 :]:
                    a, b = books.loc[i], books.loc[j]
                    name = _stratum(a, b)
                    pair = (a["key"], b["key"])
                    if name and (pair not in first or a["key"] == b["key"]):
                        if pair in first and name == "identical":
                            continue
                        first[pair] = (int(a["line"]), int(b["line"]))
                        out[name].add(pair)
    strata = {name: [first[p] for p in sorted(pairs)] for name, pairs in out.items()}
    strata["translation"] = _translations(books)
    return dict(sorted(strata.items()))


def _translations(books: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs of the ``translation`` stratum (one per distinct pair of strings), sorted."""
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for rows in books.groupby(books["author"].str[:7]).indices.values():
        rows = sorted(rows, key=lambda i: (books.at[i, "key"], books.at[i, "line"]))
        for x, i in enumerate(rows):
            for j in rows[x + 1 :]:
                a, b = books.loc[i], books.loc[j]
                if _translation(a, b):
                    first.setdefault((a["key"], b["key"]), (int(a["line"]), int(b["line"])))
    return [first[p] for p in sorted(first)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--per-stratum", type=int, default=12)
    parser.add_argument("--out", default="benchmarks/out/book_pair_candidates.tsv")
    args = parser.parse_args(argv)
    rows = []
    for name in FILES:
        books = book_references(DATA / name)
        raw_of = dict(zip(books["line"], books["raw"], strict=True))
        for stratum, pairs in candidates(books).items():
            order = list(pairs)
            random.Random(f"{args.seed}:{name}:{stratum}").shuffle(order)
            for rank, (a, b) in enumerate(order[: args.per_stratum], start=1):
                rows.append((name, stratum, rank, a, b, raw_of[a], raw_of[b]))
    table = pd.DataFrame(
        rows, columns=["file", "stratum", "rank", "line_a", "line_b", "string_a", "string_b"]
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, sep="\t", index=False)
    print(table.groupby(["file", "stratum"]).size().to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
