"""The match stage as files: read references and papers, parse, match, look up, write tables.

Matching runs on the local evidence first. Online (``sources.offline: false``) and with
``match.lookup.enabled``, the cited works still without a DOI are then looked up at
Crossref (:mod:`refnet.match.lookup`); a DOI accepted for some is folded into the one
match (no second run): the work joins every other reference and review paper of that DOI.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from refnet.collector import collector_paused
from refnet.match import lookup
from refnet.match.frames import conform_fast
from refnet.match.identity import DECISION_COLUMNS, match_references, match_work_rows
from refnet.match.overrides import read_overrides
from refnet.match.parse import parse_references, unparsed_count
from refnet.match.works import works_table
from refnet.model import (
    MATCH_COLUMNS,
    PAPER_COLUMNS,
    PARSED_COLUMNS,
    REFERENCE_COLUMNS,
    conform,
    empty,
)
from refnet.tables import read_parquet, write_csv, write_csv_and_parquet

log = logging.getLogger("refnet.match")

#: A column carried through matching to find each input row in the output.
_ROW = "_lookup_row"


def run_match(
    reference_paths: list[str],
    papers_path: str,
    settings: dict[str, Any],
    overrides_path: str | None,
    out_references_csv: str,
    out_references_parquet: str,
    out_works_csv: str,
    out_works_parquet: str,
    out_decisions_csv: str,
    out_lookup_csv: str | None = None,
    sources: Mapping[str, Any] | None = None,
) -> None:
    """Parse and match every reference table of the review; write sorted outputs.

    ``sources`` is config["sources"]; without it (or offline) nothing is looked up.
    """
    papers = read_parquet(papers_path, PAPER_COLUMNS)
    overrides = read_overrides(overrides_path or "")
    matched, works, decisions, looked_up = identify(
        read_parsed(reference_paths), papers, settings, overrides, sources
    )
    matched = conform_fast(matched, {**REFERENCE_COLUMNS, **MATCH_COLUMNS})
    write_csv_and_parquet(matched, out_references_csv, out_references_parquet)
    del matched
    write_csv_and_parquet(works, out_works_csv, out_works_parquet)
    write_csv(decisions, out_decisions_csv)
    if out_lookup_csv:
        write_csv(looked_up, out_lookup_csv)


def read_parsed(reference_paths: list[str]) -> pd.DataFrame:
    """Every reference table, one after the other, parsed; no other copy is kept (the
    caller passes it on, so the matcher holds the only one)."""
    columns = {**REFERENCE_COLUMNS, **PARSED_COLUMNS}  # fields as their stage parsed them
    tables = [read_parquet(path, columns) for path in reference_paths]
    refs = pd.concat(tables, ignore_index=True) if tables else empty(columns)
    del tables
    log.info(
        "references: %d, of which %d not parsed by their reader or per-paper job",
        len(refs),
        unparsed_count(refs),
    )
    return parse_references(refs, conformed=True)  # read_parquet conformed every table


def identify(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: Mapping[str, Any],
    overrides: pd.DataFrame | None = None,
    sources: Mapping[str, Any] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Match parsed ``refs``, then (online) look up works without a DOI and match again.

    Returns (matched references, works, decisions, look-up table).
    """
    settings = dict(settings)
    wanted = {**lookup.DEFAULTS, **(settings.pop("lookup", None) or {})}
    refs = refs.reset_index(drop=True).assign(**{_ROW: np.arange(len(refs))})
    if not len(refs) and not len(papers):
        log.info("nothing to match: the review has no papers and no references")
        matched, works, decisions = _empty_match(refs, settings, overrides)
        return matched.drop(columns=[_ROW]), works, decisions, empty(lookup.LOOKUP_COLUMNS)
    matched, work_rows, decisions = match_work_rows(refs, papers, settings, overrides)
    works = None  # made from work_rows when needed, once
    table = empty(lookup.LOOKUP_COLUMNS)
    if not wanted["enabled"]:
        log.info("look-up of works without a DOI: off (match.lookup.enabled: false)")
    elif sources is None:
        log.info("look-up of works without a DOI skipped: no sources settings given")
    elif sources.get("offline"):
        log.info("look-up of works without a DOI skipped: offline (sources.offline: true)")
    elif "crossref" not in sources.get("order", ["crossref"]):
        log.info("look-up of works without a DOI skipped: crossref is not in sources.order")
    elif work_rows["is_ref"].any():
        works = _works(work_rows)
        found, table = lookup.lookup_works(works, lookup.crossref_client(sources), wanted)
        first_refs = _first_reference(matched)
        if found:
            matched, work_rows, decisions = _with_found_dois(matched, work_rows, decisions, found)
            works = None
        decisions = _with_lookup_decisions(decisions, table, first_refs)
    works = _works(work_rows) if works is None else works
    return matched.drop(columns=[_ROW]), works, decisions, table


