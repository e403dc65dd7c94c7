"""Look-up of works without a DOI at Crossref: validation alone, then against the emulator."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest

from refnet.config import validate_config
from refnet.emulator import Emulator
from refnet.errors import ConfigError
from refnet.match.lookup import (
    DEFAULTS,
    Cited,
    choose,
    citation_query,
    crossref_client,
    missing_fields,
    title_similarity,
    validate,
)
from refnet.match.parse import parse_references
from refnet.match.stage import identify, run_match
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS, frame
from refnet.sources.crossref import Candidate, parse_reference
from refnet.tables import write_parquet

WALTZ = "10.5555/refnet.lookup.a"
HAAS = "10.5555/refnet.lookup.b"
CENTRAL_ASIA = "10.5555/refnet.lookup.c"
BIBLIOGRAPHY = [
    "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).",
    "Ibid., 12.",
    "Inis L. Claude, The Balance of Power in International Politics (New York: Random House,"
    " 1962).",
    "Fixture, A., & Second, B. (2015). Soft balancing in Central Asia: Kazakhstan between"
    " Russia and China. Refnet Test Journal, 3, 1-20.",
]


def candidate(title="Theory of International Politics", surnames=("Waltz",), years=(1979,), **kw):
    return Candidate(kw.pop("doi", "10.1/x"), (title,), tuple(surnames), tuple(years), 1.0, **kw)


CITED = Cited("Theory of International Politics", "Waltz", 1979)


# -- validation, no HTTP ----------------------------------------------------------------------


def test_title_author_and_year_agree():
    verdict = validate(CITED, candidate(years=(1980,)), 0.9)
    assert verdict.agrees and verdict.title_similarity == 1.0
    assert verdict.author_agrees and verdict.year_agrees  # online-first: a year apart


def test_same_title_other_author_and_year_is_refused_with_both_reasons():
    verdict = validate(CITED, candidate(surnames=("Haas",), years=(1953,)), 0.9)
    assert not verdict.agrees
    assert (verdict.author_agrees, verdict.year_agrees) == (False, False)
    assert "first author Haas is not Waltz" in verdict.reason
    assert "year 1953 is not within 1 of 1979" in verdict.reason


def test_a_different_title_is_refused_whatever_the_score():
    other = candidate(title="Man, the State, and War")
    verdict = validate(CITED, other, 0.9)
    assert not verdict.agrees and verdict.title_similarity < 0.9
    assert verdict.reason.startswith("title similarity")


def test_subtitles_and_long_main_titles_count():
    with_subtitle = ("Soft Balancing in Central Asia", "Soft Balancing in Central Asia: Kazakhstan")
    assert title_similarity("Soft balancing in Central Asia: Kazakhstan", with_subtitle) == 1.0
    assert title_similarity("Soft Balancing in Central Asia: The Case", with_subtitle[:1]) == 1.0
    assert title_similarity("Soft Balancing: The Case", ("Soft Balancing",)) < 0.9  # short main
    assert title_similarity("THEORY INT POLITICS", ("Theory of International Politics",)) == 0.95
    assert title_similarity("THEORY INT", ("Theory of International Politics",)) < 0.9


def test_names_fold_diacritics_and_candidates_without_author_or_year_are_refused():
    cited = Cited("Kazakhstan's Multi-Vector Policy", "Kazhegel’din", 2001)
    assert validate(cited, candidate(cited.title, ("Kazhegeldin",), (2001,)), 0.9).agrees
    initials_first = Cited(cited.title, "J. Demek", 2001)
    assert validate(initials_first, candidate(cited.title, ("Demek",), (2001,)), 0.9).agrees
    assert not validate(initials_first, candidate(cited.title, ("J",), (2001,)), 0.9).agrees
    bare = validate(cited, candidate(cited.title, (), ()), 0.9)
    assert "no author" in bare.reason and "no year" in bare.reason


def test_two_equally_good_candidates_are_ambiguous_and_the_closer_one_wins_otherwise():
    twins = [candidate(doi="10.1/a"), candidate(doi="10.1/b")]
    verdicts, chosen = choose(CITED, twins, 0.9)
    assert chosen is None and all("ambiguous" in v.reason for v in verdicts)
    closer = [candidate(doi="10.1/a", years=(1980,)), candidate(doi="10.1/b")]
    verdicts, chosen = choose(CITED, closer, 0.9)
    assert chosen == 1 and verdicts[0].reason == "another candidate agrees better"


def test_query_string_and_the_fields_validation_needs():
    work = {"authors": "Waltz, Kenneth N.", "year": 1979, "title": "Theory", "venue": ""}
    assert citation_query(work) == "Waltz, Kenneth N. (1979) Theory"
    assert missing_fields(Cited("Theory", "Waltz", None)).endswith(
        "no year to validate a candidate"
    )
    assert missing_fields(Cited("", "", 1979)) == (
        "not looked up: no title, no first author to validate a candidate"
    )


# -- against the emulator ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def emu():
    with Emulator() as server:
        yield server


def inputs(extra: list[dict] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [
        {
            "citing_id": "p1",
            "position": i,
            "source": "bibliography",
            "origin": f"p1.txt:{i + 1}",
            "raw": raw,
        }
        for i, raw in enumerate(BIBLIOGRAPHY)
    ]
    rows.append(
        {"citing_id": "p2", "position": 0, "source": "crossref", "origin": "crossref:p2#0"}
        | {"doi": WALTZ.upper()}
    )
    refs = parse_references(frame(rows + (extra or []), REFERENCE_COLUMNS))
    papers = frame(
        [
            {"paper_id": "p1", "title": "One", "origin": "papers.yaml:1"},
            {"paper_id": "p2", "title": "Two", "origin": "papers.yaml:2"},
        ],
        PAPER_COLUMNS,
    )
    return refs, papers


def sources(emu, cache: Path, **more) -> dict:
    return {
        "base_urls": emu.base_urls(),
        "cache": str(cache),
        "requests_per_second": {"crossref": 1000},
        "backoff": 0.01,
        **more,
    }


def test_accepted_candidate_gives_the_work_its_doi_and_joins_it_to_that_doi(emu, tmp_path):
    refs, papers = inputs()
    emu.reset()
    matched, works, decisions, table = identify(refs, papers, {}, None, sources(emu, tmp_path))
    by_origin = matched.set_index("origin")
    assert by_origin.loc["p1.txt:1", "work_id"] == by_origin.loc["crossref:p2#0", "work_id"]
    assert by_origin.loc["p1.txt:1", "work_id"] == f"doi:{WALTZ}"
    assert by_origin.loc["p1.txt:2", "work_id"] == f"doi:{WALTZ}"  # ibid. follows
    assert by_origin.loc["p1.txt:1", "match_rule"] == "crossref-bibliographic"
    assert by_origin.loc["p1.txt:1", "match_score"] == 1.0
    assert by_origin.loc["p1.txt:1", "doi"] == ""  # the reference as written keeps no DOI
    assert by_origin.loc["p1.txt:4", "work_id"] == f"doi:{CENTRAL_ASIA}"  # print year, subtitle
    waltz = works.set_index("work_id").loc[f"doi:{WALTZ}"]
    assert waltz["citations"] == 2 and waltz["doi"] == WALTZ
    accepted = decisions[decisions["rule"] == "crossref-bibliographic"]
    assert set(accepted.loc[accepted["accepted"], "work_id"]) == {
        f"doi:{WALTZ}",
        f"doi:{CENTRAL_ASIA}",
    }
    taken = table[table["accepted"]]
    assert sorted(taken["candidate_doi"]) == [WALTZ, CENTRAL_ASIA]
    assert emu.counts()["crossref:/works?query"] == 3  # one query per work, ibid. included


def test_same_title_other_author_and_year_stays_without_doi(emu, tmp_path):
    refs, papers = inputs()
    matched, _, decisions, table = identify(refs, papers, {}, None, sources(emu, tmp_path))
    claude = matched.set_index("origin").loc["p1.txt:3"]
    assert not claude["work_id"].startswith("doi:") and claude["match_rule"] == "single"
    rows = table[table["work_id"] == claude["work_id"]]
    haas = rows[rows["candidate_doi"] == HAAS].iloc[0]
    assert haas["title_similarity"] == 1.0 and not haas["accepted"]
    assert not haas["author_agrees"] and not haas["year_agrees"]
    assert "first author Haas is not Claude" in haas["reason"]
    refused = decisions[(decisions["rule"] == "crossref-bibliographic") & ~decisions["accepted"]]
    assert f"crossref:{HAAS}" in set(refused["b_origin"])


def test_a_rerun_answers_every_query_from_the_cache(emu, tmp_path):
    refs, papers = inputs()
    first = identify(refs, papers, {}, None, sources(emu, tmp_path))
    emu.reset()
    again = identify(refs, papers, {}, None, sources(emu, tmp_path))
    assert sum(emu.counts().values()) == 0
    for one, two in zip(first, again, strict=True):
        pd.testing.assert_frame_equal(one, two)


def test_offline_skips_the_lookup_with_one_log_line(emu, tmp_path, caplog):
    refs, papers = inputs()
    emu.reset()
    off = {"lookup": {"enabled": False}}
    plain = identify(refs, papers, off, None, sources(emu, tmp_path))
    with caplog.at_level(logging.INFO, logger="refnet"):
        offline = identify(refs, papers, {}, None, sources(emu, tmp_path, offline=True))
    assert sum(emu.counts().values()) == 0
    lines = [r.getMessage() for r in caplog.records if "look-up" in r.getMessage()]
    assert lines == ["look-up of works without a DOI skipped: offline (sources.offline: true)"]
    for one, two in zip(plain, offline, strict=True):
        pd.testing.assert_frame_equal(one, two)
    assert offline[3].empty
    assert offline[0].set_index("origin").loc["p1.txt:1", "work_id"] != f"doi:{WALTZ}"
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="refnet"):
        identify(refs, papers, {}, None, sources(emu, tmp_path, order=["openalex"]))
    assert "skipped: crossref is not in sources.order" in caplog.text
    assert sum(emu.counts().values()) == 0


@pytest.mark.parametrize("kind", ["429", "503"])
def test_faults_are_retried_and_give_the_same_result(emu, tmp_path, kind):
    refs, papers = inputs()
    clean = identify(refs, papers, {}, None, sources(emu, tmp_path / "clean"))
    emu.reset()
    emu.inject("crossref", kind, count=2, retry_after="0")
    faulty = identify(refs, papers, {}, None, sources(emu, tmp_path / "faulty"))
    statuses = [r.status for r in emu.records() if r.route == "/works?query"]
    assert statuses.count(int(kind)) == 2 and statuses.count(200) == 3
    for one, two in zip(clean, faulty, strict=True):
        pd.testing.assert_frame_equal(one, two)


def test_max_queries_caps_the_lookups_and_lists_the_rest(emu, tmp_path):
    refs, papers = inputs()
    emu.reset()
    capped = {"lookup": {"max_queries": 1}}
    _, _, _, table = identify(refs, papers, capped, None, sources(emu, tmp_path))
    assert emu.counts()["crossref:/works?query"] == 1
    skipped = table[table["reason"].str.contains("max_queries")]
    assert len(skipped) == 2 and (skipped["rank"] == 0).all()


def test_run_match_writes_the_lookup_table_byte_identically(emu, tmp_path):
    refs, papers = inputs()
    write_parquet(refs, tmp_path / "refs.parquet")
    write_parquet(papers, tmp_path / "papers.parquet")
    outputs = []
    for run in ("one", "two"):
        names = ["refs.csv", "refs.parquet", "works.csv", "works.parquet", "decisions.csv"]
        paths = [str(tmp_path / run / n) for n in [*names, "lookup.csv"]]
        (tmp_path / run).mkdir()
        run_match(
            [str(tmp_path / "refs.parquet")],
            str(tmp_path / "papers.parquet"),
            {},
            None,
            *paths,
            sources=sources(emu, tmp_path / "cache"),
        )
        outputs.append([Path(p).read_bytes() for p in paths])
    assert outputs[0] == outputs[1]
    table = pd.read_csv(tmp_path / "one" / "lookup.csv", keep_default_na=False)
    assert set(table.loc[table["accepted"], "candidate_doi"]) == {WALTZ, CENTRAL_ASIA}


def test_real_reference_items_find_their_own_doi_again(emu, tmp_path, shared_data):
    """Reference items of the recorded works that cite another recorded work: with their
    DOI hidden, the look-up finds it again, and never a wrong one."""
    works = [
        json.loads(line)
        for line in (shared_data / "crossref/works_with_references.jsonl").read_text().splitlines()
    ]
    known = {w["DOI"].lower() for w in works}
    rows, truth = [], {}
    for work in works:
        for i, item in enumerate(work.get("reference", [])):
            doi = item.get("DOI", "").lower()
            if doi in known and doi != work["DOI"].lower():
                row = parse_reference(item, work["DOI"], i)
                truth[row["origin"]] = doi
                rows.append({**row, "doi": "", "citing_id": work["DOI"]})
    assert len(rows) >= 10
    refs = parse_references(frame(rows, REFERENCE_COLUMNS))
    papers = frame([], PAPER_COLUMNS)
    matched, _, _, table = identify(refs, papers, {}, None, sources(emu, tmp_path))
    found = matched[matched["match_rule"] == "crossref-bibliographic"]
    assert all(
        wid == f"doi:{truth[o]}" for o, wid in zip(found["origin"], found["work_id"], strict=True)
    )
    complete = refs[
        (refs["doi"] == "")  # a DOI written in the unstructured string is found by parsing
        & (refs["title"] != "")
        & (refs["first_author"] != "")
        & refs["year"].notna()
    ]
    assert len(complete) >= 10 and set(found["origin"]) == set(complete["origin"])
    refused = table[(table["rank"] > 0) & ~table["accepted"]]
    assert not refused.empty and (refused["reason"] != "").all()


def test_config_defaults_are_the_lookup_defaults_and_bad_values_are_named():
    config = validate_config({"name": "t", "inputs": {}})
    assert config["match"]["lookup"] == DEFAULTS
    with pytest.raises(ConfigError, match="match/lookup/min_title_similarity"):
        validate_config(
            {"name": "t", "inputs": {}, "match": {"lookup": {"min_title_similarity": 2}}}
        )


def test_the_lookup_client_is_slower_unless_configured(tmp_path):
    default = crossref_client({"cache": str(tmp_path)})
    assert default.limiter.interval == pytest.approx(1 / 3)
    chosen = crossref_client({"cache": str(tmp_path), "requests_per_second": {"crossref": 8}})
    assert chosen.limiter.interval == pytest.approx(1 / 8)
    assert default.base_url == "https://api.crossref.org"


def test_found_dois_are_folded_into_the_one_match_as_a_second_run_would_give(
    emu, tmp_path, monkeypatch
):
    from refnet.match import identity
    from refnet.match.identity import match_references

    refs, papers = inputs()
    runs = []
    rules = identity._match_all
    monkeypatch.setattr(identity, "_match_all", lambda r, *a: runs.append(len(r)) or rules(r, *a))
    matched, works, _, table = identify(refs, papers, {}, None, sources(emu, tmp_path))
    assert len(runs) == 1  # the rules ran once, the look-up's DOIs folded in
    taken = table[table["accepted"]].set_index("work_id")["candidate_doi"]
    assert len(taken) == 2
    # what matching again with the DOIs on their works' references gives: the same works
    work_of = match_references(refs, papers, {})[0].set_index("origin")["work_id"]
    gained = refs["origin"].map(work_of).map(taken)
    again, works_again, _ = match_references(
        refs.assign(doi=gained.fillna(refs["doi"])), papers, {}
    )
    assert matched["work_id"].tolist() == again["work_id"].tolist()
    assert works.equals(works_again)
