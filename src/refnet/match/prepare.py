"""The matcher's table: references plus one pseudo reference per review paper, with the
normalised keys every rule compares (a title key emptied where the "title" is a misparse)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from refnet.ids import normalize_isbn
from refnet.match.bulk import (
    reference_keys,
)
from refnet.match.frames import conform_fast, objects, text_array
from refnet.match.names import surnames
from refnet.match.normalize import title_key
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS

PAPER_SOURCE = "review-paper"
#: Fields a review paper's pseudo reference takes from the papers table as they are.
_PAPER_FIELDS = ("origin", "title", "venue", "volume", "pages", "doi", "kind")


def text_list(values: pd.Series) -> list[str]:
    return text_array(values).tolist()


def prepare(
    refs: pd.DataFrame, papers: pd.DataFrame, keys: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """References plus one pseudo reference per review paper, with normalised keys
    (``keys``: those of the references' :func:`reference_keys` already known)."""
    table = conform_fast(refs, REFERENCE_COLUMNS)
    keys = reference_keys(table, keys)
    n = len(table)
    table["year_suffix"] = (
        objects(text_array(refs["year_suffix"])) if "year_suffix" in refs else objects([""] * n)
    )
    table["paper_id"] = objects([""] * n)
    papers = conform_fast(papers, PAPER_COLUMNS)
    if len(papers):
        n_papers = len(papers)
        authors = text_list(papers["authors"])
        text = {
            "citing_id": [""] * n_papers,
            "source": [PAPER_SOURCE] * n_papers,
            "raw": [""] * n_papers,
            "authors": authors,
            "first_author": [s[0] if s else "" for s in map(surnames, authors)],
            **{c: text_list(papers[c]) for c in _PAPER_FIELDS},
        }
        pseudo = pd.DataFrame(
            {
                **{name: objects(values) for name, values in text.items()},
                "position": np.zeros(n_papers, dtype=np.int64),
                "year": papers["year"].array,  # Int64, as conformed
            }
        )
        pseudo = conform_fast(pseudo, REFERENCE_COLUMNS)
        pseudo["year_suffix"] = objects([""] * len(pseudo))
        pseudo["paper_id"] = objects(text_list(papers["paper_id"]))
        table = pd.concat([table, pseudo], ignore_index=True)
        paper_keys = reference_keys(pseudo)
        keys = {c: np.concatenate([v, paper_keys[c]]) for c, v in keys.items()}
    table["row"] = np.arange(len(table))
    columns = {
        "doi_key": keys["doi_key"],
        "isbn_key": cached_map(
            lambda i: normalize_isbn(i) or "" if i else "", text_list(table["isbn"])
        ),
        "fa": keys["fa"],
        "tkey": _title_keys(table, keys["title_key"].tolist()),
        "vol": keys["vol"],
        "fp": keys["fp"],
    }
    for name, values in columns.items():
        table[name] = objects(values)
    table["yr"] = table["year"].fillna(0).astype("int64")
    return table


_ET_AL = re.compile(r"et al\.?$")
_NAME_END = re.compile(r"(?:et al\.?)?$")
_SURNAME = re.compile(r"[A-Z][\w’'-]+,?\s")
_CAPITAL = re.compile(r"[A-Z]")
_DOT = re.compile(r"\.")
_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s*")
_JOINER = re.compile(r"[,;&]")


def _initials_ends(text: str, start: int) -> set[int]:
    r"""Where ``(?:[A-Z]\.?\s?){1,3}`` can end when it starts at ``start``."""
    ends: set[int] = set()
    level = {start}
    for _ in range(3):
        after = set()
        for p in level:
            if not _CAPITAL.match(text, p):
                continue
            for q in (p + 1, p + 2) if _DOT.match(text, p + 1) else (p + 1,):
                after.add(q)
                if _SPACE.match(text, q):
                    after.add(q + 1)
        ends |= after
        level = after
    return ends


def _is_name_list(text: str) -> bool:
    r"""True when ``text`` is a list of names (``Smith J., Jones A.B. et al.``).

    The strings that ``^(?:et al\.?|(?:[A-Z][\w’'-]+,?\s(?:[A-Z]\.?\s?){1,3}[,;&]?\s*)+
    (?:et al\.?)?)$`` matches. That regex backtracks exponentially on long upper-case
    titles; here each name's start position is read once (a surname's extent is fixed,
    only where its initials end varies).
    """
    if _ET_AL.match(text):
        return True
    if not _LAST_INITIALS.fullmatch(_last_word(text)):
        return False  # the last word of a list of names is initials or "al."
    todo, seen = [0], {0}
    while todo:
        surname = _SURNAME.match(text, todo.pop())
        if not surname:
            continue
        for end in _initials_ends(text, surname.end()):
            joined = (end, end + 1) if _JOINER.match(text, end) else (end,)
            for p in joined:
                nxt = _SPACES.match(text, p).end()
                if _NAME_END.match(text, nxt):
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return False


_LAST_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}|al\.?")


def _last_word(text: str) -> str:
    """The last word of ``text`` once a trailing ``,``, ``;`` or ``&`` is dropped."""
    text = text.rstrip()
    words = (text[:-1] if text.endswith((",", ";", "&")) else text).split()
    return words[-1] if words else ""


def _title_keys(table: pd.DataFrame, keys: list[str]) -> list[str]:
    """Title ``keys``, emptied where the "title" is a misparse: a list of names, "et al.",
    the journal itself (``ACS Nano 8``), or the year (``TAMIR T, 1982, LATERAL WAVE,
    pCH13``)."""
    titles = text_list(table["title"])
    titled = [i for i, key in enumerate(keys) if key]  # venues matter only beside a title
    if not titled:
        return keys
    names = cached_map(lambda t: _is_name_list(t.strip(" .,")), [titles[i] for i in titled])
    venues = cached_map(title_key, text_list(table["venue"].iloc[titled]))
    years = table["year"].iloc[titled].astype("string").fillna("").tolist()
    for i, name_list, venue, year in zip(titled, names, venues, years, strict=True):
        key = keys[i]
        if name_list or (venue and _TRAILING_NUMBER.sub("", key) == venue) or key == year:
            keys[i] = ""
    return keys


_TRAILING_NUMBER = re.compile(r"\s*\d+$")


def cached_map(function, values: list[str]) -> list[str]:
    """``function`` over ``values``, computed once per distinct value."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    mapped = np.array([function(v) for v in uniques], dtype=object)
    return mapped[codes].tolist() if len(values) else []
