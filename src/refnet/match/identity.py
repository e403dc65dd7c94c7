"""Which references cite the same work: blocking, scored evidence, auditable decisions.

Evidence, strongest first: DOI (case-folded), ISBN, identical normalised record (``key``;
for a record without title such as a WoS cited reference see :mod:`refnet.match.signatures`:
author, year, source, volume and page, the page of a book left out as a pinpoint), one book
without title under cut or abbreviated titles, name variants and other editions (``book``,
:mod:`refnet.match.books`; chapters of an edited volume get ``part_of``,
:mod:`refnet.match.volumes`), title +
first author + year (``title``, fuzzy within the author-year block), journal locator
(``locator``: author, year, volume, first page; a journal reference without title or
page joins the one work with its author, year, journal and volume), a title without
author within a year block, ``ibid``, short forms (``short-form``: surname + short title,
nearest earlier full note of the same paper first, else the only matching work of the
review; a title with a subtitle also matches one with the same main title and another
subtitle), and short author-year citations (``author-year``, when that pair names one
work of the review). Two different DOIs, two review papers, a differing volume, or
differing year letters (2003a/2003b) in one paper never merge; the letters give way only
when title, volume and first page are identical (one entry listed twice). Titles that
differ in a number (report years, parts), page 1 (an e-journal's article number), a title
of fewer than three significant words without an author ("Anonymous" is none) or against
a differing venue or first page, and a journal volume that one paper cites twice without
a page are not evidence. Every accepted or rejected candidate goes to the decisions table.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from refnet.collector import collector_paused
from refnet.match.blocking import (
    duplicate_letters_joined,
    near_rows,
    record_keys,
    short_keys,
)
from refnet.match.books import book_variants
from refnet.match.bulk import (
    bulk_doi_rows,
    doi_keys,
)
from refnet.match.evidence import Matcher
from refnet.match.frames import build, conform_fast, objects, stable_order
from refnet.match.prepare import prepare
from refnet.match.signatures import Signed, source_signatures
from refnet.match.volumes import part_of
from refnet.match.work_ids import row_work_ids, work_ids
from refnet.match.works import WORK_INPUT, works_table
from refnet.model import (
    MATCH_COLUMNS,
    REFERENCE_COLUMNS,
    frame,
)

log = logging.getLogger("refnet.match")

DECISION_COLUMNS: dict[str, str] = {
    "rule": "str",
    "score": "float64",
    "accepted": "bool",
    "reason": "str",
    "work_id": "str",
    "a_origin": "str",
    "a_raw": "str",
    "b_origin": "str",
    "b_raw": "str",
}


def match_references(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: dict[str, Any],
    overrides: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give every reference a ``work_id``; return (refs + MATCH_COLUMNS, works, decisions).

    References that their DOI alone identifies (:mod:`refnet.match.bulk`) are matched in
    bulk and their DOI merges are not listed one by one in the decisions table.
    """
    with collector_paused():
        out, work_input, decisions = match_work_rows(refs, papers, settings, overrides)
        return out, works_table(work_input), decisions


