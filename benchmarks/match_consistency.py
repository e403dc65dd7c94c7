"""Reference identity beyond the DOI: identical-string consistency and hand-labelled book pairs.

Usage: python benchmarks/match_consistency.py [EXPORT ...] [--references CSV ...]
       [--labels TSV ...] [--without RELATION ...] [--top N] [--out TSV] [--split TSV]
       [--errors TSV]
Default exports: ../shared/data/wos/bibliometrix_management.txt,
tethne_wos3_history_of_biology.txt and ManyAuthors.isi, each matched alone as one review.

For every export: the page-less reference strings (case and whitespace folded) that two or
more citing papers give alike, how many of them the matcher splits into more than one work,
and the pairs of their references across citing papers that end apart (``lost``); beside
them the DOI-truth figures of ``match_accuracy.py --export`` on the same file (refnet, DOI
hidden, all pairs). ``--references``: the same measure on a review's matched
``results/references.csv`` (any inputs; no DOI truth). ``--labels``: precision and recall
of refnet on hand-labelled pairs (pair = same iff both references end in one work id), overall
and by relation, per labels file: by default tests/review_fixtures/book_pairs.tsv (100 pairs
of hard strata) and book_pairs_uniform.tsv (50 pairs drawn uniformly); ``--without RELATION ...``
leaves relations out (``edition reprint translation`` for a book-family design).
``--top``: the most-cited split strings of each file; ``--split``: every split string of
every input (TSV); ``--errors``: the labelled pairs refnet gets wrong, with its work ids.
``--time N``: only the matcher's time on each export (read and parsed once), N runs and
their median (run it with ``PYTHONPATH=<other checkout>/src`` for a baseline).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import median

import pandas as pd

from refnet.inputs.exports import read_exports
from refnet.match.consistency import consistency_summary, identical_strings, match_exports
from refnet.match.evaluate import evaluate_export
from refnet.match.identity import match_references
from refnet.match.pair_labels import pair_scores, predict_pairs, read_pair_labels
from refnet.match.parse import parse_references

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/wos"
DEFAULT = [
    DATA / "bibliometrix_management.txt",
    DATA / "tethne_wos3_history_of_biology.txt",
    DATA / "ManyAuthors.isi",
]
LABELS = [
    ROOT / "tests/review_fixtures/book_pairs.tsv",
    ROOT / "tests/review_fixtures/book_pairs_uniform.tsv",
]


def export_row(path: Path, matched: pd.DataFrame, top: int) -> dict[str, object]:
    """Consistency and DOI-truth figures of one export."""
    strings = identical_strings(matched)
    row = {"input": path.name, "references": len(matched), **consistency_summary(strings)}
    table = evaluate_export([path])
    doi = table[(table["method"] == "refnet") & (table["truth"] == "doi")].set_index("subset")
    for subset in ("all", "across"):
        row[f"doi_{subset}_true_pairs"] = int(doi.at[subset, "true_pairs"])
        row[f"doi_{subset}_precision"] = doi.at[subset, "precision"]
        row[f"doi_{subset}_recall"] = doi.at[subset, "recall"]
    split = strings[strings["works"] > 1].head(top)
    row["split_strings"] = strings[strings["works"] > 1].assign(input=path.name)
    row["worst"] = [
        f"{s.example}: {s.papers} papers -> {s.works} works" for s in split.itertuples()
    ]
    return row


def print_rows(rows: list[dict[str, object]]) -> None:
    print(
        "| input | references | strings cited by ≥ 2 papers | split | split share | pairs "
        "| pairs lost | DOI truth: true pairs (across) | DOI P / R | DOI across P / R |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        doi = (
            f"{r['doi_all_true_pairs']} ({r['doi_across_true_pairs']}) | "
            f"{r['doi_all_precision']:.3f} / {r['doi_all_recall']:.3f} | "
            f"{r['doi_across_precision']:.3f} / {r['doi_across_recall']:.3f}"
            if "doi_all_true_pairs" in r
            else "– | – | –"
        )
        print(
            f"| {r['input']} | {r['references']} | {r['strings']} | {r['split']} | "
            f"{r['split_share']:.3f} | {r['pairs']} | {r['pairs_lost']} | {doi} |"
        )
    for r in rows:
        if r["worst"]:
            print(f"# {r['input']}: most-cited split strings")
            for line in r["worst"]:
                print(f"#   {line}")


def print_labels(predicted: pd.DataFrame) -> dict[str, float]:
    scores = pair_scores(predicted)
    print(
        f"# hand-labelled pairs ({scores['pairs']}, {scores['same']} same): precision "
        f"{scores['precision']:.3f}, recall {scores['recall']:.3f}, F1 {scores['f1']:.3f} "
        f"({scores['false_positive']} wrong merges, {scores['false_negative']} missed)"
    )
    print("| relation | label | pairs | refnet says same |")
    print("|---|---|---|---|")
    groups = predicted.groupby(["relation", "label"], sort=True)
    for (relation, label), group in groups:
        print(
            f"| {relation} | {label} | {len(group)} | {int((group['predicted'] == 'same').sum())} |"
        )
    return scores


def time_matcher(paths: list[Path], runs: int) -> int:
    """The match stage's matcher (``match_references``) on each export read and parsed once:
    wall and CPU seconds of each run and their medians (CPU time is the steadier on a busy
    machine)."""
    for path in paths:
        papers, refs, _ = read_exports([str(path)])
        parsed = parse_references(refs)
        wall, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            match_references(parsed, papers, {})
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            f"{path.name}: {len(parsed)} references; wall "
            + ", ".join(f"{t:.2f}" for t in wall)
            + f" s, median {median(wall):.2f} s; CPU "
            + ", ".join(f"{t:.2f}" for t in cpu)
            + f" s, median {median(cpu):.2f} s"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exports", nargs="*", default=[str(p) for p in DEFAULT])
    parser.add_argument("--references", nargs="+", default=[], help="matched references.csv")
    parser.add_argument("--labels", nargs="*", default=[str(p) for p in LABELS])
    parser.add_argument(
        "--without",
        nargs="+",
        default=[],
        metavar="RELATION",
        help="leave these relations out of the label scores (e.g. edition reprint translation "
        "for a matcher that keeps editions apart in one book family)",
    )
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--out", default="benchmarks/out/match_consistency.tsv")
    parser.add_argument("--split", help="write every split string (TSV) here")
    parser.add_argument("--errors", help="write the labelled pairs refnet gets wrong here")
    parser.add_argument(
        "--time", type=int, default=0, metavar="N", help="only time the matcher, N runs per file"
    )
    args = parser.parse_args(argv)
    if args.time:
        return time_matcher([Path(e) for e in args.exports], args.time)
    inputs = [*args.exports, *args.references]
    missing = [s for s in inputs if not Path(s).is_file()]
    if missing:
        print(f"input not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    rows, matched = [], {}
    for name in args.exports:
        path = Path(name)
        matched[path.name] = match_exports([path])
        rows.append(export_row(path, matched[path.name], args.top))
    for name in args.references:
        refs = pd.read_csv(name, dtype=str, keep_default_na=False)
        strings = identical_strings(refs)
        split = strings[strings["works"] > 1].head(args.top)
        worst = [f"{s.example}: {s.papers} papers -> {s.works} works" for s in split.itertuples()]
        rows.append(
            {"input": name, "references": len(refs), **consistency_summary(strings), "worst": worst}
        )
    print(f"# identical-string consistency, {time.perf_counter() - start:.1f} s")
    print_rows(rows)
    extra = ("worst", "split_strings")
    table = pd.DataFrame([{k: v for k, v in r.items() if k not in extra} for r in rows])
    if args.split:
        pd.concat([r["split_strings"] for r in rows]).to_csv(args.split, sep="\t", index=False)
    wrong = []
    for path in args.labels:
        labels = read_pair_labels(path)
        labels = labels[~labels["relation"].isin(args.without)]
        for name in sorted(set(labels["file"]) - set(matched)):
            matched[name] = match_exports([DATA / name])
        predicted = predict_pairs(labels, matched)
        print(f"# {Path(path).name}")
        scores = print_labels(predicted)
        wrong.append(predicted[predicted["label"] != predicted["predicted"]])
        table = pd.concat([table, pd.DataFrame([{"input": Path(path).name, **scores}])])
    if args.errors and wrong:
        pd.concat(wrong).to_csv(args.errors, sep="\t", index=False)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    ratios = ("precision", "recall", "f1", "share")
    counts = [c for c in table.columns[1:] if not c.endswith(ratios)]
    table[counts] = table[counts].astype("Int64")  # counts stay integers beside empty cells
    table.to_csv(args.out, sep="\t", index=False, float_format="%.4f")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
