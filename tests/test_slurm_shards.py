"""Match and similarity in 3 shards through profiles/slurm/: the bytes of one local job.

Needs `sbatch` and a running cluster, like tests/test_slurm.py (its skip mark).
"""

from __future__ import annotations

from test_slurm import ROOT, pytestmark  # noqa: F401 (pytestmark: skip without sbatch)
from test_workflow import digest, snakemake
from test_workflow_shards import make_sharded_review


def test_shards_on_slurm_give_the_bytes_of_one_local_job(tmp_path):
    local, cluster = tmp_path / "local", tmp_path / "slurm"
    make_sharded_review(local, 1)
    make_sharded_review(cluster, 3)
    snakemake(local)
    profile = ["--profile", str(ROOT / "profiles" / "slurm")]
    # the test cluster has no accounting database; a job asks for at most the one node
    no_accounting = ["--slurm-status-command", "squeue", "--slurm-no-account"]
    done = snakemake(cluster, *profile, *no_accounting, "--resources", "mem_mb=16000")
    log = done.stdout + done.stderr
    for rule in ("match_shard", "similarity_shard"):  # each shard a job of the cluster
        assert log.count(f"rule {rule}:") == 3, rule
    assert "submitted with SLURM jobid" in log
    assert digest(local) == digest(cluster)
