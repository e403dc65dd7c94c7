"""Matching accuracy with hidden DOIs: refnet against two baselines.

Usage: python benchmarks/match_accuracy.py [WORKS.jsonl] [--out FILE]
Default input: ../shared/data/crossref/works_with_references.jsonl (Crossref ``message``
objects with ``reference`` arrays). Prints a table and writes it (TSV) to --out: every
method against the DOI truth (primary figure) and the "same-work" truth (the DOI truth
corrected by Crossref's own structured fields: two DOIs with one title, first author and
year are one work; one DOI's references with clearly different titles are different works),
on all and on the two halves of a fixed split by citing work (held-out check: rules are
general, not tuned to either half).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from refnet.match.evaluate import evaluate, read_works

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/crossref/works_with_references.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("works", nargs="?", default=str(DEFAULT))
    parser.add_argument("--out", default="benchmarks/out/match_accuracy.tsv")
    args = parser.parse_args(argv)
    if not Path(args.works).is_file():
        print(f"input not found: {args.works}", file=sys.stderr)
        return 2
    works = read_works(args.works)
    start = time.perf_counter()
    table = evaluate(works)
    seconds = time.perf_counter() - start
    text = table.to_csv(sep="\t", index=False, float_format="%.4f")
    print(f"# {args.works}: {len(works)} works, {seconds:.1f} s")
    print(
        f"# {table.attrs['excluded_doi_only']} references carry nothing but a DOI and are "
        "left out (no method can match them once the DOI is hidden)"
    )
    print(text, end="")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
