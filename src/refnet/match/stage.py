"""The match stage as files: read references and papers, parse, match, look up, write tables.

Matching runs on the local evidence first. Online (``sources.offline: false``) and with
``match.lookup.enabled``, the cited works still without a DOI are then looked up at
Crossref (:mod:`refnet.match.lookup`); when a DOI is accepted for some, matching runs
again with it, so that the work joins every other reference and review paper of that DOI.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from refnet.match import lookup
from refnet.match.identity import DECISION_COLUMNS, match_references
from refnet.match.overrides import read_overrides
from refnet.match.parse import parse_references
from refnet.model import MATCH_COLUMNS, PAPER_COLUMNS, REFERENCE_COLUMNS, conform, empty
from refnet.tables import read_parquet, write_csv, write_parquet

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
    matched = conform(matched, {**REFERENCE_COLUMNS, **MATCH_COLUMNS})
    write_csv(matched, out_references_csv)
    write_parquet(matched, out_references_parquet)
    write_csv(works, out_works_csv)
    write_parquet(works, out_works_parquet)
    write_csv(decisions, out_decisions_csv)
    if out_lookup_csv:
        write_csv(looked_up, out_lookup_csv)


def read_parsed(reference_paths: list[str]) -> pd.DataFrame:
    """Every reference table, one after the other, parsed; no other copy is kept (the
    caller passes it on, so the matcher holds the only one)."""
    tables = [read_parquet(path, REFERENCE_COLUMNS) for path in reference_paths]
    refs = pd.concat(tables, ignore_index=True) if tables else empty(REFERENCE_COLUMNS)
    del tables
    return parse_references(refs)


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
    matched, works, decisions = match_references(refs, papers, settings, overrides)
    table = empty(lookup.LOOKUP_COLUMNS)
    if not wanted["enabled"]:
        log.info("look-up of works without a DOI: off (match.lookup.enabled: false)")
    elif sources is None:
        log.info("look-up of works without a DOI skipped: no sources settings given")
    elif sources.get("offline"):
        log.info("look-up of works without a DOI skipped: offline (sources.offline: true)")
    elif "crossref" not in sources.get("order", ["crossref"]):
        log.info("look-up of works without a DOI skipped: crossref is not in sources.order")
    elif len(works):
        found, table = lookup.lookup_works(works, lookup.crossref_client(sources), wanted)
        first_refs = _first_reference(matched)
        if found:
            matched, works, decisions = _rematch(refs, papers, settings, overrides, matched, found)
        decisions = _with_lookup_decisions(decisions, table, first_refs)
    return matched.drop(columns=[_ROW]), works, decisions, table


def _empty_match(
    refs: pd.DataFrame, settings: Mapping[str, Any], overrides: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The matcher's tables with no rows (its columns and dtypes, from one stand-in paper:
    the matcher needs a paper or a reference to build them)."""
    stand_in = conform(pd.DataFrame({"paper_id": ["-"], "title": ["-"]}), PAPER_COLUMNS)
    tables = match_references(refs, stand_in, settings, overrides)
    return tuple(t.iloc[0:0].reset_index(drop=True) for t in tables)  # type: ignore[return-value]


def _rematch(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: Mapping[str, Any],
    overrides: pd.DataFrame | None,
    matched: pd.DataFrame,
    found: Mapping[str, lookup.Found],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Match again with the accepted DOIs on the references of their works.

    The references keep their own (empty) DOI in the output; their rule becomes
    ``crossref-bibliographic`` with the title similarity as score.
    """
    work_of = pd.Series(matched["work_id"].to_numpy(), index=matched[_ROW].to_numpy())
    gained = work_of.map({w: f.doi for w, f in found.items()}).dropna()
    similarity = work_of.map({w: f.title_similarity for w, f in found.items()}).dropna()
    with_doi = refs.copy()
    rows = gained.index.to_numpy()
    with_doi.loc[rows, "doi"] = gained.to_numpy()
    again, works, decisions = match_references(with_doi, papers, settings, overrides)
    own_doi = refs.set_index(_ROW)["doi"]
    again["doi"] = own_doi.reindex(again[_ROW]).to_numpy()
    hit = again[_ROW].isin(rows).to_numpy()
    again.loc[hit, "match_rule"] = lookup.RULE
    again.loc[hit, "match_score"] = similarity.reindex(again.loc[hit, _ROW]).to_numpy()
    log.info(
        "look-up: %d works took a DOI from Crossref (%d references), matched again",
        len(found),
        int(hit.sum()),
    )
    return again, works, decisions


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
