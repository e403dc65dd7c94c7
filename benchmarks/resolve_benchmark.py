"""Resolve N synthetic DOIs through the emulator at a fixed latency and rate limit.

    .venv/bin/python benchmarks/resolve_benchmark.py --dois 1000 10000 --latency-ms 100 --rate 10

Reports, per N: requests made per route, wall time, and the lower bound set by the rate
limit (requests / rate). Targets: OpenAlex metadata of the N DOIs in at most
ceil(N/50)+2 requests; wall time within 1.5x of the bound. Every run starts from an
empty cache; ``--repeat`` runs each size several times and reports the median.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time

from refnet.emulator import Emulator, load_store
from refnet.emulator.store import FIXTURES
from refnet.model import PAPER_COLUMNS, frame
from refnet.sources.resolve import resolve


def run_once(n: int, args: argparse.Namespace) -> tuple[float, dict[str, int], int]:
    store = load_store(None, FIXTURES, synth_references=args.references, synth_pool=args.pool)
    dois = [f"10.4242/bench.{i}" for i in range(n)]
    papers = frame([{"paper_id": f"p{i:06d}", "doi": d} for i, d in enumerate(dois)], PAPER_COLUMNS)
    with Emulator(store=store, rate=args.rate, latency_ms=args.latency_ms) as emu:
        with tempfile.TemporaryDirectory() as cache:
            settings = {
                "base_urls": emu.base_urls(),
                "cache": cache,
                "order": args.sources,
                "requests_per_second": {s: args.rate for s in args.sources},
                "concurrency": args.concurrency,
            }
            start = time.perf_counter()
            result = resolve(papers, settings)
            wall = time.perf_counter() - start
        counts = dict(emu.counts())
    assert len(result.coverage) == n * len(args.sources), result.summary
    return wall, counts, len(result.references)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dois", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--references", type=int, default=10, help="references per work")
    parser.add_argument("--pool", type=int, default=1000, help="distinct cited works")
    parser.add_argument("--sources", nargs="+", default=["openalex"])
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(
        f"latency {args.latency_ms:g} ms, limit {args.rate:g} req/s per service, "
        f"{args.references} references per work from a pool of {args.pool}"
    )
    for n in args.dois:
        runs = [run_once(n, args) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        counts, refs = runs[0][1], runs[0][2]
        per_service: dict[str, int] = {}
        for route, count in counts.items():
            service = route.split(":", 1)[0]
            per_service[service] = per_service.get(service, 0) + count
        bound = max(per_service.values()) / args.rate
        print(f"N={n}: {refs} reference rows; requests {dict(sorted(counts.items()))}")
        doi_batches = math.ceil(n / 50)
        print(
            f"  OpenAlex DOI batches needed: {doi_batches} (target <= {doi_batches + 2}); "
            f"cited-work batches: {counts.get('openalex:/works', 0) - doi_batches}"
        )
        print(
            f"  wall {wall:.1f} s (median of {args.repeat}); rate-limit bound {bound:.1f} s; "
            f"ratio {wall / bound:.2f} (target <= 1.5)"
        )


if __name__ == "__main__":
    main()
