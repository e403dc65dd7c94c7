"""Each client against the emulator serving the recorded real payloads and own fixtures."""

from __future__ import annotations

import gzip
import json

import pytest
import yaml

from refnet.emulator import Emulator
from refnet.sources import crossref, openalex, opencitations, semanticscholar
from refnet.sources.http import HttpClient, open_cache

SICI = "10.1002/(sici)1099-0771(199806)11:2<107::aid-bdm292>3.0.co;2-y"
AMPERSAND = "10.1207/s15327809jls0703&4_2"
BRACKETS = "10.1890/1051-0761(2003)013[0090:cmatei]2.0.co;2"


@pytest.fixture(scope="module")
def emu():
    with Emulator() as emulator:
        yield emulator


def make(emu, tmp_path, service) -> HttpClient:
    return HttpClient(
        service, emu.base_urls()[service], open_cache(tmp_path), rate=1000.0, backoff=0.01
    )


def test_crossref_real_payloads_give_every_deposited_reference(emu, tmp_path, shared_data):
    lines = (shared_data / "crossref" / "works_with_references.jsonl").read_text().splitlines()
    recorded = [json.loads(line) for line in lines[:3]]
    dois = [w["DOI"] for w in recorded]
    got = crossref.fetch(make(emu, tmp_path, "crossref"), dois)
    for work in recorded:
        fetched = got[work["DOI"]]
        assert fetched.found and fetched.metadata["title"] == work["title"][0]
        assert len(fetched.references) == len(work["reference"])
        assert fetched.references_reported == work["reference-count"]
        for item, row in zip(work["reference"], fetched.references, strict=True):
            assert row["raw"] == item.get("unstructured", "")
            assert row["doi"] == item.get("DOI", "").lower()
            assert row["origin"] == f"crossref:{work['DOI']}#{row['position']}"


def test_crossref_reference_kinds_from_fixture(emu, tmp_path):
    fetched = crossref.fetch(make(emu, tmp_path, "crossref"), ["10.5555/refnet.review.1"])
    refs = fetched["10.5555/refnet.review.1"].references
    assert refs[0]["doi"] == "10.5555/refnet.cited.a"  # publisher's case folded
    assert refs[1]["raw"].startswith("Waltz, K. N. (1979)")
    assert (refs[2]["title"], refs[2]["year"], refs[2]["isbn"]) == (
        "Balancing Risks",
        2006,
        "9780691124452",
    )
    assert refs[3]["venue"] == "International Security" and refs[3]["first_author"] == "Brooks"
    assert {k: v for k, v in refs[4].items() if v not in ("", None)}.keys() == {
        "position",
        "source",
        "origin",
    }


@pytest.mark.parametrize("doi", [SICI, AMPERSAND, BRACKETS])
def test_special_character_dois_round_trip_on_every_client(emu, tmp_path, doi):
    emu.reset()
    got = crossref.fetch(make(emu, tmp_path, "crossref"), [doi])[doi]
    assert got.found and got.metadata["doi"] == doi
    alex = openalex.fetch(make(emu, tmp_path, "openalex"), [doi])[doi]
    assert alex.found and alex.metadata["doi"] == doi
    cites = opencitations.fetch(make(emu, tmp_path, "opencitations"), [doi])[doi]
    assert cites.found and cites.doi == doi
    assert [r["doi"] for r in cites.references] == ["10.5555/refnet.cited.a"]
    paper = semanticscholar.fetch(make(emu, tmp_path, "semanticscholar"), [doi])[doi]
    assert paper.found and paper.metadata["doi"] == doi
    sent = {r.service: r.target for r in emu.records()}
    for service in ("crossref", "opencitations"):  # the DOI is in the path: every byte encoded
        path = sent[service].split("?", 1)[0]
        assert not set("<>&;[]") & set(path), path
    alex_query = sent["openalex"].split("?", 1)[1]  # a filter value: encoded, not split on &
    assert alex_query.count("&") == 1 and "per-page=" in alex_query
    assert not set("<>[]") & set(alex_query)


