"""Candidate book-reference pairs for hand labelling (tests/review_fixtures/book_pairs.tsv).

Usage: python benchmarks/book_pairs_sample.py [--seed 13] [--per-stratum 20] [--out FILE]
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
from pathlib import Path

import pandas as pd

from refnet.match.book_sample import sample

DATA = Path(__file__).resolve().parents[2] / "shared/data/wos"
FILES = ["bibliometrix_management.txt", "tethne_wos3_history_of_biology.txt"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--per-stratum", type=int, default=20)
    parser.add_argument("--out", default="benchmarks/out/book_pair_candidates.tsv")
    args = parser.parse_args(argv)
    table = pd.concat([sample(DATA / name, args.seed, args.per_stratum) for name in FILES])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, sep="\t", index=False)
    print(table.groupby(["file", "stratum"]).size().to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
