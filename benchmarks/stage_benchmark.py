"""The graphs stage as the workflow runs it: ``run_graphs`` on synthetic reviews.

    python benchmarks/stage_benchmark.py                         # 1000 10000 100000
    python benchmarks/stage_benchmark.py --sizes 1000 10000 --runs 3
    python benchmarks/stage_benchmark.py --sizes 100000 --runs-largest 1

For each size a synthetic review (``refnet.synthetic``, 40 references per paper, rank
exponent 0.5, seed 0) is matched DOI-first (a cited work's id is ``doi:<doi>``, what the
match stage's DOI rule gives) and written as the match stage's and resolve stage's
tables: ``references.parquet`` (REFERENCE_COLUMNS + MATCH_COLUMNS), ``works.parquet``
(WORK_COLUMNS, one row per cited work) and ``papers.parquet`` (PAPER_COLUMNS), in
``benchmarks/out/stage-work/<size>/`` (kept and reused; ``--regenerate`` rebuilds them).

Each run is a fresh process calling ``run_graphs`` with ``cocitation_min_citations: 5``
(other graph settings at their defaults: every edge, related top 10) and writing the
eight tables (CSV and Parquet) to the work folder. The child times, without changing
what ``run_graphs`` does:

- ``read``: from the call to the start of ``build_graphs`` (reading the three Parquet
  files);
- ``build``: ``build_graphs`` (incidence, direct citation, nodes, coupling, related
  papers, co-citation; the cosine of the full coupling for related papers);
- ``measures``: the five similarity measures of both edge tables, computed while
  writing, one row group at a time (``Edges.measure`` is timed);
- ``write``: the rest of the writing (text and Parquet encoding, the disk).

"graphs + measures" = build + measures (the issue's target, under 60 s and 6 GB at
100,000 papers); the peak there is ``ru_maxrss`` when ``build_graphs`` returns (the
measures are computed a row group at a time afterwards). The peak of the whole run is
``ru_maxrss`` at the end. Times are medians over runs; peaks too. Results:
``benchmarks/out/stage.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
WORK = OUT / "stage-work"
MIN_CITATIONS = 5
FORMAT = "1"  # bump when the generated tables change

GENERATE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import numpy as np
    import pandas as pd
    from refnet.match.frames import conform_fast
    from refnet.model import MATCH_COLUMNS, REFERENCE_COLUMNS, WORK_COLUMNS
    from refnet.synthetic import synthetic_review
    from refnet.tables import write_parquet

    n, folder = int(sys.argv[1]), Path(sys.argv[2])
    papers, refs = synthetic_review(n, refs_per_paper=40, seed=0)
    refs["work_id"] = "doi:" + refs["doi"]
    refs["match_rule"] = "doi"
    refs["match_score"] = 1.0
    write_parquet(conform_fast(refs, {**REFERENCE_COLUMNS, **MATCH_COLUMNS}),
                  folder / "references.parquet")
    first = refs.drop_duplicates("work_id").sort_values("work_id")
    citations = refs["work_id"].value_counts()
    works = pd.DataFrame({
        "work_id": first["work_id"].to_numpy(),
        "label": (first["first_author"] + " " + first["year"].astype(str)).to_numpy(),
        "authors": first["authors"].to_numpy(),
        "year": first["year"].to_numpy(),
        "venue": first["venue"].to_numpy(),
        "volume": first["volume"].to_numpy(),
        "pages": first["pages"].to_numpy(),
        "doi": first["doi"].to_numpy(),
        "kind": first["kind"].to_numpy(),
        "citations": citations.reindex(first["work_id"]).to_numpy(dtype=np.int64),
        "paper_id": "",
    })
    write_parquet(conform_fast(works, WORK_COLUMNS), folder / "works.parquet")
    write_parquet(papers, folder / "papers.parquet")
    print(len(refs), len(works), len(papers))
    """
)

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from refnet.graphs import edges, stage

    folder, min_citations = Path(sys.argv[1]), int(sys.argv[2])
    out = folder / "out"
    clock = {"measures": 0.0}
    measure, build = edges.Edges.measure, stage.build_graphs

    def peak_mib():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def timed_measure(self, name):
        t = time.perf_counter()
        try:
            return measure(self, name)
        finally:
            clock["measures"] += time.perf_counter() - t

    def timed_build(*args, **kwargs):
        clock["build_start"] = time.perf_counter()
        clock["read_peak_mib"] = peak_mib()
        built = build(*args, **kwargs)
        clock["build_stop"] = time.perf_counter()
        clock["build_peak_mib"] = peak_mib()
        clock["measures_in_build"] = clock["measures"]
        clock["counts"] = {"coupling": len(built["coupling"]),
                           "cocitation": len(built["cocitation"]),
                           "cocitation_nodes": len(built["cocitation_nodes"]),
                           "related": len(built["related"]),
                           "cited_works": len(built["cited_works"])}
        return built

    edges.Edges.measure = timed_measure
    stage.build_graphs = timed_build
    settings = {"cocitation_min_citations": min_citations}
    t0 = time.perf_counter()
    stage.run_graphs(folder / "references.parquet", folder / "works.parquet",
                     folder / "papers.parquet", settings, out)
    t1 = time.perf_counter()
    measures = clock["measures"] - clock["measures_in_build"]
    print(json.dumps({
        "read_s": clock["build_start"] - t0,
        "build_s": clock["build_stop"] - clock["build_start"],
        "measures_s": measures,
        "write_s": t1 - clock["build_stop"] - measures,
        "total_s": t1 - t0,
        "read_peak_mib": clock["read_peak_mib"],
        "build_peak_mib": clock["build_peak_mib"],
        "peak_mib": peak_mib(),
        "bytes": sum(p.stat().st_size for p in out.iterdir()),
        "counts": clock["counts"],
    }))
    """
)

PHASES = ("read_s", "build_s", "measures_s", "write_s", "total_s")
PEAKS = ("read_peak_mib", "build_peak_mib", "peak_mib")


def prepare(n: int, regenerate: bool) -> Path:
    """The folder of the review's Parquet inputs (generated once, then reused)."""
    folder = WORK / str(n)
    marker = folder / "format"
    if not regenerate and marker.exists() and marker.read_text() == FORMAT:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", GENERATE, str(n), str(folder)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"generate {n}: {done.stderr[-3000:]}")
    marker.write_text(FORMAT)
    return folder


