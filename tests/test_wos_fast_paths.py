"""The Web of Science reader's fast paths against its general ones, on real exports."""

from __future__ import annotations

import pandas as pd
import pytest

from refnet import ids
from refnet.inputs import wos
from refnet.inputs.exports import read_exports
from refnet.match import parse_wos

WOS_FILES = ["testFile", "badFile", "ManyAuthors", "OnePaper", "TwoPaper"]


def _real_crs(shared_data) -> list[str]:
    crs: dict[str, None] = {}
    for name in WOS_FILES:
        text = (shared_data / "wos" / f"{name}.isi").read_text(encoding="utf-8-sig")
        records, _ = wos.parse_wos_text(text, name)
        crs.update(dict.fromkeys(cr.strip() for r in records for cr in r.values("CR")))
    return list(crs)


def test_plain_cited_fields_agree_with_the_general_reading_on_real_crs(shared_data):
    crs = _real_crs(shared_data)
    fast = [parse_wos._plain_cited_fields(cr) for cr in crs]
    assert sum(f is not None for f in fast) > 0.9 * len(crs)
    assert [f for f in fast if f is not None] == [
        parse_wos._cited_fields(cr) for cr, f in zip(crs, fast, strict=True) if f is not None
    ]


#: Authors and DOIs at the edges of the fast path's author and bare-DOI groups.
_EDGES = [
    "Smith AB, 2001, J X, V1, P2, DOI 10.1000/abc.",
    "Smith AB, 2001, J X, DOI 10.1000/abc)",
    "Smith AB, 2001, J X, DOI 10.1000/(abc)",
    "Smith AB, 2001, J X, DOI 10.1000/a(b",
    "Smith AB, 2001, J X, DOI 10.1000/abc;",
    "Smith AB, 2001, J X, DOI 10.1000/abc]",
    "Smith AB, 2001, J X, DOI 10.1000/abc>",
    "Smith AB, 2001, J X, DOI 10.1000/abc}",
    "Smith AB, 2001, J X, DOI 10.1000/a%2Fb",
    "Smith AB, 2001, J X, DOI 10.1000/a b",
    "Smith AB, 2001, J X, DOI 10.1000/\u00c9T\u0130",
    "Smith AB, 2001, J X, DOI 10.1000.5/X",
    "Smith AB, 2001, J X, DOI 10.100/x",
    "Smith AB, 2001, J X, DOI 10.\u0661\u0662\u0663\u0664/x",
    "Smith AB, 2001, J X, DOI DOI 10.1000/x",
    "Smith AB, 2001, J X, DOI [10.1000/x, 10.1000/y]",
    "Smith ABCDE, 2001, J X",
    "Smith ab, 2001, J X",
    "Smith A.B., 2001, J X",
    "Smith \u00c9B, 2001, J X",
    "Smith\tAB, 2001, J X",
    "Smith  AB, 2001, J X",
    "Van der Berg AB, 2001, J X",
    "AB CD, 2001, J X",
    "Smith A B, 2001, J X",
    "2001 AB, 2001, J X",
    "DOI AB, 2001, J X",
]


#: Cited references of the plain shape and near misses (the fast path must agree or pass).
_CRS = [
    "ALLEN PJ, 1966, AM J PHYS, V34, P1185, DOI 10.1119/1.1972",
    "ALLEN PJ, 1966, AM J PHYS, V34, P1185",
    "ALLEN PJ, 1966, AM J PHYS, P1185",
    "ALLEN PJ, 1966, AM J PHYS, DOI 10.1119/1.1972",
    "ALLEN PJ, 1966, AM J PHYS",
    "1966, AM J PHYS, V34, P1185",
    "1999, 1966, AM J PHYS, V34",
    "DOI 10.1119/1.1972, 1966, AM J PHYS, V34",
    "ALLEN PJ, 1966, V34, P1185",
    "ALLEN PJ, 1966, P12, V34",
    "ALLEN PJ, 1966, DOI 10.1119/1.1972",
    "ALLEN PJ, 1966, AM J PHYS, V 34, P1185",
    "ALLEN PJ, 1966, AM J PHYS, V34 , P1185",
    "ALLEN PJ, 1966, AM J PHYS,  V34",
    "ALLEN PJ , 1966, AM J PHYS, V34",
    "ALLEN PJ, 1966, AM J PHYS, V34, V35",
    "ALLEN PJ, 1966, AM J PHYS, PROCEEDINGS",
    "ALLEN PJ, 1966, AM J PHYS, V34, DI 10.1119/1.1972",
    "ALLEN PJ, 1966, AM J PHYS, DOI [10.1119/1.1972, 10.1119/1.1973]",
    "ALLEN PJ, 1966, AM J PHYS, DOI 10.1119/1.1972, V34",
    "ALLEN PJ, ١٩٦٦, AM J PHYS, V34",
    "ALLEN PJ, 1966, AM J PHYS, V34\u00a0",
    "ALLEN PJ,1966, AM J PHYS, V34",
]


