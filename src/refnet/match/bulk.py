"""References that their DOI alone identifies: matched in bulk, never compared pairwise.

A reference with a DOI goes to pairwise matching only when it shares a block (first author
and year; first author, volume and first page; year and title start; a first author cited
in short form) with a reference or review paper without a DOI, or when its paper uses
``ibid``. All others take the work id ``doi:<doi>`` directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from refnet.ids import normalize_doi
from refnet.match.frames import conform_fast
from refnet.match.normalize import first_page, name_key, title_key, volume_key
from refnet.model import PAPER_COLUMNS


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
            near |= pd.Series(a, dtype=object).isin({k for k in pool if _complete(k)}).to_numpy()
        bulk[np.flatnonzero(has_doi)[near]] = False
    ibid_papers = refs.loc[refs["kind"] == "ibid", "citing_id"].unique()
    if len(ibid_papers):
        bulk &= ~refs["citing_id"].isin(ibid_papers).to_numpy()
    return bulk
