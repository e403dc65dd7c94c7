"""refnet against metaknowledge on Web of Science exports.

    python benchmarks/metaknowledge_benchmark.py --agreement   # identity differences, testFile.isi
    python benchmarks/metaknowledge_benchmark.py --runs 3      # time and memory, ManyAuthors.isi
    python benchmarks/metaknowledge_benchmark.py --suite --runs 3 --large-runs 1
    python benchmarks/metaknowledge_benchmark.py --file A.isi B.txt --mk-venv PATH

``--suite`` runs every real export of the comparison: ManyAuthors.isi (physics, 80 cited
references a record), the two book-heavy exports (bibliometrix_management.txt,
tethne_wos3_history_of_biology.txt, ~26 a record) and resamples of 1,000, 2,000 and 5,000
records of those two pooled (``wos_resample.py``, seed 1, written under
benchmarks/out/resampled/ when absent); ``--large-runs`` sets the runs of files of more
than 2,000 records. Results: benchmarks/out/metaknowledge_suite.json.

Timing: each run is a fresh subprocess under ``/usr/bin/time -v``; the tools alternate
within a run. The child reports its own time from the export file to coupling + full
co-citation edges in memory (imports excluded) and its peak RSS at that point
(``ru_maxrss``), then separately the time to write the edges to files (refnet: CSV streamed in row
groups, as the graphs stage writes its tables); ``time`` gives the
whole process's peak (with writing). metaknowledge runs in its own venv (``--mk-venv``, created with
``pip install metaknowledge==3.4.1`` when absent). refnet runs what the workflow runs:
the export reader (``inputs.exports.read_exports``), the match stage's parse and identity
(``match.parse.parse_references`` then ``match.stage.identify``, offline, which calls
``match.identity.match_references`` and also builds the works and decisions tables), the
incidence matrix, and coupling and co-citation edges (``min_citations=1``) as arrays.
The five measures of both graphs are timed apart (``measures_s``) and written with the
edges. Results go to benchmarks/out/metaknowledge.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
DATA = ROOT.parent / "shared" / "data" / "wos"
MK_VENV = OUT / "mk-venv"
MK_VERSION = "3.4.1"

MK_CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    import metaknowledge as mk
    path, outdir = sys.argv[1], sys.argv[2]
    t0, c0 = time.perf_counter(), time.process_time()
    rc = mk.RecordCollection(path)
    coupling = rc.networkBibCoupling()
    cocitation = rc.networkCoCitation()
    t1, c1 = time.perf_counter(), time.process_time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mk.writeGraph(coupling, os.path.join(outdir, "mk_coupling"))
    mk.writeGraph(cocitation, os.path.join(outdir, "mk_cocitation"))
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"graphs_s": t1 - t0, "write_s": t2 - t1, "graphs_peak_mib": peak,
        "written_s": t2 - t0, "graphs_cpu_s": c1 - c0, "written_cpu_s": c2 - c0,
        "coupling": [coupling.number_of_nodes(), coupling.number_of_edges()],
        "cocitation": [cocitation.number_of_nodes(), cocitation.number_of_edges()]}))
    """
)

