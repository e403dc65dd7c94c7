"""Personal names in references: split lists, and write them as "Surname, Given"."""

from __future__ import annotations

import re

from unidecode import unidecode

_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$|^(?:[A-Z]\.\s?)+-?[A-Z]?\.?$")
_PARTICLES = frozenset("van von der den de del della di da du le la al el bin ibn st st.".split())
_ROLE = re.compile(r"\(?\b(?:eds?|editors?|hrsg|comp|trans)\b\.?\)?\.?,?", re.IGNORECASE)
_ETAL = re.compile(r",?\s*\bet\s*al\b\.?", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:;|\s&\s|,?\s+and\s+|,?\s+und\s+|,?\s+et\s+(?!al))\s*")
_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ\[][\w’'\-.\]]*$|^[a-z]{1,3}$")


def is_initials(token: str) -> bool:
    """``KN``, ``K.N.``, ``T.``, ``S. K.``: initials of given names."""
    return bool(_INITIALS.match(token.strip()))


def looks_like_name(text: str, max_words: int = 5) -> bool:
    """A short run of capitalised words (or particles): a plausible personal name."""
    words = text.replace(",", " ").split()
    if not words or len(words) > max_words:
        return False
    if words[0] == "The" or any(
        w.strip(".") in {"the", "of", "in", "on", "for", "to", "a"} for w in words
    ):
        return False
    return all(_WORD.match(w) for w in words)


def _given_first(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) == 1:
        return words[0], ""
    if len(words) >= 2 and is_initials(words[-1]) and not is_initials(words[0]):
        # "Waltz KN", "van Eck CF" (WoS, Vancouver): surname first, initials last.
        k = len(words) - 1
        while k > 1 and is_initials(words[k - 1]):
            k -= 1
        return " ".join(words[:k]), " ".join(words[k:])
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


_LEADING_AND = re.compile(r"^(?:and|&)\s+")


def split_names(segment: str) -> list[tuple[str, str]]:
    """``[(surname, given), ...]`` from an author segment in any common order."""
    text = _ETAL.sub("", _ROLE.sub("", segment or "")).strip(" ,.;:")
    if not text:
        return []
    names: list[tuple[str, str]] = []
    for part in _SPLIT.split(text):
        part = _LEADING_AND.sub("", part.strip())
        pieces = [p.strip(" .") for p in part.split(",") if p.strip(" .")]
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
            surname_first = (
                nxt
                and len(piece.split()) <= 3
                and not is_initials(piece.split()[-1])
                and (is_initials(nxt) or (len(nxt.split()) <= 3 and _all_given(nxt)))
                and (len(piece.split()) == 1 or is_initials(nxt))
            )
            if surname_first:
                names.append((piece, nxt.strip()))
                i += 2
            else:
                names.append(_given_first(piece))
                i += 1
    return [(s.strip(" ."), g.strip()) for s, g in names if s.strip(" .")]


def _all_given(text: str) -> bool:
    return all(is_initials(w) or (w[:1].isupper() and w.isalpha()) for w in text.split())


def format_names(names: list[tuple[str, str]]) -> str:
    """``"Surname, Given; Surname, Given"``."""
    return "; ".join(format_name(s, g) for s, g in names)


def format_name(surname: str, given: str) -> str:
    """``"Surname, Given"`` (``"Surname"`` without a given name)."""
    return f"{surname}, {given}" if given else surname


def surnames(authors: str) -> list[str]:
    """Surnames of an ``authors`` field written as "Surname, Given; ..."."""
    return [part.split(",")[0].strip() for part in (authors or "").split(";") if part.strip()]


#: Initials that transliterations of one given name begin with (Yuri / Iurii / Juri,
#: Yevgeny / Evgeny, Khalid / Halid) fall in one class: never taken as a disagreement.
_INITIAL_CLASS = {"I": "E", "J": "E", "Y": "E", "K": "H"}


def initials(authors: str) -> set[str]:
    """The first author's initials, transliterated, upper case, in classes (empty if none)."""
    first = (authors or "").split(";", 1)[0]
    given = unidecode(first.split(",", 1)[1]).strip() if "," in first else ""
    if given.isalpha() and given.isupper() and len(given) <= 4:  # WoS "WO": two initials
        heads = set(given)
    else:
        heads = {w[0].upper() for w in re.split(r"[\s.\-]+", given) if w[:1].isalpha()}
    return {_INITIAL_CLASS.get(h, h) for h in heads}


def initials_compatible(a: str, b: str) -> bool:
    """Whether two ``authors`` fields can name the same first author by their initials
    (one initial in common: ``Myers, B.S.`` and ``Myers, WO`` cannot, ``Cooley, B.J.W.``
    and ``Cooley, J.W.`` can); an author without initials agrees with any."""
    x, y = initials(a), initials(b)
    return not x or not y or bool(x & y)


#: Words that name a body, not a person (folded).
_BODY_WORDS = frozenset(
    "academy administration agency assoc association authority bank board bureau center "
    "centre comm commission committee company congress consortium corp corporation council "
    "department dept directorate fed federation forum foundation fund govt government group "
    "inc inst institut institute institution laboratory ltd ministry nations office "
    "organisation organization panel parliament programme secretariat service society "
    "union univ university".split()
)


def organisation_kind(author: str) -> str:
    """``body`` for a name that is an organisation's (Web of Science's ``*`` of group
    authors, or a word such as Commission, Institute, Ministry), ``bare`` for one word
    without initials (``BEPA``, ``OECD``: an acronym, or a surname given alone), else ""."""
    name = author.split(";")[0].strip()
    if name.startswith("*"):
        return "body"
    words = re.findall(r"[a-z]+", unidecode(name).lower())
    if _BODY_WORDS.intersection(words):
        return "body"
    if len(name.split()) == 1 and len(words) == 1:
        return "bare"
    return ""
