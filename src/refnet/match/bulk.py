"""References that their DOI alone identifies: matched in bulk, never compared pairwise.

A reference with a DOI goes to pairwise matching only when it shares a block (first author
and year; first author, volume and first page; year and title start; a first author cited
in short form) with a reference or review paper without a DOI, or when its paper uses
``ibid``. All others take the work id ``doi:<doi>`` directly.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from refnet.ids import normalize_doi
from refnet.match.frames import conform_fast
from refnet.match.names import surnames
from refnet.match.normalize import first_page, name_key, slug, title_key, volume_key
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS


def cached(function, values: pd.Series) -> np.ndarray:
    """``function`` over text ``values``, computed once per distinct value."""
    codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
    mapped = np.array([function(v) for v in uniques], dtype=object)
    return mapped[codes] if len(values) else np.array([], dtype=object)


def doi_keys(values: pd.Series) -> np.ndarray:
    """Normalised DOIs ("" when none or invalid)."""
    return cached(lambda d: normalize_doi(d) or "" if d else "", values)


def name_keys(values: pd.Series) -> np.ndarray:
    """:func:`name_key` of every value; plain ASCII names without a per-value call."""
    text = values.fillna("").astype(str)
    ascii_ = text.str.fullmatch(r"[\x00-\x7f]*").fillna(False).to_numpy(dtype=bool)
    out = np.empty(len(text), dtype=object)
    out[ascii_] = (
        text[ascii_].str.lower().str.replace(r"[^0-9a-z]+", "", regex=True).to_numpy(dtype=object)
    )
    if (~ascii_).any():
        out[~ascii_] = cached(name_key, text[~ascii_])
    return out


def _block_keys(table: pd.DataFrame) -> list[np.ndarray]:
    table = table.reset_index(drop=True)
    fa = pd.Series(name_keys(table["first_author"]), dtype=object)
    yr = table["year"].astype("Int64").astype(str).fillna("")
    vol = pd.Series(cached(volume_key, table["volume"]), dtype=object)
    fp = pd.Series(cached(first_page, table["pages"]), dtype=object)
    word = pd.Series(cached(lambda t: (title_key(t).split() or [""])[0], table["title"]))
    return [
        (fa + "|" + yr).to_numpy(dtype=object),
        (fa + "|" + vol + "|" + fp).to_numpy(dtype=object),
        (yr.astype(object) + "|" + word).to_numpy(dtype=object),
        fa.to_numpy(dtype=object),
    ]


def _complete(key: str) -> bool:
    parts = key.split("|")
    return all(parts) and "<NA>" not in parts


def bulk_doi_rows(refs: pd.DataFrame, papers: pd.DataFrame, keys: np.ndarray) -> np.ndarray:
    """Mask of the references that their DOI alone identifies (``keys``: their DOI keys)."""
    has_doi = keys != ""
    if not has_doi.any():
        return has_doi
    papers = conform_fast(papers, PAPER_COLUMNS)
    open_refs = refs[~has_doi]
    open_papers = papers[doi_keys(papers["doi"]) == ""].rename(columns={"authors": "first_author"})
    if len(open_papers):
        open_papers = open_papers.assign(
            first_author=[a.split(";")[0].split(",")[0] for a in open_papers["first_author"]]
        )
    columns = ["first_author", "year", "volume", "pages", "title", "kind"]
    open_rows = pd.concat([open_refs[columns], open_papers[columns]], ignore_index=True)
    bulk = has_doi.copy()
    if len(open_rows):
        candidates = refs[has_doi]
        mine = _block_keys(candidates)
        theirs = _block_keys(open_rows)
        shorts = open_rows["kind"].isin(["short", "citation"]).to_numpy()
        near = np.zeros(len(candidates), dtype=bool)
        for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            pool = b if i < 3 else b[shorts]
            near |= pd.Series(a).isin({k for k in pool if _complete(k)}).to_numpy()
        bulk[np.flatnonzero(has_doi)[near]] = False
    ibid_papers = refs.loc[refs["kind"] == "ibid", "citing_id"].unique()
    if len(ibid_papers):
        bulk &= ~refs["citing_id"].isin(ibid_papers).to_numpy()
    return bulk


# ------------------------------------------------------------- plain reference tables


def plain_work_ids(
    refs: pd.DataFrame, papers: pd.DataFrame, accept_score: float = 0.9
) -> np.ndarray | None:
    """Work ids of a table that only DOI and locator evidence can join; None otherwise.

    "Plain" references carry no title, ISBN, year letter or short/ibid/citation form
    (Web of Science ``CR`` fields are so). Among them :func:`~refnet.match.identity.
    match_references` can only merge by DOI and by locator (same first-author key,
    volume and first page, years at most one apart, one side without a DOI), so its
    works are the connected components of those links unless a component holds two DOIs
    or two review papers (then the order of its merges matters). This gives the same
    ids vectorised, and None when the full matcher is needed.
    """
    refs = refs.reset_index(drop=True)
    if not _plain(refs):
        return None
    table = _plain_table(refs, conform_fast(papers, PAPER_COLUMNS))
    edges = [_doi_links(table["doi_key"])]
    if accept_score <= LOCATOR_SCORE:
        edges.append(_locator_links(table))
    a, b = (np.concatenate(x) for x in zip(*edges, strict=True))
    n = len(table)
    graph = sp.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    dois = table["doi_key"].to_numpy(dtype=object)
    is_paper = (table["paper_id"] != "").to_numpy()
    has_doi = dois != ""
    doi_count = pd.Series(dois[has_doi]).groupby(component[has_doi]).nunique()
    paper_count = np.bincount(component[is_paper], minlength=n)
    if (doi_count > 1).any() or (paper_count > 1).any():
        return None
    component_doi = np.full(n, "", dtype=object)
    component_doi[doi_count.index.to_numpy()] = [
        d for d in pd.Series(dois[has_doi]).groupby(component[has_doi]).first()
    ]
    is_ref = np.arange(n) < len(refs)
    open_component = component_doi[component] == ""
    ids = np.where(open_component, "", "doi:" + component_doi[component]).astype(object)
    keyed = open_component & np.isin(component, component[is_ref & open_component])
    table["tkey"] = ""  # review papers' titles can name a work (only those cited matter)
    papers_keyed = np.flatnonzero(keyed & is_paper)
    table.loc[papers_keyed, "tkey"] = _paper_title_keys(table.iloc[papers_keyed])
    ids[keyed] = _key_ids(table[keyed], component[keyed])
    return ids[is_ref]


#: Score of identity.py's locator rule (author, volume and first page agree).
LOCATOR_SCORE = 0.95


def _plain(refs: pd.DataFrame) -> bool:
    """True when no reference has a title, ISBN, year letter or a short/ibid form."""
    for column in ("title", "isbn", "year_suffix"):
        if column in refs and (refs[column].fillna("").astype(str) != "").any():
            return False
    kinds = refs["kind"].fillna("") if "kind" in refs else pd.Series([], dtype=object)
    return not kinds.isin(["ibid", "short", "citation"]).any()


def _plain_table(refs: pd.DataFrame, papers: pd.DataFrame) -> pd.DataFrame:
    """References then review papers with the normalised keys that identity.py uses."""
    first = [(surnames(a) or [""])[0] for a in papers["authors"]]
    columns = ["doi", "first_author", "year", "volume", "pages", "raw", "origin"]
    rows = pd.concat(
        [
            conform_fast(refs, REFERENCE_COLUMNS)[columns].assign(paper_id=""),
            pd.DataFrame(
                {
                    "doi": papers["doi"],
                    "first_author": first,
                    "year": papers["year"],
                    "volume": papers["volume"],
                    "pages": papers["pages"],
                    "raw": "",
                    "origin": papers["origin"],
                    "title": papers["title"],
                    "venue": papers["venue"],
                    "paper_id": papers["paper_id"],
                }
            ),
        ],
        ignore_index=True,
    )
    return pd.DataFrame(
        {
            "doi_key": doi_keys(rows["doi"]),
            "fa": name_keys(rows["first_author"]),
            "yr": pd.to_numeric(rows["year"], errors="coerce").fillna(0).astype(np.int64),
            "vol": cached(volume_key, rows["volume"]),
            "fp": cached(first_page, rows["pages"]),
            "raw": rows["raw"].to_numpy(dtype=object),
            "origin": rows["origin"].to_numpy(dtype=object),
            "paper_id": rows["paper_id"].to_numpy(dtype=object),
            "title": rows["title"].fillna("").to_numpy(dtype=object),
            "venue": rows["venue"].fillna("").to_numpy(dtype=object),
        }
    )


def _paper_title_keys(papers: pd.DataFrame) -> list[str]:
    """Title keys of review papers, as the matcher reads them (blank for a misparse)."""
    from refnet.match.identity import _title_keys  # identity imports this module

    return list(_title_keys(papers[["title", "venue"]].reset_index(drop=True)))


def _doi_links(keys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row with a DOI linked to the first row with the same DOI."""
    rows = np.flatnonzero((keys != "").to_numpy())
    codes, _ = pd.factorize(keys.iloc[rows], sort=False)
    first = np.full(codes.max() + 1 if len(codes) else 0, -1, dtype=np.int64)
    first[codes[::-1]] = rows[::-1]
    return rows, first[codes]