REFNET_CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    from refnet import tables
    from refnet.config import validate_config
    from refnet.graphs.incidence import incidence
    from refnet.graphs.similarity import MEASURES, cocitation_edges, coupling_edges
    from refnet.inputs.exports import read_exports
    from refnet.match.parse import parse_references
    from refnet.match.stage import identify
    path, outdir = sys.argv[1], sys.argv[2]
    settings = validate_config({"name": "bench", "inputs": {}})["match"]
    t0, c0 = time.perf_counter(), time.process_time()
    papers, refs, problems = read_exports([path])
    t_read, c_read = time.perf_counter(), time.process_time()
    parsed = parse_references(refs)
    t_parse, c_parse = time.perf_counter(), time.process_time()
    matched, works, decisions, _ = identify(parsed, papers, settings)
    t_identity, c_identity = time.perf_counter(), time.process_time()
    inc = incidence(matched, papers["paper_id"])
    t_incidence, c_incidence = time.perf_counter(), time.process_time()
    cp = coupling_edges(inc)
    t_coupling, c_coupling = time.perf_counter(), time.process_time()
    cc = cocitation_edges(inc, min_citations=1)
    t1, c1 = time.perf_counter(), time.process_time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for edges in (cp, cc):
        for name in MEASURES:
            edges.measure(name)
    t_measures = time.perf_counter()
    peak_measures = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for edges, name in ((cp, "refnet_coupling.csv"), (cc, "refnet_cocitation.csv")):
        batches = edges.batches(tables.ROW_GROUP_ROWS)  # as the graphs stage streams them
        tables.write_batches(edges.schema, batches, os.path.join(outdir, name))
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"graphs_s": t1 - t0, "write_s": t2 - t_measures,
        "graphs_peak_mib": peak, "measures_s": t_measures - t1, "written_s": t2 - t0,
        "graphs_cpu_s": c1 - c0, "written_cpu_s": c2 - c0,
        "measures_peak_mib": peak_measures,
        "stages_s": {"read": t_read - t0, "parse": t_parse - t_read,
                     "match": t_identity - t_parse, "incidence": t_incidence - t_identity,
                     "coupling": t_coupling - t_incidence, "cocitation": t1 - t_coupling},
        "stages_cpu_s": {"read": c_read - c0, "parse": c_parse - c_read,
                     "match": c_identity - c_parse, "incidence": c_incidence - c_identity,
                     "coupling": c_coupling - c_incidence, "cocitation": c1 - c_coupling},
        "coupling": [len(inc.papers), len(cp)], "cocitation": [len(cc.ids), len(cc)],
        "refs": len(refs)}))
    """
)

#: refnet's reader, incidence and graphs under metaknowledge's identity (a key of the CR's
#: author, year and source, ``inputs.wos.metaknowledge_key``, once per distinct string):
#: what refnet's path costs without its parsing and matching.
REFNET_KEY_CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    import numpy as np
    import pandas as pd
    from refnet import tables
    from refnet.graphs.incidence import incidence
    from refnet.graphs.similarity import cocitation_edges, coupling_edges
    from refnet.inputs.exports import read_exports
    from refnet.inputs.wos import metaknowledge_key
    path, outdir = sys.argv[1], sys.argv[2]
    t0, c0 = time.perf_counter(), time.process_time()
    papers, refs, problems = read_exports([path])
    t_read, c_read = time.perf_counter(), time.process_time()
    codes, uniques = pd.factorize(refs["raw"].to_numpy(dtype=object))
    keys = np.array([metaknowledge_key({"raw": r}) for r in uniques], dtype=object)
    matched = refs.assign(work_id=keys[codes])
    t_key, c_key = time.perf_counter(), time.process_time()
    inc = incidence(matched, papers["paper_id"])
    cp = coupling_edges(inc)
    cc = cocitation_edges(inc, min_citations=1)
    t1, c1 = time.perf_counter(), time.process_time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for edges, name in ((cp, "coupling.csv"), (cc, "cocitation.csv")):
        batches = edges.batches(tables.ROW_GROUP_ROWS)
        tables.write_batches(edges.schema, batches, os.path.join(outdir, name))
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"graphs_s": t1 - t0, "write_s": t2 - t1, "written_s": t2 - t0,
        "graphs_cpu_s": c1 - c0, "written_cpu_s": c2 - c0,
        "graphs_peak_mib": peak, "measures_s": 0.0, "measures_peak_mib": peak,
        "stages_s": {"read": t_read - t0, "key": t_key - t_read, "graphs": t1 - t_key},
        "stages_cpu_s": {"read": c_read - c0, "key": c_key - c_read, "graphs": c1 - c_key},
        "coupling": [len(inc.papers), len(cp)], "cocitation": [len(cc.ids), len(cc)],
        "refs": len(refs)}))
    """
)

TOOLS = ("metaknowledge", "refnet", "refnet_mk_identity")
BOOKS = [DATA / "bibliometrix_management.txt", DATA / "tethne_wos3_history_of_biology.txt"]
RESAMPLED = OUT / "resampled"
SUITE_SIZES = (1000, 2000, 5000)


def suite_files() -> list[Path]:
    """ManyAuthors, the two book-heavy exports, and resamples of the book exports pooled."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from wos_resample import resample

    files = [DATA / "ManyAuthors.isi", *BOOKS]
    text = "\n".join(path.read_text(encoding="utf-8-sig") for path in BOOKS)
    for size in SUITE_SIZES:
        path = RESAMPLED / f"books{size}.isi"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(resample(text, size, seed=1), encoding="utf-8")
        files.append(path)
    return files


def ensure_mk_venv(venv: Path) -> Path:
    """The metaknowledge venv's python (created and installed on first use)."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    check = subprocess.run([python, "-c", "import metaknowledge"], capture_output=True)
    if check.returncode != 0:
        pip = [str(python), "-m", "pip", "install", "-q", f"metaknowledge=={MK_VERSION}"]
        subprocess.run(pip, check=True)
    return python


