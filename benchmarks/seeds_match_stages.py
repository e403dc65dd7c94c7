"""CPU time and peak memory of the seeds and match stages alone, on a synthetic review.

    python benchmarks/seeds_match_stages.py --papers 10000 --runs 3
    python benchmarks/seeds_match_stages.py --papers 10000 --runs 3 --baseline /work/main

The review is the one ``workflow_scale.py --papers N`` writes (``benchmarks/out/
workflow-N/refs``; its ``results/resolved`` must exist: the match stage reads the resolved
papers). Each run is a fresh interpreter under ``/usr/bin/time``: the seeds stage
(``workflow.run_seeds``, the review's export) into ``benchmarks/out/stages-N/<side>/seeds``,
then the match stage (``match.stage.run_match``, offline, default settings) on those seeds
into ``.../match``. With ``--baseline`` (a checkout with its own ``.venv``) the two sides
alternate within each run, and the outputs of both sides are compared byte for byte.
Reported per stage and side: median CPU seconds (user + sys, all threads) and median peak
resident memory. Results: ``benchmarks/out/seeds_match_stages-N.json``.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"

SEEDS = """
import os, sys
os.chdir(sys.argv[1])
from refnet.workflow import run_seeds
out = sys.argv[2]
run_seeds({"exports": ["refs/export.txt"]}, f"{out}/papers.parquet",
          f"{out}/export_references.parquet", f"{out}/problems.csv")
"""

MATCH = """
import os, sys
os.chdir(sys.argv[1])
from refnet.match.stage import run_match
seeds, out = sys.argv[2], sys.argv[3]
run_match(
    reference_paths=["results/resolved/references.parquet", f"{seeds}/export_references.parquet"],
    papers_path="results/resolved/papers.parquet", settings={}, overrides_path=None,
    out_references_csv=f"{out}/references.csv", out_references_parquet=f"{out}/references.parquet",
    out_works_csv=f"{out}/works.csv", out_works_parquet=f"{out}/works.parquet",
    out_decisions_csv=f"{out}/decisions.csv", out_lookup_csv=f"{out}/lookup.csv",
    sources={"offline": True},
)
"""


def timed(python: str, code: str, args: list[str]) -> tuple[float, float]:
    """CPU seconds and peak GB of one fresh interpreter running ``code``."""
    command = ["/usr/bin/time", "-f", "%U %S %M", python, "-c", code, *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    user, system, peak_kb = done.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(peak_kb) / 1e6


def run_side(python: str, folder: Path, out: Path) -> dict[str, tuple[float, float]]:
    """One run of both stages with ``python``; outputs under ``out``."""
    seeds, match = out / "seeds", out / "match"
    seeds.mkdir(parents=True, exist_ok=True)
    match.mkdir(parents=True, exist_ok=True)
    return {
        "seeds": timed(python, SEEDS, [str(folder), str(seeds)]),
        "match": timed(python, MATCH, [str(folder), str(seeds), str(match)]),
    }


def same_files(a: Path, b: Path) -> bool:
    """Whether two output folders hold the same files with the same bytes."""
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    other = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return names == other and all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a checkout with its .venv (before)")
    args = parser.parse_args()
    folder = (OUT / f"workflow-{args.papers}").resolve()
    sides = {"this": sys.executable}
    if args.baseline:
        sides = {"baseline": str(args.baseline / ".venv" / "bin" / "python"), **sides}
    figures: dict[str, dict[str, list[tuple[float, float]]]] = {s: {} for s in sides}
    for _ in range(args.runs):
        for side, python in sides.items():
            for stage, figure in run_side(
                python, folder, OUT / f"stages-{args.papers}" / side
            ).items():
                figures[side].setdefault(stage, []).append(figure)
    result: dict[str, object] = {"papers": args.papers, "runs": args.runs}
    for side, stages in figures.items():
        for stage, values in stages.items():
            cpu = statistics.median(v[0] for v in values)
            peak = statistics.median(v[1] for v in values)
            result[f"{stage} {side}"] = {"cpu_s": round(cpu, 2), "peak_gb": round(peak, 2)}
            print(f"{stage:5} {side:8} CPU {cpu:7.2f} s   peak {peak:5.2f} GB")
    if args.baseline:
        identical = same_files(
            OUT / f"stages-{args.papers}" / "baseline", OUT / f"stages-{args.papers}" / "this"
        )
        result["identical_outputs"] = identical
        print("outputs byte-identical:", identical)
    path = OUT / f"seeds_match_stages-{args.papers}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
