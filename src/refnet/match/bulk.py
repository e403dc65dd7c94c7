"""References that their DOI alone identifies: matched in bulk, never compared pairwise.

A reference with a DOI goes to pairwise matching only when it shares a block (first author
and year; first author, volume and first page; year and title start; a first author cited
in short form) with a reference or review paper without a DOI, or when its paper uses
``ibid``. All others take the work id ``doi:<doi>`` directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from refnet.ids import normalize_doi
from refnet.match.frames import conform_fast, objects, text_array
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
    """:func:`name_key` of every value, computed once per distinct value."""
    return cached(_name_key, values)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _name_key(name: str) -> str:
    """:func:`name_key`; a plain ASCII name needs no transliteration."""
    return _NON_ALNUM.sub("", name.lower()) if name.isascii() else name_key(name)


#: How each key of :func:`reference_keys` is computed from a reference table.
_KEYS: dict[str, Callable[[pd.DataFrame], np.ndarray]] = {
    "doi_key": lambda t: doi_keys(t["doi"]),
    "fa": lambda t: name_keys(t["first_author"]),
    "vol": lambda t: cached(volume_key, t["volume"]),
    "fp": lambda t: cached(first_page, t["pages"]),
    "title_key": lambda t: cached(title_key, t["title"]),
}


def reference_keys(
    table: pd.DataFrame, known: Mapping[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """The normalised keys of every row: ``doi_key``, first author (``fa``), volume
    (``vol``), first page (``fp``) and title (``title_key``, misparses not yet dropped).
    Those in ``known`` are taken as they are."""
    known = known or {}
    return {name: known[name] if name in known else key(table) for name, key in _KEYS.items()}


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


def _block_keys(keys: dict[str, np.ndarray], years: pd.Series) -> list[np.ndarray]:
    """Per row, codes of its blocks (-1 when a part is missing): first author + year;
    first author + volume + first page; year + first title word; first author."""
    fa, vol, fp = (text_codes(keys[c]) for c in ("fa", "vol", "fp"))
    yr = pd.factorize(years.astype("Int64"))[0]
    word = text_codes(cached(lambda t: (t.split() or [""])[0], objects(keys["title_key"])))
    return [pair_codes(fa, yr), pair_codes(pair_codes(fa, vol), fp), pair_codes(yr, word), fa]


def bulk_doi_rows(
    refs: pd.DataFrame, papers: pd.DataFrame, keys: dict[str, np.ndarray]
) -> np.ndarray:
    """Mask of the references that their DOI alone identifies. ``keys``: their
    :func:`reference_keys`, or some of them (``doi_key`` at least); the others are added
    when the blocks need them."""
    has_doi = keys["doi_key"] != ""
    if not has_doi.any():
        return has_doi
    papers = conform_fast(papers, PAPER_COLUMNS)
    open_papers = papers[doi_keys(papers["doi"]) == ""].rename(columns={"authors": "first_author"})
    if len(open_papers):
        open_papers = open_papers.assign(
            first_author=[a.split(";")[0].split(",")[0] for a in open_papers["first_author"]]
        )
    bulk = has_doi.copy()
    if not has_doi.all() or len(open_papers):
        keys.update(reference_keys(refs, keys))
        paper_keys = reference_keys(open_papers)
        both = {c: np.concatenate([keys[c], paper_keys[c]]) for c in paper_keys}
        years = pd.concat([refs["year"], open_papers["year"]], ignore_index=True)
        is_open = np.r_[~has_doi, np.ones(len(open_papers), dtype=bool)]
        kinds = np.concatenate([text_array(refs["kind"]), text_array(open_papers["kind"])])
        shorts = is_open & objects(kinds).isin(["short", "citation"]).to_numpy()
        near = np.zeros(len(refs), dtype=bool)
        for i, block in enumerate(_block_keys(both, years)):
            pool = block[is_open if i < 3 else shorts]
            near |= np.isin(block[: len(refs)], pool[pool >= 0])
        bulk &= ~near
    ibid_papers = refs.loc[refs["kind"] == "ibid", "citing_id"].unique()
    if len(ibid_papers):
        bulk &= ~refs["citing_id"].isin(ibid_papers).to_numpy()
    return bulk
