"""Adapter for rule similarity_shard (also `refnet run similarity_shard`)."""

from refnet.stages import run_stage

run_stage("similarity_shard", snakemake)