def _locator_links(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rows with the same author key, volume and first page, years at most one apart.

    Sorted by year within a locator, linking neighbours one year apart or less connects
    the same rows as linking every such pair.
    """
    full = np.flatnonzero((table["fa"] != "") & (table["vol"] != "") & (table["fp"] != ""))
    if not len(full):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    t = table.iloc[full]
    locator, _ = pd.factorize(t["fa"] + "|" + t["vol"] + "|" + t["fp"], sort=False)
    years = t["yr"].to_numpy()
    order = np.lexsort((years, locator))
    loc, yr, rows = locator[order], years[order], full[order]
    near = (loc[1:] == loc[:-1]) & (np.abs(yr[1:] - yr[:-1]) <= 1)
    return rows[:-1][near], rows[1:][near]


def _key_ids(table: pd.DataFrame, component: np.ndarray) -> np.ndarray:
    """``surnameYEAR-hash`` ids of works without DOI, as identity.py derives them."""
    if not len(table):
        return np.empty(0, dtype=object)
    raw_rank = pd.factorize(table["raw"], sort=True)[0]
    fa_rank = pd.factorize(table["fa"], sort=True)[0]
    tkey_rank = pd.factorize(table["tkey"], sort=True)[0]
    tkey_length = table["tkey"].str.len().to_numpy()
    flags = [(table[c] == empty).to_numpy() for c, empty in (("tkey", ""), ("yr", 0), ("fa", ""))]
    best = np.lexsort((raw_rank, tkey_rank, fa_rank, -tkey_length, *flags, component))
    starts = np.r_[True, component[best][1:] != component[best][:-1]]
    chosen = best[starts]
    fields = zip(
        *(table[c].to_numpy()[chosen].tolist() for c in ("fa", "tkey", "raw", "yr")), strict=True
    )
    names = []
    for fa, tk, raw, yr in fields:
        year = str(yr) if yr else ""
        key = f"{fa}|{year}|{tk}" if (fa or tk) else f"raw|{' '.join(str(raw).split())}"
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
        head = "-".join(p for p in (f"{fa[:20]}{year}", slug(tk) if tk else "") if p) or "work"
        names.append(f"{head}-{digest}")
    ids = pd.Series(names, index=component[chosen], dtype=object)
    clash = ids.index[ids.duplicated(keep=False).to_numpy()]
    if len(clash):  # same key, kept apart by evidence: told apart by content
        rows = np.flatnonzero(np.isin(component, clash))
        rows = rows[np.argsort(component[rows], kind="stable")]
        content = table["raw"].to_numpy(dtype=object)[rows] + table["origin"].to_numpy()[rows]
        starts = np.flatnonzero(np.r_[True, np.diff(component[rows]) != 0])
        for c, texts in zip(component[rows[starts]], np.split(content, starts[1:]), strict=True):
            joined = "\n".join(sorted(texts.tolist()))
            ids[c] += "-" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:6]
    return ids.reindex(component).to_numpy(dtype=object)
