"""Adapter for rule match (also `refnet run match`)."""

from refnet.stages import run_stage

run_stage("match", snakemake)
