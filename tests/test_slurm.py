"""The review through profiles/slurm/ on a real SLURM cluster, with match and similarity in
3 shards (each a cluster job), gives the bytes of one local run with one job each.

Needs `sbatch` and a running cluster (.ci/run starts a one-node one with
../shared/tools/slurm/start-slurm.sh); skips with the reason where `sbatch` is absent.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_workflow import digest
from test_workflow_shards import make_sharded_review, one_shard_run

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("sbatch") is None,
    reason="no SLURM here (sbatch is absent); .ci/run starts a one-node cluster",
)


def controller_answers() -> str:
    """ "" when the SLURM controller answers, else why not (sbatch alone would wait)."""
    try:
        done = subprocess.run(
            ["sinfo", "-h", "-o", "%a"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"sinfo: {exc}"
    return "" if done.returncode == 0 and "up" in done.stdout else (done.stderr or done.stdout)


def test_review_on_slurm_is_byte_identical_to_a_local_run(tmp_path, tmp_path_factory):
    # sbatch is here, so this must not skip; a controller that is down fails now, not after
    # the run's timeout
    why = controller_answers()
    assert not why, f"SLURM controller not up ({why.strip()}): ../shared/tools/slurm/start-slurm.sh"
    cluster = tmp_path / "slurm"
    make_sharded_review(cluster, 3)
    # the local run (tests/test_workflow_shards.py's) is made while the cluster's jobs queue
    with ThreadPoolExecutor(max_workers=1) as pool:
        local_run = pool.submit(one_shard_run, tmp_path_factory)
        done = run_on_slurm(cluster)
        local = local_run.result()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    submitted = done.stdout + done.stderr
    assert "submitted with SLURM jobid" in submitted
    assert "group_per_paper" in submitted  # the per-paper jobs went as one group job
    assert "localrule resolve" in submitted  # the network rule stayed on the submit host
    for rule in ("match_shard", "similarity_shard"):  # each shard a job of the cluster
        assert submitted.count(f"rule {rule}:") == 3, rule
    local_digest = digest(local)
    assert local_digest == digest(cluster)
    assert "bib/cited.bib" in local_digest and "report.md" in local_digest


def run_on_slurm(cluster: Path) -> subprocess.CompletedProcess:
    """The review in ``cluster`` through profiles/slurm on the test cluster."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "snakemake",
            "-s",
            str(ROOT / "Snakefile"),
            "--profile",
            str(ROOT / "profiles" / "slurm"),
            # the test cluster has no accounting database (see profiles/slurm/config.yaml)
            "--slurm-status-command",
            "squeue",
            "--slurm-no-account",
            # the plugin waits 40 s before its first status check, +10 s each idle check:
            # a one-node test cluster answers in a second
            "--slurm-init-seconds-before-status-checks",
            "2",
            # a group job asks for at most what the one test node has
            "--cores",
            "2",
            "--resources",
            "mem_mb=16000",
            "--directory",
            str(cluster),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
