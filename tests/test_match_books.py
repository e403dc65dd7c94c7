"""Books cited without a title field (issue 13): cut and abbreviated titles, name variants,
editions and translations are one work; journals, serials, an author's other books and the
chapters of an edited volume stay apart, each refusal a decision with its reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from refnet.inputs.exports import read_exports
from refnet.match.books import same_person
from refnet.match.cut_titles import titles_agree, words_agree
from refnet.match.identity import match_references
from refnet.match.names import organisation_kind
from refnet.match.parse import parse_references


def _match(tmp_path: Path, lists: list[list[str]]):
    """Match the cited references of a WoS export with one record per list; returns
    (references, works, decisions)."""
    lines = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    for i, refs in enumerate(lists):
        lines += ["PT J", "AU Citing, A", f"TI Citing paper {i}", "PY 2020"]
        lines += [f"CR {refs[0]}", *(f"   {r}" for r in refs[1:])]
        lines += [f"UT WOS:{i:015d}", "ER"]
    path = tmp_path / "savedrecs.txt"
    path.write_text("\n".join([*lines, "EF", ""]), encoding="utf-8")
    papers, refs, _ = read_exports([str(path)])
    return match_references(parse_references(refs), papers, {})


def _work(matched: pd.DataFrame, raw: str) -> str:
    (work,) = set(matched.loc[matched["raw"] == raw, "work_id"])
    return work


@pytest.mark.parametrize(
    ("a", "b", "same_year"),
    [
        ("org action social sc", "org action", True),  # cut at 20 characters
        ("multiple regressiont", "multiple regression", True),
        ("controlling life j l", "controlling life jac", True),
        ("naturalist brit soci", "naturalist britain s", True),  # abbreviated words
        ("ranking nations nano", "ranking nations nato", True),  # a typing error
        ("sitkisa tool bibliom", "sitkis bibliometric", True),  # a word left out
        ("analise conteudo", "content anal", True),  # a translation, another order
        ("analise conteudo", "analisis contenido", False),  # a translation, another year
        ("itogi", "itogi archives russi", True),
        ("origin species means", "origin species means", False),
    ],
)
def test_titles_of_one_book_agree(a, b, same_year):
    assert titles_agree(a, b, same_year) and titles_agree(b, a, same_year)


@pytest.mark.parametrize(
    ("a", "b", "same_year"),
    [
        ("theory int politics", "theory social economic", True),  # one author's two books
        ("open innovation res", "open innovation new", True),
        ("open business model", "open innovation res", True),
        ("predicting initial c", "predicting present g", True),
        ("mendelian revolution", "evolution hist idea", True),  # no word left out first
        ("grundriss vergleiche", "grundzuge vergleiche", False),  # two Gegenbaur books
        ("report 2016 energy", "report 2017 energy", True),  # numbers differ
        ("growth biol", "growth biol thought", False),  # an edition needs the whole title
        ("theory", "theory int politics", False),
    ],
)
def test_titles_of_different_books_do_not(a, b, same_year):
    assert not titles_agree(a, b, same_year) and not titles_agree(b, a, same_year)


def test_words_agree():
    assert words_agree("sci", "science") and words_agree("j", "jac", cut=True)
    assert not words_agree("j", "jac") and not words_agree("res", "new")
    assert not words_agree("1998", "1999") and words_agree("aufsatze", "aufsaze")


def test_name_variants_are_one_person():
    assert same_person(("box", "box"), ("fisherboxjoan", "fisher", "box", "joan"))
    assert same_person(("higuchkoichii", "higuch", "koichii"), ("higuchi", "higuchi"))
    assert same_person(("bardin",), ("bardinlaurence", "bardin", "laurence"))
    assert not same_person(("lewontinrichard", "lewontin", "richard"), ("dawkins", "dawkins"))
    assert not same_person(("wang", "wang"), ("wong", "wong"))  # too short to guess


def test_cut_titles_name_variants_and_editions_are_one_work(tmp_path):
    lists = [
        ["THOMPSON J.D., 1967, ORG ACTION SOCIAL SC", "Darwin C., 1859, ORIGIN SPECIES MEANS"],
        ["THOMPSON JD, 1967, ORG ACTION", "Darwin C. R., 1872, ORIGIN SPECIES MEANS, V6th"],
        ["Box J., 1978, RA FISHER LIFE SCI", "HIGUCH KOICHII, 2016, KH CODER 3 REFERENCE"],
        ["Fisher Box Joan, 1978, RA FISHER LIFE SCI", "HIGUCHI K., 2016, KH CODER 3 REFERENCE"],
        ["FISHER JB, 1978, RA FISHER LIFE SCI", "GREENE W.H., 2003, ECONOMETRIC ANAL, V5TH ED."],
        ["GREENE, 1997, ECONOMETRIC ANAL"],
    ]
    matched, works, decisions = _match(tmp_path, lists)
    assert matched["work_id"].nunique() == 5
    origin = _work(matched, "Darwin C., 1859, ORIGIN SPECIES MEANS")
    assert works.set_index("work_id").at[origin, "years"] == "1859 1872"
    assert set(matched.loc[matched["work_id"] == origin, "year"]) == {1859, 1872}  # kept
    assert (decisions.loc[decisions["accepted"], "rule"] == "book").sum() >= 5


def test_different_books_journals_and_serials_stay_apart(tmp_path):
    lists = [
        ["WALTZ K, 1979, THEORY INT POLITICS", "SMITH J, 2005, J MANAGE STUD, V42, P1"],
        ["WALTZ K, 1979, THEORY SOCIAL ECONOMIC", "SMITH J, 2007, J MANAGE STUD"],
        ["KOLATA G, 2009, NY TIMES", "Trow-Smith R., 1957, HIST BRIT LIVESTOCK"],
        ["KOLATA G., 1991, NY TIMES", "TROW-SMITH R., 1959, HIST BRIT LIVESTOCK"],
    ]
    lists[3].append("Trow-Smith R., 1957, HIST BRIT LIVESTOCK")  # one list gives both years
    matched, _, decisions = _match(tmp_path, lists)
    assert matched.drop_duplicates("raw")["work_id"].is_unique
    reasons = set(decisions.loc[~decisions["accepted"] & (decisions["rule"] == "book"), "reason"])
    assert "other years of a serial" in reasons
    assert "one reference list cites both years, 2 apart: volumes or a serial" in reasons


def test_a_document_of_a_body_under_its_names_is_one_work(tmp_path):
    lists = [
        [
            "BEPA, 2013, GUID SOC INN",
            "*EC, 1996, GREEN PAP INN",
            "Arrow K., 1962, RATE DIRECTION INVEN",
        ],
        ["EUROPEAN COMMISSION, 2013, GUID SOC INN", "*EUR COMM, 1996, GREEN PAP INN"],
        ["NELSON R. R., 1962, RATE DIRECTION INVEN", "OECD, 2007, REV FIELD SCI TECHN"],
        ["OECD, 2007, REV FIELD SCI TECHN", "WORLD BANK, 2007, REV FIELD SCI TECHN"],
    ]
    matched, _, decisions = _match(tmp_path, lists)
    assert _work(matched, "BEPA, 2013, GUID SOC INN") == _work(
        matched, "EUROPEAN COMMISSION, 2013, GUID SOC INN"
    )
    assert _work(matched, "*EC, 1996, GREEN PAP INN") == _work(
        matched, "*EUR COMM, 1996, GREEN PAP INN"
    )
    # two persons under one title: chapters of an edited volume, not one document
    arrow, nelson = (_work(matched, r) for r in lists[0][2:] + lists[2][:1])
    assert arrow != nelson
    # one list gives both bodies: two documents, and the refusal is a decision
    assert _work(matched, "OECD, 2007, REV FIELD SCI TECHN") != _work(
        matched, "WORLD BANK, 2007, REV FIELD SCI TECHN"
    )
    refused = decisions.loc[~decisions["accepted"], "reason"]
    assert "one reference list gives both organisations" in set(refused)


def test_organisation_kind():
    assert organisation_kind("*EUR COMM") == "body"
    assert organisation_kind("ORGANISATION FOR ECONOMIC CO-OPERATION AND DEVELOPMENT") == "body"
    assert organisation_kind("BEPA") == "bare"
    assert organisation_kind("KUHN T. S.") == ""
    assert organisation_kind("Lewontin Richard") == ""


def test_chapters_are_part_of_their_volume_and_a_page_is_no_chapter(tmp_path):
    lists = [
        ["Kohn D, 1985, DARWINIAN HERITAGE", "LEVINS R, 1985, DIALECTICAL BIOL, P163"],
        ["Secord J. A., 1985, DARWINIAN HERITAGE, P519", "Lewontin R, 1985, DIALECTICAL BIOL"],
        ["Hodge M. J. S., 1985, DARWINIAN HERITAGE, P207"],
        ["Hodge M. J. S., 1985, DARWINIAN HERITAGE, P185", "LANDECKER H, 2007, CULTURING LIFE"],
        ["Lewontin Richard, 1985, DIALECTICAL BIOL, P163"],
        ["Landecker H, 2007, CULTURING LIFE, P68"],
        ["Lewontin R, 1985, DIALECTICAL BIOL, P100"],
    ]
    matched, works, decisions = _match(tmp_path, lists)
    volume = _work(matched, "Kohn D, 1985, DARWINIAN HERITAGE")
    secord = _work(matched, "Secord J. A., 1985, DARWINIAN HERITAGE, P519")
    hodge = {_work(matched, f"Hodge M. J. S., 1985, DARWINIAN HERITAGE, P{p}") for p in (207, 185)}
    assert len({volume, secord, *hodge}) == 4  # chapters at other pages: other works
    part_of = works.set_index("work_id")["part_of"]
    assert part_of[secord] == volume and {part_of[h] for h in hodge} == {volume}
    assert part_of[volume] == ""
    refused = decisions[~decisions["accepted"]]
    assert refused["reason"].str.contains("collection").any()
    # the same page of one book under its two authors: one chapter; a pinpoint: the book
    assert _work(matched, "LEVINS R, 1985, DIALECTICAL BIOL, P163") == _work(
        matched, "Lewontin Richard, 1985, DIALECTICAL BIOL, P163"
    )
    assert _work(matched, "LANDECKER H, 2007, CULTURING LIFE") == _work(
        matched, "Landecker H, 2007, CULTURING LIFE, P68"
    )
    assert part_of[_work(matched, "LANDECKER H, 2007, CULTURING LIFE")] == ""
