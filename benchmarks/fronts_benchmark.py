"""What the fronts add: clustering, layout and labels of the graph files' graphs.

    python benchmarks/fronts_benchmark.py                     # 100,000 papers, 3 runs
    python benchmarks/fronts_benchmark.py --sizes 10000 100000 --runs 3
    python benchmarks/fronts_benchmark.py --reuse --runs 1    # graph tables already built

For each size the synthetic review of ``stage_benchmark.py`` (40 references per paper,
DOI-first identity, ``cocitation_min_citations: 5``) goes through the graphs stage once
(``run_graphs``, timed as the baseline of the same run). Then, per graph (coupling,
co-citation), in fresh processes:

1. ``cut``: read the edge and node tables and keep what the graph files keep
   (``graphs.files`` defaults: 10,000 nodes, 100,000 edges, top 10 per node): the step
   the graph-file rules already do; its result is saved for step 2;
2. ``fronts``: from the cut graph, what the fronts stage adds: reading the works each
   paper cites (top works of a cluster), the Leiden partition with its structure test
   (five rewired graphs), the layout, the labels and the three tables, in memory.

Each child reports its time (imports excluded) and its peak RSS (``ru_maxrss``) and the
RSS before the work (after imports), so "added memory" is the peak above that floor.
Medians over ``--runs``. Results: benchmarks/out/fronts.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage_benchmark import OUT, ROOT, prepare
from stage_benchmark import run as run_graphs_child

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    import pandas as pd
    from refnet.export.limits import limit_graph
    from refnet.graphs.fronts import cited_labels, fronts
    from refnet.graphs.nodes import NODE_COLUMNS
    from refnet.graphs.stage import read_references
    from refnet.tables import read_parquet, write_parquet

    step, graph, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    tables, cut_dir = folder / "out", folder / "cut"
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    start = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = start.ru_utime + start.ru_stime
    result = {}
    if step == "cut":
        nodes = read_parquet(tables / f"{graph}_nodes.parquet", NODE_COLUMNS)
        edges = read_parquet(tables / f"{graph}.parquet")
        result["nodes"], result["edges"] = len(nodes), len(edges)
        nodes, edges, _ = limit_graph(nodes, edges)
        cut_dir.mkdir(exist_ok=True)
        write_parquet(nodes, cut_dir / f"{graph}_nodes.parquet")
        write_parquet(edges, cut_dir / f"{graph}.parquet")
        result["kept_nodes"], result["kept_edges"] = len(nodes), len(edges)
    else:
        nodes = read_parquet(cut_dir / f"{graph}_nodes.parquet", NODE_COLUMNS)
        edges = read_parquet(cut_dir / f"{graph}.parquet")
        t0 = time.perf_counter()
        start = resource.getrusage(resource.RUSAGE_SELF)
        cpu0 = start.ru_utime + start.ru_stime
        cited = None
        if graph == "coupling":
            cited = cited_labels(
                read_references(folder / "references.parquet"),
                pd.read_parquet(folder / "works.parquet", columns=["work_id", "label"]),
            )
        t_cited = time.perf_counter() - t0
        out = fronts(graph, nodes, edges, cited)
        result["cited_s"] = round(t_cited, 2)
        result["clusters"] = int(out["summary"]["clusters"].iloc[0])
        result["structure"] = bool(out["summary"]["structure"].iloc[0])
    result["seconds"] = round(time.perf_counter() - t0, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_s"] = round(usage.ru_utime + usage.ru_stime - cpu0, 2)
    result["floor_mib"] = round(floor)
    result["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))
    """
)


def child(step: str, graph: str, folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, step, graph, str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{step} {graph}: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(n: int, runs: int, reuse: bool = False) -> dict:
    folder = prepare(n, regenerate=False)
    if reuse and (folder / "out" / "related.parquet").exists():
        graphs_stage = {"reused": str(folder / "out")}
    else:
        start = time.perf_counter()
        graphs_stage = run_graphs_child(folder)
        graphs_stage["wall_s"] = round(time.perf_counter() - start, 1)
    summary: dict = {"papers": n, "graphs_stage": graphs_stage}
    for graph in ("coupling", "cocitation"):
        cuts = [child("cut", graph, folder) for _ in range(runs)]
        adds = [child("fronts", graph, folder) for _ in range(runs)]
        summary[graph] = {
            "nodes": cuts[0]["nodes"],
            "edges": cuts[0]["edges"],
            "kept_nodes": cuts[0]["kept_nodes"],
            "kept_edges": cuts[0]["kept_edges"],
            "cut_s": statistics.median(c["seconds"] for c in cuts),
            "cut_peak_mib": statistics.median(c["peak_mib"] for c in cuts),
            "fronts_s": statistics.median(a["seconds"] for a in adds),
            "fronts_cpu_s": statistics.median(a["cpu_s"] for a in adds),
            "fronts_cited_s": statistics.median(a["cited_s"] for a in adds),
            "fronts_added_mib": statistics.median(a["peak_mib"] - a["floor_mib"] for a in adds),
            "fronts_peak_mib": statistics.median(a["peak_mib"] for a in adds),
            "clusters": adds[0]["clusters"],
            "structure": adds[0]["structure"],
            "runs": [c["seconds"] for c in cuts] + [a["seconds"] for a in adds],
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the graph tables of an earlier run"
    )
    args = parser.parse_args()
    results = [measure(n, args.runs, args.reuse) for n in args.sizes]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fronts.json").write_text(json.dumps(results, indent=1))
    for r in results:
        g = r["graphs_stage"]
        print(f"{r['papers']:,} papers; graphs stage (run_graphs): {g}")
        for graph in ("coupling", "cocitation"):
            s = r[graph]
            print(
                f"  {graph}: {s['nodes']:,} nodes / {s['edges']:,} edges, files keep "
                f"{s['kept_nodes']:,} / {s['kept_edges']:,}; cut {s['cut_s']} s "
                f"(peak {s['cut_peak_mib']} MiB); fronts {s['fronts_s']} s wall, "
                f"{s['fronts_cpu_s']} s CPU (of which "
                f"reading the cited works {s['fronts_cited_s']} s), +{s['fronts_added_mib']} "
                f"MiB (peak {s['fronts_peak_mib']} MiB); {s['clusters']} clusters, "
                f"structure {s['structure']}"
            )


if __name__ == "__main__":
    main()
