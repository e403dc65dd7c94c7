"""References that their DOI alone identifies: matched in bulk, never compared pairwise.

A reference with a DOI goes to pairwise matching only when it shares a block (first author
and year; first author, volume and first page; year and title start; a first author cited
in short form) with a reference or review paper without a DOI, or when its paper uses
``ibid``. All others take the work id ``doi:<doi>`` directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refnet.ids import normalize_doi
from refnet.match.frames import conform_fast, objects, text_array
from refnet.match.normalize import first_page, name_key, title_key, volume_key
from refnet.model import PAPER_COLUMNS

#: Keys of distinct values: an object array of str in, one of the same length out.
Keyer = Callable[[np.ndarray], np.ndarray]


def each(function: Callable[[str], str]) -> Keyer:
    """The :data:`Keyer` that calls ``function`` on every value."""
    return lambda values: np.array([function(v) for v in values], dtype=object)


@dataclass(frozen=True)
class Coded:
    """A text column as its distinct values (``uniques``) and each row's index in them."""

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def of(cls, values: pd.Series | np.ndarray) -> Coded:
        """``values`` (missing ones as "") factorised."""
        array = text_array(values) if isinstance(values, pd.Series) else values
        codes, uniques = pd.factorize(array, sort=False)
        return cls(codes, np.asarray(uniques, dtype=object))

    def map(self, keyer: Keyer) -> Coded:
        """The column with ``keyer`` applied to every distinct value."""
        return Coded(self.codes, keyer(self.uniques))

    def values(self) -> np.ndarray:
        """The value of every row."""
        return self.uniques[self.codes]

    def key_codes(self) -> np.ndarray:
        """Per row, a code shared by the rows of equal values; -1 for ""."""
        return text_codes(self.uniques)[self.codes]


def cached(function: Callable[[str], str], values: pd.Series) -> np.ndarray:
    """``function`` over text ``values``, computed once per distinct value."""
    return Coded.of(values).map(each(function)).values()


#: A DOI that :func:`normalize_doi` only lower-cases: no prefix, space, escape or
#: trailing punctuation.
_PLAIN_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/[\w()\[\]<>{}./:;+-]*\w")
#: :data:`_PLAIN_DOI` for RE2, whose ``\d`` and ``\w`` are the ASCII subsets of Python's:
#: what it matches, :data:`_PLAIN_DOI` matches.
_PLAIN_DOI_RE2 = f"^(?:{_PLAIN_DOI.pattern})$"


def _doi_key(text: str) -> str:
    if _PLAIN_DOI.fullmatch(text):
        return text.lower()
    return normalize_doi(text) or "" if text else ""


def _doi_keyer(dois: np.ndarray) -> np.ndarray:
    """:func:`_doi_key` of distinct ``dois``; a plain lower-case DOI is its own key."""
    try:
        array = pa.array(dois, type=pa.string())
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for Arrow
        return each(_doi_key)(dois)
    plain = pc.match_substring_regex(array, _PLAIN_DOI_RE2)
    done = pc.and_(plain, pc.equal(array, pc.ascii_lower(array))).to_numpy(zero_copy_only=False)
    keys = dois.copy()
    keys[~done] = [_doi_key(doi) for doi in dois[~done]]
    return keys


def doi_keys(values: pd.Series) -> np.ndarray:
    """Normalised DOIs ("" when none or invalid)."""
    return Coded.of(values).map(_doi_keyer).values()


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _name_key(name: str) -> str:
    """:func:`name_key`; a plain ASCII name needs no transliteration."""
    return _NON_ALNUM.sub("", name.lower()) if name.isascii() else name_key(name)


def _name_keyer(names: np.ndarray) -> np.ndarray:
    """:func:`_name_key` of distinct ``names``; a lower-cased ASCII word is its own key."""
    lowered = [name.lower() for name in names]
    keys = [
        low if name.isascii() and low.isalnum() else _name_key(name)
        for name, low in zip(names, lowered, strict=True)
    ]
    return np.array(keys, dtype=object)


def name_keys(values: pd.Series) -> np.ndarray:
    """:func:`name_key` of every value, computed once per distinct value."""
    return Coded.of(values).map(_name_keyer).values()


#: Each key of :func:`reference_keys`: the column it comes from and its :data:`Keyer`.
_KEYS: dict[str, tuple[str, Keyer]] = {
    "doi_key": ("doi", _doi_keyer),
    "fa": ("first_author", _name_keyer),
    "vol": ("volume", each(volume_key)),
    "fp": ("pages", each(first_page)),
    "title_key": ("title", each(title_key)),
}


def _coded_key(name: str, table: pd.DataFrame) -> Coded:
    column, keyer = _KEYS[name]
    return Coded.of(table[column]).map(keyer)


def reference_keys(
    table: pd.DataFrame, known: Mapping[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """The normalised keys of every row: ``doi_key``, first author (``fa``), volume
    (``vol``), first page (``fp``) and title (``title_key``, misparses not yet dropped).
    Those in ``known`` are taken as they are."""
    known = known or {}
    return {
        name: known[name] if name in known else _coded_key(name, table).values() for name in _KEYS
    }


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


def _first_word(title: str) -> str:
    return (title.split() or [""])[0]


def _block_keys(keys: Mapping[str, Coded], years: pd.Series) -> list[np.ndarray]:
    """Per row, codes of its blocks (-1 when a part is missing): first author + year;
    first author + volume + first page; year + first title word; first author."""
    fa, vol, fp = (keys[c].key_codes() for c in ("fa", "vol", "fp"))
    yr = pd.factorize(years.astype("Int64"))[0]
    word = keys["title_key"].map(each(_first_word)).key_codes()
    return [pair_codes(fa, yr), pair_codes(pair_codes(fa, vol), fp), pair_codes(yr, word), fa]


def _block_columns(
    refs: pd.DataFrame, papers: pd.DataFrame, keys: dict[str, np.ndarray]
) -> dict[str, Coded]:
    """The keys the blocks use, of ``refs`` then ``papers``, each factorised once; those of
    ``refs`` not in ``keys`` are added to it."""
    coded = {}
    for name in ("fa", "vol", "fp", "title_key"):
        if name in keys:
            paper_keys = _coded_key(name, papers).values()
            coded[name] = Coded.of(np.concatenate([keys[name], paper_keys]))
        else:
            column, keyer = _KEYS[name]
            values = np.concatenate([text_array(refs[column]), text_array(papers[column])])
            coded[name] = Coded.of(values).map(keyer)
            keys[name] = coded[name].values()[: len(refs)]
    return coded


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
        both = _block_columns(refs, open_papers, keys)
        keys.update(reference_keys(refs, keys))
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