def _works(work_rows: pd.DataFrame) -> pd.DataFrame:
    """The works table of the matcher's work rows."""
    with collector_paused():
        return works_table(work_rows)


def _empty_match(
    refs: pd.DataFrame, settings: Mapping[str, Any], overrides: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The matcher's tables with no rows (its columns and dtypes, from one stand-in paper:
    the matcher needs a paper or a reference to build them)."""
    stand_in = conform(pd.DataFrame({"paper_id": ["-"], "title": ["-"]}), PAPER_COLUMNS)
    tables = match_references(refs, stand_in, settings, overrides)
    return tuple(t.iloc[0:0].reset_index(drop=True) for t in tables)  # type: ignore[return-value]


def _with_found_dois(
    matched: pd.DataFrame,
    work_rows: pd.DataFrame,
    decisions: pd.DataFrame,
    found: Mapping[str, lookup.Found],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The accepted DOIs folded into the match: each work that took DOI ``d`` becomes
    ``doi:d``, one work with every other reference and review paper of that DOI.

    Its references keep their own (empty) DOI; their rule becomes ``crossref-bibliographic``
    with the title similarity as score, and a reference of ``d`` that was alone now shares
    its DOI (rule ``doi``). Decisions that built the work name its new id.
    """
    new_id = {work: f"doi:{f.doi}" for work, f in found.items()}
    similarity = {work: f.title_similarity for work, f in found.items()}
    old = matched["work_id"]
    hit = old.isin(new_id).to_numpy()
    matched = matched.assign(work_id=old.replace(new_id))
    matched.loc[hit, "match_rule"] = lookup.RULE
    matched.loc[hit, "match_score"] = old[hit].map(similarity).to_numpy()
    joined = ~hit & matched["work_id"].isin(set(new_id.values())).to_numpy()
    joined &= (matched["match_rule"] == "single").to_numpy()
    matched.loc[joined, "match_rule"] = "doi"
    matched.loc[joined, "match_score"] = 1.0
    rows = work_rows["work_id"].isin(new_id).to_numpy()
    work_rows = work_rows.assign(work_id=work_rows["work_id"].replace(new_id))
    work_rows.loc[rows, "doi_key"] = work_rows.loc[rows, "work_id"].str.removeprefix("doi:")
    decisions = decisions.assign(work_id=decisions["work_id"].replace(new_id))
    log.info(
        "look-up: %d works took a DOI from Crossref (%d references), folded into the match",
        len(found),
        int(hit.sum()),
    )
    return matched, work_rows, decisions


def _first_reference(matched: pd.DataFrame) -> pd.DataFrame:
    """Per work id, its reference of smallest origin (origin and raw string)."""
    ordered = matched.sort_values(["work_id", "origin", "raw"], kind="stable")
    return ordered.drop_duplicates("work_id").set_index("work_id")[["origin", "raw"]]


def _with_lookup_decisions(
    decisions: pd.DataFrame, table: pd.DataFrame, first_refs: pd.DataFrame
) -> pd.DataFrame:
    """The decisions table plus one row per work with candidates: the accepted one, or
    the first refused with its reason."""
    shown = table[table["rank"] > 0]
    taken = set(shown.loc[shown["accepted"], "work_id"])
    shown = shown[shown["accepted"] | ~shown["work_id"].isin(taken)].drop_duplicates("work_id")
    if shown.empty:
        return decisions
    rows = []
    for row in shown.to_dict("records"):
        doi, accepted = row["candidate_doi"], bool(row["accepted"])
        origin, raw = (
            first_refs.loc[row["work_id"]] if row["work_id"] in first_refs.index else ("", "")
        )
        rows.append(
            {
                "rule": lookup.RULE,
                "score": row["title_similarity"],
                "accepted": accepted,
                "reason": f"crossref score {row['crossref_score']:g}"
                if accepted
                else row["reason"],
                "work_id": f"doi:{doi}" if accepted else "",
                "a_origin": origin,
                "a_raw": raw,
                "b_origin": f"crossref:{doi}",
                "b_raw": row["candidate_title"],
            }
        )
    extra = conform(pd.DataFrame(rows), DECISION_COLUMNS)
    both = pd.concat([conform(decisions, DECISION_COLUMNS), extra], ignore_index=True)
    return both.sort_values(
        ["accepted", "rule", "work_id", "a_origin", "b_origin", "reason"],
        ascending=[False, True, True, True, True, True],
        kind="stable",
    ).reset_index(drop=True)
