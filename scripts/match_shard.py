"""Adapter for rule match_shard (also `refnet run match_shard`)."""

from refnet.stages import run_stage

run_stage("match_shard", snakemake)
