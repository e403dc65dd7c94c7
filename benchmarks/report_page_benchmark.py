"""How long report.html takes to open in Chromium, for a large synthetic review.

    python benchmarks/report_page_benchmark.py                  # 10,000 papers, 5 opens
    python benchmarks/report_page_benchmark.py --papers 1000 10000 --runs 5

For each size a synthetic review (``refnet.synthetic``, 40 references per paper, a Web of
Science export) runs through the workflow up to results/report.html (default
``graphs.files`` limits). Then Debian's chromium (headless, through Playwright) opens the
page from disk ``--runs`` times in fresh pages; "open" is the time from navigation until
BokehJS reports the document idle (every plot, map and table drawn), measured by the
script and by BokehJS itself. Baseline in the same run: a 60-paper review's page. Reported:
medians, the page size, the nodes and edges on the maps. Results: benchmarks/out/report_page.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def build(folder: Path, papers: int) -> tuple[Path, float]:
    """Run the workflow on a synthetic review up to report.html; return it and the time."""
    from refnet.synthetic import synthetic_review, write_review_folder

    table, refs = synthetic_review(papers, refs_per_paper=40, seed=15)
    write_review_folder(folder, table, refs, name=f"synthetic-{papers}")
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "snakemake",
            "-s",
            str(ROOT / "Snakefile"),
            "--cores",
            "2",
            "--directory",
            str(folder),
            "results/report.html",
        ],
        check=True,
        capture_output=True,
    )
    return folder / "results/report.html", time.perf_counter() - start


def open_times(browser, page_path: Path, runs: int) -> dict:
    """Median seconds until BokehJS is idle, by the script and by BokehJS, over ``runs``."""
    wall, bokeh, counts = [], [], {}
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1100, "height": 1300})
        idle: list[float] = []
        page.on(
            "console",
            lambda m, idle=idle: (
                idle.append(float(m.text.split(" at ")[1].split()[0]))
                if "document idle at" in m.text
                else None
            ),
        )
        start = time.perf_counter()
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("() => window.Bokeh && Bokeh.documents.length", timeout=120_000)
        while not idle:
            page.wait_for_timeout(20)
        wall.append(time.perf_counter() - start)
        bokeh.append(idle[0] / 1000)
        counts = page.evaluate(
            "() => { const d = Bokeh.documents[0]; const n = (x) => d.get_model_by_name(x).data;"
            " return {coupling_nodes: n('map-coupling-nodes').id.length,"
            " coupling_edges: n('map-coupling-edges').x0.length,"
            " cocitation_nodes: n('map-cocitation-nodes').id.length,"
            " cocitation_edges: n('map-cocitation-edges').x0.length}; }"
        )
        page.close()
    return {
        "open_s": round(statistics.median(wall), 2),
        "bokeh_idle_s": round(statistics.median(bokeh), 2),
        "bytes": page_path.stat().st_size,
        **counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=int, default=60)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from refnet.report import chromium

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium.EXECUTABLE), args=list(chromium.ARGS)
        )
        for n in [args.baseline, *args.papers]:
            page_path, built = build(Path(tmp) / str(n), n)
            row = {
                "papers": n,
                "workflow_s": round(built, 1),
                **open_times(browser, page_path, args.runs),
            }
            results.append(row)
            print(json.dumps(row), flush=True)
        browser.close()
    base = results[0]["open_s"]
    for row in results:
        row["ratio_to_baseline"] = round(row["open_s"] / base, 2)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report_page.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
