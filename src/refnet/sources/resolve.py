"""The resolve stage: metadata and merged reference lists of the review papers.

Offline-first: every answer comes from the HTTP cache when it is there; with
``offline: true`` or the network absent the stage completes from the cache and lists
every paper it could not resolve, with the reason.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from refnet.errors import SourceError
from refnet.ids import normalize_doi
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS, conform, frame
from refnet.sources import crossref, openalex, opencitations, semanticscholar
from refnet.sources.common import METADATA_FIELDS, Fetched
from refnet.sources.http import HttpCache, HttpClient, open_cache
from refnet.tables import read_parquet, write_csv, write_parquet

log = logging.getLogger("refnet.sources")

SOURCES: dict[str, ModuleType] = {
    "openalex": openalex,
    "crossref": crossref,
    "opencitations": opencitations,
    "semanticscholar": semanticscholar,
}
#: Conservative default rates (requests per second), see research/apis.md §7.
DEFAULT_RATES = {"openalex": 10.0, "crossref": 10.0, "opencitations": 3.0, "semanticscholar": 1.0}
DEFAULTS: dict[str, Any] = {
    "offline": False,
    "order": ["openalex", "crossref", "opencitations", "semanticscholar"],
    "mailto": "",
    "key_env": {
        "openalex": "OPENALEX_API_KEY",
        "opencitations": "OPENCITATIONS_TOKEN",
        "semanticscholar": "S2_API_KEY",
    },
    "base_urls": {},
    "cache": "resources/http-cache",
    "max_failure_share": 0.1,
    "requests_per_second": {},
    "timeout": 30,
    "concurrency": 3,
    "retries": 4,
    "backoff": 1.0,
    "best_effort": False,
    "min_requests": 20,
}
COVERAGE_COLUMNS = {
    "paper_id": "str",
    "source": "str",
    "references_given": "int64",
    "references_reported": "int64",
    "share": "float64",
}
UNRESOLVED_COLUMNS = {"paper_id": "str", "doi": "str", "source": "str", "reason": "str"}


@dataclass
class ResolveResult:
    """The tables of the stage and one line saying how it went."""

    papers: pd.DataFrame
    references: pd.DataFrame
    coverage: pd.DataFrame
    unresolved: pd.DataFrame
    summary: str
    stopped: list[str] = field(default_factory=list)  # sources stopped, with the reason


def make_clients(settings: Mapping[str, Any], cache: HttpCache) -> dict[str, HttpClient]:
    """One client per source in ``settings["order"]``, keys and mailto from the environment."""
    mailto = os.environ.get("REFNET_MAILTO") or settings.get("mailto", "")
    keys = {name: os.environ.get(var, "") for name, var in (settings.get("key_env") or {}).items()}
    rates = settings.get("requests_per_second") or {}
    clients = {}
    for name in settings["order"]:
        module = SOURCES[name]
        base = (settings.get("base_urls") or {}).get(name) or module.BASE_URL
        params: dict[str, str] = {}
        headers: dict[str, str] = {}
        if name == "openalex":
            params = {k: v for k, v in (("mailto", mailto), ("api_key", keys.get(name))) if v}
        elif name == "crossref" and mailto:
            params = {"mailto": mailto}
        elif name == "opencitations" and keys.get(name):
            headers = {"authorization": keys[name]}
        elif name == "semanticscholar" and keys.get(name):
            headers = {"x-api-key": keys[name]}
        host = base.split("//", 1)[-1].split("/", 1)[0]
        clients[name] = HttpClient(
            name,
            base,
            cache,
            mailto=mailto,
            rate=float(rates.get(name) or rates.get(host) or DEFAULT_RATES[name]),
            concurrency=int(settings["concurrency"]),
            timeout=float(settings["timeout"]),
            offline=bool(settings["offline"]),
            max_failure_share=float(settings["max_failure_share"]),
            retries=int(settings["retries"]),
            backoff=float(settings["backoff"]),
            min_requests=int(settings["min_requests"]),
            params=params,
            headers=headers,
        )
    return clients


def resolve(papers: pd.DataFrame, settings: Mapping[str, Any]) -> ResolveResult:
    """Resolve the review ``papers`` (PAPER_COLUMNS) with ``settings`` = config["sources"]."""
    settings = {**DEFAULTS, **dict(settings)}
    papers = conform(papers, PAPER_COLUMNS).sort_values("paper_id", kind="stable")
    papers = papers.reset_index(drop=True)
    doi_of = {
        pid: normalize_doi(doi) or "" for pid, doi in zip(papers.paper_id, papers.doi, strict=True)
    }
    dois = sorted({d for d in doi_of.values() if d})
    cache = open_cache(settings["cache"])
    clients = make_clients(settings, cache)
    answers: dict[str, dict[str, Fetched]] = {}
    for name, client in clients.items():
        if dois:
            log.info("%s: %d DOIs", name, len(dois))
            answers[name] = SOURCES[name].fetch(client, dois)
    if "openalex" in clients:
        _describe_cited(clients["openalex"], answers)
    stopped = [c.stopped for c in clients.values() if c.stopped]
    result = ResolveResult(*_tables(papers, doi_of, answers), summary="", stopped=stopped)
    result.summary = summarize(result, bool(settings["offline"]))
    for name, client in clients.items():
        log.info(
            "%s: %d requests, %d answers from the cache, %d failures",
            name,
            client.requests,
            client.cached,
            client.failures,
        )
    return result


def _describe_cited(client: HttpClient, answers: dict[str, dict[str, Fetched]]) -> None:
    """Fill title, authors, year, venue and W id of DOI-only references from OpenAlex."""
    bare = sorted(
        {
            ref["doi"]
            for by_doi in answers.values()
            for fetched in by_doi.values()
            for ref in fetched.references
            if ref.get("doi") and not ref.get("title")
        }
    )
    if not bare:
        return
    found, _, _ = openalex.lookup(client, "doi", bare)
    for by_doi in answers.values():
        for fetched in by_doi.values():
            for ref in fetched.references:
                work = found.get(ref.get("doi", ""))
                if work is None or ref.get("title"):
                    continue
                meta = openalex.reference_row("", 0, openalex._wid(work), work)
                for column in ("authors", "first_author", "year", "title", "venue", "kind"):
                    if not ref.get(column):
                        ref[column] = meta[column]
                ref.setdefault("openalex_id", meta["openalex_id"])


def _tables(
    papers: pd.DataFrame, doi_of: Mapping[str, str], answers: Mapping[str, Mapping[str, Fetched]]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows, refs, coverage, unresolved = [], [], [], []
    for paper in papers.to_dict("records"):
        doi = doi_of[paper["paper_id"]]
        row = dict(paper)
        for source, by_doi in answers.items():
            fetched = by_doi.get(doi) if doi else None
            if fetched is None:
                continue
            if not fetched.found:
                unresolved.append(
                    {
                        "paper_id": paper["paper_id"],
                        "doi": doi,
                        "source": source,
                        "reason": fetched.reason,
                    }
                )
                continue
            for column in METADATA_FIELDS:
                value = fetched.metadata.get(column)
                if _empty(row.get(column)) and not _empty(value):
                    row[column] = value
            for ref in fetched.references:
                refs.append({**ref, "citing_id": paper["paper_id"]})
            given, reported = len(fetched.references), fetched.references_reported
            coverage.append(
                {
                    "paper_id": paper["paper_id"],
                    "source": source,
                    "references_given": given,
                    "references_reported": reported,
                    "share": given / reported if reported else float("nan"),
                }
            )
        rows.append(row)
    references = frame(refs, REFERENCE_COLUMNS)
    if len(references):
        references = references.sort_values(["citing_id", "source", "position"], kind="stable")
    return (
        frame(rows, PAPER_COLUMNS),
        references.reset_index(drop=True),
        _sorted(frame(coverage, COVERAGE_COLUMNS), ["paper_id", "source"]),
        _sorted(frame(unresolved, UNRESOLVED_COLUMNS), ["paper_id", "source"]),
    )


def summarize(result: ResolveResult, offline: bool, unresolved_path: str = "") -> str:
    """One line: how many papers were resolved, what was not and where it is listed."""
    papers, coverage = result.papers, result.coverage
    with_doi = set(papers.loc[papers.doi != "", "paper_id"])
    resolved = with_doi & set(coverage.paper_id)
    missing = len(with_doi) - len(resolved)
    if offline:
        head = "offline (sources.offline: true): answers from the cache only"
    elif result.stopped and all(" unreachable" in r for r in result.stopped):
        names = ", ".join(r.split(" unreachable")[0] for r in result.stopped)
        head = f"network unreachable ({names}): answers from the cache only"
    elif result.stopped:
        head = "sources stopped: " + "; ".join(result.stopped)
    else:
        head = "online"
    line = f"{head}; {len(resolved)} of {len(with_doi)} papers with a DOI resolved"
    line += f", {len(result.references)} references fetched"
    if missing:
        where = unresolved_path or "the unresolved table"
        line += f"; {missing} not resolved, the run goes on from local inputs (see {where})"
    return line


#: Reasons that are answers, not errors: a definite 404, offline, a host not there.
_NOT_AN_ERROR = re.compile(r"\(404\)|^offline:| unreachable \(")


def lost_to_errors(result: ResolveResult) -> dict[str, str]:
    """paper_id -> an error reason, for the papers with a DOI that no source resolved
    because of errors (HTTP errors after retries, stopped sources), not 404s or offline."""
    resolved = set(result.coverage["paper_id"])
    lost: dict[str, str] = {}
    for row in result.unresolved.itertuples():
        if row.paper_id in resolved or _NOT_AN_ERROR.search(row.reason):
            continue
        lost.setdefault(row.paper_id, f"{row.source}: {row.reason}")
    return lost


def check_losses(result: ResolveResult, best_effort: bool) -> None:
    """Stop when errors lost most papers with a DOI, unless ``best_effort``."""
    papers = result.papers
    with_doi = int((papers["doi"] != "").sum())
    lost = lost_to_errors(result)
    if not with_doi or 2 * len(lost) <= with_doi:
        return
    first = next(iter(sorted(lost.items())))
    message = (
        f"resolve: errors lost {len(lost)} of {with_doi} papers with a DOI "
        f"(e.g. {first[0]}: {first[1]}). Rerun later (answers so far are cached), or set "
        "sources.best_effort: true in review.yaml to go on without them"
    )
    if best_effort:
        log.warning("%s (going on: sources.best_effort)", message.split(". Rerun")[0])
        return
    raise SourceError(message)


def _sorted(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return df.sort_values(by, kind="stable").reset_index(drop=True) if len(df) else df


def _empty(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or value == ""
        or (isinstance(value, float) and value != value)
    )


def run_resolve(
    papers_path: str | Path,
    settings: Mapping[str, Any],
    out_papers_parquet: str | Path,
    out_references_parquet: str | Path,
    out_coverage_csv: str | Path,
    out_unresolved_csv: str | Path,
    log_path: str | Path | None = None,
) -> ResolveResult:
    """File wrapper of :func:`resolve`: read the seeds table, write the four tables."""
    handler = None
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logging.getLogger("refnet").addHandler(handler)
        logging.getLogger("refnet").setLevel(logging.INFO)
    try:
        result = resolve(read_parquet(papers_path, PAPER_COLUMNS), settings)
        offline = bool({**DEFAULTS, **dict(settings)}["offline"])
        result.summary = summarize(result, offline, str(out_unresolved_csv))
        write_parquet(result.papers, out_papers_parquet)
        write_parquet(result.references, out_references_parquet)
        write_csv(result.coverage, out_coverage_csv)
        write_csv(result.unresolved, out_unresolved_csv)
        log.info("%s", result.summary)
        check_losses(result, bool({**DEFAULTS, **dict(settings)}["best_effort"]))
        return result
    finally:
        if handler is not None:
            logging.getLogger("refnet").removeHandler(handler)
            handler.close()
