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

Bibliography writers, one benchmark per writer (``--bib``)::

    python benchmarks/write_benchmark.py --bib                 # shared WoS exports + 100,000
    python benchmarks/write_benchmark.py --bib --reviews ../shared/data/wos/ManyAuthors.isi \
        synthetic:10000 --runs 3

Each review (a WoS export, read, parsed and matched by the match stage's ``identify``;
or ``synthetic:<n>``, ``refnet.synthetic`` with 40 references a paper, matched the same
way) gives the review papers and cited works as the workflow's Parquet tables; the
matcher's time is measured there (median of ``--match-runs``). Then each writer runs in
a fresh process on both tables (review + cited), ``--runs`` times: ``bibtex``, ``ris``,
``csl`` (each preparing the entries itself, as alone), ``bibliographies`` (the rule: the
entries prepared once, all three formats), and ``bibtex_baseline``, the BibTeX writer of
commit BASELINE (per-row pandas access and pybtex's writer; ``--baseline-runs``, 1 by
default: it takes minutes). Reported: median seconds,
ratio to the matcher and speed-up over the baseline; and which entries of the BibTeX
differ from the baseline's, by kind of change. Results: benchmarks/out/write_bib.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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


BASELINE = "cdf4cf9"  # main before the column-wise writers (issue 17)
WOS = ROOT.parent / "shared" / "data" / "wos"
BIB_REVIEWS = [
    str(WOS / "ManyAuthors.isi"),
    str(WOS / "bibliometrix_management.txt"),
    str(WOS / "tethne_wos3_history_of_biology.txt"),
    "synthetic:100000",
]
BIB_WRITERS = ("bibtex", "ris", "csl", "bibliographies", "bibtex_baseline")

BIB_SETUP = textwrap.dedent(
    """
    import json, statistics, sys, time
    from refnet import model, tables
    from refnet.config import validate_config
    from refnet.match.stage import identify
    review, folder, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if review.startswith("synthetic:"):
        from refnet.synthetic import synthetic_review
        papers, refs = synthetic_review(int(review.split(":")[1]), refs_per_paper=40, seed=0)
    else:
        from refnet.inputs.exports import read_exports
        from refnet.match.parse import parse_references
        papers, refs, _ = read_exports([review])
        refs = parse_references(refs)
    settings = validate_config({"name": "bench", "inputs": {}})["match"]
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        _, works, _, _ = identify(refs, papers, settings)
        seconds.append(time.perf_counter() - start)
    tables.write_parquet(model.conform(papers, model.PAPER_COLUMNS), f"{folder}/papers.parquet")
    tables.write_parquet(model.conform(works, model.WORK_COLUMNS), f"{folder}/works.parquet")
    print(json.dumps({"match_s": statistics.median(seconds), "match_runs": seconds,
                      "papers": len(papers), "works": len(works)}))
    """
)

BIB_CHILD = textwrap.dedent(
    """
    import importlib.util, json, os, resource, sys, time
    from refnet import model, tables
    writer, folder, out = sys.argv[1], sys.argv[2], sys.argv[3]
    sets = {"review": tables.read_parquet(f"{folder}/papers.parquet", model.PAPER_COLUMNS),
            "cited": tables.read_parquet(f"{folder}/works.parquet", model.WORK_COLUMNS)}
    if writer == "bibtex_baseline":
        spec = importlib.util.spec_from_file_location("baseline", f"{folder}/baseline_bibtex.py")
        baseline = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(baseline)
    start = time.perf_counter()
    for name, table in sets.items():
        if writer == "bibtex":
            from refnet.export.bibtex import write_bibtex
            write_bibtex(table, f"{out}/{name}.bib")
        elif writer == "ris":
            from refnet.export.ris import write_ris
            write_ris(table, f"{out}/{name}.ris")
        elif writer == "csl":
            from refnet.export.csl import write_csl
            write_csl(table, f"{out}/{name}.json")
        elif writer == "bibliographies":
            from refnet.export.bundles import write_bundle
            from refnet.export.entries import prepare_entries
            write_bundle(prepare_entries(table),
                         {ext: f"{out}/{name}.{ext}" for ext in ("bib", "ris", "json")})
        elif writer == "bibtex_baseline":
            baseline.write_bibtex(table, f"{out}/{name}.bib")
    seconds = time.perf_counter() - start
    keep = os.environ.get("KEEP_BIB")
    if keep and writer in ("bibtex", "bibtex_baseline"):
        for name in sets:
            os.replace(f"{out}/{name}.bib", f"{keep}/{writer}-{name}.bib")
    size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print(json.dumps({"seconds": seconds, "bytes": size,
                      "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """
)

_ENTRY = re.compile(r"^@(\w+)\{([^,\n]+)((?:,\n    .*)*)\n\}$", re.M)
_FIELD = re.compile(r"^    (\w+) = (?:\"(.*)\"|\{(.*)\}),?$", re.M)


