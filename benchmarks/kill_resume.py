"""SIGKILL at random moments of an online run, resumed each time: same bytes, intact cache.

    python benchmarks/kill_resume.py --cycles 20 --dois 40 --seed 1

An undisturbed run of a review of ``--dois`` DOIs against the loopback emulator (with its
own empty cache) gives the reference results. Then a second review is started ``--cycles``
times, growing by a share of the DOIs each time (as a user adds papers), and each run is
killed (SIGKILL to its whole process group) at a random moment of its online stage (after
a random number of requests served by the emulator); after each kill ``snakemake
--unlock`` follows, and the next cycle resumes with ``--rerun-incomplete`` (the jobs
running at the kill left incomplete outputs). At the end the whole review runs
undisturbed. The results must be byte-identical
to the reference and the HTTP cache must pass ``PRAGMA integrity_check``. Prints one line
per cycle and a summary; exits 1 when anything differs. tests/test_workflow_faults.py
runs a 3-cycle version.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import yaml

from refnet.emulator import Emulator, load_store
from refnet.emulator.store import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]
#: The tables compared byte for byte.
RESULTS = (
    "papers.csv",
    "references.csv",
    "works.csv",
    "coverage.csv",
    "unresolved.csv",
    "problems.csv",
    "match/decisions.csv",
    "similarity/coupling.csv",
    "similarity/cocitation.csv",
    "bib/review.bib",
)


def make_review(folder: Path, base_urls: dict[str, str], dois: list[str]) -> None:
    """A review of ``dois`` whose sources are the emulator (fast, small backoff)."""
    (folder / "refs").mkdir(parents=True, exist_ok=True)
    review = {
        "name": "kill-resume",
        "inputs": {"dois": ["refs/dois.txt"]},
        "sources": {
            "base_urls": base_urls,
            "requests_per_second": {"openalex": 20, "crossref": 20, "opencitations": 20},
            "backoff": 0.01,
            "order": ["openalex", "crossref", "opencitations"],
        },
    }
    (folder / "refs/review.yaml").write_text(yaml.safe_dump(review), encoding="utf-8")
    (folder / "refs/dois.txt").write_text("".join(f"{d}\n" for d in dois), encoding="utf-8")


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SNAKEMAKE, "--directory", str(folder), *args], capture_output=True, text=True
    )


def digests(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / "results" / name).read_bytes()).hexdigest()
        for name in RESULTS
    }


def integrity(folder: Path) -> str:
    """``PRAGMA integrity_check`` of the review's HTTP cache."""
    with sqlite3.connect(folder / "resources/http-cache/http.sqlite") as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def kill_once(folder: Path, emu: Emulator, requests: int, limit: float = 120.0) -> bool:
    """Start a run and SIGKILL it once the emulator has served ``requests`` more requests
    (a random moment of the online stage); False when the run ended first."""
    start = sum(emu.counts().values())
    process = subprocess.Popen(
        [*SNAKEMAKE, "--directory", str(folder), "--rerun-incomplete"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        if sum(emu.counts().values()) - start >= requests:
            break
        time.sleep(0.01)
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


def cycles(work: Path, n: int, dois: int = 40, seed: int = 1, report=print) -> dict[str, object]:
    """Run the experiment in ``work``; a summary (``identical``, ``integrity``, times)."""
    rng = random.Random(seed)
    names = [f"10.9999/kill.{i}" for i in range(dois)]
    store = load_store(None, FIXTURES, synth_references=3)
    with Emulator(store=store) as emu:
        reference = work / "undisturbed"
        make_review(reference, emu.base_urls(), names)
        before = sum(emu.counts().values())
        start = time.monotonic()
        done = run(reference)
        undisturbed = time.monotonic() - start
        if done.returncode:
            raise RuntimeError(done.stderr[-2000:])
        total = sum(emu.counts().values()) - before  # requests of a whole run
        killed_review = work / "killed"
        make_review(killed_review, emu.base_urls(), names)
        killed, some = 0, []
        for cycle in range(n):
            # each cycle the review grows by a share of the DOIs (as a user adds papers),
            # so every run has new requests to make and is killed in the middle of them
            before = len(some)
            some = names[: max(1, dois * (cycle + 1) // (n + 1))]
            make_review(killed_review, emu.base_urls(), some)
            new = max(1, len(some) - before)  # about total / dois requests each
            requests = rng.randint(1, max(1, total * new // dois // 2))
            hit = kill_once(killed_review, emu, requests)
            killed += hit
            run(killed_review, "--unlock")
            check = integrity(killed_review) if (killed_review / "resources").exists() else "-"
            report(f"cycle {cycle + 1}: killed after {requests} requests: {hit}; cache {check}")
        make_review(killed_review, emu.base_urls(), names)
        start = time.monotonic()
        final = run(killed_review, "--rerun-incomplete")
        resume = time.monotonic() - start
        if final.returncode:
            raise RuntimeError(final.stderr[-2000:])
    same = digests(reference) == digests(killed_review)
    return {
        "cycles": n,
        "killed": killed,
        "identical": same,
        "integrity": integrity(killed_review),
        "undisturbed_s": undisturbed,
        "last_resume_s": resume,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--dois", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks/out/kill_resume")
    args = parser.parse_args(argv)
    import shutil

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    summary = cycles(args.work, args.cycles, args.dois, args.seed)
    print(
        f"{summary['cycles']} cycles, {summary['killed']} runs killed mid-way; results "
        f"{'byte-identical' if summary['identical'] else 'DIFFERENT'} to the undisturbed run; "
        f"cache integrity_check: {summary['integrity']}; undisturbed run "
        f"{summary['undisturbed_s']:.1f} s, final resume {summary['last_resume_s']:.1f} s"
    )
    return 0 if summary["identical"] and summary["integrity"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
