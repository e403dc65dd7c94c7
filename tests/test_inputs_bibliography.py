"""Plain-text bibliographies: comments, sources, truncation markers."""

from __future__ import annotations

from pathlib import Path

from refnet.inputs.bibliography import bibliography_sources, parse_bibliography, read_bibliography

TEXT = """\
# key: paul2005
# source: https://example.org/page-1
# source: https://example.org/page-2
# note 1
Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).

# (next line truncated at the excerpt boundary)
William Wohlforth,
# a comment that is not a marker
Waltz, Theory of International Politics .
# (next line truncated at the excerpt boundary)
"""


def test_parse_bibliography() -> None:
    refs, problems = parse_bibliography(TEXT, "paul2005", "refs/bibliographies/paul2005.txt")
    assert refs["raw"].tolist() == [
        "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).",
        "William Wohlforth,",
        "Waltz, Theory of International Politics .",
    ]
    assert refs["truncated"].tolist() == [False, True, False]
    assert refs["position"].tolist() == [0, 1, 2]
    assert refs["origin"].tolist() == [f"refs/bibliographies/paul2005.txt:{n}" for n in (5, 8, 10)]
    assert set(refs["source"]) == {"bibliography"} and set(refs["citing_id"]) == {"paul2005"}
    assert refs["title"].tolist() == ["", "", ""]  # parsing is refnet.match.parse's job
    assert refs.attrs["sources"] == ["https://example.org/page-1", "https://example.org/page-2"]
    assert problems["origin"].tolist() == ["refs/bibliographies/paul2005.txt:11"]
    assert "no reference after it" in problems["reason"].iloc[0]


def test_key_mismatch_is_a_problem() -> None:
    _, problems = parse_bibliography("# key: other\nA ref\n", "paul2005", "b.txt")
    assert problems["origin"].tolist() == ["b.txt:1"]
    assert "'other'" in problems["reason"].iloc[0]


def test_empty_bibliography() -> None:
    refs, problems = parse_bibliography("# key: x\n# source: https://e.org\n", "x", "b.txt")
    assert refs.empty and problems.empty
    assert bibliography_sources("# source: https://e.org\n#source:http://f.org x\n") == [
        "https://e.org",
        "http://f.org",
    ]


def test_real_corpus_bibliographies(softbalancing: Path) -> None:
    """Every corpus file reads; the fragments are exactly the marked lines."""
    files = sorted((softbalancing / "bibliographies").glob("*.txt"))
    assert len(files) > 20
    for path in files:
        key = path.stem
        refs, problems = read_bibliography(path, key)
        lines = path.read_text(encoding="utf-8").splitlines()
        markers = sum(1 for line in lines if line.startswith("# (next line truncated"))
        assert int(refs["truncated"].sum()) + len(problems) == markers, path.name
        assert len(refs) == sum(1 for line in lines if line.strip() and not line.startswith("#"))
        assert refs.attrs["sources"], path.name
    refs, _ = read_bibliography(
        softbalancing / "bibliographies/he2015_contested_regional_orders.txt",
        "he2015_contested_regional_orders",
    )
    assert refs["raw"].iloc[-1] == "The Shangri-La Dialogu" and bool(refs["truncated"].iloc[-1])
    assert refs["raw"].iloc[8] == "Bull Hedley., 1977, ANARCHICAL SOC STUDY"
