"""The discover stage: files in, candidate tables and screening files out.

Offline (``sources.offline``) or with the network absent, it completes from the cache
and the identity stage's works, and says in one line what it could not fetch.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from refnet import model
from refnet.discover.candidates import CANDIDATE_COLUMNS, Settings, rank_candidates
from refnet.discover.fetch import FORWARD_SOURCES, fetch_forward
from refnet.discover.seen import date_candidates, new_candidates, read_state, write_state
from refnet.export.bibtex import generate_bibtex
from refnet.export.ris import generate_ris
from refnet.tables import (
    read_columns,
    read_parquet,
    write_csv,
    write_csv_and_parquet,
)

log = logging.getLogger("refnet.discover")

DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "sources": list(FORWARD_SOURCES),
    "min_links": 2,
    "max_candidates": 500,
    "max_citing_per_paper": 1000,
    "max_age_days": 0,
    "years": {"from": None, "to": None},
    "state": "resources/discover/first_seen.csv",
}


@dataclass
class Outputs:
    """Where the stage writes."""

    candidates_csv: str
    candidates_parquet: str
    new_csv: str
    fetched_csv: str
    bib: str
    ris: str


#: The reference columns the ranking uses.
USED_REFERENCE_COLUMNS = ("citing_id", "work_id", "openalex_id")


def run_discover(
    papers_path: str,
    references_path: str,
    works_path: str,
    discover: Mapping[str, Any],
    sources: Mapping[str, Any],
    out: Outputs,
) -> str:
    """Fetch, rank and write; returns the one-line summary."""
    settings = {**DEFAULTS, **dict(discover)}
    papers = read_parquet(papers_path, model.PAPER_COLUMNS)
    # the columns the ranking reads, as Arrow strings ("" when missing): it works on them
    # column-wise and turns only the rows it iterates into str objects
    references = read_columns(references_path, USED_REFERENCE_COLUMNS)
    works = read_parquet(works_path, model.WORK_COLUMNS)
    cap = int(settings["max_citing_per_paper"])
    age = int(settings["max_age_days"])
    forward = fetch_forward(papers, sources, list(settings["sources"]), cap, age)
    years = settings.get("years") or {}
    ranked = rank_candidates(
        papers,
        references,
        works,
        forward,
        Settings(
            int(settings["min_links"]),
            int(settings["max_candidates"]),
            years.get("from"),
            years.get("to"),
        ),
    )
    state = read_state(settings["state"])
    table = date_candidates(ranked.table, state)
    new = new_candidates(table)
    write_csv_and_parquet(table, out.candidates_csv, out.candidates_parquet)
    write_csv(new, out.new_csv)
    write_csv(forward.fetched, out.fetched_csv)
    entries = bibtex_table(table)
    Path(out.bib).write_text(generate_bibtex(entries), encoding="utf-8", newline="\n")
    Path(out.ris).write_text(generate_ris(entries), encoding="utf-8", newline="\n")
    write_state(table, state, settings["state"])
    left_out = ", ".join(f"{n} {why}" for why, n in ranked.dropped.items())
    summary = (
        f"discover: {len(table)} candidates ({len(new)} new)"
        + (f", left out: {left_out}" if left_out else "")
        + f"; {forward.summary}"
    )
    log.info("%s", summary)
    return summary


def bibtex_table(table: pd.DataFrame) -> pd.DataFrame:
    """The candidate table in the columns of the BibTeX writer (refnet id = candidate id)."""
    bib = table.drop(columns=["kind", "work_id"]).rename(columns={"type": "kind"})
    bib = bib.assign(work_id=table.candidate_id)
    return model.conform(bib, model.WORK_COLUMNS)


__all__ = ["CANDIDATE_COLUMNS", "DEFAULTS", "Outputs", "run_discover"]
