"""The accuracy evaluation: hidden-DOI sets from Crossref, WoS and Scopus, error pairs, scores."""

from __future__ import annotations

import gzip
import itertools
import json

import pandas as pd
import pytest

from refnet.inputs.exports import read_exports
from refnet.match.evaluate import (
    error_pairs,
    evaluate,
    hidden_doi_export,
    hidden_doi_references,
    read_works,
)


def test_error_pairs_lists_wrong_and_missed_pairs():
    refs = pd.DataFrame(
        {
            "origin": ["o0", "o1", "o2", "o3"],
            "raw": ["r0", "r1", "r2", "r3"],
            **{f: ["", "", "", ""] for f in ("first_author", "title", "venue", "volume")},
            "year": [2001, 2001, 2002, 2003],
            "pages": ["", "", "", ""],
        }
    )
    errors = error_pairs(refs, ["x", "x", "y", "z"], [1, 2, 2, 3])
    pairs = {(e, a, b) for e, a, b in errors[["error", "a_origin", "b_origin"]].itertuples(False)}
    assert pairs == {("missed", "o0", "o1"), ("wrong", "o1", "o2")}


def test_wos_hidden_doi_set_has_no_doi_left(shared_data):
    path = shared_data / "wos" / "testFile.isi"
    refs, truth = hidden_doi_export([path])
    _, all_refs, _ = read_exports([path])
    with_doi = int((all_refs["doi"].fillna("") != "").sum())
    assert len(refs) == len(truth) == with_doi
    assert (refs["doi"] == "").all() and not refs["raw"].str.contains(", DOI").any()
    assert refs["raw"].str.match(r"^\S").all() and all(t.startswith("10.") for t in truth)


def test_scopus_hidden_doi_set_has_no_doi_left(shared_data):
    path = shared_data / "scopus" / "bibx_scopus.ris"
    refs, truth = hidden_doi_export([path])
    assert len(refs) == len(truth) > 500
    assert not refs["raw"].str.contains(r"10\.\d{4,9}/", regex=True).any()
    assert refs["raw"].str.contains(r"\(\d{4}\)", regex=True).mean() > 0.9  # years kept
    assert len(set(truth)) < len(truth)  # works cited by several records: real pairs


def test_crossref_evaluation_on_real_works(shared_data):
    works = read_works(shared_data / "crossref" / "works_with_references.jsonl")
    plain, truth = hidden_doi_references(works)
    strings, truth_strings = hidden_doi_references(works, strings_first=True)
    assert truth == truth_strings and len(plain) == len(strings)
    had_string = strings["raw"] != ""
    assert had_string.any() and (strings.loc[had_string, "title"] == "").all()
    assert (plain.loc[had_string, "title"] != "").any()
    # a few citing works that cite some of the same DOIs: a small but real case
    by_citing = {w["DOI"]: w for w in works}
    cited = {
        c: {
            str(i["DOI"]).lower()
            for i in w.get("reference") or []
            if i.get("DOI") and (i.get("article-title") or i.get("unstructured"))
        }
        for c, w in by_citing.items()
    }
    a, b = max(
        itertools.combinations(sorted(cited), 2),
        key=lambda ab: len(cited[ab[0]] & cited[ab[1]]),
    )
    table = evaluate([by_citing[a], by_citing[b]])
    rows = table.set_index(["method", "truth", "subset"])
    row = rows.loc[("refnet", "doi", "all")]
    assert row["true_pairs"] >= 3 and row["precision"] >= 0.9 and row["recall"] > 0.5
    oracle = rows.loc[("same-work truth", "doi", "all")]  # the corrected truth, scored
    assert oracle["true_pairs"] == row["true_pairs"] and oracle["recall"] > 0.5
    across = rows.loc[("refnet", "doi", "across")]
    assert across["true_pairs"] <= row["true_pairs"]
    errors = table.attrs["errors"]
    assert len(errors) == (row["true_pairs"] - row["correct_pairs"]) + (
        row["predicted_pairs"] - row["correct_pairs"]
    )


def test_read_works_accepts_every_shape_of_crossref_data(tmp_path):
    works = [
        {"DOI": "10.1/a", "reference": [{"key": "r1", "DOI": "10.9/x"}]},
        {"DOI": "10.1/b", "reference": []},
    ]
    answers = [{"status": "ok", "message": w} for w in works]
    page = {"status": "ok", "message": {"total-results": 2, "items": works}}
    shapes = {
        "works.jsonl": "\n".join(json.dumps(w) for w in works) + "\n",
        "answers.jsonl": "\n\n".join(json.dumps(a) for a in answers),
        "page.json": json.dumps(page, indent=2),
        "list.json": json.dumps(works, indent=1),
        "one.json": json.dumps(answers[0], indent=2),
        # overlapping pages of results: a work given twice (its DOI in another case) is one
        "overlap.jsonl": "\n".join(json.dumps(w) for w in [*works, {"DOI": "10.1/A"}]),
    }
    for name, text in shapes.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with gzip.open(tmp_path / "page.json.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(page))
    for name in [*shapes, "page.json.gz"]:
        dois = [w["DOI"] for w in read_works(tmp_path / name)]
        assert dois == (["10.1/a"] if name == "one.json" else ["10.1/a", "10.1/b"]), name
    (tmp_path / "broken.jsonl").write_text('{"DOI": "10.1/a"}\n{"DOI": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.jsonl, line 2"):
        read_works(tmp_path / "broken.jsonl")
