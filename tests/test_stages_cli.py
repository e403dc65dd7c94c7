"""`refnet run <stage>`: a stage rerun from a shell writes what its rule wrote."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_workflow import make_review, snakemake

from refnet.config import load_config
from refnet.errors import InputError
from refnet.stages import STAGES, run_named

REFNET = [sys.executable, "-m", "refnet.cli"]


def refnet(folder: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([*REFNET, *args], cwd=folder, capture_output=True, text=True)
    assert (done.returncode == 0) == ok, done.stdout[-2000:] + done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stages")
    make_review(folder)
    snakemake(folder, "results/references.csv", "results/bib/review.bib")  # what is rerun here
    return folder


def test_every_rule_runs_a_registered_stage():
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    called = {p.stem for p in scripts.glob("*.py") if f'run_stage("{p.stem}"' in p.read_text()}
    assert called == set(STAGES)


def test_match_rerun_from_the_shell_is_byte_identical(review, tmp_path):
    config = load_config(review / "refs" / "review.yaml")
    parsed = sorted((review / "results/parsed/bibliography").glob("*.parquet"))
    settings = json.dumps({"match": config["match"], "sources": config["sources"]})
    outputs = {
        "references": "match/references.parquet",
        "references_csv": "references.csv",
        "works": "match/works.parquet",
        "works_csv": "works.csv",
        "decisions": "match/decisions.csv",
        "lookup": "match/lookup.csv",
    }
    refnet(
        review,
        "run",
        "match",
        "--input=papers=results/resolved/papers.parquet",
        "--input=online=results/resolved/references.parquet",
        "--input=exported=results/seeds/export_references.parquet",
        *[f"--input=parsed={p}" for p in parsed],
        *[f"--output={name}={tmp_path / path}" for name, path in outputs.items()],
        "--settings",
        settings,
    )
    for path in outputs.values():
        assert (tmp_path / path).read_bytes() == (review / "results" / path).read_bytes(), path


def test_bibliographies_settings_from_a_yaml_file(review, tmp_path):
    (tmp_path / "none.yaml").write_text("{}\n")
    names = [(name, ext) for name in ("review", "cited") for ext in ("bib", "ris", "json")]
    refnet(
        review,
        "run",
        "bibliographies",
        "--input",
        "papers=results/resolved/papers.parquet",
        "--input",
        "works=results/match/works.parquet",
        *[f"--output={n}_{e}={tmp_path / 'out' / f'{n}.{e}'}" for n, e in names],
        "--settings",
        f"@{tmp_path / 'none.yaml'}",
    )
    for name, ext in names:
        written = (tmp_path / "out" / f"{name}.{ext}").read_bytes()
        assert written == (review / "results" / "bib" / f"{name}.{ext}").read_bytes()


def test_a_wrong_name_is_refused_naming_it(review):
    done = refnet(review, "run", "bibliographies", "--input", "paper=x.parquet", ok=False)
    assert "no input named 'paper'" in done.stderr and "papers, works" in done.stderr
    done = refnet(review, "run", "bibliographies", "--input", "papers", ok=False)
    assert "expected NAME=PATH" in done.stderr and "--input" in done.stderr
    done = refnet(review, "run", "nosuch", ok=False)
    assert "no stage 'nosuch'" in done.stderr


def test_a_missing_input_or_setting_is_named():
    with pytest.raises(InputError, match="exactly one input 'works'"):
        outputs = {name: ["x"] for name in STAGES["bibliographies"].outputs}
        run_named("bibliographies", {"papers": ["a.parquet"]}, outputs)
    with pytest.raises(InputError, match="needs the setting 'name'"):
        run_named("report", {k: ["x"] for k in STAGES["report"].inputs}, {"report": ["r"]})


def test_list_names_every_stage(review):
    listed = refnet(review, "run", "--list").stdout
    assert [line.split(":")[0] for line in listed.splitlines() if not line.startswith(" ")] == [
        *STAGES
    ]
