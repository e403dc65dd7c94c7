"""Every stage of the workflow in one shape: named inputs, named outputs, settings.

A stage is ``function(inputs, outputs, settings)``; :data:`STAGES` names each one with the
inputs, outputs and settings it takes. The rules' scripts call :func:`run_stage` with the
``snakemake`` object (three lines each), and ``refnet run <stage> --input name=path ...``
calls :func:`run_named` from a shell, so a stage can be rerun or debugged without Snakemake.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refnet.errors import InputError

Files = Mapping[str, Any]  # name → path (str), or list of paths for a name marked "*"
Settings = Mapping[str, Any]


@dataclass(frozen=True)
class Stage:
    """One stage: its function and the names of what it reads, writes and is told.

    An input or output name ending in ``*`` takes any number of files (a list); a
    setting name ending in ``?`` may be left out.
    """

    run: Callable[[Files, Files, Settings], None]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    settings: tuple[str, ...] = ()
    doc: str = ""


def _seeds(i: Files, o: Files, s: Settings) -> None:
    from refnet.workflow import run_seeds

    run_seeds(s["inputs"], o["papers"], o["references"], o["problems"])


def _bibliography(i: Files, o: Files, s: Settings) -> None:
    from refnet.workflow import run_bibliography

    run_bibliography(i["bibliography"], s["paper"], o["references"], o["problems"])


def _fulltext(i: Files, o: Files, s: Settings) -> None:
    from refnet.workflow import run_fulltext

    run_fulltext(i["text"], s["paper"], o["references"], o["problems"])


def _resolve(i: Files, o: Files, s: Settings) -> None:
    import logging

    from refnet.sources.resolve import run_resolve
    from refnet.tables import write_csv

    result = run_resolve(
        i["papers"], s["sources"], o["papers"], o["references"], o["coverage"], o["unresolved"]
    )
    write_csv(result.papers, o["papers_csv"])
    logging.getLogger("refnet").warning("%s", result.summary)


def _match(i: Files, o: Files, s: Settings) -> None:
    if i["shards"]:  # shards: match: K — the match_shard jobs matched, gather them
        from refnet.match.shards import run_match_gather

        return run_match_gather(list(dict.fromkeys(Path(p).parent for p in i["shards"])), o)
    from refnet.match.stage import run_match

    run_match(
        reference_paths=[i["online"], i["exported"], *i["parsed"]],
        papers_path=i["papers"],
        settings=s["match"],
        overrides_path=i["overrides"][0] if i["overrides"] else None,
        out_references_csv=o["references_csv"],
        out_references_parquet=o["references"],
        out_works_csv=o["works_csv"],
        out_works_parquet=o["works"],
        out_decisions_csv=o["decisions"],
        out_lookup_csv=o["lookup"],
        sources=s.get("sources"),
    )


def _match_shard(i: Files, o: Files, s: Settings) -> None:
    from refnet.match.shards import SHARD_TABLES, run_match_shard

    folder = {Path(o[name]).parent for name in SHARD_TABLES}
    run_match_shard(
        [i["online"], i["exported"], *i["parsed"]],
        i["papers"],
        s["match"],
        i["overrides"][0] if i["overrides"] else None,
        int(s["shard"]),
        int(s["shards"]),
        folder.pop(),
        s.get("sources"),
    )


def _similarity(i: Files, o: Files, s: Settings) -> None:
    from refnet.graphs.names import GRAPH_TABLES
    from refnet.graphs.stage import run_graphs

    folders = {Path(p).parent for p in o["tables"]}
    expected = {f"{t}.{ext}" for t in GRAPH_TABLES for ext in ("csv", "parquet")}
    names = {Path(p).name for p in o["tables"]}
    if len(folders) != 1 or names != expected:
        raise InputError(
            "the similarity tables must be one folder's " + ", ".join(sorted(expected)),
            value=" ".join(map(str, o["tables"])),
            origin="outputs of stage similarity (tables)",
        )
    run_graphs(
        i["references"], i["works"], i["papers"], s["graphs"], folders.pop(), i["shards"] or None
    )


def _similarity_shard(i: Files, o: Files, s: Settings) -> None:
    from refnet.graphs.stage import run_similarity_shard

    shard, shards = int(s["shard"]), int(s["shards"])
    run_similarity_shard(i["references"], i["papers"], s["graphs"], shard, shards, o["pairs"])


def _graph_cut(i: Files, o: Files, s: Settings) -> None:
    from refnet.export.cut import run_graph_cut

    run_graph_cut(s["name"], i["edges"], i["nodes"], s.get("limits"), o)


def _graph_files(i: Files, o: Files, s: Settings) -> None:
    from refnet.export.stage import run_graph_files

    run_graph_files(
        s["name"],
        i["edges"],
        i["nodes"],
        o["gexf"],
        o["graphml"],
        o["pajek"],
        s.get("limits"),
        i["members"],
        o["clu"],
        i["cut"],
    )


def _vosviewer(i: Files, o: Files, s: Settings) -> None:
    from refnet.export.stage import run_vosviewer

    run_vosviewer(
        s["name"],
        i["edges"],
        i["nodes"],
        o["map"],
        o["network"],
        o["json"],
        s.get("limits"),
        i["members"],
        i["clusters"],
        i["cut"],
    )


def _fronts(i: Files, o: Files, s: Settings) -> None:
    from refnet.graphs.fronts import run_fronts

    run_fronts(
        s["name"],
        i["edges"],
        i["nodes"],
        i["references"],
        i["works"],
        o,
        s.get("clusters"),
        s.get("limits"),
        {"edges": i["edges"], "nodes": i["kept_nodes"], "cut": i["cut"]},
    )


def _bibliographies(i: Files, o: Files, s: Settings) -> None:
    from refnet.export.bundles import run_bibliographies

    review = {ext: o[f"review_{ext}"] for ext in ("bib", "ris", "json")}
    cited = {ext: o[f"cited_{ext}"] for ext in ("bib", "ris", "json")}
    run_bibliographies(i["papers"], i["works"], review, cited)


def _front_bibliographies(i: Files, o: Files, s: Settings) -> None:
    from refnet.export.bundles import run_front_bibliographies

    graphs = list(s["graphs"])
    members = dict(zip(graphs, i["members"], strict=True))
    clusters = dict(zip(graphs, i["clusters"], strict=True))
    run_front_bibliographies(i["papers"], i["works"], members, clusters, o["folder"], o["manifest"])


def _discover(i: Files, o: Files, s: Settings) -> None:
    import logging

    from refnet.discover.stage import Outputs, run_discover

    outputs = Outputs(
        o["candidates"], o["candidates_parquet"], o["new"], o["fetched"], o["bib"], o["ris"]
    )
    summary = run_discover(
        i["papers"], i["references"], i["works"], s["discover"], s["sources"], outputs
    )
    logging.getLogger("refnet").warning("%s", summary)


def _report_html(i: Files, o: Files, s: Settings) -> None:
    from refnet.report.stage import run_report_html

    paths = {k: v for k, v in i.items() if k not in ("clusters", "candidates")}
    paths["candidates"] = next(iter(i["candidates"]), None)
    run_report_html(
        s["name"],
        paths,
        list(i["clusters"]),
        s.get("limits"),
        o["html"],
        o["summary"],
        s.get("description", ""),
    )


def _problems(i: Files, o: Files, s: Settings) -> None:
    from refnet.workflow import run_problems

    run_problems([i["seeds"], *i["parsed"]], o["problems"])


REPORT_INPUTS = (
    "papers",
    "references",
    "works",
    "decisions",
    "unresolved",
    "problems",
    "coupling",
    "cocitation",
    "citation",
)


def _report(i: Files, o: Files, s: Settings) -> None:
    from refnet.workflow import run_report

    run_report(s["name"], {k: i[k] for k in REPORT_INPUTS}, o["report"])


#: Stage name → its shape. The rule of the same name wires its files to it.
STAGES: dict[str, Stage] = {
    "seeds": Stage(_seeds, (), ("papers", "references", "problems"), ("inputs",), "review papers"),
    "bibliography": Stage(
        _bibliography,
        ("bibliography",),
        ("references", "problems"),
        ("paper",),
        "one paper's bibliography file, parsed",
    ),
    "fulltext": Stage(
        _fulltext,
        ("text",),
        ("references", "problems"),
        ("paper",),
        "one plain-text paper's author-date citations",
    ),
    "resolve": Stage(
        _resolve,
        ("papers",),
        ("papers", "references", "papers_csv", "coverage", "unresolved"),
        ("sources",),
        "metadata and reference lists from the online sources (or the cache)",
    ),
    "match": Stage(
        _match,
        ("papers", "online", "exported", "parsed*", "overrides*", "shards*"),
        ("references", "references_csv", "works", "works_csv", "decisions", "lookup"),
        ("match", "sources?"),
        "the work every reference cites (gathered from the shards, if any)",
    ),
    "match_shard": Stage(
        _match_shard,
        ("papers", "online", "exported", "parsed*", "overrides*"),
        ("references", "works", "decisions", "lookup"),
        ("match", "shard", "shards", "sources?"),
        "the references of one match shard, matched",
    ),
    "similarity": Stage(
        _similarity,
        ("references", "works", "papers", "shards*"),
        ("tables*",),
        ("graphs",),
        "coupling, co-citation and citation tables (from the shards' products, if any)",
    ),
    "similarity_shard": Stage(
        _similarity_shard,
        ("references", "papers"),
        ("pairs",),
        ("graphs", "shard", "shards"),
        "one row block of the coupling and co-citation products",
    ),
    "graph_cut": Stage(
        _graph_cut,
        ("edges", "nodes"),
        ("edges", "nodes", "cut"),
        ("name", "limits?"),
        "what the graph files keep of one graph (graphs.files), cut once",
    ),
    "graph_files": Stage(
        _graph_files,
        ("edges", "nodes", "cut", "members"),
        ("gexf", "graphml", "pajek", "clu"),
        ("name", "limits?"),
        "GEXF, GraphML and Pajek files of one graph",
    ),
    "vosviewer": Stage(
        _vosviewer,
        ("edges", "nodes", "cut", "members", "clusters"),
        ("map", "network", "json"),
        ("name", "limits?"),
        "VOSviewer files of one graph",
    ),
    "fronts": Stage(
        _fronts,
        ("nodes", "edges", "kept_nodes", "cut", "references", "works"),
        ("members", "members_parquet", "clusters", "clusters_parquet", "summary"),
        ("name", "clusters?", "limits?"),
        "seeded clusters, labels and layout of one graph",
    ),
    "bibliographies": Stage(
        _bibliographies,
        ("papers", "works"),
        tuple(f"{name}_{ext}" for name in ("review", "cited") for ext in ("bib", "ris", "json")),
        (),
        "BibTeX, RIS and CSL-JSON of the review papers and the cited works",
    ),
    "front_bibliographies": Stage(
        _front_bibliographies,
        ("papers", "works", "members*", "clusters*"),
        ("folder", "manifest"),
        ("graphs",),
        "one bibliography per research front of each graph",
    ),
    "discover": Stage(
        _discover,
        ("papers", "references", "works"),
        ("candidates", "candidates_parquet", "new", "fetched", "bib", "ris"),
        ("discover", "sources"),
        "the papers the review is missing, ranked by their links to it",
    ),
    "report_html": Stage(
        _report_html,
        (
            "papers",
            "references",
            "works",
            "unresolved",
            "problems",
            "coverage",
            "related",
            "coupling",
            "coupling_nodes",
            "coupling_cut",
            "cocitation",
            "cocitation_nodes",
            "cocitation_cut",
            "clusters*",
            "candidates*",
        ),
        ("html", "summary"),
        ("name", "description?", "limits?"),
        "results/report.html, the review in a browser",
    ),
    "problems": Stage(
        _problems, ("seeds", "parsed*"), ("problems",), (), "every skipped input, one table"
    ),
    "report": Stage(_report, REPORT_INPUTS, ("report",), ("name",), "results/report.md"),
}


def _conform(
    names: Sequence[str], given: Mapping[str, Sequence[str]], what: str, stage: str
) -> dict[str, Any]:
    """Given files by name → the stage's files: one path, or a list for names marked ``*``."""
    wanted = {n.rstrip("*"): n.endswith("*") for n in names}
    unknown = sorted(set(given) - set(wanted))
    if unknown:
        raise InputError(
            f"stage {stage} has no {what} named {unknown[0]!r} (its {what}s: "
            f"{', '.join(wanted) or 'none'})",
            value=unknown[0],
            origin=f"{what}s of stage {stage}",
        )
    files: dict[str, Any] = {}
    for name, many in wanted.items():
        paths = [str(p) for p in given.get(name, [])]
        if many:
            files[name] = paths
        elif len(paths) != 1:
            raise InputError(
                f"stage {stage} needs exactly one {what} {name!r}, got {len(paths)}",
                value=" ".join(paths),
                origin=f"{what}s of stage {stage}",
            )
        else:
            files[name] = paths[0]
    return files


