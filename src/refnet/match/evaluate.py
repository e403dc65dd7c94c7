"""Measured matching accuracy: hide the DOIs of Crossref references and match them again.

Pairwise precision/recall/F1 of "same work" decisions against the DOI truth, for refnet
and two baselines (bibliometrix-style Jaro-Winkler on normalised strings, metaknowledge-
style first author + year + journal key).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from refnet.ids import normalize_doi
from refnet.inputs.exports import read_exports
from refnet.inputs.wos import as_read
from refnet.match.clusters import Clusters
from refnet.match.identity import match_references
from refnet.match.normalize import fold, name_key, title_key
from refnet.match.parse import parse_references
from refnet.model import REFERENCE_COLUMNS, conform, empty

_DOI_TEXT = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:?\s*)?10\.\d{4,9}/\S+", re.I)


def pair_counts(labels: Sequence[object]) -> int:
    """Number of unordered pairs that share a label."""
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def pairwise_scores(
    truth: Sequence[object], predicted: Sequence[object], groups: Sequence[object] | None = None
) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering against the true one; with
    ``groups`` (each item's citing paper), only pairs of items of different groups count."""

    def pairs(labels: Sequence[object]) -> int:
        within = pair_counts(list(zip(labels, groups, strict=True))) if groups else 0
        return pair_counts(labels) - within

    true_pairs = pairs(truth)
    predicted_pairs = pairs(predicted)
    both = pairs(list(zip(truth, predicted, strict=True)))
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


def hidden_doi_references(
    works: Iterable[dict[str, Any]], strings_first: bool = False
) -> tuple[pd.DataFrame, list[str]]:
    """References that carry a DOI, with the DOI hidden; returns (refs, true DOIs).

    Items with nothing left once the DOI is hidden cannot be matched by any method and
    are left out (their count is reported by the benchmark). ``strings_first``: an item
    with an ``unstructured`` string keeps only that string (its structured fields are
    dropped), so the parser's output meets the other items' structured fields.
    """
    rows, truth = [], []
    for work in works:
        citing = normalize_doi(str(work.get("DOI", ""))) or str(work.get("DOI", ""))
        for position, item in enumerate(work.get("reference") or []):
            if not isinstance(item, dict):
                continue
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
            if strings_first and raw:
                row.update(first_author="", year=None, year_suffix="", title="", venue="")
                row.update(volume="", issue="", pages="")
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
    """Crossref works from a file, whatever shape the API or a dump gave them.

    Accepts JSON lines (one work or one ``{"message": …}`` answer per line), one JSON
    document (a work, an answer, a ``message.items`` page, or a list of any of these), and
    gzip-compressed files of either. A file that is none of these raises ``ValueError``
    naming the file and line. A work given twice (overlapping pages of results) is kept
    once, by its DOI, so that its references do not pair with themselves.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    try:
        documents = [json.loads(text)]
    except json.JSONDecodeError:
        documents = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                documents.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}, line {number}: not JSON ({error.msg})") from None
    works, seen = [], set()
    for work in (work for document in documents for work in _works_in(document)):
        given = str(work.get("DOI") or "")
        doi = normalize_doi(given) or given.strip().lower()
        if doi and doi in seen:
            continue
        seen.add(doi)
        works.append(work)
    return works


def _works_in(document: Any) -> list[dict[str, Any]]:
    """The work objects inside one decoded JSON document."""
    if isinstance(document, list):
        return [work for item in document for work in _works_in(item)]
    if not isinstance(document, dict):
        return []
    if "message" in document:
        return _works_in(document["message"])
    if isinstance(document.get("items"), list):
        return _works_in(document["items"])
    return [document]


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
        rep_strings: list[str] = []
        for i in rows:
            first = next(  # the first earlier representative that is similar enough
                process.extract_iter(
                    strings[i], rep_strings, scorer=JaroWinkler.similarity, score_cutoff=threshold
                ),
                None,
            )
            if first is None:
                reps.append(i)
                rep_strings.append(strings[i])
            else:
                labels[i] = labels[reps[first[2]]]
    return labels


def metaknowledge_baseline(refs: pd.DataFrame) -> list[str]:
    """First author + year + journal, as metaknowledge identifies a cited work."""
    return [
        f"{name_key(a)}|{y}|{fold(v)}" if (a or v) else f"row{i}"
        for i, (a, y, v) in enumerate(
            zip(refs["first_author"], refs["year"], refs["venue"], strict=True)
        )
    ]


def doi_items(works: Iterable[dict[str, Any]]) -> int:
    """Number of reference items that carry a DOI."""
    return sum(
        1
        for work in works
        for item in work.get("reference") or []
        if isinstance(item, dict) and item.get("DOI")
    )


def same_work_dois(works: Iterable[dict[str, Any]]) -> dict[str, str]:
    """DOI → representative DOI, joining DOIs whose Crossref structured fields name one work
    (identical normalised title, first-author surname and year)."""
    by_key: dict[tuple[str, str, str], set[str]] = {}
    for work in works:
        for item in work.get("reference") or []:
            if not isinstance(item, dict) or not item.get("DOI"):
                continue
            doi = normalize_doi(str(item["DOI"]))
            title = title_key(str(item.get("article-title") or item.get("volume-title") or ""))
            author = name_key(crossref_surname(item.get("author")))
            year = str(item.get("year") or "")[:4]
            if doi and title and author and year:
                by_key.setdefault((title, author, year), set()).add(doi)
    clusters = Clusters(0)
    index: dict[str, int] = {}
    for dois in by_key.values():
        ids = []
        for doi in sorted(dois):
            if doi not in index:
                index[doi] = len(clusters.parent)
                clusters.parent.append(index[doi])
            ids.append(index[doi])
        for other in ids[1:]:
            clusters.union(ids[0], other)
    names = sorted(index)
    root_name: dict[int, str] = {}
    for doi in names:
        root_name.setdefault(clusters.find(index[doi]), doi)
    return {doi: root_name[clusters.find(index[doi])] for doi in names}


def split_doi_groups(refs: pd.DataFrame, labels: list[str], similar: float = 80.0) -> list[str]:
    """Labels with a DOI's references told apart when their structured titles name different
    works (every member has a structured title, first author and year; the titles'
    similarity is below ``similar`` and neither contains the other): a chapter cited under
    its book's DOI, a DOI pasted onto the wrong reference."""
    out = list(labels)
    titles = [title_key(t) for t in refs["title"].tolist()]
    authors, years = refs["first_author"].tolist(), refs["year"].tolist()
    groups: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    for label, rows in groups.items():
        if len(rows) < 2 or not all(
            titles[i] and authors[i] and not pd.isna(years[i]) for i in rows
        ):
            continue
        heads: list[int] = []
        for i in rows:
            same = [h for h in heads if _same_title(titles[i], titles[h], similar)]
            if same:
                out[i] = out[same[0]]
            else:
                out[i] = f"{label}#{len(heads)}" if heads else label
                heads.append(i)
    return out


