"""Bibliographic database exports of one review: format by content, merged, de-duplicated."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from refnet import model
from refnet.collector import collector_paused
from refnet.errors import InputError
from refnet.inputs.ris import looks_like_ris, read_ris
from refnet.inputs.scopus import looks_like_scopus_csv, read_scopus_csv
from refnet.inputs.wos import looks_like_wos_tab, looks_like_wos_text, read_wos

STAGE = "seeds"

Tables = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]


def sniff(head: str) -> str:
    """The export format of a file from its first characters: wos, scopus-csv, ris or ""."""
    if looks_like_wos_text(head) or looks_like_wos_tab(head):
        return "wos"
    if looks_like_ris(head):
        return "ris"
    if looks_like_scopus_csv(head):
        return "scopus-csv"
    return ""


READERS: dict[str, Callable[[str | Path], Tables]] = {
    "wos": read_wos,
    "ris": read_ris,
    "scopus-csv": read_scopus_csv,
}


def _head(path: Path) -> str:
    data = path.read_bytes()[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="ignore")
    return data.decode("utf-8-sig", errors="ignore")


def read_export(path: str | Path) -> Tables:
    """Papers, references and problems of one export file, whatever its format."""
    path = Path(path)
    if not path.is_file():
        raise InputError("export file not found", value=str(path))
    kind = sniff(_head(path))
    if not kind:
        raise InputError(
            "not a Web of Science, Scopus CSV or RIS export (first line not recognised)",
            value=_head(path).split("\n", 1)[0][:80],
            origin=f"{path}:1",
        )
    papers, references, problems = READERS[kind](path)
    return papers, _with_parsed_columns(references), problems


#: The columns of the references of every export: PARSED_COLUMNS are "" where the reader
#: leaves the parsing to the match stage (Scopus, RIS), filled where it parses (WoS).
REFERENCES = {**model.REFERENCE_COLUMNS, **model.PARSED_COLUMNS}


def _with_parsed_columns(references: pd.DataFrame) -> pd.DataFrame:
    """``references`` with the PARSED_COLUMNS its reader does not give, as ""."""
    blank = {
        name: pd.Series([""] * len(references), dtype=object, index=references.index)
        for name in model.PARSED_COLUMNS
        if name not in references.columns
    }
    return references.assign(**blank) if blank else references


@collector_paused()
def read_exports(paths: Sequence[str | Path]) -> Tables:
    """Papers, references and problems of several export files of one review.

    A paper found twice (same DOI, or same Web of Science UT / Scopus EID) is kept once:
    the first occurrence in the order of ``paths`` and of lines, with the export ids of
    all its copies; the copies' reference lists are dropped and each copy is listed in
    the problems table.
    """
    papers, references, problems = [], [], []
    unique, repeated = _unique_paths(paths)
    for path in unique:
        try:
            p, r, q = read_export(path)
        except InputError as exc:  # one bad file: listed, the others still read
            problems.extend(_problems([_file_problem(exc, str(path))]))
            continue
        papers.append(p)
        references.append(r)
        problems.append(q)
    papers_df = _concat(papers, model.PAPER_COLUMNS)
    references_df = _concat(references, REFERENCES)
    papers_all = papers_df
    papers_df, renamed, duplicates = deduplicate(papers_df)
    if duplicates:  # the copies' reference lists go
        owners = record_of_reference(references_df["origin"], papers_all["origin"])
        references_df = references_df.loc[~owners.isin(duplicates)].copy()
    if renamed:
        references_df["citing_id"] = references_df["citing_id"].replace(renamed)
    references_df = _sorted_references(references_df)
    extra = [
        {"stage": STAGE, "origin": origin, "value": kept, "reason": "duplicate record; kept once"}
        for origin, kept in sorted(duplicates.items())
    ]
    problems_df = _concat(
        [*_problems(repeated), *problems, *_problems(extra)], model.PROBLEM_COLUMNS
    )
    return papers_df, references_df.reset_index(drop=True), problems_df


def _file_problem(exc: InputError, path: str) -> dict[str, str]:
    """The problem row of an export file that could not be read at all."""
    origin = exc.origin or path
    reason = f"{exc.message}; file skipped"
    return {"stage": STAGE, "origin": origin, "value": str(exc.value or ""), "reason": reason}


def _problems(rows: list[dict]) -> list[pd.DataFrame]:
    """The problems table of ``rows`` in a list; none when there are no rows."""
    return [model.frame(rows, model.PROBLEM_COLUMNS)] if rows else []


def _unique_paths(paths: Sequence[str | Path]) -> tuple[list[str | Path], list[dict]]:
    """Paths in order with a file named twice kept once; a problem row for each repeat."""
    seen: set[Path] = set()
    unique, repeated = [], []
    for path in paths:
        key = Path(path).resolve()
        if key in seen:
            repeated.append(
                {
                    "stage": STAGE,
                    "origin": str(path),
                    "value": str(path),
                    "reason": "export file listed twice; read once",
                }
            )
        else:
            seen.add(key)
            unique.append(path)
    return unique, repeated


def _split_origin(origins: pd.Series) -> pd.DataFrame:
    """``path`` and ``line`` of ``path:line`` or ``path:line#n`` origins."""
    paths, lines = [], []
    for origin in origins.tolist():  # str methods per value: pandas' .str costs 10x more
        path, colon, line = origin.split("#", 1)[0].rpartition(":")
        paths.append(path if colon else line)
        lines.append(_line_number(line) if colon else 0)
    return pd.DataFrame(
        {"path": np.array(paths, dtype=object), "line": np.array(lines, dtype=np.int64)},
        index=origins.index,
    )