def _check_settings(names: Sequence[str], settings: Mapping[str, Any], stage: str) -> dict:
    wanted = {n.rstrip("?"): n.endswith("?") for n in names}
    missing = [n for n, optional in wanted.items() if not optional and n not in settings]
    if missing:
        raise InputError(
            f"stage {stage} needs the setting {missing[0]!r}",
            value=missing[0],
            origin=f"settings of stage {stage}",
        )
    return {n: settings[n] for n in wanted if n in settings}


def stage(name: str) -> Stage:
    """The stage called ``name``, or an error listing the stages."""
    if name not in STAGES:
        raise InputError(
            f"no stage {name!r} (stages: {', '.join(STAGES)})", value=name, origin="stage name"
        )
    return STAGES[name]


def run_named(
    name: str,
    inputs: Mapping[str, Sequence[str]],
    outputs: Mapping[str, Sequence[str]],
    settings: Mapping[str, Any] | None = None,
) -> None:
    """Run stage ``name`` on files given by name (each a list of paths); make output folders."""
    spec = stage(name)
    files_in = _conform(spec.inputs, inputs, "input", name)
    files_out = _conform(spec.outputs, outputs, "output", name)
    for paths in files_out.values():
        for path in [paths] if isinstance(paths, str) else paths:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    spec.run(files_in, files_out, _check_settings(spec.settings, settings or {}, name))


def _named_files(files: Any, spec_names: Sequence[str]) -> dict[str, list[str]]:
    """A Snakemake ``Namedlist`` → name → list of paths (a rule's unnamed single input is
    given to the stage's single input name)."""
    named = {k: v for k, v in files.items()}
    if not named and len(files) and len(spec_names) == 1:
        named = {spec_names[0].rstrip("*"): list(files)}
    return {k: [v] if isinstance(v, str) else list(v) for k, v in named.items()}


def run_stage(name: str, smk: Any) -> None:
    """Run stage ``name`` from a rule's script: files and params of the ``snakemake`` object."""
    from refnet.workflow import logging_to

    spec = stage(name)
    log = logging_to(smk.log[0]) if len(smk.log) else contextlib.nullcontext()
    with log:
        run_named(
            name,
            _named_files(smk.input, spec.inputs),
            _named_files(smk.output, spec.outputs),
            dict(smk.params.items()),
        )
