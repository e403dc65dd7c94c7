"""Do two short titles name one book? Web of Science writes a cited book's title as its
source, abbreviated word by word (``ORG`` for *Organizations*, ``SCI`` for *Science*) and cut
at 20 characters, so one book appears as ``ORG ACTION SOCIAL SC``, ``ORG ACTION`` and
``CONTROLLING LIFE J L`` / ``CONTROLLING LIFE JAC``.

Two words agree when they are equal, when one abbreviates the other (a prefix of three
letters or more, or of any length where a title is cut), when they differ by one typing
error (words of four letters or more), or when they are close forms of one word (a common
start of four letters and a similarity of 80 or more: ``analise`` / ``analisis``) or share
a start of five letters or more that is 70% of the shorter (``content`` / ``conteudo``, the
cognates of a translation; not ``Grundriss`` / ``Grundzuge``).
Numbers agree only when equal.

Two titles agree in order (:func:`titles_agree`) when their words agree one by one from
the start until the shorter ends; or, for titles given by one author in one year, when
every word of each agrees with a different word of the other (a translation or another
word order: ``ANALISE CONTEUDO`` / ``CONTENT ANAL``), or when one interior word is left
out (``SITKISA TOOL BIBLIOM`` / ``SITKIS BIBLIOMETRIC``). Editions (other years) need the
strict form: as many words, each agreeing in order, or the shorter title itself cut.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein

#: Length from which a WoS source may have been cut (20 characters, trailing space dropped).
CUT_LENGTH = 18


def is_cut(title: str) -> bool:
    """Whether a folded WoS source may be cut (its last word then an unfinished word)."""
    return len(title) >= CUT_LENGTH


def _common_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=1 << 16)
def words_agree(a: str, b: str, cut: bool = False) -> bool:
    """Whether two title words can be one word (``cut``: one of them ends a cut title)."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if long_.startswith(short) and (cut or len(short) >= 3):
        return True
    if len(short) >= 4 and Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return True
    start = _common_start(a, b)
    return len(short) >= 5 and (
        (start >= 5 and start >= 0.7 * len(short))
        or (start >= 4 and Indel.normalized_similarity(a, b) >= 0.8)
    )


def _in_order(a: list[str], b: list[str], cut_a: bool, cut_b: bool, skips: int) -> int:
    """Words of ``a`` and ``b`` agreeing in order from the first until one ends (-1: they
    do not), with up to ``skips`` interior words of either left out (after a word that
    agrees; a title with a word left out needs two words that agree)."""
    i = j = matched = 0
    skipped = False
    while i < len(a) and j < len(b):
        last = (cut_a and i == len(a) - 1) or (cut_b and j == len(b) - 1)
        if words_agree(a[i], b[j], last):
            i, j, matched = i + 1, j + 1, matched + 1
            continue
        if not matched or skipped or not skips:
            return -1
        if i + 1 < len(a) and words_agree(a[i + 1], b[j], cut_a and i + 2 == len(a)):
            i, skipped = i + 1, True
        elif j + 1 < len(b) and words_agree(a[i], b[j + 1], cut_b and j + 2 == len(b)):
            j, skipped = j + 1, True
        else:
            return -1
    return -1 if skipped and matched < 2 else matched


def _as_sets(a: list[str], b: list[str]) -> bool:
    """Every word of each agrees with a different word of the other (as many words)."""
    if len(a) != len(b):
        return False
    free = list(b)
    for word in a:
        match = next((w for w in free if words_agree(word, w)), None)
        if match is None:
            return False
        free.remove(match)
    return True


@lru_cache(maxsize=1 << 16)
def titles_agree(a: str, b: str, same_year: bool) -> bool:
    """Whether two folded short titles can name one book (see the module docstring)."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return False
    if {w for w in wa if w.isdigit()} != {w for w in wb if w.isdigit()}:
        return False  # "Report 2016" / "Report 2017", "Part 1" / "Part 2"
    cut_a, cut_b = is_cut(a), is_cut(b)
    if not same_year:
        if len(wa) != len(wb) and not (cut_a if len(wa) < len(wb) else cut_b):
            return False
        return min(len(wa), len(wb)) >= 2 and _in_order(wa, wb, cut_a, cut_b, 0) >= 2
    matched = _in_order(wa, wb, cut_a, cut_b, 1)
    if matched >= 2 or (matched == 1 and min(len(w) for w in (wa[0], wb[0])) >= 5):
        return True
    return min(len(wa), len(wb)) >= 2 and _as_sets(wa, wb)
