"""Growth with N: synthetic reviews of 1,000 / 10,000 / 100,000 papers, 40 references each.

    python benchmarks/scale_benchmark.py                    # sizes 1000 10000 100000, 3 runs
    python benchmarks/scale_benchmark.py --sizes 1000 --runs 1

Each (size, run) is a fresh subprocess under ``/usr/bin/time -v``; the child times its
stages (generate, DOI-first identity, incidence, coupling with all measures, co-citation
of works cited >= 5 times with all measures, writing the edge tables as CSV and Parquet)
and the peak RSS of the whole process is read from ``time``. The target for 100,000
papers on 2 cores: graphs + measures under 60 s and 6 GB peak. Results:
benchmarks/out/scale.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"

CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    import numpy as np
    from refnet import tables
    from refnet.graphs.incidence import incidence
    from refnet.graphs.similarity import cocitation, coupling
    from refnet.synthetic import synthetic_review
    n, outdir = int(sys.argv[1]), sys.argv[2]
    times, peaks = {}, {}
    def stage(name, t0):
        times[name] = time.perf_counter() - t0
        peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return time.perf_counter()
    t = time.perf_counter()
    papers, refs = synthetic_review(n, refs_per_paper=40, seed=0)
    t = stage("generate", t)
    # identity: the DOI is the cited work's id (what the match stage's DOI rule gives)
    refs["work_id"] = "doi:" + refs["doi"]
    t = stage("identity_doi", t)
    inc = incidence(refs, papers["paper_id"])
    t = stage("incidence", t)
    cp = coupling(inc)
    t = stage("coupling", t)
    cc = cocitation(inc, min_citations=5)
    t = stage("cocitation", t)
    tables.write_parquet(cp, os.path.join(outdir, "coupling.parquet"))
    tables.write_parquet(cc, os.path.join(outdir, "cocitation.parquet"))
    t = stage("write_parquet", t)
    tables.write_csv(cp, os.path.join(outdir, "coupling.csv"))
    tables.write_csv(cc, os.path.join(outdir, "cocitation.csv"))
    t = stage("write_csv", t)
    times["graphs_total"] = times["incidence"] + times["coupling"] + times["cocitation"]
    print(json.dumps({"times": times, "peaks_mib": peaks,
        "coupling_edges": len(cp), "cocitation_edges": len(cc),
        "works": int(len(inc.works)), "cocited_works": int((inc.citations >= 5).sum())}))
    """
)


def run(n: int) -> dict:
    """One measured child process for a review of ``n`` papers."""
    with tempfile.TemporaryDirectory() as outdir:
        cmd = ["/usr/bin/time", "-v", sys.executable, "-c", CHILD, str(n), outdir]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for line in done.stderr.splitlines():
        if "Maximum resident set size" in line:
            result["peak_mib"] = int(line.rsplit(":", 1)[1]) / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    summary = {}
    for n in args.sizes:
        rows = [run(n) for _ in range(args.runs)]
        stages = rows[0]["times"].keys()
        summary[n] = {
            "times": {s: statistics.median(r["times"][s] for r in rows) for s in stages},
            "peak_mib": statistics.median(r["peak_mib"] for r in rows),
            "peak_after_stage_mib": {
                s: statistics.median(r["peaks_mib"][s] for r in rows) for s in stages
            },
            **{
                k: rows[0][k]
                for k in ("coupling_edges", "cocitation_edges", "works", "cocited_works")
            },
        }
        (OUT / "scale.json").write_text(json.dumps(summary, indent=1))
    stages = list(next(iter(summary.values()))["times"])
    print(f"medians of {args.runs} runs; seconds per stage, peak RSS of the whole process")
    print("peak RSS so far after generate / after cocitation (MiB):")
    for n, s in summary.items():
        after = s["peak_after_stage_mib"]
        print(f"  {n:>8}: {after['generate']:.0f} / {after['cocitation']:.0f}")
    print(
        f"{'papers':>8} " + " ".join(f"{s[:13]:>13}" for s in stages) + f" {'peak MiB':>9}"
        f" {'coupling edges':>15} {'cocit. edges':>13}"
    )
    for n, s in summary.items():
        print(
            f"{n:>8} "
            + " ".join(f"{s['times'][k]:>13.2f}" for k in stages)
            + f" {s['peak_mib']:>9.0f} {s['coupling_edges']:>15} {s['cocitation_edges']:>13}"
        )


if __name__ == "__main__":
    main()