def _line_number(text: str) -> int:
    """The line number of an origin's tail (0 when it is no number)."""
    try:
        return int(float(text)) if text.strip() else 0
    except (ValueError, OverflowError):
        return 0


def record_of_reference(ref_origins: pd.Series, record_origins: pd.Series) -> pd.Series:
    """The origin of the record each reference came from (the last record line before it)."""
    if ref_origins.empty or record_origins.empty:
        return pd.Series([""] * len(ref_origins), index=ref_origins.index, dtype=object)
    refs = _split_origin(ref_origins.reset_index(drop=True))
    refs["i"] = range(len(refs))
    records = _split_origin(record_origins.drop_duplicates().reset_index(drop=True))
    records["record"] = records["path"] + ":" + records["line"].astype(str)
    merged = pd.merge_asof(
        refs.sort_values("line"),
        records.sort_values("line"),
        on="line",
        by="path",
        direction="backward",
    ).sort_values("i")
    return pd.Series(merged["record"].fillna("").to_numpy(), index=ref_origins.index)


def _concat(frames: list[pd.DataFrame], columns: dict[str, str]) -> pd.DataFrame:
    """The non-empty ``frames`` as one table of ``columns``.

    The readers' tables already have the columns and their dtypes (text: ``str``
    objects), so they are only put one after the other.
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return model.empty(columns)
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)


def _sorted_references(refs: pd.DataFrame) -> pd.DataFrame:
    """``refs`` in stable (citing_id, position) order; as they are when already so."""
    citing = refs["citing_id"].to_numpy(dtype=object)
    position = refs["position"].to_numpy()
    before, after = citing[:-1], citing[1:]
    same = before == after
    if ((before < after) | (same & (position[:-1] <= position[1:]))).all():
        return refs
    return refs.sort_values(["citing_id", "position"], kind="stable")


def deduplicate(papers: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """Papers kept once by DOI or export id; renamed paper ids; dropped origins -> kept id."""
    records = _records(papers)
    rows, firsts, renamed, dropped = [], [], {}, {}
    for members in _duplicate_groups(records):
        row = _merged(records, members)
        for other in members:
            old = records[other]["paper_id"]
            if old != row["paper_id"]:
                renamed[old] = row["paper_id"]
            if other != members[0]:
                dropped[records[other]["origin"]] = row["paper_id"]
        rows.append(row)
        firsts.append(members[0])
    unchanged = len(rows) == len(records) and all(
        row["export_id"] == record["export_id"] for row, record in zip(rows, records, strict=True)
    )
    out = papers if unchanged and not renamed else _kept(papers, records, firsts, rows)
    return out.sort_values("paper_id", kind="stable").reset_index(drop=True), renamed, dropped


def _kept(
    papers: pd.DataFrame, records: list[dict[str, Any]], firsts: list[int], rows: list[dict]
) -> pd.DataFrame:
    """The papers table of the kept ``rows`` (row k merged from the group of ``firsts[k]``):
    the first rows taken as they are, only the few that merging changed set anew."""
    out = papers.iloc[firsts].reset_index(drop=True)[list(model.PAPER_COLUMNS)].copy()
    for k, (first, row) in enumerate(zip(firsts, rows, strict=True)):
        if not _same(row, records[first]):
            changed = model.frame([row], model.PAPER_COLUMNS)
            for column in model.PAPER_COLUMNS:
                out.at[k, column] = changed.at[0, column]
    return out


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two rows hold the same values (pd.NA equal to itself only)."""
    return a.keys() == b.keys() and all(
        a[k] is b[k] or (type(a[k]) is type(b[k]) and a[k] == b[k]) for k in a
    )


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as dicts (``to_dict("records")`` but for pd.NA, at less cost)."""
    columns = list(df.columns)
    values = [df[c].tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _duplicate_groups(records: list[dict[str, Any]]) -> list[list[int]]:
    """Row numbers of the papers sharing a DOI or export id, by first row (union-find)."""
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        doi = record["doi"]
        keys = [f"doi:{doi}"] if doi else []
        keys += [k for k in record["export_id"].split("; ") if k]
        for key in keys:
            if key in seen:
                a, b = find(seen[key]), find(i)
                parent[max(a, b)] = min(a, b)
            else:
                seen[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(records)):
        groups.setdefault(find(i), []).append(i)
    return [groups[first] for first in sorted(groups)]


def _merged(records: list[dict[str, Any]], members: list[int]) -> dict[str, Any]:
    """The first record of a group, its gaps filled from the others, with all export ids."""
    row = dict(records[members[0]])
    for other in members:
        candidate = records[other]
        for column in ("doi", "title", "authors", "venue", "volume", "issue", "pages"):
            if not row[column] and candidate[column]:
                row[column] = candidate[column]
        if pd.isna(row["year"]) and not pd.isna(candidate["year"]):
            row["year"] = candidate["year"]
    ids = sorted({k for m in members for k in records[m]["export_id"].split("; ") if k})
    row["export_id"] = "; ".join(ids)
    if row["doi"] and not row["paper_id"].startswith("doi:"):
        row["paper_id"] = f"doi:{row['doi']}"
    return row
