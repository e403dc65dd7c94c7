"""Hand-labelled reference pairs (same work / different work) and the matcher's score on them.

The labels file is tab-separated with ``#`` comment lines (its header states the label
policy and how the pairs were drawn) and the columns :data:`LABEL_COLUMNS`. Each pair names
two cited references of one export file by their lines; the matcher calls a pair "same"
when both references end in one work id.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from refnet.errors import InputError

#: Columns a labels file must have (others, such as ``stratum`` or ``note``, are kept).
LABEL_COLUMNS = ["file", "line_a", "line_b", "string_a", "string_b", "label", "relation"]
LABELS = ("same", "different")


def parse_pair_labels(text: str, origin: str = "") -> pd.DataFrame:
    """Labelled pairs of a labels file's text; bad rows raise :class:`InputError` naming
    the value and ``origin:line``."""
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    if not numbered:
        raise InputError("no labelled pairs", value=text[:80], origin=origin)
    rows = list(csv.reader([line for _, line in numbered], delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    missing = [c for c in LABEL_COLUMNS if c not in header]
    if missing:
        where = f"{origin}:{numbered[0][0]}"
        raise InputError(f"labels header lacks {', '.join(missing)}", value=header, origin=where)
    records = []
    for (number, _), row in zip(numbered[1:], body, strict=True):
        where = f"{origin}:{number}"
        if len(row) != len(header):
            raise InputError(f"{len(row)} fields, {len(header)} expected", value=row, origin=where)
        record = dict(zip(header, row, strict=True))
        if record["label"] not in LABELS:
            raise InputError(
                "label is neither same nor different", value=record["label"], origin=where
            )
        for side in ("line_a", "line_b"):
            if not record[side].isdigit():
                raise InputError(f"{side} is not a line number", value=record[side], origin=where)
            record[side] = int(record[side])
        record["origin"] = where
        records.append(record)
    return pd.DataFrame(records)


def read_pair_labels(path: str | Path) -> pd.DataFrame:
    """:func:`parse_pair_labels` of a file."""
    return parse_pair_labels(Path(path).read_text(encoding="utf-8"), origin=str(path))


def reference_lines(matched: pd.DataFrame) -> pd.DataFrame:
    """``matched`` with the ``line`` of each reference (the number ending its origin)."""
    lines = matched["origin"].astype(str).str.rsplit(":", n=1).str[1]
    return matched.assign(line=pd.to_numeric(lines, errors="coerce"))


def predict_pairs(labels: pd.DataFrame, matched: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """``labels`` plus the matcher's ``work_a``, ``work_b`` and ``predicted`` label.

    ``matched`` maps each labels ``file`` to the matched references of that file (with the
    ``origin`` ``…file:line``). A line that is not a reference of the file, or whose string
    is not the labelled one, raises :class:`InputError`: the labels no longer fit the data.
    """
    by_file = {}
    for name, table in matched.items():
        table = reference_lines(table)
        by_file[name] = table.drop_duplicates("line").set_index("line")[["raw", "work_id"]]
    works = {"a": [], "b": []}
    for record in labels.to_dict("records"):
        if record["file"] not in by_file:
            raise InputError(
                "no matched references of this file", value=record["file"], origin=record["origin"]
            )
        table = by_file[record["file"]]
        for side in ("a", "b"):
            line, string = record[f"line_{side}"], record[f"string_{side}"]
            if line not in table.index or str(table.at[line, "raw"]).strip() != string.strip():
                found = table.at[line, "raw"] if line in table.index else None
                raise InputError(
                    f"line {line} of {record['file']} is not the labelled reference {string!r}",
                    value=found,
                    origin=record["origin"],
                )
            works[side].append(table.at[line, "work_id"])
    out = labels.assign(work_a=works["a"], work_b=works["b"])
    out["predicted"] = [
        "same" if a == b else "different" for a, b in zip(out["work_a"], out["work_b"], strict=True)
    ]
    return out


def pair_scores(predicted: pd.DataFrame) -> dict[str, float]:
    """Precision, recall and F1 of "same" decisions, with the pair counts behind them."""
    truth = predicted["label"] == "same"
    said = predicted["predicted"] == "same"
    tp, fp, fn = int((truth & said).sum()), int((~truth & said).sum()), int((truth & ~said).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(predicted),
        "same": int(truth.sum()),
        "true_positive": tp,
        "false_positive": fp,
        "false_negative": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }
