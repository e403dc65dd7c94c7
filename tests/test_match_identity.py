"""Merges that must and must not happen, ids, overrides, decisions, evaluation math."""

from __future__ import annotations

import gc
import hashlib
import random
import re

import pandas as pd
import pytest

from refnet.inputs.exports import read_exports
from refnet.match.evaluate import pairwise_scores
from refnet.match.identity import match_references
from refnet.match.normalize import slug, title_key
from refnet.match.overrides import parse_overrides, read_overrides
from refnet.match.parse import parse_references
from refnet.match.prepare import _is_name_list
from refnet.match.work_ids import _key_slug, _readable_id
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS, frame

LINES = {
    "a": [
        "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979),"
        " 126.",
        "Ibid., 45.",
        "Robert A. Pape, “Soft Balancing against the United States,” International Security 30,"
        " no. 1 (Summer 2005): 7–45.",
        "T. V. Paul, “Soft Balancing in the Age of U.S. Primacy,” International Security 30,"
        " no. 1 (Summer 2005): 46–71.",
        "Waltz, Theory of International Politics.",
    ],
    "b": [
        "WALTZ KN, 1979, THEORY INT POLITICS",
        "Pape, “Soft Balancing,” 36–43",
        "Paul, “Soft Balancing,” 58–70",
    ],
    "c": [
        "Walt, Stephen. 2005. Taming American Power. New York: Norton.",
        "Walt, Stephen. 2005. The Enduring Relevance of the Realist Tradition. New York: Norton.",
        "Walt 2005",
        "Nazarbayev 2003a",
        "Nazarbayev 2003b",
    ],
}


def _refs(lines=LINES, source="bibliography"):
    rows = [
        {
            "citing_id": k,
            "position": i,
            "source": source,
            "origin": f"{k}.txt:{i + 1}",
            "raw": r,
        }
        for k, v in lines.items()
        for i, r in enumerate(v)
    ]
    return parse_references(pd.DataFrame(rows))


def _work(out, origin):
    return out.set_index("origin").at[origin, "work_id"]


def test_merges_that_must_and_must_not_happen():
    out, works, decisions = match_references(_refs(), frame([], PAPER_COLUMNS), {})
    waltz = {_work(out, o) for o in ("a.txt:1", "a.txt:2", "a.txt:5", "b.txt:1")}
    assert len(waltz) == 1 and next(iter(waltz)).startswith("waltz1979-theory")
    assert _work(out, "b.txt:2") == _work(out, "a.txt:3")  # Pape short form
    assert _work(out, "b.txt:3") == _work(out, "a.txt:4")  # Paul short form
    assert _work(out, "a.txt:3") != _work(out, "a.txt:4")  # Pape vs Paul
    assert _work(out, "c.txt:1") != _work(out, "c.txt:2")  # two Walt 2005 works
    assert _work(out, "c.txt:3") not in {_work(out, "c.txt:1"), _work(out, "c.txt:2")}
    assert _work(out, "c.txt:4") != _work(out, "c.txt:5")  # 2003a vs 2003b
    rules = out.set_index("origin")["match_rule"]
    assert rules["a.txt:2"] == "ibid" and rules["b.txt:2"] == "short-form"
    row = works.set_index("work_id").loc[next(iter(waltz))]
    assert row["label"] == "Waltz 1979" and row["citations"] == 2
    ambiguous = decisions[(decisions["rule"] == "author-year") & ~decisions["accepted"]]
    assert ambiguous["reason"].str.contains("ambiguous").any()
    assert {"a_origin", "b_raw", "score", "reason"} <= set(decisions.columns)


def test_a_short_note_with_another_subtitle_joins_the_work_of_its_main_title():
    lines = {
        "a": [
            "John J. Mearsheimer, “Back to the Future: Europe after the Cold War,” "
            "International Security 15, no. 1 (Summer 1990): 15–16;",
            "Christopher Layne, “The Unipolar Illusion: Why New Great Powers Will Arise,” "
            "International Security 17, no. 4 (Spring 1993): 5-51.",
        ],
        "b": [
            "John J. Mearsheimer, “Back to the Future: Instability in Europe after the Cold",
            "Christopher Layne, “The Unipolar Illusion Revisited: The Coming of the End",
            "Stephen Van Evera, “Back to the Future: Primed for Peace in Europe",
        ],
    }
    out, _, decisions = match_references(_refs(lines), frame([], PAPER_COLUMNS), {})
    assert _work(out, "b.txt:1") == _work(out, "a.txt:1")  # same main title, same author
    assert _work(out, "b.txt:2") != _work(out, "a.txt:2")  # "… Illusion Revisited" differs
    assert _work(out, "b.txt:3") != _work(out, "a.txt:1")  # another author
    accepted = decisions[decisions["accepted"] & (decisions["b_origin"] == "b.txt:1")]
    assert accepted["rule"].tolist() == ["short-form"]


def test_work_ids_are_deterministic_and_independent_of_unrelated_refs():
    first, _, _ = match_references(_refs(), frame([], PAPER_COLUMNS), {})
    more = dict(LINES, d=["Hedley Bull, The Anarchical Society (London: Macmillan, 1977)."])
    second, _, _ = match_references(_refs(more), frame([], PAPER_COLUMNS), {})
    again, _, _ = match_references(_refs(), frame([], PAPER_COLUMNS), {})
    assert first.equals(again)
    shared = second[second["citing_id"] != "d"].reset_index(drop=True)
    assert shared["work_id"].tolist() == first["work_id"].tolist()


def test_review_paper_link_by_title_author_year():
    papers = frame(
        [
            {
                "paper_id": "pape2005",
                "title": "Soft Balancing against the United States",
                "authors": "Pape, Robert A.",
                "year": 2005,
                "origin": "papers.yaml:1",
            }
        ],
        PAPER_COLUMNS,
    )
    out, works, _ = match_references(_refs(), papers, {})
    linked = works.set_index("work_id").at[_work(out, "b.txt:2"), "paper_id"]
    assert linked == "pape2005"


def test_overrides_are_obeyed():
    csv = "action,a,b\ndifferent,a.txt:1,b.txt:1\nsame,c.txt:4,c.txt:5\n"
    out, _, decisions = match_references(
        _refs(), frame([], PAPER_COLUMNS), {}, parse_overrides(csv)
    )
    assert _work(out, "a.txt:1") != _work(out, "b.txt:1")
    assert _work(out, "c.txt:4") == _work(out, "c.txt:5")
    assert (decisions["rule"] == "override").any()


def test_pairwise_scores_on_a_small_case():
    truth = ["x", "x", "x", "y", "y", "z"]
    predicted = [1, 1, 2, 2, 2, 3]
    scores = pairwise_scores(truth, predicted)
    # true pairs: 3 (x) + 1 (y) = 4; predicted: 1 + 3 = 4; correct: (0,1) and (3,4) = 2
    assert scores["true_pairs"] == 4 and scores["predicted_pairs"] == 4
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5 and scores["f1"] == 0.5
    # Across citing papers only: items 0 and 1 are one paper's, 3 and 4 another's.
    across = pairwise_scores(truth, predicted, ["p", "p", "q", "r", "r", "s"])
    # true pairs (0,2) (1,2); predicted (2,3) (2,4); correct none
    assert across["true_pairs"] == 2 and across["predicted_pairs"] == 2
    assert across["correct_pairs"] == 0 and across["recall"] == 0.0


def _crossref_rows(rows):
    return parse_references(
        frame(
            [
                {"citing_id": f"p{i}", "position": 0, "source": "crossref", "origin": f"x#{i}", **r}
                for i, r in enumerate(rows)
            ],
            {**REFERENCE_COLUMNS, "year_suffix": "str"},
        )
    )


def test_name_list_titles_do_not_merge_different_works():
    out, _, _ = match_references(
        _crossref_rows(
            [
                {
                    "raw": "Chen Y, Luo T, Liu S, et al. DaDianNao: a machine-learning"
                    " supercomputer. In: Proc MICRO; 2014. p. 609–22."
                },
                {
                    "raw": "Chen T, Du Z, Sun N, et al. DianNao: a small-footprint high-throughput"
                    " accelerator. In: Proc ASPLOS; 2014. p. 269–84."
                },
                {
                    "raw": "Balomenos GP, Padgett JE. Vulnerability assessment of port structures."
                    " Structures Congress 2018; 2018. p. 1-15."
                },
                {
                    "raw": "Balomenos GP, Padgett JE. Effects of wave loading conditions"
                    " on wharves. Coastal Engineering 2018; 2018. p. 29."
                },
            ]
        ),
        frame([], PAPER_COLUMNS),
        {},
    )
    assert out["work_id"].nunique() == 4


def test_misspelt_surname_merges_only_with_strong_title_evidence():
    title = "Analysis of land-cover transitions based on cadastral maps and aerial photographs"
    base = {"year": 2001, "title": title, "venue": "Landscape Ecology", "volume": "16"}
    out, _, decisions = match_references(
        _crossref_rows(
            [
                {**base, "first_author": "Cousins", "pages": "41"},
                {**base, "first_author": "Cousin", "pages": "41"},
                {**base, "first_author": "Smith", "pages": "99", "volume": ""},
            ]
        ),
        frame([], PAPER_COLUMNS),
        {},
    )
    ids = out.set_index("origin")["work_id"]
    assert ids["x#0"] == ids["x#1"]
    assert ids["x#2"] != ids["x#0"]
    assert decisions["reason"].str.contains("first authors differ").any()


def test_year_letters_part_works_only_within_one_paper():
    rows = [
        {
            "citing_id": "a",
            "raw": "Nye, J. (2004a). Soft power: the means to success. PublicAffairs.",
        },
        {
            "citing_id": "a",
            "raw": "Nye, J. (2004b). Soft power: the means to success. PublicAffairs.",
        },
        {
            "citing_id": "b",
            "raw": "Nye, J. (2004b). Soft power: the means to success. PublicAffairs.",
        },
        {
            "citing_id": "c",
            "raw": "Nye, J. (2004). Soft power: the means to success. PublicAffairs.",
        },
    ]
    refs = parse_references(
        pd.DataFrame(
            [{**r, "position": i, "source": "bib", "origin": f"o{i}"} for i, r in enumerate(rows)]
        )
    )
    out, _, _ = match_references(refs, frame([], PAPER_COLUMNS), {})
    ids = out.set_index("origin")["work_id"]
    assert ids["o0"] != ids["o1"]  # one paper lists 2004a and 2004b: two works
    assert {ids["o2"], ids["o3"]} <= {ids["o0"], ids["o1"]}  # letters elsewhere: no veto


def test_doi_references_match_in_bulk_and_still_join_strings():
    pape = {"first_author": "Pape", "year": 2005, "volume": "30", "pages": "7-45"}
    refs = _crossref_rows(
        [
            {**pape, "doi": "10.1162/016228805775008", "title": "Soft balancing against the US"},
            {"raw": "Pape RA. Soft balancing against the US. Int Secur. 2005;30:7-45."},
            {"doi": "10.1162/016228805775008", "first_author": "Pape", "year": 2005},
            {"doi": "10.1234/other", "first_author": "Waltz", "year": 1979},
            {"doi": "10.1234/OTHER", "first_author": "Waltz", "year": 1979},
            {"doi": "10.1234/alone", "first_author": "Walt", "year": 1987},
        ]
    )
    out, works, _decisions = match_references(refs, frame([], PAPER_COLUMNS), {})
    ids = out.set_index("origin")["work_id"]
    rules = out.set_index("origin")["match_rule"]
    assert ids["x#0"] == ids["x#1"] == ids["x#2"] == "doi:10.1162/016228805775008"
    assert ids["x#3"] == ids["x#4"] == "doi:10.1234/other"
    assert rules["x#3"] == rules["x#2"] == "doi" and rules["x#5"] == "single"
    assert works.set_index("work_id").at["doi:10.1234/other", "citations"] == 2
    assert works["work_id"].is_monotonic_increasing and set(works["work_id"]) == set(ids)
    assert out["citing_id"].is_monotonic_increasing


def _wos_ids(shared_data, parse: bool) -> dict[str, str]:
    papers, refs, _ = read_exports([shared_data / "wos" / "testFile.isi"])
    out, _, _ = match_references(parse_references(refs) if parse else refs, papers, {})
    by_raw: dict[str, set[str]] = {}
    for raw, work in zip(out["raw"], out["work_id"], strict=True):
        by_raw.setdefault(raw, set()).add(work)
    return by_raw


@pytest.mark.parametrize("parse", [False, True])
def test_wos_cited_references_without_title_on_the_real_file(shared_data, parse):
    ids = _wos_ids(shared_data, parse)

    def one(raw: str) -> str:
        assert len(ids[raw]) == 1, raw  # identical strings are one work
        return next(iter(ids[raw]))

    # a book (its source never comes with a volume): the page is a pinpoint
    assert one("BORN M, 1965, PRINCIPLES OPTICS, P169") == one(
        "BORN M, 1965, PRINCIPLES OPTICS, P47"
    )
    assert one("Born M, 1999, PRINCIPLES OPTICS, P49") == one("Born M., 1999, PRINCIPLES OPTICS")
    # editions of one book are one work (issue 13; works.csv lists its years)
    assert one("Born M, 1999, PRINCIPLES OPTICS, P49") == one(
        "BORN M, 1965, PRINCIPLES OPTICS, P47"
    )
    one("LEVY Y, 1974, THESIS")
    one("Costa de Beauregard O., 1969, Nuovo Cimento B, V63")
    # a journal: same volume, different pages are different articles
    assert one("COSTADEB.O, 1971, CR ACAD SCI B PHYS, V272, P1116") != one(
        "COSTADEB.O, 1971, CR ACAD SCI B PHYS, V272, P201"
    )
    # different chapters' sources, and works without a year, stay apart
    assert one("TAMIR T, 1982, LATERAL WAVE, pCH13") != one(
        "TAMIR T, 1982, ELECTROMAGNETIC SURF, pCH13"
    )
    assert len(ids["JOYCE WB, IN PRESS"]) == 2
    # one paper cites "V9" twice without a page: two articles of the volume, kept apart
    assert len(ids["Weyssenhoff J., 1947, Acta Physica Polonica, V9"]) == 2
    assert one("Palik E.D., 1985, HDB OPTICAL CONSTANT, P795") == one(
        "Palik E D, 1985, HDB OPTICAL CONSTANT"
    )


def test_source_without_title_needs_the_page_of_a_journal_unless_bare():
    rows = [
        {"first_author": "Smith", "year": 2001, "venue": "NATURE", "volume": "410", "pages": "5"},
        {"first_author": "Smith", "year": 2001, "venue": "NATURE", "pages": "5"},
        {"first_author": "Smith", "year": 2001, "venue": "NATURE", "pages": "5"},
        {"first_author": "Smith", "year": 2001, "venue": "NATURE", "pages": "77"},
        {"first_author": "Smith", "year": 2001, "venue": "NATURE"},
        {"first_author": "Smith", "year": 2001, "venue": "NATURE"},
        {"first_author": "Smith", "year": 2001, "venue": "UNPUB"},
        {"first_author": "Smith", "year": 2001, "venue": "UNPUB"},
        {"first_author": "Smith", "year": 2001, "venue": "GARDEN BOOK", "pages": "5"},
        {"first_author": "Smith", "year": 2001, "venue": "GARDEN BOOK", "pages": "77"},
    ]
    out, _, _ = match_references(_crossref_rows(rows), frame([], PAPER_COLUMNS), {})
    ids = out.set_index("origin")["work_id"]
    assert ids["x#1"] == ids["x#2"] != ids["x#3"]
    assert len({ids["x#0"], ids["x#1"], ids["x#3"], ids["x#4"]}) == 4
    assert ids["x#4"] == ids["x#5"]  # identical and nothing tells them apart
    assert ids["x#6"] != ids["x#7"]
    assert ids["x#8"] == ids["x#9"]


