"""Normalised keys (match.normalize): shortcuts agree with the plain definitions."""

from __future__ import annotations

import re

from refnet.match.normalize import STOPWORDS, fold, title_key, title_words


def _title_words_plain(title: str) -> list[str]:
    text = re.sub(r"(\w)- (\w)", r"\1\2", title or "")
    return [w for w in fold(text).split() if w not in STOPWORDS]


def test_title_words_skip_the_broken_word_pass_only_when_it_changes_nothing():
    titles = ["", "Inter- national politics", "self- help", "A- B- C", "x -y", "é- tude"]
    titles += ["Theory of International Politics", "war-time", "- a", "a -", "1- 2", "ab-  cd"]
    titles += ["Soft balancing in the age", "Kazhegel’din’s- reform", "The\n- x", "Über- blick"]
    for title in titles:
        assert title_words(title) == _title_words_plain(title), title
    assert title_key("Inter- national Relations") == "international relations"


def test_title_words_on_real_titles(shared_data):
    from refnet.inputs.exports import read_exports

    files = [shared_data / "wos" / "ManyAuthors.isi", shared_data / "scopus" / "bibx_scopus.csv"]
    papers, refs, _ = read_exports(files)
    titles = set(papers["title"].dropna()) | set(refs["title"].dropna())
    titles |= {t.replace(" ", "- ", 2) for t in list(titles)[:500]}
    for title in titles:
        assert title_words(title) == _title_words_plain(title), title