@pytest.mark.parametrize("cr", _CRS + _EDGES)
def test_plain_cited_fields_agree_with_the_general_reading(cr):
    fast = parse_wos._plain_cited_fields(cr)
    assert fast is None or fast == parse_wos._cited_fields(cr)


def test_plain_cited_fields_take_plain_crs():
    assert parse_wos._plain_cited_fields(_CRS[0]) == parse_wos._cited_fields(_CRS[0])
    assert parse_wos._plain_cited_fields(_CRS[0])[-1] == "10.1119/1.1972"


def test_bare_dois_end_where_normalize_doi_trims_nothing():
    trimmed = set(ids._TRAILING) | set(ids._PAIRS)
    assert trimmed <= set(parse_wos._DOI_TRIMMED)
    assert parse_wos._plain_cited_fields(_EDGES[1])[-1] == "10.1000/abc"


def test_plain_author_group_is_split_author():
    fields = parse_wos._plain_cited_fields("Smith AB, 2001, J X")
    assert (
        fields[:2]
        == ("Smith", "Smith, AB")
        == (
            parse_wos.split_author("Smith AB")[0],
            "Smith, AB",
        )
    )


def _file_order_references(path) -> pd.DataFrame:
    """The references of a WoS file in file order, sorted as read_exports sorts them."""
    records, _ = wos.parse_wos_text(path.read_text(encoding="utf-8-sig"), str(path))
    papers = [wos.record_paper(r, str(path)) for r in records]
    crs = [(p["paper_id"], i, line, cr.strip()) for r, p in zip(records, papers, strict=True)
           for i, (line, cr) in enumerate(r.fields.get("CR", []))]  # fmt: skip
    citing, position, lines, raws = (list(c) for c in zip(*crs, strict=True))
    refs = wos.references_table(citing, position, lines, raws, str(path))
    return refs.sort_values(["citing_id", "position"], kind="stable").reset_index(drop=True)


def test_references_come_in_the_order_of_a_sort_of_the_file_order(shared_data):
    path = shared_data / "wos" / "ManyAuthors.isi"
    records, _ = wos.parse_wos_text(path.read_text(encoding="utf-8-sig"), str(path))
    _, refs = wos.records_tables(records, str(path))
    pd.testing.assert_frame_equal(refs, _file_order_references(path))
    _, exported, _ = read_exports([path])
    pd.testing.assert_frame_equal(exported, _file_order_references(path))


def test_records_of_one_id_keep_the_stable_sort_of_their_references(tmp_path):
    record = "PT J\nAU X, A\nTI Same\nPY 2001\nCR A, 2001, J\n   B, 2002, K\nER\n"
    other = "PT J\nAU Y, B\nTI Other\nPY 2001\nCR C, 2003, L\nER\n"
    path = tmp_path / "same.txt"
    path.write_text(
        "FN x\nVR 1.0\n" + record + other + record.replace("B, 2002", "D, 2004") + "EF\n"
    )
    _, refs, _ = read_exports([path])
    same = refs[refs["raw"] != "C, 2003, L"]
    assert same["citing_id"].nunique() == 1
    assert same["raw"].tolist() == ["A, 2001, J", "A, 2001, J", "B, 2002, K", "D, 2004, K"]
    pd.testing.assert_frame_equal(refs, _file_order_references(path))


def test_continuation_lines_of_broken_records_and_after_the_end_are_dropped():
    text = "\n".join(
        ["FN x", "VR 1.0", "PT J", "TI A", "junk", "   more", "CR A, 2001, J", "   B, 2002, K",
         "ER", "PT J", "TI Long", "   title", "CR C, 2003, L", "   D, 2004, M", "ER", "EF",
         "   late", ""]
    )  # fmt: skip
    records, problems = wos.parse_wos_text(text, "f")
    assert [(r.text("TI"), r.values("CR")) for r in records] == [
        ("Long title", ["C, 2003, L", "D, 2004, M"])
    ]
    assert [p["origin"] for p in problems] == ["f:5", "f:17"]