def match_work_rows(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: dict[str, Any],
    overrides: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """:func:`match_references` with the rows its works are made of (:data:`WORK_INPUT`,
    the review papers' rows included) in place of the works: (refs + MATCH_COLUMNS, work
    rows, decisions). What a later step learns of a work (a DOI) is folded into these rows."""
    with collector_paused():
        refs = refs.reset_index(drop=True)
        if overrides is not None and not overrides.empty:
            out, work_input, decisions = _match_all(refs, papers, settings, overrides)
            return _sorted(out), work_input, decisions
        keys = {"doi_key": doi_keys(refs["doi"])}
        bulk = bulk_doi_rows(refs, papers, keys)
        open_keys = {c: v[~bulk] for c, v in keys.items()}
        out, work_input, decisions = _match_all(refs[~bulk], papers, settings, None, open_keys)
        if bulk.any():
            out, work_input = _with_bulk(refs[bulk], keys["doi_key"][bulk], out, work_input)
        return _sorted(out), work_input, decisions


def _with_bulk(
    refs: pd.DataFrame, keys: np.ndarray, out: pd.DataFrame, work_input: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the references identified by DOI alone to the matched and works tables.

    ``out`` holds the other references in the order of the first rows of ``work_input``.
    """
    matched = _with_extras(conform_fast(refs, REFERENCE_COLUMNS), refs)
    matched["work_id"] = objects("doi:" + keys)  # str + each str of the object array
    others = work_input["doi_key"].to_numpy(dtype=object)
    codes = pd.factorize(np.concatenate([keys, others[others != ""]]))[0]
    together = np.bincount(codes)[codes[: len(keys)]] > 1
    matched["match_rule"] = objects(
        np.array(["single", "doi"], dtype=object)[together.astype(np.intp)]
    )
    matched["match_score"] = np.where(together, 1.0, np.nan)
    # the other references with a DOI count themselves among its references: rule "doi"
    rows = np.flatnonzero(others[: len(out)] != "")
    out.loc[rows, "match_rule"] = "doi"
    out.loc[rows, "match_score"] = 1.0
    blank = objects([""] * len(keys))
    bulk_input = matched.assign(doi_key=objects(keys), paper_id=blank, part_of=blank)
    bulk_input = bulk_input.assign(is_ref=True)[list(WORK_INPUT)]
    work_input = pd.concat([work_input[list(WORK_INPUT)], bulk_input], ignore_index=True)
    return pd.concat([out, matched], ignore_index=True), work_input


def _with_extras(out: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """``out`` plus the columns of ``refs`` that are neither reference nor match columns."""
    for extra in refs.columns:
        if extra not in out.columns and extra not in MATCH_COLUMNS:
            values = refs[extra].to_numpy()
            out[extra] = objects(values) if values.dtype == object else values
    return out


def _sorted(out: pd.DataFrame) -> pd.DataFrame:
    """Rows in (citing_id, source, position, origin) order."""
    columns = ("citing_id", "source", "position", "origin")
    order = stable_order([out[c].to_numpy() for c in columns])
    return out.take(order).reset_index(drop=True)


def _match_all(
    refs: pd.DataFrame,
    papers: pd.DataFrame,
    settings: dict[str, Any],
    overrides: pd.DataFrame | None,
    keys: dict[str, np.ndarray] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every evidence rule over ``refs``; returns (matched refs, works input, decisions).
    ``keys``: the references' :func:`reference_keys`, when already computed."""
    refs = refs.reset_index(drop=True)
    table = prepare(refs, papers, keys)
    rows = stable_order(
        [table[c].to_numpy() for c in ("citing_id", "source", "position", "origin", "raw")]
    )
    m = Matcher(table, settings)
    dois = table["doi_key"]
    with_doi = dois[dois != ""]
    if overrides is None or overrides.empty:  # the bulk DOI merge keeps only the first's tag
        with_doi = with_doi[~with_doi.duplicated()]
    m.clusters.tags = {int(r): {"doi": d} for r, d in zip(with_doi.index, with_doi, strict=True)}
    paper_ids = table["paper_id"].to_numpy(dtype=object)
    for row in np.flatnonzero(paper_ids != "").tolist():
        m.clusters.tag(row, "paper", paper_ids[row])
    named = _apply_overrides(m, table, overrides)
    m.checked = named > 0
    table["year_suffix"] = duplicate_letters_joined(table)
    m.fields["year_suffix"] = table["year_suffix"].tolist()
    lettered = table[table["year_suffix"] != ""]
    for row, citing, fa, yr, letter in zip(
        lettered["row"],
        lettered["citing_id"],
        lettered["fa"],
        lettered["yr"],
        lettered["year_suffix"],
        strict=True,
    ):  # 2003a and 2003b of one paper are two works, whatever joins them later
        m.clusters.tag(int(row), f"year letter in {citing}: {fa} {yr}", letter)
    kinds = table["kind"]
    special = kinds.isin(["ibid", "short", "citation"]).to_numpy()
    full = rows[~special[rows]]
    m.by_doi()
    m.by_exact(table["isbn_key"].to_numpy()[full], "isbn", full)
    near = near_rows(table, full)
    m.by_exact(record_keys(m.fields, near, m.venue_key), "key", near)
    source_keys, apart, signed = source_signatures(table, near)
    for a, b, reason in apart:
        m.reject(a, b, "key", 0.0, reason)
    m.by_exact(source_keys, "key", near)
    book_variants(m, signed)
    m.fuzzy_blocks(near)
    m.authorless_locators(full)
    m.pageless_locators(full)
    m.ibid(rows.tolist())
    kind_of = kinds.to_numpy(dtype=object)[rows]
    shorts = rows[kind_of == "short"].tolist()
    m.short_forms(shorts, full.tolist())
    m.by_exact(short_keys(m.fields, shorts), "short-form", np.array(shorts, dtype=np.int64))
    cites = rows[kind_of == "citation"].tolist()
    m.author_year(cites, full.tolist())
    return _outputs(m, table, refs, named, signed)


def _apply_overrides(m: Matcher, table: pd.DataFrame, overrides: pd.DataFrame | None) -> int:
    if overrides is None or overrides.empty:
        return 0
    lookup: dict[str, list[int]] = defaultdict(list)
    for row, origin, raw in zip(table["row"], table["origin"], table["raw"], strict=True):
        lookup[origin].append(int(row))
        lookup[" ".join(str(raw).split())].append(int(row))
    unresolved = [v for v in pd.concat([overrides["a"], overrides["b"]]) if v not in lookup]
    if unresolved:  # work ids: the rows whose own fields give the id (no second match)
        letters = duplicate_letters_joined(table).tolist()
        for row, wid in enumerate(row_work_ids(table, {**m.fields, "year_suffix": letters})):
            lookup[wid].append(row)
    unknown = sorted({v for v in unresolved if v not in lookup})
    if unknown:
        log.warning(
            "overrides name %d value(s) that are no origin, raw string or work id of this "
            "review (not applied): %s",
            len(unknown),
            "; ".join(unknown[:5]),
        )
    for i, o in enumerate(overrides.itertuples(index=False)):
        a_rows, b_rows = lookup.get(o.a, []), lookup.get(o.b, [])
        if o.action == "different":
            for r in a_rows:
                m.clusters.tag(r, f"override{i}", "a")
            for r in b_rows:
                m.clusters.tag(r, f"override{i}", "b")
    for o in overrides.itertuples(index=False):
        if o.action == "same":
            for a in lookup.get(o.a, [])[:1]:
                for b in lookup.get(o.a, [])[1:] + lookup.get(o.b, []):
                    m.merge(a, b, "override", 1.0)
    return len(overrides)


def _outputs(m: Matcher, table: pd.DataFrame, refs: pd.DataFrame, named: int, signed: Signed):
    n_refs = len(refs)
    roots = np.asarray(m.clusters.parent)
    while True:  # pointer jumping: every row to its root
        up = roots[roots]
        if np.array_equal(up, roots):
            break
        roots = up
    ids = work_ids(m, table, roots)
    id_of = np.empty(len(roots), dtype=object)
    id_of[np.fromiter(ids, dtype=np.int64, count=len(ids))] = list(ids.values())
    work_of = id_of[roots]
    sizes = np.bincount(roots, minlength=len(roots))[roots]
    rule_of = np.array(m.rule[:n_refs], dtype=object)
    ruleless = rule_of == ""  # merged by a rule that names none (a shared key), or alone
    rule_of[ruleless] = np.where(sizes[:n_refs][ruleless] == 1, "single", "key")
    score = np.array(m.score[:n_refs], dtype="float64")
    score[rule_of == "single"] = np.nan
    score[rule_of == "key"] = 1.0
    out = _with_extras(table.iloc[:n_refs][list(REFERENCE_COLUMNS)].reset_index(drop=True), refs)
    out["work_id"] = objects(work_of[:n_refs])
    out["match_rule"] = objects(rule_of)
    out["match_score"] = score
    volume_of = part_of(signed, m.fields, work_of)
    work_input = table[[c for c in WORK_INPUT if c not in ("work_id", "is_ref", "part_of")]]
    work_input = work_input.assign(
        work_id=objects(work_of),
        is_ref=np.arange(len(table)) < n_refs,
        part_of=objects([volume_of.get(w, "") for w in work_of.tolist()]),
    )
    decisions = _decisions(m, table, work_of)
    return out, work_input[list(WORK_INPUT)], decisions


def _decisions(m: Matcher, table: pd.DataFrame, work_of: np.ndarray) -> pd.DataFrame:
    """The bulk DOI merges and the listed decisions, accepted first, then by rule, work,
    origins and reason."""
    n_bulk, listed = len(m.bulk[0]), list(zip(*m.decisions, strict=True))
    if not n_bulk and not listed:
        return frame([], DECISION_COLUMNS)
    a_, b_, rule_, score_, accepted_, reason_ = listed or [()] * 6
    a = np.concatenate([m.bulk[0], np.array(a_, dtype=np.int64)]).astype(np.int64)
    b = np.concatenate([m.bulk[1], np.array(b_, dtype=np.int64)]).astype(np.int64)
    accepted = np.r_[np.ones(n_bulk, dtype=bool), np.array(accepted_, dtype=bool)]
    origin, raw = table["origin"].to_numpy(dtype=object), table["raw"].to_numpy(dtype=object)
    columns = {
        "rule": np.array(["doi"] * n_bulk + list(rule_), dtype=object),
        "score": np.r_[np.ones(n_bulk), np.array(score_, dtype=np.float64)],
        "accepted": accepted,
        "reason": np.array([""] * n_bulk + list(reason_), dtype=object),
        "work_id": np.where(accepted, work_of[a], ""),
        "a_origin": origin[a],
        "a_raw": raw[a],
        "b_origin": origin[b],
        "b_raw": raw[b],
    }
    keys = ["accepted", "rule", "work_id", "a_origin", "b_origin", "reason"]
    order = stable_order([columns[c] for c in keys], descending=[True])
    return build({c: v[order] for c, v in columns.items()}, DECISION_COLUMNS)
