"""Growth with N: synthetic reviews of 1,000 / 10,000 / 100,000 papers, 40 references each.

    python benchmarks/scale_benchmark.py                    # sizes 1000 10000 100000, 3 runs
    python benchmarks/scale_benchmark.py --sizes 1000 --runs 1

Every stage group runs in a fresh subprocess so its peak memory is its own; each reads
what the previous one wrote to a work folder (benchmarks/out/scale-work):

- ``generate``: the synthetic review (rank exponent 0.5) with DOI-first identity (a cited
  work's id is its DOI, what the match stage's DOI rule gives); writes the matched
  reference table (``citing_id``, ``work_id``) as Parquet;
- ``incidence``: reads that table and builds A (papers × works); writes it (npz + ids);
- ``coupling``: reads A; coupling edges and all five measures (float64, held at once);
- ``cocitation``: reads A; co-citation of works cited ≥ 5 times, edges and all measures;
- ``related``: reads A; coupling edges, then each paper's 10 most related papers from
  the full coupling (no direct citations among synthetic papers, so no co-citation part);
- ``write``: reads A, recomputes both graphs and writes their edge tables as Parquet (and
  CSV for the sizes in ``--csv-sizes``; the CSV writer is the slow part at 100,000).

Each child reports its time (imports and reading its input excluded; the read time is
reported apart) and its peak RSS (``ru_maxrss``, the whole child). The target for
100,000 papers on 2 cores: graphs + measures (incidence + coupling + cocitation) under
60 s and each group under 6 GB. The summary gives medians over ``--runs`` runs and the
growth exponent of time and memory between sizes (t ∝ N^k). Results: benchmarks/out/scale.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
WORK = OUT / "scale-work"
MIN_CITATIONS = 5

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import scipy.sparse as sp
    from refnet import tables
    from refnet.graphs.incidence import Incidence, incidence
    from refnet.graphs.related import related_papers
    from refnet.graphs.similarity import MEASURES, cocitation_edges, coupling_edges
    from refnet.synthetic import synthetic_review

    group, n, work = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    MIN_CITATIONS = int(sys.argv[5])
    refs_path, inc_path, ids_path = work / "refs.parquet", work / "A.npz", work / "ids.json"
    result = {"counts": {}}

    def load():
        ids = json.loads(ids_path.read_text())
        matrix = sp.load_npz(inc_path).tocsr()
        return Incidence(matrix, np.array(ids["papers"], dtype=object),
                         np.array(ids["works"], dtype=object))

    edges_none = pd.DataFrame(columns=["source", "target", "weight", "cosine"])

    def measured(edges):
        values = {name: edges.measure(name) for name in MEASURES}  # all held at once
        return sum(v.nbytes for v in values.values())

    t0 = time.perf_counter()
    if group == "generate":
        papers, refs = synthetic_review(n, refs_per_paper=40, seed=0)
        refs["work_id"] = "doi:" + refs["doi"]
        t1 = time.perf_counter()
        pq.write_table(pa.Table.from_pandas(refs[["citing_id", "work_id"]]), refs_path)
        json.dump(list(papers["paper_id"]), open(work / "papers.json", "w"))
        result["counts"] = {"references": len(refs)}
    else:
        t_read = time.perf_counter()
        if group == "incidence":
            refs = pq.read_table(refs_path).to_pandas()
            papers = json.load(open(work / "papers.json"))
            t_read = time.perf_counter()
            inc = incidence(refs, papers)
            del refs
            t1 = time.perf_counter()
            sp.save_npz(inc_path, inc.matrix, compressed=False)
            ids_path.write_text(json.dumps({"papers": list(inc.papers), "works": list(inc.works)}))
            result["counts"] = {"works": len(inc.works), "incidence_nnz": int(inc.matrix.nnz)}
        else:
            inc = load()
            t_read = time.perf_counter()
            if group == "coupling":
                edges = coupling_edges(inc)
                result["counts"] = {"edges": len(edges), "measure_bytes": measured(edges)}
            elif group == "cocitation":
                edges = cocitation_edges(inc, min_citations=MIN_CITATIONS)
                result["counts"] = {"edges": len(edges), "nodes": len(edges.ids),
                                    "measure_bytes": measured(edges)}
            elif group == "related":
                edges = coupling_edges(inc)
                papers = pd.DataFrame({"paper_id": inc.papers, "title": ""})
                table = related_papers(edges, edges_none, papers)
                result["counts"] = {"rows": len(table), "pairs": 2 * len(edges)}
            elif group == "write":
                for name, edges in (("coupling", coupling_edges(inc)),
                                    ("cocitation", cocitation_edges(inc, MIN_CITATIONS))):
                    frame = edges.frame()
                    tables.write_parquet(frame, work / f"{name}.parquet")
                    if sys.argv[4] == "csv":
                        tables.write_csv(frame, work / f"{name}.csv")
                    del frame
            t1 = time.perf_counter()
        result["read_s"] = t_read - t0
        t0 = t_read
    result["seconds"] = t1 - t0
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    """
)