def test_openalex_real_page_in_batches_with_cited_works(emu, tmp_path, shared_data):
    page = json.loads((shared_data / "openalex" / "works_page.json").read_text())
    works = [w for w in page["results"] if w["doi"]][:2]
    dois = [w["doi"].removeprefix("https://doi.org/") for w in works]
    emu.reset()
    got = openalex.fetch(make(emu, tmp_path, "openalex"), dois)
    for work, doi in zip(works, dois, strict=True):
        assert got[doi].found and got[doi].metadata["title"] == work["title"]
        assert [r["openalex_id"] for r in got[doi].references] == [
            u.rsplit("/", 1)[1] for u in work["referenced_works"]
        ]
        assert got[doi].references_reported == work["referenced_works_count"]
    cited = {u for w in works for u in w["referenced_works"]}
    batches = -(-len(cited) // openalex.BATCH)
    counts = emu.counts()
    assert counts["openalex:/works"] == 1 + batches  # DOIs in one call, cited ids in batches
    # cited works absent from the recording are asked for singly, once each
    assert counts["openalex:/works/{id}"] == len(cited)


def test_openalex_merged_id_is_followed_and_recorded(emu, tmp_path):
    http = make(emu, tmp_path, "openalex")
    got = openalex.fetch(http, ["10.5555/refnet.review.1"])["10.5555/refnet.review.1"]
    assert [r["openalex_id"] for r in got.references] == ["W1001", "W1002", "W1004"]
    assert got.references[2]["title"] == "Merged work C"
    assert http.records.get("openalex/id/W1003")["merged_into"] == "W1004"


def test_opencitations_real_references(emu, tmp_path, shared_data):
    doi = "10.1108/jd-12-2013-0166"
    got = opencitations.fetch(make(emu, tmp_path, "opencitations"), [doi])[doi]
    assert got.found and len(got.references) > 10
    assert any(r["doi"].startswith("10.1002/(sici)") for r in got.references)
    assert opencitations.cited_dois("omid:br/1 doi:10.1234/A pmid:3 doi:10.5678/b") == [
        "10.1234/a",
        "10.5678/b",
    ]


def test_semanticscholar_real_paper_and_null_entries(emu, tmp_path, shared_data):
    paper = json.loads((shared_data / "semanticscholar" / "Paper.json").read_text())
    doi = paper["externalIds"]["DOI"].lower()
    got = semanticscholar.fetch(make(emu, tmp_path, "semanticscholar"), [doi, "10.5555/absent"])
    assert got[doi].found and got[doi].metadata["title"] == paper["title"]
    assert len(got[doi].references) == len(paper["references"])
    assert got["10.5555/absent"].reason == "not found at semanticscholar"
    fixture = semanticscholar.fetch(
        make(emu, tmp_path, "semanticscholar"), ["10.5555/refnet.review.1"]
    )["10.5555/refnet.review.1"]
    assert fixture.references[1]["doi"] == "" and fixture.references[1]["year"] == 1979


def test_crossref_bibliographic_query_is_encoded_cached_and_parsed(emu, tmp_path):
    http = make(emu, tmp_path, "crossref")
    citation = "Waltz, K.  (1979)  Theory of International Politics; Reading & London <1st ed.>"
    emu.reset()
    candidates, error = crossref.query_bibliographic(http, citation)
    again, _ = crossref.query_bibliographic(http, citation)
    assert error == "" and again == candidates and http.requests == 1
    best = candidates[0]
    assert (best.doi, best.titles, best.surnames, best.years) == (
        "10.5555/refnet.lookup.a",
        ("Theory of International Politics",),
        ("Waltz",),
        (1979,),
    )
    assert len(candidates) <= crossref.QUERY_ROWS
    target = emu.records()[0].target
    assert target.count("&") == 2  # query.bibliographic, rows, select; the citation's & encoded
    assert "rows=5" in target and "select=DOI%2Ctitle" in target


def test_crossref_candidates_from_real_recorded_list_items(shared_data):
    cassette = shared_data / "crossref/cassettes_works/test_works_field_queries.yaml"
    body = yaml.safe_load(cassette.read_text())["interactions"][0]["response"]["body"]["string"]
    items = json.loads(gzip.decompress(body) if isinstance(body, bytes) else body)["message"]
    first = crossref.parse_candidate(items["items"][0])
    assert first.doi == items["items"][0]["DOI"].lower() and first.score > 0
    assert first.titles[0] == items["items"][0]["title"][0]
    assert first.surnames[0] == items["items"][0]["author"][0]["family"]
    assert first.years and all(1900 < y < 2100 for y in first.years)
