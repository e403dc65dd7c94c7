"""CPU seconds and peak memory of the similarity and graph_cut stages on a finished review.

    python benchmarks/stage_cpu.py --review benchmarks/out/workflow-100000
    python benchmarks/stage_cpu.py --review benchmarks/out/workflow-10000 --runs 3

Each stage runs as the workflow runs it, ``refnet run <stage>`` in a fresh process, on the
review's own inputs (``results/match/{references,works}.parquet``,
``results/resolved/papers.parquet``, the ``graphs`` settings of its ``refs/review.yaml``):
similarity writes its ten tables to ``benchmarks/out/stage-cpu/similarity/``, then
graph_cut cuts each graph of them to ``benchmarks/out/stage-cpu/cut/``. Per stage: the
child's user + system CPU seconds and its peak resident memory (``wait4``), medians over
``--runs``; and the SHA-256 of every file written, so two codes can be compared for
identical bytes (``--sums``). CPU seconds, not wall time: the machine is shared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "stage-cpu"
REFNET = Path(sys.executable).with_name("refnet")


def _run(args: list[str]) -> tuple[float, float]:
    """Run a command; its CPU seconds (user + system) and peak resident memory (GB)."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(args)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / 1e9


def similarity_args(review: Path, settings: str) -> list[str]:
    """``refnet run similarity`` on the review's matched tables, into OUT/similarity."""
    from refnet.graphs.names import GRAPH_TABLES

    results = review / "results"
    args = [str(REFNET), "run", "similarity", "--settings", settings]
    for name, path in (
        ("references", results / "match" / "references.parquet"),
        ("works", results / "match" / "works.parquet"),
        ("papers", results / "resolved" / "papers.parquet"),
    ):
        args += ["--input", f"{name}={path}"]
    for table in GRAPH_TABLES:
        for suffix in ("csv", "parquet"):
            args += ["--output", f"tables={OUT / 'similarity' / f'{table}.{suffix}'}"]
    return args


def cut_args(graph: str, settings: str) -> list[str]:
    """``refnet run graph_cut`` of one graph of OUT/similarity, into OUT/cut."""
    tables, cut = OUT / "similarity", OUT / "cut"
    return [
        str(REFNET), "run", "graph_cut", "--settings", settings,
        "--input", f"edges={tables / f'{graph}.parquet'}",
        "--input", f"nodes={tables / f'{graph}_nodes.parquet'}",
        "--output", f"edges={cut / f'{graph}_edges.parquet'}",
        "--output", f"nodes={cut / f'{graph}_nodes.parquet'}",
        "--output", f"cut={cut / f'{graph}.json'}",
    ]  # fmt: skip


def checksums() -> dict[str, str]:
    """SHA-256 of every file written, by path under OUT."""
    sums = {}
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 22), b""):
                    digest.update(block)
            sums[str(path.relative_to(OUT))] = digest.hexdigest()
    return sums


def main() -> None:
    from refnet.config import load_config
    from refnet.graphs.names import GRAPHS

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--review", type=Path, required=True, help="a finished review folder")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sums", type=Path, help="write the files' SHA-256 here (JSON)")
    args = parser.parse_args()
    graphs = load_config(args.review / "refs" / "review.yaml")["graphs"]
    jobs = {"similarity": similarity_args(args.review, json.dumps({"graphs": graphs}))}
    cut_settings = {"limits": graphs["files"]}
    for graph in GRAPHS:
        jobs[f"graph_cut {graph}"] = cut_args(graph, json.dumps({"name": graph, **cut_settings}))
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in jobs}
    for _ in range(args.runs):
        for name, command in jobs.items():
            figures[name].append(_run(command))
    result = {}
    for name, runs in figures.items():
        cpu = statistics.median(r[0] for r in runs)
        peak = statistics.median(r[1] for r in runs)
        result[name] = {"cpu_s": round(cpu, 1), "peak_gb": round(peak, 2), "runs": len(runs)}
        print(f"{name:24} CPU {cpu:7.1f} s   peak {peak:5.2f} GB   ({len(runs)} runs)")
    if args.sums:
        args.sums.write_text(json.dumps(checksums(), indent=1) + "\n", encoding="utf-8")
    (OUT / "stage_cpu.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
