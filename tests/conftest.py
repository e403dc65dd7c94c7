"""Shared fixtures: the project root and the real data beside the project."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


#: The slowest test files (most Snakemake runs, the SLURM queue, the browser), slowest first.
#: `make test` runs files in this order (`--dist loadfile --no-loadscope-reorder`), so no
#: worker starts a long file while the other is about to run out of work.
SLOW_FIRST = (
    "test_slurm.py",
    "test_workflow_online.py",
    "test_discover_workflow.py",
    "test_workflow_faults.py",
    "test_bad_inputs.py",
    "test_report_html.py",
    "test_workflow_shards.py",
    "test_workflow_fronts.py",
    "test_packaging.py",
    "test_workflow.py",
    "test_stages_cli.py",
    "test_review_identity.py",
    "test_workflow_exports.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slow files first (the others keep their order)."""
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def root() -> Path:
    """The project root."""
    return ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (real recorded responses and exports), or skip."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"real data folder {path} is absent (it lives beside the project, not in it)")
    return path


@pytest.fixture(scope="session")
def softbalancing() -> Path:
    """``../shared/softbalancing``, or skip."""
    path = SHARED / "softbalancing"
    if not path.is_dir():
        pytest.skip(f"soft-balancing corpus {path} is absent")
    return path


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]):
    """The folder ``name`` made by ``build(folder)`` once per test session: the xdist workers
    share it (the first to ask builds it while the other waits on a lock). Read it only."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-N/, beside the workers' popen-gwK/
    folder, done = base / name, base / f"{name}.built"
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def _run_embedded_review(folder: Path) -> None:
    shutil.copytree(ROOT / "refs", folder / "refs")
    with (folder / "refs" / "review.yaml").open("a", encoding="utf-8") as review:
        review.write("\nsources:\n  offline: true\n")
    targets = ["report.html", "papers.csv", "references.csv", "works.csv"]
    snakemake = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]
    done = subprocess.run(
        [*snakemake, "--directory", str(folder), *[f"results/{name}" for name in targets]],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="session")
def embedded_review(tmp_path_factory) -> Path:
    """The review in refs/ (a copy, offline) run up to report.html and the tables, once for
    the whole session (tests/test_report_html.py, tests/test_review_identity.py). Read only:
    copy it to change it."""
    return built_once(tmp_path_factory, "embedded", _run_embedded_review)
