"""The match stage as files: tables in, tables out, the same bytes on every run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from refnet.match.stage import run_match
from refnet.model import PAPER_COLUMNS, REFERENCE_COLUMNS, frame
from refnet.tables import read_parquet, write_parquet

BIBLIOGRAPHY = [
    "Kenneth N. Waltz, Theory of International Politics (Reading, MA: Addison-Wesley, 1979).",
    "Ibid., 45.",
    "Robert A. Pape, “Soft Balancing against the United States,” International Security 30,"
    " no. 1 (Summer 2005): 7–45.",
]
CROSSREF = [
    {"raw": "WALTZ KN, 1979, THEORY INT POLITICS"},
    {"raw": "Pape RA. Soft balancing against the United States. Int Secur. 2005;30:7-45."},
    {
        "raw": "Brooks SG, Wohlforth WC. Hard times for soft balancing. Int Secur. 2005;30:72-108.",
        "doi": "10.1162/0162288054894652",
    },
    {"doi": "10.1162/0162288054894652", "first_author": "Brooks", "year": 2005},
]


def _write_inputs(folder: Path, order: int) -> list[str]:
    bib = [
        {
            "citing_id": "a",
            "position": i,
            "source": "bibliography",
            "origin": f"a.txt:{i + 1}",
            "raw": raw,
        }
        for i, raw in enumerate(BIBLIOGRAPHY)
    ]
    cross = [
        {"citing_id": "b", "position": i, "source": "crossref", "origin": f"crossref:b#{i}", **r}
        for i, r in enumerate(CROSSREF)
    ]
    paths = []
    for name, rows in (("bib", bib), ("cross", cross)):
        rows = rows if order == 0 else rows[::-1]
        path = folder / f"{name}.parquet"
        write_parquet(frame(rows, REFERENCE_COLUMNS), path)
        paths.append(str(path))
    papers = frame(
        [
            {"paper_id": "a", "title": "A review", "year": 2010, "origin": "papers.yaml:1"},
            {"paper_id": "b", "doi": "10.1/b", "year": 2011, "origin": "papers.yaml:2"},
        ],
        PAPER_COLUMNS,
    )
    write_parquet(papers, folder / "papers.parquet")
    return paths if order == 0 else paths[::-1]


def _run(folder: Path, order: int) -> dict[str, bytes]:
    folder.mkdir()
    paths = _write_inputs(folder, order)
    names = ["refs.csv", "refs.parquet", "works.csv", "works.parquet", "decisions.csv"]
    outs = [str(folder / "out" / n) for n in names]
    (folder / "out").mkdir()
    run_match(paths, str(folder / "papers.parquet"), {}, None, *outs)
    return {n: Path(o).read_bytes() for n, o in zip(names, outs, strict=True)}


def test_run_match_writes_matched_tables_deterministically(tmp_path):
    first = _run(tmp_path / "one", 0)
    again = _run(tmp_path / "two", 0)
    shuffled = _run(tmp_path / "three", 1)
    assert first == again
    assert first["refs.csv"] == shuffled["refs.csv"]  # input order does not matter
    assert first["works.csv"] == shuffled["works.csv"]
    refs = read_parquet(tmp_path / "one/out/refs.parquet")
    by_origin = refs.set_index("origin")["work_id"]
    assert by_origin["a.txt:1"] == by_origin["a.txt:2"] == by_origin["crossref:b#0"]  # Waltz
    assert by_origin["a.txt:3"] == by_origin["crossref:b#1"]  # Pape, two styles
    assert by_origin["crossref:b#2"] == by_origin["crossref:b#3"] == "doi:10.1162/0162288054894652"
    works = pd.read_csv(tmp_path / "one/out/works.csv", dtype=str)
    assert set(works["work_id"]) == set(refs["work_id"])
    waltz = works.set_index("work_id").loc[by_origin["a.txt:1"]]
    assert waltz["citations"] == "2" and waltz["label"] == "Waltz 1979"