def _same_title(a: str, b: str, similar: float) -> bool:
    joined_a, joined_b = a.replace(" ", ""), b.replace(" ", "")
    return fuzz.token_sort_ratio(a, b) >= similar or fuzz.partial_ratio(joined_a, joined_b) >= 90


def half_of(citing_id: str) -> str:
    """ "A" or "B": a fixed split of the citing works by a hash of their id."""
    return "AB"[hashlib.sha1(citing_id.encode("utf-8")).digest()[0] % 2]


def method_labels(parsed: pd.DataFrame, settings: dict[str, Any] | None = None) -> dict[str, list]:
    """Each method's work label of every parsed reference (refnet and the two baselines)."""
    matched, _, _ = match_references(parsed, empty({"paper_id": "str"}), settings or {})
    by_origin = dict(zip(matched["origin"], matched["work_id"], strict=True))
    return {
        "refnet": [by_origin[o] for o in parsed["origin"]],
        "bibliometrix-jw0.90": bibliometrix_baseline(parsed),
        "metaknowledge-key": metaknowledge_baseline(parsed),
    }


def score_table(
    citing: Sequence[str], methods: dict[str, list], truths: dict[str, list]
) -> pd.DataFrame:
    """One row per method, truth and subset with pairwise scores. Subsets: all pairs,
    pairs across citing papers only (``across``: the pairs coupling and co-citation count;
    two entries of one list with one DOI are most often a deposit error), and all pairs
    within each half of the citing works."""
    halves = [half_of(c) for c in citing]
    subsets = {"all": None, "across": None, "half-A": "A", "half-B": "B"}
    rows = []
    for method, predicted in methods.items():
        for truth_name, labels in truths.items():
            for subset, half in subsets.items():
                keep = [i for i, h in enumerate(halves) if half is None or h == half]
                groups = list(citing) if subset == "across" else None
                scores = pairwise_scores(
                    [labels[i] for i in keep], [predicted[i] for i in keep], groups
                )
                rows.append(
                    {
                        "method": method,
                        "truth": truth_name,
                        "subset": subset,
                        "references": len(keep),
                        **scores,
                    }
                )
    return pd.DataFrame(rows)