def run_child(python: str, code: str, path: Path, *args: str) -> dict:
    """Run one measured child; its JSON line plus wall time and peak RSS (MiB)."""
    with tempfile.TemporaryDirectory() as outdir:
        cmd = ["/usr/bin/time", "-v", python, "-c", code, str(path), outdir, *args]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for line in done.stderr.splitlines():
        if "Maximum resident set size" in line:
            result["peak_mib"] = int(line.rsplit(":", 1)[1]) / 1024
        if "Elapsed (wall clock)" in line:
            clock = line.rsplit(" ", 1)[1].split(":")
            result["process_s"] = sum(float(x) * 60**i for i, x in enumerate(reversed(clock)))
    return result


def timing(runs: int, path: Path, mk_venv: Path) -> dict:
    """Medians of ``runs`` runs, the tools alternating within each run."""
    mk_python = str(ensure_mk_venv(mk_venv))
    children = {
        "metaknowledge": (mk_python, MK_CHILD),
        "refnet": (sys.executable, REFNET_CHILD),
        "refnet_mk_identity": (sys.executable, REFNET_KEY_CHILD),
    }
    results: dict[str, list[dict]] = {tool: [] for tool in TOOLS}
    for _ in range(runs):
        for tool, (python, code, *args) in children.items():
            results[tool].append(run_child(python, code, path, *args))
    summary: dict = {}
    for tool, rows in results.items():
        keys = [k for k, v in rows[0].items() if isinstance(v, int | float)]
        summary[tool] = {key: statistics.median(r[key] for r in rows) for key in keys}
        for stages in ("stages_s", "stages_cpu_s"):
            if stages in rows[0]:
                summary[tool][stages] = {
                    k: statistics.median(r[stages][k] for r in rows) for k in rows[0][stages]
                }
        summary[tool]["coupling"] = rows[0]["coupling"]
        summary[tool]["refs"] = rows[0].get("refs", 0)
        summary[tool]["cocitation"] = rows[0]["cocitation"]
        summary[tool]["graphs_s_runs"] = [r["graphs_s"] for r in rows]
    mk = summary["metaknowledge"]
    summary["ratios"] = {
        tool: {
            "graphs_speedup": mk["graphs_s"] / summary[tool]["graphs_s"],
            "process_speedup": mk["process_s"] / summary[tool]["process_s"],
            "write_speedup": mk["write_s"] / summary[tool]["write_s"],
            "written_speedup": mk["written_s"] / summary[tool]["written_s"],
            "graphs_cpu_speedup": mk["graphs_cpu_s"] / summary[tool]["graphs_cpu_s"],
            "written_cpu_speedup": mk["written_cpu_s"] / summary[tool]["written_cpu_s"],
            "graphs_peak_ratio": summary[tool]["graphs_peak_mib"] / mk["graphs_peak_mib"],
            "process_peak_ratio": summary[tool]["peak_mib"] / mk["peak_mib"],
        }
        for tool in TOOLS[1:]
    }
    summary["runs"] = runs
    summary["file"] = str(path)
    return summary


def print_timing(summary: dict) -> None:
    print(f"file: {summary['file']}  runs: {summary['runs']} (medians)")
    print(
        f"{'tool':<19}{'graphs s':>9}{'peak MiB':>9}{'write s':>9}{'process s':>10}"
        f"{'proc. MiB':>10}  coupling (nodes, edges)  co-citation (nodes, edges)"
    )
    for tool in TOOLS:
        s = summary[tool]
        print(
            f"{tool:<19}{s['graphs_s']:>9.2f}{s['graphs_peak_mib']:>9.0f}{s['write_s']:>9.2f}"
            f"{s['process_s']:>10.2f}{s['peak_mib']:>10.0f}  {s['coupling']!s:<24} "
            f"{s['cocitation']!s}"
        )
    for tool in TOOLS[1:]:
        s, r = summary[tool], summary["ratios"][tool]
        stages = ", ".join(f"{k} {v:.2f}" for k, v in s["stages_s"].items())
        cpu = ", ".join(f"{k} {v:.2f}" for k, v in s.get("stages_cpu_s", {}).items())
        print(
            f"{tool}: {r['graphs_speedup']:.1f}x faster to the edges in memory, peak "
            f"{r['graphs_peak_ratio']:.2f} of metaknowledge's; whole process "
            f"{r['process_speedup']:.1f}x, peak {r['process_peak_ratio']:.2f}; writing "
            f"{r['write_speedup']:.1f}x; in CPU time {r['graphs_cpu_speedup']:.1f}x to the "
            f"edges, {r['written_cpu_speedup']:.1f}x with writing"
        )
        per_run = [
            m / t
            for m, t in zip(
                summary["metaknowledge"]["graphs_s_runs"], s["graphs_s_runs"], strict=True
            )
        ]
        print(
            f"    run by run (alternating): {min(per_run):.1f}x to {max(per_run):.1f}x, "
            f"median {statistics.median(per_run):.1f}x"
        )
        print(
            f"    stages (s): {stages}; the five measures of both graphs "
            f"{s['measures_s']:.2f} s (peak {s['measures_peak_mib']:.0f} MiB)"
        )
        print(f"    stages, CPU time (s): {cpu}")


