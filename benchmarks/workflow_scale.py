"""A large synthetic review through the whole workflow: wall time and memory of every job.

    python benchmarks/workflow_scale.py                      # 100,000 papers, 1 run
    python benchmarks/workflow_scale.py --papers 10000 --runs 3
    python benchmarks/workflow_scale.py --shards 3           # match and similarity in 3 shards

The review (``refnet.synthetic``: 40 references per paper, rank exponent 0.5, seed 0,
written as a Web of Science export, offline, ``graphs: cocitation_min_citations: 5``) is
kept in ``benchmarks/out/workflow-<papers>/`` and reused. Each run deletes its results/
and logs/ and runs the documented command::

    snakemake --cores 2 --resources mem_mb=8000 --directory <folder>

with this project's Snakefile, until every final output exists. While it runs, a sampler
reads /proc every 0.2 s: each job is the process Snakemake starts for a rule's script
(with its children), its peak is the kernel's high-water mark of resident memory
(``VmHWM``, exact) and its start and end are when the sampler first and last saw it.
Reported per job: wall time and peak; for the run: wall time, the largest peak, the most
memory the jobs held at one sampled moment, and the bound the scheduler must keep (the
largest sum of the peaks of jobs that ran at the same time). Snakemake's own process is
reported apart. Results: ``benchmarks/out/workflow_scale.json``. Targets at 100,000
papers on 2 cores: largest peak < 6 GB, jobs together < 8 GB, wall time < 5 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
SNAKEMAKE = Path(sys.executable).with_name("snakemake")
MIN_CITATIONS = 5
INTERVAL = 0.2
GB = 1e9


def review_folder(papers: int, shards: int) -> Path:
    """The synthetic review's folder (written once); review.yaml set for ``shards``."""
    folder = OUT / f"workflow-{papers}"
    if not (folder / "refs" / "export.txt").exists():  # in a child: its memory is freed
        code = (
            "import sys; from refnet.synthetic import synthetic_review, write_review_folder; "
            "n = int(sys.argv[1]); table, refs = synthetic_review(n, refs_per_paper=40, seed=0); "
            "write_review_folder(sys.argv[2], table, refs, name=f'synthetic-{n}')"
        )
        subprocess.run([sys.executable, "-c", code, str(papers), str(folder)], check=True)
    yaml = folder / "refs" / "review.yaml"
    text = yaml.read_text(encoding="utf-8").split("graphs:", 1)[0]
    text += f"graphs:\n  cocitation_min_citations: {MIN_CITATIONS}\n"
    if shards > 1:
        text += f"shards:\n  match: {shards}\n  similarity: {shards}\n"
    yaml.write_text(text, encoding="utf-8")
    return folder


