"""The `refnet run` arguments of one late stage on a finished review folder, as its rule gives them.

    .venv/bin/python benchmarks/tail_stages.py <folder> <stage> [graph] <out>

Stages: fronts (with a graph), bibliographies, front_bibliographies, discover, report_html,
report. Prints the arguments as JSON; ``benchmarks/tail_stage_cpu.sh`` runs them under
``/usr/bin/time -v`` (issue 17, "Speed of the late stages at 100,000 papers" in
benchmarks/README.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from refnet.config import load_config

folder, stage = Path(sys.argv[1]), sys.argv[2]
rest = sys.argv[3:]
cfg = load_config(folder / "refs/review.yaml")


def r(p: str) -> str:
    return str(folder / "results" / p)


if stage == "fronts":
    graph, out = rest
    inputs = dict(
        nodes=r(f"similarity/{graph}_nodes.parquet"),
        edges=r(f"graphs/cut/{graph}_edges.parquet"),
        kept_nodes=r(f"graphs/cut/{graph}_nodes.parquet"),
        cut=r(f"graphs/cut/{graph}.json"),
        references=r("match/references.parquet"),
        works=r("match/works.parquet"),
    )
    outs = dict(
        members=f"{out}/{graph}_members.csv",
        members_parquet=f"{out}/{graph}_members.parquet",
        clusters=f"{out}/{graph}.csv",
        clusters_parquet=f"{out}/{graph}.parquet",
        summary=f"{out}/{graph}_summary.csv",
    )
    settings = dict(name=graph, clusters=cfg["graphs"]["clusters"], limits=cfg["graphs"]["files"])
elif stage == "bibliographies":
    (out,) = rest
    inputs = dict(papers=r("resolved/papers.parquet"), works=r("match/works.parquet"))
    outs = {
        f"{n}_{e}": f"{out}/{n}.{e}" for n in ("review", "cited") for e in ("bib", "ris", "json")
    }
    settings = {}
elif stage == "front_bibliographies":
    (out,) = rest
    g = ["citation", "cocitation", "coupling"]
    inputs = dict(
        papers=r("resolved/papers.parquet"),
        works=r("match/works.parquet"),
        members=[r(f"clusters/{x}_members.parquet") for x in g],
        clusters=[r(f"clusters/{x}.parquet") for x in g],
    )
    outs = dict(folder=f"{out}/clusters", manifest=f"{out}/clusters.csv")
    settings = dict(graphs=g)
elif stage == "discover":
    (out,) = rest
    inputs = dict(
        papers=r("resolved/papers.parquet"),
        references=r("match/references.parquet"),
        works=r("match/works.parquet"),
    )
    outs = dict(
        candidates=f"{out}/candidates.csv",
        candidates_parquet=f"{out}/candidates.parquet",
        new=f"{out}/new.csv",
        fetched=f"{out}/fetched.csv",
        bib=f"{out}/candidates.bib",
        ris=f"{out}/candidates.ris",
    )
    settings = dict(discover=cfg["discover"], sources=cfg["sources"])
elif stage == "report_html":
    (out,) = rest
    inputs = dict(
        papers=r("resolved/papers.parquet"),
        references=r("match/references.parquet"),
        works=r("match/works.parquet"),
        unresolved=r("unresolved.csv"),
        problems=r("problems.csv"),
        coverage=r("coverage.csv"),
        related=r("similarity/related.parquet"),
        coupling=r("graphs/cut/coupling_edges.parquet"),
        coupling_nodes=r("graphs/cut/coupling_nodes.parquet"),
        coupling_cut=r("graphs/cut/coupling.json"),
        cocitation=r("graphs/cut/cocitation_edges.parquet"),
        cocitation_nodes=r("graphs/cut/cocitation_nodes.parquet"),
        cocitation_cut=r("graphs/cut/cocitation.json"),
        clusters=[r(f"clusters/{x}_members.parquet") for x in ("coupling", "cocitation")],
        candidates=[r("discover/candidates.parquet")]
        if (folder / "results/discover/candidates.parquet").exists()
        else [],
    )
    outs = dict(html=f"{out}/report.html", summary=f"{out}/summary.txt")
    settings = dict(
        name=cfg["name"], description=cfg.get("description", ""), limits=cfg["graphs"]["files"]
    )
elif stage == "report":
    (out,) = rest
    inputs = dict(
        papers=r("resolved/papers.parquet"),
        references=r("match/references.parquet"),
        works=r("match/works.parquet"),
        decisions=r("match/decisions.csv"),
        unresolved=r("unresolved.csv"),
        problems=r("problems.csv"),
        coupling=r("similarity/coupling.parquet"),
        cocitation=r("similarity/cocitation.parquet"),
        citation=r("similarity/citation.parquet"),
    )
    outs = dict(report=f"{out}/report.md")
    settings = dict(name=cfg["name"])
Path(out).mkdir(parents=True, exist_ok=True)
args = []
for k, v in inputs.items():
    for p in v if isinstance(v, list) else [v]:
        args += ["--input", f"{k}={p}"]
for k, v in outs.items():
    args += ["--output", f"{k}={v}"]
args += ["--settings", json.dumps(settings)]
print(json.dumps(args))