def test_guards_against_near_identical_records_of_different_works():
    rows = [
        # report years and parts: different works, however alike the titles
        {"first_author": "Bank", "year": 2016, "title": "World development report 2016"},
        {"first_author": "Bank", "year": 2017, "title": "World development report 2017"},
        {"first_author": "Ames", "year": 1990, "title": "Theory of soft states, part I"},
        {"first_author": "Ames", "year": 1990, "title": "Theory of soft states, part II"},
        # page 1 of an e-journal volume locates no article: titles must agree
        {"first_author": "Wang", "year": 2015, "title": "Soil carbon in dry grassland",
         "volume": "5", "pages": "1"},
        {"first_author": "Wang", "year": 2015, "title": "Soil carbon under wet forest",
         "volume": "5", "pages": "1"},
        # a short title without an author names no work
        {"year": 2019, "title": "Annual report"},
        {"year": 2019, "title": "Annual report"},
        # same volume and page but clearly different titles
        {"first_author": "Lee", "year": 2010, "title": "Glass transitions in thin films",
         "volume": "12", "pages": "44"},
        {"first_author": "Lee", "year": 2010, "title": "Urban heat islands of Asian cities",
         "volume": "12", "pages": "44"},
    ]  # fmt: skip
    out, _, decisions = match_references(_crossref_rows(rows), frame([], PAPER_COLUMNS), {})
    assert out["work_id"].nunique() == len(rows)
    reasons = set(decisions["reason"])
    assert {"short title without author", "same volume and page, titles differ"} <= reasons
    untitled = {"first_author": "Wang", "year": 2015, "venue": "Mol Ecol", "volume": "5"}
    refs = _crossref_rows([{**untitled, "pages": "1"}, {**untitled, "pages": "1"}, untitled])
    numbered = refs.assign(venue="Sci Rep")  # numbers its articles: page 1 names none
    out, _, _ = match_references(numbered, frame([], PAPER_COLUMNS), {})
    assert out["work_id"].nunique() == 3
    out, _, _ = match_references(refs, frame([], PAPER_COLUMNS), {})
    assert out["work_id"].nunique() == 2  # identical records from two papers: one work
    refs["citing_id"] = "p"
    refs["position"] = range(len(refs))
    out, _, decisions = match_references(refs, frame([], PAPER_COLUMNS), {})
    assert out["work_id"].nunique() == 3  # one paper cites two: the key names no one work
    assert decisions["reason"].str.contains("cites this volume twice").any()


def test_merges_of_one_work_written_twice():
    title = "Piezoelectric energy harvesting from roadways under open traffic conditions"
    article = {"year": 2022, "title": title, "venue": "Energies", "volume": "15"}
    rows = [
        # one paper lists an article twice, under two first authors
        {**article, "first_author": "Chen", "pages": "3395"},
        {**article, "first_author": "Zhang", "pages": "1"},
        # ... and under 2003a and 2003b
        {"first_author": "Pankhurst", "year": 2003, "year_suffix": "a", "title": title,
         "volume": "72", "pages": "125"},
        {"first_author": "Pankhurst", "year": 2003, "year_suffix": "b", "title": title,
         "volume": "72", "pages": "125"},
        {"first_author": "Pankhurst", "year": 2003, "year_suffix": "c", "title": title,
         "volume": "72", "pages": "271"},
    ]  # fmt: skip
    refs = _crossref_rows(rows)
    refs["citing_id"] = "p"
    refs["position"] = range(len(refs))
    out, _, _ = match_references(refs, frame([], PAPER_COLUMNS), {})
    ids = out.set_index("origin")["work_id"]
    assert ids["x#0"] == ids["x#1"]
    assert ids["x#2"] == ids["x#3"] != ids["x#4"]
    shorter = {**article, "title": title.rsplit(" ", 3)[0]}  # seven words: not enough
    refs = _crossref_rows([{**shorter, "first_author": "Chen"}, {**shorter, "first_author": "Li"}])
    out, _, _ = match_references(refs, frame([], PAPER_COLUMNS), {})
    assert out["work_id"].nunique() == 2