@dataclass
class Job:
    """One process Snakemake started for a rule's script, as the sampler saw it."""

    name: str
    pid: int
    start: float
    end: float
    born: int = 0  # the process's start time (clock ticks since boot): pids are reused
    done: bool = False
    peak: int = 0  # VmHWM of the script process plus its children's peaks, bytes
    cpu: float = 0.0  # user + system seconds of the script process and its children
    samples: list[tuple[float, int]] = field(default_factory=list)


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in bytes (empty when it is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, value = line.split(":", 1)
            out[key] = int(value.split()[0]) * 1024
    return out


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process and its waited-for children."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(fields[k]) for k in (11, 12, 13, 14)) / TICKS


def _born(pid: int) -> int:
    """The start time of a process in clock ticks since boot (0 when it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 0


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, over every process of the machine."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(tree: dict[int, list[int]], pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(tree.get(p, []))
    return out


def _script_name(pid: int) -> str | None:
    """``match`` for Snakemake's ``python .snakemake/scripts/tmpXYZ.match.py``, else None."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    for arg in args:
        text = arg.decode(errors="replace")
        if ".snakemake/scripts/" in text and text.endswith(".py"):
            return text.rsplit("/", 1)[1].split(".", 1)[1].removesuffix(".py")
    return None


class Sampler(threading.Thread):
    """Polls the process tree under Snakemake; keeps every job's samples and peak."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.jobs, self.stop = root, {}, threading.Event()
        self.snakemake_peak = 0
        self.loads: list[float] = []

    def run(self) -> None:
        while not self.stop.is_set():
            now = time.perf_counter()
            tree = _children()
            self.snakemake_peak = max(self.snakemake_peak, _status(self.root).get("VmHWM", 0))
            self.loads.append(os.getloadavg()[0])
            for pid in _descendants(tree, self.root)[1:]:
                known = self.jobs.get(pid)
                if known is not None and known[-1].born == _born(pid):
                    continue
                name = _script_name(pid)
                if name is not None:
                    job = Job(name, pid, now, now, born=_born(pid))
                    self.jobs.setdefault(pid, []).append(job)
            for job in self.running():
                if _born(job.pid) != job.born:  # ended; its pid may now be another process's
                    job.done = True
                    continue
                family = _descendants(tree, job.pid)
                status = [_status(p) for p in family]
                if not status[0] or "VmRSS" not in status[0]:  # gone, or a zombie
                    continue
                rss = sum(s.get("VmRSS", 0) for s in status)
                job.peak = max(job.peak, sum(s.get("VmHWM", 0) for s in status))
                job.cpu = max(job.cpu, sum(_cpu(p) for p in family))
                job.end = now
                job.samples.append((now, rss))
            self.stop.wait(INTERVAL)

    def running(self) -> list[Job]:
        """The jobs not yet seen to end."""
        return [job for jobs in self.jobs.values() for job in jobs if not job.done]

    def all_jobs(self) -> list[Job]:
        """Every job seen, in the order they started."""
        return sorted((job for jobs in self.jobs.values() for job in jobs), key=lambda j: j.start)


def together(jobs: list[Job]) -> tuple[int, int]:
    """(most memory the jobs held at one sampled moment, largest sum of the peaks of jobs
    that ran at the same time)."""
    moments: dict[float, int] = {}
    for job in jobs:
        for t, rss in job.samples:
            moments[t] = moments.get(t, 0) + rss
    held = max(moments.values(), default=0)
    bound = 0
    for job in jobs:  # the jobs running when ``job`` started
        running = [j for j in jobs if j.start <= job.start <= j.end]
        bound = max(bound, sum(j.peak for j in running))
    return held, bound


def one_run(folder: Path, mem_mb: int, cores: int) -> dict:
    """Delete results/ and logs/, run the workflow, return its jobs and totals."""
    for name in ("results", "logs"):
        shutil.rmtree(folder / name, ignore_errors=True)
    cmd = [
        str(SNAKEMAKE),
        "--snakefile",
        str(ROOT / "Snakefile"),
        "--cores",
        str(cores),
        "--resources",
        f"mem_mb={mem_mb}",
        "--directory",
        str(folder),
    ]
    log = folder / "workflow_scale.log"
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        sampler = Sampler(process.pid)
        sampler.start()
        code = process.wait()
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    jobs = sampler.all_jobs()
    if code != 0:
        seen = [(j.name, round(j.end - j.start), round(j.peak / GB, 2)) for j in jobs]
        raise RuntimeError(f"{' '.join(cmd)} failed; see {log}; jobs seen: {seen}")
    held, bound = together(jobs)
    return {
        "wall_s": wall,
        "largest_peak": max(j.peak for j in jobs),
        "largest_job": max(jobs, key=lambda j: j.peak).name,
        "held_together": held,
        "peaks_together": bound,
        "snakemake_peak": sampler.snakemake_peak,
        "mean_load": statistics.fmean(sampler.loads) if sampler.loads else 0.0,
        "cpu_s": sum(j.cpu for j in jobs),
        "jobs": [
            {
                "name": j.name,
                "start_s": j.start - start,
                "wall_s": j.end - j.start,
                "peak": j.peak,
                "cpu_s": j.cpu,
            }
            for j in jobs
        ],
    }


def print_run(run: dict) -> None:
    print(f"{'job':<22}{'start s':>9}{'wall s':>9}{'cpu s':>9}{'peak GB':>9}")
    for j in run["jobs"]:
        if j["wall_s"] > 1 or j["peak"] > 0.3 * GB:
            print(
                f"{j['name']:<22}{j['start_s']:>9.1f}{j['wall_s']:>9.1f}{j['cpu_s']:>9.1f}"
                f"{j['peak'] / GB:>9.2f}"
            )
    print(
        f"wall {run['wall_s']:.1f} s; largest peak {run['largest_peak'] / GB:.2f} GB "
        f"({run['largest_job']}); held together {run['held_together'] / GB:.2f} GB; "
        f"peaks of jobs that overlapped {run['peaks_together'] / GB:.2f} GB; "
        f"snakemake itself {run['snakemake_peak'] / GB:.2f} GB; jobs' CPU {run['cpu_s']:.0f} s; "
        f"mean load {run['mean_load']:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--mem-mb", type=int, default=8000)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    folder = review_folder(args.papers, args.shards)
    runs = []
    for _ in range(args.runs):
        run = one_run(folder, args.mem_mb, args.cores)
        print_run(run)
        runs.append(run)
    keys = ("wall_s", "largest_peak", "held_together", "peaks_together", "cpu_s", "mean_load")
    summary = {
        "papers": args.papers,
        "shards": args.shards,
        "runs": len(runs),
        "median": {k: statistics.median(r[k] for r in runs) for k in keys},
        "each": runs,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "workflow_scale.json").write_text(json.dumps(summary, indent=1))
    m = summary["median"]
    print(
        f"{args.papers:,} papers, {args.shards} shard(s), median of {len(runs)}: "
        f"wall {m['wall_s']:.1f} s, largest peak {m['largest_peak'] / GB:.2f} GB, "
        f"jobs together {m['peaks_together'] / GB:.2f} GB (held at once "
        f"{m['held_together'] / GB:.2f} GB), jobs' CPU {m['cpu_s']:.0f} s, mean load "
        f"{m['mean_load']:.1f}"
    )


if __name__ == "__main__":
    main()
