"""Measured matching accuracy: hide the DOIs of Crossref references and match them again.

Pairwise precision/recall/F1 of "same work" decisions against the DOI truth, for refnet
and two baselines (bibliometrix-style Jaro-Winkler on normalised strings, metaknowledge-
style first author + year + journal key).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz.distance import JaroWinkler

from refnet.ids import normalize_doi
from refnet.match.identity import match_references
from refnet.match.normalize import fold, name_key
from refnet.match.parse import parse_references
from refnet.model import REFERENCE_COLUMNS, conform, empty

_DOI_TEXT = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:?\s*)?10\.\d{4,9}/\S+", re.I)


def pair_counts(labels: Sequence[object]) -> int:
    """Number of unordered pairs that share a label."""
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def pairwise_scores(truth: Sequence[object], predicted: Sequence[object]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering against the true one."""
    true_pairs = pair_counts(truth)
    predicted_pairs = pair_counts(predicted)
    both = pair_counts(list(zip(truth, predicted, strict=True)))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "true_pairs": float(true_pairs),
        "predicted_pairs": float(predicted_pairs),
        "correct_pairs": float(both),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def crossref_surname(value: Any) -> str:
    """Surname of Crossref's ``author`` field ("Smith", "JG MacCracken", "J. Braun-Blanquet")."""
    words = str(value or "").replace(",", " ").split()
    if not words:
        return ""
    surname = [w for w in words if not re.fullmatch(r"(?:[A-Z]\.?-?){1,4}", w)]
    return (surname or words)[-1] if len(words) > 1 else words[0]


def hidden_doi_references(works: Iterable[dict[str, Any]]) -> tuple[pd.DataFrame, list[str]]:
    """References that carry a DOI, with the DOI hidden; returns (refs, true DOIs).

    Items with nothing left once the DOI is hidden cannot be matched by any method and
    are left out (their count is reported by the benchmark).
    """
    rows, truth = [], []
    for work in works:
        citing = normalize_doi(str(work.get("DOI", ""))) or str(work.get("DOI", ""))
        for position, item in enumerate(work.get("reference") or []):
            doi = normalize_doi(str(item.get("DOI", ""))) if item.get("DOI") else None
            if not doi:
                continue
            raw = _DOI_TEXT.sub("", str(item.get("unstructured", "")))
            raw = re.sub(r"\s+", " ", raw).strip(" .,;")
            row = {
                "citing_id": citing,
                "position": position,
                "source": "crossref",
                "origin": f"crossref:{citing}#{position}",
                "raw": raw,
                "first_author": crossref_surname(item.get("author")),
                "year": (re.match(r"\d{4}", str(item.get("year", ""))) or [None])[0],
                "year_suffix": (re.match(r"\d{4}([a-z])$", str(item.get("year", ""))) or ["", ""])[
                    1
                ],
                "title": str(item.get("article-title") or item.get("volume-title") or ""),
                "venue": str(item.get("journal-title") or item.get("series-title") or ""),
                "volume": str(item.get("volume") or ""),
                "issue": str(item.get("issue") or ""),
                "pages": str(item.get("first-page") or ""),
            }
            if row["first_author"]:
                row["authors"] = row["first_author"]
            if not any(row[k] for k in ("raw", "first_author", "title", "venue", "volume")):
                continue
            rows.append(row)
            truth.append(doi)
    refs = conform(pd.DataFrame(rows), REFERENCE_COLUMNS) if rows else empty(REFERENCE_COLUMNS)
    refs["year_suffix"] = [r.get("year_suffix", "") for r in rows]
    return refs, truth


def read_works(path: str | Path) -> list[dict[str, Any]]:
    """Crossref ``message`` objects from a JSON-lines file (a ``message`` wrapper is unwrapped)."""
    works = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                works.append(obj.get("message", obj) if isinstance(obj, dict) else {})
    return works


def _record_string(refs: pd.DataFrame) -> list[str]:
    columns = ["first_author", "year", "title", "venue", "volume", "pages"]
    values = zip(*(refs[c].tolist() for c in columns), strict=True)
    joined = [
        " ".join(str(v) for v in row if isinstance(v, str | int) and v != "") for row in values
    ]
    return [fold(s) or fold(r) for s, r in zip(joined, refs["raw"], strict=True)]


def bibliometrix_baseline(refs: pd.DataFrame, threshold: float = 0.90) -> list[int]:
    """Normalised strings merged when Jaro-Winkler ≥ threshold (blocked by first letter)."""
    strings = _record_string(refs)
    labels = list(range(len(strings)))
    blocks: dict[str, list[int]] = {}
    for i, s in enumerate(strings):
        blocks.setdefault(s[:1], []).append(i)
    for rows in blocks.values():
        reps: list[int] = []
        for i in rows:
            for j in reps:
                if JaroWinkler.similarity(strings[i], strings[j]) >= threshold:
                    labels[i] = labels[j]
                    break
            else:
                reps.append(i)
    return labels


def metaknowledge_baseline(refs: pd.DataFrame) -> list[str]:
    """First author + year + journal, as metaknowledge identifies a cited work."""
    return [
        f"{name_key(a)}|{y}|{fold(v)}" if (a or v) else f"row{i}"
        for i, (a, y, v) in enumerate(
            zip(refs["first_author"], refs["year"], refs["venue"], strict=True)
        )
    ]


def evaluate(works: list[dict[str, Any]], settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per method with pairwise precision, recall and F1."""
    refs, truth = hidden_doi_references(works)
    parsed = parse_references(refs)
    matched, _, _ = match_references(parsed, empty({"paper_id": "str"}), settings or {})
    by_origin = dict(zip(matched["origin"], matched["work_id"], strict=True))
    predicted = [by_origin[o] for o in parsed["origin"]]
    rows = [
        {"method": "refnet", **pairwise_scores(truth, predicted)},
        {"method": "bibliometrix-jw0.90", **pairwise_scores(truth, bibliometrix_baseline(parsed))},
        {"method": "metaknowledge-key", **pairwise_scores(truth, metaknowledge_baseline(parsed))},
    ]
    table = pd.DataFrame(rows)
    table.insert(1, "references", len(refs))
    return table
