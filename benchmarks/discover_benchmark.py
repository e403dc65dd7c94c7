"""Forward citations of an N-paper review through the emulator at a fixed latency and rate.

    .venv/bin/python benchmarks/discover_benchmark.py --papers 1000 --latency-ms 100 --rate 10

Each review paper is cited by ``--citing`` synthetic works drawn from a pool (the same ones
at OpenAlex, OpenCitations and Semantic Scholar), so every paper's citing works fit in one
page. Reports requests per route, wall time of the fetch (review OpenAlex ids, the three
sources in parallel, metadata of DOI-only citing works) and the rate-limit bound: the
sources run side by side, each under its own limit, so the bound is the busiest source's
requests / rate. Target: within 1.5x of the bound. Every run starts from an empty cache;
``--repeat`` gives the median; a warm rerun on the last cache is counted too (target: 0).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from refnet.discover.fetch import fetch_forward
from refnet.emulator import Emulator, load_store
from refnet.model import PAPER_COLUMNS, frame

SOURCES = ["openalex", "opencitations", "semanticscholar"]


def run_once(n: int, args: argparse.Namespace) -> tuple[float, dict[str, int], int, int]:
    store = load_store(
        None, None, synth_references=args.references, synth_pool=args.pool,
        synth_citations=args.citing,
    )  # fmt: skip
    dois = [f"10.4242/review.{i}" for i in range(n)]
    papers = frame([{"paper_id": f"p{i:06d}", "doi": d} for i, d in enumerate(dois)], PAPER_COLUMNS)
    with Emulator(store=store, rate=args.rate, latency_ms=args.latency_ms) as emu:
        with tempfile.TemporaryDirectory() as cache:
            settings = {
                "base_urls": emu.base_urls(),
                "cache": cache,
                "requests_per_second": {s: args.rate for s in SOURCES},
                "concurrency": args.concurrency,
            }
            start = time.perf_counter()
            forward = fetch_forward(papers, settings, SOURCES, args.cap)
            wall = time.perf_counter() - start
            counts = dict(emu.counts())
            emu.reset()
            fetch_forward(papers, settings, SOURCES, args.cap)
            warm = sum(emu.counts().values())
    links = sum(len(c.works) for _, c in forward.links)
    assert forward.fetched.reason.eq("").all(), forward.summary
    return wall, counts, links, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, nargs="+", default=[1000])
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--citing", type=int, default=5, help="citing works per paper")
    parser.add_argument("--pool", type=int, default=5000, help="distinct citing works")
    parser.add_argument("--references", type=int, default=10, help="references per work")
    parser.add_argument("--cap", type=int, default=1000, help="max_citing_per_paper")
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"latency {args.latency_ms:g} ms, limit {args.rate:g} req/s per service, "
        f"{args.citing} citing works per paper from a pool of {args.pool}"
    )
    for n in args.papers:
        runs = [run_once(n, args) for _ in range(args.repeat)]
        walls = [r[0] for r in runs]
        wall = statistics.median(walls)
        counts, links, warm = runs[0][1], runs[0][2], runs[-1][3]
        per_service: dict[str, int] = {}
        for route, count in counts.items():
            service = route.split(":", 1)[0]
            per_service[service] = per_service.get(service, 0) + count
        bound = max(per_service.values()) / args.rate
        serial = sum(per_service.values()) / args.rate
        print(f"N={n}: {links} citing links; requests {dict(sorted(counts.items()))}")
        print(f"  requests per source {per_service} (target <= N per source + batches)")
        print(
            f"  wall {wall:.1f} s (median of {args.repeat}: "
            + ", ".join(f"{w:.1f}" for w in walls)
            + f"); rate-limit bound {bound:.1f} s (sources one after another: {serial:.1f} s); "
            f"ratio {wall / bound:.2f} (target <= 1.5); warm rerun requests: {warm}"
        )


if __name__ == "__main__":
    main()
