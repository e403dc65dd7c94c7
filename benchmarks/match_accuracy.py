"""Matching accuracy with hidden DOIs: refnet against two baselines.

Usage: python benchmarks/match_accuracy.py [WORKS.jsonl] [--strings-first]
       [--export FILE [FILE ...]] [--out FILE] [--errors FILE]
Default input: ../shared/data/crossref/works_with_references.jsonl (Crossref ``message``
objects with ``reference`` arrays). Prints a table and writes it (TSV) to --out: every
method against the DOI truth (primary figure) and the "same-work" truth (the DOI truth
corrected by Crossref's own structured fields: two DOIs with one title, first author and
year are one work; one DOI's references with clearly different titles are different works),
on all pairs, on the pairs across citing papers (``across``: the pairs coupling and
co-citation count), and on the two halves of a fixed split by citing work (held-out check:
rules are general, not tuned to either half). The row "same-work truth" scores the
corrected truth itself against the DOI truth: what a matcher right about every work reaches.

``--strings-first``: references that have an ``unstructured`` string keep only the string
(the parser must recover what the structured fields gave). ``--export FILE ...`` (or
``--wos``): instead, the cited references of Web of Science or Scopus exports (read together,
as a review would) that carry a DOI, with the DOI removed from the field and the string.
``--errors FILE``: refnet's wrong and missed pairs against the DOI truth, one per row (TSV).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from refnet.match.evaluate import evaluate, evaluate_export, read_works

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/crossref/works_with_references.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("works", nargs="?", default=str(DEFAULT))
    parser.add_argument("--strings-first", action="store_true")
    parser.add_argument(
        "--export", "--wos", nargs="+", help="Web of Science / Scopus exports instead"
    )
    parser.add_argument("--out", default="benchmarks/out/match_accuracy.tsv")
    parser.add_argument("--errors", help="write refnet's error pairs (TSV) here")
    args = parser.parse_args(argv)
    sources = args.export or [args.works]
    missing = [s for s in sources if not Path(s).is_file()]
    if missing:
        print(f"input not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    source = " + ".join(sources)
    start = time.perf_counter()
    if args.export:
        table, what = evaluate_export(sources), "exports, DOIs hidden"
    else:
        works = read_works(sources[0])
        table = evaluate(works, strings_first=args.strings_first)
        what = f"{len(works)} works" + (", strings first" if args.strings_first else "")
    seconds = time.perf_counter() - start
    text = table.to_csv(sep="\t", index=False, float_format="%.4f")
    errors = table.attrs["errors"]
    print(f"# {source}: {what}, {seconds:.1f} s")
    if table.attrs["excluded_doi_only"]:
        print(
            f"# {table.attrs['excluded_doi_only']} references carry nothing but a DOI and are "
            "left out (no method can match them once the DOI is hidden)"
        )
    counts = errors["error"].value_counts().to_dict() if len(errors) else {}
    print(
        f"# refnet error pairs (DOI truth): {counts.get('wrong', 0)} wrong, "
        f"{counts.get('missed', 0)} missed"
    )
    print(text, end="")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    if args.errors:
        errors.to_csv(args.errors, sep="\t", index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