def evaluate(
    works: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
    strings_first: bool = False,
) -> pd.DataFrame:
    """One row per method, subset (all, half A, half B) and truth with pairwise scores.

    Truth ``doi`` is the references' own DOIs (the primary figure); ``same-work`` corrects
    it with Crossref's own structured fields: it joins DOIs whose fields name one work
    (:func:`same_work_dois`) and parts a DOI's references whose titles name different works
    (:func:`split_doi_groups`). ``attrs["errors"]`` lists refnet's wrong and missed pairs
    against the DOI truth (:func:`error_pairs`).
    """
    refs, truth = hidden_doi_references(works, strings_first)
    parsed = parse_references(refs)
    methods = method_labels(parsed, settings)
    joined = same_work_dois(works)
    structured, _ = hidden_doi_references(works)
    same = split_doi_groups(structured, [joined.get(d, d) for d in truth])
    # A matcher right about every work scores as the same-work truth does: its precision
    # against the DOI truth is the most any matcher that reads the references can reach.
    oracle = score_table(parsed["citing_id"].tolist(), {"same-work truth": same}, {"doi": truth})
    table = score_table(parsed["citing_id"].tolist(), methods, {"doi": truth, "same-work": same})
    table = pd.concat([table, oracle], ignore_index=True)
    table.attrs["excluded_doi_only"] = doi_items(works) - len(refs)
    table.attrs["errors"] = error_pairs(parsed, truth, methods["refnet"])
    return table


def hidden_doi_export(paths: Sequence[str | Path]) -> tuple[pd.DataFrame, list[str]]:
    """Cited references of Web of Science or Scopus exports that carry a DOI, with the DOI
    taken out of both the ``doi`` field and the reference string; returns (refs, DOIs)."""
    _, refs, _ = read_exports([str(p) for p in paths])
    refs = as_read(refs)  # their strings change below: parsed again after that
    raws = refs["raw"].fillna("").astype(str)
    fields = refs["doi"].fillna("").astype(str)
    keys = [
        normalize_doi(_doi_in(r) if _DOI_TEXT.search(r) else d) or ""
        for d, r in zip(fields, raws, strict=True)
    ]
    keep = [bool(k) for k in keys]
    refs = refs.loc[keep].reset_index(drop=True)
    refs["doi"] = ""
    refs["raw"] = [_without_dois(str(r)) for r in refs["raw"]]
    return refs, [k for k in keys if k]


_DOI_LABEL = re.compile(r"[\s,.;]*(?:\bDOI:?\s*)?$", re.I)


def _doi_in(raw: str) -> str:
    """The DOI written as one in a reference string ("" without one). A DOI inside a
    publisher's URL (``…/apl/88/22/10.1063/1.22091791``) is left out: such paths are often
    garbled, and the truth must not be."""
    raw = html.unescape(raw)
    for match in _DOI_TEXT.finditer(raw):
        before = raw[: match.start()]
        if not before.endswith("/") or before.endswith("doi.org/"):
            return match.group(0)
    return ""


def _without_dois(raw: str) -> str:
    """A reference string without any DOI (some give one twice, or several run together)."""
    for _ in range(20):
        if not _DOI_TEXT.search(raw):
            break
        raw = _without_doi(raw)
    return raw


def _without_doi(raw: str) -> str:
    """A reference string without its DOI (``, DOI 10.x/y`` or ``DOI [10.x, 10.y]`` ending
    a WoS CR; ``. , 10.x/y`` inside a Scopus reference)."""
    wos = raw.split(", DOI ", 1)
    if len(wos) == 2:
        return wos[0]
    match = _DOI_TEXT.search(raw)
    if not match:
        return raw
    head = _DOI_LABEL.sub("", raw[: match.start()])
    tail = raw[match.end() :].strip(" ,.;")
    return f"{head}, {tail}" if tail else head


def evaluate_export(
    paths: Sequence[str | Path], settings: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Pairwise scores on exports' cited references with their DOIs hidden."""
    refs, truth = hidden_doi_export(paths)
    parsed = parse_references(refs)
    methods = method_labels(parsed, settings)
    table = score_table(parsed["citing_id"].tolist(), methods, {"doi": truth})
    table.attrs["excluded_doi_only"] = 0
    table.attrs["errors"] = error_pairs(parsed, truth, methods["refnet"])
    return table


def error_pairs(refs: pd.DataFrame, truth: Sequence[object], predicted: Sequence[object]):
    """Pairs merged against the truth (``wrong``) and pairs the truth joins but the method
    keeps apart (``missed``), with both references' fields, for study."""
    fields = ["origin", "raw", "first_author", "year", "title", "venue", "volume", "pages"]
    values = refs[fields].astype(str).to_numpy()
    rows = []
    for kind, groups, same in (("wrong", predicted, truth), ("missed", truth, predicted)):
        members: dict[object, list[int]] = {}
        for i, label in enumerate(groups):
            members.setdefault(label, []).append(i)
        for rows_of in members.values():
            for k, a in enumerate(rows_of):
                for b in rows_of[k + 1 :]:
                    if same[a] != same[b]:
                        rows.append(
                            {
                                "error": kind,
                                "truth_a": truth[a],
                                "truth_b": truth[b],
                                **{f"a_{f}": v for f, v in zip(fields, values[a], strict=True)},
                                **{f"b_{f}": v for f, v in zip(fields, values[b], strict=True)},
                            }
                        )
    return pd.DataFrame(rows)
