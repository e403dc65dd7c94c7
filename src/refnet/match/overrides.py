"""User decisions that the matcher obeys: ``refs/overrides.csv``.

Columns: ``action`` (``same`` or ``different``), ``a``, ``b``, optional ``note``. ``a`` and
``b`` are each a reference's origin (``refs/bib/x.txt:14``), its raw string as written, or a
work id from the last run (``waltz1979-theory-…``, ``doi:10.…``): copy them from the
decisions table. ``same`` merges everything a and b name; ``different`` keeps them apart,
even against DOI evidence.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from refnet.errors import InputError
from refnet.inputs.text import decode, split_lines

OVERRIDE_COLUMNS = ("action", "a", "b", "note")
ACTIONS = ("same", "different")


def parse_overrides(text: str, origin: str = "overrides.csv") -> pd.DataFrame:
    """Rows of an overrides CSV, checked; errors name the file and line."""
    rows = []
    reader = csv.DictReader(split_lines(text))
    missing = {"action", "a", "b"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(
            f"missing column(s) {sorted(missing)}", value=reader.fieldnames, origin=origin
        )
    for line, row in enumerate(reader, start=2):
        action = (row.get("action") or "").strip().lower()
        a, b = (row.get("a") or "").strip(), (row.get("b") or "").strip()
        if action not in ACTIONS:
            raise InputError(
                "action must be 'same' or 'different'", value=action, origin=f"{origin}:{line}"
            )
        if not a or not b:
            raise InputError("both a and b are needed", value=(a, b), origin=f"{origin}:{line}")
        rows.append(
            {
                "action": action,
                "a": a,
                "b": b,
                "note": (row.get("note") or "").strip(),
                "origin": f"{origin}:{line}",
            }
        )
    return pd.DataFrame(rows, columns=[*OVERRIDE_COLUMNS, "origin"])


def read_overrides(path: str | Path) -> pd.DataFrame:
    """Read an overrides CSV (an absent or empty path gives no overrides)."""
    if not path:
        return parse_overrides("action,a,b,note\n")
    if not Path(path).is_file():
        raise InputError("overrides file not found or not a file", value=str(path))
    decoded = decode(Path(path).read_bytes())
    if decoded.bad_lines:
        raise InputError(
            f"bytes that are not {decoded.encoding.upper()}",
            origin=f"{path}:{decoded.bad_lines[0]}",
        )
    return parse_overrides(decoded.text, str(path))
