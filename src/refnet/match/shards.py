"""The match stage in K shards, gathered into the bytes of one run.

Which references can change each other's work id? Those compared pairwise (no DOI, or a
DOI sharing a block with a reference or review paper without one: :mod:`refnet.match.bulk`),
the review papers, and every reference of a DOI that one of them holds. That connected
part goes whole to shard 0. The rest, references their DOI alone identifies
(``bulk_doi_rows``), are spread over the K shards by a hash of their DOI, so all the
references of a DOI meet in one shard. With overrides, everything goes to shard 0.

Each shard job reads and parses every input (the split needs them all), matches its own
references and writes them as Parquet; the gather concatenates the shards' tables, sorts
them as one run does, and gives the works their short labels again over all works (a
label such as "Waltz 1979b" depends on the other works). Online look-up is done in one
shard only: the rules run the match as one job when it looks works up online.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from refnet.labels import short_labels
from refnet.match.bulk import bulk_doi_rows, doi_keys
from refnet.match.frames import stable_order, string_order
from refnet.match.identity import DECISION_COLUMNS
from refnet.match.lookup import LOOKUP_COLUMNS
from refnet.match.overrides import read_overrides
from refnet.match.stage import identify, read_parsed
from refnet.model import (
    MATCH_COLUMNS,
    PAPER_COLUMNS,
    REFERENCE_COLUMNS,
    WORK_COLUMNS,
    conform,
)
from refnet.tables import read_parquet, write_csv, write_csv_and_parquet, write_parquet

#: The review papers of shards other than 0: none of the review's, but the matcher needs a
#: paper; one with a DOI no reference has (so it blocks nothing) and cited by none (so no
#: work of it is listed).
_STAND_IN = conform(
    pd.DataFrame({"paper_id": ["-"], "title": ["-"], "doi": ["10.0/refnet.shard-stand-in"]}),
    PAPER_COLUMNS,
)

#: The tables a shard writes, as ``<name>.parquet`` in its folder.
SHARD_TABLES = ("references", "works", "decisions", "lookup")


def _doi_shard(keys: np.ndarray, shards: int) -> np.ndarray:
    """A shard per DOI key from its SHA-1 (the same on every machine and Python)."""
    codes, uniques = pd.factorize(keys)
    per_key = np.array(
        [int.from_bytes(hashlib.sha1(k.encode()).digest()[:4], "big") % shards for k in uniques],
        dtype=np.int64,
    )
    return per_key[codes]


def shard_of_rows(
    refs: pd.DataFrame, papers: pd.DataFrame, shards: int, overrides: pd.DataFrame | None = None
) -> np.ndarray:
    """The shard (0..``shards``-1) of each parsed reference (see the module docstring)."""
    owner = np.zeros(len(refs), dtype=np.int64)
    if shards == 1 or not len(refs) or (overrides is not None and not overrides.empty):
        return owner
    refs = refs.reset_index(drop=True)
    keys = doi_keys(refs["doi"])
    bulk = bulk_doi_rows(refs, papers, {"doi_key": keys})
    held = set(keys[~bulk]) | set(doi_keys(conform(papers, PAPER_COLUMNS)["doi"]))
    spread = bulk & ~pd.Series(keys).isin(held - {""}).to_numpy()
    owner[spread] = _doi_shard(keys[spread], shards)
    return owner


def run_match_shard(
    reference_paths: list[str],
    papers_path: str,
    settings: Mapping[str, Any],
    overrides_path: str | None,
    shard: int,
    shards: int,
    out_dir: str | Path,
    sources: Mapping[str, Any] | None = None,
) -> None:
    """Match the references of shard ``shard``; write its tables to ``out_dir``."""
    if not 0 <= shard < shards:
        raise ValueError(f"shard {shard} is not one of 0..{shards - 1}")
    papers = read_parquet(papers_path, PAPER_COLUMNS)
    overrides = read_overrides(overrides_path or "")
    parsed = read_parsed(reference_paths)
    mine = parsed[shard_of_rows(parsed, papers, shards, overrides) == shard]
    del parsed
    first = shard == 0
    matched, works, decisions, looked_up = identify(
        mine.reset_index(drop=True),
        papers if first else _STAND_IN,
        settings,
        overrides if first else None,
        sources if first else None,
    )
    out = Path(out_dir)
    write_parquet(
        conform(matched, {**REFERENCE_COLUMNS, **MATCH_COLUMNS}), out / "references.parquet"
    )
    write_parquet(works, out / "works.parquet")
    write_parquet(conform(decisions, DECISION_COLUMNS), out / "decisions.parquet")
    write_parquet(conform(looked_up, LOOKUP_COLUMNS), out / "lookup.parquet")


def _gathered(folders: Sequence[str | Path], name: str, columns: Mapping[str, str]) -> pd.DataFrame:
    parts = [read_parquet(Path(folder) / f"{name}.parquet", columns) for folder in folders]
    return conform(pd.concat(parts, ignore_index=True), columns)


def gather_match(folders: Sequence[str | Path]) -> dict[str, pd.DataFrame]:
    """The shards' tables (folders in shard order) as one run writes them."""
    columns = {**REFERENCE_COLUMNS, **MATCH_COLUMNS}
    refs = _gathered(folders, "references", columns)
    keys = ("citing_id", "source", "position", "origin")
    refs = refs.take(stable_order([refs[c].to_numpy() for c in keys])).reset_index(drop=True)
    works = _gathered(folders, "works", WORK_COLUMNS)
    works = works.take(string_order(works["work_id"].to_numpy(dtype=object)))
    works = works.reset_index(drop=True)
    years = works["year"].to_numpy(dtype="float64", na_value=np.nan).tolist()
    works["label"] = short_labels(works["authors"].tolist(), years, works["title"].tolist())
    works = conform(works, WORK_COLUMNS)
    decisions = _gathered(folders, "decisions", DECISION_COLUMNS)
    lookup = _gathered(folders, "lookup", LOOKUP_COLUMNS)
    return {"references": refs, "works": works, "decisions": decisions, "lookup": lookup}


def run_match_gather(folders: Sequence[str | Path], out: Mapping[str, str]) -> None:
    """Write the match rule's outputs from the shards' tables."""
    tables = gather_match(folders)
    write_csv_and_parquet(tables["references"], out["references_csv"], out["references"])
    write_csv_and_parquet(tables["works"], out["works_csv"], out["works"])
    write_csv(tables["decisions"], out["decisions"])
    write_csv(tables["lookup"], out["lookup"])
