"""When each candidate was first seen, kept across runs in a small state file.

A candidate's date is the day of the earliest service answer that named it (the HTTP
``Date`` of the cached answer), or the date kept in the state file when that is earlier,
never the clock at write time: the same cache and state give the same bytes. The
candidates first seen at the latest date are the new ones (on the first run, all of them).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from refnet.model import frame
from refnet.tables import write_csv

STATE_COLUMNS = {"candidate_id": "str", "first_seen": "str"}
NEW_COLUMNS = {
    "rank": "int64",
    "candidate_id": "str",
    "kind": "str",
    "score": "float64",
    "doi": "str",
    "title": "str",
    "year": "Int64",
    "sources": "str",
    "why": "str",
    "first_seen": "str",
}


def read_state(path: str | Path) -> dict[str, str]:
    """candidate id → first-seen day ({} when there is no state yet)."""
    path = Path(path)
    if not path.is_file():
        return {}
    state = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(state.candidate_id, state.first_seen, strict=True))


def date_candidates(table: pd.DataFrame, state: dict[str, str]) -> pd.DataFrame:
    """``table`` with ``first_seen`` the earlier of its answers' day and the state's.

    Candidates with no dated answer (backward ones) take the latest day of the run's
    answers, or the state's day.
    """
    latest = max((d for d in table.first_seen if d), default="")
    dates = []
    for cid, day in zip(table.candidate_id, table.first_seen, strict=True):
        known = [d for d in (day or latest, state.get(cid, "")) if d]
        dates.append(min(known, default=""))
    return table.assign(first_seen=dates)


def new_candidates(table: pd.DataFrame) -> pd.DataFrame:
    """Candidates first seen on the latest day of the table."""
    latest = max(table.first_seen, default="")
    return frame(table[table.first_seen == latest].to_dict("records"), NEW_COLUMNS)


def write_state(table: pd.DataFrame, state: dict[str, str], path: str | Path) -> None:
    """The state file with this run's candidates added (earlier dates kept)."""
    merged = dict(state)
    for cid, day in zip(table.candidate_id, table.first_seen, strict=True):
        if day and (cid not in merged or day < merged[cid]):
            merged[cid] = day
    rows = [{"candidate_id": c, "first_seen": merged[c]} for c in sorted(merged)]
    write_csv(frame(rows, STATE_COLUMNS), path)
