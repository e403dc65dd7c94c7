"""Normalised keys of names and titles, so that spellings of one work compare equal."""

from __future__ import annotations

import re

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_BROKEN_WORD = re.compile(r"(\w)- (\w)")
_FIRST_PAGE = re.compile(r"\s*([A-Za-z]?\d+(?:[A-Z]\d+)?)")  # 07C121: an article number
_DIGITS = re.compile(r"\d+")
#: Words dropped from title keys (they vary between styles and WoS drops them).
STOPWORDS = frozenset(
    "a an the of and in on for to at by with from as or is are its their into after "
    "de la le les des du et der die das und von zur zum".split()
)


def fold(text: str) -> str:
    """ASCII, lower case, punctuation to single spaces (Cyrillic and diacritics transliterated)."""
    ascii_text = _APOSTROPHES.sub("", unidecode(text or ""))
    return _NON_ALNUM.sub(" ", ascii_text.lower()).strip()


def name_key(surname: str) -> str:
    """Key of a surname: ``Kazhegel’din``, ``Kazhegeldin`` and ``Кажегельдин`` agree."""
    return fold(surname).replace(" ", "")


def title_words(title: str) -> list[str]:
    """Significant words of a title (folded, stopwords dropped, hyphenation rejoined)."""
    text = title or ""
    if "- " in text:  # exact: a broken word has one
        text = _BROKEN_WORD.sub(r"\1\2", text)
    return [w for w in fold(text).split() if w not in STOPWORDS]


def title_key(title: str) -> str:
    """Key of a title: its significant words joined by spaces."""
    return " ".join(title_words(title))


def slug(text: str, words: int = 6) -> str:
    """A short readable slug of ``text``."""
    return "-".join(title_words(text)[:words])


def is_abbreviation(short: str, full: str) -> float:
    """Share of ``full``'s leading words that ``short``'s words abbreviate, in order.

    ``THEORY INT POLITICS`` abbreviates ``Theory of International Politics`` (1.0); WoS
    truncates titles, so ``short`` may cover only the start of ``full``. 0.0 when any
    word of ``short`` is not a prefix of the word at its place.
    """
    s_words = title_words(short)
    f_words = title_words(full)
    if not s_words or len(s_words) > len(f_words):
        return 0.0
    for s_word, f_word in zip(s_words, f_words, strict=False):
        if not f_word.startswith(s_word):
            return 0.0
    return len(s_words) / len(f_words) if len(s_words) >= 2 else 0.0


def first_page(pages: str) -> str:
    """The first page of ``pages`` (``"7-45"`` gives ``"7"``)."""
    match = _FIRST_PAGE.match(pages or "")
    return match.group(1).lstrip("0") if match else ""


def volume_key(volume: str) -> str:
    """Digits of a volume (``"Vol. 30"`` gives ``"30"``); "" when none."""
    match = _DIGITS.search(volume or "")
    return match.group(0).lstrip("0") if match else ""
