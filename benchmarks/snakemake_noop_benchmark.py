"""A no-op rerun of a 10,000-paper review: Snakemake must decide "nothing to do" fast.

    python benchmarks/snakemake_noop_benchmark.py               # 10,000 papers, 3 runs
    python benchmarks/snakemake_noop_benchmark.py --papers 1000 --runs 5

Writes a synthetic review folder (benchmarks/out/noop-review: refs/review.yaml with an
offline WoS-like export), runs the workflow once in full, then times (median of
``--runs``) ``snakemake -n`` (dry run) and a real rerun with nothing to do, both with
``--cores 2 --directory <folder>`` and this project's Snakefile. Target: under 5 s.
The floor, measured in the same run, is ``snakemake --version`` (starting Snakemake
without reading a Snakefile); the report gives the no-op's time above it.
Results: benchmarks/out/snakemake_noop.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def command(folder: Path, *extra: str) -> list[str]:
    """The documented way to run a review in its own folder."""
    return [
        str(SNAKEMAKE),
        "--snakefile",
        str(ROOT / "Snakefile"),
        "--cores",
        "2",
        "--directory",
        str(folder),
        *extra,
    ]


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout + done.stderr


def main() -> None:
    from refnet.synthetic import synthetic_review, write_review_folder

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = OUT / f"noop-review-{args.papers}"
    if not (folder / "refs" / "review.yaml").exists():
        papers, refs = synthetic_review(args.papers, seed=0)
        write_review_folder(folder, papers, refs, name=f"synthetic-{args.papers}")
    full, _ = timed(command(folder))
    floor = [timed([str(SNAKEMAKE), "--version"])[0] for _ in range(args.runs)]
    dry = [timed(command(folder, "-n"))[0] for _ in range(args.runs)]
    rerun_times, last = [], ""
    for _ in range(args.runs):
        elapsed, last = timed(command(folder))
        rerun_times.append(elapsed)
    if "Nothing to be done" not in last:
        print("warning: the rerun was not a no-op:\n" + last[-2000:])
    result = {
        "papers": args.papers,
        "first_run_s": full,
        "dry_run_median_s": statistics.median(dry),
        "noop_rerun_median_s": statistics.median(rerun_times),
        "snakemake_version_median_s": statistics.median(floor),
        "runs": args.runs,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "snakemake_noop.json").write_text(json.dumps(result, indent=1))
    print(
        f"{args.papers} papers: first run {full:.1f} s; no-op dry run (-n) "
        f"{result['dry_run_median_s']:.2f} s; no-op rerun {result['noop_rerun_median_s']:.2f} s "
        f"(medians of {args.runs}; target < 5 s); `snakemake --version` alone "
        f"{result['snakemake_version_median_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
