"""Matching accuracy with hidden DOIs: refnet against two baselines.

Usage: python benchmarks/match_accuracy.py [WORKS.jsonl] [--out FILE]
Default input: ../shared/data/crossref/works_with_references.jsonl (Crossref ``message``
objects with ``reference`` arrays). Prints a table and writes it (TSV) to --out.
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
    parser.add_argument("--out", default="results/benchmarks/match_accuracy.tsv")
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
    print(text, end="")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
