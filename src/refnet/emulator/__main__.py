"""``python -m refnet.emulator --port 8765 [--latency-ms 100 --rate 10 --faults …]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from refnet.emulator.server import Emulator, Fault
from refnet.emulator.store import FIXTURES, SHARED_DATA, load_store


def parse_faults(text: str) -> list[Fault]:
    """``crossref:429x2,openalex:503x3`` → faults (kind ``x`` count, count defaults to 1)."""
    faults = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        service, _, spec = item.partition(":")
        kind, _, count = spec.partition("x")
        faults.append(Fault(service, kind, int(count or 1)))
    return faults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refnet.emulator", description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--rate", type=float, default=0.0, help="requests/s per service (0: none)")
    parser.add_argument("--faults", default="", help="e.g. crossref:429x2,openalex:503x3")
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="recorded payloads")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument(
        "--synth-references",
        type=int,
        default=0,
        help="generate a work with N references for any unknown DOI",
    )
    parser.add_argument(
        "--synth-pool",
        type=int,
        default=0,
        help="draw synthetic references from a pool of this many works",
    )
    parser.add_argument(
        "--synth-citations",
        type=int,
        default=0,
        help="every synthetic work is cited by N works (drawn from the pool)",
    )
    args = parser.parse_args(argv)
    store = load_store(
        args.data,
        args.fixtures,
        synth_references=args.synth_references,
        synth_pool=args.synth_pool,
        synth_citations=args.synth_citations,
    )
    emulator = Emulator(
        port=args.port,
        rate=args.rate,
        latency_ms=args.latency_ms,
        store=store,
        faults=parse_faults(args.faults),
    )
    print(f"refnet emulator on {emulator.url}", file=sys.stderr)
    for name, url in emulator.base_urls().items():
        print(f"  {name}: {url}", file=sys.stderr)
    try:
        emulator.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