def bib_entries(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """key → (type, fields) of a file in the writers' layout."""
    return {
        key: (kind, {m[0]: m[1] or m[2] for m in _FIELD.findall(body)})
        for kind, key, body in _ENTRY.findall(text)
    }


def bib_changes(old: str, new: str) -> dict[str, int]:
    """Entries of ``new`` that differ from ``old``, counted by kind of change."""
    before, after = bib_entries(old), bib_entries(new)
    counts: dict[str, int] = {"entries": len(after), "identical": 0}
    if set(before) != set(after):
        counts["keys_differ"] = len(set(before) ^ set(after))
    intended = {"annote", "address", "entrysubtype", "publisher", "howpublished", "pages"}
    for key in sorted(set(before) & set(after)):
        (t0, f0), (t1, f1) = before[key], after[key]
        kinds = []
        if t0 != t1:
            kinds.append(f"type {t0}->{t1}")
        for field in sorted(set(f0) | set(f1)):
            a, b = f0.get(field), f1.get(field)
            if a == b:
                continue
            if a and b and _unbraced(a) == _unbraced(b):
                kinds.append(f"{field}: case braces")
            elif t0 != t1 and field in _VENUE_FIELDS:
                kinds.append(f"{field}: {'added' if a is None else 'dropped'} with the type")
            elif field in intended:
                kinds.append(
                    f"{field}: {'added' if a is None else 'dropped' if b is None else 'moved'}"
                )
            else:
                kinds.append(f"OTHER {field}")
        for kind in kinds or ["identical"]:
            counts[kind] = counts.get(kind, 0) + 1
    return counts


_VENUE_FIELDS = {"journal", "booktitle", "howpublished", "institution", "school", "publisher"}


def _unbraced(text: str) -> str:
    return re.sub(r"(?<!\\)[{}]", "", text)


def bib_measure(writer: str, folder: str, keep: str) -> dict:
    with tempfile.TemporaryDirectory(dir=OUT) as out:
        env_python = [sys.executable, "-c", BIB_CHILD, writer, folder, out]
        done = subprocess.run(env_python, capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "KEEP_BIB": keep})  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        return json.loads(done.stdout.strip().splitlines()[-1])


def bib_main(args: argparse.Namespace) -> None:
    """The per-writer benchmark of the bibliography writers (``--bib``)."""
    summary: dict[str, dict] = {}
    show = ["git", "show", f"{BASELINE}:src/refnet/export/bibtex.py"]
    baseline = subprocess.run(show, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    for review in args.reviews:
        name = Path(review).name if not review.startswith("synthetic:") else review
        large = review.startswith("synthetic:") and int(review.split(":")[1]) >= 100_000
        runs = args.runs_largest if large else args.runs
        match_runs = args.runs_largest if large else args.match_runs
        with tempfile.TemporaryDirectory(dir=OUT) as folder:
            (Path(folder) / "baseline_bibtex.py").write_text(baseline)
            setup = json.loads(python("-c", BIB_SETUP, review, folder, str(match_runs))
                               .strip().splitlines()[-1])  # fmt: skip
            times = {w: [bib_measure(w, folder, folder)
                         for _ in range(args.baseline_runs if w == "bibtex_baseline" else runs)]
                     for w in BIB_WRITERS}  # fmt: skip
            changes = {
                part: bib_changes(
                    (Path(folder) / f"bibtex_baseline-{part}.bib").read_text(encoding="utf-8"),
                    (Path(folder) / f"bibtex-{part}.bib").read_text(encoding="utf-8"),
                )
                for part in ("review", "cited")
            }
        medians = {w: {k: statistics.median(r[k] for r in rs) for k in rs[0]}
                   for w, rs in times.items()}  # fmt: skip
        base = medians["bibtex_baseline"]["seconds"]
        for m in medians.values():
            m["vs_match"] = m["seconds"] / setup["match_s"]
            m["speedup_vs_baseline"] = base / m["seconds"]
        summary[name] = {**setup, "runs": runs, "writers": medians, "bibtex_changes": changes}
        (OUT / "write_bib.json").write_text(json.dumps(summary, indent=1))
        print(f"{name}: {setup['papers']:,} papers, {setup['works']:,} cited works; match "
              f"{setup['match_s']:.2f} s (median of {match_runs}); writers {runs}")  # fmt: skip
        for w, m in medians.items():
            print(f"  {w:>16}: {m['seconds']:8.2f} s  {m['vs_match']:5.2f}x match  "
                  f"{m['speedup_vs_baseline']:6.1f}x faster than baseline  "
                  f"peak {m['peak_mib']:6.0f} MiB")  # fmt: skip
        for part, counts in changes.items():
            print(f"  BibTeX {part} vs baseline: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bib", action="store_true", help="the bibliography writers instead")
    parser.add_argument("--reviews", nargs="+", default=BIB_REVIEWS, help="with --bib")
    parser.add_argument("--match-runs", type=int, default=3, help="with --bib")
    parser.add_argument("--baseline-runs", type=int, default=1, help="with --bib (minutes each)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-largest", type=int, default=1, help="runs at 100,000 papers")
    parser.add_argument("--full-sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[1000])
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.bib:
        bib_main(args)
        return
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
