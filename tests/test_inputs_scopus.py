"""Scopus CSV reader on the real exports in ../shared/data/scopus."""

from __future__ import annotations

import csv

import pytest

from refnet.inputs.exports import read_exports
from refnet.inputs.scopus import parse_reference, read_scopus_csv, split_references


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", ["scopus_testing.csv", "bibx_scopus.csv"])
def test_every_row_is_a_paper_with_its_eid(shared_data, name):
    path = shared_data / "scopus" / name
    rows = _rows(path)
    papers, references, problems = read_scopus_csv(path)
    assert problems.empty and len(papers) == len(rows)
    assert sorted(papers["export_id"]) == sorted(f"scopus:{r['EID']}" for r in rows)
    with_refs = sum(1 for r in rows if r["References"].strip())
    assert references["origin"].str.split("#").str[0].nunique() == with_refs
    assert references["citing_id"].isin(papers["paper_id"]).all()
    assert references["year"].notna().mean() > 0.95
    assert (references["first_author"] != "").mean() > 0.9


def test_reference_strings_are_kept_whole(shared_data):
    path = shared_data / "scopus" / "scopus_testing.csv"
    _, references, _ = read_scopus_csv(path)
    text = "; ".join(r["References"] for r in _rows(path) if r["References"].strip())
    assert "; ".join(references.sort_values(["origin"], kind="stable")["raw"]) != ""
    assert sum(len(r) for r in references["raw"]) + 2 * (len(references) - 1) >= len(text) - (
        2 * references["citing_id"].nunique()
    )


def test_split_keeps_semicolons_inside_a_title():
    text = (
        "Maxwell J.; Joseph Larmor, A dynamical theory, Phil. Trans., 190, (1897); "
        "Bruno P., Theory of interlayer magnetic coupling, Phys. Rev. B, 52, (1995)"
    )
    refs = split_references(text)
    assert len(refs) == 2 and refs[0].startswith("Maxwell J.; Joseph Larmor")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Balkwill, F., Tumor necrosis factor? (2002) Cytokine Growth Factor Rev., 13, "
            "pp. 135-141",
            {
                "first_author": "Balkwill",
                "year": 2002,
                "title": "Tumor necrosis factor?",
                "venue": "Cytokine Growth Factor Rev",
                "volume": "13",
                "pages": "135-141",
            },
        ),
        (
            "Foldy L.L., Wouthuysen S.A., On the Dirac theory, Phys. Rev., 78, pp. 29-36, (1950)",
            {
                "first_author": "Foldy",
                "authors": "Foldy, L.L.; Wouthuysen, S.A.",
                "year": 1950,
                "title": "On the Dirac theory",
                "venue": "Phys. Rev.",
                "volume": "78",
            },
        ),
        (
            "Thonig D., Henk J., Phys. Rev. B, 92, (2015)",
            {"first_author": "Thonig", "venue": "Phys. Rev. B", "title": None},
        ),
        (
            "Roberts, A.P., (2014) Rev. Geophys., 52, pp. 557-602. , https://doi.org/10.1002/2014RG000462",
            {"doi": "10.1002/2014rg000462", "year": 2014},
        ),
        # older style without a title: the source is not one; a source with commas
        (
            "Stoner, E.C., Wohlfarth, E.P., (1948) Philos. Trans. R. Soc. London, Ser. A, 240,"
            " pp. 599-642",
            {"title": None, "venue": "Philos. Trans. R. Soc. London, Ser. A", "volume": "240"},
        ),
        # an article number in place of pages, after the volume or after ". ,"
        (
            "Hellwig, O., Berger, A., (2007) Appl. Phys.Lett., 90, 162516",
            {"volume": "90", "pages": "162516"},
        ),
        ("Piramanayagam, S.N., (2007) J. Appl. Phys., 102. , 011301", {"pages": "011301"}),
        # ... with a DOI before it or an ADS bibcode after it (bibx_scopus.ris)
        (
            "Hellwig, O., Moser, A., (2008) Appl. Phys. Lett., 93. , 10.1063/1.3013857 192501",
            {"volume": "93", "pages": "192501", "doi": "10.1063/1.3013857"},
        ),
        (
            "Lau, J.W., Litvinov, D., (2008) Appl. Phys. Lett., 92. , 012506 2008ApPhL.92a2506L",
            {"volume": "92", "pages": "012506"},
        ),
        # an ISSN after the volume is no article number
        ("Smith, J., (2001) Nature, 411. , 0028-0836", {"volume": "411", "pages": None}),
        ("White, R.L., (1997) IEEE Trans. Magn., 33, p. 990. , 0018-9464", {"pages": "990"}),
        # a book or report: what follows the year is its title, not a journal
        (
            "Singh, G.K., Miller, B.A., (2003) Area Socioeconomic Variations in US Cancer "
            "Incidence, , NCI, Bethesda",
            {"title": "Area Socioeconomic Variations in US Cancer Incidence", "venue": None},
        ),
    ],
)
def test_parse_reference(text, expected):
    parsed = parse_reference(text)
    assert {k: parsed.get(k) for k in expected} == expected


def test_duplicate_record_in_one_export_is_kept_once(shared_data):
    path = shared_data / "scopus" / "bibx_scopus.csv"
    papers, references, problems = read_exports([path])
    dup = problems[problems["reason"].str.startswith("duplicate")]
    assert len(papers) == len(_rows(path)) - len(dup) and len(dup) >= 1
    assert papers["paper_id"].is_unique
    counts = references.groupby("citing_id")["position"].agg(["size", "max"])
    assert (counts["size"] == counts["max"] + 1).all()
