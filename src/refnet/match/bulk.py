"""References that their DOI alone identifies: matched in bulk, never compared pairwise.

A reference with a DOI goes to pairwise matching only when it shares a block (first author
and year; first author, volume and first page; year and title start; a first author cited
in short form) with a reference or review paper without a DOI, or when its paper uses
``ibid``. All others take the work id ``doi:<doi>`` directly.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from refnet.ids import normalize_doi
from refnet.match.frames import conform_fast, text_array
from refnet.match.normalize import first_page, name_key, title_key, volume_key
from refnet.model import PAPER_COLUMNS


def cached(function, values: pd.Series) -> np.ndarray:
    """``function`` over text ``values``, computed once per distinct value."""
    codes, uniques = pd.factorize(text_array(values), sort=False)
    mapped = np.array([function(v) for v in uniques], dtype=object)
    return mapped[codes] if len(values) else np.array([], dtype=object)


#: A DOI that :func:`normalize_doi` only lower-cases: no prefix, space, escape or
#: trailing punctuation.
_PLAIN_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/[\w()\[\]<>{}./:;+-]*\w")


def _doi_key(text: str) -> str:
    if _PLAIN_DOI.fullmatch(text):
        return text.lower()
    return normalize_doi(text) or "" if text else ""


def doi_keys(values: pd.Series) -> np.ndarray:
    """Normalised DOIs ("" when none or invalid)."""
    return cached(_doi_key, values)


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


def text_codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of text ``values``, -1 for ""."""
    codes, uniques = pd.factorize(values)
    empty = np.flatnonzero(uniques == "")
    return np.where(codes == empty[0], -1, codes) if len(empty) else codes


def pair_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Codes of the pairs of codes ``a`` and ``b``; -1 when either is -1."""
    missing = (a < 0) | (b < 0)
    codes = pd.factorize(a.astype(np.int64) * (int(b.max(initial=0)) + 1) + b)[0]
    return np.where(missing, -1, codes)


def _block_keys(table: pd.DataFrame) -> list[np.ndarray]:
    """Per row, codes of its blocks (-1 when a part is missing): first author + year;
    first author + volume + first page; year + first title word; first author."""
    fa = text_codes(name_keys(table["first_author"]))
    yr = pd.factorize(table["year"].astype("Int64"))[0]
    vol = text_codes(cached(volume_key, table["volume"]))
    fp = text_codes(cached(first_page, table["pages"]))
    word = text_codes(cached(lambda t: (title_key(t).split() or [""])[0], table["title"]))
    return [pair_codes(fa, yr), pair_codes(pair_codes(fa, vol), fp), pair_codes(yr, word), fa]


def bulk_doi_rows(refs: pd.DataFrame, papers: pd.DataFrame, keys: np.ndarray) -> np.ndarray:
    """Mask of the references that their DOI alone identifies (``keys``: their DOI keys)."""
    has_doi = keys != ""
    if not has_doi.any():
        return has_doi
    papers = conform_fast(papers, PAPER_COLUMNS)
    open_papers = papers[doi_keys(papers["doi"]) == ""].rename(columns={"authors": "first_author"})
    if len(open_papers):
        open_papers = open_papers.assign(
            first_author=[a.split(";")[0].split(",")[0] for a in open_papers["first_author"]]
        )
    columns = ["first_author", "year", "volume", "pages", "title", "kind"]
    bulk = has_doi.copy()
    if not has_doi.all() or len(open_papers):
        rows = pd.concat([refs[columns], open_papers[columns]], ignore_index=True)
        is_open = np.r_[~has_doi, np.ones(len(open_papers), dtype=bool)]
        shorts = is_open & rows["kind"].isin(["short", "citation"]).to_numpy()
        near = np.zeros(len(refs), dtype=bool)
        for i, block in enumerate(_block_keys(rows)):
            pool = block[is_open if i < 3 else shorts]
            near |= np.isin(block[: len(refs)], pool[pool >= 0])
        bulk &= ~near
    ibid_papers = refs.loc[refs["kind"] == "ibid", "citing_id"].unique()
    if len(ibid_papers):
        bulk &= ~refs["citing_id"].isin(ibid_papers).to_numpy()
    return bulk
