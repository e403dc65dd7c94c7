"""Labels of research fronts from the review's own titles: class-based TF-IDF.

Each cluster (cluster 0 too, so that words common to everything lose weight) is one
class; its text is the titles of its members. A title is folded to ASCII, lower-cased and
split into words (letters only; a hyphen splits, so "soft-balancing" is two words); stop
words (:mod:`refnet.graphs.stopwords`) and one-letter words are dropped. The terms are the
words and the pairs of words adjacent in the title ("soft balancing"). A term counts once
per title. The c-TF-IDF weight (Grootendorst 2022, BERTopic) of term t in class c is

    W(t, c) = tf(t, c) / Σ_t' tf(t', c)  ·  log(1 + A / f(t))

where tf(t, c) is the number of titles of c with t, f(t) the number over all classes
and A the mean number of term occurrences per class. A term needs two titles of its
class when the class has two titles or more. Ties go to the pair before the word, then to
alphabetical order. A chosen pair stands for its two words (they are not listed again).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from unidecode import unidecode

from refnet.graphs.stopwords import STOP_WORDS

_WORD = re.compile(r"[a-z]+")

#: Terms kept per cluster in ``top_terms``; the label shows the first LABEL_TERMS.
TOP_TERMS = 8
LABEL_TERMS = 3


def title_terms(title: object) -> set[str]:
    """The distinct terms (words and adjacent pairs) of one title."""
    if not isinstance(title, str) or not title:
        return set()
    words = _WORD.findall(unidecode(title).lower().replace("'s ", " "))
    kept = [w if len(w) > 1 and w not in STOP_WORDS else "" for w in words]
    terms = {w for w in kept if w}
    terms |= {f"{a} {b}" for a, b in pairwise(kept) if a and b}
    return terms


def ctfidf(classes: Mapping[int, Sequence[object]]) -> dict[int, list[tuple[str, float]]]:
    """Every class's terms with their c-TF-IDF weight, best first (see module docstring)."""
    known: dict[object, set[str]] = {}  # each distinct title's terms, found once
    counts, titled = {}, {}
    for c, titles in classes.items():
        counter: Counter[str] = Counter()
        with_terms = 0
        for title in titles:
            terms = known.get(title) if isinstance(title, str) else set()
            if terms is None:
                terms = known[title] = title_terms(title)
            counter.update(terms)
            with_terms += bool(terms)
        counts[c], titled[c] = counter, with_terms
    overall: Counter[str] = Counter()
    for counter in counts.values():
        overall.update(counter)
    occurrences = sum(overall.values())
    mean = occurrences / max(len(counts), 1)
    ranked = {}
    for c, counter in counts.items():
        total = sum(counter.values())
        need = 2 if titled[c] >= 2 else 1
        scored = [
            (term, n / total * math.log(1 + mean / overall[term]))
            for term, n in counter.items()
            if n >= need
        ]
        scored.sort(key=lambda ts: (-round(ts[1], 12), " " not in ts[0], ts[0]))
        ranked[c] = scored
    return ranked


def pick_terms(scored: Iterable[tuple[str, float]], k: int = TOP_TERMS) -> list[str]:
    """The ``k`` best terms; a chosen pair replaces its words chosen before it, and a
    word inside a chosen pair is not chosen after it."""
    chosen: list[str] = []
    for term, _ in scored:
        if len(chosen) == k:
            break
        words = term.split()
        if len(words) == 1 and any(term in c.split() for c in chosen if " " in c):
            continue
        chosen = [c for c in chosen if c not in words] + [term]
    return chosen


def slug(terms: Sequence[str], fallback: str, length: int = 40) -> str:
    """A file-name-safe short label: the first terms joined by hyphens (ASCII, ≤ length)."""
    words = "-".join(t.replace(" ", "-") for t in terms[:LABEL_TERMS])
    words = re.sub(r"[^a-z0-9-]+", "", words.lower()).strip("-")
    if len(words) > length:
        words = words[:length].rsplit("-", 1)[0] or words[:length]
    return words or fallback


def label(terms: Sequence[str], works: Sequence[str]) -> str:
    """``"soft balancing, unipolarity, hegemony (Pape 2005; Paul 2005; Waltz 1979)"``."""
    text = ", ".join(terms[:LABEL_TERMS])
    cited = "; ".join(works[:3])
    if text and cited:
        return f"{text} ({cited})"
    return text or cited
