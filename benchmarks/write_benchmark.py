"""Writing the outputs of large reviews: time and memory of every export, per size.

    python benchmarks/write_benchmark.py                          # 1,000 / 10,000 / 100,000
    python benchmarks/write_benchmark.py --sizes 1000 10000 --runs 3

For each size, a synthetic review (``refnet.synthetic``, 40 references per paper) gives
coupling and co-citation (works cited at least 5 times) with all measures; their edge and
node tables are stored once as Parquet. Then every export runs in a fresh subprocess
that reads those tables and writes one output, as the workflow does:

- ``csv``: the similarity tables, every edge (``refnet.tables.write_csv``);
- ``parquet``: the same as Parquet;
- ``graph_files``: GEXF + GraphML + Pajek of both graphs, under the default
  ``graphs.files`` limits (the files Gephi opens);
- ``vosviewer``: map + network + JSON of both graphs, same limits;
- ``gexf_full`` / ``graphml_full``: every edge, no limits (only for ``--full-sizes``);
- ``csv_pandas`` (baseline): ``DataFrame.to_csv(float_format="%.6g")``, the writer this
  replaces (only for ``--baseline-sizes``; it takes minutes at 10,000 papers).

Reported per export: median seconds over ``--runs``, peak RSS of the process and the
extra memory of writing (peak RSS minus the RSS once the tables are read), the bytes
written, and for ``csv`` its speed-up over ``csv_pandas`` measured in the same run.
Results: benchmarks/out/write.json.
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

SETUP = textwrap.dedent(
    """
    import sys
    from refnet import tables
    from refnet.graphs.incidence import incidence
    from refnet.graphs.nodes import paper_nodes, work_nodes
    from refnet.graphs.similarity import cocitation, cocited_works, coupling
    from refnet.model import empty
    from refnet.synthetic import synthetic_review
    n, folder = int(sys.argv[1]), sys.argv[2]
    papers, refs = synthetic_review(n, refs_per_paper=40, seed=0)
    refs["work_id"] = "doi:" + refs["doi"]
    inc = incidence(refs, papers["paper_id"])
    no_citations = empty({"source": "str", "target": "str"})
    works = refs[["work_id"]].drop_duplicates().assign(
        label="", title="", year=None, doi="", kind="article")
    graphs = {
        "coupling": (coupling(inc), paper_nodes(papers, inc, no_citations)),
        "cocitation": (cocitation(inc, min_citations=5),
                       work_nodes(works, inc, cocited_works(inc, 5))),
    }
    for name, (edges, nodes) in graphs.items():
        tables.write_parquet(edges, f"{folder}/{name}.parquet")
        tables.write_parquet(nodes, f"{folder}/{name}_nodes.parquet")
        print(name, len(edges), len(nodes))
    """
)

CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    from refnet import tables
    from refnet.export.limits import limit_graph
    export, folder, out = sys.argv[1], sys.argv[2], sys.argv[3]
    def rss_mib():
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    graphs = {g: (tables.read_parquet(f"{folder}/{g}_nodes.parquet"),
                  tables.read_parquet(f"{folder}/{g}.parquet"))
              for g in ("coupling", "cocitation")}
    loaded = rss_mib()
    start = time.perf_counter()
    for g, (nodes, edges) in graphs.items():
        if export == "csv":
            tables.write_csv(edges, f"{out}/{g}.csv")
        elif export == "csv_pandas":
            edges.to_csv(f"{out}/{g}.csv", index=False, float_format="%.6g", lineterminator="\\n")
        elif export == "parquet":
            tables.write_parquet(edges, f"{out}/{g}.parquet")
        elif export == "graph_files":
            from refnet.export.graphfiles import write_gexf, write_graphml
            from refnet.export.pajek import write_pajek
            nodes, edges, _ = limit_graph(nodes, edges)
            write_gexf(nodes, edges, f"{out}/{g}.gexf")
            write_graphml(nodes, edges, f"{out}/{g}.graphml")
            write_pajek(nodes, edges, f"{out}/{g}.net")
        elif export == "vosviewer":
            from refnet.export.vosviewer import write_vosviewer
            nodes, edges, _ = limit_graph(nodes, edges)
            write_vosviewer(nodes, edges, f"{out}/{g}_map.txt", f"{out}/{g}_network.txt",
                            f"{out}/{g}.json")
        elif export == "gexf_full":
            from refnet.export.graphfiles import write_gexf
            write_gexf(nodes, edges, f"{out}/{g}.gexf")
        elif export == "graphml_full":
            from refnet.export.graphfiles import write_graphml
            write_graphml(nodes, edges, f"{out}/{g}.graphml")
        else:
            raise SystemExit(f"unknown export {export}")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "extra_mib": max(0, peak - loaded),
                      "loaded_mib": loaded, "bytes": size}))
    """
)


def python(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return done.stdout


def measure(export: str, folder: str) -> dict:
    """One export in a fresh process, writing into a fresh folder."""
    with tempfile.TemporaryDirectory(dir=OUT) as out:
        return json.loads(python("-c", CHILD, export, folder, out).strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-largest", type=int, default=1, help="runs at 100,000 papers")
    parser.add_argument("--full-sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[1000])
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    summary: dict[int, dict] = {}
    for n in args.sizes:
        with tempfile.TemporaryDirectory(dir=OUT) as folder:
            sizes = python("-c", SETUP, str(n), folder).split()
            counts = {sizes[i]: (int(sizes[i + 1]), int(sizes[i + 2])) for i in (0, 3)}
            exports = ["csv", "parquet", "graph_files", "vosviewer"]
            exports += ["gexf_full", "graphml_full"] if n in args.full_sizes else []
            exports += ["csv_pandas"] if n in args.baseline_sizes else []
            runs = args.runs_largest if n >= 100_000 else args.runs
            rows = {e: [measure(e, folder) for _ in range(runs)] for e in exports}
        result = {
            "edges": {g: c[0] for g, c in counts.items()},
            "nodes": {g: c[1] for g, c in counts.items()},
            "runs": runs,
            "exports": {
                e: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for e, rs in rows.items()
            },
        }
        if "csv_pandas" in rows:
            result["csv_speedup_over_pandas"] = (
                result["exports"]["csv_pandas"]["seconds"] / result["exports"]["csv"]["seconds"]
            )
        summary[n] = result
        (OUT / "write.json").write_text(json.dumps(summary, indent=1))
        print(
            f"{n} papers: coupling {counts['coupling'][0]:,} edges, cocitation "
            f"{counts['cocitation'][0]:,} edges / {counts['cocitation'][1]:,} works "
            f"(medians of {runs})"
        )
        for e, m in result["exports"].items():
            print(
                f"  {e:>13}: {m['seconds']:8.2f} s  peak {m['peak_mib']:7.0f} MiB  "
                f"extra {m['extra_mib']:6.0f} MiB  {m['bytes'] / 2**20:8.1f} MiB written"
            )
        if "csv_speedup_over_pandas" in result:
            print(f"  csv: {result['csv_speedup_over_pandas']:.1f}x faster than pandas to_csv")


if __name__ == "__main__":
    main()