GROUPS = ("generate", "incidence", "coupling", "cocitation", "related", "write")
GRAPHS = ("incidence", "coupling", "cocitation")  # the target: graphs + measures


def run(group: str, n: int, csv: bool) -> dict:
    """One measured child process of a stage group."""
    csv_arg = "csv" if csv else "no-csv"
    cmd = [sys.executable, "-c", CHILD, group, str(n), str(WORK), csv_arg, str(MIN_CITATIONS)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{group} {n}: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(n: int, runs: int, csv: bool) -> dict:
    """Medians over ``runs`` runs of every group for a review of ``n`` papers."""
    WORK.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {group: [] for group in GROUPS}
    for _ in range(runs):
        for group in GROUPS:
            rows[group].append(run(group, n, csv))
    out: dict = {"seconds": {}, "peak_mib": {}, "read_s": {}, "counts": {}}
    for group, results in rows.items():
        out["seconds"][group] = statistics.median(r["seconds"] for r in results)
        out["peak_mib"][group] = statistics.median(r["peak_mib"] for r in results)
        if "read_s" in results[0]:
            out["read_s"][group] = statistics.median(r["read_s"] for r in results)
        out["counts"][group] = results[0]["counts"]
        out["seconds"][f"{group}_runs"] = [round(r["seconds"], 3) for r in results]
    out["graphs_total_s"] = sum(out["seconds"][g] for g in GRAPHS)
    out["graphs_peak_mib"] = max(out["peak_mib"][g] for g in GRAPHS)
    out["csv"] = csv
    return out


def growth(summary: dict) -> dict:
    """Exponent k of t ∝ N^k (and of peak memory) between successive sizes."""
    sizes = sorted(summary, key=int)
    out = {}
    for small, large in itertools.pairwise(sizes):
        ratio = math.log(int(large) / int(small))
        out[f"{small}->{large}"] = {
            kind: {
                g: round(math.log(summary[large][kind][g] / summary[small][kind][g]) / ratio, 2)
                for g in GROUPS
                if summary[small][kind][g] > 0
            }
            for kind in ("seconds", "peak_mib")
        }
    return out


def print_summary(summary: dict, runs: int) -> None:
    print(f"medians of {runs} runs; each stage group a fresh process (time excludes imports")
    print("and reading its input; peak = the child's ru_maxrss)")
    head = "".join(f"{g:>18}" for g in GROUPS)
    print(f"{'papers':>8}{head}{'graphs s':>10}{'graphs MiB':>11}")
    for n, s in summary.items():
        mark = {g: "*" if g == "write" and s["csv"] else " " for g in GROUPS}
        cells = "".join(
            f"{s['seconds'][g]:>9.2f}s{s['peak_mib'][g]:>7.0f}M{mark[g]}" for g in GROUPS
        )
        print(f"{n:>8}{cells}{s['graphs_total_s']:>10.2f}{s['graphs_peak_mib']:>11.0f}")
    print("* write includes CSV; otherwise Parquet only")
    for n, s in summary.items():
        cp, cc = s["counts"]["coupling"], s["counts"]["cocitation"]
        print(
            f"{n:>8}: {s['counts']['incidence']}, coupling edges {cp['edges']:,}, co-citation "
            f"edges {cc['edges']:,} among {cc['nodes']:,} works cited >= {MIN_CITATIONS} times"
        )
    for step, kinds in growth(summary).items():
        print(f"growth {step}: time N^k {kinds['seconds']}; peak N^k {kinds['peak_mib']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--csv-sizes", type=int, nargs="*", default=[1000], help="sizes also written as CSV"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    summary: dict = {}
    for n in args.sizes:
        summary[str(n)] = measure(n, args.runs, n in args.csv_sizes)
        (OUT / "scale.json").write_text(json.dumps(summary, indent=1))
    summary_out = {**summary, "growth": growth(summary)}
    (OUT / "scale.json").write_text(json.dumps(summary_out, indent=1))
    print_summary(summary, args.runs)


if __name__ == "__main__":
    main()