def test_overrides_copied_from_the_decisions_table_are_obeyed_on_the_next_run(tmp_path):
    doi = {"doi": "10.1162/0162288054894652", "first_author": "Brooks", "year": 2005}
    refs = pd.concat(
        [_refs(), _crossref_rows([doi, {**doi, "doi": doi["doi"].upper()}])], ignore_index=True
    )
    papers = frame([], PAPER_COLUMNS)
    first, _, decisions = match_references(refs, papers, {})
    ids = first.set_index("origin")["work_id"]
    assert ids["x#0"] == ids["x#1"]
    walt = [_work(first, "c.txt:1"), _work(first, "c.txt:2")]
    assert walt[0] != walt[1]
    title_merge = decisions[decisions["accepted"] & (decisions["rule"] == "short-form")].iloc[0]
    path = tmp_path / "overrides.csv"
    path.write_text(
        "action,a,b,note\n"
        "different,x#0,x#1,the user says the DOI is wrong\n"
        f"same,{walt[0]},{walt[1]},work ids of the last run\n"
        f'different,{title_merge["a_origin"]},"{title_merge["b_raw"]}",origin and raw string\n',
        encoding="utf-8",
    )
    second, _, again = match_references(refs, papers, {}, read_overrides(path))
    ids = second.set_index("origin")["work_id"]
    assert ids["x#0"] != ids["x#1"]
    assert _work(second, "c.txt:1") == _work(second, "c.txt:2")
    assert ids[title_merge["a_origin"]] != ids[title_merge["b_origin"]]
    overridden = again[again["rule"] == "override"]
    assert overridden["accepted"].all() and len(overridden) >= 1
    refused = again[~again["accepted"] & again["reason"].str.contains("override")]
    assert len(refused) >= 2  # the DOI merge and the short-form merge, each refused
    third, _, _ = match_references(refs, papers, {}, read_overrides(path))
    assert third.equals(second)


#: The name-list regex that _is_name_list replaces (exponential on long upper-case titles).
_NAME_LIST_REGEX = re.compile(
    r"^(?:et al\.?|(?:[A-Z][\w’'-]+,?\s(?:[A-Z]\.?\s?){1,3}[,;&]?\s*)+(?:et al\.?)?)$"
)


def test_name_lists_are_read_as_the_regex_reads_them():
    names = ["Smith J., Jones A.B. et al", "et al.", "O’Neil JP; Le-Roy A & Ba C", "SMITH JOHN X"]
    titles = ["Soft balancing", "Smith J. and the politics", "WALTZ KN, 1979, THEORY"]
    assert [_is_name_list(t) for t in names + titles] == [True] * 4 + [False] * 3
    slow = (  # a title of ManyAuthors.isi: the regex takes a second to say no
        "WHY ENERGY FLUX AND ABRAHAMS PHOTON MOMENTUM ARE MACROSCOPICALLY SUBSTITUTED FOR "
        "MOMENTUM DENSITY AND MINKOWSKIS PHOTON"
    )
    assert not _is_name_list(slow)
    tokens = ["Smith", "SMITH", "J", "J.", "AB", "A.B.", " ", ", ", "; ", " & ", "et al", ".", "\n"]
    tokens += ["O’Neil", "Le-Roy", "x", "1", "\t", "É", ",", ";", "&", "ABCD", "al"]
    rng = random.Random(3)
    for _ in range(20_000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 8)))
        assert _is_name_list(text) == bool(_NAME_LIST_REGEX.match(text)), repr(text)