def print_suite(summaries: list[dict]) -> None:
    """One row a file: both tools without and with writing, and the ratios."""
    print(
        "\n| export (records, cited refs) | runs | metaknowledge: edges in memory / "
        "written, peak / with writing | refnet | speed (memory / written) | "
        "peak ratio (memory / written) | CPU s, metaknowledge / refnet (in memory) | "
        "speed in CPU time (memory / written) | refnet under metaknowledge's identity: "
        "speed (wall / CPU) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for s in summaries:
        mk, rn, r = s["metaknowledge"], s["refnet"], s["ratios"]["refnet"]
        print(
            f"| {Path(s['file']).name} ({rn['coupling'][0]:,}, {rn.get('refs', 0):,}) "
            f"| {s['runs']} | {mk['graphs_s']:.2f} s / {mk['written_s']:.2f} s, "
            f"{mk['graphs_peak_mib']:,.0f} / {mk['peak_mib']:,.0f} MiB "
            f"| {rn['graphs_s']:.2f} s / {rn['written_s']:.2f} s, "
            f"{rn['graphs_peak_mib']:,.0f} / {rn['peak_mib']:,.0f} MiB "
            f"| **{r['graphs_speedup']:.1f}×** / {r['written_speedup']:.1f}× "
            f"| **{r['graphs_peak_ratio']:.2f}** / {r['process_peak_ratio']:.2f} "
            f"| {mk['graphs_cpu_s']:.2f} / {rn['graphs_cpu_s']:.2f} "
            f"| **{r['graphs_cpu_speedup']:.1f}×** / {r['written_cpu_speedup']:.1f}× "
            f"| {s['ratios']['refnet_mk_identity']['graphs_speedup']:.1f}× / "
            f"{s['ratios']['refnet_mk_identity']['graphs_cpu_speedup']:.1f}× |"
        )


# ----------------------------------------------------------------------------- agreement


def agreement(path: Path) -> dict:
    """Coupling under metaknowledge's identity and under refnet's, and why they differ."""
    from refnet.config import validate_config
    from refnet.graphs.incidence import incidence
    from refnet.graphs.similarity import coupling
    from refnet.inputs.exports import read_exports
    from refnet.inputs.wos import metaknowledge_key, metaknowledge_record_key, parse_wos_text
    from refnet.match.parse import parse_references
    from refnet.match.stage import identify

    records, _ = parse_wos_text(path.read_text(encoding="utf-8"), str(path))
    papers, refs, _ = read_exports([path])
    # papers: refnet id -> metaknowledge node (first AU, PY, J9; via the record's line)
    by_line = {f"{path}:{r.line}": metaknowledge_record_key(r) for r in records}
    node_of = dict(zip(papers["paper_id"], papers["origin"].map(by_line), strict=True))

    def network(references) -> set[tuple[str, str]]:  # a references DataFrame
        """Coupling edges between metaknowledge nodes, by refnet's incidence and coupling."""
        cited = references.assign(citing_id=references["citing_id"].map(node_of))
        edges = coupling(incidence(cited, sorted(set(node_of.values()))))
        return set(zip(edges["source"], edges["target"], strict=True))

    # metaknowledge's identity (author, year, journal of the CR string) in refnet's stages
    mk_edges = network(refs.assign(work_id=[metaknowledge_key({"raw": r}) for r in refs["raw"]]))
    mk_nodes = {metaknowledge_record_key(r) for r in records}
    settings = validate_config({"name": "agreement", "inputs": {}})["match"]
    matched, _works, _, _ = identify(parse_references(refs), papers, settings)
    rn_edges = network(matched)

    matched = matched.assign(mk=[metaknowledge_key({"raw": r}) for r in matched["raw"]])
    split = []  # one metaknowledge work that refnet splits in several
    for key, group in matched.groupby("mk"):
        if group["work_id"].nunique() > 1:
            split.append(
                {
                    "why": _why_apart(group),
                    "metaknowledge": key,
                    "refnet_works": sorted(set(group["work_id"])),
                    "raws": sorted(set(group["raw"]))[:4],
                }
            )
    merged = []  # one refnet work that metaknowledge splits in several
    for work, group in matched.groupby("work_id"):
        if group["mk"].nunique() > 1:
            merged.append(
                {
                    "refnet": work,
                    "rule": ", ".join(sorted(set(group["match_rule"]))),
                    "metaknowledge_keys": sorted(set(group["mk"])),
                    "raws": sorted(set(group["raw"]))[:4],
                }
            )
    return {
        "metaknowledge": {"nodes": len(mk_nodes), "edges": len(mk_edges)},
        "refnet": {"nodes": len(papers), "edges": len(rn_edges)},
        "edges_only_metaknowledge": sorted(mk_edges - rn_edges),
        "edges_only_refnet": sorted(rn_edges - mk_edges),
        "split_by_refnet": split,
        "merged_by_refnet": merged,
    }


def _why_apart(group) -> str:
    """Why refnet keeps references with one metaknowledge key apart."""
    dois = {d for d in group["doi"] if d}
    if len(dois) > 1:
        return "different DOIs (refnet right)"
    locators = {(v, p) for v, p in zip(group["volume"], group["pages"], strict=True) if v}
    if len(locators) > 1 and len({v for v, _ in locators}) >= 1 and dois != set():
        return "different volume/page, one has a DOI (refnet right)"
    if len({v for v, _ in locators}) > 1:
        return "different volumes (refnet right: different articles)"
    if len(locators) > 1:
        return "same volume, different pages (different articles, refnet right)"
    return "same work cited with/without page or identical strings (refnet misses a merge)"


def print_agreement(result: dict) -> None:
    print(f"metaknowledge identity: {result['metaknowledge']}; refnet identity: {result['refnet']}")
    print(f"edges only under metaknowledge's identity: {len(result['edges_only_metaknowledge'])}")
    for e in result["edges_only_metaknowledge"][:10]:
        print("   ", " -- ".join(e))
    print(f"edges only under refnet's identity: {len(result['edges_only_refnet'])}")
    for e in result["edges_only_refnet"][:10]:
        print("   ", " -- ".join(e))
    print(f"\nworks metaknowledge merges and refnet keeps apart: {len(result['split_by_refnet'])}")
    reasons: dict[str, int] = defaultdict(int)
    for item in result["split_by_refnet"]:
        reasons[item["why"]] += 1
    for why, count in sorted(reasons.items()):
        print(f"  {count:3d}  {why}")
    for item in result["split_by_refnet"]:
        print(f"  {item['metaknowledge']}  [{item['why']}]")
        for raw in item["raws"]:
            print(f"      {raw}")
    print(f"\nworks refnet merges and metaknowledge keeps apart: {len(result['merged_by_refnet'])}")
    for item in result["merged_by_refnet"]:
        print(f"  [{item['rule']}] {' | '.join(item['metaknowledge_keys'])}")
        for raw in item["raws"]:
            print(f"      {raw}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreement", action="store_true", help="identity differences only")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--file", type=Path, nargs="+", default=None)
    parser.add_argument("--suite", action="store_true", help="every export of the comparison")
    parser.add_argument("--large-runs", type=int, default=None, help="runs above 2,000 records")
    parser.add_argument("--mk-venv", type=Path, default=MK_VENV, help="metaknowledge's venv")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.agreement:
        result = agreement(args.file[0] if args.file else DATA / "testFile.isi")
        (OUT / "metaknowledge_agreement.json").write_text(json.dumps(result, indent=1))
        print_agreement(result)
        return
    files = suite_files() if args.suite else args.file or [DATA / "ManyAuthors.isi"]
    summaries = []
    for path in files:
        records = path.read_text(encoding="utf-8-sig").count("\nER")
        runs = args.runs if records <= 2000 or args.large_runs is None else args.large_runs
        summaries.append(timing(runs, path, args.mk_venv.resolve()))
        print_timing(summaries[-1])
        name = "metaknowledge_suite.json" if len(files) > 1 else "metaknowledge.json"
        (OUT / name).write_text(json.dumps(summaries if len(files) > 1 else summaries[0], indent=1))
    print_suite(summaries)


if __name__ == "__main__":
    main()
