"""Hundreds of bad inputs (tests/bad_inputs.py) through real Snakemake runs.

One offline run reads every independent bad entry at once; each must end as a kept record
(its text neutralised in every CSV) or a row of results/problems.csv at its file and line:
no traceback, no silent loss, no formula cell. The reviews that must stop get one
message each and no traceback.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from bad_inputs import HOSTILE, formula_cells, make_review, stop_cases

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]


def snakemake(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*SNAKEMAKE, "--directory", str(folder)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad") / "review"
    cases = make_review(folder)
    done = snakemake(folder)
    return folder, cases, done


def test_there_are_at_least_200_cases(bad_run):
    _, cases, _ = bad_run
    assert len(cases) + len(stop_cases()) >= 200, len(cases)


def test_the_run_completes_without_a_traceback(bad_run):
    _, _, done = bad_run
    console = done.stdout + done.stderr
    assert done.returncode == 0, console[-4000:]
    assert "Traceback" not in console


def _origins(folder: Path) -> tuple[set[str], set[str]]:
    results = folder / "results"
    kept: set[str] = set()
    for table in ("papers.csv", "references.csv"):
        origins = pd.read_csv(results / table, dtype=str, keep_default_na=False)["origin"]
        kept |= {o.split("#")[0] for o in origins}
    problems = pd.read_csv(results / "problems.csv", dtype=str, keep_default_na=False)
    return kept, set(problems["origin"])


def test_every_case_is_kept_or_a_problem_at_its_line(bad_run):
    folder, cases, done = bad_run
    assert done.returncode == 0
    kept, problems = _origins(folder)
    lost = [c for c in cases if c.origin not in (kept if c.kept else problems)]
    assert not lost, "\n".join(f"{c.kind} {c.origin} {c.note}" for c in lost[:30])


def test_no_csv_holds_a_formula_cell(bad_run):
    folder, _, done = bad_run
    assert done.returncode == 0
    csvs = sorted((folder / "results").rglob("*.csv"))
    assert len(csvs) >= 10
    bad = {str(p.relative_to(folder)): formula_cells(p) for p in csvs}
    assert not {k: v for k, v in bad.items() if v}


def test_parquet_keeps_the_true_text_and_csv_the_neutralised_one(bad_run):
    folder, _, done = bad_run
    assert done.returncode == 0
    papers = pd.read_parquet(folder / "results/resolved/papers.parquet")
    shown = pd.read_csv(folder / "results/papers.csv", dtype=str, keep_default_na=False)
    starts = ("=", "+", "-", "@")
    for text in [t.strip() for t in HOSTILE if t.strip().startswith(starts)]:  # titles stripped
        assert text in set(papers["title"]), text
        assert "'" + text in set(shown["title"]), text


def test_nothing_outside_the_review_folder_was_read(bad_run):
    folder, _, done = bad_run
    assert done.returncode == 0
    for path in (folder / "results").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"root:x:0:0" not in data, path


@pytest.fixture(scope="module")
def stops(tmp_path_factory):
    def one(item):
        name, (files, _) = item
        folder = tmp_path_factory.mktemp("stop")
        for rel, data in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
        return name, snakemake(folder)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(pool.map(one, stop_cases().items()))


@pytest.mark.parametrize("name", sorted(stop_cases()))
def test_a_broken_review_stops_with_one_message(stops, name):
    done = stops[name]
    console = done.stdout + done.stderr
    expected = stop_cases()[name][1]
    assert done.returncode != 0, console[-2000:]
    assert expected in console, console[-2000:]
    assert "Traceback" not in console
    assert console.count("refnet: ") == 1, console[-2000:]
