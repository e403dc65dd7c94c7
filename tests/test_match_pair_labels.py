"""Labelled reference pairs: reading the labels file and scoring the matcher on it."""

from __future__ import annotations

import pandas as pd
import pytest

from refnet.errors import InputError
from refnet.match.pair_labels import pair_scores, parse_pair_labels, predict_pairs

HEADER = ["file", "line_a", "line_b", "string_a", "string_b", "label", "relation", "note"]
ROWS = [
    "x.txt|10|11|MERTON R, 1973, SOCIOLOGY SCI|MERTON RK, 1973, SOCIOLOGY SCI THEORE|same|"
    "abbreviation|",
    "x.txt|10|12|MERTON R, 1973, SOCIOLOGY SCI|MERTON R, 1968, SOCIAL THEORY SOCIAL|different|"
    "different-book|",
    "x.txt|13|14|EKMAN P, 1999, HDB COGNITION, P45|EKMAN P, 1999, HDB COGNITION, P301|different|"
    "chapters|basic emotions",
    "x.txt|15|16|STERN C, 1960, PRINCIPLES HUMAN GEN|STERN C, 1973, PRINCIPLES HUMAN GEN|same|"
    "edition|",
]
TEXT = "# policy: editions are one work\n" + "".join(
    "\t".join(row) + "\n" for row in [HEADER, *(r.split("|") for r in ROWS)]
)


def matched_x() -> pd.DataFrame:
    raws = {
        10: "MERTON R, 1973, SOCIOLOGY SCI",
        11: "MERTON RK, 1973, SOCIOLOGY SCI THEORE",
        12: "MERTON R, 1968, SOCIAL THEORY SOCIAL",
        13: "EKMAN P, 1999, HDB COGNITION, P45",
        14: "EKMAN P, 1999, HDB COGNITION, P301",
        15: "STERN C, 1960, PRINCIPLES HUMAN GEN",
        16: "STERN C, 1973, PRINCIPLES HUMAN GEN",
    }
    works = {10: "m", 11: "m", 12: "m2", 13: "e", 14: "e", 15: "s1", 16: "s2"}
    return pd.DataFrame(
        {
            "origin": [f"data/x.txt:{line}" for line in raws],
            "raw": list(raws.values()),
            "work_id": [works[line] for line in raws],
        }
    )


def test_labels_are_read_without_comments():
    labels = parse_pair_labels(TEXT, origin="pairs.tsv")
    assert labels["label"].tolist() == ["same", "different", "different", "same"]
    assert labels["line_a"].tolist() == [10, 10, 13, 15]
    assert labels["origin"].tolist()[0] == "pairs.tsv:3"


def test_scores_count_wrong_merges_and_misses():
    predicted = predict_pairs(parse_pair_labels(TEXT), {"x.txt": matched_x()})
    assert predicted["predicted"].tolist() == ["same", "different", "same", "different"]
    scores = pair_scores(predicted)
    assert (scores["true_positive"], scores["false_positive"], scores["false_negative"]) == (
        1,
        1,
        1,
    )
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(0.5)


def test_a_bad_label_names_its_line():
    text = TEXT.replace("\tsame\tedition", "\tsimilar\tedition")
    with pytest.raises(InputError, match=r"pairs.tsv:6.*neither same nor different.*similar"):
        parse_pair_labels(text, origin="pairs.tsv")


def test_a_missing_column_is_named():
    with pytest.raises(InputError, match="lacks relation"):
        parse_pair_labels(TEXT.replace("\trelation\t", "\tkind\t"), origin="pairs.tsv")


def test_labels_that_no_longer_fit_the_data_are_refused():
    table = matched_x()
    table.loc[table["origin"] == "data/x.txt:12", "raw"] = "SOMETHING ELSE, 2000, X"
    with pytest.raises(InputError, match=r"pairs.tsv:4: line 12 of x.txt is not the labelled"):
        predict_pairs(parse_pair_labels(TEXT, origin="pairs.tsv"), {"x.txt": table})
    with pytest.raises(InputError, match="no matched references of this file"):
        predict_pairs(parse_pair_labels(TEXT), {"y.txt": table})
