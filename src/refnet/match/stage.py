"""The match stage as files: read references and papers, parse, match, write tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from refnet.match.identity import match_references
from refnet.match.overrides import read_overrides
from refnet.match.parse import parse_references
from refnet.model import MATCH_COLUMNS, PAPER_COLUMNS, REFERENCE_COLUMNS, conform, empty
from refnet.tables import read_parquet, write_csv, write_parquet


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
) -> None:
    """Parse and match every reference table of the review; write sorted outputs."""
    tables = [read_parquet(path, REFERENCE_COLUMNS) for path in reference_paths]
    refs = pd.concat(tables, ignore_index=True) if tables else empty(REFERENCE_COLUMNS)
    papers = read_parquet(papers_path, PAPER_COLUMNS)
    overrides = read_overrides(overrides_path or "")
    matched, works, decisions = match_references(
        parse_references(refs), papers, settings, overrides
    )
    matched = conform(matched, {**REFERENCE_COLUMNS, **MATCH_COLUMNS})
    write_csv(matched, out_references_csv)
    write_parquet(matched, out_references_parquet)
    write_csv(works, out_works_csv)
    write_parquet(works, out_works_parquet)
    write_csv(decisions, out_decisions_csv)