def run(folder: Path) -> dict:
    """One fresh process running the graphs stage on ``folder``."""
    cmd = [sys.executable, "-c", CHILD, str(folder), str(MIN_CITATIONS)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"run_graphs {folder}: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(n: int, runs: int, regenerate: bool) -> dict:
    """Medians over ``runs`` runs of the stage on a review of ``n`` papers."""
    folder = prepare(n, regenerate)
    results = [run(folder) for _ in range(runs)]
    out: dict = {"runs": runs, "counts": results[0]["counts"], "bytes": results[0]["bytes"]}
    for key in PHASES + PEAKS:
        out[key] = statistics.median(r[key] for r in results)
        out[f"{key}_runs"] = [round(r[key], 2) for r in results]
    out["graphs_measures_s"] = statistics.median(r["build_s"] + r["measures_s"] for r in results)
    return out


def print_summary(summary: dict) -> None:
    print("run_graphs in a fresh process, cocitation_min_citations 5; medians of the runs")
    print(
        f"{'papers':>8}{'runs':>5}{'read':>8}{'build':>8}{'measures':>9}{'graphs+m':>9}"
        f"{'peak there':>11}{'write':>8}{'total':>8}{'peak':>9}{'written':>9}"
    )
    for n, s in summary.items():
        print(
            f"{n:>8}{s['runs']:>5}{s['read_s']:>7.2f}s{s['build_s']:>7.2f}s"
            f"{s['measures_s']:>8.2f}s{s['graphs_measures_s']:>8.2f}s"
            f"{s['build_peak_mib']:>7.0f} MiB{s['write_s']:>7.2f}s{s['total_s']:>7.2f}s"
            f"{s['peak_mib']:>5.0f} MiB{s['bytes'] / 1e6:>6.0f} MB"
        )
    for n, s in summary.items():
        c = s["counts"]
        print(
            f"{n:>8}: coupling {c['coupling']:,} edges, co-citation {c['cocitation']:,} edges "
            f"among {c['cocitation_nodes']:,} works cited >= {MIN_CITATIONS} times, "
            f"related {c['related']:,} rows, cited_works {c['cited_works']:,} rows"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--runs-largest", type=int, default=1, help="runs at sizes of 100,000 papers and more"
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the input tables")
    args = parser.parse_args()
    summary = {}
    for n in args.sizes:
        runs = args.runs_largest if n >= 100_000 else args.runs
        summary[str(n)] = measure(n, runs, args.regenerate)
        print(f"{n}: done", file=sys.stderr, flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "stage.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**previous, **summary}, indent=2) + "\n")
    print_summary(summary)


if __name__ == "__main__":
    main()
