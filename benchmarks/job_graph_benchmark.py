"""Building the job graph (`snakemake -n`) of a review whose seeds are BibTeX and DOI lists.

    python benchmarks/job_graph_benchmark.py                 # 10,000 papers, 5 runs
    python benchmarks/job_graph_benchmark.py --papers 2000 --runs 3

Every Snakemake call (``-n`` included) must know the per-paper jobs (one per bibliography
file, one per full text) before it can do anything. Two synthetic reviews of the same
``--papers`` papers (``refnet.synthetic``), offline, are timed with ``snakemake -n`` (median
of ``--runs``, alternating): **seeds**, whose papers come as a BibTeX file and a DOI list of
all of them plus a papers YAML of 20 papers with a bibliography file each, and
**baseline**, whose papers come as a Web of Science export (never read to build the graph)
plus the same papers YAML. The ratio seeds / baseline is what reading inputs the job graph
does not need costs. ``--snakefile`` times another checkout's workflow (run it with that
checkout's package first on ``PYTHONPATH``). Results: benchmarks/out/job_graph.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
SNAKEMAKE = Path(sys.executable).with_name("snakemake")
#: Review papers listed in the papers YAML, each with a bibliography file.
WITH_BIBLIOGRAPHY = 20


def _bibtex(papers: pd.DataFrame) -> str:
    entries = [
        f"@article{{bib{i},\n  title = {{{p.title}}},\n  author = {{{p.authors}}},\n"
        f"  year = {{{p.year}}},\n  journal = {{{p.venue}}},\n  doi = {{{p.doi}}},\n}}\n"
        for i, p in enumerate(papers.itertuples(index=False))
    ]
    return "\n".join(entries)


def _papers_yaml(papers: pd.DataFrame, refs: pd.DataFrame, folder: Path) -> str:
    """A papers YAML of the first papers, each with its references as a bibliography file."""
    (folder / "bibliographies").mkdir(parents=True, exist_ok=True)
    items = []
    for i, p in enumerate(papers.head(WITH_BIBLIOGRAPHY).itertuples(index=False)):
        raws = refs.loc[refs["citing_id"] == p.paper_id, "raw"]
        (folder / "bibliographies" / f"yaml{i}.txt").write_text("\n".join(raws) + "\n")
        items.append(
            f"- key: yaml{i}\n  title: {p.title} (with a bibliography)\n  year: {p.year}\n"
            f"  bibliography: refs/bibliographies/yaml{i}.txt\n"
        )
    return "".join(items)


def write_reviews(n_papers: int) -> dict[str, Path]:
    """The two review folders (written once per size)."""
    from refnet.synthetic import synthetic_review, wos_text

    folders = {name: OUT / f"job-graph-{n_papers}" / name for name in ("seeds", "baseline")}
    if all((f / "refs" / "review.yaml").exists() for f in folders.values()):
        return folders
    papers, refs = synthetic_review(n_papers, refs_per_paper=10, seed=0)
    for name, folder in folders.items():
        (folder / "refs").mkdir(parents=True, exist_ok=True)
        yaml = _papers_yaml(papers, refs, folder / "refs")
        (folder / "refs" / "papers.yaml").write_text(yaml, encoding="utf-8")
        if name == "seeds":
            (folder / "refs" / "seeds.bib").write_text(_bibtex(papers), encoding="utf-8")
            (folder / "refs" / "dois.txt").write_text("\n".join(papers["doi"]) + "\n")
            inputs = "  papers: [refs/papers.yaml]\n  bibtex: [refs/seeds.bib]\n"
            inputs += "  dois: [refs/dois.txt]\n"
        else:
            (folder / "refs" / "export.txt").write_text(wos_text(papers, refs), encoding="utf-8")
            inputs = "  papers: [refs/papers.yaml]\n  exports: [refs/export.txt]\n"
        review = f"name: job-graph-{name}\ninputs:\n{inputs}sources:\n  offline: true\n"
        (folder / "refs" / "review.yaml").write_text(review, encoding="utf-8")
    return folders


def dry_run(snakefile: Path, folder: Path) -> tuple[float, int]:
    """Seconds of ``snakemake -n`` in ``folder``, and the bibliography jobs it lists."""
    cmd = [str(SNAKEMAKE), "--snakefile", str(snakefile), "--cores", "2", "-n"]
    start = time.perf_counter()
    done = subprocess.run([*cmd, "--directory", str(folder)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"snakemake -n failed in {folder}:\n{done.stderr[-3000:]}")
    listed = (done.stdout + done.stderr).split("Job stats:")[-1]
    jobs = next((line.split()[-1] for line in listed.splitlines() if "bibliography " in line), 0)
    return elapsed, int(jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--snakefile", type=Path, default=ROOT / "Snakefile")
    parser.add_argument("--label", default="this checkout")
    args = parser.parse_args()
    folders = write_reviews(args.papers)
    times: dict[str, list[float]] = {name: [] for name in folders}
    jobs: dict[str, int] = {}
    for _ in range(args.runs):
        for name, folder in folders.items():
            elapsed, jobs[name] = dry_run(args.snakefile, folder)
            times[name].append(elapsed)
    medians = {name: statistics.median(t) for name, t in times.items()}
    result = {
        "label": args.label,
        "papers": args.papers,
        "runs": args.runs,
        "dry_run_median_s": medians,
        "seeds_over_baseline": medians["seeds"] / medians["baseline"],
        "bibliography_jobs": jobs,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "job_graph.json").write_text(json.dumps(result, indent=1))
    print(
        f"{args.label}, {args.papers} papers: snakemake -n {medians['seeds']:.2f} s with "
        f"BibTeX + DOI-list seeds, {medians['baseline']:.2f} s with a WoS export "
        f"(ratio {result['seeds_over_baseline']:.2f}; medians of {args.runs}; "
        f"bibliography jobs {jobs})"
    )


if __name__ == "__main__":
    main()
