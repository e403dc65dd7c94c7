"""Time and peak memory of parse + match at scale, on synthetic reviews.

Cases: references without DOIs (10k, 100k: identity from strings and fields, blocked) and
DOI-carrying references (100 papers × 40 as a baseline, 100k papers × 40 = 4M). Each case
runs in a fresh interpreter (so its peak resident memory is its own); the time is the
median of --repeat runs of parse_references + match_references (the 4M case runs once);
pairwise F1 is against the synthetic works' DOIs (hidden in the no-DOI cases).

Usage: python benchmarks/match_scale.py [--cases no-doi-10k,no-doi-100k,doi-4m] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from refnet.match.evaluate import pairwise_scores
from refnet.match.identity import match_references
from refnet.match.parse import parse_references
from refnet.synthetic import synthetic_review

CASES = {  # name: (papers, references per paper, keep DOIs)
    "doi-4k": (100, 40, True),
    "no-doi-10k": (250, 40, False),
    "no-doi-100k": (2500, 40, False),
    "doi-4m": (100_000, 40, True),
}


def case_input(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The references and papers of a case (DOIs removed for ``no-doi`` cases)."""
    n_papers, per_paper, keep_doi = CASES[name]
    papers, refs = synthetic_review(n_papers, per_paper, seed=1)
    if not keep_doi:
        refs = refs.assign(doi="")
        # vary the strings a little, as real citations of one work vary
        rng = np.random.default_rng(2)
        lower = rng.random(len(refs)) < 0.3
        refs.loc[lower, "raw"] = refs.loc[lower, "raw"].str.upper()
    return papers, refs


def run_case(name: str, repeat: int) -> dict[str, object]:
    """Median seconds of parse + match, and this process's peak memory."""
    papers, refs = case_input(name)
    truth = synthetic_review(*CASES[name][:2], seed=1)[1]["doi"].tolist()
    seconds = []
    works = 0
    for _ in range(repeat):
        start = time.perf_counter()
        matched, _table, _ = match_references(parse_references(refs), papers, {})
        seconds.append(time.perf_counter() - start)
        works = matched["work_id"].nunique()
        predicted = matched.set_index("origin").loc[refs["origin"], "work_id"].tolist()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "case": name,
        "references": len(refs),
        "works": int(works),
        "true_works": len(set(truth)),
        "pairwise_f1": round(pairwise_scores(truth, predicted)["f1"], 4),
        "seconds_median": round(statistics.median(seconds), 2),
        "runs": repeat,
        "peak_rss_mb": round(peak_mb),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="doi-4k,no-doi-10k,no-doi-100k,doi-4m")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_case(args.one, args.repeat)))
        return 0
    print("case\treferences\tworks\ttrue_works\tpairwise_f1\tseconds_median\truns\tpeak_rss_mb")
    for name in args.cases.split(","):
        repeat = 1 if name == "doi-4m" else args.repeat
        out = subprocess.run(
            [sys.executable, __file__, "--one", name, "--repeat", str(repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print("\t".join(str(row[k]) for k in row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