@pytest.mark.parametrize("collecting", [True, False])
def test_matching_leaves_the_collector_as_it_was_and_text_as_objects(collecting):
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        out, works, decisions = match_references(_refs(), frame([], PAPER_COLUMNS), {})
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    for table in (out, works, decisions):
        text = [c for c in table.columns if table[c].dtype != object]
        assert all(table[c].dtype.kind in "bifu" or c == "year" for c in text), text


def test_author_year_needs_agreeing_initials_and_another_paper():
    lines = {
        "a": ["MYERS WO, 1989, J THORAC CARDIOV SUR, V97, P487", "Gong C., Zhang X., (2019)"],
        "b": ["Myers B.S., 1989", "Myers W., 1989"],
        "c": [
            "Gong Y., Guo J., Experimental realization of an intrinsic magnetic topological"
            " insulator, Chin. Phys. Lett., 36, (2019)"
        ],
        "d": ["Gong Y., (2019)", "Cooley J.W., Tukey J.W., An algorithm for the machine"
              " calculation of complex Fourier series, Math. Comput, 19, 90, pp. 297-301, (1965)"],
        "e": ["Cooley B.J.W., Tukey J.W., (1965)"],
    }  # fmt: skip
    out, _, _ = match_references(_refs(lines, "scopus"), frame([], PAPER_COLUMNS), {})
    assert _work(out, "b.txt:1") != _work(out, "a.txt:1")  # B.S. is not W.O.
    assert _work(out, "b.txt:2") == _work(out, "a.txt:1")  # W. can be W.O.
    assert _work(out, "a.txt:2") != _work(out, "c.txt:1")  # C. is not Y.
    assert _work(out, "d.txt:1") == _work(out, "c.txt:1")  # from another paper
    assert _work(out, "e.txt:1") == _work(out, "d.txt:2")  # one initial in common
    same_paper = {"a": ["Chen W., Liang Y., Hei X., Fract. Calc. Appl. Anal., 19, (2016)",
                        "Chen W., (2016)"]}  # fmt: skip
    out, _, _ = match_references(_refs(same_paper, "scopus"), frame([], PAPER_COLUMNS), {})
    assert _work(out, "a.txt:1") != _work(out, "a.txt:2")  # one list, two entries
    notes, _, _ = match_references(_refs(same_paper), frame([], PAPER_COLUMNS), {})
    assert _work(notes, "a.txt:1") == _work(notes, "a.txt:2")  # notes may repeat a work


def test_note_cut_inside_its_title_joins_its_article_by_journal_volume_and_page():
    lines = {
        "a": ["Strategy,” International Security 22, no. 1 (Summer 1997), 86-124"],
        "b": [
            "Christopher Layne, “From Preponderance to Offshore Balancing: America’s Future"
            " Grand Strategy,” International Security 22, no. 1 (Summer 1997), 86–124."
        ],
        "c": [
            "Tactics,” International Security 22, no. 1 (Summer 1997), 86-124",  # not its title
            "Strategy,” International Security 22, no. 1 (Summer 1998), 86-124",  # another year
        ],
    }
    out, _, decisions = match_references(_refs(lines), frame([], PAPER_COLUMNS), {})
    assert _work(out, "a.txt:1") == _work(out, "b.txt:1")
    assert _work(out, "a.txt:1").startswith("layne1997")
    assert _work(out, "c.txt:1") != _work(out, "b.txt:1")
    assert _work(out, "c.txt:2") != _work(out, "b.txt:1")
    assert (decisions["rule"] == "locator").sum() == 1


def test_cut_note_finds_its_article_whatever_the_case_of_the_journal():
    lines = {
        "a": ["Strategy,” INTERNATIONAL SECURITY 22, no. 1 (Summer 1997), 86-124"],
        "b": [
            "Christopher Layne, “From Preponderance to Offshore Balancing: America’s Future"
            " Grand Strategy,” International Security 22, no. 1 (Summer 1997), 86–124."
        ],
        "c": [  # same journal and year, another volume and page: no candidate
            "Stephen Walt, “Grand Strategy,” International Security 21, no. 1 (Summer 1997), 5-48."
        ],
    }
    out, _, decisions = match_references(_refs(lines), frame([], PAPER_COLUMNS), {})
    assert _work(out, "a.txt:1") == _work(out, "b.txt:1") != _work(out, "c.txt:1")
    assert decisions.loc[decisions["rule"] == "locator", "b_origin"].tolist() == ["a.txt:1"]


def test_the_slug_of_a_title_key_is_its_first_six_words():
    rng = random.Random(7)
    pieces = ["The", "of", "Théorie", "inter- national", "ACS-Nano", "2016", "Кажегельдин", "a"]
    pieces += ["O'Neil's", "x.y", "  ", "II", "de", "Über", "naïve", "z" * 12]
    for _ in range(500):
        key = title_key(" ".join(rng.choices(pieces, k=rng.randint(0, 12))))
        assert _key_slug(key) == slug(key), repr(key)


def test_readable_work_ids():
    digest = hashlib.sha1(b"smith|2001a|theory politics").hexdigest()[:6]
    assert _readable_id("smith", 2001, "a", "theory politics", "x") == (
        f"smith2001a-theory-politics-{digest}"
    )
    raw = hashlib.sha1(b"raw|Some  raw".replace(b"  ", b" ")).hexdigest()[:6]
    assert _readable_id("", 0, "", "", " Some  raw ") == f"work-{raw}"
    assert _readable_id("", 0, "", "one two three four five six seven", "").startswith(
        "one-two-three-four-five-six-"
    )


def _one_work(rows) -> bool:
    out, _, _ = match_references(_crossref_rows(rows), frame([], PAPER_COLUMNS), {})
    return out["work_id"].nunique() == 1


@pytest.mark.parametrize(
    "rows",
    [
        # "Introduction" of two books by one author in one year
        [
            {"first_author": "Smith", "year": 2010, "title": "Introduction", "venue": "Book A"},
            {"first_author": "Smith", "year": 2010, "title": "Introduction", "venue": "Book B"},
        ],
        # "Anonymous" is no author: two annual reports of one year
        [
            {"raw": "Anonymous (2010) Annual report. WHO, Geneva"},
            {"raw": "Anonymous (2010) Annual report. FAO, Rome"},
        ],
        # a journal read as the title: the first pages tell two articles apart
        [{"raw": "Smith J. Nature. 2010;465:100."}, {"raw": "Smith J. Nature. 2010;465:200."}],
    ],
)
def test_a_short_title_alone_joins_nothing(rows):
    assert not _one_work([{k: str(v) for k, v in r.items()} for r in rows])


def test_a_short_title_with_an_agreeing_locator_still_joins():
    row = {"first_author": "Bartels", "year": "2006", "title": "Constraint preserving"}
    rows = [
        {**row, "venue": "PAMM Proc. Appl. Math. Mech.", "volume": "6", "pages": "19-22"},
        {**row, "venue": "Proc. Appl. Math. Mech.", "volume": "6", "pages": "19-22"},
    ]
    assert _one_work(rows)


def test_a_journal_reference_without_page_joins_the_only_work_with_its_volume():
    bare = {"first_author": "Kosevich", "year": "1990", "venue": "Phys. Rep.", "volume": "194"}
    full = {**bare, "title": "Magnetic solitons", "pages": "117-238"}
    other = {**bare, "venue": "Phys Rep", "pages": "300-310"}
    assert _one_work([bare, full])
    out, _, decisions = match_references(
        _crossref_rows([bare, full, other]), frame([], PAPER_COLUMNS), {}
    )
    assert out["work_id"].nunique() == 3  # two articles of the volume: which one is open
    assert decisions["reason"].str.contains("ambiguous: 2 works").any()
